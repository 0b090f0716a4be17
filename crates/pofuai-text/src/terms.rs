//! The term table: the catalogue's categories, attribute names and attribute values in every
//! language the engine writes, so English, German and Arabic copy never pastes Turkish words.
//!
//! Built-in entries cover the vocabulary of a Turkish general store (colours, materials, units,
//! the usual categories and attribute names); a seller adds their own with [`Term`] (carried on
//! [`crate::Product::terms`]). A value with a word neither table knows is left out of non-Turkish
//! text rather than pasted in Turkish: numbers, units, acronyms (RFID, AMOLED) and a few
//! international words (Bluetooth) pass through unchanged.

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::turkish::{fold_to_ascii, tr_lowercase};

/// A seller's own translation of one Turkish term (a category, attribute name or value).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    /// The Turkish term as the seller writes it ("Kilim deseni").
    pub tr: String,
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default)]
    pub de: Option<String>,
    #[serde(default)]
    pub ar: Option<String>,
}

impl Term {
    fn get(&self, lang: Language) -> Option<&str> {
        match lang {
            Language::Tr => Some(self.tr.as_str()),
            Language::En => self.en.as_deref(),
            Language::De => self.de.as_deref(),
            Language::Ar => self.ar.as_deref(),
        }
        .map(str::trim)
        .filter(|t| !t.is_empty())
    }
}

/// A category the engine has sentences for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CategoryKind {
    Electronics,
    Home,
    Kitchen,
    Clothing,
    Cosmetics,
    Sports,
    Toys,
    Books,
}

/// (kind, folded aliases, [tr, en, de, ar] names as used inside a sentence).
const CATEGORIES: &[(CategoryKind, &[&str], [&str; 4])] = &[
    (
        CategoryKind::Electronics,
        &["elektronik", "electronics", "elektronik urunler"],
        ["elektronik", "electronics", "Elektronik", "الإلكترونيات"],
    ),
    (
        CategoryKind::Home,
        &[
            "ev & yasam",
            "ev ve yasam",
            "ev",
            "home",
            "home & living",
            "ev tekstili",
        ],
        ["ev & yaşam", "home & living", "Wohnen", "المنزل"],
    ),
    (
        CategoryKind::Kitchen,
        &["mutfak", "kitchen", "mutfak gerecleri"],
        ["mutfak", "kitchen", "Küche", "المطبخ"],
    ),
    (
        CategoryKind::Clothing,
        &["giyim", "clothing", "moda", "giyim & aksesuar"],
        ["giyim", "clothing", "Bekleidung", "الملابس"],
    ),
    (
        CategoryKind::Cosmetics,
        &["kozmetik", "cosmetics", "kisisel bakim", "guzellik"],
        ["kozmetik", "cosmetics", "Kosmetik", "مستحضرات التجميل"],
    ),
    (
        CategoryKind::Sports,
        &["spor", "sports", "spor & outdoor", "outdoor"],
        ["spor", "sports", "Sport", "الرياضة"],
    ),
    (
        CategoryKind::Toys,
        &["oyuncak", "toys", "oyun"],
        ["oyuncak", "toys", "Spielzeug", "الألعاب"],
    ),
    (
        CategoryKind::Books,
        &["kitap", "books", "kitaplar"],
        ["kitap", "books", "Bücher", "الكتب"],
    ),
];

/// A canonical attribute: what a seller's key ("Garanti Süresi", "warranty") means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum AttrKind {
    Brand,
    Model,
    Dimensions,
    Weight,
    Material,
    Fabric,
    Color,
    Power,
    Voltage,
    Capacity,
    Volume,
    Warranty,
    Origin,
    Pages,
    Language,
    Age,
    Pieces,
    Battery,
    Connectivity,
    Screen,
    WaterResistance,
    WaterColumn,
    Output,
    Suction,
    RunTime,
    Diameter,
    Height,
    Length,
    Thickness,
    Base,
    Coating,
    Fit,
    Protection,
    Ingredients,
    SkinType,
    Size,
    Pattern,
    Strap,
    Scent,
    Cover,
    Set,
}

/// (kind, aliases in any language, [tr, en, de, ar] labels).
const ATTRS: &[(AttrKind, &[&str], [&str; 4])] = &[
    (
        AttrKind::Brand,
        &["marka", "brand", "marke", "العلامة التجارية"],
        ["Marka", "Brand", "Marke", "العلامة التجارية"],
    ),
    (
        AttrKind::Model,
        &["model", "modell", "model no", "الطراز", "الموديل"],
        ["Model", "Model", "Modell", "الطراز"],
    ),
    (
        AttrKind::Dimensions,
        &[
            "boyut",
            "boyutlar",
            "olcu",
            "olculer",
            "dimensions",
            "dimension",
            "abmessungen",
            "masse",
            "الأبعاد",
        ],
        ["Boyutlar", "Dimensions", "Abmessungen", "الأبعاد"],
    ),
    (
        AttrKind::Weight,
        &["agirlik", "toplam agirlik", "weight", "gewicht", "الوزن"],
        ["Ağırlık", "Weight", "Gewicht", "الوزن"],
    ),
    (
        AttrKind::Material,
        &[
            "malzeme",
            "materyal",
            "material",
            "werkstoff",
            "المادة",
            "الخامة",
        ],
        ["Malzeme", "Material", "Material", "المادة"],
    ),
    (
        AttrKind::Fabric,
        &["kumas", "fabric", "stoff", "القماش"],
        ["Kumaş", "Fabric", "Stoff", "القماش"],
    ),
    (
        AttrKind::Color,
        &["renk", "color", "colour", "farbe", "اللون"],
        ["Renk", "Color", "Farbe", "اللون"],
    ),
    (
        AttrKind::Power,
        &["guc", "power", "watt", "leistung", "القدرة", "الطاقة"],
        ["Güç", "Power", "Leistung", "القدرة"],
    ),
    (
        AttrKind::Voltage,
        &["voltaj", "gerilim", "voltage", "spannung", "الجهد"],
        ["Voltaj", "Voltage", "Spannung", "الجهد"],
    ),
    (
        AttrKind::Capacity,
        &[
            "kapasite",
            "capacity",
            "kapazitat",
            "fassungsvermogen",
            "السعة",
        ],
        ["Kapasite", "Capacity", "Kapazität", "السعة"],
    ),
    (
        AttrKind::Volume,
        &["hacim", "hazne", "volume", "tank", "volumen", "الحجم"],
        ["Hacim", "Volume", "Volumen", "الحجم"],
    ),
    (
        AttrKind::Warranty,
        &[
            "garanti",
            "garanti suresi",
            "warranty",
            "guarantee",
            "garantie",
            "الضمان",
        ],
        ["Garanti", "Warranty", "Garantie", "الضمان"],
    ),
    (
        AttrKind::Origin,
        &[
            "mensei",
            "uretim yeri",
            "origin",
            "country of origin",
            "herkunft",
            "herkunftsland",
            "بلد المنشأ",
        ],
        ["Menşei", "Country of origin", "Herkunftsland", "بلد المنشأ"],
    ),
    (
        AttrKind::Pages,
        &["sayfa", "sayfa sayisi", "pages", "seiten", "عدد الصفحات"],
        ["Sayfa", "Pages", "Seiten", "عدد الصفحات"],
    ),
    (
        AttrKind::Language,
        &["dil", "language", "sprache", "اللغة"],
        ["Dil", "Language", "Sprache", "اللغة"],
    ),
    (
        AttrKind::Age,
        &["yas", "yas grubu", "age", "alter", "العمر"],
        ["Yaş", "Age", "Alter", "العمر"],
    ),
    (
        AttrKind::Pieces,
        &[
            "parca",
            "parca sayisi",
            "adet",
            "pieces",
            "teile",
            "stuck",
            "عدد القطع",
        ],
        ["Parça", "Pieces", "Teile", "عدد القطع"],
    ),
    (
        AttrKind::Battery,
        &["pil", "pil omru", "batarya", "battery", "akku", "البطارية"],
        ["Pil", "Battery", "Akku", "البطارية"],
    ),
    (
        AttrKind::Connectivity,
        &["baglanti", "connectivity", "verbindung", "الاتصال"],
        ["Bağlantı", "Connectivity", "Verbindung", "الاتصال"],
    ),
    (
        AttrKind::Screen,
        &["ekran", "screen", "display", "الشاشة"],
        ["Ekran", "Screen", "Display", "الشاشة"],
    ),
    (
        AttrKind::WaterResistance,
        &[
            "su gecirmezlik",
            "su gecirmezligi",
            "water resistance",
            "wasserdichtigkeit",
            "مقاومة الماء",
        ],
        [
            "Su geçirmezlik",
            "Water resistance",
            "Wasserdichtigkeit",
            "مقاومة الماء",
        ],
    ),
    (
        AttrKind::WaterColumn,
        &["su sutunu", "water column", "wassersaule", "عمود الماء"],
        ["Su sütunu", "Water column", "Wassersäule", "عمود الماء"],
    ),
    (
        AttrKind::Output,
        &["cikis", "cikis gucu", "output", "ausgang", "الخرج"],
        ["Çıkış", "Output", "Ausgang", "الخرج"],
    ),
    (
        AttrKind::Suction,
        &[
            "emis gucu",
            "suction",
            "suction power",
            "saugleistung",
            "قوة الشفط",
        ],
        ["Emiş gücü", "Suction power", "Saugleistung", "قوة الشفط"],
    ),
    (
        AttrKind::RunTime,
        &[
            "calisma",
            "calisma suresi",
            "run time",
            "laufzeit",
            "مدة التشغيل",
        ],
        ["Çalışma süresi", "Run time", "Laufzeit", "مدة التشغيل"],
    ),
    (
        AttrKind::Diameter,
        &["cap", "diameter", "durchmesser", "القطر"],
        ["Çap", "Diameter", "Durchmesser", "القطر"],
    ),
    (
        AttrKind::Height,
        &["yukseklik", "height", "hohe", "الارتفاع"],
        ["Yükseklik", "Height", "Höhe", "الارتفاع"],
    ),
    (
        AttrKind::Length,
        &["uzunluk", "length", "lange", "الطول"],
        ["Uzunluk", "Length", "Länge", "الطول"],
    ),
    (
        AttrKind::Thickness,
        &["kalinlik", "thickness", "dicke", "السماكة"],
        ["Kalınlık", "Thickness", "Dicke", "السماكة"],
    ),
    (
        AttrKind::Base,
        &["taban", "base", "boden", "القاعدة"],
        ["Taban", "Base", "Boden", "القاعدة"],
    ),
    (
        AttrKind::Coating,
        &["kaplama", "coating", "beschichtung", "الطلاء"],
        ["Kaplama", "Coating", "Beschichtung", "الطلاء"],
    ),
    (
        AttrKind::Fit,
        &["kalip", "fit", "passform", "القصة"],
        ["Kalıp", "Fit", "Passform", "القصة"],
    ),
    (
        AttrKind::Protection,
        &["koruma", "protection", "schutz", "الحماية"],
        ["Koruma", "Protection", "Schutz", "الحماية"],
    ),
    (
        AttrKind::Ingredients,
        &[
            "icerik",
            "icindekiler",
            "ingredients",
            "inhaltsstoffe",
            "المكونات",
        ],
        ["İçerik", "Ingredients", "Inhaltsstoffe", "المكونات"],
    ),
    (
        AttrKind::SkinType,
        &["cilt tipi", "skin type", "hauttyp", "نوع البشرة"],
        ["Cilt tipi", "Skin type", "Hauttyp", "نوع البشرة"],
    ),
    (
        AttrKind::Size,
        &["beden", "boy", "boyutu", "size", "grosse", "المقاس"],
        ["Beden", "Size", "Größe", "المقاس"],
    ),
    (
        AttrKind::Pattern,
        &["desen", "pattern", "muster", "النقش"],
        ["Desen", "Pattern", "Muster", "النقش"],
    ),
    (
        AttrKind::Strap,
        &["kordon", "kayis", "strap", "armband", "السوار"],
        ["Kordon", "Strap", "Armband", "السوار"],
    ),
    (
        AttrKind::Scent,
        &["koku", "scent", "duft", "الرائحة"],
        ["Koku", "Scent", "Duft", "الرائحة"],
    ),
    (
        AttrKind::Cover,
        &["kapak", "cilt", "cover", "einband", "الغلاف"],
        ["Kapak", "Cover", "Einband", "الغلاف"],
    ),
    (
        AttrKind::Set,
        &["set", "set secenegi", "المجموعة"],
        ["Set", "Set", "Set", "المجموعة"],
    ),
];

/// Turkish words and phrases (lower-case) with their English, German and Arabic forms. `true`
/// marks a proper noun that keeps its capital in Turkish text ("Türkçe").
const WORDS: &[(&str, bool, [&str; 3])] = &[
    // Colours.
    ("siyah", false, ["black", "Schwarz", "أسود"]),
    ("beyaz", false, ["white", "Weiß", "أبيض"]),
    ("gümüş", false, ["silver", "Silber", "فضي"]),
    ("krem", false, ["cream", "Creme", "كريمي"]),
    ("kırmızı", false, ["red", "Rot", "أحمر"]),
    ("lacivert", false, ["navy blue", "Marineblau", "كحلي"]),
    ("gri", false, ["grey", "Grau", "رمادي"]),
    ("mint", false, ["mint", "Mint", "نعناعي"]),
    ("pudra", false, ["powder pink", "Puderrosa", "وردي فاتح"]),
    (
        "açık ahşap",
        false,
        ["light wood", "helles Holz", "خشب فاتح"],
    ),
    (
        "koyu ahşap",
        false,
        ["dark wood", "dunkles Holz", "خشب داكن"],
    ),
    ("bej", false, ["beige", "Beige", "بيج"]),
    ("kahverengi", false, ["brown", "Braun", "بني"]),
    ("bordo", false, ["burgundy", "Bordeaux", "عنابي"]),
    ("hardal", false, ["mustard", "Senfgelb", "خردلي"]),
    ("antrasit", false, ["anthracite", "Anthrazit", "فحمي"]),
    ("mor", false, ["purple", "Lila", "بنفسجي"]),
    ("yeşil", false, ["green", "Grün", "أخضر"]),
    ("haki", false, ["khaki", "Khaki", "كاكي"]),
    ("turuncu", false, ["orange", "Orange", "برتقالي"]),
    ("mavi", false, ["blue", "Blau", "أزرق"]),
    ("pembe", false, ["pink", "Rosa", "وردي"]),
    ("sarı", false, ["yellow", "Gelb", "أصفر"]),
    ("altın", false, ["gold", "Gold", "ذهبي"]),
    // Materials.
    (
        "paslanmaz çelik",
        false,
        ["stainless steel", "Edelstahl", "فولاذ مقاوم للصدأ"],
    ),
    ("çelik", false, ["steel", "Stahl", "فولاذ"]),
    ("bakır", false, ["copper", "Kupfer", "نحاس"]),
    ("yün", false, ["wool", "Wolle", "صوف"]),
    ("pamuk", false, ["cotton", "Baumwolle", "قطن"]),
    (
        "organik pamuk",
        false,
        ["organic cotton", "Bio-Baumwolle", "قطن عضوي"],
    ),
    ("bambu", false, ["bamboo", "Bambus", "خيزران"]),
    ("seramik", false, ["ceramic", "Keramik", "سيراميك"]),
    ("döküm demir", false, ["cast iron", "Gusseisen", "حديد زهر"]),
    ("cam", false, ["glass", "Glas", "زجاج"]),
    (
        "zeytin ağacı",
        false,
        ["olive wood", "Olivenholz", "خشب الزيتون"],
    ),
    ("ahşap", false, ["wood", "Holz", "خشب"]),
    (
        "hakiki deri",
        false,
        ["genuine leather", "Echtleder", "جلد طبيعي"],
    ),
    ("deri", false, ["leather", "Leder", "جلد"]),
    ("granit", false, ["granite", "Granit", "جرانيت"]),
    ("akrilik", false, ["acrylic", "Acryl", "أكريليك"]),
    ("silikon", false, ["silicone", "Silikon", "سيليكون"]),
    ("metal", false, ["metal", "Metall", "معدن"]),
    ("plastik", false, ["plastic", "Kunststoff", "بلاستيك"]),
    (
        "zeytinyağı",
        false,
        ["olive oil", "Olivenöl", "زيت الزيتون"],
    ),
    ("defne", false, ["bay laurel", "Lorbeer", "الغار"]),
    ("lavanta", false, ["lavender", "Lavendel", "لافندر"]),
    ("gül", false, ["rose", "Rose", "ورد"]),
    (
        "kokusuz",
        false,
        ["unscented", "unparfümiert", "بدون رائحة"],
    ),
    ("indüksiyon", false, ["induction", "Induktion", "الحث"]),
    // Kinds and sizes.
    ("karton", false, ["paperback", "Taschenbuch", "غلاف ورقي"]),
    ("ciltli", false, ["hardcover", "gebunden", "غلاف مقوى"]),
    ("sade", false, ["plain", "schlicht", "سادة"]),
    ("yaldızlı", false, ["gilded", "vergoldet", "مذهب"]),
    ("küçük", false, ["small", "klein", "صغير"]),
    ("orta", false, ["medium", "mittel", "متوسط"]),
    ("büyük", false, ["large", "groß", "كبير"]),
    ("standart", false, ["standard", "Standard", "قياسي"]),
    (
        "paspaslı",
        false,
        ["with mop", "mit Wischfunktion", "مع ممسحة"],
    ),
    ("uzun", false, ["long", "lang", "طويل"]),
    ("kısa", false, ["short", "kurz", "قصير"]),
    (
        "regular",
        false,
        ["regular fit", "Regular Fit", "قصة عادية"],
    ),
    ("slim", false, ["slim fit", "Slim Fit", "قصة ضيقة"]),
    (
        "tüm ciltler",
        false,
        ["all skin types", "alle Hauttypen", "جميع أنواع البشرة"],
    ),
    (
        "şarjlı",
        false,
        ["rechargeable", "wiederaufladbar", "قابل للشحن"],
    ),
    (
        "granit kaplama",
        false,
        ["granite coating", "Granitbeschichtung", "طلاء جرانيت"],
    ),
    ("türkçe", true, ["Turkish", "Türkisch", "التركية"]),
    ("ingilizce", true, ["English", "Englisch", "الإنجليزية"]),
];

/// Units read after a number: Turkish, then English singular and plural, German singular and
/// plural, Arabic.
const UNITS: &[(&str, [&str; 5])] = &[
    ("yıl", ["year", "years", "Jahr", "Jahre", "سنة"]),
    ("ay", ["month", "months", "Monat", "Monate", "شهر"]),
    ("saat", ["hour", "hours", "Stunde", "Stunden", "ساعة"]),
    ("dk", ["min", "min", "Min.", "Min.", "دقيقة"]),
    (
        "dakika",
        ["minute", "minutes", "Minute", "Minuten", "دقيقة"],
    ),
    ("fincan", ["cup", "cups", "Tasse", "Tassen", "فناجين"]),
    ("kişi", ["person", "people", "Person", "Personen", "أشخاص"]),
    (
        "kişilik",
        ["person", "people", "Person", "Personen", "أشخاص"],
    ),
    ("parça", ["piece", "pieces", "Teil", "Teile", "قطع"]),
    ("adet", ["piece", "pieces", "Stück", "Stück", "قطع"]),
    ("inç", ["inch", "inches", "Zoll", "Zoll", "بوصة"]),
    ("sayfa", ["page", "pages", "Seite", "Seiten", "صفحة"]),
];

/// Symbols and international words that read the same in every language.
const INTERNATIONAL: &[&str] = &[
    "w",
    "kw",
    "v",
    "l",
    "ml",
    "cl",
    "lt",
    "cm",
    "mm",
    "m",
    "km",
    "kg",
    "g",
    "gr",
    "mg",
    "mah",
    "pa",
    "hz",
    "ghz",
    "gb",
    "tb",
    "mb",
    "x",
    "/",
    "+",
    "-",
    "–",
    "&",
    "bluetooth",
    "wi-fi",
    "wifi",
    "usb",
    "usb-c",
    "led",
    "lcd",
    "oled",
    "amoled",
    "nfc",
    "gps",
    "hdmi",
    "pd",
];

/// Folds a key for matching: Turkish lower case, diacritics removed, spaces collapsed.
pub(crate) fn fold_key(s: &str) -> String {
    fold_to_ascii(&tr_lowercase(s.trim()))
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn lang_index(lang: Language) -> usize {
    match lang {
        Language::Tr => 0,
        Language::En => 1,
        Language::De => 2,
        Language::Ar => 3,
    }
}

/// The category kind of a seller's category name.
pub(crate) fn category_kind(category: &str) -> Option<CategoryKind> {
    let k = fold_key(category);
    CATEGORIES
        .iter()
        .find(|(_, aliases, _)| aliases.contains(&k.as_str()))
        .map(|(kind, _, _)| *kind)
}

/// The category as it reads inside a sentence in `lang`, or `None` when it cannot be said
/// there without pasting another language.
pub(crate) fn category_name(category: &str, lang: Language, terms: &[Term]) -> Option<String> {
    let category = category.trim();
    if category.is_empty() {
        return None;
    }
    if let Some(t) = seller_term(category, lang, terms) {
        return Some(t);
    }
    if let Some(kind) = category_kind(category) {
        let names = CATEGORIES
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, n)| n)?;
        return Some(names[lang_index(lang)].to_string());
    }
    (lang == Language::Tr).then(|| tr_lowercase(category))
}

/// The kind of an attribute key, in any language.
pub(crate) fn attr_kind(key: &str) -> Option<AttrKind> {
    // The aliases are written folded already.
    let k = fold_key(key);
    ATTRS
        .iter()
        .find(|(_, aliases, _)| aliases.contains(&k.as_str()))
        .map(|(kind, _, _)| *kind)
}

/// The label of a known attribute kind in `lang` ("Garanti", "Warranty").
pub(crate) fn attr_label(kind: AttrKind, lang: Language) -> &'static str {
    ATTRS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("", |(_, _, labels)| labels[lang_index(lang)])
}

/// The attribute name to show in `lang`: the seller's own key in Turkish, a seller term or the
/// built-in label elsewhere; `None` when there is no translation.
pub(crate) fn attr_name(key: &str, lang: Language, terms: &[Term]) -> Option<String> {
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    if lang == Language::Tr {
        return Some(key.to_string());
    }
    seller_term(key, lang, terms)
        .or_else(|| attr_kind(key).map(|k| attr_label(k, lang).to_string()))
}

fn seller_term(text: &str, lang: Language, terms: &[Term]) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let k = fold_key(text);
    terms
        .iter()
        .find(|t| fold_key(&t.tr) == k)
        .and_then(|t| t.get(lang))
        .map(str::to_string)
}

/// Seller terms with their folded Turkish side, for matching many phrases against them.
fn folded(terms: &[Term]) -> Vec<(String, &Term)> {
    terms.iter().map(|t| (fold_key(&t.tr), t)).collect()
}

fn builtin_word(phrase: &str) -> Option<&'static (&'static str, bool, [&'static str; 3])> {
    WORDS.iter().find(|(tr, _, _)| *tr == phrase)
}

/// Splits trailing punctuation off a token: "defne," → ("defne", ",").
fn split_punct(token: &str) -> (&str, &str) {
    let core = token.trim_end_matches([',', ';', '.', ':']);
    (core, &token[core.len()..])
}

fn is_number(token: &str) -> bool {
    let t = token.trim_start_matches('%').trim_end_matches(['+', '%']);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && t.chars().any(|c| c.is_ascii_digit())
}

fn format_number(token: &str, lang: Language) -> String {
    // "%100" is Turkish order; the other languages put the sign after the number.
    let (percent_first, rest) = match token.strip_prefix('%') {
        Some(r) => (true, r),
        None => (false, token),
    };
    let number = match lang {
        Language::En | Language::Ar => {
            // A Turkish decimal comma ("1,5") becomes a point; thousands dots are rare in
            // attribute values and read the same either way.
            if rest.matches(',').count() == 1 && !rest.contains('.') {
                rest.replace(',', ".")
            } else {
                rest.to_string()
            }
        }
        Language::De | Language::Tr => rest.to_string(),
    };
    match (percent_first, lang) {
        (false, _) | (true, Language::Tr) => {
            if percent_first {
                format!("%{number}")
            } else {
                number
            }
        }
        (true, Language::De) => format!("{number} %"),
        (true, _) => format!("{number}%"),
    }
}

fn is_acronym(token: &str) -> bool {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && token.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// An attribute value as it reads in `lang`.
///
/// Turkish: as written, except that known common words are lower-cased ("Yün / Pamuk" →
/// "yün / pamuk"; "Türkçe", "RFID", "4000 Pa" keep their case). Other languages: every word
/// translated through the seller's terms and the built-in table, numbers written the
/// language's way; `None` if any word is unknown.
pub(crate) fn attr_value(value: &str, lang: Language, terms: &[Term]) -> Option<String> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return None;
    }
    if lang != Language::Tr
        && let Some(t) = seller_term(&value, lang, terms)
    {
        return Some(t);
    }
    let tokens: Vec<&str> = value.split(' ').collect();
    let seller = folded(terms);
    let seller_phrase = |phrase: &str| -> Option<String> {
        if seller.is_empty() {
            return None;
        }
        let k = fold_key(phrase);
        seller
            .iter()
            .find(|(f, _)| *f == k)
            .and_then(|(_, t)| t.get(lang))
            .map(str::to_string)
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // Longest known phrase first (up to three words).
        let mut matched = false;
        for len in (1..=3.min(tokens.len() - i)).rev() {
            let (last_core, punct) = split_punct(tokens[i + len - 1]);
            let mut words: Vec<&str> = tokens[i..i + len - 1].to_vec();
            words.push(last_core);
            let phrase = tr_lowercase(&words.join(" "));
            let translated = if lang == Language::Tr {
                builtin_word(&phrase).map(|(tr, proper, _)| {
                    if *proper {
                        words.join(" ")
                    } else {
                        (*tr).to_string()
                    }
                })
            } else {
                seller_phrase(&words.join(" ")).or_else(|| {
                    builtin_word(&phrase).map(|(_, _, t)| t[lang_index(lang) - 1].to_string())
                })
            };
            if let Some(t) = translated {
                out.push(format!("{t}{punct}"));
                i += len;
                matched = true;
                break;
            }
        }
        if matched {
            continue;
        }
        let (core, punct) = split_punct(tokens[i]);
        let previous_number = i > 0 && is_number(split_punct(tokens[i - 1]).0);
        let lower = tr_lowercase(core);
        let piece = if is_number(core) {
            Some(format_number(core, lang))
        } else if previous_number && let Some((_, forms)) = UNITS.iter().find(|(u, _)| *u == lower)
        {
            if lang == Language::Tr {
                Some(core.to_string())
            } else {
                let one = split_punct(tokens[i - 1]).0 == "1";
                Some(
                    match lang {
                        Language::En => forms[usize::from(!one)],
                        Language::De => forms[2 + usize::from(!one)],
                        _ => forms[4],
                    }
                    .to_string(),
                )
            }
        } else if INTERNATIONAL.contains(&lower.as_str())
            || is_acronym(core)
            || lang == Language::Tr
        {
            Some(core.to_string())
        } else {
            None
        };
        out.push(format!("{}{punct}", piece?));
        i += 1;
    }
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_values_translate_or_are_left_out() {
        let table = [
            ("Siyah", Language::En, Some("black")),
            ("Yün / Pamuk", Language::De, Some("Wolle / Baumwolle")),
            (
                "%100 organik pamuk",
                Language::En,
                Some("100% organic cotton"),
            ),
            (
                "%60 bambu, %40 pamuk",
                Language::De,
                Some("60 % Bambus, 40 % Baumwolle"),
            ),
            ("1,5 L", Language::En, Some("1.5 L")),
            ("1,5 L", Language::De, Some("1,5 L")),
            ("2 yıl", Language::En, Some("2 years")),
            ("1 yıl", Language::De, Some("1 Jahr")),
            ("4 fincan", Language::Ar, Some("4 فناجين")),
            ("1,4 inç AMOLED", Language::En, Some("1.4 inches AMOLED")),
            ("Bluetooth 5.3", Language::De, Some("Bluetooth 5.3")),
            (
                "Zeytinyağı, defne",
                Language::En,
                Some("olive oil, bay laurel"),
            ),
            ("Tüm ciltler", Language::En, Some("all skin types")),
            ("Uşak", Language::En, None),
            ("Kalaylı bakır", Language::En, None),
            ("Yün / Pamuk", Language::Tr, Some("yün / pamuk")),
            ("Türkçe", Language::Tr, Some("Türkçe")),
            ("4000 Pa", Language::Tr, Some("4000 Pa")),
            ("Tüm ciltler", Language::Tr, Some("tüm ciltler")),
        ];
        for (value, lang, want) in table {
            assert_eq!(
                attr_value(value, lang, &[]).as_deref(),
                want,
                "{value} {lang:?}"
            );
        }
    }

    #[test]
    fn seller_terms_extend_the_table() {
        let terms = vec![Term {
            tr: "Uşak".into(),
            en: Some("Uşak pattern".into()),
            de: None,
            ar: None,
        }];
        assert_eq!(
            attr_value("Uşak", Language::En, &terms).as_deref(),
            Some("Uşak pattern")
        );
        assert_eq!(attr_value("Uşak", Language::De, &terms), None);
        assert_eq!(
            category_name("Oyuncak", Language::De, &[]).as_deref(),
            Some("Spielzeug")
        );
        assert_eq!(category_name("Bahçe", Language::En, &[]), None);
        assert_eq!(
            category_name("Bahçe", Language::Tr, &[]).as_deref(),
            Some("bahçe")
        );
        assert_eq!(
            attr_name("Garanti Süresi", Language::En, &[]).as_deref(),
            Some("Warranty")
        );
        assert_eq!(attr_name("Filtre tipi", Language::En, &[]), None);
    }
}
