//! Webhooks: endpoints channels call when orders change.
//!
//! Each endpoint is addressed by an unguessable token and authenticated as its platform does:
//! Trendyol sends Basic credentials or an `x-api-key` header we generated (it signs nothing);
//! Hepsiburada PUTs to `<base>/<event>` (its authentication is undocumented, so we require
//! Basic credentials in the URL we register). Trendyol's delivery carries the package, which is
//! stored with the import's idempotent upsert; other deliveries trigger an order import. The
//! same delivery twice is acknowledged and ignored.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine;
use pofuai_core::Feature;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use pofuai_sync::{JobKind, imported};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(delete_webhook))
        .routes(routes!(trendyol_delivery))
        .routes(routes!(hepsiburada_delivery))
}

/// Hepsiburada's order and claim events.
const HEPSIBURADA_EVENTS: [&str; 12] = [
    "createOrder",
    "createPackages",
    "orderCancel",
    "unpack",
    "intransit",
    "deliver",
    "undeliver",
    "changeShippingAddressOrder",
    "awaitingAction",
    "awaitingPreApproval",
    "disputedClaimResult",
    "packageFromClaimResult",
];

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// `basic` (default) or `api_key` (Trendyol only).
    auth: Option<String>,
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Creates an inbound endpoint. The credentials are shown in this answer only.
#[utoipa::path(post, path = "/api/integrations/{id}/webhooks", tag = "webhooks", params(("id" = i64, Path)),
    request_body = CreateWebhookRequest, responses((status = 201, description = "url and credentials, once")),
    security(("bearer" = [])))]
async fn create_webhook(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CreateWebhookRequest>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    let platform = i.integration_name.as_str();
    if !pofuai_sync::has_connector(platform) {
        return Err(ApiError::BadRequest {
            code: "no_connector",
            message: format!("{platform} has no connector yet"),
            field: None,
        });
    }
    let kind = req.auth.as_deref().unwrap_or("basic");
    match (kind, platform) {
        ("basic", _) | ("api_key", "trendyol") => {}
        ("api_key", _) => {
            return Err(ApiError::coded(
                "auth",
                "one_of",
                "api_key is Trendyol's; Hepsiburada uses basic",
            ));
        }
        _ => {
            return Err(ApiError::coded(
                "auth",
                "one_of",
                "must be basic or api_key",
            ));
        }
    }
    if state.store.webhooks(i.id).await?.len() >= 15 {
        // Trendyol's own limit per seller; we apply it per integration for both.
        return Err(ApiError::coded_args(
            "integration",
            "too_many",
            "has 15 webhooks already",
            &[("max", 15)],
        ));
    }
    let token = random_hex(24);
    let secret = random_hex(24);
    let username = (kind == "basic").then(|| format!("pofuai-{}", &random_hex(4)));
    let sealed = state.secrets.seal(&secret);
    let event = if platform == "trendyol" {
        "order_packages"
    } else {
        "orders_and_claims"
    };
    let hook = state
        .store
        .create_webhook(
            &pofuai_store::webhooks::NewWebhook {
                integration_id: i.id,
                event,
                token: &token,
                auth_kind: kind,
                username: username.as_deref(),
                sealed_secret: &sealed,
            },
            state.now_ms(),
        )
        .await?;
    let base = state.config.sync.public_url.trim_end_matches('/');
    let url = format!("{base}/api/webhooks/{platform}/{token}");
    let credentials = match &username {
        Some(u) => json!({ "username": u, "password": secret }),
        None => json!({ "api_key": secret }),
    };
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "id": hook.id, "event": hook.event, "url": url, "auth": kind, "credentials": credentials,
            "note": "the credentials are shown once; register them on the platform now" }),
        ),
    ))
}

#[utoipa::path(get, path = "/api/integrations/{id}/webhooks", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 200, description = "webhooks without credentials")), security(("bearer" = [])))]
async fn list_webhooks(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    Ok(Json(json!({ "items": state.store.webhooks(i.id).await? })))
}

#[utoipa::path(delete, path = "/api/integrations/{id}/webhooks/{webhook_id}", tag = "webhooks",
    params(("id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 204)), security(("bearer" = [])))]
async fn delete_webhook(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath((id, webhook_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    state.store.delete_webhook(i.id, webhook_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks the delivery's credentials against the webhook's: Basic or x-api-key.
fn authenticated(
    state: &AppState,
    hook: &pofuai_store::webhooks::Webhook,
    headers: &HeaderMap,
) -> bool {
    let Some(secret) = hook
        .auth_secret
        .as_deref()
        .and_then(|s| state.secrets.open(s).ok())
    else {
        return false;
    };
    // Compared as digests: equal-length values, so timing says nothing about the secret.
    match hook.auth_kind.as_str() {
        "api_key" => headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|given| digest(given) == digest(&secret)),
        _ => {
            let Some(given) = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Basic "))
                .and_then(|b| {
                    base64::engine::general_purpose::STANDARD
                        .decode(b.trim())
                        .ok()
                })
                .and_then(|b| String::from_utf8(b).ok())
            else {
                return false;
            };
            let expected = format!("{}:{secret}", hook.username.as_deref().unwrap_or_default());
            digest(&given) == digest(&expected)
        }
    }
}

async fn accept(
    state: &AppState,
    platform: &str,
    token: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<bool> {
    let hook = state.store.webhook_by_token(token).await?;
    let i = state
        .store
        .integration(hook.integration_id, pofuai_store::products::Scope::All)
        .await?;
    if i.integration_name != platform {
        return Err(ApiError::NotFound);
    }
    if !authenticated(state, &hook, headers) {
        return Err(ApiError::Unauthorized);
    }
    if serde_json::from_slice::<serde_json::Value>(body).is_err() {
        return Err(ApiError::MalformedJson("the delivery is not JSON".into()));
    }
    let key = hex::encode(Sha256::digest(body));
    if !state
        .store
        .record_delivery(hook.id, &key, state.now_ms())
        .await?
    {
        return Ok(false);
    }
    if !i.active {
        return Ok(true);
    }
    // Trendyol sends the package itself: store it now (the same idempotent upsert as the
    // import) and tell the other channels about the stock it holds. Anything we cannot read,
    // and every Hepsiburada event, is fetched by an order import instead.
    let package = match platform {
        "trendyol" => std::str::from_utf8(body)
            .ok()
            .and_then(|text| pofuai_channels::trendyol::webhook_package(text).ok()),
        _ => None,
    };
    match package {
        Some(p) => {
            let outcome = state
                .store
                .import_package(&imported(i.owner_id, i.id, &p), state.now_ms())
                .await?;
            if !outcome.variants.is_empty() {
                state.engine.enqueue_stock_push(i.owner_id).await?;
            }
        }
        None => {
            state
                .engine
                .enqueue(i.owner_id, i.id, JobKind::SyncOrders)
                .await?;
        }
    }
    Ok(true)
}

/// Trendyol's delivery: the shipment package as JSON, Basic or x-api-key.
#[utoipa::path(post, path = "/api/webhooks/trendyol/{token}", tag = "webhooks", params(("token" = String, Path)),
    responses((status = 200, description = "received"), (status = 401, description = "bad credentials")))]
async fn trendyol_delivery(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: String,
) -> ApiResult<Json<serde_json::Value>> {
    let fresh = accept(&state, "trendyol", &token, &headers, body.as_bytes()).await?;
    Ok(Json(json!({ "received": true, "duplicate": !fresh })))
}

/// Hepsiburada's delivery: a PUT per event name.
#[utoipa::path(put, path = "/api/webhooks/hepsiburada/{token}/{event}", tag = "webhooks",
    params(("token" = String, Path), ("event" = String, Path)),
    responses((status = 204, description = "received"), (status = 401, description = "bad credentials")))]
async fn hepsiburada_delivery(
    State(state): State<AppState>,
    Path((token, event)): Path<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> ApiResult<StatusCode> {
    if !HEPSIBURADA_EVENTS.contains(&event.as_str()) {
        return Err(ApiError::coded(
            "event",
            "one_of",
            format!("must be one of {}", HEPSIBURADA_EVENTS.join(", ")),
        ));
    }
    accept(&state, "hepsiburada", &token, &headers, body.as_bytes()).await?;
    Ok(StatusCode::NO_CONTENT)
}
