//! Activity recording off the request path: handlers hand what a user did (view, search,
//! create, edit, delete) to a bounded channel and answer at once; one background flusher
//! writes whatever has queued up in one transaction, so under load many requests share a
//! write. Activities feed recommendations, and losing one is better than refusing or
//! slowing a user: when the queue is full the activity is dropped and counted.
//!
//! A product viewed again by the same user within [`VIEW_REPEAT`] is one view, not many: a
//! page reloaded or returned to says nothing new about interest (the recommender sums a
//! user's events per product), and a bot or a stuck tab reloading a page must not become
//! a write per request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use pofuai_store::Store;
use pofuai_store::products::NewActivity;
use tokio::sync::{mpsc, oneshot};

/// Activities waiting for the flusher at most; beyond, new ones are dropped.
pub const QUEUE: usize = 10_000;
/// Most activities written in one transaction.
pub const BATCH: usize = 500;
/// Views of one product by one user this close together are recorded once.
pub const VIEW_REPEAT: Duration = Duration::from_secs(30 * 60);
/// Recent views remembered at most; beyond, the oldest half is forgotten (a forgotten view
/// is recorded again when repeated, which is the safe side).
const RECENT_VIEWS: usize = 100_000;

enum Msg {
    Record(NewActivity),
    /// Answered once everything queued before it is written.
    Flush(oneshot::Sender<()>),
}

pub struct ActivityRecorder {
    store: Store,
    tx: OnceLock<mpsc::Sender<Msg>>,
    dropped: AtomicU64,
    /// (user, product) → when that view was last recorded, ms.
    recent_views: Mutex<HashMap<(i64, i64), i64>>,
}

impl ActivityRecorder {
    pub fn new(store: Store) -> ActivityRecorder {
        ActivityRecorder {
            store,
            tx: OnceLock::new(),
            dropped: AtomicU64::new(0),
            recent_views: Mutex::default(),
        }
    }

    /// The queue, with its flusher started on first use (it ends, after writing what is
    /// left, when this recorder is dropped).
    fn sender(&self) -> &mpsc::Sender<Msg> {
        self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(flush_loop(self.store.clone(), rx));
            tx
        })
    }

    /// Queues an activity; never waits.
    pub fn record(&self, activity: NewActivity) {
        if activity.kind == "view" && self.is_repeat_view(&activity) {
            return;
        }
        if let Err(e) = self.sender().try_send(Msg::Record(activity)) {
            let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            // One line per thousand, so a flood of drops does not flood the log too.
            if n % 1000 == 1 {
                tracing::warn!(activities.dropped = n, reason = %e, "activity not recorded");
            }
        }
    }

    /// True when this user's view of this product was recorded less than [`VIEW_REPEAT`]
    /// ago; otherwise remembers it as recorded now.
    fn is_repeat_view(&self, view: &NewActivity) -> bool {
        let Some(product) = view.product_id else {
            return false;
        };
        let window = VIEW_REPEAT.as_millis() as i64;
        // A poisoned lock only means another request panicked mid-insert; the map is still
        // a valid cache.
        let mut recent = self
            .recent_views
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = view.created_at;
        match recent.get(&(view.user_id, product)) {
            Some(&at) if now >= at && now - at < window => return true,
            _ => {}
        }
        if recent.len() >= RECENT_VIEWS {
            let mut ages: Vec<i64> = recent.values().copied().collect();
            let (_, median, _) = ages.select_nth_unstable(RECENT_VIEWS / 2);
            let cut = (*median).max(now - window);
            recent.retain(|_, at| *at > cut);
        }
        recent.insert((view.user_id, product), now);
        false
    }

    /// Waits until every activity queued before this call is written (or failed to be):
    /// for shutdown, and for readers that must see their own activities.
    pub async fn flush(&self) {
        let Some(tx) = self.tx.get() else {
            return;
        };
        let (done, wait) = oneshot::channel();
        if tx.send(Msg::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// Activities dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// Takes what has queued (waiting only when nothing has), writes it in one transaction,
/// then answers the flushes that were queued behind it.
async fn flush_loop(store: Store, mut rx: mpsc::Receiver<Msg>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut flushes = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(msg) = next {
            match msg {
                Msg::Record(a) => batch.push(a),
                Msg::Flush(done) => flushes.push(done),
            }
            next = if batch.len() < BATCH {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if let Err(e) = store.record_activities(&batch).await {
            tracing::warn!(error = %e, activities = batch.len(), "activities not recorded");
        }
        batch.clear();
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
}
