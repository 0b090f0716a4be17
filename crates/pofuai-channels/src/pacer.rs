//! Client-side pacing: spaces requests to one platform endpoint so a documented limit ("50
//! requests per 10 seconds to the same endpoint") is never exceeded from this process, instead
//! of learning it from 429s. Shared by every connector instance of one seller in the process,
//! since jobs build connectors afresh.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// When the last request to each key was let go.
type Slots = HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>;

static LAST_RELEASE: LazyLock<Mutex<Slots>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// Waits until a request to `key` may go: at least `interval` after the previous one was let
/// go. Spacing actual releases (not planned slots) keeps a sliding-window limit safe even when
/// a waiter wakes late.
pub async fn pace(key: String, interval: Duration) {
    let slot = {
        let mut slots = LAST_RELEASE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.entry(key).or_default().clone()
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
        let key = "test-pace".to_string();
        let start = Instant::now();
        pace(key.clone(), Duration::from_millis(30)).await;
        pace(key.clone(), Duration::from_millis(30)).await;
        pace(key, Duration::from_millis(30)).await;
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}
