//! Stock the seller can see beyond the count on hand: oversells (more reserved than on hand,
//! found when orders are imported) and the orders holding a variant's stock.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use pofuai_core::Feature;
use pofuai_store::orders::{Oversell, OversoldLine};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiPath;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_oversells))
        .routes(routes!(variant_reservations))
}

/// An order line holding stock of the variant.
#[derive(Serialize, ToSchema)]
pub struct ReservingLineView {
    order_id: i64,
    integration_id: Option<i64>,
    /// The channel's catalogue name (`trendyol`, `hepsiburada`), when the integration exists.
    channel: Option<String>,
    order_number: String,
    package_id: String,
    order_status: String,
    line_id: i64,
    remote_line_id: String,
    quantity: i64,
    ordered_at: DateTime<Utc>,
}

impl From<OversoldLine> for ReservingLineView {
    fn from(l: OversoldLine) -> Self {
        ReservingLineView {
            order_id: l.order_id,
            integration_id: l.integration_id,
            channel: l.channel,
            order_number: l.remote_order_number,
            package_id: l.remote_package_id,
            order_status: l.order_status,
            line_id: l.line_id,
            remote_line_id: l.remote_line_id,
            quantity: l.quantity,
            ordered_at: to_datetime(l.ordered_at),
        }
    }
}

/// An open oversell alert: the variant, its numbers now, and the orders holding its stock,
/// so the seller can cancel a line on one channel or restock.
#[derive(Serialize, ToSchema)]
pub struct OversellView {
    id: i64,
    variant_id: i64,
    product_id: i64,
    barcode: String,
    stock_code: String,
    on_hand: i64,
    reserved: i64,
    /// Reserved minus on hand: units sold that are not there.
    short_by: i64,
    /// The order whose import found it.
    found_by_order_id: Option<i64>,
    detected_at: DateTime<Utc>,
    /// Turkish, for the dashboard.
    message: String,
    orders: Vec<ReservingLineView>,
}

async fn view(state: &AppState, auth: &Auth, o: Oversell) -> ApiResult<OversellView> {
    let lines = state
        .store
        .reserving_lines(o.variant_id, auth.manage_scope())
        .await?;
    Ok(OversellView {
        message: format!(
            "{} barkodlu üründen elde {} adet var, siparişler {} adet ayırdı: {} adet fazla satıldı.",
            o.barcode,
            o.on_hand,
            o.reserved,
            o.reserved - o.on_hand
        ),
        id: o.id,
        variant_id: o.variant_id,
        product_id: o.product_id,
        barcode: o.barcode,
        stock_code: o.stock_code,
        on_hand: o.on_hand,
        reserved: o.reserved,
        short_by: o.reserved - o.on_hand,
        found_by_order_id: o.order_id,
        detected_at: to_datetime(o.detected_at),
        orders: lines.into_iter().map(ReservingLineView::from).collect(),
    })
}

/// Open oversell alerts, newest first: variants whose imported orders reserve more than is on
/// hand. One closes when stock is back within (a restock, a cancelled line).
#[utoipa::path(get, path = "/api/stock/oversells", tag = "stock",
    responses((status = 200, body = Vec<OversellView>)),
    security(("bearer" = [])))]
async fn list_oversells(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<OversellView>>> {
    auth.require(Feature::ProductManage)?;
    let mut out = Vec::new();
    for o in state.store.oversells(auth.manage_scope()).await? {
        out.push(view(&state, &auth, o).await?);
    }
    Ok(Json(out))
}

/// A variant's stock: on hand, reserved, available, and the orders holding it.
#[derive(Serialize, ToSchema)]
pub struct ReservationsView {
    variant_id: i64,
    on_hand: i64,
    reserved: i64,
    available: i64,
    oversold: bool,
    orders: Vec<ReservingLineView>,
}

/// The orders holding a variant's stock (lines reserved, not shipped or cancelled), oldest
/// first, with the variant's numbers; when it is oversold these are the orders involved.
#[utoipa::path(get, path = "/api/products/{id}/variants/{variant_id}/reservations", tag = "stock",
    params(("id" = i64, Path), ("variant_id" = i64, Path)),
    responses((status = 200, body = ReservationsView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn variant_reservations(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath((id, variant_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<ReservationsView>> {
    auth.require(Feature::ProductManage)?;
    let product = state.store.product(id, auth.manage_scope()).await?;
    let variant = product
        .variants
        .into_iter()
        .find(|v| v.id == variant_id)
        .ok_or(ApiError::NotFound)?;
    let lines = state
        .store
        .reserving_lines(variant_id, auth.manage_scope())
        .await?;
    Ok(Json(ReservationsView {
        variant_id,
        on_hand: variant.stock_on_hand,
        reserved: variant.stock_reserved,
        available: variant.available(),
        oversold: variant.stock_reserved > variant.stock_on_hand,
        orders: lines.into_iter().map(ReservingLineView::from).collect(),
    }))
}
