//! Events: what happened to a seller's integrations and orders, numbered in the order a
//! client must see them. Written in the transaction of the change they describe; read by id
//! so a client that reconnects with the last id it saw misses nothing.

use serde::Serialize;

use crate::{Store, StoreError, on_pool, on_writer};

/// Events older than this are pruned; a client away longer reloads the page instead.
pub const KEEP_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    /// JSON text.
    pub data: String,
    pub created_at: i64,
}

/// Offset of the advisory lock keys that order one owner's event writers on PostgreSQL.
const LOCK_BASE: i64 = 0x5045_0000_0000;

/// Adds an event inside the caller's transaction (on PostgreSQL also a `NOTIFY` on
/// `pofuai_events` carrying the owner's id). On PostgreSQL, ids come from a sequence
/// before commit, so two transactions could commit out of id order and a reader who saw the
/// later id would skip the earlier one; a per-owner transaction lock taken first makes one
/// owner's events commit in id order (SQLite has one writer, so it is so already).
pub(crate) async fn insert_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    owner_id: i64,
    kind: &str,
    data: &serde_json::Value,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if DB::NAME == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LOCK_BASE + owner_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO events (owner_id, kind, data, created_at) VALUES ($1, $2, $3, $4)")
        .bind(owner_id)
        .bind(kind)
        .bind(data.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if DB::NAME == "PostgreSQL" {
        // Delivered at commit to every node's listener, which wakes the owner's streams.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(crate::cluster::EVENTS_CHANNEL)
            .bind(owner_id.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Records an event on its own (for changes that are not in a transaction of ours).
    pub async fn record_event(
        &self,
        owner_id: i64,
        kind: &str,
        data: &serde_json::Value,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            insert_in(&mut tx, owner_id, kind, data, now).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The owner's events after `after_id`, oldest first, at most `limit`.
    pub async fn events_after(
        &self,
        owner_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<Event>, StoreError> {
        let rows: Vec<Event> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, data, created_at FROM events \
                 WHERE owner_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            )
            .bind(owner_id)
            .bind(after_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// The id of the owner's newest event (0 when none): where a new client starts.
    pub async fn last_event_id(&self, owner_id: i64) -> Result<i64, StoreError> {
        let id: Option<i64> = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT MAX(id) FROM events WHERE owner_id = $1")
                .bind(owner_id)
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }

    /// Deletes events older than [`KEEP_MS`]; returns how many.
    pub async fn prune_events(&self, now: i64) -> Result<u64, StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query("DELETE FROM events WHERE created_at < $1")
                .bind(now - KEEP_MS)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }
}
