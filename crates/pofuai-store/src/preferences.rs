//! Per-user settings (`user_preferences`: the panel language) and the password change.

use crate::{Store, StoreError, on_pool, on_writer};

impl Store {
    /// The language the user chose in the panel, if any.
    pub async fn user_language(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        let lang: Option<String> = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT language FROM user_preferences WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(lang)
    }

    pub async fn set_user_language(
        &self,
        user_id: i64,
        language: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO user_preferences (user_id, language, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, \
                 updated_at = excluded.updated_at",
            )
            .bind(user_id)
            .bind(language)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Replaces the password hash and revokes every other live token of the user in one
    /// transaction, so a stolen session dies with the old password.
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_token_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE login_tokens SET revoked_at = $3 \
                 WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL",
            )
            .bind(user_id)
            .bind(keep_token_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            crate::tokens::log_revocation_in(&mut tx, user_id, now).await?;
            tx.commit().await?;
        });
        self.tokens.evict_users(&[user_id]);
        Ok(())
    }
}
