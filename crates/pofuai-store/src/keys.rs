//! Re-sealing every stored secret under a new master key, in one transaction.

use crate::{Store, StoreError, on_writer};

impl Store {
    /// Replaces every sealed value (integration credentials, provider keys) by `reseal(old)`;
    /// all or nothing. Returns how many values were re-sealed.
    pub async fn reseal_secrets<E: std::fmt::Display>(
        &self,
        reseal: impl Fn(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<usize, StoreError> {
        let fail = |e: E| StoreError::Corrupt(format!("secret could not be re-sealed: {e}"));
        let count = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut count = 0;
            let rows: Vec<(i64, Vec<u8>)> =
                sqlx::query_as("SELECT id, secrets FROM integrations WHERE secrets IS NOT NULL")
                    .fetch_all(&mut *tx)
                    .await?;
            for (id, sealed) in rows {
                let new = reseal(&sealed).map_err(fail)?;
                sqlx::query("UPDATE integrations SET secrets = $2 WHERE id = $1")
                    .bind(id)
                    .bind(new)
                    .execute(&mut *tx)
                    .await?;
                count += 1;
            }
            let rows: Vec<(String, Vec<u8>)> = sqlx::query_as(
                "SELECT name, api_key_sealed FROM ai_providers WHERE api_key_sealed IS NOT NULL",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (name, sealed) in rows {
                let new = reseal(&sealed).map_err(fail)?;
                sqlx::query("UPDATE ai_providers SET api_key_sealed = $2 WHERE name = $1")
                    .bind(name)
                    .bind(new)
                    .execute(&mut *tx)
                    .await?;
                count += 1;
            }
            tx.commit().await?;
            count
        });
        Ok(count)
    }
}
