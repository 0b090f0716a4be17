//! Demo data: one account per role and a Turkish catalogue with ray-traced product photos,
//! so that the README's first command shows a working shop. Seeding happens once; later
//! starts only print the credentials again.

use std::collections::BTreeMap;
use std::io::Cursor;

use image::ImageFormat;
use pofuai_core::Currency;
use pofuai_core::Role;
use pofuai_core::product::{NewProduct, NewVariant, Prices};
use pofuai_store::uploads::NewUpload;
use pofuai_web::AppState;
use pofuai_web::blobs::BlobStore;
use sha2::{Digest, Sha256};

/// (role, e-mail, password, name). Demo accounts are for a local sandbox; the passwords are
/// printed at every start.
const ACCOUNTS: [(Role, &str, &str, &str); 4] = [
    (
        Role::Admin,
        "yonetici@pofuai.demo",
        "Demo-Yonetici-2026",
        "Deniz Yönetici",
    ),
    (
        Role::Seller,
        "satici@pofuai.demo",
        "Demo-Satici-2026",
        "Ayşe Yılmaz (Anadolu Ev)",
    ),
    (
        Role::Premium,
        "premium@pofuai.demo",
        "Demo-Premium-2026",
        "Mehmet Kaya",
    ),
    (
        Role::Normal,
        "normal@pofuai.demo",
        "Demo-Normal-2026",
        "Elif Demir",
    ),
];

pub(crate) struct Item {
    name: &'static str,
    category: &'static str,
    brand: &'static str,
    description: &'static str,
    /// Price in whole lira of the first variant.
    price_tl: i64,
    /// Discount in percent on the sale price.
    discount: i64,
    attributes: &'static [(&'static str, &'static str)],
    /// Variant attribute name and its values.
    variant_key: &'static str,
    variant_values: &'static [&'static str],
}

pub(crate) const CATALOGUE: &[Item] = &[
    Item {
        name: "Premium Kahve Makinesi",
        category: "Elektronik",
        brand: "Pofu Tech",
        description: "15 bar basınçlı, süt köpürtücülü espresso ve kahve makinesi.",
        price_tl: 4299,
        discount: 15,
        attributes: &[
            ("Güç", "1450 W"),
            ("Hazne", "1,5 L"),
            ("Garanti Süresi", "2 yıl"),
        ],
        variant_key: "Renk",
        variant_values: &["Siyah", "Gümüş"],
    },
    Item {
        name: "Türk Kahvesi Makinesi",
        category: "Elektronik",
        brand: "Pofu Tech",
        description: "Köpüklü Türk kahvesi, 4 fincan kapasiteli, taşma önleyici sensörlü.",
        price_tl: 1899,
        discount: 10,
        attributes: &[
            ("Garanti Süresi", "2 yıl"),
            ("Güç", "735 W"),
            ("Kapasite", "4 fincan"),
        ],
        variant_key: "Renk",
        variant_values: &["Krem", "Kırmızı", "Siyah"],
    },
    Item {
        name: "Kablosuz Bluetooth Kulaklık",
        category: "Elektronik",
        brand: "Sesli",
        description: "Aktif gürültü engelleme, 30 saat pil ömrü, hızlı şarj.",
        price_tl: 1299,
        discount: 20,
        attributes: &[
            ("Garanti Süresi", "2 yıl"),
            ("Bağlantı", "Bluetooth 5.3"),
            ("Pil", "30 saat"),
        ],
        variant_key: "Renk",
        variant_values: &["Siyah", "Beyaz", "Lacivert"],
    },
    Item {
        name: "Akıllı Saat Spor Edition",
        category: "Elektronik",
        brand: "Sesli",
        description: "Nabız, uyku ve adım takibi; suya dayanıklı (5 ATM).",
        price_tl: 2499,
        discount: 0,
        attributes: &[
            ("Garanti Süresi", "2 yıl"),
            ("Ekran", "1,4 inç AMOLED"),
            ("Su geçirmezlik", "5 ATM"),
        ],
        variant_key: "Kordon",
        variant_values: &["Silikon", "Metal"],
    },
    Item {
        name: "Taşınabilir Şarj Cihazı 20000 mAh",
        category: "Elektronik",
        brand: "Pofu Tech",
        description: "USB-C PD 22,5 W hızlı şarj, iki cihazı aynı anda şarj eder.",
        price_tl: 749,
        discount: 5,
        attributes: &[
            ("Garanti Süresi", "2 yıl"),
            ("Kapasite", "20000 mAh"),
            ("Çıkış", "22,5 W"),
        ],
        variant_key: "Renk",
        variant_values: &["Siyah", "Beyaz"],
    },
    Item {
        name: "Robot Süpürge Akıllı Haritalama",
        category: "Elektronik",
        brand: "Pofu Tech",
        description: "Lazer haritalama, mobil uygulama kontrolü ve otomatik şarj.",
        price_tl: 8999,
        discount: 12,
        attributes: &[
            ("Garanti Süresi", "2 yıl"),
            ("Emiş gücü", "4000 Pa"),
            ("Pil", "180 dk"),
        ],
        variant_key: "Model",
        variant_values: &["Standart", "Paspaslı"],
    },
    Item {
        name: "El Dokuması Kilim Yastık Kılıfı",
        category: "Ev & Yaşam",
        brand: "Anadolu Ev",
        description: "Uşak desenli, yün karışımlı el dokuması yastık kılıfı.",
        price_tl: 349,
        discount: 0,
        attributes: &[("Malzeme", "Yün / Pamuk"), ("Ölçü", "45 x 45 cm")],
        variant_key: "Desen",
        variant_values: &["Uşak", "Kars", "Sivas"],
    },
    Item {
        name: "Bambu Banyo Havlusu Seti",
        category: "Ev & Yaşam",
        brand: "Boğaziçi Tekstil",
        description: "Yumuşak, emici bambu lifli 4'lü havlu seti.",
        price_tl: 599,
        discount: 25,
        attributes: &[("Malzeme", "%60 bambu, %40 pamuk"), ("Adet", "4")],
        variant_key: "Renk",
        variant_values: &["Beyaz", "Gri", "Mint"],
    },
    Item {
        name: "Seramik Çiçek Saksısı",
        category: "Ev & Yaşam",
        brand: "Kapadokya Seramik",
        description: "Avanos toprağından el yapımı, drenaj delikli saksı.",
        price_tl: 279,
        discount: 0,
        attributes: &[("Malzeme", "Seramik"), ("Yükseklik", "18 cm")],
        variant_key: "Boy",
        variant_values: &["Küçük", "Orta", "Büyük"],
    },
    Item {
        name: "Pamuklu Nevresim Takımı Çift Kişilik",
        category: "Ev & Yaşam",
        brand: "Boğaziçi Tekstil",
        description: "%100 pamuk ranforce, 4 parça çift kişilik nevresim takımı.",
        price_tl: 899,
        discount: 30,
        attributes: &[("Malzeme", "%100 pamuk"), ("Parça", "4")],
        variant_key: "Renk",
        variant_values: &["Beyaz", "Gri", "Pudra"],
    },
    Item {
        name: "Aromaterapi Oda Kokusu Difüzörü",
        category: "Ev & Yaşam",
        brand: "Ege Doğal",
        description: "Ultrasonik difüzör, 7 renkli ışık, otomatik kapanma.",
        price_tl: 459,
        discount: 10,
        attributes: &[("Hazne", "300 ml"), ("Çalışma", "8 saat")],
        variant_key: "Renk",
        variant_values: &["Açık Ahşap", "Koyu Ahşap"],
    },
    Item {
        name: "Döküm Tava 28 cm",
        category: "Mutfak",
        brand: "Anadolu Ev",
        description: "Emaye kaplı döküm tava; ocak ve fırında kullanılır.",
        price_tl: 1149,
        discount: 0,
        attributes: &[("Çap", "28 cm"), ("Malzeme", "Döküm demir")],
        variant_key: "Renk",
        variant_values: &["Siyah", "Kırmızı"],
    },
    Item {
        name: "Çelik Çaydanlık Takımı",
        category: "Mutfak",
        brand: "Anadolu Ev",
        description: "Paslanmaz çelik, indüksiyon tabanlı demlikli çaydanlık.",
        price_tl: 699,
        discount: 15,
        attributes: &[("Kapasite", "2,2 L / 1,1 L"), ("Taban", "İndüksiyon")],
        variant_key: "Renk",
        variant_values: &["Çelik", "Bakır"],
    },
    Item {
        name: "İnce Belli Çay Bardağı 12'li",
        category: "Mutfak",
        brand: "Kapadokya Seramik",
        description: "Geleneksel ince belli cam çay bardağı ve tabak seti.",
        price_tl: 229,
        discount: 0,
        attributes: &[("Adet", "12"), ("Malzeme", "Cam")],
        variant_key: "Desen",
        variant_values: &["Sade", "Yaldızlı"],
    },
    Item {
        name: "Ahşap Kesme Tahtası",
        category: "Mutfak",
        brand: "Ege Doğal",
        description: "Zeytin ağacından, doğal yağ ile işlenmiş kesme tahtası.",
        price_tl: 389,
        discount: 5,
        attributes: &[("Malzeme", "Zeytin ağacı"), ("Ölçü", "40 x 25 cm")],
        variant_key: "Boy",
        variant_values: &["Orta", "Büyük"],
    },
    Item {
        name: "Granit Tencere Seti 7 Parça",
        category: "Mutfak",
        brand: "Anadolu Ev",
        description: "Yapışmaz granit kaplama, cam kapaklı 7 parça tencere seti.",
        price_tl: 2199,
        discount: 20,
        attributes: &[("Parça", "7"), ("Kaplama", "Granit")],
        variant_key: "Renk",
        variant_values: &["Gri", "Bej"],
    },
    Item {
        name: "Organik Pamuk Tişört",
        category: "Giyim",
        brand: "Boğaziçi Tekstil",
        description: "Ege pamuğundan, bisiklet yaka, unisex kesim tişört.",
        price_tl: 299,
        discount: 0,
        attributes: &[("Kumaş", "%100 organik pamuk"), ("Kalıp", "Regular")],
        variant_key: "Beden",
        variant_values: &["S", "M", "L", "XL"],
    },
    Item {
        name: "Kadın Triko Hırka",
        category: "Giyim",
        brand: "Boğaziçi Tekstil",
        description: "Yumuşak dokulu, düğmeli uzun triko hırka.",
        price_tl: 649,
        discount: 35,
        attributes: &[("Kumaş", "Akrilik / Yün"), ("Boy", "Uzun")],
        variant_key: "Beden",
        variant_values: &["S", "M", "L"],
    },
    Item {
        name: "Erkek Deri Cüzdan",
        category: "Giyim",
        brand: "Toros Deri",
        description: "Hakiki dana derisi, RFID korumalı ince cüzdan.",
        price_tl: 449,
        discount: 10,
        attributes: &[("Malzeme", "Hakiki deri"), ("Koruma", "RFID")],
        variant_key: "Renk",
        variant_values: &["Kahverengi", "Siyah"],
    },
    Item {
        name: "Yün Atkı El Örmesi",
        category: "Giyim",
        brand: "Anadolu Ev",
        description: "Doğal yünden el örmesi kışlık atkı.",
        price_tl: 259,
        discount: 0,
        attributes: &[("Malzeme", "%100 yün"), ("Uzunluk", "180 cm")],
        variant_key: "Renk",
        variant_values: &["Bordo", "Hardal", "Antrasit"],
    },
    Item {
        name: "Zeytinyağlı Doğal Sabun Seti",
        category: "Kozmetik",
        brand: "Ege Doğal",
        description: "Soğuk işlem, katkısız zeytinyağı sabunları; 6 adet.",
        price_tl: 189,
        discount: 0,
        attributes: &[("Adet", "6"), ("İçerik", "Zeytinyağı, defne")],
        variant_key: "Koku",
        variant_values: &["Lavanta", "Defne", "Kokusuz"],
    },
    Item {
        name: "Gül Suyu Tonik 250 ml",
        category: "Kozmetik",
        brand: "Ege Doğal",
        description: "Isparta gülünden, alkolsüz doğal yüz toniği.",
        price_tl: 149,
        discount: 5,
        attributes: &[("Hacim", "250 ml"), ("Cilt tipi", "Tüm ciltler")],
        variant_key: "Boyut",
        variant_values: &["250 ml", "500 ml"],
    },
    Item {
        name: "Argan Yağlı Saç Bakım Serumu",
        category: "Kozmetik",
        brand: "Ege Doğal",
        description: "Kırık uçlara karşı besleyici, ağırlaştırmayan saç serumu.",
        price_tl: 219,
        discount: 15,
        attributes: &[("Hacim", "100 ml")],
        variant_key: "Boyut",
        variant_values: &["100 ml"],
    },
    Item {
        name: "Yoga Matı Kaymaz 6 mm",
        category: "Spor",
        brand: "Toros Spor",
        description: "Çift taraflı kaymaz yüzey, taşıma askılı yoga matı.",
        price_tl: 399,
        discount: 20,
        attributes: &[("Kalınlık", "6 mm"), ("Ölçü", "183 x 61 cm")],
        variant_key: "Renk",
        variant_values: &["Mor", "Yeşil", "Gri"],
    },
    Item {
        name: "Ayarlanabilir Dambıl Seti 20 kg",
        category: "Spor",
        brand: "Toros Spor",
        description: "Plakaları değiştirilebilir, çantalı dambıl seti.",
        price_tl: 1599,
        discount: 10,
        attributes: &[("Toplam ağırlık", "20 kg")],
        variant_key: "Set",
        variant_values: &["20 kg", "30 kg"],
    },
    Item {
        name: "Kamp Çadırı 4 Kişilik",
        category: "Spor",
        brand: "Toros Spor",
        description: "Su geçirmez, kolay kurulumlu çift katlı kamp çadırı.",
        price_tl: 2899,
        discount: 15,
        attributes: &[("Kapasite", "4 kişi"), ("Su sütunu", "3000 mm")],
        variant_key: "Renk",
        variant_values: &["Haki", "Turuncu"],
    },
    Item {
        name: "Termos Matara 750 ml",
        category: "Spor",
        brand: "Toros Spor",
        description: "Çift cidarlı çelik, 24 saat soğuk, 12 saat sıcak tutar.",
        price_tl: 329,
        discount: 0,
        attributes: &[("Hacim", "750 ml"), ("Malzeme", "Paslanmaz çelik")],
        variant_key: "Renk",
        variant_values: &["Siyah", "Mavi", "Beyaz"],
    },
    Item {
        name: "Ahşap Yapboz Türkiye Haritası",
        category: "Oyuncak",
        brand: "Mavi Kedi",
        description: "81 il parçalı eğitici ahşap yapboz; 5 yaş ve üzeri.",
        price_tl: 259,
        discount: 0,
        attributes: &[("Parça", "81"), ("Yaş", "5+")],
        variant_key: "Boy",
        variant_values: &["Standart"],
    },
    Item {
        name: "Peluş Van Kedisi",
        category: "Oyuncak",
        brand: "Mavi Kedi",
        description: "Bir gözü mavi bir gözü yeşil, yumuşak peluş Van kedisi.",
        price_tl: 199,
        discount: 10,
        attributes: &[("Boy", "30 cm"), ("Yaş", "0+")],
        variant_key: "Boy",
        variant_values: &["30 cm", "45 cm"],
    },
    Item {
        name: "Eğitici Kodlama Robotu",
        category: "Oyuncak",
        brand: "Mavi Kedi",
        description: "Kartlarla kodlama öğreten, şarjlı eğitici robot.",
        price_tl: 899,
        discount: 5,
        attributes: &[("Yaş", "6+"), ("Pil", "Şarjlı")],
        variant_key: "Renk",
        variant_values: &["Mavi", "Pembe"],
    },
    Item {
        name: "Osmanlı Tarihi Seti 5 Kitap",
        category: "Kitap",
        brand: "Kapadokya Yayınları",
        description: "Kuruluştan dağılışa Osmanlı tarihi, 5 ciltlik kutulu set.",
        price_tl: 749,
        discount: 25,
        attributes: &[("Sayfa", "1850"), ("Dil", "Türkçe")],
        variant_key: "Kapak",
        variant_values: &["Karton", "Ciltli"],
    },
    Item {
        name: "Türk Mutfağı Yemek Kitabı",
        category: "Kitap",
        brand: "Kapadokya Yayınları",
        description: "Yöresel tariflerle 300 Türk mutfağı yemeği, fotoğraflı.",
        price_tl: 349,
        discount: 0,
        attributes: &[("Sayfa", "320"), ("Dil", "Türkçe")],
        variant_key: "Kapak",
        variant_values: &["Ciltli"],
    },
    Item {
        name: "Bakır Cezve El Yapımı",
        category: "Mutfak",
        brand: "Anadolu Ev",
        description: "Gaziantep işi dövme bakır cezve, kalaylı iç yüzey.",
        price_tl: 289,
        discount: 0,
        attributes: &[("Malzeme", "Bakır"), ("Kapasite", "2 fincan")],
        variant_key: "Boy",
        variant_values: &["2 fincan", "4 fincan"],
    },
];

/// Creates the demo accounts and catalogue on first use, and prints the credentials.
/// The demo seller, who is connected to the sandbox channels.
pub const SELLER_EMAIL: &str = ACCOUNTS[1].1;

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let store = &state.store;
    let seller_email = SELLER_EMAIL;
    if store.user_by_email(seller_email).await?.is_none() {
        for (role, email, password, name) in ACCOUNTS {
            crate::create_user(store, role, email, password, Some(name)).await?;
        }
        let seller = store
            .user_by_email(seller_email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo seller missing after creation"))?;
        let mut ids = Vec::with_capacity(CATALOGUE.len());
        for (i, item) in CATALOGUE.iter().enumerate() {
            let path = demo_image(state, seller.id, i, item).await?;
            let product = to_product(i, item, path)?;
            let created = store
                .create_product(seller.id, &product, state.now_ms())
                .await?;
            ids.push(created.id);
        }
        println!("demo data loaded: {} products", CATALOGUE.len());
        demo_templates(state, seller.id, &ids).await?;
    }
    println!("demo accounts (password):");
    for (role, email, password, _) in ACCOUNTS {
        println!("  {:<8} {email}  {password}", role.as_str());
    }
    Ok(())
}

/// (catalogue position, platform, tone) of the templates already in the demo seller's gallery.
const TEMPLATES: [(usize, &str, &str); 3] = [
    (0, "instagram_post", "sales_focused"),
    (13, "instagram_story", "informative"),
    (32, "facebook_post", "premium"),
];

/// A few templates in the demo seller's gallery, so the studio opens on real work. Made
/// through the API in-process, as the seller would make them (the same rules, quota and
/// history), under a token that is revoked afterwards.
async fn demo_templates(state: &AppState, seller_id: i64, ids: &[i64]) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;

    let (token, hash) = pofuai_web::auth::new_token();
    let now = state.now_ms();
    state
        .store
        .insert_token(seller_id, &hash, now, now + 10 * 60 * 1000)
        .await?;
    let app = pofuai_web::router(state.clone());
    let mut made = 0;
    for (i, platform, tone) in TEMPLATES {
        let Some(id) = ids.get(i) else { continue };
        let body = serde_json::json!({
            "template_type": platform,
            "content_data": { "product_id": id, "language": "tr", "tone": tone },
        });
        let request = Request::post("/api/ai/generate-template")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))?;
        let response = app.clone().oneshot(request).await?;
        if response.status().is_success() {
            made += 1;
        } else {
            // The demo goes on without it; the API's own answer says why.
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 4096).await?;
            let reason = String::from_utf8_lossy(&body);
            tracing::warn!(%status, platform, %reason, "demo template not made");
        }
    }
    state.store.revoke_token(&hash, state.now_ms()).await?;
    println!("demo templates: {made} in the seller's gallery");
    Ok(())
}

pub(crate) fn to_product(i: usize, item: &Item, image: String) -> anyhow::Result<NewProduct> {
    let mut variants = Vec::new();
    for (j, value) in item.variant_values.iter().enumerate() {
        let list = (item.price_tl + 50 * j as i64) * 100 - 10;
        let sale = list - list * item.discount / 100;
        // Spread stock so that every stock filter has something to show.
        let stock = match i % 6 {
            5 => 0,
            4 => 1 + (j as i64 % 2),
            _ => ((i * 13 + j * 7) % 90 + 6) as i64,
        };
        variants.push(NewVariant {
            barcode: ean13(&format!("869{:05}{:04}", 1000 + i, j)),
            stock_code: format!("AE-{:03}-{}", i + 1, j + 1),
            attributes: BTreeMap::from([(item.variant_key.to_string(), value.to_string())]),
            stock,
            prices: Prices::parse("", list, sale, Currency::Try.as_str())
                .map_err(|e| anyhow::anyhow!("demo price: {e}"))?,
            vat_rate: if item.category == "Kitap" { 0 } else { 20 },
        });
    }
    Ok(NewProduct {
        name: item.name.to_string(),
        description: item.description.to_string(),
        category: item.category.to_string(),
        brand: item.brand.to_string(),
        attributes: item
            .attributes
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        images: vec![image],
        variants,
    })
}

/// An EAN-13 from its first 12 digits, with the check digit computed.
fn ean13(first12: &str) -> String {
    let sum: u32 = first12
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { d * 3 })
        .sum();
    format!("{first12}{}", (10 - sum % 10) % 10)
}

/// The demo photos, one per catalogue item in catalogue order: ray-traced studio shots
/// (480×480 JPEG) rendered from `assets/demo/studio.pov` by `assets/demo/build.py`. They ship
/// inside the binary so that `serve --demo` needs no files beside it.
pub(crate) const PHOTOS: &[&[u8]] = &[
    include_bytes!("../assets/demo/00.jpg"),
    include_bytes!("../assets/demo/01.jpg"),
    include_bytes!("../assets/demo/02.jpg"),
    include_bytes!("../assets/demo/03.jpg"),
    include_bytes!("../assets/demo/04.jpg"),
    include_bytes!("../assets/demo/05.jpg"),
    include_bytes!("../assets/demo/06.jpg"),
    include_bytes!("../assets/demo/07.jpg"),
    include_bytes!("../assets/demo/08.jpg"),
    include_bytes!("../assets/demo/09.jpg"),
    include_bytes!("../assets/demo/10.jpg"),
    include_bytes!("../assets/demo/11.jpg"),
    include_bytes!("../assets/demo/12.jpg"),
    include_bytes!("../assets/demo/13.jpg"),
    include_bytes!("../assets/demo/14.jpg"),
    include_bytes!("../assets/demo/15.jpg"),
    include_bytes!("../assets/demo/16.jpg"),
    include_bytes!("../assets/demo/17.jpg"),
    include_bytes!("../assets/demo/18.jpg"),
    include_bytes!("../assets/demo/19.jpg"),
    include_bytes!("../assets/demo/20.jpg"),
    include_bytes!("../assets/demo/21.jpg"),
    include_bytes!("../assets/demo/22.jpg"),
    include_bytes!("../assets/demo/23.jpg"),
    include_bytes!("../assets/demo/24.jpg"),
    include_bytes!("../assets/demo/25.jpg"),
    include_bytes!("../assets/demo/26.jpg"),
    include_bytes!("../assets/demo/27.jpg"),
    include_bytes!("../assets/demo/28.jpg"),
    include_bytes!("../assets/demo/29.jpg"),
    include_bytes!("../assets/demo/30.jpg"),
    include_bytes!("../assets/demo/31.jpg"),
    include_bytes!("../assets/demo/32.jpg"),
];

/// Stores item `i`'s photo as an upload of `owner_id` and returns its path.
async fn demo_image(
    state: &AppState,
    owner_id: i64,
    i: usize,
    item: &Item,
) -> anyhow::Result<String> {
    let photo = PHOTOS
        .get(i)
        .ok_or_else(|| anyhow::anyhow!("no demo photo for catalogue item {i} ({})", item.name))?;
    // The header is enough for the size; the record must describe the stored bytes exactly.
    let (width, height) =
        image::ImageReader::with_format(Cursor::new(photo), ImageFormat::Jpeg).into_dimensions()?;
    let path = BlobStore::new_upload_path("jpg");
    state.blobs.put(&path, photo).await?;
    state
        .store
        .insert_upload(
            NewUpload {
                owner_id,
                path: &path,
                content_type: "image/jpeg",
                byte_size: photo.len() as i64,
                width: i64::from(width),
                height: i64::from(height),
                sha256: &hex::encode(Sha256::digest(photo)),
            },
            state.now_ms(),
        )
        .await?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_check_digits_are_right() {
        // Known valid EAN-13s.
        assert_eq!(ean13("400638133393"), "4006381333931");
        assert_eq!(ean13("869000000001"), "8690000000012");
    }

    #[tokio::test]
    async fn seeding_loads_accounts_and_catalogue_once() {
        use std::sync::Arc;

        use pofuai_store::products::{ProductFilter, Scope};
        use pofuai_web::{AppState, SystemClock, WebConfig};

        let dir = tempfile::tempdir().unwrap();
        let store = pofuai_store::testing::fresh_store(dir.path())
            .await
            .unwrap();
        let config = WebConfig {
            data_dir: dir.path().to_path_buf(),
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), Arc::new(SystemClock), config);
        seed(&state).await.unwrap();
        seed(&state).await.unwrap();
        for (role, email, _, _) in ACCOUNTS {
            let user = store.user_by_email(email).await.unwrap().unwrap();
            assert_eq!(user.role, role);
        }
        let page = pofuai_store::paging::PageRequest::first(100);
        let all = store
            .list_products(Scope::All, &ProductFilter::default(), page)
            .await
            .unwrap();
        assert_eq!(all.items.len(), CATALOGUE.len(), "seeded once");
        // The studio's gallery opens on the demo templates, made once.
        let seller = store.user_by_email(SELLER_EMAIL).await.unwrap().unwrap();
        let gallery = store
            .template_history(
                &pofuai_store::templates::HistoryFilter {
                    user_id: Some(seller.id),
                    ..Default::default()
                },
                page,
            )
            .await
            .unwrap();
        let mut kinds: Vec<_> = gallery
            .items
            .iter()
            .map(|t| t.template_type.as_str())
            .collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            ["facebook_post", "instagram_post", "instagram_story"]
        );
        // Every product shows its own photo, and the upload record describes the stored bytes.
        for product in &all.items {
            let path = &product.images[0];
            let bytes = state.blobs.get(path).await.unwrap().unwrap();
            assert!(PHOTOS.contains(&bytes.as_slice()), "{path}");
            let upload = store
                .readable_upload(
                    path,
                    pofuai_store::uploads::UploadViewer {
                        user_id: 0,
                        admin: true,
                        catalogue_reader: true,
                    },
                )
                .await
                .unwrap();
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!(upload.content_type, "image/jpeg");
            assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
            assert_eq!(upload.byte_size, bytes.len() as i64);
            assert_eq!(
                (upload.width, upload.height),
                (i64::from(decoded.width()), i64::from(decoded.height()))
            );
            assert_eq!(upload.sha256, hex::encode(Sha256::digest(&bytes)));
        }
        let distinct: std::collections::BTreeSet<_> =
            all.items.iter().map(|p| p.images[0].clone()).collect();
        assert_eq!(distinct.len(), all.items.len());
        let out_of_stock = store
            .list_products(
                Scope::All,
                &ProductFilter {
                    stock: Some(pofuai_core::product::StockFilter::OutOfStock),
                    ..ProductFilter::default()
                },
                page,
            )
            .await
            .unwrap();
        assert!(
            !out_of_stock.items.is_empty(),
            "every stock filter has something to show"
        );
    }

    #[test]
    fn the_catalogue_is_large_and_valid() {
        assert!(CATALOGUE.len() >= 30);
        for (i, item) in CATALOGUE.iter().enumerate() {
            let p = to_product(i, item, "/uploads/x.png".into()).unwrap();
            assert!(!p.variants.is_empty());
            for v in &p.variants {
                pofuai_core::product::code("barcode", &v.barcode).unwrap();
                assert_eq!(v.barcode.len(), 13);
            }
        }
    }

    #[test]
    fn every_catalogue_item_has_its_own_photo() {
        assert_eq!(
            PHOTOS.len(),
            CATALOGUE.len(),
            "one photo per catalogue item"
        );
        let mut seen = std::collections::BTreeSet::new();
        for (i, photo) in PHOTOS.iter().enumerate() {
            let img = image::load_from_memory_with_format(photo, ImageFormat::Jpeg)
                .unwrap_or_else(|e| panic!("photo {i} does not decode: {e}"));
            assert_eq!((img.width(), img.height()), (480, 480), "photo {i}");
            // A render gone wrong (no light, a missing object) comes out flat: check the
            // photo has both a lit backdrop and real contrast.
            let grey = img.to_luma8();
            let (lo, hi) = grey
                .pixels()
                .fold((255u8, 0u8), |(lo, hi), p| (lo.min(p[0]), hi.max(p[0])));
            assert!(hi > 120 && hi - lo > 80, "photo {i} is flat: {lo}..{hi}");
            assert!(
                seen.insert(Sha256::digest(photo)),
                "photo {i} repeats another"
            );
        }
    }
}
