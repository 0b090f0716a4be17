//! The assistant's tools: reads over one owner's data. The owner is fixed when [`Tools`] is
//! made, from the authenticated user, and every read passes it to the store, which filters
//! on it in SQL; nothing a question, a product description or a model says reaches it.

use std::collections::BTreeMap;

use pofuai_core::{QuotaPeriod, QuotaStatus};
use pofuai_store::StoreError;
use pofuai_store::analytics::{Breakdown, BreakdownOrder, DayRange, Dimension, ItemFilter, day_of};
use pofuai_store::facts::{FailedListing, ListingCount, OpenSyncError, ProductName};
use pofuai_store::products::Scope;
use pofuai_store::users::User;
use pofuai_text::intent::words;
use serde::Serialize;

use crate::AppState;
use crate::clock::to_datetime;
use crate::insight::{date_of_day, stock_rows};

use super::period;

/// Most products a name is matched against.
const MAX_CATALOGUE: i64 = 10_000;

/// Reads over the data of one owner: the user asking.
pub struct Tools {
    state: AppState,
    user: User,
    today: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StockLine {
    pub product_id: i64,
    pub variant_id: i64,
    pub product: String,
    pub stock_code: String,
    pub available: i64,
    pub days_of_cover: Option<f64>,
    pub stock_out_date: Option<String>,
    pub order_quantity: i64,
    /// Runs out before an order placed today could arrive.
    pub alert: bool,
    pub forecast_ready: bool,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Totals {
    pub orders: i64,
    pub units: i64,
    pub revenue_minor: i64,
    pub returned_units: i64,
}

impl Totals {
    pub fn average_basket_minor(&self) -> i64 {
        if self.orders > 0 {
            self.revenue_minor / self.orders
        } else {
            0
        }
    }

    pub fn return_rate(&self) -> f64 {
        if self.units > 0 {
            self.returned_units as f64 / self.units as f64
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub from: String,
    pub to: String,
    pub channel: Option<String>,
    pub current: Totals,
    pub previous: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    /// Product id, or the channel's name.
    pub key: String,
    pub label: String,
    pub units: i64,
    pub revenue_minor: i64,
    pub returned_units: i64,
    pub previous_units: i64,
    pub previous_revenue_minor: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Returns {
    pub summary: Summary,
    /// Reasons buyers gave in this period's claims, most units first.
    pub reasons: Vec<(String, i64)>,
    pub previous_reasons: Vec<(String, i64)>,
    /// Products with the most returned units.
    pub products: Vec<Ranked>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductForecast {
    pub product_id: i64,
    pub days: u32,
    pub units: f64,
    pub lower: f64,
    pub upper: f64,
    pub model: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quota {
    pub limit: Option<i64>,
    pub used: i64,
    pub remaining: Option<i64>,
    pub resets_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VariantFacts {
    pub variant_id: i64,
    pub stock_code: String,
    pub barcode: String,
    pub attributes: BTreeMap<String, String>,
    pub on_hand: i64,
    pub available: i64,
    pub sale_price_minor: i64,
    pub list_price_minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductFacts {
    pub product_id: i64,
    pub name: String,
    pub category: String,
    pub brand: String,
    /// The seller's text, cut to 500 characters: data to read, never instructions.
    pub description: String,
    pub variants: Vec<VariantFacts>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listings {
    pub channels: Vec<String>,
    pub counts: Vec<ListingCount>,
}

/// A product name matched in a question, with the question's tokens it used.
#[derive(Debug, Clone)]
pub struct Match {
    pub product: ProductName,
    pub tokens: Vec<usize>,
}

impl Tools {
    pub fn new(state: AppState, user: User) -> Tools {
        let today = day_of(state.now_ms());
        Tools { state, user, today }
    }

    pub fn owner(&self) -> i64 {
        self.user.id
    }

    pub fn today(&self) -> i64 {
        self.today
    }

    fn scope(&self) -> Scope {
        Scope::Owner(self.user.id)
    }

    /// Every variant with its replenishment advice.
    pub async fn stock(&self) -> Result<Vec<StockLine>, StoreError> {
        let rows = stock_rows(&self.state.store, self.owner(), date_of_day(self.today)).await?;
        Ok(rows
            .into_iter()
            .map(|r| StockLine {
                product_id: r.item.product_id,
                variant_id: r.item.variant_id,
                product: r.item.product_name,
                stock_code: r.item.stock_code,
                available: r.advice.available,
                days_of_cover: r.advice.days_of_cover,
                stock_out_date: r.stock_out.map(|d| d.to_string()),
                order_quantity: r.advice.order_quantity,
                alert: r.advice.alert,
                forecast_ready: r.forecast_ready,
            })
            .collect())
    }

    /// Variants about to run out: the forecast says they run out within the lead time, or
    /// (without a forecast) only a few are left. Soonest first.
    pub async fn low_stock(&self) -> Result<Vec<StockLine>, StoreError> {
        let mut rows: Vec<StockLine> = self.stock().await?.into_iter().filter(is_low).collect();
        rows.sort_by(|a, b| {
            a.days_of_cover
                .unwrap_or(f64::MAX)
                .total_cmp(&b.days_of_cover.unwrap_or(f64::MAX))
                .then(a.available.cmp(&b.available))
                .then(a.variant_id.cmp(&b.variant_id))
        });
        Ok(rows)
    }

    pub async fn out_of_stock(&self) -> Result<Vec<StockLine>, StoreError> {
        Ok(self
            .stock()
            .await?
            .into_iter()
            .filter(|r| r.available == 0)
            .collect())
    }

    /// What to order now, largest first.
    pub async fn reorder(&self) -> Result<Vec<StockLine>, StoreError> {
        let mut rows: Vec<StockLine> = self
            .stock()
            .await?
            .into_iter()
            .filter(|r| r.order_quantity > 0)
            .collect();
        rows.sort_by(|a, b| {
            b.order_quantity
                .cmp(&a.order_quantity)
                .then(a.variant_id.cmp(&b.variant_id))
        });
        Ok(rows)
    }

    /// Orders, units, revenue and returns of a period beside the one before.
    pub async fn summary(
        &self,
        range: DayRange,
        channel: Option<&str>,
    ) -> Result<Summary, StoreError> {
        let prev = period::previous(range);
        let rows = self
            .state
            .store
            .sales_days(
                self.scope(),
                DayRange {
                    from: prev.from,
                    to: range.to,
                },
                channel,
            )
            .await?;
        let mut current = Totals::default();
        let mut previous = Totals::default();
        for r in rows {
            let t = if r.day >= range.from {
                &mut current
            } else {
                &mut previous
            };
            t.orders += r.orders;
            t.units += r.units;
            t.revenue_minor += r.revenue_minor;
            t.returned_units += r.returned_units;
        }
        Ok(Summary {
            from: date_of_day(range.from).to_string(),
            to: date_of_day(range.to).to_string(),
            channel: channel.map(str::to_string),
            current,
            previous,
        })
    }

    /// Products (or channels) by revenue in a period, highest first.
    pub async fn ranking(
        &self,
        by: Dimension,
        range: DayRange,
        channel: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Ranked>, StoreError> {
        let filter = ItemFilter {
            channel: channel.map(str::to_string),
            ..ItemFilter::default()
        };
        let rows = self
            .state
            .store
            .sales_breakdown(
                self.scope(),
                &Breakdown {
                    by,
                    current: range,
                    previous: period::previous(range),
                    filter: &filter,
                    order: BreakdownOrder::Revenue,
                    limit: limit.clamp(1, 100),
                },
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.units > 0 || r.revenue_minor > 0 || r.previous_units > 0)
            .map(|r| Ranked {
                key: r.key,
                label: r.label,
                units: r.units,
                revenue_minor: r.revenue_minor,
                returned_units: r.returned_units,
                previous_units: r.previous_units,
                previous_revenue_minor: r.previous_revenue_minor,
            })
            .collect())
    }

    /// The owner's products that sold least in a period (those that sold nothing first).
    pub async fn slow_sellers(
        &self,
        range: DayRange,
        channel: Option<&str>,
    ) -> Result<Vec<Ranked>, StoreError> {
        let sold = self
            .ranking(Dimension::Product, range, channel, 100)
            .await?;
        let names = self.product_names().await?;
        let mut all: Vec<Ranked> = names
            .into_iter()
            .map(|p| {
                sold.iter()
                    .find(|r| r.key == p.id.to_string())
                    .cloned()
                    .unwrap_or(Ranked {
                        key: p.id.to_string(),
                        label: p.name,
                        units: 0,
                        revenue_minor: 0,
                        returned_units: 0,
                        previous_units: 0,
                        previous_revenue_minor: 0,
                    })
            })
            .collect();
        all.sort_by(|a, b| {
            a.units
                .cmp(&b.units)
                .then(a.revenue_minor.cmp(&b.revenue_minor))
                .then(a.key.cmp(&b.key))
        });
        Ok(all)
    }

    /// Units and revenue of one of the owner's products in a period.
    pub async fn product_sales(
        &self,
        product_id: i64,
        range: DayRange,
        channel: Option<&str>,
    ) -> Result<Totals, StoreError> {
        let filter = ItemFilter {
            channel: channel.map(str::to_string),
            product_id: Some(product_id),
            ..ItemFilter::default()
        };
        let rows = self
            .state
            .store
            .sales_item_days(self.scope(), range, &filter, true)
            .await?;
        Ok(rows.iter().fold(Totals::default(), |t, r| Totals {
            orders: t.orders + r.orders,
            units: t.units + r.units,
            revenue_minor: t.revenue_minor + r.revenue_minor,
            returned_units: t.returned_units + r.returned_units,
        }))
    }

    /// Returns of a period beside the one before, with the reasons buyers gave.
    pub async fn returns(
        &self,
        range: DayRange,
        channel: Option<&str>,
    ) -> Result<Returns, StoreError> {
        let summary = self.summary(range, channel).await?;
        let prev = period::previous(range);
        let reasons = self.reasons(range).await?;
        let previous_reasons = self.reasons(prev).await?;
        let mut products = self
            .ranking(Dimension::Product, range, channel, 100)
            .await?;
        products.retain(|p| p.returned_units > 0);
        products.sort_by(|a, b| {
            b.returned_units
                .cmp(&a.returned_units)
                .then(a.key.cmp(&b.key))
        });
        products.truncate(5);
        Ok(Returns {
            summary,
            reasons,
            previous_reasons,
            products,
        })
    }

    async fn reasons(&self, range: DayRange) -> Result<Vec<(String, i64)>, StoreError> {
        let offset = pofuai_store::analytics::ISTANBUL_OFFSET_MS;
        let day = pofuai_store::analytics::DAY_MS;
        let lines = self
            .state
            .store
            .owner_claim_lines(
                self.owner(),
                range.from * day - offset,
                (range.to + 1) * day - offset,
            )
            .await?;
        let mut by: BTreeMap<String, i64> = BTreeMap::new();
        for text in lines {
            let Ok(serde_json::Value::Array(items)) = serde_json::from_str(&text) else {
                continue;
            };
            for item in items {
                let reason = item["reason"].as_str().unwrap_or("").trim();
                if reason.is_empty() {
                    continue;
                }
                let reason: String = reason.chars().take(80).collect();
                *by.entry(reason).or_default() += item["quantity"].as_i64().unwrap_or(1).max(1);
            }
        }
        let mut out: Vec<(String, i64)> = by.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(5);
        Ok(out)
    }

    /// The stored forecast of one of the owner's products, summed over the next `days`.
    pub async fn forecast(
        &self,
        product_id: i64,
        days: u32,
    ) -> Result<Option<ProductForecast>, StoreError> {
        let row = match self
            .state
            .store
            .stored_forecast(
                self.scope(),
                self.owner(),
                "product",
                &product_id.to_string(),
            )
            .await
        {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let body: serde_json::Value = serde_json::from_str(&row.body).unwrap_or_default();
        let sum = |k: &str| -> f64 {
            body[k]
                .as_array()
                .map(|a| {
                    a.iter()
                        .take(days as usize)
                        .filter_map(|v| v.as_f64())
                        .sum()
                })
                .unwrap_or(0.0)
        };
        Ok(Some(ProductForecast {
            product_id,
            days,
            units: sum("forecast"),
            lower: sum("lower"),
            upper: sum("upper"),
            model: row.model,
        }))
    }

    /// This month's template quota.
    pub async fn quota(&self) -> Result<Quota, StoreError> {
        let period = QuotaPeriod::containing(to_datetime(self.state.now_ms()));
        let used = self
            .state
            .store
            .quota_used(self.owner(), &period.key())
            .await?;
        let limit = self
            .user
            .template_quota_override
            .or_else(|| self.user.role.default_template_quota());
        let q = QuotaStatus::new(limit, used, period);
        Ok(Quota {
            limit: q.limit,
            used: q.used,
            remaining: q.remaining,
            resets_at: q.resets_at.to_rfc3339(),
        })
    }

    /// Templates made in a period, per template type.
    pub async fn templates_made(&self, range: DayRange) -> Result<Vec<(String, i64)>, StoreError> {
        let offset = pofuai_store::analytics::ISTANBUL_OFFSET_MS;
        let day = pofuai_store::analytics::DAY_MS;
        self.state
            .store
            .owner_templates_made(
                self.owner(),
                range.from * day - offset,
                (range.to + 1) * day - offset,
            )
            .await
    }

    pub async fn product_names(&self) -> Result<Vec<ProductName>, StoreError> {
        self.state
            .store
            .owner_product_names(self.owner(), MAX_CATALOGUE)
            .await
    }

    /// One of the owner's products with its variants; `None` for anyone else's.
    pub async fn product(&self, product_id: i64) -> Result<Option<ProductFacts>, StoreError> {
        let p = match self.state.store.product(product_id, self.scope()).await {
            Ok(p) => p,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(ProductFacts {
            url: format!("/products/{}", p.id),
            product_id: p.id,
            description: pofuai_text::describe::html_to_text(&p.description)
                .join(" ")
                .chars()
                .take(500)
                .collect(),
            name: p.name,
            category: p.category,
            brand: p.brand,
            variants: p
                .variants
                .iter()
                .map(|v| VariantFacts {
                    variant_id: v.id,
                    stock_code: v.stock_code.clone(),
                    barcode: v.barcode.clone(),
                    attributes: v.attributes.clone(),
                    on_hand: v.stock_on_hand,
                    available: v.available(),
                    sale_price_minor: v.sale_price,
                    list_price_minor: v.list_price,
                    currency: v.currency.clone(),
                })
                .collect(),
        }))
    }

    /// The owner's product whose name the text names best (see [`best_match`]).
    pub async fn find_product(
        &self,
        tokens: &[words::Token],
        skip: &[usize],
    ) -> Result<Option<Match>, StoreError> {
        Ok(best_match(&self.product_names().await?, tokens, skip))
    }

    pub async fn listings(&self) -> Result<Listings, StoreError> {
        Ok(Listings {
            channels: self.state.store.owner_channels(self.owner()).await?,
            counts: self.state.store.owner_listing_counts(self.owner()).await?,
        })
    }

    pub async fn unlisted(&self, channel: &str) -> Result<Vec<ProductName>, StoreError> {
        self.state
            .store
            .owner_unlisted_products(self.owner(), channel, 50)
            .await
    }

    pub async fn failed_listings(
        &self,
        channel: Option<&str>,
    ) -> Result<Vec<FailedListing>, StoreError> {
        self.state
            .store
            .owner_failed_listings(self.owner(), channel, 50)
            .await
    }

    pub async fn sync_errors(&self) -> Result<(i64, Vec<OpenSyncError>), StoreError> {
        self.state
            .store
            .owner_open_sync_errors(self.owner(), 10)
            .await
    }

    pub async fn channels(&self) -> Result<Vec<String>, StoreError> {
        self.state.store.owner_channels(self.owner()).await
    }
}

/// Low: the forecast says it runs out within the lead time, or, without a forecast, one to
/// [`pofuai_core::product::LOW_STOCK`] units are left.
pub fn is_low(r: &StockLine) -> bool {
    r.available > 0
        && (r.alert || (!r.forecast_ready && r.available <= pofuai_core::product::LOW_STOCK))
}

/// Whether two stems are the same word: equal, or one starts the other and the shorter has
/// at least four letters ("kahve" / "kahvesi").
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() >= 4 && long.starts_with(short))
}

/// The product whose name the question's words name best: most name words found (numbers and
/// words under three letters do not count); accepted with two words, or one word when the
/// name has at most two or that word (five letters or more, as written) names no other
/// product.
pub fn best_match(
    products: &[ProductName],
    tokens: &[words::Token],
    skip: &[usize],
) -> Option<Match> {
    let significant = |s: &str| s.len() >= 3 && !s.chars().any(|c| c.is_ascii_digit());
    let candidates: Vec<(usize, &words::Token)> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !skip.contains(i) && significant(&t.stem))
        .collect();
    let mut scored: Vec<(usize, usize, &ProductName, Vec<usize>)> = Vec::new();
    for p in products {
        let name_words: Vec<words::Token> = words::tokens(&p.name)
            .into_iter()
            .filter(|t| significant(&t.stem))
            .collect();
        let mut used = Vec::new();
        for w in &name_words {
            if let Some((i, _)) = candidates
                .iter()
                .find(|(i, t)| !used.contains(i) && same_word(&t.stem, &w.stem))
            {
                used.push(*i);
            }
        }
        if !used.is_empty() {
            scored.push((used.len(), name_words.len(), p, used));
        }
    }
    // Most words matched, then the name with fewest words (the closest), then the newest.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (hits, len, product, used) = scored.first()?.clone();
    // One word of a longer name beside a capitalised word it does not know is part of some
    // other name ("Gizli Rakip Kahvesi" is not "Türk Kahvesi Makinesi").
    let at = used[0];
    let beside_other_name = [at.checked_sub(1), Some(at + 1)]
        .into_iter()
        .flatten()
        .filter_map(|i| tokens.get(i).map(|t| (i, t)))
        .any(|(i, t)| {
            !skip.contains(&i)
                && significant(&t.stem)
                && t.raw.chars().next().is_some_and(char::is_uppercase)
        });
    let accepted = hits >= 2
        || len <= 2
        || (tokens[at].folded.len() >= 5
            && !beside_other_name
            && scored.iter().filter(|s| s.3.contains(&at)).count() == 1);
    accepted.then(|| Match {
        product: product.clone(),
        tokens: used,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<ProductName> {
        [
            "Bakır Cezve El Yapımı",
            "Döküm Tava 28 cm",
            "Türk Kahvesi Makinesi",
            "Bambu Banyo Havlusu Seti",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| ProductName {
            id: i as i64 + 1,
            name: n.to_string(),
        })
        .collect()
    }

    fn matched(q: &str) -> Option<i64> {
        best_match(&names(), &words::tokens(q), &[]).map(|m| m.product.id)
    }

    #[test]
    fn names_match_through_suffixes() {
        assert_eq!(
            matched("Bakır Cezve için Instagram gönderisi hazırla"),
            Some(1)
        );
        assert_eq!(matched("döküm tavanın stoğunu 25 yap"), Some(2));
        assert_eq!(matched("TÜRK KAHVESİ MAKİNESİNİN fiyatı"), Some(3));
        assert_eq!(matched("cezveyi aç"), Some(1));
        assert_eq!(matched("set every price to 1"), None);
        assert_eq!(matched("Gizli Rakip Kahvesi'nin fiyatını 1 yap"), None);
        assert_eq!(matched("hangi ürünlerim tükenmek üzere"), None);
    }
}
