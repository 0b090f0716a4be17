//! Request turns shared by every node on the database (see `pofuai_channels::pacer`).

use crate::{Backend, Store, StoreError};

impl Store {
    /// Takes the next turn for `key`, `interval_ms` after the turn before it (or now, if that
    /// has passed), and returns how many milliseconds from now the turn is.
    ///
    /// One statement, so two nodes can never take the same turn; times come from the
    /// database's clock, so the nodes' clocks need not agree. A caller that waited for a row
    /// lock computes its wait from a moment before it got the turn, which can only make it
    /// wait longer, never go early.
    pub async fn take_pace_turn(&self, key: &str, interval_ms: i64) -> Result<i64, StoreError> {
        let wait: i64 = match &self.backend {
            Backend::Sqlite { writer, .. } => {
                // 'now' is fixed for the whole statement, RETURNING included.
                sqlx::query_scalar(
                    "INSERT INTO channel_pace (pace_key, next_at) \
                       VALUES ($1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + $2) \
                     ON CONFLICT (pace_key) DO UPDATE \
                       SET next_at = MAX(channel_pace.next_at, \
                           CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)) + $2 \
                     RETURNING next_at - $2 \
                       - CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)",
                )
                .bind(key)
                .bind(interval_ms)
                .fetch_one(writer)
                .await?
            }
            Backend::Postgres(pool) => {
                sqlx::query_scalar(
                    "INSERT INTO channel_pace (pace_key, next_at) \
                       VALUES ($1, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT + $2) \
                     ON CONFLICT (pace_key) DO UPDATE \
                       SET next_at = GREATEST(channel_pace.next_at, \
                           (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT) + $2 \
                     RETURNING next_at - $2 - (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT",
                )
                .bind(key)
                .bind(interval_ms)
                .fetch_one(pool)
                .await?
            }
        };
        Ok(wait.max(0))
    }
}
