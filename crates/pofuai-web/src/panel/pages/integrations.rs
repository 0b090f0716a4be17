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
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, chart, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/integrations", get(page))
        .route(
            "/integrations/connect/{name}",
            get(connect_page).post(connect),
        )
        .route("/integrations/{id}/{action}", post(act))
        .route("/integrations/{id}/webhooks", post(create_webhook))
        .route(
            "/integrations/{id}/webhooks/{webhook_id}/delete",
            post(delete_webhook),
        )
        .route(
            "/integrations/{id}/categories",
            get(categories_page).post(map_category),
        )
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
    /// Whether we have a connector for it: webhooks and category mapping need one.
    pub connected: bool,
    /// Trendyol alone takes an API key instead of Basic credentials.
    pub api_key_allowed: bool,
    pub webhooks: Vec<HookRow>,
}

/// A webhook endpoint as listed: never its credentials, which were shown once.
pub struct HookRow {
    pub id: i64,
    pub event: String,
    pub auth: String,
    pub username: String,
    pub last_received: String,
    pub active: bool,
}

/// A webhook just created: its address and credentials, shown on this answer only.
pub struct CreatedHook {
    pub integration_id: i64,
    pub url: String,
    pub credentials: Vec<(String, String)>,
}

/// The report as a table (the charts' data, for screen readers and for reading exact values).
pub struct ReportRow {
    pub name: String,
    pub runs: String,
    pub success: String,
    pub p50: String,
    pub p95: String,
    pub errors: String,
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
    /// The report's charts: title and SVG.
    charts: Vec<(String, String)>,
    report_rows: Vec<ReportRow>,
    created: Option<CreatedHook>,
    /// A refused webhook creation: the integration and the API's errors.
    hook_errors: Option<(i64, FormErrors)>,
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
    render(&st, &sess, q, None, None).await
}

/// The integrations page; after a webhook's creation with its credentials (`created`), or
/// with the API's refusal of one (`hook_errors`).
async fn render(
    st: &PanelState,
    sess: &Session,
    q: PageQuery,
    created: Option<CreatedHook>,
    hook_errors: Option<(i64, FormErrors)>,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "integrations", q.ok.as_deref());
    let list = st.get(sess, "/api/integrations?limit=100").await?;
    let report = st
        .get_opt(sess, "/api/integrations/report")
        .await
        .unwrap_or(Value::Null);
    let dash = "—".to_string();
    let mut mine: Vec<Mine> = items(&list)
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
                connected: pofuai_sync::has_connector(&s(i, "integration_name")),
                api_key_allowed: s(i, "integration_name") == "trendyol",
                webhooks: Vec::new(),
            }
        })
        .collect();
    for m in mine.iter_mut().filter(|m| m.connected) {
        let hooks = st
            .get_opt(sess, &format!("/api/integrations/{}/webhooks", m.id))
            .await
            .unwrap_or(Value::Null);
        m.webhooks = items(&hooks)
            .iter()
            .map(|h| HookRow {
                id: n(h, "id"),
                event: s(h, "event"),
                auth: lang.t(&format!(
                    "webhook-auth-{}",
                    if s(h, "auth_kind") == "api_key" {
                        "api_key"
                    } else {
                        "basic"
                    }
                )),
                username: s(h, "username"),
                last_received: h["last_received_at"]
                    .as_i64()
                    .map_or_else(|| lang.t("webhook-never"), |t| fmt::datetime(lang, t)),
                active: h["active"].as_bool().unwrap_or(false),
            })
            .collect();
    }
    let (charts, report_rows) = report_view(lang, &report);
    let logs_json = st
        .get_opt(sess, "/api/integrations/sync-logs?limit=15")
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
        .get_opt(sess, "/api/integrations/errors?limit=20")
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
    let refused = hook_errors.is_some();
    let mut res = html(Page {
        mine,
        logs,
        errors,
        systems,
        q: q.q.unwrap_or_default(),
        charts,
        report_rows,
        created,
        hook_errors,
        c,
    });
    if refused {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// The health report of `GET /api/integrations/report` as charts (success rate, call
/// latency p50 and p95, unresolved errors, one group per integration) and the same figures
/// as a table. Integrations without runs or calls have no bar for what they lack.
fn report_view(
    lang: crate::panel::i18n::Lang,
    report: &Value,
) -> (Vec<(String, String)>, Vec<ReportRow>) {
    let rows = items(report);
    if rows.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let dash = || "—".to_string();
    let labels: Vec<String> = rows
        .iter()
        .map(|r| s(&r["integration"], "display_name"))
        .collect();
    let rate: Vec<f64> = rows
        .iter()
        .map(|r| r["success_rate"].as_f64().map_or(f64::NAN, |x| x * 100.0))
        .collect();
    let ms = |k: &str| -> Vec<f64> {
        rows.iter()
            .map(|r| r["integration"][k].as_f64().unwrap_or(f64::NAN))
            .collect()
    };
    let errors: Vec<f64> = rows
        .iter()
        .map(|r| n(&r["integration"], "errors_unresolved") as f64)
        .collect();
    let charts = vec![
        (
            lang.t("report-success-rate"),
            chart::grouped_bars(
                &labels,
                &[(lang.t("dash-success-rate"), rate)],
                Some(100.0),
                |v| fmt::percent(lang, v / 100.0),
            ),
        ),
        (
            lang.t("report-latency"),
            chart::grouped_bars(
                &labels,
                &[
                    ("p50".to_string(), ms("latency_p50_ms")),
                    ("p95".to_string(), ms("latency_p95_ms")),
                ],
                None,
                |v| format!("{v:.0} ms"),
            ),
        ),
        (
            lang.t("report-errors"),
            chart::grouped_bars(&labels, &[(lang.t("dash-failures"), errors)], None, |v| {
                fmt::int(lang, v as i64)
            }),
        ),
    ];
    let table = rows
        .iter()
        .map(|r| {
            let ri = &r["integration"];
            let ms = |k: &str| ri[k].as_i64().map_or_else(dash, |v| format!("{v} ms"));
            ReportRow {
                name: s(ri, "display_name"),
                runs: fmt::int(lang, n(ri, "runs")),
                success: r["success_rate"]
                    .as_f64()
                    .map_or_else(dash, |x| fmt::percent(lang, x)),
                p50: ms("latency_p50_ms"),
                p95: ms("latency_p95_ms"),
                errors: fmt::int(lang, n(ri, "errors_unresolved")),
            }
        })
        .collect();
    (charts, table)
}

/// A new webhook endpoint through the API; its credentials are shown on this answer only
/// (never put in a redirect's address or stored by the panel).
async fn create_webhook(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let req = json!({ "auth": field(&form, "auth").unwrap_or("basic") });
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/integrations/{id}/webhooks"),
            Some(&req),
        )
        .await?
    {
        Ok(hook) => {
            let credentials = hook["credentials"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            (
                                sess.lang
                                    .t(&format!("webhook-credential-{}", credential_key(k))),
                                v.as_str().unwrap_or_default().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let created = CreatedHook {
                integration_id: id,
                url: s(&hook, "url"),
                credentials,
            };
            let mut res = render(&st, &sess, PageQuery::default(), Some(created), None).await?;
            // The answer holds a secret: no cache may keep it.
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(e) => render(&st, &sess, PageQuery::default(), None, Some((id, e))).await,
    }
}

/// The translation key suffix of a credential the API names.
fn credential_key(name: &str) -> &'static str {
    match name {
        "username" => "username",
        "password" => "password",
        "api_key" => "api_key",
        _ => "other",
    }
}

async fn delete_webhook(
    State(st): State<PanelState>,
    sess: Session,
    Path((id, webhook_id)): Path<(i64, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let key = match st
        .send(
            &sess,
            Method::DELETE,
            &format!("/api/integrations/{id}/webhooks/{webhook_id}"),
            None,
        )
        .await?
    {
        Ok(_) => "webhook-deleted",
        Err(_) => "sync-refused",
    };
    Ok(done("/integrations", key))
}

#[derive(Deserialize, Default)]
pub struct CategoriesQuery {
    /// Text to find among the channel's leaf categories.
    cq: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "panel/categories.html")]
struct CategoriesPage {
    c: Ctx,
    id: i64,
    name: String,
    mappings: Vec<(String, String, String)>,
    ours: Vec<String>,
    cq: String,
    leaves: Vec<(String, String)>,
    /// How many leaves match, when more than are shown.
    more: Option<String>,
    /// Why the channel's categories could not be read.
    unavailable: Option<String>,
    category: String,
    remote: String,
    errors: FormErrors,
}

/// One integration's category mapping: our categories (from the catalogue and the mappings)
/// to the channel's leaf categories, found by name.
async fn categories_render(
    st: &PanelState,
    sess: &Session,
    id: i64,
    q: CategoriesQuery,
    typed: &[(String, String)],
    errors: FormErrors,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let integration = st.get(sess, &format!("/api/integrations/{id}")).await?;
    let mapped = st
        .get(sess, &format!("/api/integrations/{id}/category-mappings"))
        .await?;
    let mappings: Vec<(String, String, String)> = items(&mapped)
        .iter()
        .map(|m| {
            (
                s(m, "category"),
                s(m, "remote_name"),
                s(m, "remote_category_id"),
            )
        })
        .collect();
    let mut ours: Vec<String> = st
        .get_opt(sess, "/api/products?limit=100")
        .await
        .map(|l| items(&l).iter().map(|p| s(p, "category")).collect())
        .unwrap_or_default();
    ours.extend(mappings.iter().map(|m| m.0.clone()));
    ours.sort_by_key(|c| fmt::turkish_sort_key(c));
    ours.dedup();
    let cq = q.cq.unwrap_or_default();
    let a = st
        .call(
            Some(&sess.token),
            Method::GET,
            &format!(
                "/api/integrations/{id}/categories?limit=50&q={}",
                form_urlencoded::byte_serialize(cq.as_bytes()).collect::<String>()
            ),
            None,
            None,
        )
        .await?;
    let (leaves, more, unavailable) = if a.status.is_success() {
        let leaves: Vec<(String, String)> = items(&a.body)
            .iter()
            .map(|c| (s(c, "id"), s(c, "name")))
            .collect();
        let total = n(&a.body, "total");
        let more = (total > leaves.len() as i64).then(|| {
            crate::panel::i18n::ta(
                lang,
                "categories-more",
                &[
                    (
                        "shown",
                        fluent_bundle::FluentValue::from(leaves.len() as i64),
                    ),
                    ("total", fluent_bundle::FluentValue::from(total)),
                ],
            )
        });
        (leaves, more, None)
    } else if a.status.is_client_error() && a.status != axum::http::StatusCode::UNAUTHORIZED {
        (
            Vec::new(),
            None,
            Some(
                FormErrors::localised(&a.body, lang)
                    .message
                    .unwrap_or_default(),
            ),
        )
    } else {
        return Err(crate::panel::PanelError::from_api(lang, a.status, &a.body));
    };
    let refused = errors.any();
    let mut res = html(CategoriesPage {
        c: Ctx::new(sess, "integrations", q.ok.as_deref()),
        id,
        name: s(&integration, "display_name"),
        mappings,
        ours,
        cq,
        leaves,
        more,
        unavailable,
        category: field(typed, "category").unwrap_or_default().to_string(),
        remote: field(typed, "remote_category_id")
            .unwrap_or_default()
            .to_string(),
        errors,
    });
    if refused {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn categories_page(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    Query(q): Query<CategoriesQuery>,
) -> PanelResult<Response> {
    categories_render(&st, &sess, id, q, &[], FormErrors::default()).await
}

/// Maps one of our categories to a leaf through the API, which checks the leaf against the
/// channel's tree.
async fn map_category(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let req = json!({
        "category": field(&form, "category").unwrap_or_default(),
        "remote_category_id": field(&form, "remote_category_id").unwrap_or_default(),
    });
    match st
        .send(
            &sess,
            Method::PUT,
            &format!("/api/integrations/{id}/category-mappings"),
            Some(&req),
        )
        .await?
    {
        Ok(_) => Ok(done(
            &format!("/integrations/{id}/categories"),
            "category-mapped",
        )),
        Err(e) => {
            let q = CategoriesQuery {
                cq: field(&form, "cq").map(str::to_string),
                ok: None,
            };
            categories_render(&st, &sess, id, q, &form, e).await
        }
    }
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
