//! The user's own account: profile, language, password, template quota and history.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::{Flash, checked_form, done, items, n, s};
use crate::panel::i18n::Lang;
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelError, PanelResult, PanelState, field, fmt, html};

pub struct HistoryRow {
    pub id: i64,
    pub when: String,
    pub platform: String,
}

#[derive(Template)]
#[template(path = "panel/account.html")]
struct Page {
    c: Ctx,
    email: String,
    role: String,
    created: String,
    quota_used: i64,
    quota_limit: Option<i64>,
    quota_resets: String,
    history: Vec<HistoryRow>,
    errors: FormErrors,
}

async fn render(
    st: &PanelState,
    sess: &Session,
    flash: Option<&str>,
    errors: FormErrors,
) -> PanelResult<Response> {
    let c = Ctx::new(sess, "account", flash);
    let perms = st.get(sess, "/api/ai/permissions").await?;
    let q = &perms["template_quota"];
    let history = st
        .get_opt(sess, "/api/ai/history?limit=10")
        .await
        .unwrap_or(Value::Null);
    Ok(html(Page {
        email: sess.user.email.clone(),
        role: c.role.clone(),
        created: fmt::date(sess.lang, sess.user.created_at),
        quota_used: n(q, "used"),
        quota_limit: q["limit"].as_i64(),
        quota_resets: fmt::rfc3339(sess.lang, &s(q, "resets_at")),
        history: items(&history)
            .iter()
            .map(|h| HistoryRow {
                id: n(h, "id"),
                when: fmt::rfc3339(sess.lang, &s(h, "created_at")),
                platform: s(h, "template_type"),
            })
            .collect(),
        errors,
        c,
    }))
}

pub async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(flash): Query<Flash>,
) -> PanelResult<Response> {
    render(&st, &sess, flash.ok.as_deref(), FormErrors::default()).await
}

/// Saves the chosen language on the account.
pub async fn save(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    let Some(lang) = field(&form, "language").and_then(Lang::parse) else {
        let mut e = FormErrors::default();
        e.fields
            .insert("language".into(), sess.lang.t("account-language-invalid"));
        let mut res = render(&st, &sess, None, e).await?;
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    };
    st.app
        .store
        .set_user_language(sess.user.id, lang.code(), st.app.now_ms())
        .await
        .map_err(|e| PanelError::internal(sess.lang, e))?;
    Ok(done("/account", "saved"))
}

pub async fn password(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    let req = json!({
        "current_password": field(&form, "current_password").unwrap_or_default(),
        "new_password": field(&form, "new_password").unwrap_or_default(),
    });
    match st
        .send(&sess, Method::POST, "/api/me/password", Some(&req))
        .await?
    {
        Ok(_) => Ok(done("/account", "password-changed")),
        Err(e) => {
            let mut res = render(&st, &sess, None, e).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}
