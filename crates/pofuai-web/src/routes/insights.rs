//! Seller insights from their own orders: cross-sell bundles (`/api/insights/bundles`) and
//! the channel comparison with "list where missing" (`/api/insights/channels`), each with the
//! numbers behind it. Sellers see their own; admins name a seller with `seller_id`.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use pofuai_core::Feature;
use pofuai_core::role::Role;
use pofuai_insight::bundles::{ChannelSales, bundles, compare_channels};
use pofuai_store::products::Scope;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;

/// Orders read for bundles, at most (the newest).
const MAX_ORDERS: i64 = 50_000;
const DAY_MS: i64 = 86_400_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(bundle_insights))
        .routes(routes!(channel_insights))
}

/// The one seller whose figures: the caller, or the `seller_id` an admin names.
fn seller_of(auth: &Auth, seller_id: Option<i64>) -> ApiResult<i64> {
    match (auth.role(), seller_id) {
        (Role::Admin, Some(id)) => Ok(id),
        (Role::Admin, None) => Err(ApiError::field("seller_id", "is required for admins here")),
        (_, None) => Ok(auth.user.id),
        (_, Some(id)) if id == auth.user.id => Ok(id),
        _ => Err(ApiError::NotFound),
    }
}

fn bounded(field: &str, value: Option<i64>, default: i64, min: i64, max: i64) -> ApiResult<i64> {
    let v = value.unwrap_or(default);
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(ApiError::field(
            field,
            format!("must be between {min} and {max}"),
        ))
    }
}

/// Names of the seller's products among `ids`.
async fn names(
    state: &AppState,
    owner: i64,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(state
        .store
        .visible_product_names(&ids, Scope::Owner(owner))
        .await?
        .into_iter()
        .collect())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BundleQuery {
    /// Orders of the last `days` days, 1–730 [default: 365].
    days: Option<i64>,
    /// Orders a bundle must appear in, 1–1000 [default: 2].
    min_orders: Option<i64>,
    /// Pairs and triples each, 1–50 [default: 10].
    limit: Option<i64>,
    /// Admins only: whose orders.
    seller_id: Option<i64>,
}

/// Cross-sell bundles: pairs and triples of the seller's products bought in the same order,
/// with support, confidence, lift and the order count behind each, strongest (lift) first.
#[utoipa::path(get, path = "/api/insights/bundles", tag = "analytics", params(BundleQuery),
    responses((status = 200, description = "orders, pairs and triples")), security(("bearer" = [])))]
async fn bundle_insights(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<BundleQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = seller_of(&auth, q.seller_id)?;
    let days = bounded("days", q.days, 365, 1, 730)?;
    let min_orders = bounded("min_orders", q.min_orders, 2, 1, 1000)?;
    let limit = bounded("limit", q.limit, 10, 1, 50)?;
    let since = state.now_ms() - days * DAY_MS;
    let baskets = state.store.seller_baskets(owner, since, MAX_ORDERS).await?;
    let (pairs, triples) = bundles(
        &baskets,
        u64::try_from(min_orders).unwrap_or(2),
        usize::try_from(limit).unwrap_or(10),
    );
    let names = names(
        &state,
        owner,
        pairs
            .iter()
            .chain(triples.iter())
            .flat_map(|b| b.products.iter().copied()),
    )
    .await?;
    let show = |list: Vec<pofuai_insight::bundles::Bundle>| -> Vec<serde_json::Value> {
        list.into_iter()
            .map(|b| {
                let products: Vec<serde_json::Value> = b
                    .products
                    .iter()
                    .map(|id| json!({ "id": id, "name": names.get(id) }))
                    .collect();
                json!({
                    "products": products,
                    "antecedent": b.antecedent,
                    "consequent": b.consequent,
                    "orders": b.orders,
                    "support": b.support,
                    "confidence": b.confidence,
                    "lift": b.lift,
                })
            })
            .collect()
    };
    Ok(Json(json!({
        "days": days,
        "orders": baskets.len(),
        "min_orders": min_orders,
        "pairs": show(pairs),
        "triples": show(triples),
    })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChannelQuery {
    /// Sales of the last `days` days, 1–730 [default: 90].
    days: Option<i64>,
    /// Units on its best channel that make a product worth listing elsewhere, 1–100000
    /// [default: 5].
    min_units: Option<i64>,
    /// Products and suggestions each, 1–100 [default: 20].
    limit: Option<i64>,
    /// Admins only: whose sales.
    seller_id: Option<i64>,
}

/// Which products sell better on which channel (units, revenue and unit share per channel,
/// whether listed there) and "list where missing": products that sold at least `min_units`
/// on one channel and are not listed on another of the seller's active channels.
#[utoipa::path(get, path = "/api/insights/channels", tag = "analytics", params(ChannelQuery),
    responses((status = 200, description = "channels, products and list_where_missing")), security(("bearer" = [])))]
async fn channel_insights(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ChannelQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = seller_of(&auth, q.seller_id)?;
    let days = bounded("days", q.days, 90, 1, 730)?;
    let min_units = bounded("min_units", q.min_units, 5, 1, 100_000)?;
    let limit = bounded("limit", q.limit, 20, 1, 100)?;
    let to_day = pofuai_store::analytics::day_of(state.now_ms());
    let from_day = to_day - (days - 1);
    let sales: Vec<ChannelSales> = state
        .store
        .product_channel_sales(owner, from_day, to_day)
        .await?
        .into_iter()
        .map(|s| ChannelSales {
            product_id: s.product_id,
            channel: s.channel,
            units: s.units,
            revenue_minor: s.revenue_minor,
        })
        .collect();
    let (channels, listed) = state.store.seller_listings(owner).await?;
    let listed: HashSet<(i64, String)> = listed.into_iter().collect();
    let (products, missing) = compare_channels(
        &sales,
        &channels,
        &listed,
        min_units,
        usize::try_from(limit).unwrap_or(20),
    );
    let names = names(
        &state,
        owner,
        products
            .iter()
            .map(|p| p.product_id)
            .chain(missing.iter().map(|m| m.product_id)),
    )
    .await?;
    let products: Vec<serde_json::Value> = products
        .into_iter()
        .map(|p| {
            let mut v = json!(p);
            v["name"] = json!(names.get(&p.product_id));
            v
        })
        .collect();
    let missing: Vec<serde_json::Value> = missing
        .into_iter()
        .map(|m| {
            let mut v = json!(m);
            v["name"] = json!(names.get(&m.product_id));
            v
        })
        .collect();
    Ok(Json(json!({
        "days": days,
        "channels": channels,
        "products": products,
        "list_where_missing": missing,
    })))
}
