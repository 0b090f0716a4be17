//! The assistant's chat: the user's conversations, the chosen one's messages with their
//! links and proposed actions (each with a confirm button), and the question form. Asking
//! and confirming go through the assistant API like every other page's changes.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
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
        .route("/assistant", get(page).post(ask))
        .route("/assistant/actions/{id}/confirm", post(confirm))
}

#[derive(Deserialize, Default)]
pub struct ChatQuery {
    c: Option<i64>,
    ok: Option<String>,
}

pub struct Chat {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub current: bool,
}

pub struct ActionRow {
    pub id: i64,
    pub label: String,
    /// The translation key of the action's state.
    pub status_key: &'static str,
    pub proposed: bool,
    pub href: Option<String>,
}

pub struct Line {
    pub mine: bool,
    pub text: String,
    pub links: Vec<(String, String)>,
    pub actions: Vec<ActionRow>,
}

#[derive(Template)]
#[template(path = "panel/assistant.html")]
struct Page {
    c: Ctx,
    chats: Vec<Chat>,
    current: Option<i64>,
    lines: Vec<Line>,
    text: String,
    errors: FormErrors,
}

/// Only local panel paths become links.
fn local(href: &str) -> Option<String> {
    (href.starts_with('/') && !href.starts_with("//")).then(|| href.to_string())
}

/// The words for an action's state (`proposed`, `running`, `done`, `failed`).
fn action_status_key(status: &str) -> &'static str {
    match status {
        "proposed" => "action-status-proposed",
        "running" => "action-status-running",
        "done" => "action-status-done",
        _ => "action-status-failed",
    }
}

fn line(m: &Value) -> Line {
    Line {
        mine: s(m, "role") == "user",
        text: s(m, "text"),
        links: m["links"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| local(&s(l, "href")).map(|h| (s(l, "label"), h)))
                    .collect()
            })
            .unwrap_or_default(),
        actions: m["actions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| ActionRow {
                        id: n(x, "id"),
                        label: s(x, "label"),
                        proposed: s(x, "status") == "proposed",
                        status_key: action_status_key(&s(x, "status")),
                        href: x["result"]["url"].as_str().and_then(local),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

async fn render(
    st: &PanelState,
    sess: &Session,
    current: Option<i64>,
    flash: Option<&str>,
    text: String,
    errors: FormErrors,
) -> PanelResult<Response> {
    sess.require(Feature::AiAssistant)?;
    let c = Ctx::new(sess, "assistant", flash);
    let list = st
        .get(sess, "/api/assistant/conversations?limit=30")
        .await?;
    let chats: Vec<Chat> = items(&list)
        .iter()
        .map(|x| Chat {
            id: n(x, "id"),
            title: s(x, "title"),
            when: fmt::rfc3339(sess.lang, &s(x, "updated_at")),
            current: Some(n(x, "id")) == current,
        })
        .collect();
    let lines = match current {
        Some(id) => {
            let conv = st
                .get(sess, &format!("/api/assistant/conversations/{id}"))
                .await?;
            conv["messages"]
                .as_array()
                .map(|m| m.iter().map(line).collect())
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    Ok(html(Page {
        c,
        chats,
        current,
        lines,
        text,
        errors,
    }))
}

pub async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<ChatQuery>,
) -> PanelResult<Response> {
    render(
        &st,
        &sess,
        q.c,
        q.ok.as_deref(),
        String::new(),
        FormErrors::default(),
    )
    .await
}

/// Sends the question, then shows the conversation with its answer.
pub async fn ask(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    sess.require(Feature::AiAssistant)?;
    let form = checked_form(&sess, &headers, &body)?;
    let text = field(&form, "text").unwrap_or_default().to_string();
    let conversation = field(&form, "conversation_id").and_then(|c| c.parse::<i64>().ok());
    let mut req = json!({"text": text});
    if let Some(c) = conversation {
        req["conversation_id"] = json!(c);
    }
    match st
        .send(&sess, Method::POST, "/api/assistant/messages", Some(&req))
        .await?
    {
        Ok(answer) => Ok(done(
            &format!("/assistant?c={}", n(&answer, "conversation_id")),
            "asked",
        )),
        Err(e) => {
            let mut res = render(&st, &sess, conversation, None, text, e).await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// Confirms one proposed action, then goes back to its conversation.
pub async fn confirm(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    sess.require(Feature::AiAssistant)?;
    let form = checked_form(&sess, &headers, &body)?;
    let back = match field(&form, "conversation_id").and_then(|c| c.parse::<i64>().ok()) {
        Some(c) => format!("/assistant?c={c}"),
        None => "/assistant".to_string(),
    };
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/assistant/actions/{id}/confirm"),
            None,
        )
        .await?
    {
        Ok(_) => Ok(done(&back, "action-done")),
        Err(_) => Ok(done(&back, "action-failed")),
    }
}
