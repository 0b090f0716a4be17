//! Injected faults, applied as a middleware in front of a simulator's API routes.

use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Probabilities (0.0–1.0) of each fault per request, and the timings they use.
#[derive(Debug, Clone)]
pub struct FaultConfig {
    /// Answer 500/502/503 without doing anything.
    pub server_error: f64,
    /// Answer 429 with Retry-After without doing anything.
    pub rate_limited: f64,
    /// Hold the request for `hang_for` without doing anything, then answer 504.
    pub hang: f64,
    /// Do the work, then hold the answer for `hang_for`: the caller times out although the
    /// write took effect. This is the case that duplicates writes in careless clients.
    pub lost_response: f64,
    /// Added to every request.
    pub latency: Duration,
    pub hang_for: Duration,
    pub retry_after: Duration,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            server_error: 0.0,
            rate_limited: 0.0,
            hang: 0.0,
            lost_response: 0.0,
            latency: Duration::ZERO,
            hang_for: Duration::from_secs(2),
            retry_after: Duration::from_secs(1),
        }
    }
}

impl FaultConfig {
    /// `rate` split evenly over 5xx, 429, hangs and lost answers.
    pub fn mixed(rate: f64) -> FaultConfig {
        let each = rate / 4.0;
        FaultConfig {
            server_error: each,
            rate_limited: each,
            hang: each,
            lost_response: each,
            ..FaultConfig::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    ServerError,
    RateLimited,
    Hang,
    LostResponse,
}

#[derive(Debug)]
pub struct Faults {
    config: Mutex<FaultConfig>,
    rng: Mutex<StdRng>,
    injected: Mutex<Vec<Fault>>,
    /// (method, path suffix, how many more): answers to lose on purpose, for tests that need
    /// one particular write's answer lost rather than a random one.
    targeted: Mutex<Vec<(String, String, u32)>>,
    /// (method, text in the path and query, how many more): requests to answer 503 without
    /// doing anything, for tests that need one lookup to fail while others succeed.
    failing: Mutex<Vec<(String, String, u32)>>,
}

impl Faults {
    pub fn new(seed: u64) -> Faults {
        Faults {
            config: Mutex::new(FaultConfig::default()),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            injected: Mutex::new(Vec::new()),
            targeted: Mutex::new(Vec::new()),
            failing: Mutex::new(Vec::new()),
        }
    }

    /// Answers the next `count` requests with `method` whose path and query contain `needle`
    /// with 503, doing nothing.
    pub fn fail_requests(&self, method: &str, needle: &str, count: u32) {
        lock(&self.failing).push((method.to_owned(), needle.to_owned(), count));
    }

    fn failing(&self, method: &str, path_and_query: &str) -> bool {
        let mut failing = lock(&self.failing);
        let hit = failing.iter_mut().find(|(m, needle, n)| {
            *n > 0 && m == method && path_and_query.contains(needle.as_str())
        });
        match hit {
            Some(entry) => {
                entry.2 -= 1;
                lock(&self.injected).push(Fault::ServerError);
                true
            }
            None => false,
        }
    }

    /// Loses the answers of the next `count` requests with `method` whose path ends with
    /// `path_suffix`: the write takes effect, the caller waits `hang_for` and sees nothing.
    pub fn lose_answers(&self, method: &str, path_suffix: &str, count: u32) {
        lock(&self.targeted).push((method.to_owned(), path_suffix.to_owned(), count));
    }

    fn targeted(&self, method: &str, path: &str) -> bool {
        let mut targeted = lock(&self.targeted);
        let hit = targeted
            .iter_mut()
            .find(|(m, suffix, n)| *n > 0 && m == method && path.ends_with(suffix.as_str()));
        match hit {
            Some(entry) => {
                entry.2 -= 1;
                lock(&self.injected).push(Fault::LostResponse);
                true
            }
            None => false,
        }
    }

    pub fn set(&self, config: FaultConfig) {
        *lock(&self.config) = config;
    }

    pub fn config(&self) -> FaultConfig {
        lock(&self.config).clone()
    }

    /// Every fault injected so far, in order (for tests to check faults really happened).
    pub fn injected(&self) -> Vec<Fault> {
        lock(&self.injected).clone()
    }

    pub fn roll(&self) -> Fault {
        let config = self.config();
        let x: f64 = lock(&self.rng).r#gen();
        let mut edge = config.server_error;
        let fault = if x < edge {
            Fault::ServerError
        } else if x < {
            edge += config.rate_limited;
            edge
        } {
            Fault::RateLimited
        } else if x < {
            edge += config.hang;
            edge
        } {
            Fault::Hang
        } else if x < edge + config.lost_response {
            Fault::LostResponse
        } else {
            Fault::None
        };
        if fault != Fault::None {
            lock(&self.injected).push(fault);
        }
        fault
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding a sandbox lock leaves plain data; keep serving.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Middleware: `axum::middleware::from_fn_with_state(faults, inject)`.
pub async fn inject(
    State(faults): State<std::sync::Arc<Faults>>,
    request: Request,
    next: Next,
) -> Response {
    let config = faults.config();
    if !config.latency.is_zero() {
        tokio::time::sleep(config.latency).await;
    }
    let method = request.method().as_str();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or(request.uri().path(), |pq| pq.as_str());
    let fault = if faults.failing(method, path_and_query) {
        Fault::ServerError
    } else if faults.targeted(method, request.uri().path()) {
        Fault::LostResponse
    } else {
        faults.roll()
    };
    match fault {
        Fault::None => next.run(request).await,
        Fault::ServerError => {
            (StatusCode::SERVICE_UNAVAILABLE, "injected server error").into_response()
        }
        Fault::RateLimited => {
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, "injected rate limit").into_response();
            let secs = config.retry_after.as_secs_f64().ceil().max(0.0);
            if let Ok(value) = HeaderValue::from_str(&format!("{secs}")) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Fault::Hang => {
            tokio::time::sleep(config.hang_for).await;
            (StatusCode::GATEWAY_TIMEOUT, "injected hang").into_response()
        }
        Fault::LostResponse => {
            let response = next.run(request).await;
            tokio::time::sleep(config.hang_for).await;
            response
        }
    }
}
