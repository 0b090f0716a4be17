//! Channel sync: durable jobs that move products, prices, stock and orders between PofuAi and
//! the sales channels.
//!
//! Everything a job learns is written down before it acts on it: its plan and each batch's
//! state live in the job's checkpoint, so a worker that dies at any point leaves a successor
//! enough to finish without sending anything twice (see `products` and `stock` for how each
//! step is made safe to repeat).
//!
//! The engine speaks no HTTP of its own (connectors do, to the platforms) and knows nothing of
//! our API: a worker process can run it alone. Adding a platform touches its connector in
//! `pofuai-channels`, its simulator in `pofuai-sandbox`, and `connect::credentials` here.

mod connect;
mod engine;
mod jobs;
mod mapping;
mod orders;
mod products;
mod questions;
mod stock;
mod worker;

use std::time::Duration;

use pofuai_channels::retry::Backoff;

pub use connect::ConnectError;
pub use engine::{BoxFuture, Engine, EngineInner, HostCheck, HostRefused, SandboxOnly, StorePacer};
pub use jobs::JobKind;
pub use orders::imported;
pub use questions::{draft as draft_answer, text_product};
pub use worker::{JobEvent, Worker};

/// How sync behaves; tests shorten the waits.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// How long a claimed job stays ours without a heartbeat.
    pub lease: Duration,
    /// Attempts before a job is dead.
    pub max_attempts: i64,
    /// Backoff between a job's attempts, and between retries of one call inside an attempt.
    pub backoff: Backoff,
    /// Quick retries of one idempotent call (reads, polls) before the attempt gives up.
    pub call_attempts: u32,
    /// Wait between polls of an asynchronous platform batch.
    pub batch_poll: Duration,
    /// Polls of one batch within an attempt before the job is deferred.
    pub batch_polls: u32,
    /// The first wait between polls; each next one doubles, up to `batch_poll`.
    pub batch_poll_first: Duration,
    /// Product batches sent and not yet finished by the platform, at most: the next chunks
    /// go out while earlier ones process. 1 sends and polls one chunk at a time.
    pub batch_in_flight: usize,
    /// Items per product batch, at most (the platform's own cap applies too).
    pub batch_items: usize,
    /// How long after a product request whose answer was lost its new items may still be
    /// missing from the platform's product list (Trendyol lists a barcode only after its batch
    /// is processed). Until then "not listed" means "not known", and nothing is sent again.
    pub listing_settle: Duration,
    /// A stock push that would repeat a body Trendyol refuses for 15 minutes looks again this
    /// often: the rows may have changed meanwhile, and then there is no reason to wait.
    pub duplicate_recheck: Duration,
    /// Timeout of one platform call.
    pub call_timeout: Duration,
    /// How often an idle worker looks for jobs other nodes queued (on PostgreSQL it is also
    /// woken by notifications; this is the fallback).
    pub idle_poll: Duration,
    /// How long a stopping worker lets its running job go on before it releases it.
    pub shutdown_grace: Duration,
    /// How long platform lookups (categories, attributes, brands) are cached.
    pub lookup_ttl: Duration,
    /// How far back the first order import looks.
    pub first_order_window: Duration,
    /// Order imports re-read this much before the last watermark, for late-arriving changes.
    pub order_overlap: Duration,
    /// Public base URL that turns our `/uploads/…` paths into image URLs channels can fetch.
    pub public_url: String,
    /// Base URLs of the local simulators, by platform, for integrations in the `sandbox`
    /// environment.
    pub sandbox_urls: std::collections::BTreeMap<String, String>,
}

impl Default for SyncConfig {
    fn default() -> SyncConfig {
        SyncConfig {
            lease: Duration::from_secs(60),
            max_attempts: 8,
            backoff: Backoff::default(),
            call_attempts: 4,
            batch_poll: Duration::from_secs(2),
            batch_polls: 30,
            batch_poll_first: Duration::from_millis(250),
            batch_in_flight: 4,
            batch_items: 1000,
            listing_settle: Duration::from_secs(120),
            duplicate_recheck: Duration::from_secs(30),
            call_timeout: Duration::from_secs(30),
            idle_poll: Duration::from_secs(2),
            shutdown_grace: Duration::from_secs(10),
            lookup_ttl: Duration::from_secs(24 * 3600),
            first_order_window: Duration::from_secs(7 * 24 * 3600),
            order_overlap: Duration::from_secs(5 * 60),
            public_url: "http://127.0.0.1:8080".into(),
            sandbox_urls: Default::default(),
        }
    }
}

/// A task that runs once per period across every node on the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Periodic {
    /// Queues an order import for every active connected integration — the backstop for
    /// webhooks, which no platform promises to deliver. Queued imports coalesce, so a slow
    /// platform never piles them up.
    OrderImports,
    /// Queues a stock push for each integration with a variant whose available stock or price
    /// differs from what its channel last accepted. Stock changes queue their push in a
    /// separate transaction; a crash between the two leaves a stale row that only this sweep
    /// finds.
    StaleSweep,
    /// Queues a question import for every active integration whose platform has a questions
    /// API (Trendyol): buyers' questions are answered against the clock.
    QuestionImports,
}

impl Periodic {
    pub fn name(self) -> &'static str {
        match self {
            Periodic::OrderImports => "order_imports",
            Periodic::StaleSweep => "stale_sweep",
            Periodic::QuestionImports => "question_imports",
        }
    }

    /// Runs the task once, now.
    pub async fn run(self, engine: &Engine) -> Result<(), pofuai_store::StoreError> {
        match self {
            Periodic::OrderImports => queue_order_imports(engine).await,
            Periodic::StaleSweep => sweep_stale_stock(engine).await.map(|_| ()),
            Periodic::QuestionImports => queue_question_imports(engine).await,
        }
    }
}

/// Runs `task` every `every` on whichever node takes the period's turn first: each node asks
/// four times a period, so the task is at most a quarter period late when a node stops, and
/// a cluster of any size runs it once per period.
pub async fn schedule(engine: Engine, node: String, task: Periodic, every: Duration) {
    let tick = (every / 4).max(Duration::from_millis(100));
    loop {
        tokio::time::sleep(tick).await;
        let turn = engine
            .store
            .take_periodic_turn(task.name(), &node, millis(every), engine.now_ms())
            .await;
        match turn {
            Ok(true) => {
                if let Err(e) = task.run(&engine).await {
                    tracing::warn!(error = %e, task = task.name(), "periodic task failed");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, task = task.name(), "periodic task not scheduled"),
        }
        // Old live-update events, revocation-log rows and catalogue change records go with the
        // same housekeeping.
        if let Err(e) = engine.store.prune_events(engine.clock.now_ms()).await {
            tracing::warn!(error = %e, "could not prune old events");
        }
        if let Err(e) = engine.store.prune_revocations(engine.clock.now_ms()).await {
            tracing::warn!(error = %e, "could not prune the revocation log");
        }
        if let Err(e) = engine.store.prune_catalogue_changes().await {
            tracing::warn!(error = %e, "could not prune the catalogue change records");
        }
    }
}

/// One sweep: queues a stock push for every integration with stale rows; returns how many.
pub async fn sweep_stale_stock(engine: &Engine) -> Result<usize, pofuai_store::StoreError> {
    let stale = engine.store.integrations_with_stale_price_stock().await?;
    for (owner_id, integration_id) in &stale {
        engine
            .enqueue(*owner_id, *integration_id, JobKind::PushStock)
            .await?;
    }
    Ok(stale.len())
}

async fn queue_order_imports(engine: &Engine) -> Result<(), pofuai_store::StoreError> {
    let all = pofuai_store::products::Scope::All;
    for i in engine.store.active_integrations(all).await? {
        if has_connector(&i.integration_name) {
            engine
                .enqueue(i.owner_id, i.id, JobKind::SyncOrders)
                .await?;
        }
    }
    Ok(())
}

async fn queue_question_imports(engine: &Engine) -> Result<(), pofuai_store::StoreError> {
    let all = pofuai_store::products::Scope::All;
    for i in engine.store.active_integrations(all).await? {
        if has_questions(&i.integration_name) {
            engine
                .enqueue(i.owner_id, i.id, JobKind::ImportQuestions)
                .await?;
        }
    }
    Ok(())
}

/// Whether our connector for a catalogue system reads buyers' questions.
pub fn has_questions(name: &str) -> bool {
    name == "trendyol" && has_connector(name)
}

/// Whether we have a working connector for a catalogue system (its level is `full`).
pub fn has_connector(name: &str) -> bool {
    pofuai_core::catalogue::find(name)
        .is_some_and(|s| s.level == pofuai_core::catalogue::Level::Full)
}

pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_system_the_catalogue_calls_full_has_a_connector() {
        for system in pofuai_core::catalogue::SYSTEMS {
            let endpoint = pofuai_channels::Endpoint {
                base_url: "https://example.com".into(),
                seller_id: "1".into(),
                username: "u".into(),
                password: "p".into(),
                integrator: "PofuAi".into(),
                timeout: Duration::from_secs(1),
                pinned: None,
            };
            let built = pofuai_channels::Connector::for_platform(system.name, endpoint)
                .ok()
                .flatten();
            assert_eq!(
                built.is_some(),
                has_connector(system.name),
                "{}",
                system.name
            );
        }
    }
}
