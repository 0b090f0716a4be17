//! Monthly template quotas, counted per user and Istanbul calendar month.

use crate::{Store, StoreError, on_pool};

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
}
