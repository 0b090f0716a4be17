//! The panel's pages, one module per section.

mod account;
mod admin;
mod analytics;
mod assistant;
mod dashboard;
mod integrations;
mod orders;
mod products;
mod questions;
pub(crate) mod studio;
mod system;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};

use super::i18n::Lang;
use super::session::{self, LOGIN_CSRF_COOKIE, Session, anonymous_lang, constant_time_eq};
use super::{PanelResult, PanelState, field, html, parse_form};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/", get(dashboard::page))
        .route("/dashboard/sync", post(dashboard::sync_now))
        .route("/account", get(account::page).post(account::save))
        .route("/account/password", post(account::password))
        .merge(products::routes())
        .merge(studio::routes())
        .merge(orders::routes())
        .merge(questions::routes())
        .merge(integrations::routes())
        .merge(analytics::routes())
        .merge(assistant::routes())
        .merge(admin::routes())
        .merge(system::routes())
}

/// Keys the pages build from values (statuses, levels, message keys), listed for the test
/// that both languages have them.
#[cfg(test)]
pub const DYNAMIC_KEYS: &[&str] = &[
    "flash-saved",
    "flash-password-changed",
    "flash-bulk-done",
    "flash-suggestion-gone",
    "flash-suggestion-applied",
    "flash-template-made",
    "flash-template-deleted",
    "flash-ai-saved",
    "flash-order-queued",
    "flash-claim-queued",
    "flash-claim-refused",
    "flash-integration-created",
    "flash-test-ok",
    "flash-test-failed",
    "flash-activated",
    "flash-deactivated",
    "flash-activate-refused",
    "flash-sync-queued",
    "flash-sync-refused",
    "flash-resolved",
    "flash-edit-reverted",
    "flash-edit-revert-refused",
    "flash-asked",
    "flash-action-done",
    "flash-action-failed",
    "flash-provider-removed",
    "flash-images-saved",
    "claim-status-waiting",
    "claim-status-pre-approved",
    "claim-status-accepted",
    "claim-status-rejected",
    "claim-status-cancelled",
    "action-status-proposed",
    "action-status-running",
    "action-status-done",
    "action-status-failed",
    "error-forbidden",
    "error-not-found",
    "error-csrf",
    "error-internal",
    "error-request",
    "period-today",
    "period-7",
    "period-30",
    "sync-status-running",
    "sync-status-succeeded",
    "sync-status-failed",
    "sync-status-deferred",
    "sync-status-retrying",
    "sync-status-abandoned",
    "sync-status-other",
    "order-status-awaiting",
    "order-status-created",
    "order-status-picking",
    "order-status-invoiced",
    "order-status-shipped",
    "order-status-delivered",
    "order-status-undelivered",
    "order-status-cancelled",
    "order-status-returned",
    "order-status-other",
    "job-kind-sync_products",
    "job-kind-push_stock",
    "job-kind-sync_orders",
    "job-kind-push_status",
    "job-kind-push_tracking",
    "job-kind-approve_claim",
    "job-kind-other",
    "listing-status-pending",
    "listing-status-synced",
    "listing-status-failed",
    "listing-status-channel_managed",
    "listing-status-other",
    "stock-state-none",
    "stock-state-reserved",
    "stock-state-deducted",
    "stock-state-released",
    "level-full",
    "level-basic",
    "level-catalogue_only",
    "category-marketplace",
    "category-ecommerce",
    "category-accounting",
    "category-cargo",
    "category-payment",
    "category-social_commerce",
    "category-crm",
    "platform-instagram_post",
    "platform-instagram_story",
    "platform-facebook_post",
    "platform-twitter_post",
    "platform-linkedin_post",
    "platform-telegram_post",
    "platform-whatsapp_status",
    "question-status-new",
    "question-status-drafted",
    "question-status-approved",
    "question-status-sending",
    "question-status-answered",
    "question-status-failed",
    "flash-answer-queued",
    "age-hours",
    "age-days",
    "bulk-none-selected",
    "bulk-bad-action",
];

/// `flash` (a message key after a redirect) and `lang` on any page.
#[derive(Deserialize, Default)]
pub struct Flash {
    pub ok: Option<String>,
}

/// A text field of a JSON answer.
pub fn s(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// An integer field of a JSON answer (0 when absent).
pub fn n(v: &Value, key: &str) -> i64 {
    v[key]
        .as_i64()
        .or_else(|| v[key].as_f64().map(|f| f as i64))
        .unwrap_or(0)
}

pub fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

/// Where to go after a change: back to `path` with a message key.
pub fn done(path: &str, key: &str) -> Response {
    let sep = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{sep}ok={key}")).into_response()
}

/// Checks the CSRF token of a form and returns its fields.
pub fn checked_form(
    s: &Session,
    headers: &HeaderMap,
    body: &Bytes,
) -> PanelResult<Vec<(String, String)>> {
    let form = parse_form(body);
    s.check_csrf(headers, &form)?;
    Ok(form)
}

// ---- login ----

#[derive(Template)]
#[template(path = "panel/login.html")]
struct LoginPage {
    lang: Lang,
    csrf: String,
    next: String,
    email: String,
    email_error: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

/// Only paths on this site, so a login link cannot send the user elsewhere.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

fn login_lang(headers: &HeaderMap, explicit: Option<&str>) -> Lang {
    explicit
        .and_then(Lang::parse)
        .unwrap_or_else(|| anonymous_lang(headers))
}

/// The login form, with a fresh pre-session CSRF token bound to a cookie: logging someone
/// into an account of the attacker's choosing takes a cross-site post this refuses.
fn login_form(page: LoginPage) -> Response {
    let mut res = html(page);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn new_login_csrf() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn with_login_cookie(mut res: Response, value: &str, secure: bool) -> Response {
    let secure = if secure { "; Secure" } else { "" };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LOGIN_CSRF_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/login; Max-Age=3600{secure}"
    )) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn login_page(
    State(st): State<PanelState>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let csrf = new_login_csrf();
    let page = LoginPage {
        lang: login_lang(&headers, q.lang.as_deref()),
        csrf: csrf.clone(),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        email_error: None,
        error: None,
    };
    with_login_cookie(login_form(page), &csrf, st.app.config.secure_cookies)
}

async fn login(State(st): State<PanelState>, req: axum::extract::Request) -> PanelResult<Response> {
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    let lang = anonymous_lang(&headers);
    let body = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map_err(|e| super::PanelError::internal(lang, e))?;
    let form = parse_form(&body);
    let given = field(&form, "_csrf").unwrap_or_default();
    let expected = session::cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return Err(super::PanelError::csrf(lang));
    }
    let email = field(&form, "email").unwrap_or_default().to_string();
    let next = safe_next(field(&form, "next"));
    let answer = st
        .call(
            None,
            Method::POST,
            "/api/auth/login",
            Some(
                &json!({"email": email, "password": field(&form, "password").unwrap_or_default()}),
            ),
            Some(&parts.extensions),
        )
        .await?;
    if answer.status.is_success() {
        let mut res = Redirect::to(&next).into_response();
        if let Some(cookie) = answer.headers.get(header::SET_COOKIE) {
            res.headers_mut().insert(header::SET_COOKIE, cookie.clone());
        }
        return Ok(res);
    }
    let errors = super::FormErrors::of(&answer.body);
    let error = match answer.body["error"]["code"].as_str() {
        Some("invalid_credentials") => Some(lang.t("login-wrong")),
        Some("account_disabled") => Some(lang.t("login-disabled")),
        Some("rate_limited") => Some(lang.t("login-throttled")),
        _ if errors.fields.is_empty() => errors.message.clone(),
        _ => None,
    };
    let csrf = new_login_csrf();
    let page = LoginPage {
        lang,
        csrf: csrf.clone(),
        next,
        email,
        email_error: errors.get("email").map(str::to_string),
        error,
    };
    let mut res = with_login_cookie(login_form(page), &csrf, st.app.config.secure_cookies);
    *res.status_mut() = answer.status;
    Ok(res)
}

async fn logout(
    State(st): State<PanelState>,
    s: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&s, &headers, &body)?;
    let answer = st
        .call(Some(&s.token), Method::POST, "/api/auth/logout", None, None)
        .await?;
    let mut res = Redirect::to("/login").into_response();
    if let Some(cookie) = answer.headers.get(header::SET_COOKIE) {
        res.headers_mut().insert(header::SET_COOKIE, cookie.clone());
    }
    Ok(res)
}
