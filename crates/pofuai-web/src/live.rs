//! This node's fan-out of new events to its event streams: one listener on PostgreSQL's
//! `pofuai_events` notifications (started by the first stream), which wakes the streams of the
//! event's owner at once, whichever node or worker wrote it. Streams still poll, so a lost
//! notification (or SQLite, which has none) only delays an event.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use pofuai_store::Store;
use tokio::sync::broadcast;

/// How long to wait before listening again after the listener could not connect.
const RETRY: Duration = Duration::from_secs(2);

struct Inner {
    /// Owner ids of new events.
    tx: broadcast::Sender<i64>,
    started: AtomicBool,
}

pub struct LiveEvents {
    inner: Arc<Inner>,
}

impl Default for LiveEvents {
    fn default() -> LiveEvents {
        LiveEvents {
            inner: Arc::new(Inner {
                tx: broadcast::channel(256).0,
                started: AtomicBool::new(false),
            }),
        }
    }
}

impl LiveEvents {
    /// Owner ids of events written anywhere on the database from now on (nothing on SQLite).
    pub fn subscribe(&self, store: &Store) -> broadcast::Receiver<i64> {
        if !self.inner.started.swap(true, Ordering::AcqRel) {
            tokio::spawn(listen(store.clone(), Arc::downgrade(&self.inner)));
        }
        self.inner.tx.subscribe()
    }
}

async fn listen(store: Store, inner: Weak<Inner>) {
    loop {
        let mut wakeups = match store.listen_for_events().await {
            Ok(Some(w)) => w,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "no event notifications; streams poll");
                if inner.strong_count() == 0 {
                    return;
                }
                tokio::time::sleep(RETRY).await;
                continue;
            }
        };
        loop {
            match wakeups.recv().await {
                Ok(payload) => {
                    let Some(inner) = inner.upgrade() else {
                        return;
                    };
                    if let Ok(owner) = payload.parse::<i64>() {
                        let _ = inner.tx.send(owner);
                    }
                }
                Err(e) => {
                    // sqlx listens again on the next call; streams poll meanwhile.
                    tracing::warn!(error = %e, "event notifications interrupted");
                    if inner.strong_count() == 0 {
                        return;
                    }
                    tokio::time::sleep(RETRY).await;
                }
            }
        }
    }
}

/// Waits until `rx` names `owner` (or lost track, when the caller should look anyway); never
/// returns once the fan-out is gone.
pub async fn owner_notified(rx: &mut broadcast::Receiver<i64>, owner: i64) {
    loop {
        match rx.recv().await {
            Ok(o) if o == owner => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Lagged(_)) => return,
            Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
        }
    }
}
