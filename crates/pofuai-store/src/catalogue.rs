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

impl Store {
    /// Takes the stamp; take it *before* reading what is to be cached.
    pub async fn catalogue_stamp(&self, scope: Scope) -> Result<CatalogueStamp, StoreError> {
        match &self.backend {
            Backend::Sqlite { pool, .. } => {
                let changed: i64 = sqlx::query_scalar(
                    "SELECT COALESCE((SELECT stamp FROM catalogue_stamps WHERE owner_id = $1), 0)",
                )
                .bind(scope.owner().unwrap_or(0))
                .fetch_one(pool)
                .await?;
                Ok(CatalogueStamp {
                    changed,
                    mark: changed + 1,
                })
            }
            Backend::Postgres(pool) => {
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
                let (changed, mark): (i64, i64) = query.fetch_one(pool).await?;
                Ok(CatalogueStamp { changed, mark })
            }
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
