//! Per-endpoint request limits over a sliding window, as the platforms document them.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl RateLimiter {
    /// Counts a request to `endpoint` at `now_ms` against `limit` per `window`. Err carries how
    /// long until a slot frees (the simulator's Retry-After).
    pub fn check(
        &self,
        endpoint: &str,
        limit: usize,
        window: Duration,
        now_ms: i64,
    ) -> Result<(), Duration> {
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let hits = windows.entry(endpoint.to_owned()).or_default();
        while hits.front().is_some_and(|&t| t <= now_ms - window_ms) {
            hits.pop_front();
        }
        if hits.len() >= limit {
            let oldest = hits.front().copied().unwrap_or(now_ms);
            let wait = (oldest + window_ms - now_ms).max(1);
            return Err(Duration::from_millis(u64::try_from(wait).unwrap_or(1)));
        }
        hits.push_back(now_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_over_the_limit_waits_for_the_oldest() {
        let limiter = RateLimiter::default();
        let w = Duration::from_secs(10);
        for i in 0..50 {
            assert!(limiter.check("e", 50, w, 1_000 + i).is_ok());
        }
        assert_eq!(
            limiter.check("e", 50, w, 2_000),
            Err(Duration::from_millis(9_000))
        );
        assert!(limiter.check("other", 50, w, 2_000).is_ok());
        assert!(limiter.check("e", 50, w, 11_000).is_ok());
    }
}
