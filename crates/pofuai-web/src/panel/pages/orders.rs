//! Orders: status tabs and channel filter, detail with lines and each line's stock state,
//! the seller's actions (picking, invoiced, tracking number) and returns with approve.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::{get, post};
use pofuai_core::Feature;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/{id}", get(detail))
        .route("/orders/{id}/status", post(set_status))
        .route("/orders/{id}/tracking", post(tracking))
        .route("/claims/{id}/approve", post(approve_claim))
}

pub const TABS: [&str; 7] = [
    "created",
    "picking",
    "invoiced",
    "shipped",
    "delivered",
    "cancelled",
    "returned",
];

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    integration_id: Option<i64>,
    cursor: Option<String>,
    ok: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub number: String,
    pub customer: String,
    pub total: String,
    pub status: String,
    pub when: String,
    pub lines: usize,
}

pub struct ClaimRow {
    pub id: i64,
    pub order_number: String,
    pub status: String,
    pub when: String,
    pub approvable: bool,
}

#[derive(Template)]
#[template(path = "panel/orders.html")]
struct ListPage {
    c: Ctx,
    /// (link, label, current)
    tabs: Vec<(String, String, bool)>,
    channels: Vec<(String, String, bool)>,
    rows: Vec<Row>,
    claims: Vec<ClaimRow>,
    next: Option<String>,
}

fn status_label(lang: crate::panel::i18n::Lang, status: &str) -> String {
    if TABS.contains(&status) || ["awaiting", "undelivered", "other"].contains(&status) {
        lang.t(&format!("order-status-{status}"))
    } else {
        status.to_string()
    }
}

/// The words for a claim's state (each platform spells its own: `WaitingInAction`,
/// `NewRequest`, `Accepted`, ours `pre_approved`, …); one we do not know is shown as written.
fn claim_status_key(status: &str) -> Option<&'static str> {
    Some(match status.to_ascii_lowercase().as_str() {
        "created" | "newrequest" | "waitinginaction" | "awaitingpreapproval" | "waiting" => {
            "claim-status-waiting"
        }
        "pre_approved" | "preapproved" => "claim-status-pre-approved",
        "accepted" | "approved" => "claim-status-accepted",
        "rejected" | "unresolved" => "claim-status-rejected",
        "cancelled" | "canceled" => "claim-status-cancelled",
        _ => return None,
    })
}

fn claim_status_label(lang: crate::panel::i18n::Lang, status: &str) -> String {
    claim_status_key(status).map_or_else(|| status.to_string(), |k| lang.t(k))
}

async fn list(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<ListQuery>,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let c = Ctx::new(&sess, "orders", q.ok.as_deref());
    let mut uri = "/api/orders?limit=50".to_string();
    if let Some(status) = q.status.as_deref().filter(|x| TABS.contains(x)) {
        uri.push_str(&format!("&status={status}"));
    }
    if let Some(i) = q.integration_id {
        uri.push_str(&format!("&integration_id={i}"));
    }
    if let Some(cur) = &q.cursor {
        let cur: String = form_urlencoded::byte_serialize(cur.as_bytes()).collect();
        uri.push_str(&format!("&cursor={cur}"));
    }
    let orders = st.get(&sess, &uri).await?;
    let integrations = st.get(&sess, "/api/integrations?limit=100").await?;
    let names: Vec<(i64, String)> = items(&integrations)
        .iter()
        .map(|i| (n(i, "id"), s(i, "display_name")))
        .collect();
    let rows = items(&orders)
        .iter()
        .map(|o| Row {
            id: n(o, "id"),
            number: s(o, "remote_order_number"),
            customer: s(o, "customer_name"),
            total: fmt::money(lang, n(o, "total_minor"), &s(o, "currency")),
            status: status_label(lang, &s(o, "status")),
            when: fmt::datetime(lang, n(o, "ordered_at")),
            lines: o["lines"].as_array().map_or(0, Vec::len),
        })
        .collect();
    let claims_json = st
        .get_opt(&sess, "/api/claims?limit=20")
        .await
        .unwrap_or(Value::Null);
    let claims = items(&claims_json)
        .iter()
        .map(|cl| {
            let status = s(cl, "status");
            ClaimRow {
                id: n(cl, "id"),
                order_number: s(cl, "order_number"),
                // Platforms write `Accepted`, we write `accepted`: one answer either way.
                approvable: !matches!(
                    claim_status_key(&status),
                    Some(
                        "claim-status-accepted"
                            | "claim-status-rejected"
                            | "claim-status-cancelled"
                    )
                ),
                status: claim_status_label(lang, &status),
                when: fmt::datetime(lang, n(cl, "created_at")),
            }
        })
        .collect();
    // Tabs keep the channel, channels keep the tab, the next page keeps both.
    let selected = q.status.clone().filter(|x| TABS.contains(&x.as_str()));
    let href = |status: Option<&str>, integration: Option<i64>, cursor: Option<&str>| {
        let mut qs = form_urlencoded::Serializer::new(String::new());
        if let Some(x) = status {
            qs.append_pair("status", x);
        }
        if let Some(i) = integration {
            qs.append_pair("integration_id", &i.to_string());
        }
        if let Some(cur) = cursor {
            qs.append_pair("cursor", cur);
        }
        let qs = qs.finish();
        if qs.is_empty() {
            "/orders".to_string()
        } else {
            format!("/orders?{qs}")
        }
    };
    let mut tabs = vec![(
        href(None, q.integration_id, None),
        lang.t("filter-all"),
        selected.is_none(),
    )];
    tabs.extend(TABS.iter().map(|t| {
        (
            href(Some(t), q.integration_id, None),
            status_label(lang, t),
            selected.as_deref() == Some(*t),
        )
    }));
    let mut channels = vec![];
    if !names.is_empty() {
        channels.push((
            href(selected.as_deref(), None, None),
            lang.t("filter-all"),
            q.integration_id.is_none(),
        ));
    }
    channels.extend(names.into_iter().map(|(id, name)| {
        (
            href(selected.as_deref(), Some(id), None),
            name,
            q.integration_id == Some(id),
        )
    }));
    Ok(html(ListPage {
        tabs,
        channels,
        rows,
        claims,
        next: orders["next_cursor"]
            .as_str()
            .map(|cur| href(selected.as_deref(), q.integration_id, Some(cur))),
        c,
    }))
}

pub struct Line {
    pub barcode: String,
    pub stock_code: String,
    pub quantity: i64,
    pub price: String,
    pub status: String,
    pub stock_state: String,
}

#[derive(Template)]
#[template(path = "panel/order.html")]
struct DetailPage {
    c: Ctx,
    id: i64,
    number: String,
    customer: String,
    total: String,
    status: String,
    platform_status: String,
    when: String,
    tracking: String,
    invoice: String,
    lines: Vec<Line>,
    errors: FormErrors,
}

async fn detail_page(
    st: &PanelState,
    sess: &Session,
    id: i64,
    flash: Option<&str>,
    errors: FormErrors,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "orders", flash);
    let o = st.get(sess, &format!("/api/orders/{id}")).await?;
    let lines = o["lines"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| Line {
            barcode: s(l, "barcode"),
            stock_code: s(l, "stock_code"),
            quantity: n(l, "quantity"),
            price: fmt::money(lang, n(l, "unit_price_minor"), &s(&o, "currency")),
            status: status_label(lang, &s(l, "status")),
            stock_state: lang.t(&format!(
                "stock-state-{}",
                stock_state(&s(l, "stock_state"))
            )),
        })
        .collect();
    let mut res = html(DetailPage {
        id,
        number: s(&o, "remote_order_number"),
        customer: s(&o, "customer_name"),
        total: fmt::money(lang, n(&o, "total_minor"), &s(&o, "currency")),
        status: status_label(lang, &s(&o, "status")),
        platform_status: s(&o, "platform_status"),
        when: fmt::datetime(lang, n(&o, "ordered_at")),
        tracking: s(&o, "cargo_tracking_number"),
        invoice: s(&o, "invoice_number"),
        lines,
        errors: errors.clone(),
        c,
    });
    if errors.any() {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

fn stock_state(s: &str) -> &'static str {
    match s {
        "reserved" => "reserved",
        "deducted" => "deducted",
        "released" => "released",
        _ => "none",
    }
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    ok: Option<String>,
}

async fn detail(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> PanelResult<Response> {
    detail_page(&st, &sess, id, q.ok.as_deref(), FormErrors::default()).await
}

async fn set_status(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let mut req = json!({ "status": field(&form, "status").unwrap_or_default() });
    if let Some(inv) = field(&form, "invoice_number").filter(|v| !v.trim().is_empty()) {
        req["invoice_number"] = json!(inv.trim());
    }
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/orders/{id}/status"),
            Some(&req),
        )
        .await?
    {
        Ok(_) => Ok(done(&format!("/orders/{id}"), "order-queued")),
        Err(e) => detail_page(&st, &sess, id, None, e).await,
    }
}

async fn tracking(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let req = json!({ "tracking_number": field(&form, "tracking_number").unwrap_or_default() });
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/orders/{id}/tracking"),
            Some(&req),
        )
        .await?
    {
        Ok(_) => Ok(done(&format!("/orders/{id}"), "order-queued")),
        Err(e) => detail_page(&st, &sess, id, None, e).await,
    }
}

async fn approve_claim(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/claims/{id}/approve"),
            None,
        )
        .await?
    {
        Ok(_) => Ok(done("/orders", "claim-queued")),
        Err(_) => Ok(done("/orders", "claim-refused")),
    }
}
