//! Sales analytics: the period beside the one before, revenue by day, breakdowns, movers,
//! the forecast of the best seller with its 80 % band, the reorder list and customer
//! segments. Everything is read from the analytics API, which reads the rollups and the
//! forecasts the refresher stored.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use chrono::{Duration, NaiveDate};
use pofuai_core::{Feature, Role};
use serde::Deserialize;
use serde_json::Value;

use super::dashboard::today;
use super::{items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, PanelResult, PanelState, chart, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new().route("/analytics", get(page))
}

#[derive(Deserialize, Default)]
pub struct AnalyticsQuery {
    days: Option<i64>,
    ok: Option<String>,
}

pub struct Kpi {
    pub label: String,
    pub value: String,
    pub change: String,
    pub class: &'static str,
}

pub struct GroupRow {
    pub label: String,
    pub revenue: String,
    pub units: String,
    pub change: String,
    pub class: &'static str,
}

pub struct Forecast {
    pub title: String,
    pub model: String,
    pub mase: String,
    pub svg: String,
    pub rows: Vec<(String, String, String, String)>,
}

pub struct Reorder {
    pub product: String,
    pub stock_code: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub on_order: i64,
    pub order_qty: i64,
    pub out_date: String,
    pub alert: bool,
}

#[derive(Template)]
#[template(path = "panel/analytics.html")]
struct Page {
    c: Ctx,
    days: i64,
    kpis: Vec<Kpi>,
    chart: String,
    chart_rows: Vec<(String, String, String)>,
    categories: Vec<GroupRow>,
    products: Vec<GroupRow>,
    forecast: Option<Forecast>,
    reorder: Vec<Reorder>,
    segments: Vec<(String, String)>,
    repeat_rate: Option<String>,
    cohorts: Vec<CohortRow>,
}

/// How many months after the first purchase the cohort table shows.
const COHORT_MONTHS: usize = 6;

/// One month's new buyers and the share of them buying again in each later month.
struct CohortRow {
    month: String,
    customers: String,
    /// Per later month: the share as text and a shade 0–4 for the cell, or none when the
    /// month has not come yet.
    cells: Vec<Option<(String, u8)>>,
}

fn cohort_rows(lang: crate::panel::i18n::Lang, cohorts: &[Value]) -> Vec<CohortRow> {
    cohorts
        .iter()
        .map(|co| {
            let retention = co["retention"].as_array().map_or(&[][..], Vec::as_slice);
            CohortRow {
                month: co["month"]
                    .as_str()
                    .map_or_else(String::new, |m| fmt::iso_month(lang, m)),
                customers: fmt::int(lang, n(co, "customers")),
                cells: (1..=COHORT_MONTHS)
                    .map(|k| {
                        retention.get(k).and_then(Value::as_f64).map(|r| {
                            // Repeat purchase shares are small: 0, <5, <10, <20, ≥20 %.
                            let shade = match r {
                                r if r <= 0.0 => 0,
                                r if r < 0.05 => 1,
                                r if r < 0.10 => 2,
                                r if r < 0.20 => 3,
                                _ => 4,
                            };
                            (fmt::percent(lang, r), shade)
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

fn change(lang: crate::panel::i18n::Lang, v: &Value) -> (String, &'static str) {
    match v.as_f64() {
        Some(r) => (fmt::change(lang, r), if r >= 0.0 { "up" } else { "down" }),
        None => ("—".into(), "flat"),
    }
}

fn groups(lang: crate::panel::i18n::Lang, v: &Value) -> Vec<GroupRow> {
    items(v)
        .iter()
        .map(|r| {
            let (change, class) = change(lang, &r["revenue_change"]);
            GroupRow {
                label: s(r, "label"),
                revenue: fmt::money(lang, n(&r["current"], "revenue_minor"), "TRY"),
                units: fmt::int(lang, n(&r["current"], "units")),
                change,
                class,
            }
        })
        .collect()
}

async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<AnalyticsQuery>,
) -> PanelResult<Response> {
    sess.require(Feature::SalesAnalytics)?;
    let lang = sess.lang;
    let c = Ctx::new(&sess, "analytics", q.ok.as_deref());
    let days = q
        .days
        .filter(|d| [7, 30, 90, 365].contains(d))
        .unwrap_or(30);
    let to = today(&st);
    let from = to - Duration::days(days - 1);
    let period = format!("from={from}&to={to}");
    let summary = st
        .get(&sess, &format!("/api/analytics/summary?{period}"))
        .await?;
    let cur = &summary["current"];
    let ch = &summary["change"];
    let kpi = |label: &str, value: String, key: &str| {
        let (change, class) = change(lang, &ch[key]);
        Kpi {
            label: lang.t(label),
            value,
            change,
            class,
        }
    };
    let kpis = vec![
        kpi(
            "col-revenue",
            fmt::money(lang, n(cur, "revenue_minor"), "TRY"),
            "revenue_minor",
        ),
        kpi("col-orders", fmt::int(lang, n(cur, "orders")), "orders"),
        kpi("col-units", fmt::int(lang, n(cur, "units")), "units"),
        kpi(
            "col-basket",
            fmt::money(lang, n(cur, "average_basket_minor"), "TRY"),
            "average_basket_minor",
        ),
        kpi(
            "col-return-rate",
            fmt::percent(lang, cur["return_rate"].as_f64().unwrap_or(0.0)),
            "return_rate",
        ),
    ];
    let interval = if days > 90 { "week" } else { "day" };
    let sales = st
        .get(
            &sess,
            &format!("/api/analytics/sales?{period}&interval={interval}"),
        )
        .await?;
    let points = sales["points"].as_array().cloned().unwrap_or_default();
    let labels: Vec<String> = points
        .iter()
        .map(|p| fmt::iso_date(lang, &s(p, "period")))
        .collect();
    let values: Vec<f64> = points
        .iter()
        .map(|p| n(p, "revenue_minor") as f64 / 100.0)
        .collect();
    let chart = chart::stacked_bars(&labels, &[(lang.t("col-revenue"), values)]);
    let chart_rows = points
        .iter()
        .zip(&labels)
        .map(|(p, l)| {
            (
                l.clone(),
                fmt::money(lang, n(p, "revenue_minor"), "TRY"),
                fmt::int(lang, n(p, "orders")),
            )
        })
        .collect();
    let categories = st
        .get_opt(
            &sess,
            &format!("/api/analytics/breakdown?by=category&limit=10&{period}"),
        )
        .await
        .map(|v| groups(lang, &v))
        .unwrap_or_default();
    let top = st
        .get_opt(
            &sess,
            &format!("/api/analytics/breakdown?by=product&limit=10&{period}"),
        )
        .await
        .unwrap_or(Value::Null);
    let products = groups(lang, &top);

    // The forecast of the best-selling product, when the refresher has computed it (sellers:
    // their own; admins pick a seller in the API, so the page shows none for them).
    let mut forecast = None;
    if sess.role() != Role::Admin
        && let Some(best) = items(&top).first()
    {
        let key = s(best, "key");
        if let Some(f) = st
            .get_opt(
                &sess,
                &format!("/api/analytics/forecast?level=product&key={key}"),
            )
            .await
        {
            forecast = Some(forecast_view(lang, &s(best, "label"), &f));
        }
    }

    let stock = st
        .get_opt(&sess, "/api/analytics/stock?only=reorder")
        .await
        .unwrap_or(Value::Null);
    let reorder = items(&stock)
        .iter()
        .take(20)
        .map(|r| Reorder {
            product: s(r, "product"),
            stock_code: s(r, "stock_code"),
            on_hand: n(r, "on_hand"),
            reserved: n(r, "reserved"),
            on_order: n(r, "on_order"),
            order_qty: n(&r["advice"], "order_quantity"),
            out_date: r["stock_out_date"]
                .as_str()
                .map_or("—".into(), |d| fmt::iso_date(lang, d)),
            alert: r["advice"]["alert"].as_bool().unwrap_or(false),
        })
        .collect();

    let mut segments = Vec::new();
    let mut repeat_rate = None;
    let mut cohorts = Vec::new();
    if sess.can(Feature::CustomerInsights)
        && let Some(cu) = st.get_opt(&sess, "/api/analytics/customers").await
    {
        for sg in cu["segments"].as_array().map_or(&[][..], Vec::as_slice) {
            segments.push((
                lang.t(&format!("segment-{}", s(sg, "segment"))),
                fmt::int(lang, n(sg, "customers")),
            ));
        }
        repeat_rate = cu["repeat_rate"].as_f64().map(|r| fmt::percent(lang, r));
        cohorts = cohort_rows(
            lang,
            cu["cohorts"].as_array().map_or(&[][..], Vec::as_slice),
        );
    }

    Ok(html(Page {
        days,
        kpis,
        chart,
        chart_rows,
        categories,
        products,
        forecast,
        reorder,
        segments,
        repeat_rate,
        cohorts,
        c,
    }))
}

/// The last 90 days of history and the whole forecast, as a chart and a table.
fn forecast_view(lang: crate::panel::i18n::Lang, title: &str, f: &Value) -> Forecast {
    let floats = |k: &str| -> Vec<f64> {
        f[k].as_array()
            .map(|a| a.iter().map(|x| x.as_f64().unwrap_or(0.0)).collect())
            .unwrap_or_default()
    };
    let history = floats("history");
    let point = floats("forecast");
    let lower = floats("lower");
    let upper = floats("upper");
    let dates: Vec<String> = f["dates"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    let keep = history.len().min(90);
    let hist = &history[history.len() - keep..];
    let start = NaiveDate::parse_from_str(&s(f, "history_start"), "%Y-%m-%d").ok();
    let step_days = if s(f, "step") == "week" { 7 } else { 1 };
    let mut labels: Vec<String> = (0..keep)
        .map(|i| {
            start
                .map(|d| {
                    let idx = (history.len() - keep + i) as i64;
                    fmt::iso_date(lang, &(d + Duration::days(idx * step_days)).to_string())
                })
                .unwrap_or_default()
        })
        .collect();
    labels.extend(dates.iter().map(|d| fmt::iso_date(lang, d)));
    let band: Vec<(f64, f64, f64)> = point
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                *p,
                lower.get(i).copied().unwrap_or(*p),
                upper.get(i).copied().unwrap_or(*p),
            )
        })
        .collect();
    let svg = chart::forecast(hist, &band, &labels);
    let one = |v: f64| match lang {
        crate::panel::i18n::Lang::Tr => format!("{v:.1}").replace('.', ","),
        crate::panel::i18n::Lang::En => format!("{v:.1}"),
    };
    Forecast {
        title: title.to_string(),
        model: s(f, "model"),
        mase: f["backtest"]["mase"].as_f64().map_or("—".into(), one),
        svg,
        rows: dates
            .iter()
            .zip(&band)
            .map(|(d, b)| (fmt::iso_date(lang, d), one(b.0), one(b.1), one(b.2)))
            .collect(),
    }
}
