//! Products and variants as validated values. The web layer deserialises requests into its
//! DTOs and converts them here; once a value exists it is valid and nothing re-checks it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One wrong field of a request, named by its JSON path (`variants[0].barcode`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// What is wrong, stable and machine-readable (`too_long`, `above_list_price`…), so a
    /// client can say it in its own language; `invalid` when no more is known.
    pub code: &'static str,
    /// The numbers the message names (`max` of `too_long`…), by name.
    pub args: Vec<(&'static str, i64)>,
}

/// Every `code` a [`FieldError`] may carry besides `invalid`. Clients translate these (the
/// panel has an `api-error-<code>` message for each, checked by a test), so a code is added
/// here first; [`FieldError::coded`] refuses others in debug builds.
pub const FIELD_ERROR_CODES: &[&str] = &[
    "required",
    "too_short",
    "too_long",
    "control_characters",
    "code_characters",
    "out_of_range",
    "above_list_price",
    "below_sale_price",
    "currency",
    "amount",
    "whole_number",
    "one_of",
    "not_found_here",
    "invalid_format",
    "invalid_colour",
    "invalid_url",
    "invalid_email",
    "too_many",
    "length_between",
    "too_many_rows",
    "count_between",
    "date_range",
    "period_too_long",
    "not_active",
    "not_yet_available",
    "no_connector",
    "not_leaf_category",
    "wrong_password",
    "exactly_one",
    "only_with_invoiced",
    "image_format",
    "image_unreadable",
    "image_too_large",
    "old_price_not_above",
    "not_negative",
];

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError::coded(field, "invalid", message)
    }

    pub fn coded(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> FieldError {
        debug_assert!(
            code == "invalid" || FIELD_ERROR_CODES.contains(&code),
            "field error code {code} is not in FIELD_ERROR_CODES"
        );
        FieldError {
            field: field.into(),
            message: message.into(),
            code,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: i64) -> FieldError {
        self.args.push((name, value));
        self
    }
}

/// Collects every problem of a request so the caller hears about all of them at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Runs a check and keeps its value, or records its error and returns `None`.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub const MAX_VARIANTS: usize = 100;
pub const MAX_IMAGES: usize = 20;
pub const MAX_ATTRIBUTES: usize = 50;
pub const MAX_STOCK: i64 = 10_000_000;
/// Ten billion lira in kuruş: far above any product, far below overflow in sums.
pub const MAX_PRICE_MINOR: i64 = 1_000_000_000_000;

/// Trimmed text with a length in characters (not bytes) between `min` and `max`.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    let n = v.chars().count();
    if n < min {
        return Err(if min == 1 {
            FieldError::coded(field, "required", "must not be empty")
        } else {
            FieldError::coded(
                field,
                "too_short",
                format!("must be at least {min} characters"),
            )
            .arg("min", min as i64)
        });
    }
    if n > max {
        return Err(FieldError::coded(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        )
        .arg("max", max as i64));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::coded(
            field,
            "control_characters",
            "must not contain control characters",
        ));
    }
    Ok(v.to_string())
}

/// A barcode or stock code: 1–40 of letters, digits, `-`, `_`, `.`, as the marketplaces accept.
pub fn code(field: &str, value: &str) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::coded(field, "required", "must not be empty"));
    }
    if v.len() > 40 {
        return Err(
            FieldError::coded(field, "too_long", "must be at most 40 characters").arg("max", 40),
        );
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(FieldError::coded(
            field,
            "code_characters",
            "may contain only letters A-Z, digits and - _ .",
        ));
    }
    Ok(v.to_string())
}

pub fn range(field: &str, value: i64, min: i64, max: i64) -> Result<i64, FieldError> {
    if value < min || value > max {
        return Err(FieldError::coded(
            field,
            "out_of_range",
            format!("must be between {min} and {max}"),
        )
        .arg("min", min)
        .arg("max", max));
    }
    Ok(value)
}

/// Free-form string attributes (colour, size, material …) with bounded size.
pub fn attributes(
    field: &str,
    map: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, FieldError> {
    if map.len() > MAX_ATTRIBUTES {
        return Err(FieldError::new(
            field,
            format!("at most {MAX_ATTRIBUTES} attributes"),
        ));
    }
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let key = text(&format!("{field}.{k}"), k, 1, 100)?;
        let value = text(&format!("{field}.{k}"), v, 0, 500)?;
        out.insert(key, value);
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "TRY")]
    Try,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "GBP")]
    Gbp,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::Try, Currency::Usd, Currency::Eur, Currency::Gbp];

    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Try => "TRY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<Currency, FieldError> {
        Currency::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                FieldError::coded(field, "currency", "must be one of TRY, USD, EUR, GBP")
            })
    }
}

/// Prices of a variant in minor units (kuruş, cents). The sale price is what the customer
/// pays; the list price is the struck-through one and may not be below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prices {
    pub list_price: i64,
    pub sale_price: i64,
    pub currency: Currency,
}

impl Prices {
    pub fn parse(
        prefix: &str,
        list_price: i64,
        sale_price: i64,
        currency: &str,
    ) -> Result<Prices, FieldError> {
        let list_price = range(
            &format!("{prefix}list_price"),
            list_price,
            0,
            MAX_PRICE_MINOR,
        )?;
        let sale_price = range(
            &format!("{prefix}sale_price"),
            sale_price,
            0,
            MAX_PRICE_MINOR,
        )?;
        if sale_price > list_price {
            return Err(FieldError::coded(
                format!("{prefix}sale_price"),
                "above_list_price",
                "must not be above list_price",
            ));
        }
        let currency = Currency::parse(&format!("{prefix}currency"), currency)?;
        Ok(Prices {
            list_price,
            sale_price,
            currency,
        })
    }
}

/// VAT rate in whole percent. Turkey uses 0, 1, 10 and 20 today; 8 and 18 still appear on
/// older listings, and other markets use other rates, so any 0–100 is accepted.
pub fn vat_rate(field: &str, value: i64) -> Result<i64, FieldError> {
    range(field, value, 0, 100)
}

/// A decimal amount typed by a person or read from a spreadsheet, in minor units (two
/// decimals): "1299.90", "1299,90", "1.299,90", "1,299.90", "1299" and "1.299" (a separator
/// followed by exactly three digits and nothing else is a thousands separator, since amounts
/// never have three decimals). A trailing "TL" or "₺" is allowed.
pub fn decimal_minor(field: &str, text: &str) -> Result<i64, FieldError> {
    let bad = || {
        FieldError::coded(
            field,
            "amount",
            "must be an amount such as 1299.90 or 1.299,90 (at most two decimals)",
        )
    };
    let t = text.trim();
    let t = t
        .strip_suffix("TL")
        .or_else(|| t.strip_suffix('₺'))
        .unwrap_or(t)
        .trim();
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    // The decimal separator is the last separator, unless it is the only one of its kind
    // that appears several times or marks a group of three.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let tail = t.rfind(sep).map_or(0, |i| t.len() - i - 1);
            (dots + commas == 1 && tail != 3).then_some(sep)
        }
        _ => Some(if t.rfind('.') > t.rfind(',') {
            '.'
        } else {
            ','
        }),
    };
    let group = match decimal {
        Some('.') => ',',
        Some(_) => '.',
        None if dots > 0 => '.',
        None => ',',
    };
    let (whole, frac) = match decimal {
        Some(d) => t.rsplit_once(d).ok_or_else(bad)?,
        None => (t, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(group);
    let first = groups.next().unwrap_or("");
    if !digits(first) || first.len() > 13 {
        return Err(bad());
    }
    let mut number: i64 = first.parse().map_err(|_| bad())?;
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return Err(bad());
        }
        let g: i64 = g.parse().map_err(|_| bad())?;
        number = number
            .checked_mul(1000)
            .and_then(|n| n.checked_add(g))
            .ok_or_else(bad)?;
    }
    let cents: i64 = match frac.len() {
        0 if decimal.is_none() => 0,
        1 | 2 if digits(frac) => format!("{frac:0<2}").parse().map_err(|_| bad())?,
        _ => return Err(bad()),
    };
    number
        .checked_mul(100)
        .and_then(|n| n.checked_add(cents))
        .ok_or_else(bad)
}

/// A whole number typed by a person or read from a spreadsheet: "1200", "1.200", "1,200".
pub fn whole_number(field: &str, text: &str) -> Result<i64, FieldError> {
    let not_whole = || FieldError::coded(field, "whole_number", "must be a whole number");
    let minor = decimal_minor(field, text).map_err(|_| not_whole())?;
    if minor % 100 != 0 {
        return Err(not_whole());
    }
    Ok(minor / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_not_bytes() {
        let turkish = "ş".repeat(100);
        assert!(text("name", &turkish, 1, 100).is_ok());
        assert!(text("name", &format!("{turkish}ş"), 1, 100).is_err());
        assert_eq!(text("name", "  ", 1, 10).unwrap_err().field, "name");
        assert!(text("name", "a\u{0}b", 1, 10).is_err());
    }

    #[test]
    fn codes_accept_marketplace_barcodes_only() {
        assert!(code("b", "8690000000012").is_ok());
        assert!(code("b", "KM-2024_01.A").is_ok());
        assert!(code("b", "has space").is_err());
        assert!(code("b", "çay").is_err());
        assert!(code("b", &"1".repeat(41)).is_err());
    }

    #[test]
    fn sale_price_may_not_exceed_list_price() {
        let err = Prices::parse("variants[0].", 100, 200, "TRY").unwrap_err();
        assert_eq!(err.field, "variants[0].sale_price");
        assert!(Prices::parse("", 200, 100, "TRY").is_ok());
        assert_eq!(
            Prices::parse("", 200, 100, "TRL").unwrap_err().field,
            "currency"
        );
        assert!(Prices::parse("", -1, 0, "TRY").is_err());
    }

    #[test]
    fn amounts_in_turkish_and_english_notation() {
        for (text, minor) in [
            ("1299.90", 129990),
            ("1.299,90", 129990),
            ("1299,9", 129990),
            ("1,299.90", 129990),
            ("1.299", 129900),
            ("12.345.678,5", 1234567850),
            ("0,5", 50),
            ("15 TL", 1500),
            ("7", 700),
        ] {
            assert_eq!(decimal_minor("p", text), Ok(minor), "{text}");
        }
        for text in [
            "",
            "1.2.3",
            "12,345,6",
            "1.299,901",
            "abc",
            "-5",
            "1.",
            "1,29,90",
        ] {
            assert!(decimal_minor("p", text).is_err(), "{text}");
        }
        assert_eq!(whole_number("s", "1.200"), Ok(1200));
        assert!(whole_number("s", "1,5").is_err());
    }

    #[test]
    fn problems_collects_all_errors() {
        let mut p = Problems::default();
        p.check(text("a", "", 1, 3));
        p.check(code("b", "bad code"));
        let errs = p.finish(|| ()).unwrap_err();
        assert_eq!(errs.len(), 2);
    }
}

/// A product as its owner submits it, already validated.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub name: String,
    pub description: String,
    pub category: String,
    pub brand: String,
    pub attributes: BTreeMap<String, String>,
    pub images: Vec<String>,
    pub variants: Vec<NewVariant>,
}

#[derive(Debug, Clone)]
pub struct NewVariant {
    pub barcode: String,
    pub stock_code: String,
    pub attributes: BTreeMap<String, String>,
    pub stock: i64,
    pub prices: Prices,
    pub vat_rate: i64,
}

/// Changes to a product's own fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProductChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub attributes: Option<BTreeMap<String, String>>,
    pub images: Option<Vec<String>>,
    /// The search-engine fields, replaced as a whole.
    pub seo: Option<SeoChange>,
}

/// A product's search-engine fields (meta title, meta description, keywords).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeoChange {
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub keywords: Vec<String>,
}

/// Changes to a variant; prices are checked against each other with the stored values when
/// the change is written (in the same statement), so a lone `sale_price` above the stored list
/// price is refused.
#[derive(Debug, Clone, Default)]
pub struct VariantChanges {
    pub barcode: Option<String>,
    pub stock_code: Option<String>,
    pub attributes: Option<BTreeMap<String, String>>,
    /// Absolute units on hand, as counted.
    pub stock: Option<i64>,
    /// Units to add (or, negative, take away) from what is on hand when the change lands;
    /// never together with `stock`.
    pub stock_delta: Option<i64>,
    pub list_price: Option<i64>,
    pub sale_price: Option<i64>,
    pub currency: Option<Currency>,
    pub vat_rate: Option<i64>,
}

/// Stock filter of product lists. "Low" is 1 to [`LOW_STOCK`] units over all variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockFilter {
    InStock,
    OutOfStock,
    Low,
}

pub const LOW_STOCK: i64 = 5;

/// The column a product list is ordered by. Each pages by its value and the id, so a cursor
/// carries both; `Newest` (the default) is the id alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductSort {
    Newest,
    /// The name in Turkish dictionary order ([`crate::search::turkish_sort_text`]).
    Name,
    /// The lowest sale price of the product's variants.
    Price,
    /// Units available (on hand less reserved) over all variants.
    Stock,
    /// When the product last changed.
    Updated,
}

impl ProductSort {
    pub const NAMES: [&'static str; 5] = ["newest", "name", "price", "stock", "updated"];

    pub fn parse(s: &str) -> Option<ProductSort> {
        Some(match s {
            "newest" => ProductSort::Newest,
            "name" => ProductSort::Name,
            "price" => ProductSort::Price,
            "stock" => ProductSort::Stock,
            "updated" => ProductSort::Updated,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProductSort::Newest => "newest",
            ProductSort::Name => "name",
            ProductSort::Price => "price",
            ProductSort::Stock => "stock",
            ProductSort::Updated => "updated",
        }
    }

    /// Names, prices and stock read best from the smallest; times from the latest.
    pub fn default_descending(self) -> bool {
        matches!(self, ProductSort::Newest | ProductSort::Updated)
    }
}

/// A product's listing on one integration, as a product list filter: `listed` (some variant
/// accepted by the channel or managed there), `pending` (some variant sent, outcome not yet
/// known), `failed` (some variant refused), `not_listed` (no variant sent to it at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListingFilter {
    Listed,
    Pending,
    Failed,
    NotListed,
}

impl ListingFilter {
    pub const NAMES: [&'static str; 4] = ["listed", "pending", "failed", "not_listed"];

    pub fn parse(s: &str) -> Option<ListingFilter> {
        Some(match s {
            "listed" => ListingFilter::Listed,
            "pending" => ListingFilter::Pending,
            "failed" => ListingFilter::Failed,
            "not_listed" => ListingFilter::NotListed,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ListingFilter::Listed => "listed",
            ListingFilter::Pending => "pending",
            ListingFilter::Failed => "failed",
            ListingFilter::NotListed => "not_listed",
        }
    }
}

impl StockFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            StockFilter::InStock => "in_stock",
            StockFilter::OutOfStock => "out_of_stock",
            StockFilter::Low => "low",
        }
    }
}
