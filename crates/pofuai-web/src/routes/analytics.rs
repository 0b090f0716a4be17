//! Sales analytics, forecasts, predictive stock and customer insights under `/api/analytics`.
//! Sellers see their own figures; admins see everyone's, or one seller's with `seller_id`.
//! Figures come from the daily rollups the order import keeps; forecasts and customer
//! insights from what the refresher computed.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Days, NaiveDate};
use pofuai_core::{Feature, Role};
use pofuai_insight::stock::Policy;
use pofuai_store::analytics::{
    Breakdown, BreakdownOrder, DayRange, DayRow, Dimension, GroupRow, ItemFilter, day_of,
};
use pofuai_store::insight::StockPolicyRow;
use pofuai_store::products::Scope;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::insight::{StockRow, date_of_day, day_of_date};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(summary))
        .routes(routes!(overview))
        .routes(routes!(sales))
        .routes(routes!(breakdown))
        .routes(routes!(movers))
        .routes(routes!(list_forecasts))
        .routes(routes!(get_forecast))
        .routes(routes!(refresh))
        .routes(routes!(stock))
        .routes(routes!(get_policies, put_policy))
        .routes(routes!(put_supplier))
        .routes(routes!(list_purchase_orders, create_purchase_order))
        .routes(routes!(close_purchase_order))
        .routes(routes!(customers))
}

/// Longest period one request may cover.
const MAX_DAYS: i64 = 3 * 366;

/// Whose figures: sellers their own (another seller's id does not exist for them), admins
/// everyone's or one seller's.
fn scope_for(auth: &Auth, seller_id: Option<i64>) -> ApiResult<Scope> {
    match (auth.role(), seller_id) {
        (Role::Admin, None) => Ok(Scope::All),
        (Role::Admin, Some(id)) => Ok(Scope::Owner(id)),
        (_, None) => Ok(Scope::Owner(auth.user.id)),
        (_, Some(id)) if id == auth.user.id => Ok(Scope::Owner(id)),
        _ => Err(ApiError::NotFound),
    }
}

/// One seller: the caller, or for admins the `seller_id` they name.
fn one_seller(auth: &Auth, seller_id: Option<i64>) -> ApiResult<i64> {
    match scope_for(auth, seller_id)? {
        Scope::Owner(id) => Ok(id),
        Scope::All => Err(ApiError::field("seller_id", "is required for admins here")),
    }
}

/// [`one_seller`] for writes: an admin's `seller_id` must name an account, or the write
/// would refer to nobody.
async fn existing_seller(state: &AppState, auth: &Auth, seller_id: Option<i64>) -> ApiResult<i64> {
    let owner = one_seller(auth, seller_id)?;
    if owner != auth.user.id {
        state.store.user(owner).await?;
    }
    Ok(owner)
}

fn parse_date(field: &str, value: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| ApiError::field(field, "must be a date like 2025-01-31"))
        })
        .transpose()
}

/// The period asked for (default: the 30 days up to today, Istanbul) and the one before it.
fn periods(
    state: &AppState,
    from: Option<&str>,
    to: Option<&str>,
) -> ApiResult<(DayRange, DayRange)> {
    let today = day_of(state.now_ms());
    let to = parse_date("to", to)?.map_or(today, day_of_date);
    let from = parse_date("from", from)?.map_or(to - 29, day_of_date);
    if from > to {
        return Err(ApiError::field("from", "must not be after to"));
    }
    if to - from >= MAX_DAYS {
        return Err(ApiError::field(
            "from",
            format!("the period may span at most {MAX_DAYS} days"),
        ));
    }
    let len = to - from + 1;
    Ok((
        DayRange { from, to },
        DayRange {
            from: from - len,
            to: from - 1,
        },
    ))
}

fn choice<'a>(
    field: &str,
    value: Option<&'a str>,
    allowed: &[&'a str],
    default: &'a str,
) -> ApiResult<&'a str> {
    ApiError::check_one_of(field, value, allowed)?;
    Ok(value.unwrap_or(default))
}

fn limit_of(limit: Option<i64>, default: i64) -> ApiResult<i64> {
    let l = limit.unwrap_or(default);
    if (1..=100).contains(&l) {
        Ok(l)
    } else {
        Err(ApiError::field("limit", "must be between 1 and 100"))
    }
}

fn totals(rows: &[DayRow]) -> Value {
    let (orders, units, revenue, returned) = rows.iter().fold((0, 0, 0, 0), |a, r| {
        (
            a.0 + r.orders,
            a.1 + r.units,
            a.2 + r.revenue_minor,
            a.3 + r.returned_units,
        )
    });
    json!({
        "revenue_minor": revenue,
        "units": units,
        "orders": orders,
        "average_basket_minor": if orders > 0 { revenue / orders } else { 0 },
        "return_rate": if units > 0 { returned as f64 / units as f64 } else { 0.0 },
    })
}

fn change(current: &Value, previous: &Value, key: &str) -> Value {
    let (c, p) = (
        current[key].as_f64().unwrap_or(0.0),
        previous[key].as_f64().unwrap_or(0.0),
    );
    if p == 0.0 {
        Value::Null
    } else {
        json!((c - p) / p)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    /// First day (YYYY-MM-DD, Istanbul); default 29 days before `to`.
    from: Option<String>,
    /// Last day; default today.
    to: Option<String>,
    /// Admins: one seller's figures.
    seller_id: Option<i64>,
    /// `trendyol`, `hepsiburada`, …
    channel: Option<String>,
}

/// Revenue, units, orders, average basket and return rate of a period beside the period
/// before it.
#[utoipa::path(get, path = "/api/analytics/summary", tag = "analytics", params(PeriodQuery),
    responses((status = 200, description = "current, previous and change")), security(("bearer" = [])))]
async fn summary(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let (cur, prev) = periods(&state, q.from.as_deref(), q.to.as_deref())?;
    let both = DayRange {
        from: prev.from,
        to: cur.to,
    };
    let rows = state
        .store
        .sales_days(scope, both, q.channel.as_deref())
        .await?;
    let (c, p): (Vec<DayRow>, Vec<DayRow>) = rows.into_iter().partition(|r| r.day >= cur.from);
    let (current, previous) = (totals(&c), totals(&p));
    let change: BTreeMap<&str, Value> = [
        "revenue_minor",
        "units",
        "orders",
        "average_basket_minor",
        "return_rate",
    ]
    .into_iter()
    .map(|k| (k, change(&current, &previous, k)))
    .collect();
    Ok(Json(json!({
        "from": date_of_day(cur.from), "to": date_of_day(cur.to),
        "previous_from": date_of_day(prev.from), "previous_to": date_of_day(prev.to),
        "current": current, "previous": previous, "change": change,
    })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    /// Lengths of the periods in days, each ending on `to`, comma-separated: `1,7,30`
    /// (default); at most 5, each 1 to 366.
    days: Option<String>,
    /// Last day (YYYY-MM-DD, Istanbul); default today.
    to: Option<String>,
    /// Admins: one seller's figures.
    seller_id: Option<i64>,
}

/// A breakdown row of one channel from rows of both periods.
fn channel_group(channel: &str, current: &[&DayRow], previous: &[&DayRow]) -> GroupRow {
    let sum = |rows: &[&DayRow], f: fn(&DayRow) -> i64| rows.iter().map(|r| f(r)).sum::<i64>();
    GroupRow {
        key: channel.to_string(),
        label: channel.to_string(),
        units: sum(current, |r| r.units),
        revenue_minor: sum(current, |r| r.revenue_minor),
        lines: sum(current, |r| r.orders),
        returned_units: sum(current, |r| r.returned_units),
        previous_units: sum(previous, |r| r.units),
        previous_revenue_minor: sum(previous, |r| r.revenue_minor),
    }
}

/// Several periods ending on one day, each as `/summary` and `/breakdown?by=channel` give it,
/// and revenue per day and channel over the longest (as `/sales?group_by=channel`): what a
/// dashboard shows, read in one pass over each rollup instead of a request per figure.
#[utoipa::path(get, path = "/api/analytics/overview", tag = "analytics", params(OverviewQuery),
    responses((status = 200, description = "periods and daily points")), security(("bearer" = [])))]
async fn overview(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OverviewQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let lengths: Vec<i64> = match q.days.as_deref() {
        None => vec![1, 7, 30],
        Some(list) => list
            .split(',')
            .map(|d| {
                d.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=366).contains(d))
            })
            .collect::<Option<Vec<_>>>()
            .filter(|l| (1..=5).contains(&l.len()))
            .ok_or_else(|| {
                ApiError::field(
                    "days",
                    "must be 1 to 5 whole numbers from 1 to 366, comma-separated",
                )
            })?,
    };
    let to = parse_date("to", q.to.as_deref())?.map_or(day_of(state.now_ms()), day_of_date);
    let longest = lengths.iter().copied().max().unwrap_or(1);
    let range = DayRange {
        from: to - 2 * longest + 1,
        to,
    };
    let (orders, items) = tokio::try_join!(
        state.store.sales_days(scope, range, None),
        state.store.sales_channel_days(scope, range),
    )?;
    let periods: Vec<Value> = lengths
        .iter()
        .map(|&len| {
            let cur = DayRange {
                from: to - len + 1,
                to,
            };
            let prev = DayRange {
                from: cur.from - len,
                to: cur.from - 1,
            };
            let within = |r: &DayRange, d: i64| d >= r.from && d <= r.to;
            let pick = |rows: &[DayRow], r: &DayRange| -> Vec<DayRow> {
                rows.iter().filter(|x| within(r, x.day)).cloned().collect()
            };
            let (current, previous) = (totals(&pick(&orders, &cur)), totals(&pick(&orders, &prev)));
            let change: BTreeMap<&str, Value> = [
                "revenue_minor",
                "units",
                "orders",
                "average_basket_minor",
                "return_rate",
            ]
            .into_iter()
            .map(|k| (k, change(&current, &previous, k)))
            .collect();
            let mut channels: Vec<&str> = items
                .iter()
                .filter(|x| within(&cur, x.day) || within(&prev, x.day))
                .map(|x| x.channel.as_str())
                .collect();
            channels.sort_unstable();
            channels.dedup();
            let mut groups: Vec<GroupRow> = channels
                .into_iter()
                .map(|ch| {
                    let of = |r: &DayRange| -> Vec<&DayRow> {
                        items
                            .iter()
                            .filter(|x| x.channel == ch && within(r, x.day))
                            .collect()
                    };
                    channel_group(ch, &of(&cur), &of(&prev))
                })
                .collect();
            // As the breakdown orders: by revenue, then by key.
            groups.sort_by(|a, b| {
                b.revenue_minor
                    .cmp(&a.revenue_minor)
                    .then_with(|| a.key.cmp(&b.key))
            });
            json!({
                "days": len,
                "summary": {
                    "from": date_of_day(cur.from), "to": date_of_day(cur.to),
                    "previous_from": date_of_day(prev.from), "previous_to": date_of_day(prev.to),
                    "current": current, "previous": previous, "change": change,
                },
                "channels": groups.iter().map(group_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let first = to - longest + 1;
    let daily: Vec<Value> = orders
        .iter()
        .filter(|r| r.day >= first)
        .map(|r| {
            let mut v = totals(std::slice::from_ref(r));
            v["period"] = json!(date_of_day(r.day));
            v["channel"] = json!(r.channel);
            v
        })
        .collect();
    Ok(Json(json!({
        "to": date_of_day(to), "periods": periods, "daily": daily,
    })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SalesQuery {
    from: Option<String>,
    to: Option<String>,
    seller_id: Option<i64>,
    channel: Option<String>,
    /// `day` (default), `week` or `month`.
    interval: Option<String>,
    /// `channel` splits each period by channel.
    group_by: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    product_id: Option<i64>,
}

/// The first day of the week (Monday) or month holding a day.
fn bucket(day: i64, interval: &str) -> NaiveDate {
    let d = date_of_day(day);
    match interval {
        "week" => d - Days::new(u64::from(d.weekday().num_days_from_monday())),
        "month" => NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d),
        _ => d,
    }
}

/// Sales over time by day, week or month; by channel, or for one category, brand or product.
#[utoipa::path(get, path = "/api/analytics/sales", tag = "analytics", params(SalesQuery),
    responses((status = 200, description = "points")), security(("bearer" = [])))]
async fn sales(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SalesQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let interval = choice(
        "interval",
        q.interval.as_deref(),
        &["day", "week", "month"],
        "day",
    )?;
    let group = choice(
        "group_by",
        q.group_by.as_deref(),
        &["none", "channel"],
        "none",
    )?;
    let (cur, _) = periods(&state, q.from.as_deref(), q.to.as_deref())?;
    let filter = ItemFilter {
        channel: q.channel.clone(),
        category: q.category.clone(),
        brand: q.brand.clone(),
        product_id: q.product_id,
    };
    let rows = if filter.is_empty() {
        state
            .store
            .sales_days(scope, cur, q.channel.as_deref())
            .await?
    } else {
        // Summed by month anyway: whole months may come as one row each.
        state
            .store
            .sales_item_days(scope, cur, &filter, interval == "month")
            .await?
    };
    let mut buckets: BTreeMap<(NaiveDate, String), Vec<DayRow>> = BTreeMap::new();
    for r in rows {
        let channel = if group == "channel" {
            r.channel.clone()
        } else {
            String::new()
        };
        buckets
            .entry((bucket(r.day, interval), channel))
            .or_default()
            .push(r);
    }
    let points: Vec<Value> = buckets
        .into_iter()
        .map(|((period, channel), rows)| {
            let mut v = totals(&rows);
            v["period"] = json!(period);
            if group == "channel" {
                v["channel"] = json!(channel);
            }
            v
        })
        .collect();
    Ok(Json(json!({
        "from": date_of_day(cur.from), "to": date_of_day(cur.to),
        "interval": interval, "points": points,
    })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BreakdownQuery {
    /// `channel`, `category`, `brand`, `product` or `variant`.
    by: Option<String>,
    from: Option<String>,
    to: Option<String>,
    seller_id: Option<i64>,
    channel: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    limit: Option<i64>,
}

fn dimension(by: &str) -> Dimension {
    match by {
        "channel" => Dimension::Channel,
        "category" => Dimension::Category,
        "brand" => Dimension::Brand,
        "variant" => Dimension::Variant,
        _ => Dimension::Product,
    }
}

fn group_json(r: &GroupRow) -> Value {
    json!({
        "key": r.key, "label": r.label,
        "current": {"revenue_minor": r.revenue_minor, "units": r.units, "orders": r.lines,
            "return_rate": if r.units > 0 { r.returned_units as f64 / r.units as f64 } else { 0.0 }},
        "previous": {"revenue_minor": r.previous_revenue_minor, "units": r.previous_units},
        "revenue_change": if r.previous_revenue_minor > 0 {
            json!((r.revenue_minor - r.previous_revenue_minor) as f64 / r.previous_revenue_minor as f64)
        } else { Value::Null },
    })
}

/// Revenue, units and orders grouped by channel, category, brand, product or variant, each
/// beside the previous period. A group's `orders` counts the order lines holding its items,
/// since one order can touch several groups; the summary counts whole orders.
#[utoipa::path(get, path = "/api/analytics/breakdown", tag = "analytics", params(BreakdownQuery),
    responses((status = 200, description = "items")), security(("bearer" = [])))]
async fn breakdown(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<BreakdownQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let by = choice(
        "by",
        q.by.as_deref(),
        &["channel", "category", "brand", "product", "variant"],
        "product",
    )?;
    let limit = limit_of(q.limit, 20)?;
    let (cur, prev) = periods(&state, q.from.as_deref(), q.to.as_deref())?;
    let filter = ItemFilter {
        channel: q.channel,
        category: q.category,
        brand: q.brand,
        product_id: None,
    };
    let query = Breakdown {
        by: dimension(by),
        current: cur,
        previous: prev,
        filter: &filter,
        order: BreakdownOrder::Revenue,
        limit,
    };
    let rows = state.store.sales_breakdown(scope, &query).await?;
    Ok(Json(json!({
        "by": by, "from": date_of_day(cur.from), "to": date_of_day(cur.to),
        "items": rows.iter().map(group_json).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MoversQuery {
    from: Option<String>,
    to: Option<String>,
    seller_id: Option<i64>,
    channel: Option<String>,
    limit: Option<i64>,
}

/// The products whose revenue grew most and fell most against the previous period.
#[utoipa::path(get, path = "/api/analytics/movers", tag = "analytics", params(MoversQuery),
    responses((status = 200, description = "top and bottom")), security(("bearer" = [])))]
async fn movers(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<MoversQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let limit = limit_of(q.limit, 5)?;
    let (cur, prev) = periods(&state, q.from.as_deref(), q.to.as_deref())?;
    let filter = ItemFilter {
        channel: q.channel,
        ..ItemFilter::default()
    };
    let query = Breakdown {
        by: Dimension::Product,
        current: cur,
        previous: prev,
        filter: &filter,
        order: BreakdownOrder::Growth,
        limit,
    };
    let (top, bottom) = state.store.sales_movers(scope, &query).await?;
    let top: Vec<Value> = top.iter().map(group_json).collect();
    let bottom: Vec<Value> = bottom.iter().map(group_json).collect();
    Ok(Json(json!({
        "from": date_of_day(cur.from), "to": date_of_day(cur.to), "top": top, "bottom": bottom,
    })))
}

const LEVELS: [&str; 5] = [
    "variant",
    "product",
    "category",
    "product_week",
    "category_week",
];

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ForecastListQuery {
    /// `variant`, `product`, `category` (daily), `product_week` or `category_week`.
    level: Option<String>,
    seller_id: Option<i64>,
    limit: Option<i64>,
}

/// Stored forecasts of one level: each with its model and backtest error.
#[utoipa::path(get, path = "/api/analytics/forecasts", tag = "analytics", params(ForecastListQuery),
    responses((status = 200, description = "items")), security(("bearer" = [])))]
async fn list_forecasts(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ForecastListQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let scope = scope_for(&auth, q.seller_id)?;
    let level = choice("level", q.level.as_deref(), &LEVELS, "product")?;
    let limit = limit_of(q.limit, 50)?;
    let rows = state.store.list_forecasts(scope, level, limit).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({"seller_id": r.owner_id, "key": r.item_key, "model": r.model,
            "detail": r.detail, "backtest_mase": r.mase, "computed_at": r.computed_at})
        })
        .collect();
    Ok(Json(json!({"level": level, "items": items})))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ForecastQuery {
    level: Option<String>,
    /// Variant or product id, or category name.
    key: String,
    seller_id: Option<i64>,
}

/// One forecast: the history, the forecast with its 80 % interval, the model chosen and its
/// backtest error, and the calendar effects it applied.
#[utoipa::path(get, path = "/api/analytics/forecast", tag = "analytics", params(ForecastQuery),
    responses((status = 200, description = "the forecast"), (status = 404, description = "not computed or not yours")),
    security(("bearer" = [])))]
async fn get_forecast(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = one_seller(&auth, q.seller_id)?;
    let level = choice("level", q.level.as_deref(), &LEVELS, "product")?;
    let row = state
        .store
        .stored_forecast(scope_for(&auth, q.seller_id)?, owner, level, &q.key)
        .await?;
    let mut body: Value = serde_json::from_str(&row.body).map_err(ApiError::internal)?;
    body["model"] = json!(row.model);
    body["detail"] = json!(row.detail);
    body["key"] = json!(row.item_key);
    body["computed_at"] = json!(row.computed_at);
    Ok(Json(body))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// Admins: whose forecasts.
    seller_id: Option<i64>,
}

/// Queues a recomputation of the caller's (or a seller's) forecasts and customer insights.
#[utoipa::path(post, path = "/api/analytics/forecasts/refresh", tag = "analytics",
    request_body = RefreshRequest, responses((status = 202, description = "queued")), security(("bearer" = [])))]
async fn refresh(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = existing_seller(&state, &auth, req.seller_id).await?;
    state.store.request_insight_run(owner).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({"queued": true}))))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StockQuery {
    seller_id: Option<i64>,
    /// `all` (default), `reorder` (something to order) or `alerts` (runs out within the lead
    /// time).
    only: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// The reorder list: per variant, days of cover, the expected stock-out date, reorder point
/// and the quantity to order now, from the daily forecast over lead time plus review period,
/// safety stock at the service level, stock on hand, reservations and open purchase orders.
#[utoipa::path(get, path = "/api/analytics/stock", tag = "analytics", params(StockQuery),
    responses((status = 200, description = "items (JSON) or the reorder list (CSV)")), security(("bearer" = [])))]
async fn stock(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<StockQuery>,
) -> ApiResult<Response> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = one_seller(&auth, q.seller_id)?;
    let only = choice(
        "only",
        q.only.as_deref(),
        &["all", "reorder", "alerts"],
        "all",
    )?;
    let format = choice("format", q.format.as_deref(), &["json", "csv"], "json")?;
    let today = date_of_day(day_of(state.now_ms()));
    let rows: Vec<_> = crate::insight::stock_rows(&state.store, owner, today)
        .await?
        .into_iter()
        .filter(|r| match only {
            "reorder" => r.advice.order_quantity > 0,
            "alerts" => r.advice.alert,
            _ => true,
        })
        .collect();
    if format == "csv" {
        let mut out = String::from(
            "variant_id,barcode,stock_code,product,supplier,on_hand,reserved,on_order,days_of_cover,stock_out_date,reorder_point,order_up_to,order_quantity,alert\n",
        );
        for StockRow {
            item,
            advice: a,
            stock_out: out_date,
            ..
        } in &rows
        {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{:.1},{:.1},{},{}\n",
                item.variant_id,
                csv_cell(&item.barcode),
                csv_cell(&item.stock_code),
                csv_cell(&item.product_name),
                csv_cell(item.supplier.as_deref().unwrap_or("")),
                item.stock_on_hand,
                item.stock_reserved,
                item.on_order,
                a.days_of_cover.map_or(String::new(), |d| format!("{d:.1}")),
                out_date.map_or(String::new(), |d| d.to_string()),
                a.reorder_point,
                a.order_up_to,
                a.order_quantity,
                a.alert
            ));
        }
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"siparis-listesi.csv\"",
                ),
            ],
            out,
        )
            .into_response());
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let (item, policy, a, out_date) = (&r.item, &r.policy, &r.advice, &r.stock_out);
            json!({
                "variant_id": item.variant_id, "product_id": item.product_id,
                "product": item.product_name, "barcode": item.barcode, "stock_code": item.stock_code,
                "supplier": item.supplier, "on_hand": item.stock_on_hand, "reserved": item.stock_reserved,
                "on_order": item.on_order, "policy": policy, "advice": a, "stock_out_date": out_date,
                "forecast_ready": r.forecast_ready,
            })
        })
        .collect();
    Ok(Json(json!({"items": items})).into_response())
}

/// A CSV cell: quoted when it holds a separator, quote or line break; a leading formula
/// character is defused so spreadsheets do not run it.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SellerQuery {
    seller_id: Option<i64>,
}

/// The replenishment policies: the seller's default, per supplier and per product.
#[utoipa::path(get, path = "/api/analytics/stock/policies", tag = "analytics", params(SellerQuery),
    responses((status = 200, description = "items")), security(("bearer" = [])))]
async fn get_policies(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SellerQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = one_seller(&auth, q.seller_id)?;
    let rows = state.store.stock_policies(owner).await?;
    Ok(Json(json!({"items": rows, "default": Policy::default()})))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyRequest {
    seller_id: Option<i64>,
    /// `default`, `supplier` or `product`.
    scope: String,
    /// The supplier's name or the product id; empty for `default`.
    #[serde(default)]
    key: String,
    lead_time_days: i64,
    review_period_days: i64,
    /// Between 0.5 and 0.999.
    service_level: f64,
    #[serde(default = "one")]
    min_order: i64,
    #[serde(default = "one")]
    pack_size: i64,
}

fn one() -> i64 {
    1
}

/// Sets the lead time, review period, service level, minimum order and pack size for a
/// product, a supplier or as the seller's default.
#[utoipa::path(put, path = "/api/analytics/stock/policies", tag = "analytics", request_body = PolicyRequest,
    responses((status = 200, description = "saved")), security(("bearer" = [])))]
async fn put_policy(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<PolicyRequest>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let owner = existing_seller(&state, &auth, req.seller_id).await?;
    let mut problems = Vec::new();
    let mut check = |ok: bool, field: &str, message: &str| {
        if !ok {
            problems.push(pofuai_core::FieldError::new(field, message));
        }
    };
    check(
        ["default", "supplier", "product"].contains(&req.scope.as_str()),
        "scope",
        "must be default, supplier or product",
    );
    check(
        (0..=365).contains(&req.lead_time_days),
        "lead_time_days",
        "must be between 0 and 365",
    );
    check(
        (1..=365).contains(&req.review_period_days),
        "review_period_days",
        "must be between 1 and 365",
    );
    check(
        (0.5..=0.999).contains(&req.service_level),
        "service_level",
        "must be between 0.5 and 0.999",
    );
    check(
        (1..=1_000_000).contains(&req.min_order),
        "min_order",
        "must be between 1 and 1000000",
    );
    check(
        (1..=100_000).contains(&req.pack_size),
        "pack_size",
        "must be between 1 and 100000",
    );
    check(
        req.key.chars().count() <= 100,
        "key",
        "must be at most 100 characters",
    );
    match req.scope.as_str() {
        "default" => check(req.key.is_empty(), "key", "must be empty for the default"),
        "supplier" => check(!req.key.trim().is_empty(), "key", "must name the supplier"),
        "product" => check(
            req.key.parse::<i64>().is_ok(),
            "key",
            "must be a product id",
        ),
        _ => {}
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    if req.scope == "product" {
        // The product must be the seller's: 404 otherwise.
        let id: i64 = req.key.parse().unwrap_or(0);
        let p = state.store.product(id, Scope::Owner(owner)).await?;
        debug_assert_eq!(p.owner_id, owner);
    }
    let row = StockPolicyRow {
        scope: req.scope,
        scope_key: req.key.trim().to_string(),
        lead_time_days: req.lead_time_days,
        review_period_days: req.review_period_days,
        service_level: req.service_level,
        min_order: req.min_order,
        pack_size: req.pack_size,
        updated_at: state.now_ms(),
    };
    state
        .store
        .set_stock_policy(owner, &row, state.now_ms())
        .await?;
    Ok(Json(json!(row)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierRequest {
    /// The supplier's name; null clears it.
    supplier: Option<String>,
}

/// Names the supplier a product is bought from (its policy then applies).
#[utoipa::path(put, path = "/api/analytics/stock/suppliers/{product_id}", tag = "analytics",
    params(("product_id" = i64, Path)), request_body = SupplierRequest,
    responses((status = 200, description = "saved")), security(("bearer" = [])))]
async fn put_supplier(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(product_id): ApiPath<i64>,
    ApiJson(req): ApiJson<SupplierRequest>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let supplier = req.supplier.as_deref().map(str::trim);
    if supplier.is_some_and(|s| s.is_empty() || s.chars().count() > 100) {
        return Err(ApiError::field(
            "supplier",
            "must be 1 to 100 characters, or null",
        ));
    }
    state
        .store
        .set_product_supplier(auth.manage_scope(), product_id, supplier)
        .await?;
    Ok(Json(
        json!({"product_id": product_id, "supplier": supplier}),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PurchaseOrderQuery {
    /// `open`, `received` or `cancelled`.
    status: Option<String>,
    limit: Option<i64>,
}

/// Purchase orders placed with suppliers; open ones count as stock on order.
#[utoipa::path(get, path = "/api/analytics/purchase-orders", tag = "analytics", params(PurchaseOrderQuery),
    responses((status = 200, description = "items")), security(("bearer" = [])))]
async fn list_purchase_orders(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PurchaseOrderQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    if let Some(s) = &q.status {
        choice(
            "status",
            Some(s),
            &["open", "received", "cancelled"],
            "open",
        )?;
    }
    let limit = limit_of(q.limit, 50)?;
    let rows = state
        .store
        .list_purchase_orders(auth.manage_scope(), q.status.as_deref(), limit)
        .await?;
    Ok(Json(json!({"items": rows})))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchaseOrderRequest {
    variant_id: i64,
    quantity: i64,
    supplier: Option<String>,
    /// Expected arrival (YYYY-MM-DD).
    expected_at: Option<String>,
}

/// Records an order placed with a supplier: its quantity is "on order" until received.
#[utoipa::path(post, path = "/api/analytics/purchase-orders", tag = "analytics", request_body = PurchaseOrderRequest,
    responses((status = 201, description = "created")), security(("bearer" = [])))]
async fn create_purchase_order(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<PurchaseOrderRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require(Feature::SalesAnalytics)?;
    if !(1..=1_000_000).contains(&req.quantity) {
        return Err(ApiError::field("quantity", "must be between 1 and 1000000"));
    }
    if req
        .supplier
        .as_deref()
        .is_some_and(|s| s.trim().is_empty() || s.chars().count() > 100)
    {
        return Err(ApiError::field("supplier", "must be 1 to 100 characters"));
    }
    let expected = parse_date("expected_at", req.expected_at.as_deref())?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp_millis());
    let po = state
        .store
        .create_purchase_order(
            auth.manage_scope(),
            req.variant_id,
            req.quantity,
            req.supplier.as_deref().map(str::trim),
            expected,
            state.now_ms(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(po))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosePurchaseOrder {
    /// `received` (adds the quantity to stock on hand) or `cancelled`.
    status: String,
}

/// Closes a purchase order as received or cancelled.
#[utoipa::path(post, path = "/api/analytics/purchase-orders/{id}/close", tag = "analytics",
    params(("id" = i64, Path)), request_body = ClosePurchaseOrder,
    responses((status = 200, description = "closed")), security(("bearer" = [])))]
async fn close_purchase_order(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ClosePurchaseOrder>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::SalesAnalytics)?;
    let status = choice(
        "status",
        Some(&req.status),
        &["received", "cancelled"],
        "received",
    )?;
    let po = state
        .store
        .close_purchase_order(auth.manage_scope(), id, status, state.now_ms())
        .await?;
    if status == "received" {
        // More stock on hand: the channels hear of it.
        state.engine.enqueue_stock_push(po.owner_id).await?;
    }
    Ok(Json(json!(po)))
}

/// Customer insights: RFM segments (Turkish names), cohort retention, repeat rate and
/// lifetime value, each with its error on held-back months, as last computed. Buyers are
/// hashed per seller and channel.
#[utoipa::path(get, path = "/api/analytics/customers", tag = "analytics", params(SellerQuery),
    responses((status = 200, description = "the insights")), security(("bearer" = [])))]
async fn customers(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SellerQuery>,
) -> ApiResult<Json<Value>> {
    auth.require(Feature::CustomerInsights)?;
    let owner = one_seller(&auth, q.seller_id)?;
    let Some((snapshot, at)) = state.store.customer_insights(owner).await? else {
        return Ok(Json(json!({"computed_at": null, "customers": 0})));
    };
    let mut body: Value = serde_json::from_str(&snapshot).map_err(ApiError::internal)?;
    body["computed_at"] = json!(at);
    Ok(Json(body))
}
