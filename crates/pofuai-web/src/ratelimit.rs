//! Login throttling. Failures are counted per client address and per account; past a few free
//! failures each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s, … up
//! to 15 minutes), answered 429 with Retry-After. The account's delay applies only to clients
//! that have themselves been failing, so an attacker guessing at an account never locks its
//! owner out: the owner, from a client with no failures, is let through to the password check.
//! Counts are forgotten an hour after their last failure.
//!
//! In memory, per process, bounded in entries.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;
const MAX_DELAY_MS: i64 = 15 * 60 * 1000;
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last_ms: i64,
}

/// Failure counts by key, bounded in size.
struct Counts<K> {
    map: HashMap<K, Failures>,
}

impl<K: Hash + Eq + Clone> Counts<K> {
    fn get(&self, key: &K, now: i64) -> Option<Failures> {
        self.map
            .get(key)
            .copied()
            .filter(|f| now - f.last_ms < FORGET_AFTER_MS)
    }

    fn fail(&mut self, key: &K, now: i64) {
        if self.map.len() >= MAX_ENTRIES && !self.map.contains_key(key) {
            self.map.retain(|_, f| now - f.last_ms < FORGET_AFTER_MS);
            if self.map.len() >= MAX_ENTRIES {
                // Still full of live entries: drop the older half rather than grow.
                let mut times: Vec<i64> = self.map.values().map(|f| f.last_ms).collect();
                times.sort_unstable();
                let cut = times[times.len() / 2];
                self.map.retain(|_, f| f.last_ms > cut);
            }
        }
        let count = self.get(key, now).map_or(0, |f| f.count);
        self.map.insert(
            key.clone(),
            Failures {
                count: count.saturating_add(1),
                last_ms: now,
            },
        );
    }
}

/// Milliseconds still to wait after `f`, given `free` failures without delay.
fn wait_ms(f: Failures, free: u32, now: i64) -> i64 {
    if f.count < free {
        return 0;
    }
    let doublings = (f.count - free).min(20);
    let delay = (1000_i64 << doublings).min(MAX_DELAY_MS);
    (f.last_ms + delay - now).max(0)
}

pub struct LoginThrottle {
    free: u32,
    clients: Mutex<Counts<String>>,
    accounts: Mutex<Counts<String>>,
}

impl LoginThrottle {
    /// `free` failures per client and per account pass without delay.
    pub fn new(free: u32) -> LoginThrottle {
        LoginThrottle {
            free,
            clients: Mutex::new(Counts {
                map: HashMap::new(),
            }),
            accounts: Mutex::new(Counts {
                map: HashMap::new(),
            }),
        }
    }

    /// Seconds `client` must still wait before trying `account`, or `None` to go ahead.
    pub fn wait(&self, client: &str, account: &str, now: i64) -> Option<u64> {
        let client_failures = lock(&self.clients).get(&client.to_string(), now);
        let mut ms = client_failures.map_or(0, |f| wait_ms(f, self.free, now));
        if client_failures.is_some()
            && let Some(f) = lock(&self.accounts).get(&account.to_string(), now)
        {
            ms = ms.max(wait_ms(f, self.free, now));
        }
        (ms > 0).then(|| u64::try_from((ms + 999) / 1000).unwrap_or(1))
    }

    pub fn failed(&self, client: &str, account: &str, now: i64) {
        lock(&self.clients).fail(&client.to_string(), now);
        lock(&self.accounts).fail(&account.to_string(), now);
    }

    /// The right password: this client's and this account's slates are clean.
    pub fn succeeded(&self, client: &str, account: &str) {
        lock(&self.clients).map.remove(client);
        lock(&self.accounts).map.remove(account);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_past_the_free_failures_and_spare_clean_clients() {
        let t = LoginThrottle::new(3);
        for i in 0..3 {
            assert_eq!(t.wait("a", "owner@x", i), None);
            t.failed("a", "owner@x", i);
        }
        assert_eq!(t.wait("a", "owner@x", 2), Some(1));
        assert_eq!(
            t.wait("a", "someone-else@x", 2),
            Some(1),
            "the client waits"
        );
        assert_eq!(t.wait("b", "owner@x", 2), None, "a clean client goes ahead");
        t.failed("a", "owner@x", 1_002);
        assert_eq!(t.wait("a", "owner@x", 1_002), Some(2));
        assert_eq!(t.wait("a", "owner@x", 3_002), None);
        t.failed("a", "owner@x", 3_002);
        assert_eq!(t.wait("a", "owner@x", 3_002), Some(4));
        // A client that failed elsewhere also waits for the account it hammers.
        t.failed("c", "other@x", 3_002);
        assert_eq!(t.wait("c", "owner@x", 3_002), Some(4));
        // Forgotten an hour after the last failure.
        assert_eq!(t.wait("a", "owner@x", 3_002 + FORGET_AFTER_MS), None);
        t.succeeded("c", "owner@x");
        assert_eq!(t.wait("c", "owner@x", 3_002), None);
    }

    #[test]
    fn delays_stop_growing_at_fifteen_minutes() {
        let t = LoginThrottle::new(0);
        for _ in 0..40 {
            t.failed("a", "x", 0);
        }
        assert_eq!(t.wait("a", "x", 0), Some(15 * 60));
    }
}
