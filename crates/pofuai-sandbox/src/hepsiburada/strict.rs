//! How strict the Hepsiburada simulator is about time and product rules, switchable per test
//! (the counterpart of `trendyol::Strictness`).
//!
//! The catalogue import is asynchronous (platform-apis.md §2): an import answers PROCESSING
//! for a while, and a new merchantSku reaches the listings (`GET /listings/...`, where stock
//! and price uploads find it) only after its import is processed. A forgiving simulator that
//! lists at once hides the client bugs that only show against that: a client that takes
//! "not listed" for "absent" imports a product twice, and one that pushes stock to a listing
//! that does not exist yet loses the write.

use std::collections::HashMap;
use std::time::Duration;

/// The switches. `Default` is the forgiving simulator the rest of the suite was written
/// against: imports and uploads finish on the poll `SimOptions::batch_polls_until_done`
/// allows, and new products are listed at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strictness {
    /// An import or a stock/price upload answers PROCESSING until at least this long after it
    /// was accepted (on top of the polls `batch_polls_until_done` asks for).
    pub batch_processing: Duration,
    /// A created product appears in the listings, and accepts stock and price uploads, only
    /// this long after its import finished processing.
    pub listing_lag: Duration,
    /// A second import creating a merchantSku whose first import is not listed yet is refused
    /// for that item ("zaten işlemde"). Hepsiburada's pages do not say what it does; refusing
    /// is the strict choice, and the one a client must survive [?].
    pub refuse_duplicate_creates: bool,
    /// An import of a merchantSku already listed leaves its price and stock alone: those
    /// travel through the listing uploads.
    pub import_keeps_price_stock: bool,
    /// The largest `stock` an import item may carry (the stock upload's own bound, 100,000,
    /// applies there always). The pages give no number; this is the simulator's [?].
    pub max_quantity: Option<i64>,
}

impl Strictness {
    /// Everything on, with delays short enough for a test suite: imports and uploads process
    /// for 300 ms and new products are listed 500 ms after that.
    pub fn documented() -> Strictness {
        Strictness {
            batch_processing: Duration::from_millis(300),
            listing_lag: Duration::from_millis(500),
            refuse_duplicate_creates: true,
            import_keeps_price_stock: true,
            max_quantity: Some(100_000),
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The strict-mode state: the switches and when each new merchantSku becomes listed.
#[derive(Debug, Default)]
pub(crate) struct Strict {
    pub strictness: Strictness,
    /// merchantSku → the first millisecond the listings show it. Skus not here are listed.
    listed_from: HashMap<String, i64>,
}

impl Strict {
    /// When an import or upload accepted at `created_ms` has finished processing.
    pub fn processed_at(&self, created_ms: i64) -> i64 {
        created_ms.saturating_add(ms(self.strictness.batch_processing))
    }

    /// Records a merchantSku created by an import accepted at `created_ms`.
    pub fn created(&mut self, sku: &str, created_ms: i64) {
        let from = self
            .processed_at(created_ms)
            .saturating_add(ms(self.strictness.listing_lag));
        self.listed_from.insert(sku.to_owned(), from);
    }

    /// Whether the listings show `sku` at `now` (given the simulator holds it).
    pub fn listed(&self, sku: &str, now: i64) -> bool {
        self.listed_from.get(sku).is_none_or(|from| now >= *from)
    }

    /// Why an import item creating or updating `sku` is refused by the switches, if it is.
    pub fn import_problem(
        &self,
        sku: &str,
        stock: Option<i64>,
        now: i64,
    ) -> Option<(String, String)> {
        if self.strictness.refuse_duplicate_creates && !self.listed(sku, now) {
            return Some((
                "merchantSku".into(),
                "Bu merchantSku ile bir ürün zaten işlemde (already exists)".into(),
            ));
        }
        let max = self.strictness.max_quantity?;
        stock
            .filter(|q| *q > max)
            .map(|_| ("stock".into(), format!("Stok en fazla {max} olabilir")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_sku_is_listed_only_after_processing_and_the_lag() {
        let mut s = Strict {
            strictness: Strictness::documented(),
            ..Strict::default()
        };
        s.created("A", 1_000);
        assert!(!s.listed("A", 1_799));
        assert!(s.listed("A", 1_800));
        assert!(s.listed("never-created-here", 0));
        assert!(s.import_problem("A", Some(1), 1_500).is_some());
        assert!(s.import_problem("A", Some(1), 1_800).is_none());
        let (field, _) = s.import_problem("B", Some(100_001), 0).unwrap();
        assert_eq!(field, "stock");
    }

    #[test]
    fn the_forgiving_default_lists_at_once_and_refuses_nothing() {
        let mut s = Strict::default();
        s.created("A", 1_000);
        assert!(s.listed("A", 1_000));
        assert!(s.import_problem("A", Some(10_000_000), 1_000).is_none());
    }
}
