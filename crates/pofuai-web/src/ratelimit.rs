//! Failed-login limiting: after N failures for one e-mail within a window, further attempts
//! get 429 until the window has passed. In memory, per process: enough to stop online
//! guessing against one node; a multi-node deployment adds the proxy's limits.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

pub struct FailureLimiter {
    allowed: u32,
    window_ms: i64,
    failures: Mutex<HashMap<String, (i64, u32)>>,
}

impl FailureLimiter {
    pub fn new(allowed: u32, window: Duration) -> FailureLimiter {
        FailureLimiter {
            allowed,
            window_ms: i64::try_from(window.as_millis()).unwrap_or(i64::MAX),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds to wait if `key` is locked out now, else `None`.
    pub fn blocked_for(&self, key: &str, now: i64) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (start, count) = *map.get(key)?;
        let left = start + self.window_ms - now;
        (count >= self.allowed && left > 0).then(|| u64::try_from(left / 1000 + 1).unwrap_or(1))
    }

    pub fn record_failure(&self, key: &str, now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a spray of e-mails: forget expired windows.
            let window = self.window_ms;
            map.retain(|_, (start, _)| *start + window > now);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if entry.0 + self.window_ms <= now {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    pub fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_allowed_failures_until_window_ends() {
        let l = FailureLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.blocked_for("a", 0).is_none());
            l.record_failure("a", 0);
        }
        assert_eq!(l.blocked_for("a", 1_000), Some(60));
        assert!(l.blocked_for("b", 1_000).is_none());
        assert!(l.blocked_for("a", 60_000).is_none());
        l.clear("a");
        assert!(l.blocked_for("a", 1_000).is_none());
    }
}
