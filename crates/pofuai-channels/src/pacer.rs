//! Client-side pacing: spaces requests to one platform endpoint so a documented limit ("50
//! requests per 10 seconds to the same endpoint") is never exceeded from this process, instead
//! of learning it from 429s. Shared by every connector instance of one seller in the process,
//! since jobs build connectors afresh.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

static NEXT_SLOT: LazyLock<Mutex<HashMap<String, Instant>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Waits until a request to `key` may go, `interval` after the previous one.
pub async fn pace(key: String, interval: Duration) {
    let wait = {
        let mut slots = NEXT_SLOT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        let slot = slots.get(&key).copied().unwrap_or(now).max(now);
        slots.insert(key, slot + interval);
        slot - now
    };
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
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
        let key = "test-pace".to_string();
        let start = Instant::now();
        pace(key.clone(), Duration::from_millis(30)).await;
        pace(key.clone(), Duration::from_millis(30)).await;
        pace(key, Duration::from_millis(30)).await;
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}
