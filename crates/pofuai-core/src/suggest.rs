//! Product improvement suggestions: rules that look at a product the way the marketplaces
//! will (Trendyol titles ≤ 100 characters and ≤ 8 images, Hepsiburada's required warranty,
//! N11 titles ≥ 15 characters) and rank what to fix first. Pure: the caller gathers the facts.

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
    /// (width, height) of each image, in order.
    pub images: Vec<(i64, i64)>,
    /// Barcodes of the variants.
    pub barcodes: Vec<String>,
    /// Lowest sale price among the variants, minor units.
    pub sale_price: Option<i64>,
    /// Median sale price of the seller's other products in the same category.
    pub category_median: Option<i64>,
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
    /// `too_few_images`, `low_resolution_images`, `invalid_barcode`, `price_far_from_median`.
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

/// Attributes the marketplaces ask for in a category (a small built-in map; the channel
/// integrations know each platform's full lists).
pub fn required_attributes(category: &str) -> &'static [&'static str] {
    match crate::search::fold(category).as_str() {
        "elektronik" => &["Garanti", "Renk"],
        "giyim" => &["Beden", "Renk", "Kumaş"],
        "ev & yasam" | "ev ve yasam" => &["Malzeme", "Renk"],
        "mutfak" => &["Malzeme"],
        "kozmetik" => &["Hacim"],
        "spor" => &["Renk"],
        "oyuncak" => &["Yaş"],
        "kitap" => &["Sayfa", "Dil"],
        _ => &[],
    }
}

fn has_attribute(attrs: &BTreeMap<String, String>, name: &str) -> bool {
    let want = crate::search::fold(name);
    attrs
        .iter()
        .any(|(k, v)| crate::search::fold(k) == want && !v.trim().is_empty())
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
    let missing: Vec<&str> = required_attributes(&p.category)
        .iter()
        .copied()
        .filter(|a| !has_attribute(&p.attributes, a))
        .collect();
    if !missing.is_empty() {
        out.push(Finding {
            code: "missing_attributes",
            severity: Severity::Blocking,
            field: "attributes",
            message: format!("the {} category needs: {}", p.category, missing.join(", ")),
            proposed: Some(missing.into()),
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
    if let (Some(price), Some(median)) = (p.sale_price, p.category_median)
        && median > 0
        && (price * 2 < median || price > median * 2)
    {
        out.push(Finding {
            code: "price_far_from_median",
            severity: Severity::Minor,
            field: "variants.sale_price",
            message: format!(
                "{price} is far from your {} median of {median} (minor units)",
                p.category
            ),
            proposed: Some(median.into()),
        });
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
            images: vec![(1200, 1200); 3],
            barcodes: vec!["8690000000012".into()],
            sale_price: Some(100_000),
            category_median: Some(120_000),
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
            "price_far_from_median",
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
