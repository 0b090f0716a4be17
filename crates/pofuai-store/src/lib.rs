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
pub mod edits;
mod error;
pub mod insight;
pub mod integrations;
pub mod jobs;
mod keys;
pub mod orders;
pub mod paging;
pub mod products;
pub mod quotas;
pub mod sync;
pub mod templates;
pub mod testing;
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

/// Expands `$body` once per backend with `$pool` bound to that backend's pool.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

#[derive(Clone)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
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
            let pool = PgPoolOptions::new()
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
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Backend::Sqlite(pool)
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        Ok(Store { backend })
    }

    /// Applies the embedded migrations of this backend; safe to run at every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Backend::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
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
        on_pool!(self, |pool| pool.close().await)
    }
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
