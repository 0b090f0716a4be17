//! Product improvement suggestions: rules that look at a product the way the marketplaces
//! will (Trendyol titles ≤ 100 characters and ≤ 8 images, its required warranty and size
//! attributes, N11 titles ≥ 15 characters) and rank what to fix first. Blocking severity is kept
//! for what a channel would refuse. Pure: the caller gathers the facts.

use std::collections::BTreeMap;

use serde::Serialize;

/// What the rules need to know about one product.
#[derive(Debug, Clone)]
pub struct ProductFacts {
    pub name: String,
    pub brand: String,
    pub category: String,
    /// Plain text of the description (HTML removed).
    pub description_text: String,
    pub attributes: BTreeMap<String, String>,
    /// Attribute names the variants carry ("Renk", "Beden"): present on the product too.
    pub variant_attributes: Vec<String>,
    /// (width, height) of each image, in order.
    pub images: Vec<(i64, i64)>,
    /// Barcodes of the variants.
    pub barcodes: Vec<String>,
    /// Lowest sale price among the variants, minor units.
    pub sale_price: Option<i64>,
    /// The seller's other products in the same category, to compare the price with.
    pub neighbours: Vec<PricePoint>,
}

/// Another product of the seller, for price comparison.
#[derive(Debug, Clone)]
pub struct PricePoint {
    pub brand: String,
    pub attributes: BTreeMap<String, String>,
    /// Lowest sale price among its variants, minor units.
    pub sale_price: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A marketplace will refuse or hide the listing.
    Blocking,
    /// Sales suffer noticeably.
    Important,
    /// Worth doing.
    Minor,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable: `title_too_long`, `title_too_short`, `missing_attributes`, `thin_description`,
    /// `too_few_images`, `low_resolution_images`, `invalid_barcode`, `recommended_attributes`,
    /// `price_far_from_neighbours`.
    pub code: &'static str,
    pub severity: Severity,
    /// The product field it concerns.
    pub field: &'static str,
    pub message: String,
    /// A concrete replacement value where one can be computed.
    pub proposed: Option<serde_json::Value>,
}

/// Trendyol's title limit; the strictest of the channels we sell on.
pub const TITLE_MAX: usize = 100;
/// N11 refuses shorter titles; shorter titles also rank poorly everywhere.
pub const TITLE_MIN: usize = 15;
pub const DESCRIPTION_MIN: usize = 150;
pub const IMAGES_MIN: usize = 3;
/// Trendyol accepts at most 8 images.
pub const IMAGES_MAX: usize = 8;
/// Marketplaces zoom from about 1200 px on the short side; below 800 they look soft.
pub const IMAGE_MIN_SIDE: i64 = 800;

/// An attribute the marketplaces ask for in a category: its name, the other names sellers use
/// for it, and whether a channel refuses the listing without it (Trendyol: "Garanti Süresi" in
/// electronics, "Beden" in clothing).
#[derive(Debug, Clone, Copy)]
pub struct RequiredAttribute {
    pub name: &'static str,
    pub synonyms: &'static [&'static str],
    pub refused_without: bool,
}

const fn req(
    name: &'static str,
    synonyms: &'static [&'static str],
    refused_without: bool,
) -> RequiredAttribute {
    RequiredAttribute {
        name,
        synonyms,
        refused_without,
    }
}

/// Attributes the marketplaces ask for in a category (a small built-in map; the channel
/// integrations know each platform's full lists).
pub fn required_attributes(category: &str) -> &'static [RequiredAttribute] {
    const GARANTI: RequiredAttribute = req("Garanti", &["Garanti Süresi", "Warranty"], true);
    const RENK: RequiredAttribute = req("Renk", &["Color", "Colour"], false);
    const MALZEME: RequiredAttribute = req("Malzeme", &["Materyal", "Kumaş", "Material"], false);
    const ELEKTRONIK: &[RequiredAttribute] = &[GARANTI, RENK];
    const GIYIM: &[RequiredAttribute] = &[
        req("Beden", &["Numara", "Size"], true),
        RENK,
        req("Kumaş", &["Malzeme", "Materyal", "Fabric"], false),
    ];
    const EV: &[RequiredAttribute] = &[MALZEME, RENK];
    const MUTFAK: &[RequiredAttribute] = &[MALZEME];
    const KOZMETIK: &[RequiredAttribute] = &[req("Hacim", &["Boyut", "Boyutu", "Volume"], false)];
    const SPOR: &[RequiredAttribute] = &[RENK];
    const OYUNCAK: &[RequiredAttribute] = &[req("Yaş", &["Yaş Grubu", "Age"], false)];
    const KITAP: &[RequiredAttribute] = &[
        req("Sayfa", &["Sayfa Sayısı", "Pages"], false),
        req("Dil", &["Language"], false),
    ];
    match crate::search::fold(category).as_str() {
        "elektronik" => ELEKTRONIK,
        "giyim" => GIYIM,
        "ev & yasam" | "ev ve yasam" => EV,
        "mutfak" => MUTFAK,
        "kozmetik" => KOZMETIK,
        "spor" => SPOR,
        "oyuncak" => OYUNCAK,
        "kitap" => KITAP,
        _ => &[],
    }
}

/// Whether the product or its variants carry the attribute, under its name or a synonym.
fn has_attribute(p: &ProductFacts, want: &RequiredAttribute) -> bool {
    let names: Vec<String> = std::iter::once(want.name)
        .chain(want.synonyms.iter().copied())
        .map(crate::search::fold)
        .collect();
    p.attributes
        .iter()
        .any(|(k, v)| names.contains(&crate::search::fold(k)) && !v.trim().is_empty())
        || p.variant_attributes
            .iter()
            .any(|k| names.contains(&crate::search::fold(k)))
}

/// Robust spread of log prices: (median, median absolute deviation).
fn log_median_mad(prices: &[i64]) -> Option<(f64, f64)> {
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut logs: Vec<f64> = prices
        .iter()
        .filter(|p| **p > 0)
        .map(|p| (*p as f64).ln())
        .collect();
    if logs.is_empty() {
        return None;
    }
    let m = median(&mut logs);
    let mut dev: Vec<f64> = logs.iter().map(|l| (l - m).abs()).collect();
    Some((m, median(&mut dev)))
}

/// Fewest comparable products a price finding needs.
pub const MIN_NEIGHBOURS: usize = 4;

/// The products to compare a price with: the same brand sharing an attribute name, else the
/// same brand, else products sharing an attribute value; with a description of the choice.
fn price_neighbours<'a>(p: &ProductFacts) -> Option<(Vec<i64>, &'a str)> {
    let same_brand = |n: &&PricePoint| {
        crate::search::fold(&n.brand) == crate::search::fold(&p.brand) && !p.brand.trim().is_empty()
    };
    let shares_key = |n: &&PricePoint| n.attributes.keys().any(|k| p.attributes.contains_key(k));
    let shares_value = |n: &&PricePoint| {
        n.attributes
            .iter()
            .any(|(k, v)| p.attributes.get(k).is_some_and(|mine| mine == v))
    };
    type Keep<'k> = &'k dyn Fn(&&PricePoint) -> bool;
    let tiers: [(Keep, &str); 3] = [
        (
            &|n| same_brand(n) && shares_key(n),
            "same brand, similar attributes",
        ),
        (&same_brand, "same brand"),
        (&shares_value, "same attribute values"),
    ];
    for (keep, why) in tiers {
        let prices: Vec<i64> = p
            .neighbours
            .iter()
            .filter(keep)
            .map(|n| n.sale_price)
            .collect();
        if prices.len() >= MIN_NEIGHBOURS {
            return Some((prices, why));
        }
    }
    None
}

/// True for a GTIN-8, -12, -13 or -14 with a correct check digit.
pub fn is_gtin(code: &str) -> bool {
    if !matches!(code.len(), 8 | 12 | 13 | 14) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = code.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// Cuts `text` to `max` characters at a word boundary.
fn cut_at_word(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Every finding for the product, most severe first.
pub fn suggest(p: &ProductFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let title_len = p.name.chars().count();
    if title_len > TITLE_MAX {
        out.push(Finding {
            code: "title_too_long",
            severity: Severity::Blocking,
            field: "name",
            message: format!("{title_len} characters; Trendyol accepts at most {TITLE_MAX}"),
            proposed: Some(cut_at_word(&p.name, TITLE_MAX).into()),
        });
    } else if title_len < TITLE_MIN {
        let mut longer = p.name.clone();
        if !crate::search::fold(&p.name).contains(&crate::search::fold(&p.brand)) {
            longer = format!("{} {longer}", p.brand);
        }
        for value in p.attributes.values().take(2) {
            longer.push(' ');
            longer.push_str(value);
        }
        out.push(Finding {
            code: "title_too_short",
            severity: Severity::Important,
            field: "name",
            message: format!("{title_len} characters; N11 needs at least {TITLE_MIN} and short titles rank poorly"),
            proposed: Some(cut_at_word(&longer, TITLE_MAX).into()),
        });
    }
    let missing: Vec<&RequiredAttribute> = required_attributes(&p.category)
        .iter()
        .filter(|a| !has_attribute(p, a))
        .collect();
    let (refused, asked): (Vec<&RequiredAttribute>, Vec<&RequiredAttribute>) =
        missing.into_iter().partition(|a| a.refused_without);
    for (list, code, severity, why) in [
        (
            refused,
            "missing_attributes",
            Severity::Blocking,
            "channels refuse the listing without",
        ),
        (
            asked,
            "recommended_attributes",
            Severity::Important,
            "marketplaces ask for",
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let names: Vec<&str> = list.iter().map(|a| a.name).collect();
        out.push(Finding {
            code,
            severity,
            field: "attributes",
            message: format!("in {} {why}: {}", p.category, names.join(", ")),
            proposed: Some(names.into()),
        });
    }
    let desc_len = p.description_text.chars().count();
    if desc_len < DESCRIPTION_MIN {
        out.push(Finding {
            code: "thin_description",
            severity: Severity::Important,
            field: "description",
            message: format!(
                "{desc_len} characters; at least {DESCRIPTION_MIN} help buyers and search"
            ),
            proposed: None,
        });
    }
    if p.images.len() < IMAGES_MIN {
        out.push(Finding {
            code: "too_few_images",
            severity: if p.images.is_empty() {
                Severity::Blocking
            } else {
                Severity::Important
            },
            field: "images",
            message: format!(
                "{} image(s); add {} more (up to {IMAGES_MAX})",
                p.images.len(),
                IMAGES_MIN - p.images.len()
            ),
            proposed: None,
        });
    }
    let small: Vec<usize> = p
        .images
        .iter()
        .enumerate()
        .filter(|(_, (w, h))| (*w).min(*h) < IMAGE_MIN_SIDE)
        .map(|(i, _)| i)
        .collect();
    if !small.is_empty() {
        out.push(Finding {
            code: "low_resolution_images",
            severity: Severity::Minor,
            field: "images",
            message: format!("image(s) {small:?} are under {IMAGE_MIN_SIDE} px on the short side"),
            proposed: None,
        });
    }
    let bad: Vec<&String> = p.barcodes.iter().filter(|b| !is_gtin(b)).collect();
    if !bad.is_empty() {
        out.push(Finding {
            code: "invalid_barcode",
            severity: Severity::Important,
            field: "variants.barcode",
            message: format!(
                "not valid GTIN/EAN barcodes: {}",
                bad.iter()
                    .map(|b| b.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            proposed: None,
        });
    }
    // A price is questioned only against comparable products, and only when it is an outlier
    // given how much their prices already vary (log scale, robust z above 3): a robot vacuum
    // among headphones is in another price band, not mispriced.
    if let Some(price) = p.sale_price.filter(|p| *p > 0)
        && let Some((prices, why)) = price_neighbours(p)
        && let Some((median_log, mad)) = log_median_mad(&prices)
    {
        let spread = mad.max(0.1);
        let z = ((price as f64).ln() - median_log).abs() / (1.4826 * spread);
        if z > 3.0 {
            let median = median_log.exp().round() as i64;
            out.push(Finding {
                code: "price_far_from_neighbours",
                severity: Severity::Minor,
                field: "variants.sale_price",
                message: format!(
                    "{price} is far from the {} comparable products ({why}): their median is \
                     {median} and their prices vary by a factor of {:.1} (minor units)",
                    prices.len(),
                    (1.4826 * spread).exp()
                ),
                proposed: Some(median.into()),
            });
        }
    }
    out.sort_by_key(|f| f.severity);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ProductFacts {
        ProductFacts {
            name: "Premium Kahve Makinesi Espresso ve Filtre".into(),
            brand: "Pofu Tech".into(),
            category: "Elektronik".into(),
            description_text: "x".repeat(200),
            attributes: [
                ("Garanti".into(), "2 yıl".into()),
                ("Renk".into(), "Siyah".into()),
            ]
            .into(),
            variant_attributes: Vec::new(),
            images: vec![(1200, 1200); 3],
            barcodes: vec!["8690000000012".into()],
            sale_price: Some(100_000),
            neighbours: [90_000, 110_000, 120_000, 100_000, 130_000]
                .into_iter()
                .map(|sale_price| PricePoint {
                    brand: "Pofu Tech".into(),
                    attributes: [("Garanti".into(), "2 yıl".into())].into(),
                    sale_price,
                })
                .collect(),
        }
    }

    #[test]
    fn a_complete_product_has_no_findings() {
        assert!(suggest(&facts()).is_empty(), "{:?}", suggest(&facts()));
    }

    #[test]
    fn each_rule_fires_with_a_fix_where_one_exists() {
        let mut p = facts();
        p.name = "Kahve Makinesi ".repeat(8);
        p.attributes.remove("Garanti");
        p.description_text = "Kısa.".into();
        p.images = vec![(600, 600)];
        p.barcodes = vec!["8690000000013".into()];
        p.sale_price = Some(400_000);
        let f = suggest(&p);
        let codes: Vec<_> = f.iter().map(|f| f.code).collect();
        for c in [
            "title_too_long",
            "missing_attributes",
            "thin_description",
            "too_few_images",
            "low_resolution_images",
            "invalid_barcode",
            "price_far_from_neighbours",
        ] {
            assert!(codes.contains(&c), "{c} in {codes:?}");
        }
        assert_eq!(f[0].severity, Severity::Blocking, "ranked");
        let title = f.iter().find(|f| f.code == "title_too_long").unwrap();
        let proposed = title.proposed.as_ref().unwrap().as_str().unwrap();
        assert!(proposed.chars().count() <= TITLE_MAX && proposed.starts_with("Kahve Makinesi"));
        let missing = f.iter().find(|f| f.code == "missing_attributes").unwrap();
        assert_eq!(
            missing.proposed.as_ref().unwrap(),
            &serde_json::json!(["Garanti"])
        );
    }

    #[test]
    fn attributes_on_variants_or_under_a_synonym_are_not_missing() {
        let mut p = facts();
        p.attributes = [("Garanti Süresi".into(), "2 yıl".into())].into();
        p.variant_attributes = vec!["Renk".into()];
        assert!(suggest(&p).is_empty(), "{:?}", suggest(&p));
        // Only what a channel refuses is blocking.
        p.attributes.clear();
        p.variant_attributes.clear();
        let f = suggest(&p);
        let blocking = f.iter().find(|f| f.code == "missing_attributes").unwrap();
        assert_eq!(blocking.severity, Severity::Blocking);
        assert_eq!(blocking.proposed, Some(serde_json::json!(["Garanti"])));
        let asked = f
            .iter()
            .find(|f| f.code == "recommended_attributes")
            .unwrap();
        assert_eq!(asked.severity, Severity::Important);
        assert_eq!(asked.proposed, Some(serde_json::json!(["Renk"])));
    }

    #[test]
    fn prices_are_compared_within_their_band_and_the_reason_is_given() {
        // A catalogue spread from 749 to 8,999 TL: the 8,999 TL robot vacuum is in its own
        // band, not mispriced against a 1,899 TL median.
        let mut p = facts();
        p.sale_price = Some(899_900);
        p.neighbours = [74_900, 129_900, 189_900, 249_900, 429_900]
            .into_iter()
            .map(|sale_price| PricePoint {
                brand: "Pofu Tech".into(),
                attributes: [("Garanti".into(), "2 yıl".into())].into(),
                sale_price,
            })
            .collect();
        assert!(
            !suggest(&p).iter().any(|f| f.variants_price()),
            "{:?}",
            suggest(&p)
        );
        // Among tightly priced neighbours, the same price is an outlier, and the answer says why.
        p.neighbours
            .iter_mut()
            .zip([95_000, 100_000, 105_000, 110_000, 98_000])
            .for_each(|(n, v)| n.sale_price = v);
        let f = suggest(&p);
        let price = f
            .iter()
            .find(|f| f.variants_price())
            .expect("price finding");
        assert!(price.message.contains("same brand"), "{}", price.message);
        // Too few comparable products: no price finding at all.
        p.neighbours.truncate(MIN_NEIGHBOURS - 1);
        assert!(!suggest(&p).iter().any(|f| f.variants_price()));
    }

    impl Finding {
        fn variants_price(&self) -> bool {
            self.code == "price_far_from_neighbours"
        }
    }

    #[test]
    fn short_titles_get_brand_and_attributes() {
        let mut p = facts();
        p.name = "Cezve".into();
        let f = suggest(&p);
        let fix = f[0].proposed.as_ref().unwrap().as_str().unwrap();
        assert!(fix.starts_with("Pofu Tech Cezve"), "{fix}");
    }

    #[test]
    fn gtin_check_digits() {
        assert!(is_gtin("8690000000012"));
        assert!(is_gtin("4006381333931"));
        assert!(is_gtin("96385074"));
        assert!(!is_gtin("8690000000013"));
        assert!(!is_gtin("AE-001-1"));
    }
}
