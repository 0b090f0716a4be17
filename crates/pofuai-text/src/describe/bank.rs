//! Sentences the description enhancer adds, per language.
//!
//! Placeholders: `{name}`, `{name_acc}` (Turkish accusative of the name), `{category}`. A
//! template with `{category}` is only used when the product has one. Stock sentences avoid
//! common SEO words ("kaliteli", "quality") so they never push a keyword's density up.

use super::Detail;
use crate::Language;
use crate::copy::Rng;
use crate::product::Product;
use crate::turkish::{Case, WordKind, inflect_as};

pub(super) struct Bank {
    pub(super) intro: &'static [&'static str],
    pub(super) generic_benefits: &'static [&'static str],
    pub(super) cta: &'static [&'static str],
    pub(super) fillers: &'static [&'static str],
    pub(super) details_heading: &'static str,
    /// `{list}` is replaced by the keywords, joined with `and_word`.
    keyword: &'static str,
    and_word: &'static str,
    /// Benefit sentences keyed by attribute; `{v}` is the attribute's value.
    warranty: &'static str,
    material: &'static str,
    power: &'static str,
    capacity: &'static str,
}

pub(super) fn for_language(lang: Language) -> &'static Bank {
    match lang {
        Language::Tr => &TR,
        Language::En => &EN,
        Language::De => &DE,
        Language::Ar => &AR,
    }
}

/// Fills a template; `None` when it needs a category the product lacks.
pub(super) fn try_fill(
    template: &str,
    name: &str,
    category: Option<&str>,
    lang: Language,
) -> Option<String> {
    let mut s = template.to_string();
    if s.contains("{category}") {
        s = s.replace("{category}", category?);
    }
    if s.contains("{name_acc}") {
        let acc = if lang == Language::Tr {
            inflect_as(name, Case::Accusative, WordKind::Proper)
        } else {
            name.to_string()
        };
        s = s.replace("{name_acc}", &acc);
    }
    Some(lang.capitalise_sentence(&s.replace("{name}", name)))
}

/// Picks one of the templates that can be filled for this product.
pub(super) fn choose(
    rng: &mut Rng,
    templates: &[&str],
    name: &str,
    category: Option<&str>,
    lang: Language,
) -> String {
    let filled: Vec<String> = templates
        .iter()
        .filter_map(|t| try_fill(t, name, category, lang))
        .collect();
    if filled.is_empty() {
        return String::new();
    }
    let i = (rng.next() % filled.len() as u64) as usize;
    filled.into_iter().nth(i).unwrap_or_default()
}

/// Benefit sentences drawn from the attributes the engine understands.
pub(super) fn benefits(product: &Product, lang: Language) -> Vec<String> {
    let bank = for_language(lang);
    let mut out = Vec::new();
    let mut done = Vec::new();
    for a in &product.attributes {
        let value = a.value.trim();
        if value.is_empty() {
            continue;
        }
        let Some(detail) = super::detail_for(&a.key) else {
            continue;
        };
        if done.contains(&detail) {
            continue;
        }
        let template = match detail {
            Detail::Warranty => bank.warranty,
            Detail::Material => bank.material,
            Detail::Power => bank.power,
            Detail::Capacity => bank.capacity,
            _ => continue,
        };
        done.push(detail);
        out.push(lang.capitalise_sentence(&template.replace("{v}", value)));
    }
    out
}

/// One sentence naming all `keywords`.
pub(super) fn keyword_sentence(bank: &Bank, keywords: &[String], lang: Language) -> String {
    let list = match keywords {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {}", init.join(", "), bank.and_word, last),
    };
    lang.capitalise_sentence(&bank.keyword.replace("{list}", &list))
}

static TR: Bank = Bank {
    intro: &[
        "{name}, {category} kategorisinde şıklığı ve işlevselliği bir araya getiriyor.",
        "{name} ile tanışın: günlük hayatınızı kolaylaştıracak bir ürün.",
        "{name_acc} sizin için özenle seçtik.",
    ],
    generic_benefits: &[
        "Günlük kullanımda pratik ve güvenilir bir yardımcı.",
        "Kullanımı kolay, bakımı zahmetsiz.",
        "Şık tasarımı her ortama uyum sağlar.",
    ],
    cta: &[
        "{name_acc} hemen sepetinize ekleyin!",
        "Stoklar tükenmeden sipariş verin!",
        "Şimdi sipariş verin, kapınıza gelsin!",
    ],
    fillers: &[
        "{name}, günlük kullanımda pratiklik ve konfor sunar.",
        "Özenli paketleme ve hızlı kargo ile siparişiniz güvenle elinize ulaşır.",
        "{category} kategorisinde güvenilir bir seçenek arıyorsanız {name} tam size göre.",
        "Ürünle ilgili sorularınız için müşteri hizmetlerimiz her zaman yanınızda.",
        "Kolay iade ve güvenli ödeme seçenekleriyle gönül rahatlığıyla alışveriş yapın.",
        "Siparişinizi bugün verin, en kısa sürede kargoya teslim edelim.",
    ],
    details_heading: "Teknik Özellikler",
    keyword: "{list} arayanlar için ideal bir seçim.",
    and_word: "ve",
    warranty: "{v} garanti ile içiniz rahat olsun.",
    material: "{v} malzemesi sayesinde uzun ömürlü kullanım sunar.",
    power: "{v} gücüyle hızlı ve verimli çalışır.",
    capacity: "{v} kapasitesiyle günlük ihtiyacınızı karşılar.",
};

static EN: Bank = Bank {
    intro: &[
        "{name} brings style and practicality together in {category}.",
        "Meet {name}: made to make everyday life easier.",
        "We picked {name} for you with care.",
    ],
    generic_benefits: &[
        "A practical, reliable companion for everyday use.",
        "Easy to use and effortless to maintain.",
        "Its sleek design fits in anywhere.",
    ],
    cta: &[
        "Add {name} to your cart today!",
        "Order before it sells out!",
        "Order now and have it delivered to your door!",
    ],
    fillers: &[
        "{name} offers convenience and comfort in everyday use.",
        "Careful packaging and fast shipping get your order to you safely.",
        "If you want a dependable choice in {category}, {name} is for you.",
        "Our customer service team is always here to answer your questions.",
        "Shop with peace of mind thanks to easy returns and secure payment.",
        "Order today and we will ship it as soon as possible.",
    ],
    details_heading: "Technical Details",
    keyword: "An ideal choice if you are looking for {list}.",
    and_word: "and",
    warranty: "Shop with confidence: {v} warranty.",
    material: "Made of {v} for long-lasting use.",
    power: "{v} of power for fast, efficient results.",
    capacity: "A capacity of {v} covers your daily needs.",
};

static DE: Bank = Bank {
    intro: &[
        "{name} verbindet Stil und Funktionalität in der Kategorie {category}.",
        "Lernen Sie {name} kennen: gemacht, um Ihren Alltag zu erleichtern.",
        "Wir haben {name} sorgfältig für Sie ausgewählt.",
    ],
    generic_benefits: &[
        "Ein praktischer, zuverlässiger Begleiter im Alltag.",
        "Einfach zu bedienen und mühelos zu pflegen.",
        "Das schlanke Design passt überall hin.",
    ],
    cta: &[
        "Legen Sie {name} noch heute in den Warenkorb!",
        "Bestellen Sie, solange der Vorrat reicht!",
        "Jetzt bestellen und bequem nach Hause liefern lassen!",
    ],
    fillers: &[
        "{name} bietet Komfort und Bequemlichkeit im Alltag.",
        "Sorgfältige Verpackung und schneller Versand bringen Ihre Bestellung sicher zu Ihnen.",
        "Wenn Sie eine verlässliche Wahl in der Kategorie {category} suchen, ist {name} genau richtig.",
        "Unser Kundenservice beantwortet gern all Ihre Fragen.",
        "Kaufen Sie entspannt dank einfacher Rückgabe und sicherer Zahlung.",
        "Bestellen Sie heute, wir versenden so schnell wie möglich.",
    ],
    details_heading: "Technische Details",
    keyword: "Die ideale Wahl, wenn Sie {list} suchen.",
    and_word: "und",
    warranty: "Sorglos einkaufen: {v} Garantie.",
    material: "Aus {v} gefertigt, für eine lange Lebensdauer.",
    power: "{v} Leistung für schnelle, effiziente Ergebnisse.",
    capacity: "Mit {v} Fassungsvermögen für den täglichen Bedarf.",
};

static AR: Bank = Bank {
    intro: &[
        "يجمع {name} بين الأناقة والعملية في فئة {category}.",
        "تعرّف على {name}: صُمّم ليجعل حياتك اليومية أسهل.",
        "اخترنا لك {name} بعناية.",
    ],
    generic_benefits: &[
        "رفيق عملي وموثوق للاستخدام اليومي.",
        "سهل الاستخدام وسهل العناية.",
        "تصميمه الأنيق يناسب كل مكان.",
    ],
    cta: &[
        "أضف {name} إلى سلتك اليوم!",
        "اطلب قبل نفاد الكمية!",
        "اطلب الآن ليصلك حتى باب منزلك!",
    ],
    fillers: &[
        "يوفّر {name} الراحة والسهولة في الاستخدام اليومي.",
        "تغليف دقيق وشحن سريع ليصلك طلبك بأمان.",
        "إذا كنت تبحث عن خيار موثوق في فئة {category} فإن {name} هو الأنسب لك.",
        "فريق خدمة العملاء جاهز دائماً للإجابة عن أسئلتك.",
        "تسوّق براحة بال مع إرجاع سهل ودفع آمن.",
        "اطلب اليوم وسنشحن طلبك في أسرع وقت.",
    ],
    details_heading: "المواصفات الفنية",
    keyword: "الخيار المثالي إذا كنت تبحث عن {list}.",
    and_word: "و",
    warranty: "تسوّق بثقة مع ضمان {v}.",
    material: "مصنوع من {v} ليدوم طويلاً.",
    power: "قدرة {v} لأداء سريع وفعّال.",
    capacity: "سعة {v} تلبي احتياجاتك اليومية.",
};
