//! Every public entry point survives hostile or odd input without panicking, and keeps its
//! promises (limits, safe HTML) on it.

use pofuai_text::copy::{CopyRequest, Platform, Tone, generate_copy};
use pofuai_text::describe::{
    DescribeOptions, DescribeRequest, LengthRange, SeoKeywordOptions, enhance, html_to_text,
};
use pofuai_text::money::{Currency, Money};
use pofuai_text::seo::{SeoRequest, optimize};
use pofuai_text::turkish::{
    Case, inflect, plural, slugify, title_case, tr_lowercase, tr_uppercase,
};
use pofuai_text::{Attribute, Language, Product};

fn nasty() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "'",
        "''",
        "’",
        "İ̇",
        "I\u{307}",
        "\u{307}",
        "0",
        "000",
        "%",
        "%%",
        ".,.,",
        "1.",
        ",5",
        "9".repeat(40).as_str(),
        "🔥🔥",
        "👩‍👩‍👧",
        "e\u{301}",
        "\u{200f}مرحبا\u{200e}",
        "日本語",
        "\u{0}\u{1}\u{7f}",
        "<",
        ">",
        "&",
        "&#;",
        "&#x110000;",
        "&#0;",
        "<p",
        "</",
        "<!--",
        "<script",
        "a\tb\r\nc",
        "ß",
        "ǅ",
        "ŉ",
        "ﬁ",
        "Σ",
        "A".repeat(5000).as_str(),
        "kahve ".repeat(500).as_str(),
        "İıIi",
        "USB-C",
        "iPhone15Pro",
        "MP3'ü",
        "5-10",
        "x'y'z",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    v.push("<a ".repeat(300));
    v
}

#[test]
fn turkish_functions_accept_anything() {
    for s in nasty() {
        let _ = (
            tr_lowercase(&s),
            tr_uppercase(&s),
            title_case(&s),
            plural(&s),
        );
        let slug = slugify(&s);
        assert!(
            !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
            "{s:?} -> {slug:?}"
        );
        for case in [
            Case::Accusative,
            Case::Dative,
            Case::Locative,
            Case::Ablative,
            Case::Genitive,
        ] {
            let _ = inflect(&s, case);
        }
    }
}

#[test]
fn generators_accept_anything() {
    for s in nasty() {
        let product = Product {
            name: s.clone(),
            category: Some(s.clone()),
            attributes: vec![
                Attribute::new(s.clone(), s.clone()),
                Attribute::new("Güç", s.clone()),
            ],
            price: Some(Money::new(i64::MAX, Currency::Try)),
            old_price: Some(Money::new(i64::MIN, Currency::Try)),
            target_audience: Some(s.clone()),
            brand: Some(s.clone()),
            options: vec![pofuai_text::VariantOption {
                key: s.clone(),
                values: vec![s.clone(), "Siyah".into()],
            }],
            stock: Some(i64::MIN),
            terms: vec![pofuai_text::Term {
                tr: s.clone(),
                en: Some(s.clone()),
                de: None,
                ar: Some(s.clone()),
            }],
        };
        for lang in [Language::Tr, Language::En, Language::De, Language::Ar] {
            for platform in Platform::ALL {
                let copy = generate_copy(&CopyRequest {
                    product: product.clone(),
                    language: lang,
                    tone: Tone::SalesFocused,
                    platform,
                    seed: 0,
                    price_on_image: false,
                });
                assert!(
                    copy.length <= platform.limits().max_chars,
                    "{platform:?} {s:?}"
                );
            }
            let seo = optimize(
                &SeoRequest {
                    product: product.clone(),
                    description: s.clone(),
                    language: lang,
                    keywords: vec![s.clone()],
                    max_keywords: 5,
                },
                &[s.as_str()],
            );
            assert!(seo.meta_title.chars().count() <= 60, "{s:?}");
            // Odd input may leave too few true sentences for 120 characters; never more than 160.
            let n = seo.meta_description.chars().count();
            assert!(n <= 160, "{lang:?} {s:?}: {n} {}", seo.meta_description);
            let out = enhance(&DescribeRequest {
                product: product.clone(),
                description: s.clone(),
                language: lang,
                options: DescribeOptions {
                    optimize_length: Some(LengthRange { min: 100, max: 400 }),
                    add_seo_keywords: Some(SeoKeywordOptions {
                        keywords: vec![s.clone(), String::new()],
                        max_density: 0.03,
                    }),
                    sales_focused: true,
                    add_technical_details: true,
                },
            });
            assert!(out.length <= 400, "{s:?}");
            assert!(
                !out.html.contains("<script") && !out.html.contains("<a "),
                "{s:?}"
            );
            let _ = html_to_text(&s);
        }
    }
}

#[test]
fn inverted_length_range_does_not_panic() {
    let out = enhance(&DescribeRequest {
        product: Product::named("Kahve Makinesi"),
        description: "Uzun bir açıklama metni.".into(),
        language: Language::Tr,
        options: DescribeOptions {
            optimize_length: Some(LengthRange { min: 500, max: 10 }),
            ..DescribeOptions::default()
        },
    });
    assert!(out.length <= 10, "{}", out.text);
}
