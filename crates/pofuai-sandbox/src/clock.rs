use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The simulator's idea of now: the system clock plus an offset tests can move forward, so the
/// 15-minute rule or order ageing can be exercised without waiting.
#[derive(Debug, Clone, Default)]
pub struct SandboxClock {
    offset_ms: Arc<AtomicI64>,
}

impl SandboxClock {
    pub fn now_ms(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        system + self.offset_ms.load(Ordering::SeqCst)
    }

    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}
