//! The AI assistant under `/api/assistant`: asking (`messages`), the caller's conversations,
//! and confirming a proposed action. Every object is the caller's own: another user's
//! conversation or action does not exist for them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use pofuai_core::Feature;
use pofuai_store::assistant::{Action, ConfirmRefusal, Message, NewAction};
use pofuai_text::Language;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_request;
use crate::AppState;
use crate::assistant::actions::{self, Kind};
use crate::assistant::{self as engine, Link};
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Longest question, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Messages a conversation answer shows (the newest).
const MAX_MESSAGES: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ask))
        .routes(routes!(list_conversations))
        .routes(routes!(get_conversation))
        .routes(routes!(confirm))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// Continue this conversation (one of yours); omit to start one.
    conversation_id: Option<i64>,
    /// The question, Turkish or English, 1–2000 characters.
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ActionView {
    id: i64,
    /// `open_product`, `set_stock`, `set_price` or `generate_template`.
    kind: String,
    #[schema(value_type = Object)]
    params: Value,
    label: String,
    /// `proposed`, `running`, `done` or `failed`.
    status: String,
    #[schema(value_type = Option<Object>)]
    result: Option<Value>,
    expires_at: DateTime<Utc>,
}

impl From<&Action> for ActionView {
    fn from(a: &Action) -> ActionView {
        ActionView {
            id: a.id,
            kind: a.kind.clone(),
            params: serde_json::from_str(&a.params).unwrap_or(Value::Null),
            label: a.label.clone(),
            status: a.status.clone(),
            result: a
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            expires_at: to_datetime(a.expires_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    id: i64,
    /// `user` or `assistant`.
    role: String,
    text: String,
    /// Pages the answer talks about.
    links: Vec<Link>,
    /// What the assistant offers to do; each runs only through its confirm endpoint.
    actions: Vec<ActionView>,
    /// How the question was read (`low_stock`, `top_sellers`, …, `llm`).
    intent: Option<String>,
    /// `offline` or `llm`.
    engine: Option<String>,
    /// `tr` or `en`.
    language: Option<String>,
    created_at: DateTime<Utc>,
}

fn message_view(m: &Message, actions: &[Action]) -> MessageView {
    let data: Value = serde_json::from_str(&m.data).unwrap_or(Value::Null);
    let ids: Vec<i64> = data["action_ids"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    MessageView {
        id: m.id,
        role: m.role.clone(),
        text: m.text.clone(),
        links: serde_json::from_value(data["links"].clone()).unwrap_or_default(),
        actions: actions
            .iter()
            .filter(|a| ids.contains(&a.id))
            .map(ActionView::from)
            .collect(),
        intent: data["intent"].as_str().map(str::to_string),
        engine: data["engine"].as_str().map(str::to_string),
        language: data["language"].as_str().map(str::to_string),
        created_at: to_datetime(m.created_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct AnswerView {
    conversation_id: i64,
    question: MessageView,
    answer: MessageView,
}

/// Asks the assistant about your own catalogue, stock, orders, returns, forecasts,
/// templates and quota. The answer is in the question's language, with links and proposed
/// actions; nothing changes until you confirm an action. Premium, seller and admin.
#[utoipa::path(post, path = "/api/assistant/messages", tag = "assistant", request_body = AskRequest,
    responses((status = 201, body = AnswerView), (status = 403, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn ask(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<AskRequest>,
) -> ApiResult<(StatusCode, Json<AnswerView>)> {
    auth.require(Feature::AiAssistant)?;
    let text = req.text.trim();
    if text.is_empty() {
        return Err(ApiError::field("text", "must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::field(
            "text",
            format!("must be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    let owner = auth.user.id;
    let now = state.now_ms();
    let conversation = match req.conversation_id {
        Some(id) => match state.store.conversation(owner, id).await {
            Err(pofuai_store::StoreError::NotFound) => {
                return Err(ApiError::field(
                    "conversation_id",
                    "is not one of your conversations",
                ));
            }
            other => other?,
        },
        None => {
            let title: String = text.chars().take(80).collect();
            state.store.create_conversation(owner, &title, now).await?
        }
    };
    let question = state
        .store
        .add_message(owner, conversation.id, "user", text, "{}", now)
        .await?;
    let panel_lang = state
        .store
        .user_language(owner)
        .await?
        .and_then(|l| Language::from_code(&l))
        .unwrap_or(Language::Tr);
    let reply = engine::respond(&state, &auth.user, text, panel_lang).await?;
    let proposals: Vec<NewAction> = reply
        .actions
        .iter()
        .map(|p| NewAction {
            kind: p.kind.as_str().to_string(),
            params: p.params.to_string(),
            label: p.label.clone(),
        })
        .collect();
    let stored = state
        .store
        .propose_actions(
            owner,
            conversation.id,
            &proposals,
            now + actions::VALID_FOR_MS,
            now,
        )
        .await?;
    let data = json!({
        "links": reply.links,
        "action_ids": stored.iter().map(|a| a.id).collect::<Vec<_>>(),
        "intent": reply.intent,
        "engine": reply.engine,
        "language": reply.language.code(),
    });
    let answer = state
        .store
        .add_message(
            owner,
            conversation.id,
            "assistant",
            &reply.text,
            &data.to_string(),
            now,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(AnswerView {
            conversation_id: conversation.id,
            question: message_view(&question, &[]),
            answer: message_view(&answer, &stored),
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// 1–100 [default: 20].
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConversationView {
    id: i64,
    title: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ConversationPage {
    items: Vec<ConversationView>,
    next_cursor: Option<String>,
}

/// Your conversations with the assistant, newest first.
#[utoipa::path(get, path = "/api/assistant/conversations", tag = "assistant", params(ListQuery),
    responses((status = 200, body = ConversationPage), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn list_conversations(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ConversationPage>> {
    auth.require(Feature::AiAssistant)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let rows = state.store.conversations(auth.user.id, page).await?;
    Ok(Json(ConversationPage {
        items: rows
            .items
            .into_iter()
            .map(|c| ConversationView {
                id: c.id,
                title: c.title,
                created_at: to_datetime(c.created_at),
                updated_at: to_datetime(c.updated_at),
            })
            .collect(),
        next_cursor: rows.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ConversationDetail {
    id: i64,
    title: String,
    created_at: DateTime<Utc>,
    /// Oldest first; the newest 200.
    messages: Vec<MessageView>,
}

/// One of your conversations with its messages and the actions proposed in it.
#[utoipa::path(get, path = "/api/assistant/conversations/{id}", tag = "assistant",
    params(("id" = i64, Path)),
    responses((status = 200, body = ConversationDetail), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_conversation(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ConversationDetail>> {
    auth.require(Feature::AiAssistant)?;
    let owner = auth.user.id;
    let c = state.store.conversation(owner, id).await?;
    let messages = state.store.messages(owner, id, MAX_MESSAGES).await?;
    let actions = state.store.conversation_actions(owner, id).await?;
    Ok(Json(ConversationDetail {
        id: c.id,
        title: c.title,
        created_at: to_datetime(c.created_at),
        messages: messages.iter().map(|m| message_view(m, &actions)).collect(),
    }))
}

/// Carries out an action the assistant proposed to you: once, before it expires, with your
/// own permissions. Another user's action does not exist for you.
#[utoipa::path(post, path = "/api/assistant/actions/{id}/confirm", tag = "assistant",
    params(("id" = i64, Path)),
    responses((status = 200, body = ActionView), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "already confirmed or expired", body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn confirm(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ActionView>> {
    auth.require(Feature::AiAssistant)?;
    let owner = auth.user.id;
    let action = match state
        .store
        .confirm_action(owner, id, state.now_ms())
        .await?
    {
        Ok(a) => a,
        Err(ConfirmRefusal::AlreadyConfirmed) => {
            return Err(ApiError::field("id", "the action was already confirmed"));
        }
        Err(ConfirmRefusal::Expired) => {
            return Err(ApiError::field("id", "the action has expired; ask again"));
        }
    };
    let kind = Kind::parse(&action.kind)
        .ok_or_else(|| ApiError::internal(std::io::Error::other("unknown action kind")))?;
    let params: Value = serde_json::from_str(&action.params).map_err(ApiError::internal)?;
    match actions::execute(&state, &auth, kind, &params).await {
        Ok(result) => {
            let done = state
                .store
                .finish_action(owner, id, "done", &result.to_string())
                .await?;
            Ok(Json(ActionView::from(&done)))
        }
        Err(e) => {
            let (_, body) = e.body();
            let result = json!({"error": {"code": body.code, "message": body.message}});
            state
                .store
                .finish_action(owner, id, "failed", &result.to_string())
                .await?;
            Err(e)
        }
    }
}
