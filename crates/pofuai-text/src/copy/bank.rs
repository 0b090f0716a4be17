//! Phrase banks: several templates per slot, per language and tone.
//!
//! Placeholders: `{name}`, `{name_acc}`, `{name_dat}`, `{name_gen}` (Turkish case forms of the
//! product name; equal to `{name}` elsewhere), `{category}`, `{audience}`, `{audience_dat}`,
//! `{attributes}`, `{price}`, `{old_price}`, `{discount}`. A template whose placeholder has no
//! value for a product is skipped.

use super::Tone;
use crate::Language;

/// Templates for one language.
pub(super) struct Bank {
    headline: [&'static [&'static str]; 3],
    intro: [&'static [&'static str]; 3],
    pub(super) attributes: &'static [&'static str],
    pub(super) audience: &'static [&'static str],
    pub(super) discount: &'static [&'static str],
    pub(super) price: &'static [&'static str],
    cta: [&'static [&'static str]; 3],
    tags: [&'static [&'static str]; 3],
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
    pub(super) fn tags(&self, tone: Tone) -> &'static [&'static str] {
        self.tags[tone_index(tone)]
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
            "🔥 {name} şimdi {price}!",
            "Kaçırmayın: {name} stokta!",
            "{name} ile fark yaratın!",
            "Fırsat: {name_acc} kaçırmayın!",
            "{audience_dat} özel fırsat: {name}",
        ],
        &[
            "{name}: bilmeniz gerekenler",
            "{name} hakkında her şey",
            "Yeni: {name}",
            "{category} kategorisinde öne çıkan: {name}",
        ],
        &[
            "{name}: ayrıcalığın yeni tanımı",
            "Zarafet ve kalite bir arada: {name}",
            "Seçkin bir deneyim: {name}",
        ],
    ],
    intro: [
        &[
            "{name_acc} hemen keşfedin; {category} alışverişinde aradığınız fırsat burada.",
            "{name} ile günlük hayatınızı kolaylaştırın.",
            "Herkesin konuştuğu {name} şimdi sepetinize bir tık uzaklıkta.",
            "Stoklar sınırlı, {name_acc} kaçırmayın!",
        ],
        &[
            "{name}, {category} kategorisinde işlevsellik ve dayanıklılığı bir araya getiriyor.",
            "{name_gen} öne çıkan özelliklerini sizin için derledik.",
            "{name} hakkında bilmeniz gereken her şey bu gönderide.",
        ],
        &[
            "{name}, özenle seçilmiş malzemeleri ve kusursuz işçiliğiyle fark yaratıyor.",
            "{name_acc} deneyimleyin: incelikli tasarım, üstün performans.",
            "Sıradanlığın ötesinde bir seçim: {name}.",
        ],
    ],
    attributes: &[
        "Öne çıkan özellikler: {attributes}.",
        "Teknik detaylar: {attributes}.",
    ],
    audience: &[
        "Özellikle {audience} için tasarlandı.",
        "{audience_dat} özel bir seçim.",
        "{audience} için ideal bir tercih.",
    ],
    discount: &[
        "Şimdi {old_price} yerine sadece {price}: tam %{discount} indirim!",
        "%{discount} indirimle yalnızca {price} (eski fiyat: {old_price}).",
    ],
    price: &[
        "Fiyatı yalnızca {price}.",
        "Üstelik sadece {price}.",
        "Hepsi {price} fiyatla.",
    ],
    cta: [
        &[
            "Hemen sipariş verin!",
            "Stoklar tükenmeden sepete ekleyin!",
            "{name_acc} hemen sepete ekleyin!",
        ],
        &[
            "Detaylar için profilimizdeki bağlantıya göz atın.",
            "Daha fazla bilgi için bize mesaj gönderin.",
            "Ürün sayfasını ziyaret ederek tüm özellikleri inceleyin.",
        ],
        &[
            "{name_acc} bugün keşfedin.",
            "Ayrıcalığı şimdi yaşayın.",
            "Koleksiyonu keşfetmek için hemen tıklayın.",
        ],
    ],
    tags: [
        &["indirim", "fırsat", "kampanya"],
        &["yeni ürün", "ürün inceleme"],
        &["premium", "kalite", "lüks"],
    ],
};

static EN: Bank = Bank {
    headline: [
        &[
            "🔥 {name}, now just {price}!",
            "Don't miss out: {name} is in stock!",
            "Make a difference with {name}!",
            "Deal alert: {name}",
        ],
        &[
            "{name}: what you need to know",
            "All about {name}",
            "New: {name}",
            "Standout pick in {category}: {name}",
        ],
        &[
            "{name}: luxury, redefined",
            "Elegance meets quality: {name}",
            "An exceptional experience: {name}",
        ],
    ],
    intro: [
        &[
            "Discover {name} today: the {category} deal you have been waiting for.",
            "Make everyday life easier with {name}.",
            "Everyone is talking about {name}, and it is one click from your cart.",
            "Stock is limited, so don't miss {name}!",
        ],
        &[
            "{name} brings practicality and durability together in {category}.",
            "We have gathered the key features of {name} for you.",
            "Everything you need to know about {name} is in this post.",
        ],
        &[
            "{name} stands out with carefully chosen materials and flawless craftsmanship.",
            "Experience {name}: refined design, superior performance.",
            "A choice beyond the ordinary: {name}.",
        ],
    ],
    attributes: &[
        "Key features: {attributes}.",
        "Technical details: {attributes}.",
    ],
    audience: &[
        "Designed especially for {audience}.",
        "The ideal choice for {audience}.",
        "A perfect match for {audience}.",
    ],
    discount: &[
        "Now only {price} instead of {old_price}: {discount}% off!",
        "Save {discount}%: just {price} (was {old_price}).",
    ],
    price: &[
        "Only {price}.",
        "All this for just {price}.",
        "Available now for {price}.",
    ],
    cta: [
        &[
            "Order now!",
            "Add it to your cart before it sells out!",
            "Get {name} today!",
        ],
        &[
            "See the link in our bio for details.",
            "Send us a message to learn more.",
            "Visit the product page for the full specifications.",
        ],
        &[
            "Discover {name} today.",
            "Experience the difference now.",
            "Explore the collection now.",
        ],
    ],
    tags: [
        &["sale", "deal", "shop now"],
        &["new product", "product review"],
        &["premium", "luxury", "quality"],
    ],
};

static DE: Bank = Bank {
    headline: [
        &[
            "🔥 {name} jetzt für {price}!",
            "Nicht verpassen: {name} ist auf Lager!",
            "Sichern Sie sich {name}!",
            "Angebot: {name}",
        ],
        &[
            "{name}: Das sollten Sie wissen",
            "Alles über {name}",
            "Neu: {name}",
            "Highlight in {category}: {name}",
        ],
        &[
            "{name}: Luxus neu definiert",
            "Eleganz trifft Qualität: {name}",
            "Ein besonderes Erlebnis: {name}",
        ],
    ],
    intro: [
        &[
            "Entdecken Sie {name}, das Angebot in {category}, auf das Sie gewartet haben.",
            "Mit {name} wird Ihr Alltag einfacher.",
            "Alle reden über {name}, und es ist nur einen Klick von Ihrem Warenkorb entfernt.",
            "Nur solange der Vorrat reicht: {name}!",
        ],
        &[
            "{name} vereint Funktionalität und Langlebigkeit in der Kategorie {category}.",
            "Wir haben die wichtigsten Merkmale von {name} für Sie zusammengefasst.",
            "Hier erfahren Sie alles Wichtige über {name}.",
        ],
        &[
            "{name} überzeugt mit sorgfältig ausgewählten Materialien und makelloser Verarbeitung.",
            "Erleben Sie {name}: raffiniertes Design, herausragende Leistung.",
            "Eine Wahl jenseits des Gewöhnlichen: {name}.",
        ],
    ],
    attributes: &[
        "Die wichtigsten Merkmale: {attributes}.",
        "Technische Details: {attributes}.",
    ],
    audience: &[
        "Speziell für {audience} entwickelt.",
        "Die ideale Wahl für {audience}.",
        "Perfekt für {audience}.",
    ],
    discount: &[
        "Jetzt nur {price} statt {old_price}: {discount} % Rabatt!",
        "{discount} % sparen: nur {price} (vorher {old_price}).",
    ],
    price: &[
        "Für nur {price}.",
        "Und das alles für {price}.",
        "Jetzt erhältlich für {price}.",
    ],
    cta: [
        &[
            "Jetzt bestellen!",
            "Schnell in den Warenkorb, solange der Vorrat reicht!",
            "Sichern Sie sich {name} noch heute!",
        ],
        &[
            "Mehr Details über den Link in unserem Profil.",
            "Schreiben Sie uns für weitere Informationen.",
            "Alle Merkmale finden Sie auf der Produktseite.",
        ],
        &[
            "Entdecken Sie {name} noch heute.",
            "Erleben Sie Exklusivität jetzt.",
            "Entdecken Sie jetzt die Kollektion.",
        ],
    ],
    tags: [
        &["Angebot", "Rabatt", "Sale"],
        &["Neuheit", "Produkttest"],
        &["Premium", "Luxus", "Design"],
    ],
};

static AR: Bank = Bank {
    headline: [
        &[
            "🔥 {name} الآن بسعر {price}!",
            "لا تفوّت الفرصة: {name} متوفر الآن!",
            "عرض خاص على {name}!",
        ],
        &[
            "{name}: كل ما تحتاج معرفته",
            "تعرّف على {name}",
            "جديد: {name}",
        ],
        &[
            "{name}: الفخامة بمعناها الجديد",
            "أناقة وجودة: {name}",
            "تجربة استثنائية مع {name}",
        ],
    ],
    intro: [
        &[
            "اكتشف {name} الآن واستمتع بأفضل عروض {category}.",
            "{name} يجعل حياتك اليومية أسهل.",
            "الكمية محدودة، اطلب {name} قبل نفاد المخزون!",
        ],
        &[
            "يجمع {name} بين الأداء العملي والمتانة في فئة {category}.",
            "جمعنا لك أبرز مزايا {name}.",
            "إليك كل ما تريد معرفته عن {name}.",
        ],
        &[
            "يتميز {name} بخامات منتقاة بعناية وصناعة متقنة.",
            "عِش تجربة {name}: تصميم راقٍ وأداء فائق.",
            "اختيار يتجاوز المألوف: {name}.",
        ],
    ],
    attributes: &[
        "أبرز المواصفات: {attributes}.",
        "التفاصيل الفنية: {attributes}.",
    ],
    audience: &[
        "صُمّم خصيصاً لـ{audience}.",
        "الخيار المثالي لـ{audience}.",
        "مناسب تماماً لـ{audience}.",
    ],
    discount: &[
        "الآن بسعر {price} بدلاً من {old_price}، خصم {discount}%!",
        "وفّر {discount}%: {price} فقط (السعر السابق {old_price}).",
    ],
    price: &[
        "السعر {price} فقط.",
        "كل ذلك مقابل {price}.",
        "متوفر الآن بسعر {price}.",
    ],
    cta: [
        &[
            "اطلب الآن!",
            "أضفه إلى السلة قبل نفاد الكمية!",
            "تسوّق الآن واستفد من العرض!",
        ],
        &[
            "لمزيد من التفاصيل، زر الرابط في الملف الشخصي.",
            "راسلنا لمعرفة المزيد.",
            "اطّلع على جميع المواصفات في صفحة المنتج.",
        ],
        &[
            "اكتشف {name} اليوم.",
            "عِش الفخامة الآن.",
            "اكتشف المجموعة الآن.",
        ],
    ],
    tags: [&["تخفيضات", "عروض"], &["منتج جديد"], &["فخامة", "جودة"]],
};
