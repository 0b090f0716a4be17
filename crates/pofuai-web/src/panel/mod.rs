//! The seller panel: server-rendered pages (askama, checked at compile time) with htmx for
//! partial updates, served at `/` beside the API under `/api`.
//!
//! Pages hold no business rule of their own: every read and every change goes through the
//! JSON API's own handlers, dispatched in-process with the user's session token, so the role
//! checks, owner checks, validation and field errors are the API's.

pub mod chart;
pub mod diff;
pub mod fmt;
pub mod i18n;
pub(crate) mod pages;
pub mod session;

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use pofuai_core::Feature;
use serde_json::Value;
use tower::ServiceExt;

use crate::AppState;
use i18n::Lang;
use session::Session;

/// What the panel's handlers share: the application and the API router they call.
#[derive(Clone)]
pub struct PanelState {
    pub app: AppState,
    api: Router,
}

/// The panel's routes and assets; `api` is the JSON API (without the panel) it calls into.
pub fn router(app: AppState, api: Router) -> Router {
    pages::routes()
        .route("/assets/{*path}", get(asset))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(PanelState { app, api })
}

/// Pages may run only our own scripts and styles and may not be framed.
async fn security_headers(req: Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

// ---- assets ----

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "panel.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/panel/panel.css"),
    ),
    (
        "panel.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/panel/panel.js"),
    ),
    (
        // Without one, every browser asks for /favicon.ico and logs the 404 as an error.
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../../assets/panel/favicon.svg"),
    ),
    (
        "htmx-2.0.8.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/panel/vendor/htmx-2.0.8/htmx.min.js"),
    ),
];

async fn asset(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == path) {
        Some((_, ctype, bytes)) => (
            [
                (header::CONTENT_TYPE, *ctype),
                // Names change with versions of the vendored files; our own two are small.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

// ---- errors ----

/// What a page can fail with, rendered as a page (never the API's JSON).
#[derive(Debug)]
pub enum PanelError {
    /// Not signed in: to the login page, then back.
    Login { next: String },
    Page {
        status: StatusCode,
        lang: Lang,
        title_key: &'static str,
        detail: Option<String>,
    },
}

impl PanelError {
    pub fn forbidden(lang: Lang) -> PanelError {
        PanelError::Page {
            status: StatusCode::FORBIDDEN,
            lang,
            title_key: "error-forbidden",
            detail: None,
        }
    }

    pub fn not_found(lang: Lang) -> PanelError {
        PanelError::Page {
            status: StatusCode::NOT_FOUND,
            lang,
            title_key: "error-not-found",
            detail: None,
        }
    }

    pub fn csrf(lang: Lang) -> PanelError {
        PanelError::Page {
            status: StatusCode::FORBIDDEN,
            lang,
            title_key: "error-csrf",
            detail: None,
        }
    }

    pub fn internal(lang: Lang, e: impl std::fmt::Display) -> PanelError {
        tracing::error!(error = %e, "panel page failed");
        PanelError::Page {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            title_key: "error-internal",
            detail: None,
        }
    }

    pub(crate) fn from_api(lang: Lang, status: StatusCode, body: &Value) -> PanelError {
        let message = body["error"]["message"].as_str().map(str::to_string);
        match status {
            StatusCode::UNAUTHORIZED => PanelError::Login {
                next: "/".to_string(),
            },
            StatusCode::FORBIDDEN => PanelError::Page {
                status,
                lang,
                title_key: "error-forbidden",
                detail: message,
            },
            StatusCode::NOT_FOUND => PanelError::not_found(lang),
            s if s.is_server_error() => PanelError::Page {
                status: s,
                lang,
                title_key: "error-internal",
                detail: message,
            },
            s => PanelError::Page {
                status: s,
                lang,
                title_key: "error-request",
                detail: message,
            },
        }
    }
}

#[derive(Template)]
#[template(path = "panel/error.html")]
struct ErrorPage {
    lang: Lang,
    title: String,
    detail: Option<String>,
    back: String,
}

impl IntoResponse for PanelError {
    fn into_response(self) -> Response {
        match self {
            PanelError::Login { next } => {
                let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            PanelError::Page {
                status,
                lang,
                title_key,
                detail,
            } => {
                let page = ErrorPage {
                    lang,
                    title: lang.t(title_key),
                    detail,
                    back: lang.t("error-back"),
                };
                (status, html(page)).into_response()
            }
        }
    }
}

pub type PanelResult<T> = Result<T, PanelError>;

/// A rendered template as an HTML answer.
pub fn html<T: Template>(page: T) -> Response {
    match page.render() {
        Ok(body) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

// ---- calling the API ----

/// What the API answered.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// The API's refusal of a form: its message and its field errors by field path.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    /// The API's error code (`precondition_failed` when the object changed meanwhile).
    pub code: Option<String>,
    pub message: Option<String>,
    pub fields: BTreeMap<String, String>,
}

impl FormErrors {
    pub fn of(body: &Value) -> FormErrors {
        FormErrors {
            code: body["error"]["code"].as_str().map(str::to_string),
            message: body["error"]["message"].as_str().map(str::to_string),
            fields: body["error"]["fields"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// [`FormErrors::of`] in `lang`: a field whose problem the API names by a code
    /// (`field_codes`) is told by the translation `api-error-<code>` with the code's numbers;
    /// others keep the API's words. The general message, when every field is told, says to
    /// look at them.
    pub fn localised(body: &Value, lang: Lang) -> FormErrors {
        let mut e = FormErrors::of(body);
        let codes = body["error"]["field_codes"].as_object();
        let mut all_told = !e.fields.is_empty();
        for (field, message) in e.fields.iter_mut() {
            let Some(code) = codes
                .and_then(|c| c.get(field))
                .and_then(|c| c["code"].as_str())
            else {
                all_told = false;
                continue;
            };
            let key = format!("api-error-{code}");
            if !i18n::has(lang, &key) {
                all_told = false;
                continue;
            }
            // Numbers as the page writes them (10.000.000 in Turkish).
            let args: Vec<(String, fluent_bundle::FluentValue<'static>)> = codes
                .and_then(|c| c[field]["args"].as_object())
                .map(|a| {
                    a.iter()
                        .filter_map(|(k, v)| {
                            v.as_i64().map(|n| (k.clone(), fmt::int(lang, n).into()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            *message = i18n::ta(lang, &key, &args);
        }
        if all_told && e.message.is_some() {
            e.message = Some(lang.t("api-error-see-fields"));
        }
        e
    }

    /// The error for a field, or for any field under it (`variants[0].stock` for `variants`).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str).or_else(|| {
            self.fields
                .iter()
                .find(|(k, _)| {
                    k.strip_prefix(field)
                        .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
                })
                .map(|(_, v)| v.as_str())
        })
    }

    pub fn any(&self) -> bool {
        self.message.is_some() || !self.fields.is_empty()
    }
}

impl PanelState {
    /// One API request on behalf of the session's user (or anonymously).
    pub async fn call(
        &self,
        token: Option<&str>,
        method: Method,
        uri: &str,
        body: Option<&Value>,
        extensions: Option<&axum::http::Extensions>,
    ) -> Result<Answer, PanelError> {
        let body = body.map(|v| ("application/json".to_string(), Body::from(v.to_string())));
        self.call_with(token, method, uri, body, extensions).await
    }

    /// One API request with a body of any type (a file upload passed on).
    pub async fn call_with(
        &self,
        token: Option<&str>,
        method: Method,
        uri: &str,
        body: Option<(String, Body)>,
        extensions: Option<&axum::http::Extensions>,
    ) -> Result<Answer, PanelError> {
        self.call_with_headers(token, method, uri, body, extensions, &[])
            .await
    }

    /// One API request with headers of its own (`If-Match`).
    async fn call_with_headers(
        &self,
        token: Option<&str>,
        method: Method,
        uri: &str,
        body: Option<(String, Body)>,
        extensions: Option<&axum::http::Extensions>,
        extra: &[(header::HeaderName, String)],
    ) -> Result<Answer, PanelError> {
        let mut req = Request::builder().method(method).uri(uri);
        for (name, value) in extra {
            req = req.header(name, value);
        }
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some((ctype, b)) => {
                req = req.header(header::CONTENT_TYPE, ctype);
                b
            }
            None => Body::empty(),
        };
        let mut req = req
            .body(body)
            .map_err(|e| PanelError::internal(Lang::Tr, e))?;
        if let Some(ext) = extensions
            && let Some(ci) = ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        {
            req.extensions_mut().insert(*ci);
        }
        let res = self
            .api
            .clone()
            .oneshot(req)
            .await
            .map_err(|e| PanelError::internal(Lang::Tr, e))?;
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
            .await
            .map_err(|e| PanelError::internal(Lang::Tr, e))?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Ok(Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    /// A read that must succeed: the API's refusal becomes the matching page.
    pub async fn get(&self, s: &Session, uri: &str) -> PanelResult<Value> {
        let a = self
            .call(Some(&s.token), Method::GET, uri, None, None)
            .await?;
        if a.status.is_success() {
            Ok(a.body)
        } else {
            Err(PanelError::from_api(s.lang, a.status, &a.body))
        }
    }

    /// A read that may be refused or empty without failing the page (a dashboard tile).
    pub async fn get_opt(&self, s: &Session, uri: &str) -> Option<Value> {
        match self
            .call(Some(&s.token), Method::GET, uri, None, None)
            .await
        {
            Ok(a) if a.status.is_success() => Some(a.body),
            Ok(a) => {
                tracing::debug!(status = %a.status, uri, "panel tile unavailable");
                None
            }
            Err(_) => None,
        }
    }

    /// A change made only if the object is still at `version` (the API's `If-Match`), so a
    /// form saved over a newer version is refused (412, shown like any refusal) instead of
    /// overwriting it.
    pub async fn send_if_match(
        &self,
        s: &Session,
        method: Method,
        uri: &str,
        body: &Value,
        version: i64,
    ) -> PanelResult<Result<Value, FormErrors>> {
        let body = Some(("application/json".to_string(), Body::from(body.to_string())));
        let extra = [(header::IF_MATCH, format!("\"{version}\""))];
        let a = self
            .call_with_headers(Some(&s.token), method, uri, body, None, &extra)
            .await?;
        Self::outcome(s, a)
    }

    /// A change: `Ok(Ok(body))` when done, `Ok(Err(errors))` when the API refused the input
    /// (shown next to the fields), `Err` for anything a page cannot fix.
    pub async fn send(
        &self,
        s: &Session,
        method: Method,
        uri: &str,
        body: Option<&Value>,
    ) -> PanelResult<Result<Value, FormErrors>> {
        let a = self.call(Some(&s.token), method, uri, body, None).await?;
        Self::outcome(s, a)
    }

    fn outcome(s: &Session, a: Answer) -> PanelResult<Result<Value, FormErrors>> {
        match a.status.as_u16() {
            200..=299 => Ok(Ok(a.body)),
            400 | 409 | 412 | 422 | 429 | 503 => Ok(Err(FormErrors::localised(&a.body, s.lang))),
            403 if a.body["error"]["code"] == "quota_exceeded"
                || a.body["error"]["code"] == "upgrade_required" =>
            {
                Ok(Err(FormErrors::of(&a.body)))
            }
            _ => Err(PanelError::from_api(s.lang, a.status, &a.body)),
        }
    }
}

/// A form body as pairs (repeated names kept: bulk selections).
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

pub fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

// ---- the page frame ----

/// One entry of the navigation; shown only to roles that have its feature.
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// Sections of the panel and the feature each needs: the navigation is this table filtered
/// by the permission matrix, and each page checks the same feature.
pub const SECTIONS: &[(&str, &str, Feature)] = &[
    ("dashboard", "/", Feature::SalesAnalytics),
    ("products", "/products", Feature::ProductView),
    ("templates", "/templates", Feature::TemplateBasic),
    ("orders", "/orders", Feature::MultiChannel),
    ("questions", "/questions", Feature::MultiChannel),
    ("integrations", "/integrations", Feature::MultiChannel),
    ("analytics", "/analytics", Feature::SalesAnalytics),
    ("assistant", "/assistant", Feature::AiAssistant),
    ("users", "/admin/users", Feature::UserAdmin),
    ("system", "/admin/system", Feature::SystemMetrics),
    ("account", "/account", Feature::ProductView),
];

/// What every page's frame needs.
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    pub user_name: String,
    pub role: String,
    pub nav: Vec<NavItem>,
    pub title: String,
    pub flash: Option<String>,
}

impl Ctx {
    pub fn new(s: &Session, section: &str, flash: Option<&str>) -> Ctx {
        let nav = SECTIONS
            .iter()
            .filter(|(_, _, f)| s.can(*f))
            .map(|(name, href, _)| NavItem {
                href,
                label: s.lang.t(&format!("nav-{name}")),
                active: *name == section,
            })
            .collect();
        Ctx {
            lang: s.lang,
            csrf: s.csrf.clone(),
            user_name: s.user.display_name.clone(),
            role: s.lang.t(&format!("role-{}", s.role().as_str())),
            nav,
            title: s.lang.t(&format!("nav-{section}")),
            flash: flash
                .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .map(|k| s.lang.t(&format!("flash-{k}"))),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The words for job states and order statuses, as JSON, for the live-updates list
    /// (`panel.js`), so its lines read in the page's language.
    pub fn live_labels(&self) -> String {
        let map = |prefix: &str, keys: &[&str]| -> serde_json::Map<String, serde_json::Value> {
            keys.iter()
                .map(|k| (k.to_string(), self.lang.t(&format!("{prefix}{k}")).into()))
                .collect()
        };
        serde_json::json!({
            "state": map("sync-status-", &["queued", "running", "succeeded", "failed", "dead"]),
            "status": map("order-status-", &[
                "awaiting", "created", "picking", "invoiced", "shipped", "delivered",
                "undelivered", "cancelled", "returned",
            ]),
        })
        .to_string()
    }

    pub fn money(&self, minor: &i64, currency: &str) -> String {
        fmt::money(self.lang, *minor, currency)
    }

    pub fn try_money(&self, minor: &i64) -> String {
        fmt::money(self.lang, *minor, "TRY")
    }

    pub fn int(&self, n: &i64) -> String {
        fmt::int(self.lang, *n)
    }

    pub fn date(&self, ms: &i64) -> String {
        fmt::date(self.lang, *ms)
    }

    pub fn when(&self, rfc3339: &str) -> String {
        fmt::rfc3339(self.lang, rfc3339)
    }
}
