//! The seed catalogue: categories, attributes, brands and customer names.

use super::{Attribute, Category, State};

/// Brands the simulated catalogue knows (Hepsiburada takes the brand by name in `Marka`).
pub const BRANDS: &[&str] = &[
    "Anadolu Ev",
    "Boğaziçi Tekstil",
    "Ege Doğal",
    "Kapadokya Seramik",
    "Kapadokya Yayınları",
    "Mavi Kedi",
    "Pofu Tech",
    "Sesli",
    "Toros Deri",
    "Toros Spor",
    "Akdeniz Bahçe",
    "Altın Başak",
    "Ayyıldız Oyuncak",
    "Bursa İpek",
    "Çamlıca Kozmetik",
    "Defne Doğal",
    "Efes Mutfak",
    "Ela Moda",
    "Fırat Elektrik",
    "Galata Kitap",
    "Hisar Spor",
    "Işıl Aydınlatma",
    "Kardelen Bebe",
    "Lale Tekstil",
    "Marmara Mobilya",
    "Nazar Takı",
    "Pamukkale Havlu",
    "Safran Baharat",
    "Truva Oyun",
    "Uludağ Outdoor",
    "Yakamoz Kozmetik",
];

pub const CUSTOMER_NAMES: &[&str] = &[
    "Ayşe Yılmaz",
    "Mehmet Kaya",
    "Fatma Demir",
    "Ahmet Çelik",
    "Zeynep Şahin",
    "Mustafa Yıldız",
    "Elif Aydın",
    "Emre Öztürk",
    "Merve Arslan",
    "Burak Doğan",
    "Selin Koç",
    "Can Kurt",
    "Hatice Özdemir",
    "Ali Polat",
    "Esra Güneş",
    "Oğuz Aksoy",
];

pub(crate) const ROOT: u64 = 1;
pub(crate) const ELEKTRONIK: u64 = 101;
pub(crate) const GIYIM: u64 = 103;

pub(crate) fn categories() -> Vec<Category> {
    let c = |id, name: &str, parent, leaf| Category {
        id,
        name: name.to_owned(),
        parent,
        leaf,
    };
    vec![
        c(ROOT, "Tüm Kategoriler", None, false),
        c(ELEKTRONIK, "Elektronik", Some(ROOT), true),
        c(102, "Ev & Yaşam", Some(ROOT), true),
        c(GIYIM, "Giyim", Some(ROOT), true),
        c(104, "Kitap", Some(ROOT), true),
        c(105, "Kozmetik", Some(ROOT), true),
        c(106, "Mutfak", Some(ROOT), true),
        c(107, "Oyuncak", Some(ROOT), true),
        c(108, "Spor", Some(ROOT), true),
        // Deeper branches under other parents: the eight above stay leaves.
        c(2, "Anne & Bebek", Some(ROOT), false),
        c(201, "Bebek Bezi", Some(2), true),
        c(202, "Bebek Arabası", Some(2), true),
        c(3, "Bahçe & Yapı Market", Some(ROOT), false),
        c(31, "Bahçe", Some(3), false),
        c(311, "Bahçe Mobilyası", Some(31), true),
        c(312, "Sulama", Some(31), true),
        c(4, "Aksesuar", Some(ROOT), false),
        c(401, "Çanta", Some(4), true),
        c(402, "Saat", Some(4), true),
    ]
}

/// The base attributes every leaf takes (filled from the product's own fields).
const BASE: &[(&str, &str, bool)] = &[
    ("merchantSku", "Satıcı Stok Kodu", true),
    ("VaryantGroupID", "Varyant Grup Id", false),
    ("Barcode", "Barkod", true),
    ("UrunAdi", "Ürün Adı", true),
    ("UrunAciklamasi", "Ürün Açıklaması", true),
    ("Marka", "Marka", true),
    ("kg", "Desi", false),
    ("tax_vat_rate", "KDV", true),
    ("price", "Fiyat", true),
    ("stock", "Stok", true),
    ("Image1", "Görsel 1", true),
    ("Image2", "Görsel 2", false),
    ("Image3", "Görsel 3", false),
    ("Image4", "Görsel 4", false),
    ("Image5", "Görsel 5", false),
];

pub(crate) const SIZES: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];

/// All attributes of a leaf category, in the three groups of the attributes answer.
pub(crate) fn attributes(state: &State, category_id: u64) -> Vec<Attribute> {
    let lineage: Vec<u64> = state.lineage(category_id).iter().map(|c| c.id).collect();
    let electronics = lineage.contains(&ELEKTRONIK);
    let clothing = lineage.contains(&GIYIM);
    let mut out: Vec<Attribute> = BASE
        .iter()
        .map(|(id, name, mandatory)| Attribute {
            id,
            name,
            mandatory: *mandatory,
            kind: "string",
            values: &[],
            group: "baseAttributes",
        })
        .collect();
    out.push(Attribute {
        id: "GarantiSuresi",
        name: "Garanti Süresi",
        // Electronics require it; elsewhere it is an optional base attribute.
        mandatory: electronics,
        kind: "string",
        values: &[],
        group: if electronics {
            "attributes"
        } else {
            "baseAttributes"
        },
    });
    out.push(Attribute {
        id: "malzeme",
        name: "Malzeme",
        mandatory: false,
        kind: "string",
        values: &[],
        group: "attributes",
    });
    out.push(Attribute {
        id: "renk_variant_property",
        name: "Renk",
        mandatory: false,
        kind: "string",
        values: &[],
        group: "variantAttributes",
    });
    if clothing {
        out.push(Attribute {
            id: "beden_variant_property",
            name: "Beden",
            mandatory: true,
            kind: "enum",
            values: SIZES,
            group: "variantAttributes",
        });
    }
    out
}
