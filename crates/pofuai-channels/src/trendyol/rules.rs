//! What Trendyol refuses in a product create, checked before sending so a refusal names the
//! field in our error log instead of costing a round trip and a batch poll (§1 of the
//! reference: VAT 0/1/10/20, currency TRY, title ≤100, barcode ≤40 of letters, digits and
//! `.-_`, stock code ≤100, description ≤30,000, at most 8 HTTPS images, list price ≥ sale
//! price), and how it words the refusal of a barcode it already holds.

use crate::ListingItem;

/// The largest quantity we send. Trendyol's pages give no bound; N11, the sibling API in the
/// reference, documents 999,999 [?].
pub const MAX_QUANTITY: i64 = 999_999;
pub const MAX_IMAGES: usize = 8;

/// Every problem Trendyol would refuse `item` for, each naming the field.
pub fn listing_problems(item: &ListingItem) -> Vec<String> {
    let mut problems = Vec::new();
    let barcode_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if item.barcode.is_empty()
        || item.barcode.chars().count() > 40
        || !item.barcode.chars().all(barcode_ok)
    {
        problems.push(format!(
            "barcode '{}' must be 1-40 letters, digits or . - _",
            item.barcode
        ));
    }
    let title = item.title.trim().chars().count();
    if title == 0 || title > 100 {
        problems.push(format!("title must be 1-100 characters, is {title}"));
    }
    if item.stock_code.trim().is_empty() || item.stock_code.chars().count() > 100 {
        problems.push("stockCode must be 1-100 characters".to_string());
    }
    if item.description.chars().count() > 30_000 {
        problems.push("description must be at most 30,000 characters".to_string());
    }
    if !matches!(item.vat_rate, 0 | 1 | 10 | 20) {
        problems.push(format!(
            "vatRate {} is not one of 0, 1, 10, 20",
            item.vat_rate
        ));
    }
    let currency = item.currency.trim();
    if !currency.is_empty() && currency != "TRY" {
        problems.push(format!("currencyType {currency} is not TRY"));
    }
    if !(0..=MAX_QUANTITY).contains(&item.quantity) {
        problems.push(format!(
            "quantity {} is outside 0-{MAX_QUANTITY}",
            item.quantity
        ));
    }
    if item.sale_price_minor <= 0 {
        problems.push("salePrice must be above 0".to_string());
    }
    if item.list_price_minor < item.sale_price_minor {
        problems.push("listPrice must not be below salePrice".to_string());
    }
    if item.images.len() > MAX_IMAGES {
        problems.push(format!(
            "images: at most {MAX_IMAGES}, got {}",
            item.images.len()
        ));
    }
    for url in &item.images {
        if !url.starts_with("https://") || url.len() <= "https://".len() {
            problems.push(format!("images: {url} is not an https address"));
        }
    }
    problems
}

/// Whether a failed create item was refused because the barcode already exists. The
/// platform's exact wording is not documented; these are the forms our simulator and
/// third-party clients report [?].
pub fn is_duplicate_create(errors: &[String]) -> bool {
    errors.iter().any(|e| {
        let e = e.to_lowercase();
        e.contains("already exists")
            || e.contains("daha önce ürün oluşturulmuş")
            || e.contains("zaten mevcut")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RemoteBrand;

    fn item() -> ListingItem {
        ListingItem {
            barcode: "8690000000001".into(),
            stock_code: "SKU-1".into(),
            group_code: "P1".into(),
            title: "Kupa".into(),
            description: "Seramik kupa".into(),
            brand: RemoteBrand {
                id: "1".into(),
                name: "Pofu".into(),
            },
            category_id: "10".into(),
            attributes: vec![],
            images: vec!["https://cdn.example.com/a.jpg".into()],
            quantity: 5,
            sale_price_minor: 10_000,
            list_price_minor: 12_000,
            vat_rate: 20,
            currency: "TRY".into(),
            dimensional_weight: 1,
            listed: None,
        }
    }

    #[test]
    fn a_valid_item_has_no_problems() {
        assert!(listing_problems(&item()).is_empty());
    }

    #[test]
    fn each_refusal_names_its_field() {
        type Change = fn(&mut ListingItem);
        let cases: Vec<(Change, &str)> = vec![
            (|i| i.vat_rate = 18, "vatRate"),
            (|i| i.currency = "EUR".into(), "currencyType"),
            (|i| i.quantity = -1, "quantity"),
            (|i| i.quantity = MAX_QUANTITY + 1, "quantity"),
            (|i| i.title = "x".repeat(101), "title"),
            (|i| i.title = " ".into(), "title"),
            (
                |i| i.images = vec!["http://a.example/x.jpg".into()],
                "images",
            ),
            (
                |i| i.images = vec!["https://a.example/x.jpg".into(); 9],
                "images",
            ),
            (|i| i.list_price_minor = 1, "listPrice"),
            (|i| i.barcode = "86 90".into(), "barcode"),
        ];
        for (change, field) in cases {
            let mut i = item();
            change(&mut i);
            let problems = listing_problems(&i);
            assert_eq!(problems.len(), 1, "{field}: {problems:?}");
            assert!(problems[0].contains(field), "{field}: {problems:?}");
        }
    }

    #[test]
    fn duplicate_refusals_are_recognised() {
        assert!(is_duplicate_create(&[
            "Bu barkod ile daha önce ürün oluşturulmuş (already exists): 1".into()
        ]));
        assert!(!is_duplicate_create(&[
            "KDV oranı (vatRate) 0, 1, 10 veya 20 olmalıdır.".into()
        ]));
    }
}
