//! Monthly template quotas, counted per user and Istanbul calendar month.
//!
//! Consumption is one conditional `UPDATE … WHERE used < limit`: the database decides, so
//! concurrent requests can never take more than the limit (no read-then-write).

use crate::{Store, StoreError, on_pool, on_writer};

impl Store {
    /// Generations used by `user_id` in `period` (`YYYY-MM`).
    pub async fn quota_used(&self, user_id: i64, period: &str) -> Result<i64, StoreError> {
        let used: Option<i64> = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT used FROM user_ai_quotas WHERE user_id = $1 AND period = $2")
                .bind(user_id)
                .bind(period)
                .fetch_optional(pool)
                .await?
        });
        Ok(used.unwrap_or(0))
    }

    /// Takes `n` generations from the month's quota if that many remain (`limit` `None` is
    /// unlimited); returns the new count used, or `None` when the quota does not allow it.
    pub async fn try_consume_quota(
        &self,
        user_id: i64,
        period: &str,
        limit: Option<i64>,
        n: i64,
    ) -> Result<Option<i64>, StoreError> {
        let used: Option<i64> = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO user_ai_quotas (user_id, period, used) VALUES ($1, $2, 0) \
                 ON CONFLICT (user_id, period) DO NOTHING",
            )
            .bind(user_id)
            .bind(period)
            .execute(&mut *tx)
            .await?;
            let used: Option<i64> = sqlx::query_scalar(
                "UPDATE user_ai_quotas SET used = used + $4 \
                 WHERE user_id = $1 AND period = $2 AND ($3 IS NULL OR used + $4 <= $3) \
                 RETURNING used",
            )
            .bind(user_id)
            .bind(period)
            .bind(limit)
            .bind(n)
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            used
        });
        Ok(used)
    }

    /// Gives back generations taken for work that then failed: a failed render costs nothing.
    pub async fn refund_quota(&self, user_id: i64, period: &str, n: i64) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE user_ai_quotas SET used = CASE WHEN used >= $3 THEN used - $3 ELSE 0 END \
                 WHERE user_id = $1 AND period = $2",
            )
            .bind(user_id)
            .bind(period)
            .bind(n)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
