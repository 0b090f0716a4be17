//! A bounded pool for CPU-heavy work (image decoding, rendering): at most `threads` jobs run at
//! once, at most `queue` wait, and anything beyond is refused at once with 503 + Retry-After
//! rather than piling up behind the request path.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Debug, Clone)]
pub struct CpuPool {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

impl CpuPool {
    pub fn new(threads: usize, queue: usize) -> CpuPool {
        let threads = threads.max(1);
        CpuPool {
            running: Arc::new(Semaphore::new(threads)),
            admitted: Arc::new(Semaphore::new(threads + queue)),
        }
    }

    /// Runs `f` on the blocking pool once a slot is free; 503 when the queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 2,
            })?;
        let _running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(ApiError::internal)
    }
}
