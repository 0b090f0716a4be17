//! The seller's dashboard: sales by channel over 7 and 30 days with the change from the
//! period before, sync health per integration with "sync now", stock alerts (with what open
//! orders reserve), the latest sync errors with retry, and the template quota.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Istanbul;
use pofuai_core::Feature;
use serde_json::{Value, json};

use super::{Flash, checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, PanelResult, PanelState, chart, field, fmt, html};

/// Today in Istanbul by the application's clock.
pub fn today(st: &PanelState) -> NaiveDate {
    Utc.timestamp_millis_opt(st.app.now_ms())
        .single()
        .map(|t| t.with_timezone(&Istanbul).date_naive())
        .unwrap_or_default()
}

pub struct ChannelRow {
    pub label: String,
    pub revenue: String,
    pub orders: String,
    pub change: String,
    pub change_class: &'static str,
}

pub struct Period {
    pub label: String,
    pub revenue: String,
    pub orders: String,
    pub change: String,
    pub change_class: &'static str,
    pub channels: Vec<ChannelRow>,
}

pub struct Health {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub last_run: String,
    pub last_status: String,
    pub success_rate: String,
    pub failures: String,
    pub queued: i64,
    pub running: i64,
    pub dead: i64,
    pub next_run: String,
}

pub struct StockAlert {
    pub product_id: i64,
    pub product: String,
    pub stock_code: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
    pub out_date: String,
    pub oversold: bool,
}

pub struct ErrorRow {
    pub id: i64,
    pub when: String,
    pub message: String,
}

/// A buyer's question still waiting for an answer, with how long it has waited.
pub struct OpenQuestion {
    pub product: String,
    pub question: String,
    pub age: String,
    pub needs_seller: bool,
}

pub struct Quota {
    pub used: i64,
    pub limit: Option<i64>,
    pub percent: i64,
}

#[derive(Template)]
#[template(path = "panel/dashboard.html")]
struct Page {
    c: Ctx,
    periods: Vec<Period>,
    chart: String,
    chart_rows: Vec<(String, Vec<String>)>,
    chart_series: Vec<String>,
    health: Vec<Health>,
    alerts: Vec<StockAlert>,
    errors: Vec<ErrorRow>,
    quota: Option<Quota>,
    questions: Vec<OpenQuestion>,
    questions_count: i64,
    show_questions: bool,
}

fn change_of(lang: crate::panel::i18n::Lang, v: &Value) -> (String, &'static str) {
    match v.as_f64() {
        Some(r) => (fmt::change(lang, r), if r >= 0.0 { "up" } else { "down" }),
        None => ("—".to_string(), "flat"),
    }
}

pub async fn page(
    State(st): State<PanelState>,
    s_: Session,
    Query(flash): Query<Flash>,
) -> PanelResult<Response> {
    let sess = s_;
    if !sess.can(Feature::SalesAnalytics) {
        // Roles without sales see their first section instead.
        let first = if sess.can(Feature::ProductView) {
            "/products"
        } else {
            "/account"
        };
        return Ok(Redirect::to(first).into_response());
    }
    let lang = sess.lang;
    let c = Ctx::new(&sess, "dashboard", flash.ok.as_deref());
    let to = today(&st);
    // Every tile is an independent read: ask for them all at once.
    let periods_spec = [(1, "period-today"), (7, "period-7"), (30, "period-30")];
    let from = to - Duration::days(29);
    let multi = sess.can(Feature::MultiChannel);
    let (st_, sess_) = (&st, &sess);
    let tile = |uri: &'static str, wanted: bool| async move {
        if wanted {
            st_.get_opt(sess_, uri).await.unwrap_or(Value::Null)
        } else {
            Value::Null
        }
    };
    let lengths: Vec<String> = periods_spec.iter().map(|(d, _)| d.to_string()).collect();
    let overview_uri = format!("/api/analytics/overview?days={}&to={to}", lengths.join(","));
    let (overview, list, report, logs, stock, errors_json, open, perms) = tokio::join!(
        // Every period with its channels, and the chart's days, from one pass over the rollups.
        st_.get(sess_, &overview_uri),
        async {
            if multi {
                st_.get(sess_, "/api/integrations?limit=100")
                    .await
                    .map(Some)
            } else {
                Ok(None)
            }
        },
        tile("/api/integrations/report", multi),
        tile("/api/integrations/sync-logs?limit=50", multi),
        tile("/api/analytics/stock", true),
        tile("/api/integrations/errors?limit=5", multi),
        // Buyers' questions waiting for an answer, oldest first: platforms rank by answer time.
        tile("/api/questions/unanswered?limit=5", multi),
        st_.get_opt(sess_, "/api/ai/permissions"),
    );
    let (overview, list) = (overview?, list?);
    let fetched: Vec<(Value, Value)> = overview["periods"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            (
                p["summary"].clone(),
                json!({ "items": p["channels"].clone() }),
            )
        })
        .collect();
    let sales = json!({ "points": overview["daily"].clone() });
    let mut periods = Vec::new();
    for ((days, key), (summary, breakdown)) in periods_spec.iter().zip(fetched) {
        // Today is not over: against the whole of yesterday it would always look like a fall.
        let complete = *days > 1;
        let change_in = |v: &Value| change_of(lang, if complete { v } else { &Value::Null });
        let (change, change_class) = change_in(&summary["change"]["revenue_minor"]);
        let channels = items(&breakdown)
            .iter()
            .map(|r| {
                let (change, change_class) = change_in(&r["revenue_change"]);
                ChannelRow {
                    label: fmt::channel(&s(r, "label")),
                    revenue: fmt::money(lang, n(&r["current"], "revenue_minor"), "TRY"),
                    orders: fmt::int(lang, n(&r["current"], "orders")),
                    change,
                    change_class,
                }
            })
            .collect();
        periods.push(Period {
            label: lang.t(key),
            revenue: fmt::money(lang, n(&summary["current"], "revenue_minor"), "TRY"),
            orders: fmt::int(lang, n(&summary["current"], "orders")),
            change,
            change_class,
            channels,
        });
    }

    // Revenue per day and channel over 30 days.
    let (chart, chart_rows, chart_series) = sales_chart(lang, &sales, from, to);

    let mut health = Vec::new();
    if let Some(list) = &list {
        for i in items(list) {
            let id = n(&i, "id");
            let rep = items(&report)
                .into_iter()
                .find(|r| n(&r["integration"], "integration_id") == id);
            let last = items(&logs)
                .into_iter()
                .find(|l| n(l, "integration_id") == id);
            health.push(Health {
                id,
                name: s(&i, "display_name"),
                active: i["active"].as_bool().unwrap_or(false),
                last_run: last
                    .as_ref()
                    .map(|l| fmt::datetime(lang, n(l, "started_at")))
                    .unwrap_or_else(|| "—".into()),
                last_status: last
                    .as_ref()
                    .map(|l| lang.t(&status_key(&s(l, "status"))))
                    .unwrap_or_else(|| "—".into()),
                success_rate: rep
                    .as_ref()
                    .and_then(|r| r["success_rate"].as_f64())
                    .map(|r| fmt::percent(lang, r))
                    .unwrap_or_else(|| "—".into()),
                failures: rep
                    .as_ref()
                    .map(|r| fmt::int(lang, n(&r["integration"], "errors")))
                    .unwrap_or_else(|| "0".into()),
                queued: rep.as_ref().map_or(0, |r| n(&r["queue"], "queued")),
                running: rep.as_ref().map_or(0, |r| n(&r["queue"], "running")),
                dead: rep.as_ref().map_or(0, |r| n(&r["queue"], "dead")),
                next_run: rep
                    .as_ref()
                    .and_then(|r| r["queue"]["next_run_at"].as_i64())
                    .map(|t| fmt::datetime(lang, t))
                    .unwrap_or_else(|| "—".into()),
            });
        }
    }

    let mut alerts: Vec<StockAlert> = items(&stock)
        .iter()
        .filter_map(|r| {
            let on_hand = n(r, "on_hand");
            let reserved = n(r, "reserved");
            let available = on_hand - reserved;
            let alert = r["advice"]["alert"].as_bool().unwrap_or(false);
            (alert || available <= 2).then(|| StockAlert {
                product_id: n(r, "product_id"),
                product: s(r, "product"),
                stock_code: s(r, "stock_code"),
                on_hand,
                reserved,
                available,
                out_date: r["stock_out_date"]
                    .as_str()
                    .map(|d| fmt::iso_date(lang, d))
                    .unwrap_or_else(|| "—".into()),
                oversold: reserved > on_hand,
            })
        })
        .collect();
    alerts.sort_by_key(|a| a.available);
    alerts.truncate(12);

    let errors = items(&errors_json)
        .iter()
        .map(|r| ErrorRow {
            id: n(r, "id"),
            when: fmt::datetime(lang, n(r, "created_at")),
            message: s(r, "message"),
        })
        .collect();

    let show_questions = multi;
    let now = st.app.now_ms();
    let questions: Vec<OpenQuestion> = items(&open)
        .iter()
        .map(|q| OpenQuestion {
            product: s(q, "product_name"),
            question: s(q, "question"),
            age: super::questions::age(lang, now - n(q, "asked_at")),
            needs_seller: q["needs_seller"].as_bool().unwrap_or(false),
        })
        .collect();
    let questions_count = n(&open, "count");

    let quota = perms.map(|p| {
        let q = &p["template_quota"];
        let used = n(q, "used");
        let limit = q["limit"].as_i64();
        Quota {
            used,
            limit,
            percent: limit.map_or(0, |l| {
                if l > 0 {
                    (used * 100 / l).min(100)
                } else {
                    100
                }
            }),
        }
    });

    Ok(html(Page {
        c,
        periods,
        chart,
        chart_rows,
        chart_series,
        health,
        alerts,
        errors,
        quota,
        questions,
        questions_count,
        show_questions,
    }))
}

pub fn status_key(status: &str) -> String {
    let known = [
        "running",
        "succeeded",
        "failed",
        "deferred",
        "retrying",
        "abandoned",
    ];
    if known.contains(&status) {
        format!("sync-status-{status}")
    } else {
        "sync-status-other".to_string()
    }
}

/// The chart's SVG, its table rows (day, a value per channel) and the channel names.
type ChartParts = (String, Vec<(String, Vec<String>)>, Vec<String>);

/// The stacked revenue chart and its table from `/api/analytics/sales?group_by=channel`.
fn sales_chart(
    lang: crate::panel::i18n::Lang,
    sales: &Value,
    from: NaiveDate,
    to: NaiveDate,
) -> ChartParts {
    let mut days = Vec::new();
    let mut d = from;
    while d <= to {
        days.push(d);
        d += Duration::days(1);
    }
    let mut channels: Vec<String> = Vec::new();
    let rows = sales["points"].as_array().cloned().unwrap_or_default();
    for r in &rows {
        let ch = s(r, "channel");
        if !ch.is_empty() && !channels.contains(&ch) {
            channels.push(ch);
        }
    }
    channels.sort();
    let mut series: Vec<(String, Vec<f64>)> = channels
        .iter()
        .map(|c| (c.clone(), vec![0.0; days.len()]))
        .collect();
    for r in &rows {
        let Ok(day) = NaiveDate::parse_from_str(&s(r, "period"), "%Y-%m-%d") else {
            continue;
        };
        let Some(x) = days.iter().position(|d| *d == day) else {
            continue;
        };
        if let Some(sr) = series.iter_mut().find(|(c, _)| *c == s(r, "channel")) {
            sr.1[x] += n(r, "revenue_minor") as f64 / 100.0;
        }
    }
    let labels: Vec<String> = days
        .iter()
        .map(|d| fmt::iso_date(lang, &d.to_string()))
        .collect();
    let svg = chart::stacked_bars(&labels, &series);
    let table = labels
        .iter()
        .enumerate()
        .map(|(x, l)| {
            (
                l.clone(),
                series
                    .iter()
                    .map(|(_, v)| fmt::money(lang, (v[x] * 100.0).round() as i64, "TRY"))
                    .collect(),
            )
        })
        .collect();
    (svg, table, channels)
}

/// "Sync now": the integration's product push and order import, queued through the API.
pub async fn sync_now(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    // Back where the button was: the dashboard, the integrations or a product's page.
    let back = match field(&form, "back") {
        Some("/integrations") => "/integrations".to_string(),
        Some(p)
            if p.strip_prefix("/products/")
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    };
    let back = back.as_str();
    let ids: Option<Vec<i64>> = field(&form, "integration_id")
        .and_then(|v| v.parse().ok())
        .map(|id| vec![id]);
    let req = json!({ "integration_ids": ids });
    for path in [
        "/api/integrations/sync/products",
        "/api/integrations/sync/orders",
    ] {
        if let Err(e) = st.send(&sess, Method::POST, path, Some(&req)).await? {
            tracing::info!(?e, path, "sync now refused");
            return Ok(done(back, "sync-refused"));
        }
    }
    Ok(done(back, "sync-queued"))
}
