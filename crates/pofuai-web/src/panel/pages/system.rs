//! Admin: the system at a glance — every seller's integrations with their job queue (queued,
//! running, dead), success rate and open errors; the AI text provider (set, change, remove)
//! and the model metrics per provider, model and feature.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
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
        .route("/admin/system", get(page))
        .route("/admin/system/provider", post(save_provider))
        .route("/admin/system/provider/delete", post(delete_provider))
}

#[derive(Deserialize, Default)]
pub struct SystemQuery {
    ok: Option<String>,
}

pub struct IntegrationRow {
    pub id: i64,
    pub seller: String,
    pub name: String,
    pub active: bool,
    pub queued: i64,
    pub running: i64,
    pub dead: i64,
    pub next_run: String,
    pub success_rate: String,
    pub errors_open: i64,
}

pub struct Totals {
    pub queued: i64,
    pub running: i64,
    pub dead: i64,
    pub runs: i64,
    pub error_rate: String,
    pub errors_open: i64,
}

pub struct MetricRow {
    pub provider: String,
    pub model: String,
    pub feature: String,
    pub outcome: String,
    pub calls: i64,
    pub avg_ms: i64,
    pub max_ms: i64,
    pub tokens: i64,
}

/// What the provider form shows: the stored values, or what the admin typed when refused.
#[derive(Default)]
pub struct ProviderForm {
    pub base_url: String,
    pub model: String,
    pub key_hint: String,
    pub timeout_ms: String,
    pub enabled: bool,
    pub stored: bool,
}

#[derive(Template)]
#[template(path = "panel/system.html")]
struct Page {
    c: Ctx,
    integrations: Vec<IntegrationRow>,
    totals: Totals,
    provider: ProviderForm,
    metrics: Vec<MetricRow>,
    errors: FormErrors,
}

async fn render(
    st: &PanelState,
    sess: &Session,
    flash: Option<&str>,
    typed: Option<ProviderForm>,
    errors: FormErrors,
) -> PanelResult<Response> {
    sess.require(Feature::SystemMetrics)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "system", flash);
    let (list, report, users, provider, metrics) = tokio::join!(
        st.get(sess, "/api/integrations?limit=100"),
        st.get(sess, "/api/integrations/report"),
        st.get_opt(sess, "/api/admin/users?limit=100"),
        st.get_opt(sess, "/api/admin/ai/provider"),
        st.get(sess, "/api/admin/ai/metrics"),
    );
    let (list, report, metrics) = (list?, report?, metrics?);
    let users = users.unwrap_or(Value::Null);
    let email_of = |id: i64| {
        items(&users)
            .into_iter()
            .find(|u| n(u, "id") == id)
            .map(|u| s(&u, "email"))
            .unwrap_or_else(|| format!("#{id}"))
    };
    let mut totals = Totals {
        queued: 0,
        running: 0,
        dead: 0,
        runs: 0,
        error_rate: "—".into(),
        errors_open: 0,
    };
    let mut runs_failed = 0;
    let integrations = items(&list)
        .iter()
        .map(|i| {
            let id = n(i, "id");
            let rep = items(&report)
                .into_iter()
                .find(|r| n(&r["integration"], "integration_id") == id)
                .unwrap_or(Value::Null);
            let (queue, health) = (&rep["queue"], &rep["integration"]);
            totals.queued += n(queue, "queued");
            totals.running += n(queue, "running");
            totals.dead += n(queue, "dead");
            totals.runs += n(health, "runs");
            runs_failed += n(health, "runs") - n(health, "runs_succeeded");
            totals.errors_open += n(health, "errors_unresolved");
            IntegrationRow {
                id,
                seller: email_of(n(i, "owner_id")),
                name: s(i, "display_name"),
                active: i["active"].as_bool().unwrap_or(false),
                queued: n(queue, "queued"),
                running: n(queue, "running"),
                dead: n(queue, "dead"),
                next_run: queue["next_run_at"]
                    .as_i64()
                    .map(|t| fmt::datetime(lang, t))
                    .unwrap_or_else(|| "—".into()),
                success_rate: rep["success_rate"]
                    .as_f64()
                    .map(|r| fmt::percent(lang, r))
                    .unwrap_or_else(|| "—".into()),
                errors_open: n(health, "errors_unresolved"),
            }
        })
        .collect();
    if totals.runs > 0 {
        totals.error_rate = fmt::percent(lang, runs_failed as f64 / totals.runs as f64);
    }
    let provider = typed.unwrap_or_else(|| match &provider {
        Some(p) => ProviderForm {
            base_url: s(p, "base_url"),
            model: s(p, "model"),
            key_hint: s(p, "api_key"),
            timeout_ms: n(p, "timeout_ms").to_string(),
            enabled: p["enabled"].as_bool().unwrap_or(false),
            stored: true,
        },
        None => ProviderForm {
            timeout_ms: "8000".into(),
            enabled: true,
            ..ProviderForm::default()
        },
    });
    let metrics = metrics["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| MetricRow {
                    provider: s(r, "provider"),
                    model: s(r, "model"),
                    feature: s(r, "feature"),
                    outcome: s(r, "outcome"),
                    calls: n(r, "calls"),
                    avg_ms: n(r, "avg_latency_ms"),
                    max_ms: n(r, "max_latency_ms"),
                    tokens: n(r, "prompt_tokens") + n(r, "completion_tokens"),
                })
                .collect()
        })
        .unwrap_or_default();
    let refused = errors.any();
    let mut res = html(Page {
        c,
        integrations,
        totals,
        provider,
        metrics,
        errors,
    });
    if refused {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<SystemQuery>,
) -> PanelResult<Response> {
    render(&st, &sess, q.ok.as_deref(), None, FormErrors::default()).await
}

/// Sets the text provider through the API; its refusals are shown beside the fields.
async fn save_provider(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::SystemMetrics)?;
    let text = |name: &str| field(&form, name).unwrap_or_default().trim().to_string();
    let mut req = json!({
        "base_url": text("base_url"),
        "model": text("model"),
        "enabled": field(&form, "enabled").is_some(),
    });
    let timeout = text("timeout_ms");
    if !timeout.is_empty() {
        match timeout.parse::<i64>() {
            Ok(t) => req["timeout_ms"] = json!(t),
            Err(_) => {
                let mut errors = FormErrors::default();
                errors
                    .fields
                    .insert("timeout_ms".into(), sess.lang.t("system-bad-timeout"));
                return render(&st, &sess, None, Some(typed(&form)), errors).await;
            }
        }
    }
    // An empty key field keeps the stored key.
    let key = field(&form, "api_key").unwrap_or_default();
    if !key.is_empty() {
        req["api_key"] = json!(key);
    }
    match st
        .send(&sess, Method::PUT, "/api/admin/ai/provider", Some(&req))
        .await?
    {
        Ok(_) => Ok(done("/admin/system", "saved")),
        Err(e) => render(&st, &sess, None, Some(typed(&form)), e).await,
    }
}

/// The form as typed, to show again beside its errors (never the key).
fn typed(form: &[(String, String)]) -> ProviderForm {
    let text = |name: &str| field(form, name).unwrap_or_default().to_string();
    ProviderForm {
        base_url: text("base_url"),
        model: text("model"),
        key_hint: String::new(),
        timeout_ms: text("timeout_ms"),
        enabled: field(form, "enabled").is_some(),
        stored: false,
    }
}

async fn delete_provider(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::SystemMetrics)?;
    match st
        .send(&sess, Method::DELETE, "/api/admin/ai/provider", None)
        .await
    {
        // Nothing stored is as good as removed.
        Ok(_)
        | Err(crate::panel::PanelError::Page {
            status: StatusCode::NOT_FOUND,
            ..
        }) => Ok(done("/admin/system", "provider-removed")),
        Err(e) => Err(e),
    }
}
