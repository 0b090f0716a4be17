use super::*;
use crate::Attribute;
use crate::money::{Currency, Money};

fn machine() -> Product {
    Product {
        name: "Premium Kahve Makinesi".into(),
        category: Some("Elektronik".into()),
        attributes: vec![
            Attribute::new("Malzeme", "Paslanmaz çelik"),
            Attribute::new("Güç", "1500 W"),
        ],
        price: Some(Money::new(129_990, Currency::Try)),
        old_price: None,
        target_audience: None,
        ..Product::default()
    }
}

const DESC: &str = "<p>Premium Kahve Makinesi ile filtre kahvenin en taze halini yakalayın. \
    Kahve makinesi, paslanmaz çelik gövdesi ve kalıcı filtresiyle yıllarca dayanır. \
    Hızlı kargo ve ücretsiz kargo fırsatıyla.</p>";

fn catalogue() -> Vec<&'static str> {
    vec![
        "Çay makinesi, hızlı kargo ve ücretsiz kargo fırsatıyla. Paslanmaz çelik demlik.",
        "Tost makinesi. Hızlı kargo ile kapınızda. Yapışmaz plakalar.",
        "Blender seti, güçlü motor. Ücretsiz kargo.",
        "Elektrikli süpürge, hızlı kargo, ücretsiz kargo, uzun garanti.",
    ]
}

fn request(keywords: &[&str]) -> SeoRequest {
    SeoRequest {
        product: machine(),
        description: DESC.into(),
        language: Language::Tr,
        keywords: keywords.iter().map(|k| (*k).to_string()).collect(),
        max_keywords: 8,
    }
}

#[test]
fn turkish_stems_unify_inflected_forms() {
    let table = [
        ("kahve makinesi", "kahve makineleri"),
        ("Kahve Makinesi'ni", "kahve makinesi"),
        ("uygun fiyat", "uygun fiyatları"),
        ("KALİTELİ", "kaliteli"),
    ];
    for (a, b) in table {
        assert_eq!(
            stem_key(a, Language::Tr),
            stem_key(b, Language::Tr),
            "{a} vs {b}"
        );
    }
    assert_ne!(
        stem_key("kahve", Language::Tr),
        stem_key("çay", Language::Tr)
    );
    assert_eq!(
        stem_key("running shoes", Language::En),
        stem_key("run shoe", Language::En)
    );
    assert_eq!(stem_key("", Language::De), "");
}

#[test]
fn catalogue_wide_words_rank_below_distinctive_ones() {
    let description = html_to_text(DESC).join(" ");
    let ranked = rank_keywords(&machine(), &description, Language::Tr, &catalogue(), 20);
    let pos = |term: &str| ranked.iter().position(|k| k.term == term);
    let kahve = pos("kahve").expect("kahve ranked");
    let kargo = pos("kargo").expect("kargo ranked");
    assert!(kahve < kargo, "{ranked:#?}");
    assert!(
        pos("ve").is_none() && pos("ile").is_none(),
        "stopwords leaked: {ranked:#?}"
    );
    // The name's phrase is found as one keyword.
    assert!(
        ranked.iter().any(|k| k.term == "kahve makinesi"),
        "{ranked:#?}"
    );
    // Scores are sorted.
    assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn without_a_corpus_ranking_still_works() {
    let empty: [&str; 0] = [];
    let ranked = rank_keywords(&machine(), "", Language::Tr, &empty, 5);
    assert!(!ranked.is_empty());
    assert!(ranked.len() <= 5);
}

#[test]
fn user_keywords_come_first_and_duplicates_by_stem_are_dropped() {
    let out = optimize(
        &request(&[
            "kaliteli",
            "uygun fiyat",
            "Uygun Fiyatlar",
            "  kahve   makinesi ",
        ]),
        &catalogue(),
    );
    let terms: Vec<&str> = out.keywords.iter().map(|k| k.term.as_str()).collect();
    assert_eq!(
        &terms[..3],
        &["kaliteli", "uygun fiyat", "kahve makinesi"],
        "{terms:?}"
    );
    assert_eq!(out.keywords[0].source, KeywordSource::User);
    let stems: HashSet<&str> = out.keywords.iter().map(|k| k.stem.as_str()).collect();
    assert_eq!(
        stems.len(),
        out.keywords.len(),
        "duplicate stems: {:#?}",
        out.keywords
    );
    assert!(out.keywords.len() <= 8);
    assert!(
        out.keywords[3..]
            .iter()
            .all(|k| k.source == KeywordSource::Extracted)
    );
}

#[test]
fn meta_title_is_short_keyword_first_and_cut_at_a_word() {
    let table: [(&str, Option<&str>, Option<&str>, &str); 5] = [
        (
            "Premium Kahve Makinesi",
            Some("kaliteli"),
            Some("Elektronik"),
            "Kaliteli - Premium Kahve Makinesi | Elektronik",
        ),
        (
            "Premium Kahve Makinesi",
            Some("premium kahve"),
            None,
            "Premium Kahve Makinesi",
        ),
        (
            "Premium Kahve Makinesi",
            None,
            Some("Elektronik"),
            "Premium Kahve Makinesi | Elektronik",
        ),
        (
            "Ultra Sessiz Paslanmaz Çelik Otomatik Öğütücülü Espresso ve Filtre Kahve Makinesi",
            Some("espresso makinesi"),
            Some("Elektronik"),
            "Espresso Makinesi - Ultra Sessiz Paslanmaz Çelik Otomatik",
        ),
        (
            "İnce ısıtıcı",
            Some("ısıtıcı"),
            None,
            "Isıtıcı - İnce ısıtıcı",
        ),
    ];
    for (name, keyword, category, want) in table {
        let mut p = Product::named(name);
        p.category = category.map(str::to_string);
        let title = meta_title(&p, keyword, Language::Tr);
        assert_eq!(title, want);
        assert!(title.chars().count() <= TITLE_MAX);
    }
    let giant = Product::named("A".repeat(100));
    assert_eq!(
        meta_title(&giant, None, Language::En).chars().count(),
        TITLE_MAX
    );
}

#[test]
fn meta_description_is_between_120_and_160_characters_in_whole_sentences() {
    let long = "Bu çok uzun bir açıklama cümlesidir ve kahve makinesinin bütün özelliklerini tek tek anlatmaya çalışır, ".repeat(5);
    let giant_word = "x".repeat(400);
    let descriptions = ["", "Kısa.", DESC, long.as_str(), giant_word.as_str()];
    for lang in [Language::Tr, Language::En, Language::De, Language::Ar] {
        for d in descriptions {
            for name in ["Premium Kahve Makinesi", "X", ""] {
                let mut p = machine();
                p.name = name.into();
                let text = html_to_text(d).join(" ");
                let m = meta_description(&p, &text, Some("kaliteli"), lang);
                let n = m.chars().count();
                // Without a name there are no facts to state, and no filler is added.
                let min = if name.is_empty() { 0 } else { DESCRIPTION_MIN };
                assert!((min..=DESCRIPTION_MAX).contains(&n), "{lang:?} {n}: {m}");
                assert!(
                    m.ends_with(['.', '!', '?', '…']),
                    "{lang:?} ends mid-sentence: {m}"
                );
            }
        }
    }
}

#[test]
fn meta_description_names_the_product_and_the_keyword_in_whole_sentences() {
    let m = meta_description(&machine(), "Taze kahve.", Some("uygun fiyat"), Language::Tr);
    assert!(m.starts_with("Premium Kahve Makinesi"), "{m}");
    assert!(
        m.contains("Uygun fiyat arayanlar için ideal bir seçim."),
        "{m}"
    );
    assert!(!m.contains("Uygun Fiyat:"), "no fragment as a lead: {m}");
    assert!(m.contains("1.299,90 TL"), "{m}");
    let m = meta_description(
        &machine(),
        "Uygun fiyat ve taze kahve.",
        Some("uygun fiyat"),
        Language::Tr,
    );
    assert!(m.contains("Uygun fiyat ve taze kahve."), "{m}");
    assert!(
        !m.contains("arayanlar için"),
        "the keyword is already there: {m}"
    );
}

#[test]
fn english_and_german_use_their_stopwords_and_stemmers() {
    let mut p = Product::named("Running Shoes for Women");
    p.category = Some("Sports".into());
    let ranked = rank_keywords(
        &p,
        "The best running shoes. These shoes run light.",
        Language::En,
        &["Shoes for men"],
        10,
    );
    assert!(
        ranked.iter().all(|k| k.term != "the" && k.term != "for"),
        "{ranked:#?}"
    );
    let run = ranked.iter().filter(|k| k.stem == "run").count();
    assert_eq!(run, 1, "{ranked:#?}");

    let p = Product::named("Kaffeemaschine aus Edelstahl");
    let ranked = rank_keywords(
        &p,
        "Die Kaffeemaschine ist schnell.",
        Language::De,
        &[] as &[&str],
        10,
    );
    assert!(
        ranked
            .iter()
            .all(|k| k.term != "die" && k.term != "aus" && k.term != "ist"),
        "{ranked:#?}"
    );
    assert_eq!(ranked[0].term, "kaffeemaschine");
}

#[test]
fn optimize_accepts_api_json() {
    let json = r#"{"product":{"name":"Premium Kahve Makinesi","category":"elektronik"},
        "description":"<p>Taze kahve.</p>","language":"tr","keywords":["kaliteli","uygun fiyat"]}"#;
    let req: SeoRequest = serde_json::from_str(json).expect("valid json");
    assert_eq!(req.max_keywords, 10);
    let out = optimize(&req, &[] as &[String]);
    assert!(out.meta_title.starts_with("Kaliteli"));
    assert!(out.meta_title.chars().count() <= TITLE_MAX);
    let n = out.meta_description.chars().count();
    assert!((DESCRIPTION_MIN..=DESCRIPTION_MAX).contains(&n));
}

#[test]
fn turkish_stem_fixes_keep_roots_whole() {
    let st = stemmer(Language::Tr);
    let table = [
        ("makinesi", "makine"),
        ("makineleri", "makine"),
        ("makinesini", "makine"),
        ("makine", "makine"),
        ("kahveyi", "kahve"),
        ("kahvenin", "kahve"),
        ("kasası", "kasa"),
        ("sosu", "sos"),
        ("fiyatları", "fiyat"),
        ("kulaklığı", "kulaklık"),
        ("evler", "ev"),
        ("filtresiyle", "filtre"),
    ];
    for (word, want) in table {
        assert_eq!(stem_word(&st, Language::Tr, word), want, "{word}");
    }
}

#[test]
fn english_titles_do_not_get_a_turkish_dotted_i() {
    let title = meta_title(
        &Product::named("Clear Phone Case"),
        Some("indie iPhone case"),
        Language::En,
    );
    assert_eq!(title, "Indie iPhone Case - Clear Phone Case");
    let title = meta_title(
        &Product::named("Şeffaf Kılıf"),
        Some("iphone kılıfı"),
        Language::Tr,
    );
    assert_eq!(title, "İphone Kılıfı - Şeffaf Kılıf");
}
