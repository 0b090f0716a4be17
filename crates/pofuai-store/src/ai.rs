//! The AI text provider's configuration and the per-call model metrics (ai_model_metrics).

use serde::Serialize;

use crate::{Store, StoreError, on_pool, on_writer};

/// The provider as stored; the key stays sealed here and is opened by the caller.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProviderConfig {
    pub name: String,
    pub base_url: String,
    pub model: String,
    pub api_key_sealed: Option<Vec<u8>>,
    /// The key's last characters, for recognising it in the panel.
    pub api_key_hint: Option<String>,
    pub timeout_ms: i64,
    pub enabled: bool,
    pub updated_at: i64,
}

/// One call to a text provider.
pub struct ModelCall<'a> {
    pub provider: &'a str,
    pub model: &'a str,
    pub feature: &'a str,
    pub latency_ms: i64,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    /// `success`, `fallback` (failed, the built-in engine answered) or `failure`.
    pub outcome: &'a str,
    pub error: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MetricSummary {
    pub provider: String,
    pub model: String,
    pub feature: String,
    pub outcome: String,
    pub calls: i64,
    pub avg_latency_ms: i64,
    pub max_latency_ms: i64,
    pub prompt_tokens: i64,
    pub completion_tokens: i64,
}

const PROVIDER_COLUMNS: &str =
    "name, base_url, model, api_key_sealed, api_key_hint, timeout_ms, enabled, updated_at";

impl Store {
    pub async fn ai_provider(&self, name: &str) -> Result<Option<ProviderConfig>, StoreError> {
        let sql = format!("SELECT {PROVIDER_COLUMNS} FROM ai_providers WHERE name = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(name).fetch_optional(pool).await?
        });
        Ok(row)
    }

    /// Creates or replaces the provider; a `None` key keeps the stored one.
    pub async fn put_ai_provider(&self, p: &ProviderConfig) -> Result<ProviderConfig, StoreError> {
        let sql = format!(
            "INSERT INTO ai_providers ({PROVIDER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (name) DO UPDATE SET base_url = excluded.base_url, model = excluded.model, \
               api_key_sealed = COALESCE(excluded.api_key_sealed, ai_providers.api_key_sealed), \
               api_key_hint = COALESCE(excluded.api_key_hint, ai_providers.api_key_hint), \
               timeout_ms = excluded.timeout_ms, enabled = excluded.enabled, updated_at = excluded.updated_at \
             RETURNING {PROVIDER_COLUMNS}"
        );
        let row = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(&p.name)
                .bind(&p.base_url)
                .bind(&p.model)
                .bind(p.api_key_sealed.as_deref())
                .bind(p.api_key_hint.as_deref())
                .bind(p.timeout_ms)
                .bind(p.enabled)
                .bind(p.updated_at)
                .fetch_one(pool)
                .await?
        });
        Ok(row)
    }

    pub async fn delete_ai_provider(&self, name: &str) -> Result<(), StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query("DELETE FROM ai_providers WHERE name = $1")
                .bind(name)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn record_model_call(&self, c: &ModelCall<'_>, now: i64) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO ai_model_metrics (provider, model, feature, latency_ms, prompt_tokens, \
                 completion_tokens, outcome, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(c.provider)
            .bind(c.model)
            .bind(c.feature)
            .bind(c.latency_ms)
            .bind(c.prompt_tokens)
            .bind(c.completion_tokens)
            .bind(c.outcome)
            .bind(c.error)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Calls, latency and tokens per provider, model, feature and outcome since `since_ms`.
    pub async fn model_metrics(&self, since_ms: i64) -> Result<Vec<MetricSummary>, StoreError> {
        let rows = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT provider, model, feature, outcome, COUNT(*) AS calls, \
                   CAST(AVG(latency_ms) AS BIGINT) AS avg_latency_ms, \
                   CAST(MAX(latency_ms) AS BIGINT) AS max_latency_ms, \
                   CAST(COALESCE(SUM(prompt_tokens), 0) AS BIGINT) AS prompt_tokens, \
                   CAST(COALESCE(SUM(completion_tokens), 0) AS BIGINT) AS completion_tokens \
                 FROM ai_model_metrics WHERE created_at >= $1 \
                 GROUP BY provider, model, feature, outcome ORDER BY provider, model, feature, outcome",
            )
            .bind(since_ms)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}
