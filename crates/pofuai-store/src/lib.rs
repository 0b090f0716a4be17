//! PofuAi persistence: the [`Store`] over SQLite (embedded default) or PostgreSQL (multi-node),
//! chosen by the URL scheme. Every public method is one business operation in one transaction.
//!
//! Queries are written once: each method's body is compiled for both backends by [`on_pool!`],
//! which matches on the pool and expands the same code in each arm. Both dialects accept `$n`
//! placeholders, `RETURNING` and `ON CONFLICT`, and the schema keeps times and money as BIGINT
//! and JSON as TEXT, so rows decode the same way. Where dialects really differ, a method matches
//! on the backend itself.

pub mod ai;
pub mod analytics;
pub mod assistant;
pub mod bundles;
pub mod catalogue;
pub mod cluster;
pub mod edits;
mod error;
pub mod events;
pub mod facts;
pub mod idempotency;
pub mod insight;
pub mod integrations;
pub mod jobs;
mod keys;
pub mod orders;
mod pace;
pub mod paging;
pub mod preferences;
pub mod products;
pub mod questions;
pub mod quotas;
pub mod recommend;
pub mod sync;
pub mod templates;
pub mod testing;
pub mod token_cache;
pub mod tokens;
pub mod uploads;
pub mod users;
pub mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use error::StoreError;
pub use paging::Page;

/// Expands `$body` once per backend with `$pool` bound to that backend's pool. For reads and
/// single statements; a transaction that writes uses [`on_writer!`].
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite { pool: $pool, .. } => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Like [`on_pool!`], for a body that writes in a transaction: on SQLite `$pool` is the one
/// writer connection, so writers queue in order instead of meeting `database is locked`;
/// `$pool.begin_write()` starts the transaction (`BEGIN IMMEDIATE` on SQLite, so it holds
/// the write lock from its first read and never has to upgrade a stale snapshot).
macro_rules! on_writer {
    ($store:expr, |$pool:ident| $body:expr) => {{
        #[allow(unused_imports)]
        use $crate::BeginWrite as _;
        match &$store.backend {
            $crate::Backend::Sqlite { writer: $pool, .. } => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    }};
}
pub(crate) use on_writer;

/// Starts a transaction that will write.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>>
    + Send;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        // sqlx 0.8.6 awaits once more after a custom BEGIN has run; a caller dropped there (a
        // client gone, a timeout) leaves the connection inside a transaction no guard owns,
        // and on this, the only writer connection, every later write fails. Begun in a task
        // of its own, the begin always completes; a transaction its caller no longer awaits
        // is dropped there and rolled back.
        let pool = self.clone();
        tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
            .await
            .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

#[derive(Clone)]
pub(crate) enum Backend {
    /// Readers share `pool`; write transactions take turns on `writer`, its one connection.
    Sqlite {
        pool: SqlitePool,
        writer: SqlitePool,
    },
    Postgres(PgPool),
}

/// Which database a store speaks, for logs and `/readyz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) backend: Backend,
    /// This process's cache of token lookups, shared by every clone.
    pub(crate) tokens: std::sync::Arc<token_cache::TokenCache>,
    /// The connection catalogue stamps are read on, shared by every clone.
    pub(crate) stamps: std::sync::Arc<catalogue::StampConnection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dialect", &self.dialect())
            .finish()
    }
}

impl Store {
    /// Connects to `sqlite://path` (created if missing, WAL, foreign keys on) or
    /// `postgres://…`. Does not migrate; call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = alive_check(PgPoolOptions::new())
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Backend::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // The analytics scans touch tens of thousands of rollup rows: a 16 MiB page
                // cache per connection instead of 2 MiB, and sorts for GROUP BY in memory.
                .pragma("cache_size", "-16384")
                .pragma("temp_store", "memory");
            let pool = connect_sqlite(&options, 8).await?;
            // One connection for write transactions: SQLite admits one writer at a time
            // anyway, and a queue in front of it is fair where its busy handler polls.
            let writer = connect_sqlite(&options, 1).await?;
            Backend::Sqlite { pool, writer }
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        Ok(Store {
            backend,
            tokens: std::sync::Arc::default(),
            stamps: std::sync::Arc::default(),
        })
    }

    /// Applies the embedded migrations of this backend; safe to run at every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite { writer, .. } => {
                // Two processes on one file (`serve` and `worker` started together) would both
                // apply the same migration; a lock file beside the database makes them take
                // turns, as the advisory lock does on PostgreSQL. Held until the end of the arm.
                let _turn = sqlite_migration_lock(writer).await?;
                sqlx::migrate!("./migrations/sqlite").run(writer).await?
            }
            Backend::Postgres(pool) => {
                // Nodes that start together migrate one at a time: the first applies what is
                // missing, the others then find nothing to do. The lock is held on one
                // connection for the whole run; a run that fails closes that connection,
                // which releases the lock (sqlx's own lock would stay held in the pool).
                let mut conn = pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(cluster::MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await?;
                let ran = sqlx::migrate!("./migrations/postgres")
                    .run(&mut *conn)
                    .await;
                let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(cluster::MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await;
                if ran.is_err() || unlocked.is_err() {
                    drop(conn.detach());
                }
                ran?;
            }
        }
        self.backfill_name_sort().await
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite { .. } => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// A trivial round trip, for readiness probes.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    pub async fn close(&self) {
        self.stamps.close().await;
        match &self.backend {
            Backend::Sqlite { pool, writer } => {
                writer.close().await;
                pool.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// A pooled connection used this recently is taken as alive without a ping (the "alive
/// bypass window" of HikariCP and others).
const ALIVE_WITHOUT_PING: Duration = Duration::from_millis(500);

/// sqlx pings every idle connection before handing it out, by default: a second round trip
/// per query (to the SQLite worker thread, over the network to PostgreSQL), which under load
/// cost as much as the query. Only a connection that sat unused for a while is pinged; a
/// connection that fails its ping is closed and another taken. A connection that broke in
/// the window fails its query, which is closed then too (a dropped server, say).
fn alive_check<DB: sqlx::Database>(
    options: sqlx::pool::PoolOptions<DB>,
) -> sqlx::pool::PoolOptions<DB> {
    options
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < ALIVE_WITHOUT_PING {
                    return Ok(true);
                }
                Ok(sqlx::Connection::ping(conn).await.is_ok())
            })
        })
}

/// Opens a pool on a SQLite file, trying again while the file is busy. Two processes that
/// open one fresh file together both switch it to WAL, and that switch can fail with BUSY at
/// once without SQLite's busy handler waiting (it needs the file to itself); the second
/// process must wait for the first, not give up.
async fn connect_sqlite(
    options: &SqliteConnectOptions,
    max_connections: u32,
) -> Result<SqlitePool, StoreError> {
    const PATIENCE: Duration = Duration::from_secs(10);
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(10);
    loop {
        let connected = alive_check(SqlitePoolOptions::new())
            .max_connections(max_connections)
            .acquire_timeout(PATIENCE)
            .connect_with(options.clone())
            .await;
        match connected {
            Err(err) if error::is_busy(&err) && started.elapsed() < PATIENCE => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            other => return Ok(other?),
        }
    }
}

/// Takes an exclusive lock on `<database file>.migrate-lock` (none for an in-memory
/// database); released when the returned file is dropped.
async fn sqlite_migration_lock(pool: &SqlitePool) -> Result<Option<std::fs::File>, StoreError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as("PRAGMA database_list")
        .fetch_all(pool)
        .await?;
    let Some((_, _, file)) = rows.into_iter().find(|(_, name, _)| name == "main") else {
        return Ok(None);
    };
    if file.is_empty() {
        return Ok(None);
    }
    let path = format!("{file}.migrate-lock");
    let locked = tokio::task::spawn_blocking(move || {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        f.lock()?;
        Ok::<_, std::io::Error>(f)
    })
    .await
    .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
    .map_err(sqlx::Error::Io)?;
    Ok(Some(locked))
}

/// Appends `LIKE`'s wildcards around text whose own `%`, `_` and `\` are escaped.
pub(crate) fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serialising our own maps and strings cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}
