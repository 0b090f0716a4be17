//! Trendyol's JSON shapes (only the fields we read) and exact money conversion.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::ChannelError;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryTree {
    #[serde(default)]
    pub categories: Vec<CategoryNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryNode {
    pub id: Value,
    pub name: String,
    #[serde(default)]
    pub sub_categories: Vec<CategoryNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAttributes {
    #[serde(default)]
    pub category_attributes: Vec<CategoryAttribute>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAttribute {
    pub attribute: Named,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub allow_custom: bool,
    #[serde(default)]
    pub attribute_values: Vec<Named>,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub id: Value,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchAnswer {
    pub batch_request_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchResult {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub items: Vec<BatchItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchItem {
    #[serde(default)]
    pub request_item: Value,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub failure_reasons: Vec<Value>,
}

impl BatchItem {
    /// The barcode the item was about: `requestItem.barcode`, or `requestItem.product.barcode`
    /// in the nested form some batch types use.
    pub fn barcode(&self) -> String {
        self.request_item
            .get("barcode")
            .or_else(|| self.request_item.pointer("/product/barcode"))
            .map(id_text)
            .unwrap_or_default()
    }

    pub fn reasons(&self) -> Vec<String> {
        self.failure_reasons
            .iter()
            .map(|r| match r {
                Value::String(s) => s.clone(),
                other => other
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| other.to_string()),
            })
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    #[serde(default)]
    pub page: i64,
    #[serde(default)]
    pub total_pages: i64,
    #[serde(default)]
    pub total_elements: i64,
    #[serde(default = "Vec::new")]
    pub content: Vec<T>,
}

#[derive(Debug, Deserialize)]
pub struct ProductRow {
    pub barcode: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub id: Value,
    pub order_number: Value,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub shipment_package_status: Option<String>,
    #[serde(default)]
    pub customer_first_name: Option<String>,
    #[serde(default)]
    pub customer_last_name: Option<String>,
    #[serde(default)]
    pub total_price: Option<Value>,
    #[serde(default)]
    pub gross_amount: Option<Value>,
    #[serde(default)]
    pub currency_code: Option<String>,
    #[serde(default)]
    pub order_date: Option<i64>,
    #[serde(default)]
    pub last_modified_date: Option<i64>,
    #[serde(default)]
    pub cargo_tracking_number: Option<Value>,
    #[serde(default)]
    pub lines: Vec<Line>,
}

impl Package {
    pub fn status(&self) -> String {
        self.status
            .clone()
            .or_else(|| self.shipment_package_status.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: Value,
    #[serde(default)]
    pub quantity: i64,
    #[serde(default)]
    pub barcode: Option<String>,
    #[serde(default)]
    pub merchant_sku: Option<String>,
    #[serde(default)]
    pub price: Option<Value>,
    #[serde(default)]
    pub order_line_item_status_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub id: Value,
    #[serde(default)]
    pub order_number: Option<Value>,
    #[serde(default)]
    pub claim_date: Option<i64>,
    #[serde(default)]
    pub last_modified_date: Option<i64>,
    #[serde(default)]
    pub items: Vec<ClaimLine>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimLine {
    #[serde(default)]
    pub order_line: Option<ClaimOrderLine>,
    #[serde(default)]
    pub claim_items: Vec<ClaimItem>,
}

#[derive(Debug, Deserialize)]
pub struct ClaimOrderLine {
    #[serde(default)]
    pub barcode: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimItem {
    pub id: Value,
    #[serde(default)]
    pub claim_item_status: Option<NameOnly>,
    #[serde(default)]
    pub customer_claim_item_reason: Option<NameOnly>,
}

#[derive(Debug, Deserialize)]
pub struct NameOnly {
    #[serde(default)]
    pub name: String,
}

/// An id Trendyol sends as a number or a string, as text.
pub fn id_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An id we hold as text, sent as a JSON number when it is one (Trendyol's ids are numeric).
pub fn id_value(id: &str) -> Value {
    match id.trim().parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(id),
    }
}

/// Minor units as a JSON number with the exact decimal value: 12990 -> 129.9.
///
/// `minor / 100` is the double nearest the decimal (division is correctly rounded), and
/// serde_json prints the shortest text that reads back to that double, which is the decimal.
pub fn minor_json(minor: i64) -> Value {
    json!(minor as f64 / 100.0)
}

/// A Trendyol amount (number or numeric string) in minor units, read from its decimal text so
/// no float rounding creeps in. More than two decimals round half away from zero.
pub fn json_minor(value: &Value) -> Result<i64, ChannelError> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        Value::Null => return Ok(0),
        other => return Err(ChannelError::Protocol(format!("not an amount: {other}"))),
    };
    decimal_minor(&text).ok_or_else(|| ChannelError::Protocol(format!("not an amount: {text}")))
}

pub fn decimal_minor(text: &str) -> Option<i64> {
    if text.contains(['e', 'E']) {
        // Exponent form: only for magnitudes where cents do not matter to the double anyway.
        let x: f64 = text.parse().ok()?;
        let scaled = (x * 100.0).round();
        return (scaled.is_finite() && scaled.abs() < 9.0e15).then_some(scaled as i64);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut cents: i64 = format!("{:0<2}", &fraction[..fraction.len().min(2)])
        .parse()
        .ok()?;
    if fraction.as_bytes().get(2).is_some_and(|d| *d >= b'5') {
        cents += 1;
    }
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -minor } else { minor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_round_trips_exactly() {
        for minor in [
            0,
            1,
            7,
            10,
            99,
            100,
            12990,
            1999,
            123_456_789,
            33_333,
            9_999_999_999,
        ] {
            let value = minor_json(minor);
            assert_eq!(json_minor(&value).unwrap(), minor, "{minor} -> {value}");
        }
        assert_eq!(minor_json(12990).to_string(), "129.9");
        assert_eq!(minor_json(1).to_string(), "0.01");
    }

    #[test]
    fn decimals_parse_carefully() {
        assert_eq!(decimal_minor("129.90"), Some(12990));
        assert_eq!(decimal_minor("129.9"), Some(12990));
        assert_eq!(decimal_minor("129"), Some(12900));
        assert_eq!(decimal_minor(".5"), Some(50));
        assert_eq!(decimal_minor("-3.10"), Some(-310));
        assert_eq!(decimal_minor("33.335"), Some(3334));
        assert_eq!(decimal_minor("33.334"), Some(3333));
        assert_eq!(decimal_minor("0.999"), Some(100));
        assert_eq!(decimal_minor("1e3"), Some(100_000));
        assert_eq!(decimal_minor("12,90"), None);
        assert_eq!(decimal_minor(""), None);
        assert_eq!(json_minor(&json!("45.5")).unwrap(), 4550);
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: Value,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub creation_date: Option<i64>,
    #[serde(default)]
    pub product_name: Option<String>,
    #[serde(default)]
    pub barcode: Option<String>,
    #[serde(default)]
    pub answer: Option<Answer>,
}

#[derive(Debug, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub text: Option<String>,
}
