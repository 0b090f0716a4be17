//! The demo catalogue's generated text, read the way a seller and a shopper would: every
//! product in every language and tone. No claim the product's data does not support, little
//! repetition across the catalogue, Turkish suffixes by TDK spelling, and no Turkish words in
//! English, German or Arabic text (product and brand names aside).
//!
//! `POFUAI_COPY_DUMP=/path/file.jsonl cargo test -p pofuai demo_copy` also writes every
//! Turkish text to a file, which `crates/pofuai-text/tools/turkish_check.py` checks with an
//! independent morphological analyser.

use pofuai_text::claims::{ClaimKind, claims_in, unsupported_claims};
use pofuai_text::copy::{CopyRequest, Platform, Tone, generate_copy};
use pofuai_text::describe::{DescribeOptions, DescribeRequest, LengthRange, enhance};
use pofuai_text::money::{Currency, Money};
use pofuai_text::quality::repetition;
use pofuai_text::seo::{SeoRequest, optimize};
use pofuai_text::turkish::{WordKind, name_kind};
use pofuai_text::{Language, Product, VariantFacts};

use crate::demo::{CATALOGUE, to_product};

const LANGS: [Language; 4] = [Language::Tr, Language::En, Language::De, Language::Ar];
const TONES: [Tone; 3] = [Tone::SalesFocused, Tone::Informative, Tone::Premium];

/// One demo product as the text engine sees it, with the seller's description.
struct Demo {
    product: Product,
    description: String,
}

fn catalogue() -> Vec<Demo> {
    CATALOGUE
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let p = to_product(i, item, "/uploads/demo.png".into()).expect("demo product");
            let variants: Vec<VariantFacts> = p
                .variants
                .iter()
                .map(|v| VariantFacts {
                    attributes: v.attributes.clone().into_iter().collect(),
                    available: v.stock,
                    sale_price: Money::new(v.prices.sale_price, Currency::Try),
                    list_price: Money::new(v.prices.list_price, Currency::Try),
                })
                .collect();
            Demo {
                product: Product::from_catalogue(
                    &p.name,
                    &p.category,
                    &p.brand,
                    p.attributes.clone(),
                    &variants,
                ),
                description: p.description.clone(),
            }
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A social post's body (what a description-like measure compares).
    Post,
    /// The whole post: headline, body, call to action, hashtags.
    WholePost,
    Description,
    DescriptionProse,
    MetaDescription,
}

struct Generated {
    product: usize,
    lang: Language,
    tone: Option<Tone>,
    kind: Kind,
    text: String,
}

fn generate(demos: &[Demo]) -> Vec<Generated> {
    let corpus: Vec<&str> = demos.iter().map(|d| d.description.as_str()).collect();
    let mut out = Vec::new();
    for (i, d) in demos.iter().enumerate() {
        for lang in LANGS {
            for tone in TONES {
                for (platform, seed, price_on_image) in [
                    (Platform::Facebook, 0, false),
                    (Platform::InstagramPost, 1, true),
                    (Platform::Twitter, 2, false),
                    (Platform::InstagramStory, 3, true),
                ] {
                    let copy = generate_copy(&CopyRequest {
                        product: d.product.clone(),
                        language: lang,
                        tone,
                        platform,
                        seed,
                        price_on_image,
                    });
                    if platform == Platform::Facebook {
                        out.push(Generated {
                            product: i,
                            lang,
                            tone: Some(tone),
                            kind: Kind::Post,
                            text: copy.body.clone(),
                        });
                    }
                    out.push(Generated {
                        product: i,
                        lang,
                        tone: Some(tone),
                        kind: Kind::WholePost,
                        text: copy.text,
                    });
                }
            }
            let described = enhance(&DescribeRequest {
                product: d.product.clone(),
                description: d.description.clone(),
                language: lang,
                options: DescribeOptions {
                    optimize_length: Some(LengthRange {
                        min: 300,
                        max: 1200,
                    }),
                    sales_focused: true,
                    add_technical_details: true,
                    ..DescribeOptions::default()
                },
            });
            out.push(Generated {
                product: i,
                lang,
                tone: None,
                kind: Kind::Description,
                text: described.text,
            });
            // The prose alone (the heading and list of technical details are structure, not
            // sentences), for the repetition measure.
            out.push(Generated {
                product: i,
                lang,
                tone: None,
                kind: Kind::DescriptionProse,
                text: described
                    .html
                    .split("<p>")
                    .skip(1)
                    .filter_map(|p| p.split("</p>").next())
                    .map(|p| p.replace("<strong>", "").replace("</strong>", ""))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
            let others: Vec<&str> = corpus
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| *t)
                .collect();
            let seo = optimize(
                &SeoRequest {
                    product: d.product.clone(),
                    description: d.description.clone(),
                    language: lang,
                    keywords: Vec::new(),
                    max_keywords: 8,
                },
                &others,
            );
            out.push(Generated {
                product: i,
                lang,
                tone: None,
                kind: Kind::MetaDescription,
                text: seo.meta_description,
            });
        }
    }
    if let Some(path) = std::env::var_os("POFUAI_COPY_DUMP") {
        dump(&path, demos, &out);
    }
    out
}

/// Every Turkish text as JSON lines, with the words the seller wrote (names, brands, values),
/// which the independent checker does not count against the generator.
fn dump(path: &std::ffi::OsStr, demos: &[Demo], all: &[Generated]) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).expect("dump file");
    for g in all.iter().filter(|g| {
        g.lang == Language::Tr && !matches!(g.kind, Kind::Post | Kind::DescriptionProse)
    }) {
        let d = &demos[g.product];
        let mut seller: Vec<String> = vec![d.product.name.clone(), d.description.clone()];
        seller.extend(d.product.brand.clone());
        seller.extend(d.product.category.clone());
        for a in &d.product.attributes {
            seller.push(a.key.clone());
            seller.push(a.value.clone());
        }
        for o in &d.product.options {
            seller.push(o.key.clone());
            seller.extend(o.values.iter().cloned());
        }
        let line = serde_json::json!({
            "product": d.product.name,
            "brand": d.product.brand,
            "kind": format!("{:?}", g.kind),
            "tone": g.tone.map(|t| format!("{t:?}")),
            "text": g.text,
            "seller_text": seller,
        });
        writeln!(file, "{line}").expect("write dump");
    }
}

#[test]
fn no_generated_text_claims_what_the_product_data_does_not_support() {
    let demos = catalogue();
    let all = generate(&demos);
    let mut failures = Vec::new();
    let mut supported_seen = std::collections::HashSet::new();
    for g in &all {
        let d = &demos[g.product];
        for c in unsupported_claims(&g.text, &d.product, g.lang, &d.description) {
            failures.push(format!(
                "{} [{:?} {:?} {:?}] claims {:?} (\"{}\"): {}",
                d.product.name, g.lang, g.tone, g.kind, c.kind, c.phrase, g.text
            ));
        }
        for c in claims_in(&g.text, g.lang) {
            supported_seen.insert(c.kind);
        }
    }
    assert!(
        failures.is_empty(),
        "{} unsupported claims:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The check is not vacuous: where the data supports a claim, the copy does make it.
    for kind in [
        ClaimKind::Discount,
        ClaimKind::LimitedStock,
        ClaimKind::Warranty,
    ] {
        assert!(
            supported_seen.contains(&kind),
            "no supported {kind:?} claim anywhere in the catalogue's copy"
        );
    }
}

#[test]
fn generated_sentences_rarely_repeat_across_the_catalogue() {
    let demos = catalogue();
    let all = generate(&demos);
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for lang in LANGS {
        let mut sets: Vec<(String, Vec<&str>)> = Vec::new();
        for tone in TONES {
            let texts = all
                .iter()
                .filter(|g| g.lang == lang && g.tone == Some(tone) && g.kind == Kind::Post)
                .map(|g| g.text.as_str())
                .collect();
            sets.push((format!("{lang:?} {tone:?} posts"), texts));
        }
        for kind in [Kind::DescriptionProse, Kind::MetaDescription] {
            let texts = all
                .iter()
                .filter(|g| g.lang == lang && g.kind == kind)
                .map(|g| g.text.as_str())
                .collect();
            sets.push((format!("{lang:?} {kind:?}"), texts));
        }
        for (what, texts) in sets {
            assert_eq!(texts.len(), demos.len(), "{what}");
            let r = repetition(&texts);
            let (shared, share) = r.most_shared.clone().unwrap_or_default();
            report.push(format!(
                "{what}: {:.0} % distinct of {} sentences; most shared in {:.0} %: {shared}",
                r.distinct_share * 100.0,
                r.sentences,
                share * 100.0
            ));
            if r.distinct_share < 0.8 || share > 0.10 {
                failures.push(report.last().cloned().unwrap_or_default());
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "too repetitive:\n{}",
        failures.join("\n")
    );
}

#[test]
fn turkish_text_follows_tdk_suffix_rules() {
    let demos = catalogue();
    let all = generate(&demos);
    let mut failures = Vec::new();
    for g in all.iter().filter(|g| g.lang == Language::Tr) {
        let d = &demos[g.product];
        // Common-noun product names take suffixes without an apostrophe.
        if name_kind(&d.product.name, d.product.brand.as_deref()) == WordKind::Common
            && g.text.contains(&format!("{}'", d.product.name))
        {
            failures.push(format!("apostrophe after a common noun: {}", g.text));
        }
        // Never two apostrophes in one word ("12'li'yi").
        for word in g.text.split_whitespace() {
            if word.matches(['\'', '’']).count() > 1 {
                failures.push(format!("double apostrophe in {word:?}: {}", g.text));
            }
        }
        // Units and proper nouns keep their case.
        for kept in ["Türkçe", "RFID", "Bluetooth", "Pa", "AMOLED", "mAh"] {
            let lower = pofuai_text::turkish::tr_lowercase(kept);
            if g.text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == lower)
            {
                failures.push(format!("{kept} lower-cased: {}", g.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The forms the catalogue needs most, as they appear in generated text.
    let turkish: Vec<&str> = all
        .iter()
        .filter(|g| g.lang == Language::Tr)
        .map(|g| g.text.as_str())
        .collect();
    for form in [
        "Premium Kahve Makinesini",
        "Kablosuz Bluetooth Kulaklığı",
        "İnce Belli Çay Bardağı 12'liyi",
    ] {
        assert!(
            turkish.iter().any(|t| t.contains(form)),
            "{form} never generated"
        );
    }
}

#[test]
fn english_german_and_arabic_never_paste_turkish_vocabulary() {
    let demos = catalogue();
    let all = generate(&demos);
    // Words that are the same in the other languages or international.
    const SHARED: &[&str] = &[
        "metal",
        "mint",
        "granit",
        "regular",
        "bluetooth",
        "amoled",
        "rfid",
        "atm",
        "standard",
        "set",
        "model",
        "premium",
        "led",
        "elektronik",
        "mah",
    ];
    let mut turkish_words = std::collections::BTreeSet::new();
    for d in &demos {
        let mut vocabulary: Vec<&str> = Vec::new();
        vocabulary.extend(d.product.category.as_deref());
        for a in &d.product.attributes {
            vocabulary.push(&a.key);
            vocabulary.push(&a.value);
        }
        for o in &d.product.options {
            vocabulary.push(&o.key);
            vocabulary.extend(o.values.iter().map(String::as_str));
        }
        for v in vocabulary {
            for w in v.split(|c: char| !c.is_alphabetic()) {
                let w = pofuai_text::turkish::tr_lowercase(w);
                if w.chars().count() >= 3 && !SHARED.contains(&w.as_str()) {
                    turkish_words.insert(w);
                }
            }
        }
    }
    let mut failures = Vec::new();
    for g in all.iter().filter(|g| g.lang != Language::Tr) {
        // Product and brand names are the seller's own and stay as written.
        let mut text = g.text.clone();
        for d in &demos {
            text = text.replace(&d.product.name, " ");
            if let Some(b) = &d.product.brand {
                text = text.replace(b, " ");
            }
        }
        // Hashtags of the name are the name.
        let lower = text
            .split_whitespace()
            .filter(|t| !t.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for w in lower.split(|c: char| !c.is_alphabetic()) {
            if turkish_words.contains(w) {
                failures.push(format!("{:?} {:?}: \"{w}\" in {}", g.lang, g.kind, g.text));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} Turkish words pasted:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
