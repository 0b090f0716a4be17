//! Channel sync over HTTP: start product, order and stock jobs; follow jobs; read sync logs,
//! per-item errors (retry, resolve) and the health report; try credentials; map categories.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pofuai_core::Feature;
use pofuai_core::role::Role;
use pofuai_store::integrations::Integration;
use pofuai_store::jobs::Job;
use pofuai_store::paging::Page;
use pofuai_store::products::Scope;
use pofuai_store::sync::{ErrorFilter, SyncLogFilter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use pofuai_sync::JobKind;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sync_products))
        .routes(routes!(sync_orders))
        .routes(routes!(update_stock))
        .routes(routes!(get_job))
        .routes(routes!(sync_logs))
        .routes(routes!(list_errors))
        .routes(routes!(resolve_error))
        .routes(routes!(retry_error))
        .routes(routes!(report))
        .routes(routes!(test_integration))
        .routes(routes!(list_category_mappings, set_category_mapping))
        .routes(routes!(channel_categories))
        .routes(routes!(product_channels))
}

/// Where a product is listed: each variant's item on each channel (barcode, stock code,
/// merchant SKU, the platform's id), its sync status, the values last accepted and the last error.
#[utoipa::path(get, path = "/api/products/{id}/channels", tag = "sync", params(("id" = i64, Path)),
    responses((status = 200, description = "the product's mappings")), security(("bearer" = [])))]
async fn product_channels(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let product = state.store.product(id, auth.manage_scope()).await?;
    let mappings = state.store.product_mappings(product.id).await?;
    Ok(Json(json!({ "product_id": product.id, "items": mappings })))
}

/// Most ids one request may name.
const MAX_IDS: usize = 1000;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Integrations to sync; all active connected ones when absent.
    integration_ids: Option<Vec<i64>>,
    /// Products to push; all when absent.
    product_ids: Option<Vec<i64>>,
}

#[derive(Serialize, ToSchema)]
pub struct JobRef {
    integration_id: i64,
    job_id: i64,
    state: String,
}

#[derive(Serialize, ToSchema)]
pub struct JobsStarted {
    jobs: Vec<JobRef>,
}

fn job_ref(job: &Job) -> JobRef {
    JobRef {
        integration_id: job.integration_id.unwrap_or_default(),
        job_id: job.id,
        state: job.state.clone(),
    }
}

fn check_ids(field: &str, ids: &Option<Vec<i64>>) -> ApiResult<()> {
    if let Some(ids) = ids
        && (ids.is_empty() || ids.len() > MAX_IDS)
    {
        return Err(ApiError::coded_args(
            field,
            "count_between",
            format!("must list 1 to {MAX_IDS} ids"),
            &[("min", 1), ("max", MAX_IDS as i64)],
        ));
    }
    Ok(())
}

/// The caller's integrations a sync request targets: the named ones (each must be the
/// caller's, active and connected) or every active connected one.
async fn targets(
    state: &AppState,
    auth: &Auth,
    ids: Option<&[i64]>,
) -> ApiResult<Vec<Integration>> {
    let connected = |i: &Integration| pofuai_sync::has_connector(&i.integration_name);
    match ids {
        Some(ids) => {
            let mut out = Vec::new();
            for (n, id) in ids.iter().enumerate() {
                let i = state
                    .store
                    .integration(*id, auth.manage_scope())
                    .await
                    .map_err(|_| {
                        ApiError::coded(
                            format!("integration_ids[{n}]"),
                            "not_found_here",
                            "no such integration",
                        )
                    })?;
                if !i.active {
                    return Err(ApiError::coded(
                        format!("integration_ids[{n}]"),
                        "not_active",
                        "is not active",
                    ));
                }
                if !connected(&i) {
                    return Err(ApiError::coded(
                        format!("integration_ids[{n}]"),
                        "no_connector",
                        format!(
                            "{} has no connector yet (catalogue only)",
                            i.integration_name
                        ),
                    ));
                }
                out.push(i);
            }
            Ok(out)
        }
        None => {
            let out: Vec<Integration> = state
                .store
                .active_integrations(Scope::Owner(auth.user.id))
                .await?
                .into_iter()
                .filter(connected)
                .collect();
            if out.is_empty() {
                return Err(ApiError::coded(
                    "integration_ids",
                    "not_active",
                    "you have no active connected integration",
                ));
            }
            Ok(out)
        }
    }
}

/// Pushes products (all, or the chosen ones) to the chosen integrations, one job each.
#[utoipa::path(post, path = "/api/integrations/sync/products", tag = "sync", request_body = SyncRequest,
    responses((status = 202, body = JobsStarted)), security(("bearer" = [])))]
async fn sync_products(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<SyncRequest>,
) -> ApiResult<(StatusCode, Json<JobsStarted>)> {
    auth.require(Feature::MultiChannel)?;
    check_ids("integration_ids", &req.integration_ids)?;
    check_ids("product_ids", &req.product_ids)?;
    if let Some(ids) = &req.product_ids {
        for (n, id) in ids.iter().enumerate() {
            state
                .store
                .product(*id, Scope::Owner(auth.user.id))
                .await
                .map_err(|_| {
                    ApiError::coded(
                        format!("product_ids[{n}]"),
                        "not_found_here",
                        "no such product",
                    )
                })?;
        }
    }
    let mut jobs = Vec::new();
    for i in targets(&state, &auth, req.integration_ids.as_deref()).await? {
        let kind = JobKind::SyncProducts {
            product_ids: req.product_ids.clone(),
        };
        jobs.push(job_ref(
            &state.engine.enqueue(i.owner_id, i.id, kind).await?,
        ));
    }
    Ok((StatusCode::ACCEPTED, Json(JobsStarted { jobs })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrdersSyncRequest {
    integration_ids: Option<Vec<i64>>,
}

/// Imports orders and claims changed since the last import, one job per integration.
#[utoipa::path(post, path = "/api/integrations/sync/orders", tag = "sync", request_body = OrdersSyncRequest,
    responses((status = 202, body = JobsStarted)), security(("bearer" = [])))]
async fn sync_orders(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<OrdersSyncRequest>,
) -> ApiResult<(StatusCode, Json<JobsStarted>)> {
    auth.require(Feature::MultiChannel)?;
    check_ids("integration_ids", &req.integration_ids)?;
    let mut jobs = Vec::new();
    for i in targets(&state, &auth, req.integration_ids.as_deref()).await? {
        jobs.push(job_ref(
            &state
                .engine
                .enqueue(i.owner_id, i.id, JobKind::SyncOrders)
                .await?,
        ));
    }
    Ok((StatusCode::ACCEPTED, Json(JobsStarted { jobs })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockItem {
    barcode: Option<String>,
    variant_id: Option<i64>,
    /// Stock on hand (what is in the warehouse); channels get it minus open orders.
    quantity: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockRequest {
    items: Vec<StockItem>,
}

#[derive(Serialize, ToSchema)]
pub struct StockUpdated {
    updated: usize,
    jobs: Vec<JobRef>,
}

/// Sets stock on hand by barcode or variant id and pushes the change to every active channel.
/// All items are checked before any is applied.
#[utoipa::path(post, path = "/api/integrations/update/stock", tag = "sync", request_body = StockRequest,
    responses((status = 202, body = StockUpdated)), security(("bearer" = [])))]
async fn update_stock(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<StockRequest>,
) -> ApiResult<(StatusCode, Json<StockUpdated>)> {
    auth.require(Feature::MultiChannel)?;
    if req.items.is_empty() || req.items.len() > MAX_IDS {
        return Err(ApiError::coded_args(
            "items",
            "count_between",
            format!("must hold 1 to {MAX_IDS} items"),
            &[("min", 1), ("max", MAX_IDS as i64)],
        ));
    }
    let scope = Scope::Owner(auth.user.id);
    let mut resolved = Vec::with_capacity(req.items.len());
    for (n, item) in req.items.iter().enumerate() {
        if !(0..=10_000_000).contains(&item.quantity) {
            return Err(ApiError::coded_args(
                format!("items[{n}].quantity"),
                "out_of_range",
                "must be 0 to 10,000,000",
                &[("min", 0), ("max", 10_000_000)],
            ));
        }
        let variant = match (&item.barcode, item.variant_id) {
            (Some(b), None) => state.store.variant_by_barcode(b, scope).await,
            (None, Some(id)) => state.store.variant(id, scope).await,
            _ => {
                return Err(ApiError::coded(
                    format!("items[{n}]"),
                    "exactly_one",
                    "give exactly one of barcode and variant_id",
                ));
            }
        }
        .map_err(|_| ApiError::coded(format!("items[{n}]"), "not_found_here", "no such variant"))?;
        resolved.push((variant, item.quantity));
    }
    let updated = state
        .store
        .set_stock_on_hand(
            &resolved.iter().map(|(v, q)| (v.id, *q)).collect::<Vec<_>>(),
            state.now_ms(),
        )
        .await?;
    let jobs = state.engine.enqueue_stock_push(auth.user.id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(StockUpdated {
            updated,
            jobs: jobs.iter().map(job_ref).collect(),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct JobView {
    id: i64,
    kind: String,
    integration_id: Option<i64>,
    /// queued, running, succeeded, failed (retrying cannot help) or dead (attempts spent).
    state: String,
    attempts: i64,
    max_attempts: i64,
    last_error: Option<String>,
    progress: ProgressView,
    run_at: i64,
    created_at: i64,
    updated_at: i64,
    finished_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    done: i64,
    failed: i64,
    total: i64,
}

/// A job's state and progress; owners and admins only.
#[utoipa::path(get, path = "/api/jobs/{id}", tag = "sync", params(("id" = i64, Path)),
    responses((status = 200, body = JobView)), security(("bearer" = [])))]
async fn get_job(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<JobView>> {
    auth.require(Feature::MultiChannel)?;
    let job = state.store.job(id).await?;
    if auth.role() != Role::Admin && job.owner_id != Some(auth.user.id) {
        return Err(ApiError::NotFound);
    }
    Ok(Json(JobView {
        id: job.id,
        kind: job.kind,
        integration_id: job.integration_id,
        state: job.state,
        attempts: job.attempts,
        max_attempts: job.max_attempts,
        last_error: job.last_error,
        progress: ProgressView {
            done: job.items_done,
            failed: job.items_failed,
            total: job.items_total,
        },
        run_at: job.run_at,
        created_at: job.created_at,
        updated_at: job.updated_at,
        finished_at: job.finished_at,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SyncLogQuery {
    integration_id: Option<i64>,
    /// sync_products, push_stock, sync_orders, push_status, push_tracking, approve_claim
    kind: Option<String>,
    /// running, succeeded, retrying, deferred, failed, abandoned
    status: Option<String>,
    /// Epoch milliseconds, inclusive.
    from: Option<i64>,
    /// Epoch milliseconds, exclusive.
    to: Option<i64>,
    limit: Option<i64>,
    cursor: Option<String>,
}

const KINDS: [&str; 6] = [
    "sync_products",
    "push_stock",
    "sync_orders",
    "push_status",
    "push_tracking",
    "approve_claim",
];
const STATUSES: [&str; 6] = [
    "running",
    "succeeded",
    "retrying",
    "deferred",
    "failed",
    "abandoned",
];

fn page_json<T: Serialize>(page: Page<T>) -> Json<serde_json::Value> {
    Json(json!({ "items": page.items, "next_cursor": page.next_cursor }))
}

/// One row per sync run, newest first.
#[utoipa::path(get, path = "/api/integrations/sync-logs", tag = "sync", params(SyncLogQuery),
    responses((status = 200, description = "items and next_cursor")), security(("bearer" = [])))]
async fn sync_logs(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SyncLogQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    ApiError::check_one_of("kind", q.kind.as_deref(), &KINDS)?;
    ApiError::check_one_of("status", q.status.as_deref(), &STATUSES)?;
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from >= to
    {
        return Err(ApiError::coded("to", "date_range", "must be after from"));
    }
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let filter = SyncLogFilter {
        integration_id: q.integration_id,
        kind: q.kind,
        status: q.status,
        from: q.from,
        to: q.to,
    };
    Ok(page_json(
        state
            .store
            .sync_logs(auth.manage_scope(), &filter, page)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ErrorQuery {
    integration_id: Option<i64>,
    resolved: Option<bool>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Failed items and calls, newest first.
#[utoipa::path(get, path = "/api/integrations/errors", tag = "sync", params(ErrorQuery),
    responses((status = 200, description = "items and next_cursor")), security(("bearer" = [])))]
async fn list_errors(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ErrorQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let filter = ErrorFilter {
        integration_id: q.integration_id,
        resolved: q.resolved,
    };
    Ok(page_json(
        state
            .store
            .integration_errors(auth.manage_scope(), &filter, page)
            .await?,
    ))
}

/// Marks an error as dealt with.
#[utoipa::path(post, path = "/api/integrations/errors/{id}/resolve", tag = "sync", params(("id" = i64, Path)),
    responses((status = 200, description = "the error, resolved")), security(("bearer" = [])))]
async fn resolve_error(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let e = state
        .store
        .resolve_integration_error(id, auth.manage_scope())
        .await?;
    Ok(Json(json!(e)))
}

/// Queues again the work an error came from: the item's product push, the stock push, or the
/// order import.
#[utoipa::path(post, path = "/api/integrations/errors/{id}/retry", tag = "sync", params(("id" = i64, Path)),
    responses((status = 202, body = JobsStarted)), security(("bearer" = [])))]
async fn retry_error(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<JobsStarted>)> {
    auth.require(Feature::MultiChannel)?;
    let e = state
        .store
        .integration_error(id, auth.manage_scope())
        .await?;
    let i = state
        .store
        .integration(e.integration_id, auth.manage_scope())
        .await?;
    if !i.active {
        return Err(ApiError::BadRequest {
            code: "integration_inactive",
            message: "activate the integration before retrying".into(),
            field: None,
        });
    }
    let kind = match e.operation.as_str() {
        "sync_products" => {
            let product = match &e.item_ref {
                Some(barcode) => state
                    .store
                    .variant_by_barcode(barcode, Scope::Owner(i.owner_id))
                    .await
                    .ok()
                    .map(|v| v.product_id),
                None => None,
            };
            JobKind::SyncProducts {
                product_ids: product.map(|p| vec![p]),
            }
        }
        "push_stock" => JobKind::PushStock,
        _ => JobKind::SyncOrders,
    };
    let job = state.engine.enqueue(i.owner_id, i.id, kind).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(JobsStarted {
            jobs: vec![job_ref(&job)],
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Epoch milliseconds; default 30 days before `to`.
    from: Option<i64>,
    /// Epoch milliseconds; default now.
    to: Option<i64>,
}

/// Per integration over a period: runs and their success rate, items, calls with latency
/// p50/p95, errors; and now: its jobs queued, running and dead, and when the next is due.
#[utoipa::path(get, path = "/api/integrations/report", tag = "sync", params(ReportQuery),
    responses((status = 200, description = "one row per integration")), security(("bearer" = [])))]
async fn report(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    // Bounded to real dates so the period arithmetic below cannot overflow.
    const LAST_MS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
    for (name, value) in [("from", q.from), ("to", q.to)] {
        if value.is_some_and(|v| !(0..=LAST_MS).contains(&v)) {
            return Err(ApiError::field(
                name,
                format!("must be epoch milliseconds from 0 to {LAST_MS}"),
            ));
        }
    }
    let to = q.to.unwrap_or_else(|| state.now_ms() + 1);
    let from = q.from.unwrap_or(to - 30 * 24 * 3600 * 1000);
    if from >= to {
        return Err(ApiError::coded("to", "date_range", "must be after from"));
    }
    if to - from > 366 * 24 * 3600 * 1000 {
        return Err(ApiError::coded(
            "from",
            "period_too_long",
            "the period may be at most a year",
        ));
    }
    let rows = state
        .store
        .integration_report(auth.manage_scope(), from, to)
        .await?;
    let queues = state.store.integration_queues(auth.manage_scope()).await?;
    let items: Vec<_> = rows
        .into_iter()
        .map(|r| {
            let rate = (r.runs > 0).then(|| r.runs_succeeded as f64 / r.runs as f64);
            let queue = queues
                .iter()
                .find(|q| q.integration_id == r.integration_id)
                .cloned()
                .unwrap_or(pofuai_store::jobs::QueueRow {
                    integration_id: r.integration_id,
                    ..Default::default()
                });
            json!({ "success_rate": rate, "integration": r, "queue": queue })
        })
        .collect();
    Ok(Json(json!({ "from": from, "to": to, "items": items })))
}

#[derive(Serialize, ToSchema)]
pub struct TestResult {
    ok: bool,
    /// unauthorized, 429, transient, a platform code…; absent when ok.
    code: Option<String>,
    message: Option<String>,
}

/// Tries the integration's credentials with a cheap authenticated call on the platform.
#[utoipa::path(post, path = "/api/integrations/{id}/test", tag = "integrations", params(("id" = i64, Path)),
    responses((status = 200, body = TestResult)), security(("bearer" = [])))]
async fn test_integration(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TestResult>> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    let connector = state
        .engine
        .connector_for(&i)
        .await?
        .ok_or_else(|| ApiError::BadRequest {
            code: "no_connector",
            message: format!(
                "{} is in the catalogue only; there is no connector to test yet",
                i.integration_name
            ),
            field: None,
        })?;
    Ok(Json(match connector.test().await {
        Ok(()) => TestResult {
            ok: true,
            code: None,
            message: None,
        },
        Err(e) => TestResult {
            ok: false,
            code: Some(e.platform_code()),
            message: Some(e.to_string()),
        },
    }))
}

/// Our categories mapped to the channel's (set by the seller or matched by name).
#[utoipa::path(get, path = "/api/integrations/{id}/category-mappings", tag = "sync", params(("id" = i64, Path)),
    responses((status = 200, description = "category, remote_category_id, remote_name")), security(("bearer" = [])))]
async fn list_category_mappings(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    let rows = state.store.category_mappings(i.id).await?;
    let items: Vec<_> = rows
        .into_iter()
        .map(|(category, remote_category_id, remote_name)| json!({ "category": category, "remote_category_id": remote_category_id, "remote_name": remote_name }))
        .collect();
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChannelCategoryQuery {
    /// Text in the category's name (Turkish letters fold: "canta" finds "Çanta").
    q: Option<String>,
    /// At most this many, 1–100 (default 50).
    limit: Option<i64>,
}

/// The channel's leaf categories (the ones products go in) whose name matches `q`, read
/// through the same cached lookup the sync engine maps categories with.
#[utoipa::path(get, path = "/api/integrations/{id}/categories", tag = "sync",
    params(("id" = i64, Path), ChannelCategoryQuery),
    responses((status = 200, description = "items: id, name; total: how many match"),
              (status = 400, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn channel_categories(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ChannelCategoryQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::coded_args(
            "limit",
            "out_of_range",
            "must be between 1 and 100",
            &[("min", 1), ("max", 100)],
        ));
    }
    if q.q.as_ref().is_some_and(|t| t.chars().count() > 100) {
        return Err(ApiError::coded_args(
            "q",
            "too_long",
            "must be at most 100 characters",
            &[("max", 100)],
        ));
    }
    let i = state.store.integration(id, auth.manage_scope()).await?;
    let fresh_after = state.now_ms() - state.engine.config.lookup_ttl.as_millis() as i64;
    let cached: Option<Vec<pofuai_channels::model::RemoteCategory>> = state
        .store
        .lookup(i.id, "categories", fresh_after)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok());
    let tree = match cached {
        Some(tree) => tree,
        None => {
            let tree = read_channel_categories(&state, &i).await?;
            if let Ok(text) = serde_json::to_string(&tree) {
                state
                    .store
                    .put_lookup(i.id, "categories", &text, state.now_ms())
                    .await?;
            }
            tree
        }
    };
    let needle = pofuai_core::search::fold(q.q.as_deref().unwrap_or_default().trim());
    let matching: Vec<_> = tree
        .iter()
        .filter(|c| c.leaf && pofuai_core::search::fold(&c.name).contains(&needle))
        .collect();
    let items: Vec<_> = matching
        .iter()
        .take(limit as usize)
        .map(|c| json!({ "id": c.id, "name": c.name }))
        .collect();
    Ok(Json(json!({ "items": items, "total": matching.len() })))
}

/// The channel's category tree, read from the channel itself.
async fn read_channel_categories(
    state: &AppState,
    i: &Integration,
) -> ApiResult<Vec<pofuai_channels::model::RemoteCategory>> {
    let connector = state
        .engine
        .connector_for(i)
        .await?
        .ok_or_else(|| ApiError::BadRequest {
            code: "no_connector",
            message: format!("{} has no connector yet", i.integration_name),
            field: None,
        })?;
    connector
        .categories()
        .await
        .map_err(|e| ApiError::BadRequest {
            code: "channel_unavailable",
            message: format!("could not read the channel's categories: {e}"),
            field: None,
        })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryMappingRequest {
    /// Our category name, as on products.
    category: String,
    /// The channel's leaf category id.
    remote_category_id: String,
}

/// Maps one of our categories to a leaf category of the channel (checked against its tree).
#[utoipa::path(put, path = "/api/integrations/{id}/category-mappings", tag = "sync", params(("id" = i64, Path)),
    request_body = CategoryMappingRequest, responses((status = 200, description = "the mapping")), security(("bearer" = [])))]
async fn set_category_mapping(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CategoryMappingRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    let category = pofuai_core::product::text("category", &req.category, 1, 100)?;
    let tree = read_channel_categories(&state, &i).await?;
    let leaf = tree
        .iter()
        .find(|c| c.id == req.remote_category_id)
        .ok_or_else(|| {
            ApiError::coded(
                "remote_category_id",
                "not_found_here",
                "is not a category of the channel",
            )
        })?;
    if !leaf.leaf {
        return Err(ApiError::coded(
            "remote_category_id",
            "not_leaf_category",
            "is not a leaf category; products go in leaves",
        ));
    }
    state
        .store
        .set_category_mapping(i.id, &category, &leaf.id, &leaf.name, state.now_ms())
        .await?;
    Ok(Json(
        json!({ "category": category, "remote_category_id": leaf.id, "remote_name": leaf.name }),
    ))
}
