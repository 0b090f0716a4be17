use super::*;
use crate::money::{Currency, Money};

/// Every `<` in `html` must open one of the allowed tags, bare; `&` must start an entity we emit.
fn assert_safe_html(html: &str) {
    const ALLOWED: &[&str] = &["p", "ul", "li", "strong", "h3", "br"];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("unterminated tag in {html}"));
        let tag = after[..end].trim_start_matches('/');
        assert!(
            ALLOWED.contains(&tag),
            "tag <{}> not allowed in {html}",
            &after[..end]
        );
        rest = &after[end + 1..];
    }
    for (i, _) in html.match_indices('&') {
        let entity = &html[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "stray & in {html}"
        );
    }
}

fn machine() -> Product {
    Product {
        name: "Premium Kahve Makinesi".into(),
        category: Some("Elektronik".into()),
        attributes: vec![
            Attribute::new("Renk", "Siyah"),
            Attribute::new("Güç", "1500 W"),
            Attribute::new("Garanti", "2 yıl"),
            Attribute::new("Malzeme", "Paslanmaz çelik"),
            Attribute::new("Boyut", "30 x 20 x 35 cm"),
            Attribute::new("Filtre tipi", "Kalıcı filtre"),
        ],
        price: Some(Money::new(129_990, Currency::Try)),
        old_price: None,
        target_audience: Some("kahve severler".into()),
        ..Product::default()
    }
}

fn request(description: &str, options: DescribeOptions) -> DescribeRequest {
    DescribeRequest {
        product: machine(),
        description: description.into(),
        language: Language::Tr,
        options,
    }
}

const LONG_TR: &str = "Premium Kahve Makinesi ile her sabah taze demlenmiş kahvenin tadını çıkarın. \
    Paslanmaz çelik gövdesi yıllarca dayanır. Tek tuşla çalışır ve otomatik kapanma özelliği \
    sayesinde enerji tasarrufu sağlar. Kalıcı filtresi sayesinde kağıt filtre masrafından kurtulursunuz. \
    Su haznesi kolayca çıkarılır ve bulaşık makinesinde yıkanabilir. Isıtıcı tabla kahvenizi saatlerce sıcak tutar. \
    Damla durdurma sistemi sayesinde demleme sırasında sürahiyi çekebilirsiniz. Şık tasarımı her mutfağa uyum sağlar.";

#[test]
fn hostile_input_never_escapes_as_markup() {
    let attacks = [
        "<script>alert(1)</script>Güzel ürün",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">tıkla</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<<script>script>alert(1)<</script>/script>",
        "<p onclick=\"x()\">a</p><iframe src=//evil></iframe>",
        "\" onmouseover=\"alert(1)",
        "<svg><script>alert(1)</script></svg>",
        "düz metin <b>kalın</b> & \"tırnak\" 'tek'",
    ];
    let mut product = machine();
    product.name = "<b>Kötü</b> \"İsim\" & <script>".into();
    product
        .attributes
        .push(Attribute::new("<i>x</i>", "<script>y</script>"));
    for attack in attacks {
        let mut req = request(
            attack,
            DescribeOptions {
                optimize_length: Some(LengthRange { min: 200, max: 600 }),
                add_seo_keywords: Some(SeoKeywordOptions {
                    keywords: vec!["<b>seo</b>".into()],
                    max_density: 0.05,
                }),
                sales_focused: true,
                add_technical_details: true,
            },
        );
        req.product = product.clone();
        let out = enhance(&req);
        assert_safe_html(&out.html);
        assert!(!out.html.to_lowercase().contains("<script"), "{}", out.html);
        assert!(!out.html.contains("onerror="), "{}", out.html);
    }
}

#[test]
fn plain_description_is_wrapped_in_paragraphs() {
    let out = enhance(&request(
        "Birinci paragraf.\n\nİkinci & son paragraf.",
        DescribeOptions::default(),
    ));
    assert_eq!(
        out.html,
        "<p>Birinci paragraf.</p>\n<p>İkinci &amp; son paragraf.</p>"
    );
    assert_eq!(out.text, "Birinci paragraf.\n\nİkinci & son paragraf.");
    assert!(out.notes.is_empty());
}

#[test]
fn html_description_is_stripped_first() {
    let out = enhance(&request(
        "<div><h1>Başlık</h1><p style=\"x\">Metin <em>vurgulu</em>.</p></div>",
        DescribeOptions::default(),
    ));
    assert_eq!(out.html, "<p>Başlık</p>\n<p>Metin vurgulu .</p>");
}

#[test]
fn empty_description_gets_an_intro() {
    let out = enhance(&request("", DescribeOptions::default()));
    assert!(out.text.contains("Premium Kahve Makinesi"), "{}", out.text);
    assert_safe_html(&out.html);
}

#[test]
fn technical_details_use_localised_labels_in_a_fixed_order() {
    let opts = DescribeOptions {
        add_technical_details: true,
        ..DescribeOptions::default()
    };
    let table = [
        (
            Language::Tr,
            "Teknik Özellikler",
            ["Boyutlar", "Malzeme", "Renk", "Güç", "Garanti"],
        ),
        (
            Language::En,
            "Technical Details",
            ["Dimensions", "Material", "Color", "Power", "Warranty"],
        ),
        (
            Language::De,
            "Technische Details",
            ["Abmessungen", "Material", "Farbe", "Leistung", "Garantie"],
        ),
        (
            Language::Ar,
            "المواصفات الفنية",
            ["الأبعاد", "المادة", "اللون", "القدرة", "الضمان"],
        ),
    ];
    for (lang, heading, labels) in table {
        let mut req = request("Açıklama.", opts.clone());
        req.language = lang;
        let out = enhance(&req);
        assert!(
            out.html.contains(&format!("<h3>{heading}</h3>")),
            "{}",
            out.html
        );
        let mut last = 0;
        for label in labels {
            let at = out
                .html
                .find(&format!("<li><strong>{label}:</strong>"))
                .unwrap_or_else(|| panic!("{label} missing: {}", out.html));
            assert!(at > last, "{label} out of order in {}", out.html);
            last = at;
        }
        // An unknown key keeps the seller's wording and comes last in Turkish; other languages
        // leave out what they cannot translate rather than paste Turkish.
        let unknown = out
            .html
            .find("<li><strong>Filtre tipi:</strong> Kalıcı filtre</li>");
        if lang == Language::Tr {
            assert!(unknown.expect("unknown attribute kept") > last);
        } else {
            assert!(unknown.is_none(), "{}", out.html);
            assert!(
                !out.html.contains("Siyah") && !out.html.contains("yıl"),
                "{}",
                out.html
            );
        }
    }
}

#[test]
fn technical_details_without_attributes_leave_a_note() {
    let mut req = request(
        "Açıklama.",
        DescribeOptions {
            add_technical_details: true,
            ..DescribeOptions::default()
        },
    );
    req.product.attributes.clear();
    let out = enhance(&req);
    assert!(!out.html.contains("<ul>"));
    assert_eq!(out.notes, vec![DescribeNote::NoAttributes]);
}

#[test]
fn sales_focused_adds_benefits_and_a_strong_call_to_action() {
    let out = enhance(&request(
        "Kahve makinesi.",
        DescribeOptions {
            sales_focused: true,
            ..DescribeOptions::default()
        },
    ));
    // Benefits state the attributes, nothing the data does not say.
    for fact in [
        "Premium Kahve Makinesi, 2 yıl garantiyle satılır.",
        "Premium Kahve Makinesi, 1500 W güçle çalışır.",
        "Premium Kahve Makinesinin üretiminde paslanmaz çelik kullanılmıştır.",
    ] {
        assert!(out.text.contains(fact), "{fact} missing: {}", out.text);
    }
    let product = machine();
    assert!(
        crate::claims::unsupported_claims(&out.text, &product, Language::Tr, "").is_empty(),
        "{}",
        out.text
    );
    let last = out.html.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("<p><strong>") && last.ends_with("</strong></p>"),
        "{last}"
    );
}

#[test]
fn keywords_are_added_once_and_never_above_the_density_cap() {
    let opts = DescribeOptions {
        add_seo_keywords: Some(SeoKeywordOptions {
            keywords: vec!["kaliteli".into(), "uygun fiyat".into()],
            max_density: 0.03,
        }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request(LONG_TR, opts));
    assert!(
        out.text
            .contains("Kaliteli ve uygun fiyat arayanlar için ideal bir seçim."),
        "{}",
        out.text
    );
    for d in &out.keyword_density {
        assert_eq!(d.occurrences, 1, "{d:?}");
        assert!(d.density <= 0.03, "{d:?}");
    }
    assert!(out.notes.is_empty(), "{:?}", out.notes);
}

#[test]
fn keywords_that_would_be_stuffed_are_skipped() {
    // 8 words: one more "uygun fiyat" would be 2/10 words = 20 %.
    let opts = DescribeOptions {
        add_seo_keywords: Some(SeoKeywordOptions {
            keywords: vec!["uygun fiyat".into()],
            max_density: 0.03,
        }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request("Kısa bir açıklama metni burada yer alıyor.", opts));
    assert!(!out.text.contains("uygun fiyat"), "{}", out.text);
    assert_eq!(
        out.notes,
        vec![DescribeNote::KeywordSkipped {
            keyword: "uygun fiyat".into()
        }]
    );
}

#[test]
fn existing_overuse_is_reported_not_multiplied() {
    let opts = DescribeOptions {
        add_seo_keywords: Some(SeoKeywordOptions {
            keywords: vec!["kahve".into()],
            max_density: 0.03,
        }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request("Kahve kahve kahve. Kahve için kahve.", opts));
    assert_eq!(
        out.notes,
        vec![DescribeNote::KeywordOverDensity {
            keyword: "kahve".into()
        }]
    );
    assert_eq!(out.keyword_density[0].occurrences, 5);
}

#[test]
fn length_is_optimised_into_the_range() {
    let table = [(50, 120), (150, 300), (300, 500), (600, 900), (10, 30)];
    for (min, max) in table {
        for desc in ["", "Kısa.", LONG_TR] {
            let opts = DescribeOptions {
                optimize_length: Some(LengthRange { min, max }),
                sales_focused: true,
                add_technical_details: true,
                add_seo_keywords: Some(SeoKeywordOptions {
                    keywords: vec!["kaliteli".into()],
                    max_density: 0.03,
                }),
            };
            let out = enhance(&request(desc, opts));
            assert!(
                out.length <= max,
                "{min}-{max} {desc:?}: {} > max\n{}",
                out.length,
                out.text
            );
            let below = out
                .notes
                .iter()
                .any(|n| matches!(n, DescribeNote::BelowMinLength { .. }));
            assert_eq!(
                out.length < min,
                below,
                "{min}-{max}: {} {:?}",
                out.length,
                out.notes
            );
            assert_eq!(out.length, out.text.chars().count());
            assert_safe_html(&out.html);
            for d in &out.keyword_density {
                assert!(
                    d.density <= 0.03 || d.occurrences == 0,
                    "{min}-{max} {d:?}\n{}",
                    out.text
                );
            }
        }
    }
}

#[test]
fn long_text_is_trimmed_by_whole_sentences_first() {
    let opts = DescribeOptions {
        optimize_length: Some(LengthRange { min: 100, max: 250 }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request(LONG_TR, opts));
    assert!(out.length <= 250);
    assert!(out.text.starts_with("Premium Kahve Makinesi ile her sabah"));
    assert!(out.text.ends_with('.'), "{}", out.text);
}

#[test]
fn short_text_is_padded_without_repeating_sentences() {
    let opts = DescribeOptions {
        optimize_length: Some(LengthRange { min: 400, max: 800 }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request("Kısa.", opts));
    assert!(out.length >= 400, "{}", out.length);
    let sentences: Vec<&str> = out.text.split(". ").collect();
    let unique: std::collections::HashSet<&&str> = sentences.iter().collect();
    assert_eq!(unique.len(), sentences.len(), "{}", out.text);
}

#[test]
fn options_deserialize_from_api_json() {
    let json = r#"{"product":{"name":"Kahve Makinesi"},"description":"<p>x</p>","language":"tr",
        "options":{"optimize_length":{"min":100,"max":300},"add_seo_keywords":{"keywords":["kaliteli","uygun fiyat"]},
        "sales_focused":true,"add_technical_details":false}}"#;
    let req: DescribeRequest = serde_json::from_str(json).expect("valid json");
    let kw = req.options.add_seo_keywords.as_ref().expect("keywords");
    assert!((kw.max_density - 0.03).abs() < 1e-9);
    let out = enhance(&req);
    // A product with no category or attributes has nothing true to add: it stays short and says so.
    assert!(out.length <= 300, "{}", out.length);
    assert!(
        out.notes
            .iter()
            .any(|n| matches!(n, DescribeNote::BelowMinLength { .. })),
        "{:?}",
        out.notes
    );
}

#[test]
fn keywords_are_judged_on_the_padded_text() {
    // "Kısa." alone is far too short for a 3 % cap; padded to 400+ characters it is not.
    let opts = DescribeOptions {
        optimize_length: Some(LengthRange { min: 400, max: 800 }),
        add_seo_keywords: Some(SeoKeywordOptions {
            keywords: vec!["kaliteli".into(), "uygun fiyat".into()],
            max_density: 0.03,
        }),
        ..DescribeOptions::default()
    };
    let out = enhance(&request("Kısa.", opts));
    assert!(out.notes.is_empty(), "{:?}\n{}", out.notes, out.text);
    for d in &out.keyword_density {
        assert_eq!(d.occurrences, 1, "{d:?}");
        assert!(d.density <= 0.03, "{d:?}");
    }
    assert!(out.length >= 400 && out.length <= 800);
}
