//! API rate limits: token buckets for all clients together, per client address and per
//! presented token, each refilling at its rate per second up to a burst of twice that. A
//! request that finds any of its buckets empty is answered 429 `rate_limited` with the
//! seconds until it would pass in `Retry-After`, before any work is done for it. Health probes
//! and metrics are not limited. In memory, per process; full buckets are forgotten, so the maps
//! hold only clients that are spending.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::net::IpAddr;
use std::sync::Mutex;

use axum::extract::Request;

use crate::AppState;
use crate::client::ClientIp;

const MAX_KEYS: usize = 100_000;

/// Requests per second; each bucket holds twice its rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub global_per_sec: u32,
    pub per_ip_per_sec: u32,
    pub per_token_per_sec: u32,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            global_per_sec: 500,
            per_ip_per_sec: 50,
            per_token_per_sec: 20,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at_ms: i64,
}

struct Buckets<K> {
    per_sec: f64,
    map: HashMap<K, Bucket>,
}

impl<K: Hash + Eq> Buckets<K> {
    fn new(per_sec: u32) -> Buckets<K> {
        Buckets {
            per_sec: f64::from(per_sec.max(1)),
            map: HashMap::new(),
        }
    }

    fn burst(&self) -> f64 {
        self.per_sec * 2.0
    }

    fn refilled(&self, b: Bucket, now: i64) -> f64 {
        let elapsed = (now - b.at_ms).max(0) as f64 / 1000.0;
        (b.tokens + elapsed * self.per_sec).min(self.burst())
    }

    /// Seconds until `key` has a token, or `None` if it has one now (not yet taken).
    fn wait(&self, key: &K, now: i64) -> Option<u64> {
        let tokens = self
            .map
            .get(key)
            .map_or(self.burst(), |b| self.refilled(*b, now));
        (tokens < 1.0).then(|| ((1.0 - tokens) / self.per_sec).ceil().max(1.0) as u64)
    }

    fn take(&mut self, key: K, now: i64) {
        if self.map.len() >= MAX_KEYS {
            let burst = self.burst();
            let per_sec = self.per_sec;
            self.map.retain(|_, b| {
                let elapsed = (now - b.at_ms).max(0) as f64 / 1000.0;
                b.tokens + elapsed * per_sec < burst
            });
        }
        let tokens = self
            .map
            .get(&key)
            .map_or(self.burst(), |b| self.refilled(*b, now));
        self.map.insert(
            key,
            Bucket {
                tokens: tokens - 1.0,
                at_ms: now,
            },
        );
    }
}

pub struct RateLimiter {
    inner: Mutex<Limiters>,
    hasher: std::collections::hash_map::RandomState,
}

struct Limiters {
    global: Buckets<()>,
    ip: Buckets<IpAddr>,
    token: Buckets<u64>,
}

impl RateLimiter {
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter {
            inner: Mutex::new(Limiters {
                global: Buckets::new(limits.global_per_sec),
                ip: Buckets::new(limits.per_ip_per_sec),
                token: Buckets::new(limits.per_token_per_sec),
            }),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Takes a token from each bucket of this request, or answers how long to wait (and
    /// takes none).
    fn admit(&self, ip: IpAddr, token: Option<&str>, now: i64) -> Result<(), u64> {
        let token = token.map(|t| self.hasher.hash_one(t));
        let mut l = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let wait = [
            l.global.wait(&(), now),
            l.ip.wait(&ip, now),
            token.and_then(|t| l.token.wait(&t, now)),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(secs) = wait {
            return Err(secs);
        }
        l.global.take((), now);
        l.ip.take(ip, now);
        if let Some(t) = token {
            l.token.take(t, now);
        }
        Ok(())
    }
}

/// The limits, before the handler does any work: `Err` with the seconds to wait when a
/// bucket of this request is empty.
pub(crate) fn check(state: &AppState, req: &Request) -> Result<(), u64> {
    if matches!(req.uri().path(), "/healthz" | "/readyz" | "/metrics") {
        return Ok(());
    }
    let ip = ClientIp::of(
        req.extensions(),
        req.headers(),
        state.config.client_ip_header.as_deref(),
    );
    let token = crate::auth::presented_token(req.headers());
    state
        .rate_limiter
        .admit(ip.network(), token, state.now_ms())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn buckets_hold_twice_the_rate_and_refill() {
        let l = RateLimiter::new(RateLimits {
            global_per_sec: 1000,
            per_ip_per_sec: 2,
            per_token_per_sec: 1000,
        });
        for _ in 0..4 {
            assert_eq!(l.admit(A, None, 0), Ok(()));
        }
        assert_eq!(l.admit(A, None, 0), Err(1));
        assert_eq!(l.admit(B, None, 0), Ok(()), "other clients pass");
        assert_eq!(l.admit(A, None, 500), Ok(()), "one token after 0.5 s");
        assert_eq!(l.admit(A, None, 500), Err(1));
    }
}
