//! Sentences the description enhancer adds, per language: the call to action, the heading of
//! the technical details and the keyword sentence. Everything else it adds states the product's
//! own facts (`crate::statements`). Placeholders: `{name}`, `{name_acc}` (Turkish accusative of
//! the name, TDK spelling). Nothing here promises shipping, packaging, returns or stock.

use crate::Language;

pub(super) struct Bank {
    pub(super) cta: &'static [&'static str],
    pub(super) details_heading: &'static str,
    /// `{list}` is replaced by the keywords, joined with `and_word`.
    keyword: &'static str,
    and_word: &'static str,
}

pub(super) fn for_language(lang: Language) -> &'static Bank {
    match lang {
        Language::Tr => &TR,
        Language::En => &EN,
        Language::De => &DE,
        Language::Ar => &AR,
    }
}

/// One sentence naming all `keywords`.
pub(super) fn keyword_sentence(bank: &Bank, keywords: &[String], lang: Language) -> String {
    let list = crate::statements::join_list(keywords, bank.and_word, lang);
    lang.capitalise_sentence(&bank.keyword.replace("{list}", &list))
}

static TR: Bank = Bank {
    cta: &[
        "{name_acc} hemen sepetinize ekleyin!",
        "{name_acc} şimdi sipariş edin!",
    ],
    details_heading: "Teknik Özellikler",
    keyword: "{list} arayanlar için ideal bir seçim.",
    and_word: "ve",
};

static EN: Bank = Bank {
    cta: &["Add {name} to your cart today!", "Order {name} now!"],
    details_heading: "Technical Details",
    keyword: "An ideal choice if you are looking for {list}.",
    and_word: "and",
};

static DE: Bank = Bank {
    cta: &[
        "Legen Sie {name} noch heute in den Warenkorb!",
        "Bestellen Sie {name} jetzt!",
    ],
    details_heading: "Technische Details",
    keyword: "Die ideale Wahl, wenn Sie {list} suchen.",
    and_word: "und",
};

static AR: Bank = Bank {
    cta: &["أضف {name} إلى سلتك اليوم!", "اطلب {name} الآن!"],
    details_heading: "المواصفات الفنية",
    keyword: "الخيار المثالي إذا كنت تبحث عن {list}.",
    and_word: "و",
};
