//! The simulator's seed catalogue: category tree, category attributes, brands, and the names
//! buyers are drawn from.

use std::collections::{BTreeMap, HashMap};

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::{Category, CategoryAttribute, State};

pub const ROOT: i64 = 1000;
pub const ELEKTRONIK: i64 = 1001;
pub const EV_YASAM: i64 = 1002;
pub const GIYIM: i64 = 1003;

/// (id, name, parent)
const CATEGORIES: &[(i64, &str, Option<i64>)] = &[
    (ROOT, "Tüm Kategoriler", None),
    (ELEKTRONIK, "Elektronik", Some(ROOT)),
    (EV_YASAM, "Ev & Yaşam", Some(ROOT)),
    (GIYIM, "Giyim", Some(ROOT)),
    (1004, "Kitap", Some(ROOT)),
    (1005, "Kozmetik", Some(ROOT)),
    (1006, "Mutfak", Some(ROOT)),
    (1007, "Oyuncak", Some(ROOT)),
    (1008, "Spor", Some(ROOT)),
    // Deeper branches. Trendyol lists products only in leaves, so the eight above stay leaves
    // and the deeper branches hang under other parents.
    (1100, "Aksesuar", Some(ROOT)),
    (1101, "Çanta", Some(1100)),
    (1102, "Saat", Some(1100)),
    (1103, "Takı", Some(1100)),
    (1200, "Süpermarket", Some(ROOT)),
    (1210, "İçecek", Some(1200)),
    (1211, "Kahve", Some(1210)),
    (1212, "Çay", Some(1210)),
    (1220, "Kahvaltılık", Some(1200)),
    (1300, "Bahçe & Yapı Market", Some(ROOT)),
    (1301, "Bahçe Aletleri", Some(1300)),
    (1302, "El Aletleri", Some(1300)),
];

pub const MALZEME: i64 = 14;
pub const RENK: i64 = 47;
pub const BEDEN: i64 = 338;
pub const GARANTI: i64 = 1020;

fn values(attribute: i64, names: &[&str]) -> Vec<(i64, String)> {
    names
        .iter()
        .zip(1i64..)
        .map(|(name, i)| (attribute * 1000 + i, (*name).to_owned()))
        .collect()
}

fn leaf_attributes(category: i64) -> Vec<CategoryAttribute> {
    let mut list = vec![
        CategoryAttribute {
            id: MALZEME,
            name: "Malzeme".into(),
            required: false,
            allow_custom: true,
            varianter: false,
            slicer: false,
            values: values(
                MALZEME,
                &[
                    "Pamuk",
                    "Polyester",
                    "Deri",
                    "Seramik",
                    "Ahşap",
                    "Metal",
                    "Plastik",
                    "Cam",
                    "Keten",
                    "Yün",
                ],
            ),
        },
        CategoryAttribute {
            id: RENK,
            name: "Renk".into(),
            required: false,
            allow_custom: true,
            varianter: false,
            slicer: true,
            values: values(
                RENK,
                &[
                    "Siyah",
                    "Beyaz",
                    "Kırmızı",
                    "Mavi",
                    "Yeşil",
                    "Sarı",
                    "Gri",
                    "Lacivert",
                    "Bej",
                    "Kahverengi",
                    "Çok Renkli",
                ],
            ),
        },
    ];
    if category == GIYIM {
        list.push(CategoryAttribute {
            id: BEDEN,
            name: "Beden".into(),
            required: true,
            allow_custom: false,
            varianter: true,
            slicer: false,
            values: values(BEDEN, &["XS", "S", "M", "L", "XL", "XXL"]),
        });
    }
    if category == ELEKTRONIK {
        list.push(CategoryAttribute {
            id: GARANTI,
            name: "Garanti Süresi".into(),
            required: true,
            allow_custom: true,
            varianter: false,
            slicer: false,
            values: values(GARANTI, &["6 Ay", "1 Yıl", "2 Yıl", "3 Yıl"]),
        });
    }
    list
}

const BRANDS: &[&str] = &[
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
    "Akdeniz Zeytin",
    "Ayasofya Kitap",
    "Beyaz Martı",
    "Bursa İpek",
    "Çınar Mutfak",
    "Efes Spor",
    "Fırat Bakır",
    "Galata Saat",
    "Karadeniz Çay",
    "Kuzey Elektronik",
    "Lale Kozmetik",
    "Levent Moda",
    "Marmara Mobilya",
    "Nazar Tasarım",
    "Pamukkale Tekstil",
    "Sultan Kahve",
    "Truva Outdoor",
    "Van Kedisi Kids",
    "Yıldız Oyuncak",
    "Zeytin Dalı Doğal",
];

pub const FIRST_NAMES: &[&str] = &[
    "Ayşe", "Mehmet", "Fatma", "Mustafa", "Emine", "Ahmet", "Hatice", "Ali", "Zeynep", "Hüseyin",
    "Elif", "Murat", "Merve", "Emre", "Selin", "Burak", "Derya", "Kerem", "Gizem", "Onur",
];

pub const LAST_NAMES: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Koç",
    "Kurt",
    "Özkan",
];

pub const CLAIM_REASONS: &[&str] = &[
    "Beden uymadı",
    "Ürün hasarlı geldi",
    "Vazgeçtim",
    "Yanlış ürün gönderildi",
    "Ürün açıklamadaki gibi değil",
];

/// Cargo company ids the simulator accepts (the static table of the reference).
pub const CARGO_COMPANIES: &[i64] = &[4, 6, 7, 9, 10, 14, 17, 19, 20, 30, 35, 38, 42];

pub fn initial_state(seed: u64) -> State {
    let categories: Vec<Category> = CATEGORIES
        .iter()
        .map(|(id, name, parent)| Category {
            id: *id,
            name: (*name).to_owned(),
            parent_id: *parent,
        })
        .collect();
    let mut state = State {
        categories,
        attributes: HashMap::new(),
        brands: BRANDS
            .iter()
            .zip(100_001i64..)
            .map(|(name, id)| (id, (*name).to_owned()))
            .collect(),
        listings: BTreeMap::new(),
        batches: HashMap::new(),
        inventory_bodies: HashMap::new(),
        packages: BTreeMap::new(),
        claims: BTreeMap::new(),
        flags: HashMap::new(),
        questions: BTreeMap::new(),
        rng: StdRng::seed_from_u64(seed),
        next_package: 3_300_000_000,
        next_line: 4_400_000_000,
        next_order: 10_700_000_000,
        next_claim_item: 5_500_000_000,
    };
    let leaves: Vec<i64> = state
        .categories
        .iter()
        .map(|c| c.id)
        .filter(|id| state.is_leaf(*id))
        .collect();
    for leaf in leaves {
        state.attributes.insert(leaf, leaf_attributes(leaf));
    }
    state
}
