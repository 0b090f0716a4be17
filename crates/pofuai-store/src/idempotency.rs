//! Idempotency keys: the first answer to a creating request, kept to replay to its retries.

use crate::{Store, StoreError, on_writer};

/// What a request with an idempotency key should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First use: run the request, then [`Store::finish_idempotency_key`].
    New,
    /// Answered before: send this again.
    Replay {
        status: u16,
        content_type: String,
        body: String,
    },
    /// The first request with this key is still running.
    InProgress,
    /// The key was used with another request.
    Mismatch,
}

#[derive(sqlx::FromRow)]
struct Row {
    request_hash: String,
    status: Option<i64>,
    content_type: Option<String>,
    body: Option<String>,
}

impl Store {
    /// Claims `key` for `user_id`'s request hashed `request_hash`; keys older than `ttl_ms`
    /// are forgotten (all of them, so the table holds one day of keys).
    pub async fn claim_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        request_hash: &str,
        now: i64,
        ttl_ms: i64,
    ) -> Result<Claim, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(now - ttl_ms)
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
            )
            .bind(user_id)
            .bind(key)
            .bind(request_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let claim = if inserted == 1 {
                Claim::New
            } else {
                let row: Row = sqlx::query_as(
                    "SELECT request_hash, status, content_type, body FROM idempotency_keys \
                     WHERE user_id = $1 AND idem_key = $2",
                )
                .bind(user_id)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                match row {
                    Row {
                        request_hash: h, ..
                    } if h != request_hash => Claim::Mismatch,
                    Row {
                        status: Some(status),
                        content_type,
                        body,
                        ..
                    } => Claim::Replay {
                        status: u16::try_from(status).unwrap_or(500),
                        content_type: content_type.unwrap_or_default(),
                        body: body.unwrap_or_default(),
                    },
                    _ => Claim::InProgress,
                }
            };
            tx.commit().await?;
            Ok(claim)
        })
    }

    /// Stores the answer to replay.
    pub async fn finish_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        status: u16,
        content_type: &str,
        body: &str,
    ) -> Result<(), StoreError> {
        crate::on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 \
                 WHERE user_id = $1 AND idem_key = $2",
            )
            .bind(user_id)
            .bind(key)
            .bind(i64::from(status))
            .bind(content_type)
            .bind(body)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Forgets a claim whose request failed in a way worth retrying.
    pub async fn release_idempotency_key(&self, user_id: i64, key: &str) -> Result<(), StoreError> {
        crate::on_writer!(self, |pool| {
            sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2")
                .bind(user_id)
                .bind(key)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
