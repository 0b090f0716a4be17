//! The admin's AI settings: the OpenAI-compatible text provider (key sealed at rest, never
//! shown) and the system-wide model metrics.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use pofuai_core::Feature;
use pofuai_store::ai::{MetricSummary, ProviderConfig};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiQuery};
use crate::secrets;

/// The one provider slot; more can be added by name later.
pub const PROVIDER: &str = "default";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_provider, put_provider, delete_provider))
        .routes(routes!(metrics))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderRequest {
    /// e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), a vLLM or llama.cpp server.
    base_url: String,
    model: String,
    /// Stored sealed; leave out to keep the stored key.
    api_key: Option<String>,
    /// Per call, 100–60000 ms (default 8000); slower answers fall back to the built-in engine.
    timeout_ms: Option<i64>,
    enabled: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct ProviderView {
    base_url: String,
    model: String,
    /// Only a hint such as `••••3456`; the key is never returned.
    api_key: Option<String>,
    timeout_ms: i64,
    enabled: bool,
    updated_at: DateTime<Utc>,
}

impl From<ProviderConfig> for ProviderView {
    fn from(p: ProviderConfig) -> ProviderView {
        ProviderView {
            base_url: p.base_url,
            model: p.model,
            api_key: p.api_key_hint,
            timeout_ms: p.timeout_ms,
            enabled: p.enabled,
            updated_at: to_datetime(p.updated_at),
        }
    }
}

/// The configured text provider.
#[utoipa::path(get, path = "/api/admin/ai/provider", tag = "admin",
    responses((status = 200, body = ProviderView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_provider(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<ProviderView>> {
    auth.require(Feature::SystemMetrics)?;
    let p = state
        .store
        .ai_provider(PROVIDER)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(p.into()))
}

/// Sets the OpenAI-compatible chat-completions provider used for generated text.
#[utoipa::path(put, path = "/api/admin/ai/provider", tag = "admin",
    request_body = ProviderRequest,
    responses((status = 200, body = ProviderView), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn put_provider(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<ProviderRequest>,
) -> ApiResult<Json<ProviderView>> {
    auth.require(Feature::SystemMetrics)?;
    let url = reqwest::Url::parse(req.base_url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| ApiError::field("base_url", "must be an http(s) URL"))?;
    let model = pofuai_core::product::text("model", &req.model, 1, 200)?;
    let timeout_ms = req.timeout_ms.unwrap_or(8000);
    pofuai_core::product::range("timeout_ms", timeout_ms, 100, 60_000)?;
    if let Some(k) = &req.api_key
        && (k.is_empty() || k.len() > 500)
    {
        return Err(ApiError::field("api_key", "must be 1 to 500 characters"));
    }
    let stored = state
        .store
        .put_ai_provider(&ProviderConfig {
            name: PROVIDER.into(),
            base_url: url.as_str().trim_end_matches('/').to_string(),
            model,
            api_key_sealed: req.api_key.as_deref().map(|k| state.secrets.seal(k)),
            api_key_hint: req.api_key.as_deref().map(secrets::hint),
            timeout_ms,
            enabled: req.enabled.unwrap_or(true),
            updated_at: state.now_ms(),
        })
        .await?;
    tracing::info!(admin.id = auth.user.id, provider.model = %stored.model, "ai provider configured");
    Ok(Json(stored.into()))
}

/// Removes the provider; generated text comes from the built-in engine again.
#[utoipa::path(delete, path = "/api/admin/ai/provider", tag = "admin",
    responses((status = 204), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn delete_provider(State(state): State<AppState>, auth: Auth) -> ApiResult<StatusCode> {
    auth.require(Feature::SystemMetrics)?;
    state.store.delete_ai_provider(PROVIDER).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MetricsQuery {
    /// RFC 3339; default the last 30 days.
    since: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct MetricsView {
    since: DateTime<Utc>,
    #[schema(value_type = Vec<Object>)]
    rows: Vec<MetricSummary>,
}

/// Latency, tokens and outcomes per provider, model and feature.
#[utoipa::path(get, path = "/api/admin/ai/metrics", tag = "admin", params(MetricsQuery),
    responses((status = 200, body = MetricsView), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn metrics(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<MetricsView>> {
    auth.require(Feature::SystemMetrics)?;
    let since = q
        .since
        .unwrap_or_else(|| to_datetime(state.now_ms() - 30 * 24 * 3600 * 1000));
    let rows = state.store.model_metrics(since.timestamp_millis()).await?;
    Ok(Json(MetricsView { since, rows }))
}
