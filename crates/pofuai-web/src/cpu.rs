//! A bounded pool for CPU-heavy work (image decoding, rendering): at most `threads` jobs run at
//! once, at most `queue` wait, and anything beyond is refused at once with 503 + Retry-After
//! rather than piling up behind the request path.
//!
//! A slot belongs to the work, not to the request: a client that hangs up drops its request's
//! future, but work already running on a blocking thread cannot be stopped, so it keeps its
//! slot until it ends. Otherwise every hang-up would let one more decode run past the bound.

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
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 2,
            })?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || {
            let result = f();
            drop((running, admitted));
            result
        })
        .await
        .map_err(ApiError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_answers_busy_at_once() {
        let pool = CpuPool::new(1, 0);
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let busy = pool.clone();
        let first = tokio::spawn(async move {
            busy.run(move || {
                let _ = started_tx.send(());
                let _ = release_rx.recv();
                1
            })
            .await
        });
        // Wait until the only slot is taken, without sleeping.
        tokio::task::spawn_blocking(move || started_rx.recv())
            .await
            .unwrap()
            .unwrap();
        match pool.run(|| 2).await {
            Err(ApiError::Busy { retry_after_secs }) => assert!(retry_after_secs > 0),
            other => panic!("expected busy, got {:?}", other.map(|_| ())),
        }
        release_tx.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(pool.run(|| 3).await.unwrap(), 3, "capacity returns");
    }

    #[tokio::test]
    async fn a_hung_up_caller_does_not_free_the_slot_of_running_work() {
        let pool = CpuPool::new(1, 0);
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let busy = pool.clone();
        let caller = tokio::spawn(async move {
            busy.run(move || {
                let _ = started_tx.send(());
                let _ = release_rx.recv();
                let _ = done_tx.send(());
            })
            .await
        });
        tokio::task::spawn_blocking(move || started_rx.recv())
            .await
            .unwrap()
            .unwrap();
        // The client hangs up: its request future is dropped while the work runs on.
        caller.abort();
        assert!(caller.await.unwrap_err().is_cancelled());
        assert!(
            matches!(pool.run(|| ()).await, Err(ApiError::Busy { .. })),
            "the running work still holds the only slot"
        );
        release_tx.send(()).unwrap();
        tokio::task::spawn_blocking(move || done_rx.recv())
            .await
            .unwrap()
            .unwrap();
        // The slot comes back when the work ends; wait for it with a deadline.
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match pool.run(|| 4).await {
                Ok(v) => break assert_eq!(v, 4),
                Err(ApiError::Busy { .. }) if tokio::time::Instant::now() < deadline => {
                    tokio::task::yield_now().await;
                }
                Err(e) => panic!("slot never came back: {e}"),
            }
        }
    }
}
