//! Buyers' questions: unanswered first (oldest first, with their age — platforms rank sellers
//! by answer time), each with its drafted answer to edit and approve; "import now".

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
use crate::panel::i18n::Lang;
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/questions", get(list))
        .route("/questions/import", post(import))
        .route("/questions/{id}", post(save))
        .route("/questions/{id}/approve", post(approve))
}

/// How long a question has waited, in hours under two days, else in days.
pub fn age(lang: Lang, ms: i64) -> String {
    let hours = ms.max(0) / 3_600_000;
    if hours < 48 {
        crate::panel::i18n::ta(lang, "age-hours", &[("n", hours.into())])
    } else {
        crate::panel::i18n::ta(lang, "age-days", &[("n", (hours / 24).into())])
    }
}

pub struct QuestionRow {
    pub id: i64,
    pub product: String,
    pub product_id: Option<i64>,
    pub question: String,
    pub asked: String,
    pub age: String,
    pub status_key: String,
    pub draft: String,
    /// What was sent to the platform (empty until answered).
    pub answer: String,
    pub needs_seller: bool,
    pub facts: String,
    pub editable: bool,
    pub error: String,
}

#[derive(Template)]
#[template(path = "panel/questions.html")]
struct ListPage {
    c: Ctx,
    open: Vec<QuestionRow>,
    open_count: i64,
    others: Vec<QuestionRow>,
    errors: FormErrors,
    error_id: i64,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    ok: Option<String>,
}

const STATUSES: [&str; 6] = [
    "new", "drafted", "approved", "sending", "answered", "failed",
];

fn row(lang: Lang, q: &Value, now: i64) -> QuestionRow {
    let status = s(q, "status");
    let status_key = if STATUSES.contains(&status.as_str()) {
        format!("question-status-{status}")
    } else {
        "question-status-new".into()
    };
    QuestionRow {
        id: n(q, "id"),
        product: s(q, "product_name"),
        product_id: q["product_id"].as_i64(),
        question: s(q, "question"),
        asked: fmt::datetime(lang, n(q, "asked_at")),
        age: age(lang, now - n(q, "asked_at")),
        editable: matches!(status.as_str(), "new" | "drafted" | "failed")
            && s(q, "platform_status") == "WAITING_FOR_ANSWER",
        status_key,
        draft: s(q, "draft"),
        answer: s(q, "answer"),
        needs_seller: q["needs_seller"].as_bool().unwrap_or(false),
        facts: q["facts"]
            .as_array()
            .map(|f| {
                f.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default(),
        error: s(q, "error"),
    }
}

async fn page(
    st: &PanelState,
    sess: &Session,
    flash: Option<&str>,
    errors: FormErrors,
    error_id: i64,
) -> PanelResult<Response> {
    sess.require(Feature::MultiChannel)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "questions", flash);
    let now = st.app.now_ms();
    let open_json = st.get(sess, "/api/questions/unanswered?limit=50").await?;
    let open: Vec<QuestionRow> = items(&open_json)
        .iter()
        .map(|q| row(lang, q, now))
        .collect();
    let recent = st.get(sess, "/api/questions?limit=30").await?;
    let others: Vec<QuestionRow> = items(&recent)
        .iter()
        .filter(|q| !open.iter().any(|o| o.id == n(q, "id")))
        .map(|q| row(lang, q, now))
        .collect();
    let mut res = html(ListPage {
        c,
        open_count: n(&open_json, "count"),
        open,
        others,
        errors: errors.clone(),
        error_id,
    });
    if errors.any() {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn list(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<ListQuery>,
) -> PanelResult<Response> {
    page(&st, &sess, q.ok.as_deref(), FormErrors::default(), 0).await
}

async fn save(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let req = json!({ "draft": field(&form, "draft").unwrap_or_default() });
    match st
        .send(
            &sess,
            Method::PATCH,
            &format!("/api/questions/{id}"),
            Some(&req),
        )
        .await?
    {
        Ok(_) => Ok(done("/questions", "saved")),
        Err(e) => page(&st, &sess, None, e, id).await,
    }
}

async fn approve(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    // The text in the box is saved first, so what the seller sees is what is sent.
    if let Some(draft) = field(&form, "draft") {
        let req = json!({ "draft": draft });
        if let Err(e) = st
            .send(
                &sess,
                Method::PATCH,
                &format!("/api/questions/{id}"),
                Some(&req),
            )
            .await?
        {
            return page(&st, &sess, None, e, id).await;
        }
    }
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/questions/{id}/approve"),
            None,
        )
        .await?
    {
        Ok(_) => Ok(done("/questions", "answer-queued")),
        Err(e) => page(&st, &sess, None, e, id).await,
    }
}

async fn import(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::MultiChannel)?;
    let list = st.get(&sess, "/api/integrations?limit=100").await?;
    let mut queued = false;
    for i in items(&list) {
        if s(&i, "integration_name") == "trendyol" && i["active"].as_bool().unwrap_or(false) {
            let uri = format!("/api/integrations/{}/questions/import", n(&i, "id"));
            queued |= st.send(&sess, Method::POST, &uri, None).await?.is_ok();
        }
    }
    Ok(done(
        "/questions",
        if queued {
            "sync-queued"
        } else {
            "sync-refused"
        },
    ))
}
