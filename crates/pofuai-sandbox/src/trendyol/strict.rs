//! How strict the Trendyol simulator is about time and product rules, switchable per test.
//!
//! The real platform processes a batch for a while, lists a new barcode only once its batch is
//! processed (and some time after), refuses a second create of a barcode it holds or is still
//! creating, and ignores price and stock in product updates. A forgiving simulator hides the
//! client bugs that only show against that: a client that takes "not in the product list" for
//! "absent" creates products twice; one that records a batch's values before it is processed
//! believes things the channel never accepted. [`Strictness::documented`] turns all of it on.

use std::collections::HashMap;
use std::time::Duration;

/// The switches. `Default` is the forgiving simulator the rest of the suite was written
/// against: batches finish on the poll `SimOptions::batch_polls_until_done` allows, and new
/// products are listed at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strictness {
    /// A batch answers `IN_PROGRESS` until at least this long after it was accepted (on top
    /// of the polls `batch_polls_until_done` asks for).
    pub batch_processing: Duration,
    /// A created product appears in the product list, and accepts price and stock, only this
    /// long after its batch finished processing.
    pub listing_lag: Duration,
    /// The largest `quantity` a create or a price-and-inventory row may carry. Trendyol's pages
    /// give no number; N11 (the sibling API in the reference) documents 999,999, which is what
    /// [`Strictness::documented`] uses [?].
    pub max_quantity: Option<i64>,
    /// A create must carry `currencyType` (`TRY`); the forgiving simulator only checks it when
    /// present.
    pub currency_required: bool,
}

impl Strictness {
    /// Everything on, with delays short enough for a test suite: batches process for 300 ms
    /// and new products are listed 500 ms after that.
    pub fn documented() -> Strictness {
        Strictness {
            batch_processing: Duration::from_millis(300),
            listing_lag: Duration::from_millis(500),
            max_quantity: Some(999_999),
            currency_required: true,
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The simulator's strict-mode state: the switches and when each new barcode becomes listed.
#[derive(Debug, Default)]
pub(crate) struct Strict {
    pub strictness: Strictness,
    /// barcode → the first millisecond the product list shows it. Barcodes not here are
    /// listed (seeded, or created before strictness was switched on).
    listed_from: HashMap<String, i64>,
}

impl Strict {
    /// When a batch accepted at `created_ms` has finished processing.
    pub fn processed_at(&self, created_ms: i64) -> i64 {
        created_ms.saturating_add(ms(self.strictness.batch_processing))
    }

    /// Records a barcode created by a batch accepted at `created_ms`.
    pub fn created(&mut self, barcode: &str, created_ms: i64) {
        let from = self
            .processed_at(created_ms)
            .saturating_add(ms(self.strictness.listing_lag));
        self.listed_from.insert(barcode.to_owned(), from);
    }

    /// Whether the product list shows `barcode` at `now` (given the simulator holds it).
    pub fn listed(&self, barcode: &str, now: i64) -> bool {
        self.listed_from
            .get(barcode)
            .is_none_or(|from| now >= *from)
    }

    /// Field rules that depend on the switches, for a create or a price-and-inventory row.
    pub fn quantity_problem(&self, quantity: i64) -> Option<String> {
        let max = self.strictness.max_quantity?;
        (quantity > max).then(|| format!("Stok (quantity) en fazla {max} olabilir."))
    }
}

impl Strict {
    /// Adds the switchable rules to the fixed ones' verdict on a create item.
    pub fn check_create<T>(
        &self,
        item: &serde_json::Value,
        checked: Result<T, Vec<String>>,
    ) -> Result<T, Vec<String>> {
        let extra = self.create_problems(item);
        match checked {
            Ok(_) if !extra.is_empty() => Err(extra),
            Ok(listing) => Ok(listing),
            Err(mut problems) => {
                problems.extend(extra);
                Err(problems)
            }
        }
    }

    /// The switchable rules of a create item: the documented currency and quantity bounds.
    pub fn create_problems(&self, item: &serde_json::Value) -> Vec<String> {
        let mut problems = Vec::new();
        if self.strictness.currency_required && item.get("currencyType").is_none() {
            problems.push("Para birimi (currencyType) zorunludur ve TRY olmalıdır.".to_owned());
        }
        if let Some(q) = item.get("quantity").and_then(serde_json::Value::as_i64)
            && let Some(p) = self.quantity_problem(q)
        {
            problems.push(p);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_barcode_is_listed_only_after_processing_and_the_lag() {
        let mut s = Strict {
            strictness: Strictness::documented(),
            ..Strict::default()
        };
        s.created("A", 1_000);
        assert!(!s.listed("A", 1_000));
        assert!(!s.listed("A", 1_799));
        assert!(s.listed("A", 1_800));
        assert!(
            s.listed("seeded", 0),
            "barcodes never created here are listed"
        );
        assert_eq!(s.processed_at(1_000), 1_300);
    }

    #[test]
    fn the_forgiving_default_lists_at_once() {
        let mut s = Strict::default();
        s.created("A", 1_000);
        assert!(s.listed("A", 1_000));
        assert!(
            s.create_problems(&serde_json::json!({"quantity": 5_000_000}))
                .is_empty()
        );
    }

    #[test]
    fn documented_rules_name_the_field() {
        let s = Strict {
            strictness: Strictness::documented(),
            ..Strict::default()
        };
        let problems = s.create_problems(&serde_json::json!({"quantity": 1_000_000}));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("currencyType"));
        assert!(problems[1].contains("quantity"));
    }
}
