//! The engine: what every job and every caller that queues one shares — the store, the clock,
//! the key that opens channel credentials, the settings, the check that keeps credentials on
//! public hosts, and the local wake-up and event channels.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use pofuai_channels::pacer::{LocalPacer, PaceFuture, PaceGate};
use pofuai_core::clock::Clock;
use pofuai_core::secrets::SecretBox;
use pofuai_store::Store;

use crate::SyncConfig;
use crate::worker::JobEvent;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a channel host may not receive credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostRefused {
    #[error("host could not be resolved")]
    Unresolved,
    #[error("{0}")]
    Refused(String),
}

/// Decides whether a channel's base URL is a place we may send credentials to, and the
/// address to pin the connection to. The API's guarded fetcher implements it, so both follow
/// the same rules for what counts as a public address.
pub trait HostCheck: Send + Sync + 'static {
    fn checked_address<'a>(
        &'a self,
        url: &'a url::Url,
    ) -> BoxFuture<'a, Result<SocketAddr, HostRefused>>;
}

/// A host check that refuses every host: for processes that only ever talk to the sandbox
/// simulators named in the settings (benchmarks, tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct SandboxOnly;

impl HostCheck for SandboxOnly {
    fn checked_address<'a>(
        &'a self,
        _url: &'a url::Url,
    ) -> BoxFuture<'a, Result<SocketAddr, HostRefused>> {
        Box::pin(async {
            Err(HostRefused::Refused(
                "only sandbox channels are reachable from this process".into(),
            ))
        })
    }
}

/// Request turns taken from the database, so every node on it paces one budget per
/// platform endpoint (Trendyol: 50 requests per 10 s, whoever sends them).
pub struct StorePacer {
    store: Store,
}

impl StorePacer {
    pub fn new(store: Store) -> StorePacer {
        StorePacer { store }
    }
}

impl PaceGate for StorePacer {
    fn wait_turn<'a>(&'a self, key: &'a str, interval: Duration) -> PaceFuture<'a> {
        Box::pin(async move {
            match self
                .store
                .take_pace_turn(key, crate::millis(interval))
                .await
            {
                Ok(wait_ms) => {
                    let wait = Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0));
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                }
                // Without the database this node can still keep its own requests apart; a
                // 429 from sharing the budget with other nodes is retried like any other.
                Err(error) => {
                    tracing::warn!(%error, key, "shared pacing unavailable; pacing locally");
                    LocalPacer::process().pace(key, interval).await;
                }
            }
        })
    }
}

pub struct EngineInner {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub secrets: SecretBox,
    pub config: SyncConfig,
    pub hosts: Arc<dyn HostCheck>,
    /// Where connectors take request turns: the database, shared with every other node.
    pub pacer: Arc<dyn PaceGate>,
    /// Wakes the local job worker when a job is queued.
    pub jobs_notify: tokio::sync::Notify,
    /// Job progress and outcomes, for whoever listens (tests, a live panel).
    pub job_events: tokio::sync::broadcast::Sender<JobEvent>,
}

/// Cheap to clone; every clone is the same engine.
#[derive(Clone)]
pub struct Engine(Arc<EngineInner>);

impl std::ops::Deref for Engine {
    type Target = EngineInner;
    fn deref(&self) -> &EngineInner {
        &self.0
    }
}

impl Engine {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        secrets: SecretBox,
        config: SyncConfig,
        hosts: Arc<dyn HostCheck>,
    ) -> Engine {
        Engine(Arc::new(EngineInner {
            pacer: Arc::new(StorePacer::new(store.clone())),
            store,
            clock,
            secrets,
            config,
            hosts,
            jobs_notify: tokio::sync::Notify::new(),
            job_events: tokio::sync::broadcast::channel(1024).0,
        }))
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}
