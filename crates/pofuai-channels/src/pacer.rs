//! Client-side pacing: spaces requests to one platform endpoint so a documented limit ("50
//! requests per 10 seconds to the same endpoint") is never exceeded, instead of learning it
//! from 429s.
//!
//! Where the turns come from is a [`PaceGate`]. The default, [`LocalPacer::process`], paces
//! within this process only; a deployment with several worker nodes on one database gives the
//! connectors a gate backed by that database (`pofuai-sync`'s store pacer), so the nodes
//! together stay under the limit.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

pub type PaceFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Hands out turns for requests to a key (platform, seller, endpoint).
pub trait PaceGate: Send + Sync + 'static {
    /// Resolves once a request to `key` may go: at least `interval` after the turn before it,
    /// whoever took that turn. Never fails: a gate that cannot reach its shared state paces
    /// locally rather than stop the sync.
    fn wait_turn<'a>(&'a self, key: &'a str, interval: Duration) -> PaceFuture<'a>;
}

/// When the last request to each key was let go.
type Slots = HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>;

/// Paces the requests of whoever shares this value: the process-wide one, or a test's own.
#[derive(Debug, Default)]
pub struct LocalPacer {
    slots: Mutex<Slots>,
}

static PROCESS: LazyLock<Arc<LocalPacer>> = LazyLock::new(|| Arc::new(LocalPacer::default()));

impl LocalPacer {
    /// The pacer every connector of this process shares unless given another gate: jobs build
    /// connectors afresh, so a per-connector pacer would pace nothing.
    pub fn process() -> Arc<LocalPacer> {
        PROCESS.clone()
    }

    /// Waits until a request to `key` may go: at least `interval` after the previous one was
    /// let go. Spacing actual releases (not planned slots) keeps a sliding-window limit safe
    /// even when a waiter wakes late.
    pub async fn pace(&self, key: &str, interval: Duration) {
        let slot = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            slots.entry(key.to_owned()).or_default().clone()
        };
        let mut last = slot.lock().await;
        if let Some(previous) = *last {
            let ready = previous + interval;
            if ready > Instant::now() {
                tokio::time::sleep_until(ready.into()).await;
            }
        }
        *last = Some(Instant::now());
    }
}

impl PaceGate for LocalPacer {
    fn wait_turn<'a>(&'a self, key: &'a str, interval: Duration) -> PaceFuture<'a> {
        Box::pin(self.pace(key, interval))
    }
}

/// A URL path as an endpoint name: segments holding digits (ids) become `{}`.
pub fn endpoint_of(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.chars().any(|c| c.is_ascii_digit()) {
                "{}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_do_not_make_separate_endpoints() {
        assert_eq!(
            endpoint_of("/integration/product/sellers/104123/products/batch-requests/ab12-99"),
            "/integration/product/sellers/{}/products/batch-requests/{}"
        );
    }

    #[tokio::test]
    async fn the_second_request_waits_its_interval() {
        let pacer = LocalPacer::default();
        let start = Instant::now();
        pacer.pace("test-pace", Duration::from_millis(30)).await;
        pacer.pace("test-pace", Duration::from_millis(30)).await;
        pacer.pace("test-pace", Duration::from_millis(30)).await;
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}
