//! Where an owner's catalogue (products, variants, images) stands, so a cache of what was read
//! from it can tell, with one small query, whether anything changed since — whichever process
//! or node made the change. The database keeps the record in the writing transaction itself
//! (triggers of migration 0100), so no write path can forget it.
//!
//! SQLite has one writer at a time: a counter per owner grows in commit order, and an answer
//! read after counter `n` is current while the counter is still `n`. PostgreSQL commits
//! transactions out of the order of their ids, so a counter could be passed by a slower,
//! earlier writer; there each changing transaction leaves its id, and an answer remembers the
//! oldest transaction still running when it was read: while no visible change of its owner
//! carries an id at or above that mark, every change it could miss had already committed
//! before the read began.

use crate::products::Scope;
use crate::{Backend, Store, StoreError};

/// A scope's catalogue as of one moment; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueStamp {
    changed: i64,
    mark: i64,
}

impl CatalogueStamp {
    /// What to keep with an answer read from the catalogue after this stamp was taken.
    pub fn mark(self) -> i64 {
        self.mark
    }

    /// Whether an answer kept with `mark` still shows the catalogue as it is at this stamp.
    pub fn unchanged_since(self, mark: i64) -> bool {
        self.changed < mark
    }
}

/// The connection stamp reads use while no other stamp read does: taken out of the pool for
/// good, because a pooled query pays the pool's hand-over and sqlx's ping on giving the
/// connection back, which cost as much as this one-row read on the busiest path there is
/// (every cached answer takes a stamp).
#[derive(Default)]
pub(crate) struct StampConnection(tokio::sync::Mutex<Option<Held>>);

impl StampConnection {
    /// Closes the connection (a store being closed); the next stamp read cannot take another
    /// from the closed pool.
    pub(crate) async fn close(&self) {
        use sqlx::Connection;
        let held = self.0.lock().await.take();
        let _ = match held {
            Some(Held::Sqlite(c)) => c.close().await,
            Some(Held::Postgres(c)) => c.close().await,
            None => Ok(()),
        };
    }
}

enum Held {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

async fn sqlite_stamp<'c, E>(executor: E, scope: Scope) -> Result<CatalogueStamp, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Sqlite>,
{
    let changed: i64 = sqlx::query_scalar(
        "SELECT COALESCE((SELECT stamp FROM catalogue_stamps WHERE owner_id = $1), 0)",
    )
    .bind(scope.owner().unwrap_or(0))
    .fetch_one(executor)
    .await?;
    Ok(CatalogueStamp {
        changed,
        mark: changed + 1,
    })
}

async fn postgres_stamp<'c, E>(executor: E, scope: Scope) -> Result<CatalogueStamp, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Postgres>,
{
    let query = match scope.owner() {
        Some(owner) => sqlx::query_as(
            "SELECT COALESCE((SELECT max(xid) FROM catalogue_changes WHERE owner_id = $1), 0), \
                    pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        )
        .bind(owner),
        None => sqlx::query_as(
            "SELECT COALESCE((SELECT max(xid) FROM catalogue_changes), 0), \
                    pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        ),
    };
    let (changed, mark): (i64, i64) = query.fetch_one(executor).await?;
    Ok(CatalogueStamp { changed, mark })
}

impl Store {
    /// Takes the stamp; take it *before* reading what is to be cached.
    pub async fn catalogue_stamp(&self, scope: Scope) -> Result<CatalogueStamp, StoreError> {
        let Ok(mut held) = self.stamps.0.try_lock() else {
            // Another stamp read has the connection: the pool serves this one.
            return match &self.backend {
                Backend::Sqlite { pool, .. } => sqlite_stamp(pool, scope).await,
                Backend::Postgres(pool) => postgres_stamp(pool, scope).await,
            };
        };
        let conn = match held.take() {
            Some(conn) => conn,
            None => match &self.backend {
                Backend::Sqlite { pool, .. } => Held::Sqlite(pool.acquire().await?.detach()),
                Backend::Postgres(pool) => Held::Postgres(pool.acquire().await?.detach()),
            },
        };
        let (conn, stamp) = match conn {
            Held::Sqlite(mut c) => {
                let stamp = sqlite_stamp(&mut c, scope).await;
                (Held::Sqlite(c), stamp)
            }
            Held::Postgres(mut c) => {
                let stamp = postgres_stamp(&mut c, scope).await;
                (Held::Postgres(c), stamp)
            }
        };
        // A connection that failed is dropped; the next read takes a fresh one.
        if stamp.is_ok() {
            *held = Some(conn);
        }
        stamp
    }

    /// The PostgreSQL server process of the held stamp connection, if one is held: for tests
    /// that make the server drop it.
    #[doc(hidden)]
    pub async fn stamp_connection_pid(&self) -> Option<i32> {
        let mut held = self.stamps.0.lock().await;
        match held.as_mut()? {
            Held::Postgres(c) => sqlx::query_scalar("SELECT pg_backend_pid()")
                .fetch_one(c)
                .await
                .ok(),
            Held::Sqlite(_) => None,
        }
    }

    /// Deletes every change record but the newest of each owner (only the newest is read);
    /// returns how many. SQLite keeps one counter per owner and has nothing to delete.
    pub async fn prune_catalogue_changes(&self) -> Result<u64, StoreError> {
        match &self.backend {
            Backend::Sqlite { .. } => Ok(0),
            Backend::Postgres(pool) => Ok(sqlx::query(
                "DELETE FROM catalogue_changes c WHERE c.xid < \
                   (SELECT max(d.xid) FROM catalogue_changes d WHERE d.owner_id = c.owner_id)",
            )
            .execute(pool)
            .await?
            .rows_affected()),
        }
    }
}
