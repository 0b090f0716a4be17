//! Every write a simulator accepted, so tests can prove nothing was applied twice.

use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// e.g. `product.create`, `product.update`, `inventory`, `package.status`, `package.tracking`,
    /// `claim.approve`.
    pub kind: &'static str,
    /// The item the write touched (barcode, merchantSku, package id, claim id).
    pub key: String,
    /// A short description of the value written, e.g. `quantity=5 salePrice=129.90`.
    pub value: String,
    pub at_ms: i64,
}

#[derive(Debug, Default)]
pub struct WriteLog {
    writes: Mutex<Vec<Write>>,
}

impl WriteLog {
    pub fn record(
        &self,
        kind: &'static str,
        key: impl Into<String>,
        value: impl Into<String>,
        at_ms: i64,
    ) {
        self.lock().push(Write {
            kind,
            key: key.into(),
            value: value.into(),
            at_ms,
        });
    }

    pub fn all(&self) -> Vec<Write> {
        self.lock().clone()
    }

    pub fn of_kind(&self, kind: &str) -> Vec<Write> {
        self.lock()
            .iter()
            .filter(|w| w.kind == kind)
            .cloned()
            .collect()
    }

    /// How many writes of `kind` touched `key`.
    pub fn count(&self, kind: &str, key: &str) -> usize {
        self.lock()
            .iter()
            .filter(|w| w.kind == kind && w.key == key)
            .count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Write>> {
        self.writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
