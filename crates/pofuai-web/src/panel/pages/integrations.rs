//! Integrations: the seller's connections with test, activate, deactivate and "sync now";
//! the health report; sync logs; errors with retry and resolve; the 55-system catalogue with
//! honest level badges and search; a connect form built from a system's credential fields.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::{get, post};
use pofuai_core::Feature;
use pofuai_core::catalogue::SYSTEMS;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/integrations", get(page))
        .route(
            "/integrations/connect/{name}",
            get(connect_page).post(connect),
        )
        .route("/integrations/{id}/{action}", post(act))
        .route("/integrations/errors/{id}/retry", post(retry_error))
        .route("/integrations/errors/{id}/resolve", post(resolve_error))
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    q: Option<String>,
    ok: Option<String>,
}

pub struct Mine {
    pub id: i64,
    pub name: String,
    pub system: String,
    pub active: bool,
    pub level: String,
    pub runs: String,
    pub success: String,
    pub p50: String,
    pub p95: String,
    pub errors: i64,
}

pub struct LogRow {
    pub when: String,
    /// The job kind as the API names it (`push_stock`), and as the seller reads it.
    pub kind_code: String,
    pub kind: String,
    pub status: String,
    pub counts: String,
    pub message: String,
}

pub struct ErrRow {
    pub id: i64,
    pub when: String,
    pub operation: String,
    pub item: String,
    pub message: String,
}

pub struct SystemRow {
    pub name: &'static str,
    pub display: &'static str,
    pub category: String,
    pub level_key: &'static str,
    pub level: String,
    pub planned: bool,
}

#[derive(Template)]
#[template(path = "panel/integrations.html")]
struct Page {
    c: Ctx,
    mine: Vec<Mine>,
    logs: Vec<LogRow>,
    errors: Vec<ErrRow>,
    systems: Vec<SystemRow>,
    q: String,
}

/// The translation key of a sync job kind (the API's `kind`).
fn job_kind_key(kind: &str) -> &'static str {
    match kind {
        "sync_products" => "job-kind-sync_products",
        "push_stock" => "job-kind-push_stock",
        "sync_orders" => "job-kind-sync_orders",
        "push_status" => "job-kind-push_status",
        "push_tracking" => "job-kind-push_tracking",
        "approve_claim" => "job-kind-approve_claim",
        _ => "job-kind-other",
    }
}

fn level_key(level: pofuai_core::catalogue::Level) -> &'static str {
    use pofuai_core::catalogue::Level;
    match level {
        Level::Full => "full",
        Level::Basic => "basic",
        Level::CatalogueOnly => "catalogue_only",
    }
}

async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<PageQuery>,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let c = Ctx::new(&sess, "integrations", q.ok.as_deref());
    let list = st.get(&sess, "/api/integrations?limit=100").await?;
    let report = st
        .get_opt(&sess, "/api/integrations/report")
        .await
        .unwrap_or(Value::Null);
    let dash = "—".to_string();
    let mine = items(&list)
        .iter()
        .map(|i| {
            let id = n(i, "id");
            let r = items(&report)
                .into_iter()
                .find(|r| n(&r["integration"], "integration_id") == id);
            let ri = r
                .as_ref()
                .map(|r| r["integration"].clone())
                .unwrap_or(Value::Null);
            let ms = |k: &str| ri[k].as_i64().map_or(dash.clone(), |v| format!("{v} ms"));
            Mine {
                id,
                name: s(i, "display_name"),
                system: s(i, "integration_name"),
                active: i["active"].as_bool().unwrap_or(false),
                level: lang.t(&format!("level-{}", s(i, "level"))),
                runs: fmt::int(lang, n(&ri, "runs")),
                success: r
                    .as_ref()
                    .and_then(|r| r["success_rate"].as_f64())
                    .map_or(dash.clone(), |x| fmt::percent(lang, x)),
                p50: ms("latency_p50_ms"),
                p95: ms("latency_p95_ms"),
                errors: n(&ri, "errors_unresolved"),
            }
        })
        .collect();
    let logs_json = st
        .get_opt(&sess, "/api/integrations/sync-logs?limit=15")
        .await
        .unwrap_or(Value::Null);
    let logs = items(&logs_json)
        .iter()
        .map(|l| LogRow {
            when: fmt::datetime(lang, n(l, "started_at")),
            kind_code: s(l, "kind"),
            kind: lang.t(job_kind_key(&s(l, "kind"))),
            status: lang.t(&super::dashboard::status_key(&s(l, "status"))),
            counts: format!("{}/{}", n(l, "items_ok"), n(l, "items_total")),
            message: s(l, "message"),
        })
        .collect();
    let errors_json = st
        .get_opt(&sess, "/api/integrations/errors?limit=20")
        .await
        .unwrap_or(Value::Null);
    let errors = items(&errors_json)
        .iter()
        .map(|e| ErrRow {
            id: n(e, "id"),
            when: fmt::datetime(lang, n(e, "created_at")),
            operation: s(e, "operation"),
            item: s(e, "item_ref"),
            message: s(e, "message"),
        })
        .collect();
    let needle = pofuai_core::search::fold(q.q.as_deref().unwrap_or_default());
    let systems = SYSTEMS
        .iter()
        .filter(|sys| {
            needle.is_empty()
                || pofuai_core::search::fold(sys.display_name).contains(&needle)
                || sys.name.contains(&needle)
        })
        .map(|sys| SystemRow {
            name: sys.name,
            display: sys.display_name,
            category: lang.t(&format!(
                "category-{}",
                serde_json::to_value(sys.category)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )),
            level_key: level_key(sys.level),
            level: lang.t(&format!("level-{}", level_key(sys.level))),
            planned: sys.planned,
        })
        .collect();
    Ok(html(Page {
        mine,
        logs,
        errors,
        systems,
        q: q.q.unwrap_or_default(),
        c,
    }))
}

pub struct CredField {
    pub name: &'static str,
    pub secret: bool,
    pub required: bool,
    pub value: String,
}

#[derive(Template)]
#[template(path = "panel/connect.html")]
struct ConnectPage {
    c: Ctx,
    system: &'static str,
    display: &'static str,
    fields: Vec<CredField>,
    display_name: String,
    environment: String,
    errors: FormErrors,
}

fn system(name: &str) -> Option<&'static pofuai_core::catalogue::System> {
    SYSTEMS.iter().find(|s| s.name == name)
}

fn connect_render(
    sess: &Session,
    sys: &'static pofuai_core::catalogue::System,
    form: &[(String, String)],
    errors: FormErrors,
) -> Response {
    let mut res = html(ConnectPage {
        c: Ctx::new(sess, "integrations", None),
        system: sys.name,
        display: sys.display_name,
        fields: sys
            .credentials
            .iter()
            .map(|f| CredField {
                name: f.name,
                secret: f.secret,
                required: f.required,
                // Secrets are never sent back to the browser.
                value: if f.secret {
                    String::new()
                } else {
                    field(form, &format!("config.{}", f.name))
                        .unwrap_or_default()
                        .to_string()
                },
            })
            .collect(),
        display_name: field(form, "display_name")
            .unwrap_or(sys.display_name)
            .to_string(),
        environment: field(form, "config.environment")
            .unwrap_or("sandbox")
            .to_string(),
        errors: errors.clone(),
    });
    if errors.any() {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

async fn connect_page(sess: Session, Path(name): Path<String>) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let sys = system(&name).ok_or_else(|| crate::panel::PanelError::not_found(sess.lang))?;
    Ok(connect_render(&sess, sys, &[], FormErrors::default()))
}

async fn connect(
    State(st): State<PanelState>,
    sess: Session,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let sys = system(&name).ok_or_else(|| crate::panel::PanelError::not_found(sess.lang))?;
    let mut config = Map::new();
    for (k, v) in &form {
        if let Some(key) = k.strip_prefix("config.")
            && !v.trim().is_empty()
        {
            config.insert(key.to_string(), json!(v.trim()));
        }
    }
    let category = serde_json::to_value(sys.category).unwrap_or(Value::Null);
    let req = json!({
        "integration_type": category,
        "integration_name": sys.name,
        "display_name": field(&form, "display_name").filter(|v| !v.trim().is_empty()),
        "config": config,
    });
    match st
        .send(&sess, Method::POST, "/api/integrations", Some(&req))
        .await?
    {
        Ok(_) => Ok(done("/integrations", "integration-created")),
        Err(e) => Ok(connect_render(&sess, sys, &form, e)),
    }
}

/// test, activate, deactivate or sync one integration.
async fn act(
    State(st): State<PanelState>,
    sess: Session,
    Path((id, action)): Path<(i64, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let (uri, ok_key, fail_key) = match action.as_str() {
        "test" => (
            format!("/api/integrations/{id}/test"),
            "test-ok",
            "test-failed",
        ),
        "activate" => (
            format!("/api/integrations/{id}/activate"),
            "activated",
            "activate-refused",
        ),
        "deactivate" => (
            format!("/api/integrations/{id}/deactivate"),
            "deactivated",
            "activate-refused",
        ),
        _ => return Err(crate::panel::PanelError::not_found(sess.lang)),
    };
    match st.send(&sess, Method::POST, &uri, None).await? {
        Ok(body) if action == "test" && body["ok"] != Value::Bool(true) => {
            Ok(done("/integrations", fail_key))
        }
        Ok(_) => Ok(done("/integrations", ok_key)),
        Err(_) => Ok(done("/integrations", fail_key)),
    }
}

fn back_of(form: &[(String, String)]) -> &'static str {
    match field(form, "back") {
        Some("/") => "/",
        _ => "/integrations",
    }
}

async fn retry_error(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let key = match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/integrations/errors/{id}/retry"),
            None,
        )
        .await?
    {
        Ok(_) => "sync-queued",
        Err(_) => "sync-refused",
    };
    Ok(done(back_of(&form), key))
}

async fn resolve_error(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let key = match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/integrations/errors/{id}/resolve"),
            None,
        )
        .await?
    {
        Ok(_) => "resolved",
        Err(_) => "sync-refused",
    };
    Ok(done(back_of(&form), key))
}
