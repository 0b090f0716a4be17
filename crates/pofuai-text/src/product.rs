//! The product facts every generator works from.

use serde::{Deserialize, Serialize};

use crate::money::Money;

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

/// What the engine knows about a product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Display name, e.g. "Premium Kahve Makinesi".
    pub name: String,
    /// Category, e.g. "elektronik".
    #[serde(default)]
    pub category: Option<String>,
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

    /// The target audience, trimmed, if present and not blank.
    pub(crate) fn audience(&self) -> Option<&str> {
        self.target_audience
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}
