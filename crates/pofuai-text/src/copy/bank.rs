//! Phrase banks: several templates per slot, per language and tone.
//!
//! Placeholders: `{name}`, `{name_acc}`, `{name_dat}`, `{name_gen}` (Turkish case forms of the
//! product name in TDK spelling; equal to `{name}` elsewhere), `{brand}`, `{category}` (in the
//! output language), `{audience}`, `{audience_dat}`, `{price}`, `{old_price}`, `{discount}`
//! (only with a real reduction), `{low_stock}` (only with 1–5 units left). A template whose
//! placeholder has no value for a product is skipped: that is how every claim stays gated on
//! the data that supports it (see `crate::claims`). No template promises shipping, packaging,
//! reviews, popularity or quality the data cannot show.

use super::Tone;
use crate::Language;

/// Templates for one language.
pub(super) struct Bank {
    headline: [&'static [&'static str]; 3],
    intro: [&'static [&'static str]; 3],
    pub(super) audience: &'static [&'static str],
    pub(super) discount: &'static [&'static str],
    /// Tags a post with a real discount may carry.
    pub(super) discount_tags: &'static [&'static str],
    pub(super) price: &'static [&'static str],
    cta: [&'static [&'static str]; 3],
}

fn tone_index(tone: Tone) -> usize {
    match tone {
        Tone::SalesFocused => 0,
        Tone::Informative => 1,
        Tone::Premium => 2,
    }
}

impl Bank {
    pub(super) fn headline(&self, tone: Tone) -> &'static [&'static str] {
        self.headline[tone_index(tone)]
    }
    pub(super) fn intro(&self, tone: Tone) -> &'static [&'static str] {
        self.intro[tone_index(tone)]
    }
    pub(super) fn cta(&self, tone: Tone) -> &'static [&'static str] {
        self.cta[tone_index(tone)]
    }
}

pub(super) fn for_language(lang: Language) -> &'static Bank {
    match lang {
        Language::Tr => &TR,
        Language::En => &EN,
        Language::De => &DE,
        Language::Ar => &AR,
    }
}

static TR: Bank = Bank {
    headline: [
        &[
            "{name}: %{discount} indirim!",
            "Kaçırmayın: {name} %{discount} indirimde!",
            "{audience_dat} özel: {name}",
            "{name} ile tanışın!",
            "{brand} imzalı {name}",
        ],
        &[
            "{name}: bilmeniz gerekenler",
            "{name} hakkında her şey",
            "Yakından bakın: {name}",
            "{category} kategorisinden: {name}",
        ],
        &[
            "{name}: sade ve özenli",
            "Seçkin bir parça: {name}",
            "{brand} imzasıyla {name}",
        ],
    ],
    intro: [
        &[
            "{name_acc} hemen keşfedin.",
            "{name_acc} sepetinize eklemeye ne dersiniz?",
            "Stokta son {low_stock} ürün: {name_acc} kaçırmayın!",
        ],
        &[
            "{name_gen} öne çıkan özelliklerini sizin için derledik.",
            "{name} hakkında bilmeniz gerekenler bu gönderide.",
        ],
        &[
            "{name_acc} yakından tanıyın.",
            "{name}, detaylara önem verenler için.",
        ],
    ],
    audience: &[
        "Özellikle {audience} için tasarlandı.",
        "{audience_dat} özel bir seçim.",
        "{audience} için ideal bir tercih.",
    ],
    discount: &[
        "Şimdi {old_price} yerine {price}: %{discount} indirim.",
        "%{discount} indirimle {price} (eski fiyatı {old_price}).",
    ],
    discount_tags: &["indirim", "fırsat"],
    price: &["Fiyatı {price}.", "{name_gen} fiyatı {price}."],
    cta: [
        &[
            "Hemen sipariş verin!",
            "{name_acc} hemen sepete ekleyin!",
            "Stokta son {low_stock} ürün, hemen sipariş verin!",
        ],
        &[
            "Detaylar için profilimizdeki bağlantıya göz atın.",
            "Daha fazla bilgi için bize mesaj gönderin.",
            "Ürün sayfasını ziyaret ederek tüm özellikleri inceleyin.",
        ],
        &[
            "{name_acc} bugün keşfedin.",
            "Koleksiyonu keşfetmek için hemen tıklayın.",
        ],
    ],
};

static EN: Bank = Bank {
    headline: [
        &[
            "{name}: {discount}% off!",
            "Don't miss {name}, now {discount}% off!",
            "Made for {audience}: {name}",
            "Meet {name}!",
            "{name} by {brand}",
        ],
        &[
            "{name}: what you need to know",
            "All about {name}",
            "A closer look: {name}",
            "From our {category} range: {name}",
        ],
        &[
            "{name}: simple and refined",
            "A distinctive piece: {name}",
            "{name}, signed by {brand}",
        ],
    ],
    intro: [
        &[
            "Discover {name} today.",
            "Ready to add {name} to your cart?",
            "Only {low_stock} left in stock: don't miss {name}!",
        ],
        &[
            "Here are the key features of {name}.",
            "Everything you need to know about {name} is in this post.",
        ],
        &[
            "Get to know {name} up close.",
            "{name}, for those who care about details.",
        ],
    ],
    audience: &[
        "Designed especially for {audience}.",
        "A great choice for {audience}.",
        "Made with {audience} in mind.",
    ],
    discount: &[
        "Now {price} instead of {old_price}: {discount}% off.",
        "Save {discount}%: {price} (was {old_price}).",
    ],
    discount_tags: &["sale", "deal"],
    price: &["Price: {price}.", "{name} costs {price}."],
    cta: [
        &[
            "Order now!",
            "Get {name} today!",
            "Only {low_stock} left, order now!",
        ],
        &[
            "See the link in our bio for details.",
            "Send us a message to learn more.",
            "Visit the product page for the full specifications.",
        ],
        &["Discover {name} today.", "Explore the collection now."],
    ],
};

static DE: Bank = Bank {
    headline: [
        &[
            "{name}: {discount} % Rabatt!",
            "Nicht verpassen: {name} mit {discount} % Rabatt!",
            "Für {audience}: {name}",
            "Lernen Sie {name} kennen!",
            "{name} von {brand}",
        ],
        &[
            "{name}: Das sollten Sie wissen",
            "Alles über {name}",
            "Im Detail: {name}",
            "Aus unserem Bereich {category}: {name}",
        ],
        &[
            "{name}: schlicht und raffiniert",
            "Ein besonderes Stück: {name}",
            "{name}, gezeichnet von {brand}",
        ],
    ],
    intro: [
        &[
            "Entdecken Sie {name} noch heute.",
            "Bereit für {name} in Ihrem Warenkorb?",
            "Nur noch {low_stock} Stück auf Lager: {name} nicht verpassen!",
        ],
        &[
            "Wir haben die wichtigsten Merkmale von {name} für Sie zusammengefasst.",
            "Hier erfahren Sie alles Wichtige über {name}.",
        ],
        &[
            "Lernen Sie {name} aus der Nähe kennen.",
            "{name}, für alle, die auf Details achten.",
        ],
    ],
    audience: &[
        "Speziell für {audience} entwickelt.",
        "Eine gute Wahl für {audience}.",
        "Gemacht für {audience}.",
    ],
    discount: &[
        "Jetzt {price} statt {old_price}: {discount} % Rabatt.",
        "{discount} % sparen: {price} (vorher {old_price}).",
    ],
    discount_tags: &["Angebot", "Rabatt"],
    price: &["Preis: {price}.", "{name} kostet {price}."],
    cta: [
        &[
            "Jetzt bestellen!",
            "Sichern Sie sich {name} noch heute!",
            "Nur noch {low_stock} Stück, jetzt bestellen!",
        ],
        &[
            "Mehr Details über den Link in unserem Profil.",
            "Schreiben Sie uns für weitere Informationen.",
            "Alle Merkmale finden Sie auf der Produktseite.",
        ],
        &[
            "Entdecken Sie {name} noch heute.",
            "Entdecken Sie jetzt die Kollektion.",
        ],
    ],
};

static AR: Bank = Bank {
    headline: [
        &[
            "{name}: خصم {discount}%!",
            "لا تفوّت {name} بخصم {discount}%!",
            "خصيصاً لـ{audience}: {name}",
            "تعرّف على {name}!",
            "{name} من {brand}",
        ],
        &[
            "{name}: كل ما تحتاج معرفته",
            "نظرة قريبة على {name}",
            "من تشكيلة {category}: {name}",
        ],
        &[
            "{name}: بساطة وأناقة",
            "قطعة مميزة: {name}",
            "{name} بتوقيع {brand}",
        ],
    ],
    intro: [
        &[
            "اكتشف {name} اليوم.",
            "هل أنت مستعد لإضافة {name} إلى سلتك؟",
            "بقي {low_stock} فقط في المخزون: لا تفوّت {name}!",
        ],
        &[
            "جمعنا لك أبرز مزايا {name}.",
            "إليك كل ما تريد معرفته عن {name}.",
        ],
        &["تعرّف على {name} عن قرب.", "{name} لمن يهتم بالتفاصيل."],
    ],
    audience: &[
        "صُمّم خصيصاً لـ{audience}.",
        "خيار مناسب لـ{audience}.",
        "مصنوع مع مراعاة احتياجات {audience}.",
    ],
    discount: &[
        "الآن بسعر {price} بدلاً من {old_price}، خصم {discount}%.",
        "وفّر {discount}%: {price} (السعر السابق {old_price}).",
    ],
    discount_tags: &["تخفيضات", "عروض"],
    price: &["السعر {price}.", "سعر {name} هو {price}."],
    cta: [
        &[
            "اطلب الآن!",
            "احصل على {name} اليوم!",
            "بقي {low_stock} فقط، اطلب الآن!",
        ],
        &[
            "لمزيد من التفاصيل، زر الرابط في الملف الشخصي.",
            "راسلنا لمعرفة المزيد.",
            "اطّلع على جميع المواصفات في صفحة المنتج.",
        ],
        &["اكتشف {name} اليوم.", "اكتشف المجموعة الآن."],
    ],
};
