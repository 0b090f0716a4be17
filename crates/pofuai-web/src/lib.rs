//! PofuAi's HTTP face: the JSON API under `/api`, uploads under `/uploads`, the OpenAPI
//! document and its offline docs page, health probes and Prometheus metrics.
//!
//! Handlers parse (with the extractors of [`extract`]), authorise (with [`auth::Auth`]),
//! call one store operation and shape the response. They never see a database pool.

pub mod activity;
pub mod answers;
pub mod assistant;
pub mod auth;
pub mod blobs;
pub mod client;
pub mod clock;
pub mod cpu;
pub mod error;
pub mod etag;
pub mod extract;
pub mod fetch;
mod front;
mod hosts;
pub mod idempotency;
pub mod insight;
pub mod limits;
pub mod live;
pub mod metrics;
mod openapi;
pub mod panel;
pub mod password;
mod ratelimit;
pub mod recommend;
pub mod request_id;
mod routes;
pub mod secrets;
pub mod server;
pub mod tabular;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use pofuai_store::Store;
use tokio::net::TcpListener;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ApiError, ApiResult};

/// JSON bodies above this size are refused with 413.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// What the web layer needs to know from the settings.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// How long a login token lives.
    pub token_ttl: Duration,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: usize,
    /// Largest accepted image, in pixels (width × height), checked before decoding.
    pub max_upload_pixels: u64,
    /// Where files (uploads, rendered images) are kept unless `object_store` is set.
    pub data_dir: PathBuf,
    /// An S3-compatible bucket for those files instead, built from the settings: what
    /// several nodes need to see each other's uploads.
    pub object_store: Option<blobs::BlobStore>,
    /// Failed logins per client address and per account before each further attempt must
    /// wait, twice as long each time (429 with Retry-After).
    pub login_failures_allowed: u32,
    /// Password hashes computed at once (each holds 19 MiB); default: the cores.
    pub password_slots: usize,
    /// How long a login waits for a password slot before 503 `busy`.
    pub password_wait: Duration,
    /// Header in which a trusted reverse proxy passes the client's address (e.g.
    /// `X-Forwarded-For`); unset, the connection's peer is the client.
    pub client_ip_header: Option<String>,
    /// Mark the session cookie `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// Timeouts and the connection cap of the server loop.
    pub server: server::ServerLimits,
    /// Requests per second, globally, per client address and per token.
    pub rate_limits: limits::RateLimits,
    /// Threads that decode and render images; requests beyond `cpu_queue` waiting get 503.
    pub cpu_threads: usize,
    pub cpu_queue: usize,
    /// Where user-supplied image URLs may be fetched from.
    pub fetch_policy: fetch::FetchPolicy,
    /// Key that seals secrets at rest (AES-256-GCM).
    pub master_key: secrets::MasterKey,
    /// Channel sync: job leases, retries, waits, sandbox URLs.
    pub sync: pofuai_sync::SyncConfig,
    /// Bounds of a catalogue import file.
    pub import: ImportLimits,
    /// How often an event stream looks for new events when nothing woke it (fallback for
    /// lost notifications, and how SQLite streams see other processes' events).
    pub events_poll: Duration,
}

/// Bounds of a catalogue import (`POST /api/products/import`): the file's bytes (413 beyond)
/// and its data rows (422 beyond).
#[derive(Debug, Clone, Copy)]
pub struct ImportLimits {
    pub max_bytes: usize,
    pub max_rows: usize,
}

impl Default for ImportLimits {
    fn default() -> ImportLimits {
        ImportLimits {
            max_bytes: 5 * 1024 * 1024,
            max_rows: 10_000,
        }
    }
}

impl Default for WebConfig {
    fn default() -> WebConfig {
        WebConfig {
            token_ttl: Duration::from_secs(30 * 24 * 3600),
            max_upload_bytes: 10 * 1024 * 1024,
            max_upload_pixels: 40_000_000,
            data_dir: PathBuf::from("./data"),
            object_store: None,
            login_failures_allowed: 5,
            password_slots: std::thread::available_parallelism().map_or(2, |n| n.get()),
            password_wait: Duration::from_secs(2),
            client_ip_header: None,
            secure_cookies: false,
            server: server::ServerLimits::default(),
            rate_limits: limits::RateLimits::default(),
            cpu_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            cpu_queue: 64,
            fetch_policy: fetch::FetchPolicy::default(),
            master_key: secrets::MasterKey(random_key()),
            sync: pofuai_sync::SyncConfig::default(),
            import: ImportLimits::default(),
            events_poll: Duration::from_secs(1),
        }
    }
}

/// A fresh random 256-bit key.
pub fn random_key() -> [u8; 32] {
    use rand::RngCore;
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    key
}

pub struct Inner {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub blobs: blobs::BlobStore,
    pub config: WebConfig,
    pub metrics: metrics::Metrics,
    pub cpu: cpu::CpuPool,
    pub renderer: Arc<pofuai_imaging::Renderer>,
    pub fetcher: Arc<fetch::Fetcher>,
    pub secrets: secrets::SecretBox,
    /// The sync engine: routes queue jobs and build connectors through it.
    pub engine: pofuai_sync::Engine,
    /// Fitted recommendation models, refreshed in the background.
    pub recommender: recommend::Recommender,
    /// New events from every node, for this node's event streams.
    pub live: live::LiveEvents,
    /// What users did, written in batches off the request path.
    pub activities: activity::ActivityRecorder,
    /// Catalogue answers kept while the catalogue is unchanged.
    pub answers: answers::AnswerCache,
    login_throttle: ratelimit::LoginThrottle,
    pub passwords: password::Passwords,
    rate_limiter: limits::RateLimiter,
}

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: WebConfig) -> AppState {
        let fetcher = Arc::new(fetch::Fetcher::new(config.fetch_policy.clone()));
        let secrets = secrets::SecretBox::new(&config.master_key.0);
        let engine = pofuai_sync::Engine::new(
            store.clone(),
            clock.clone(),
            secrets.clone(),
            config.sync.clone(),
            fetcher.clone(),
        );
        AppState(Arc::new(Inner {
            blobs: config
                .object_store
                .clone()
                .unwrap_or_else(|| blobs::BlobStore::local(&config.data_dir)),
            cpu: cpu::CpuPool::new(config.cpu_threads, config.cpu_queue),
            renderer: Arc::new(pofuai_imaging::Renderer::new()),
            fetcher,
            secrets,
            engine,
            recommender: recommend::Recommender::default(),
            live: live::LiveEvents::default(),
            activities: activity::ActivityRecorder::new(store.clone()),
            answers: answers::AnswerCache::default(),
            login_throttle: ratelimit::LoginThrottle::new(config.login_failures_allowed),
            passwords: password::Passwords::new(config.password_slots, config.password_wait),
            rate_limiter: limits::RateLimiter::new(config.rate_limits),
            store,
            clock,
            config,
            metrics: metrics::Metrics::default(),
        }))
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}

/// A bound, not yet serving, server: binding first lets tests ask for port 0 and learn it.
pub struct Application {
    listener: TcpListener,
    router: Router,
    limits: server::ServerLimits,
}

impl Application {
    pub async fn bind(addr: &str, state: AppState) -> std::io::Result<Application> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Application {
            listener,
            limits: state.config.server.clone(),
            router: router(state),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        server::serve(self.listener, self.router, self.limits, shutdown).await
    }
}
