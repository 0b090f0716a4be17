//! Per-endpoint request limits over a sliding window, as the platforms document them.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, VecDeque<i64>>>,
    /// Requests let through per key, with the key's limit and window.
    accepted: Mutex<HashMap<String, (usize, usize, Duration)>>,
    /// Every request offered per key (let through or refused), to measure what clients send.
    offered: Mutex<HashMap<String, Offered>>,
}

/// What clients sent to one key: the most requests seen in any one window, and how many were
/// refused with 429 for going over the limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offered {
    hits: VecDeque<i64>,
    pub limit: usize,
    pub peak: usize,
    pub refused: usize,
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
        let over_limit = self.check_window(endpoint, limit, window_ms, now_ms);
        let mut offered = self
            .offered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let seen = offered.entry(endpoint.to_owned()).or_default();
        seen.limit = limit;
        while seen.hits.front().is_some_and(|&t| t <= now_ms - window_ms) {
            seen.hits.pop_front();
        }
        seen.hits.push_back(now_ms);
        seen.peak = seen.peak.max(seen.hits.len());
        if over_limit.is_err() {
            seen.refused += 1;
        }
        over_limit
    }

    /// Per key: the most requests offered in any window and how many were refused.
    pub fn offered(&self) -> HashMap<String, Offered> {
        self.offered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Requests refused with 429 for going over a limit, over all keys.
    pub fn refused(&self) -> usize {
        self.offered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .values()
            .map(|o| o.refused)
            .sum()
    }

    fn check_window(
        &self,
        endpoint: &str,
        limit: usize,
        window_ms: i64,
        now_ms: i64,
    ) -> Result<(), Duration> {
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
        drop(windows);
        let mut accepted = self
            .accepted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        accepted
            .entry(endpoint.to_owned())
            .or_insert((
                0,
                limit,
                Duration::from_millis(u64::try_from(window_ms).unwrap_or(u64::MAX)),
            ))
            .0 += 1;
        Ok(())
    }

    /// The least time the requests let through so far could have taken under these limits:
    /// per key, every full window's worth of requests beyond the first batch costs a window.
    pub fn minimum_time(&self) -> Duration {
        let accepted = self
            .accepted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        accepted
            .values()
            .map(|&(n, limit, window)| {
                window.saturating_mul(
                    u32::try_from(n.saturating_sub(1) / limit.max(1)).unwrap_or(u32::MAX),
                )
            })
            .max()
            .unwrap_or(Duration::ZERO)
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
        // 51 accepted on "e" with 50 per 10 s: one window at least.
        assert_eq!(limiter.minimum_time(), w);
        // 52 offered, the 51st (at 2 s) refused: 51 in the window 1.000-10.999 s.
        let e = &limiter.offered()["e"];
        assert_eq!((e.peak, e.refused, e.limit), (51, 1, 50));
        assert_eq!(limiter.refused(), 1);
    }
}
