//! Orders imported from channels and the seller's answers to them: package status, tracking
//! numbers, claim approvals. Each answer is a job, so it survives restarts and retries.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pofuai_core::Feature;
use pofuai_store::orders::OrderFilter;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use pofuai_sync::JobKind;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders))
        .routes(routes!(get_order))
        .routes(routes!(push_status))
        .routes(routes!(push_tracking))
        .routes(routes!(list_claims))
        .routes(routes!(approve_claim))
}

const STATUSES: [&str; 10] = [
    "awaiting",
    "created",
    "picking",
    "invoiced",
    "shipped",
    "delivered",
    "undelivered",
    "cancelled",
    "returned",
    "other",
];

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    integration_id: Option<i64>,
    status: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Imported order packages, newest first, with their lines.
#[utoipa::path(get, path = "/api/orders", tag = "orders", params(OrderQuery),
    responses((status = 200, description = "items and next_cursor")), security(("bearer" = [])))]
async fn list_orders(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    ApiError::check_one_of("status", q.status.as_deref(), &STATUSES)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let filter = OrderFilter {
        integration_id: q.integration_id,
        status: q.status,
    };
    let rows = state
        .store
        .list_orders(auth.manage_scope(), &filter, page)
        .await?;
    Ok(Json(
        json!({ "items": rows.items, "next_cursor": rows.next_cursor }),
    ))
}

#[utoipa::path(get, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path)),
    responses((status = 200, description = "the order")), security(("bearer" = [])))]
async fn get_order(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    Ok(Json(json!(
        state.store.order(id, auth.manage_scope()).await?
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// `picking` or `invoiced`: the only statuses a seller sets; carriers set the rest.
    status: String,
    /// Required with `invoiced`.
    invoice_number: Option<String>,
    /// The invoice's http(s) link, only with `invoiced`; Hepsiburada requires it with the
    /// number.
    invoice_link: Option<String>,
}

async fn job_of(
    state: &AppState,
    auth: &Auth,
    order_id: i64,
    kind: JobKind,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let order = state.store.order(order_id, auth.manage_scope()).await?;
    let integration_id = order.integration_id.ok_or_else(|| ApiError::BadRequest {
        code: "integration_removed",
        message: "the order's integration was removed".into(),
        field: None,
    })?;
    let job = state
        .engine
        .enqueue(order.owner_id, integration_id, kind)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "job_id": job.id, "state": job.state })),
    ))
}

/// Sends a status (Picking, Invoiced) for the package to its channel.
#[utoipa::path(post, path = "/api/orders/{id}/status", tag = "orders", params(("id" = i64, Path)),
    request_body = StatusRequest, responses((status = 202, description = "job_id")), security(("bearer" = [])))]
async fn push_status(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let invoice_number = match (req.status.as_str(), &req.invoice_number) {
        ("picking", None) => None,
        ("picking", Some(_)) => {
            return Err(ApiError::coded(
                "invoice_number",
                "only_with_invoiced",
                "belongs only to invoiced",
            ));
        }
        ("invoiced", Some(n)) => Some(pofuai_core::product::code("invoice_number", n)?),
        ("invoiced", None) => {
            return Err(ApiError::coded(
                "invoice_number",
                "required",
                "is required with invoiced",
            ));
        }
        _ => {
            return Err(ApiError::coded(
                "status",
                "one_of",
                "must be picking or invoiced",
            ));
        }
    };
    let invoice_link = match (&invoice_number, req.invoice_link.as_deref().map(str::trim)) {
        (_, None) => None,
        (None, Some(_)) => {
            return Err(ApiError::coded(
                "invoice_link",
                "only_with_invoiced",
                "belongs only to invoiced",
            ));
        }
        (Some(_), Some(link)) => {
            let valid = reqwest::Url::parse(link)
                .ok()
                .is_some_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some());
            if !valid || link.len() > 2000 {
                return Err(ApiError::coded(
                    "invoice_link",
                    "invalid_url",
                    "must be an http(s) address of at most 2000 characters",
                ));
            }
            Some(link.to_owned())
        }
    };
    if invoice_number.is_some() && invoice_link.is_none() {
        let order = state.store.order(id, auth.manage_scope()).await?;
        if let Some(integration_id) = order.integration_id
            && state
                .store
                .integration(integration_id, auth.manage_scope())
                .await?
                .integration_name
                == "hepsiburada"
        {
            return Err(ApiError::coded(
                "invoice_link",
                "required",
                "is required with invoiced on Hepsiburada",
            ));
        }
    }
    job_of(
        &state,
        &auth,
        id,
        JobKind::PushStatus {
            order_id: id,
            status: req.status,
            invoice_number,
            invoice_link,
        },
    )
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackingRequest {
    tracking_number: String,
}

/// Sends the cargo tracking number of a package shipped with the seller's own carrier.
#[utoipa::path(post, path = "/api/orders/{id}/tracking", tag = "orders", params(("id" = i64, Path)),
    request_body = TrackingRequest, responses((status = 202, description = "job_id")), security(("bearer" = [])))]
async fn push_tracking(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<TrackingRequest>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let tracking_number = pofuai_core::product::code("tracking_number", &req.tracking_number)?;
    job_of(
        &state,
        &auth,
        id,
        JobKind::PushTracking {
            order_id: id,
            tracking_number,
        },
    )
    .await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClaimQuery {
    integration_id: Option<i64>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Returns (claims) imported from channels, newest first.
#[utoipa::path(get, path = "/api/claims", tag = "orders", params(ClaimQuery),
    responses((status = 200, description = "items and next_cursor")), security(("bearer" = [])))]
async fn list_claims(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ClaimQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let rows = state
        .store
        .list_claims(auth.manage_scope(), q.integration_id, page)
        .await?;
    Ok(Json(
        json!({ "items": rows.items, "next_cursor": rows.next_cursor }),
    ))
}

/// Approves a claim on its channel.
#[utoipa::path(post, path = "/api/claims/{id}/approve", tag = "orders", params(("id" = i64, Path)),
    responses((status = 202, description = "job_id")), security(("bearer" = [])))]
async fn approve_claim(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let claim = state.store.claim(id, auth.manage_scope()).await?;
    let job = state
        .engine
        .enqueue(
            claim.owner_id,
            claim.integration_id,
            JobKind::ApproveClaim { claim_id: id },
        )
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "job_id": job.id, "state": job.state })),
    ))
}
