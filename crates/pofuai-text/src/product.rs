//! The product facts every generator works from.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::terms::Term;

/// Stock at or below this (and above zero) may be called low ("son 3 ürün").
pub const LOW_STOCK: i64 = 5;

/// One product attribute as the seller entered it ("Malzeme" = "Paslanmaz çelik").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Attribute name, in any supported language ("güç", "power", "Leistung").
    pub key: String,
    /// Attribute value as shown to shoppers ("1500 W").
    pub value: String,
}

impl Attribute {
    /// A new attribute.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Attribute {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// A choice the variants offer: "Renk" in "Siyah", "Gümüş".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantOption {
    /// Attribute name ("Renk", "Beden").
    pub key: String,
    /// Values in the seller's order, without duplicates.
    pub values: Vec<String>,
}

/// What the engine knows about a product. Generated text states only what these fields support
/// (see [`crate::claims`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Display name, e.g. "Premium Kahve Makinesi".
    pub name: String,
    /// Category, e.g. "elektronik".
    #[serde(default)]
    pub category: Option<String>,
    /// Brand, a proper name ("Anadolu Ev").
    #[serde(default)]
    pub brand: Option<String>,
    /// Attributes in the seller's order.
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    /// Current price.
    #[serde(default)]
    pub price: Option<Money>,
    /// Price before a reduction; shown struck through when higher than `price`.
    #[serde(default)]
    pub old_price: Option<Money>,
    /// Who the product is for, e.g. "kahve severler".
    #[serde(default)]
    pub target_audience: Option<String>,
    /// What the variants differ in.
    #[serde(default)]
    pub options: Vec<VariantOption>,
    /// Units available to sell (on hand minus reserved), summed over variants; `None` when
    /// unknown, which supports no stock claim.
    #[serde(default)]
    pub stock: Option<i64>,
    /// The seller's own translations of their categories, attribute names and values.
    #[serde(default)]
    pub terms: Vec<Term>,
}

impl Product {
    /// A product with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Product {
            name: name.into(),
            ..Product::default()
        }
    }

    /// The category, trimmed, if present and not blank.
    pub(crate) fn category(&self) -> Option<&str> {
        self.category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// The brand, trimmed, if present and not blank.
    pub(crate) fn brand(&self) -> Option<&str> {
        self.brand
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
    }

    /// Units left when stock is low but not gone (1..=[`LOW_STOCK`]).
    pub(crate) fn low_stock(&self) -> Option<i64> {
        self.stock.filter(|s| (1..=LOW_STOCK).contains(s))
    }

    /// The discount in whole percent (rounded down) when the old price is really higher.
    pub(crate) fn discount(&self) -> Option<u32> {
        match (self.price, self.old_price) {
            (Some(p), Some(o)) => crate::money::discount_percent(p, o),
            _ => None,
        }
    }

    /// The target audience, trimmed, if present and not blank.
    pub(crate) fn audience(&self) -> Option<&str> {
        self.target_audience
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}
