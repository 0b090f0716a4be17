use super::*;
use crate::Attribute;
use crate::money::{Currency, Money};

const LANGS: [Language; 4] = [Language::Tr, Language::En, Language::De, Language::Ar];
const TONES: [Tone; 3] = [Tone::SalesFocused, Tone::Informative, Tone::Premium];

fn coffee_machine() -> Product {
    Product {
        name: "Premium Kahve Makinesi".into(),
        category: Some("Elektronik".into()),
        attributes: vec![
            Attribute::new("Güç", "1500 W"),
            Attribute::new("Kapasite", "1,5 litre"),
            Attribute::new("Renk", "Siyah"),
        ],
        price: Some(Money::new(129_990, Currency::Try)),
        old_price: Some(Money::new(149_990, Currency::Try)),
        target_audience: Some("kahve severler".into()),
        ..Product::default()
    }
}

fn request(
    product: Product,
    language: Language,
    tone: Tone,
    platform: Platform,
    seed: u64,
) -> CopyRequest {
    CopyRequest {
        product,
        language,
        tone,
        platform,
        seed,
        price_on_image: false,
    }
}

#[test]
fn same_request_gives_same_copy() {
    let req = request(
        coffee_machine(),
        Language::Tr,
        Tone::SalesFocused,
        Platform::InstagramPost,
        42,
    );
    assert_eq!(generate_copy(&req), generate_copy(&req));
}

#[test]
fn seeds_change_the_wording() {
    let texts: std::collections::HashSet<String> = (0..20)
        .map(|seed| {
            generate_copy(&request(
                coffee_machine(),
                Language::Tr,
                Tone::SalesFocused,
                Platform::Facebook,
                seed,
            ))
            .text
        })
        .collect();
    assert!(
        texts.len() >= 5,
        "only {} distinct posts from 20 seeds",
        texts.len()
    );
}

#[test]
fn different_products_pick_different_templates_for_the_same_seed() {
    // Replace the name in each headline by a marker: what is left is the template choice.
    let names = [
        "Kahve Makinesi",
        "Çay Bardağı",
        "Bluetooth Kulaklık",
        "Yoga Matı",
        "Deri Cüzdan",
        "Masa Lambası",
    ];
    let shapes: std::collections::HashSet<String> = names
        .iter()
        .map(|n| {
            let copy = generate_copy(&request(
                Product::named(*n),
                Language::En,
                Tone::SalesFocused,
                Platform::Facebook,
                1,
            ));
            copy.text.replace(n, "<N>")
        })
        .collect();
    assert!(
        shapes.len() >= 2,
        "every product got the same template: {shapes:?}"
    );
}

#[test]
fn turkish_copy_applies_suffixes_to_names_and_audiences() {
    let mut seen_acc = false;
    let mut seen_audience = false;
    for seed in 0..60 {
        let copy = generate_copy(&request(
            coffee_machine(),
            Language::Tr,
            Tone::SalesFocused,
            Platform::Facebook,
            seed,
        ));
        assert!(!copy.text.contains("Makinesi'i"), "{}", copy.text);
        assert!(!copy.text.contains("Makinesi'yi"), "{}", copy.text);
        assert!(
            !copy.text.contains("Makinesi'ni"),
            "TDK: no apostrophe: {}",
            copy.text
        );
        seen_acc |= copy.text.contains("Premium Kahve Makinesini");
        seen_audience |= copy.text.contains("kahve severler için")
            || copy.text.contains("Kahve severler için")
            || copy.text.contains("Kahve severlere özel");
    }
    assert!(seen_acc, "no accusative form in 60 seeds");
    // Attribute sentences name the attribute before its value, in the product's own words.
    let mut seen_fact = false;
    for seed in 0..20 {
        let copy = generate_copy(&request(
            coffee_machine(),
            Language::Tr,
            Tone::Informative,
            Platform::InstagramPost,
            seed,
        ));
        seen_fact |= copy
            .text
            .contains("Premium Kahve Makinesi, 1500 W güçle çalışır.")
            || copy
                .text
                .contains("Premium Kahve Makinesi, 1,5 litre kapasitelidir.");
    }
    assert!(seen_fact, "no attribute sentence in 20 seeds");
    let copy = generate_copy(&request(
        coffee_machine(),
        Language::Tr,
        Tone::Informative,
        Platform::InstagramPost,
        0,
    ));
    assert!(
        !copy.hashtags.iter().any(|t| t == "#Makinesi"),
        "{:?}",
        copy.hashtags
    );
    assert!(seen_audience, "no audience phrase in 60 seeds");
}

#[test]
fn turkish_price_and_discount_are_formatted_turkish_style() {
    let mut seen_discount = false;
    for seed in 0..30 {
        let copy = generate_copy(&request(
            coffee_machine(),
            Language::Tr,
            Tone::Informative,
            Platform::Facebook,
            seed,
        ));
        assert!(!copy.text.contains("1299"), "{}", copy.text);
        if copy.text.contains("%13") {
            seen_discount = true;
            assert!(copy.text.contains("1.299,90 TL"), "{}", copy.text);
            assert!(copy.text.contains("1.499,90 TL"), "{}", copy.text);
        }
    }
    assert!(seen_discount);
}

#[test]
fn every_platform_language_and_tone_stays_within_limits() {
    let mut long = coffee_machine();
    long.name =
        "Ultra Sessiz Paslanmaz Çelik Otomatik Öğütücülü Espresso ve Filtre Kahve Makinesi".into();
    long.target_audience =
        Some("evde barista kalitesinde kahve içmek isteyen kahve severler".into());
    for product in [coffee_machine(), long, Product::named("X")] {
        for platform in Platform::ALL {
            let limits = platform.limits();
            for lang in LANGS {
                for tone in TONES {
                    for seed in 0..4 {
                        let copy =
                            generate_copy(&request(product.clone(), lang, tone, platform, seed));
                        assert!(
                            copy.length <= limits.max_chars,
                            "{platform:?} {lang:?}: {}",
                            copy.text
                        );
                        assert_eq!(copy.length, limits.count(&copy.text));
                        assert!(copy.hashtags.len() <= limits.max_hashtags);
                        assert!(!copy.headline.is_empty());
                        assert!(
                            !copy.text.contains('{'),
                            "unfilled placeholder: {}",
                            copy.text
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn x_posts_are_cut_to_280_weighted_characters() {
    let mut p = coffee_machine();
    p.name = "Kahve ".repeat(80);
    let copy = generate_copy(&request(
        p,
        Language::Tr,
        Tone::SalesFocused,
        Platform::Twitter,
        3,
    ));
    assert!(copy.length <= 280, "{}", copy.length);
    assert!(copy.text.ends_with('…') || copy.text.len() < 280 * 4);
}

#[test]
fn x_weighting_counts_emoji_and_cjk_double() {
    let table = [
        ("abc", 3),
        ("çğış", 4),
        ("قهوة", 4),
        ("🔥", 2),
        ("日本", 4),
        ("a—b", 3),
    ];
    for (text, want) in table {
        assert_eq!(x_weighted_length(text), want, "{text}");
    }
}

#[test]
fn hashtags_keep_turkish_letters_and_are_deduplicated() {
    let input: Vec<String> = [
        "kahve severler",
        "Kahve Severler",
        "Çay Fırsatı",
        "iPhone 15",
        "İNDİRİM",
        "2024",
        "Kahve Makinesi'ni",
        "منتج جديد",
        "!!!",
        "Bakır Cezve",
        "bakır cezve",
        "istanbul",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    assert_eq!(
        hashtags(&input),
        vec![
            "#KahveSeverler",
            "#ÇayFırsatı",
            "#iPhone15",
            "#İNDİRİM",
            "#KahveMakinesini",
            "#منتج_جديد",
            "#BakırCezve",
            "#İstanbul"
        ]
    );
}

#[test]
fn instagram_never_gets_more_than_30_hashtags() {
    let body = vec!["Body.".to_string()];
    let tags: Vec<String> = (0..50).map(|i| format!("#Tag{i}")).collect();
    let copy = fit_to_platform("Head", &body, "Buy", &tags, Platform::InstagramPost);
    assert_eq!(copy.hashtags.len(), 30);
    assert_eq!(copy.text.matches('#').count(), 30);
}

#[test]
fn fitting_drops_body_sentences_before_cutting_words() {
    let body: Vec<String> = (0..10)
        .map(|i| format!("Sentence number {i} has a few words in it."))
        .collect();
    let copy = fit_to_platform(
        "Headline",
        &body,
        "Order now!",
        &["#A".into(), "#B".into()],
        Platform::Twitter,
    );
    assert!(copy.length <= 280);
    assert!(copy.body.starts_with("Sentence number 0"));
    assert!(
        copy.body.ends_with('.'),
        "whole sentences only: {}",
        copy.body
    );
    assert!(copy.text.contains("Order now!"));
}

#[test]
fn other_languages_produce_their_own_text() {
    let checks: [(Language, &[&str]); 3] = [
        (
            Language::En,
            &[
                "Order", "Discover", "cart", "Get", "Save", "Only", "miss", "deal",
            ],
        ),
        (
            Language::De,
            &["Sie", "Jetzt", "für", "Warenkorb", "Angebot", "sparen"],
        ),
        (
            Language::Ar,
            &["الآن", "اطلب", "بسعر", "عرض", "السلة", "فقط"],
        ),
    ];
    for (lang, words) in checks {
        let copy = generate_copy(&request(
            coffee_machine(),
            lang,
            Tone::SalesFocused,
            Platform::Facebook,
            9,
        ));
        assert!(
            words.iter().any(|w| copy.text.contains(w)),
            "{lang:?}: {}",
            copy.text
        );
        for turkish in ["'ni", "Hemen", "sipariş", "için", "indirim"] {
            assert!(
                !copy.text.contains(turkish),
                "Turkish leaked into {lang:?}: {}",
                copy.text
            );
        }
    }
    let de = generate_copy(&request(
        coffee_machine(),
        Language::De,
        Tone::SalesFocused,
        Platform::Facebook,
        9,
    ));
    if de.text.contains("Rabatt") {
        assert!(de.text.contains("1.299,90 TL"));
    }
}

#[test]
fn story_text_is_short() {
    let copy = generate_copy(&request(
        coffee_machine(),
        Language::Tr,
        Tone::Premium,
        Platform::InstagramStory,
        5,
    ));
    assert!(copy.length <= 250);
    assert!(!copy.call_to_action.is_empty());
}

#[test]
fn request_deserializes_from_api_json() {
    let json = r#"{"product":{"name":"Premium Kahve Makinesi","category":"elektronik",
        "target_audience":"kahve severler","price":{"minor":129990,"currency":"TRY"}},
        "language":"tr","tone":"sales_focused","platform":"instagram_post","seed":3}"#;
    let req: CopyRequest = serde_json::from_str(json).expect("valid json");
    assert_eq!(req.platform, Platform::InstagramPost);
    assert_eq!(req.tone, Tone::SalesFocused);
    assert!(generate_copy(&req).text.contains("Kahve"));
}

#[test]
fn possessive_audiences_and_names_take_the_buffer_n() {
    let mut product = Product::named("iPhone 15 Kılıfı");
    product.target_audience = Some("Müzik Tutkunları".into());
    let mut seen_dative = false;
    for seed in 0..40 {
        let copy = generate_copy(&request(
            product.clone(),
            Language::Tr,
            Tone::SalesFocused,
            Platform::Facebook,
            seed,
        ));
        assert!(!copy.text.contains("tutkunlarıya"), "{}", copy.text);
        assert!(!copy.text.contains("Kılıfı'yı"), "{}", copy.text);
        assert!(
            !copy.body.contains("Tutkunları"),
            "audience not lower-cased: {}",
            copy.text
        );
        seen_dative |= copy.text.contains("üzik tutkunlarına özel");
    }
    assert!(seen_dative);
}
