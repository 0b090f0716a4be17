//! The one retry policy: exponential backoff with full jitter, capped, and the platform's
//! Retry-After honoured when it gives one.

use std::time::Duration;

use rand::Rng;

use crate::ChannelError;

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    /// How long to wait before attempt number `attempt` (1 = the first retry) after `error`.
    pub fn delay(&self, attempt: u32, error: &ChannelError) -> Duration {
        if let ChannelError::RateLimited {
            retry_after: Some(wait),
        } = error
        {
            return (*wait).min(self.cap);
        }
        let exp = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1).min(20)))
            .min(self.cap);
        // Full jitter: spread retries of many workers so they do not return in lockstep.
        let millis = u64::try_from(exp.as_millis()).unwrap_or(u64::MAX).max(1);
        Duration::from_millis(rand::thread_rng().gen_range(millis / 2..=millis))
    }
}

/// Runs `call` until it succeeds, fails with an error retrying cannot fix, or `attempts` are
/// spent. Only for calls that are safe to repeat (reads, polls, idempotent writes).
pub async fn retrying<T, F, Fut>(
    backoff: Backoff,
    attempts: u32,
    mut call: F,
) -> Result<T, ChannelError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ChannelError>>,
{
    let mut attempt = 0;
    loop {
        match call().await {
            Ok(value) => return Ok(value),
            Err(error) if error.is_retryable() && attempt + 1 < attempts => {
                attempt += 1;
                tokio::time::sleep(backoff.delay(attempt, &error)).await;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_wins_over_backoff() {
        let b = Backoff::default();
        let e = ChannelError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        };
        assert_eq!(b.delay(5, &e), Duration::from_secs(7));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
        };
        let e = ChannelError::Transient("x".into());
        let first = b.delay(1, &e);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let fourth = b.delay(4, &e);
        assert!(fourth >= Duration::from_millis(400) && fourth <= Duration::from_millis(800));
        assert!(b.delay(30, &e) <= Duration::from_secs(1));
    }
}
