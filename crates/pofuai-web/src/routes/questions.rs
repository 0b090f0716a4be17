//! Buyers' product questions imported from channels (Trendyol's questions API), each with an
//! answer drafted from the product's data. The seller edits the draft and approves it; the
//! answer then goes to the platform as a job, so it survives restarts, retries on 429/5xx and
//! is never sent twice.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pofuai_core::Feature;
use pofuai_store::questions::{QuestionFilter, STATUSES};
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use pofuai_sync::JobKind;

/// Trendyol takes answers of 10 to 2000 characters.
const ANSWER_MIN: usize = 10;
const ANSWER_MAX: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_questions))
        .routes(routes!(unanswered))
        .routes(routes!(get_question, edit_question))
        .routes(routes!(approve_question))
        .routes(routes!(import_questions))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QuestionQuery {
    /// new, drafted, approved, sending, answered or failed.
    status: Option<String>,
    integration_id: Option<i64>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Imported questions, newest first, with their drafts and sending state.
#[utoipa::path(get, path = "/api/questions", tag = "questions", params(QuestionQuery),
    responses((status = 200, description = "items and next_cursor")), security(("bearer" = [])))]
async fn list_questions(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    ApiError::check_one_of("status", q.status.as_deref(), &STATUSES)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let filter = QuestionFilter {
        status: q.status,
        integration_id: q.integration_id,
    };
    let rows = state
        .store
        .list_questions(auth.manage_scope(), &filter, page)
        .await?;
    Ok(Json(
        json!({ "items": rows.items, "next_cursor": rows.next_cursor }),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UnansweredQuery {
    /// 1–100, default 10.
    limit: Option<i64>,
}

/// Questions still waiting for an answer on the platform, oldest first, with their age in
/// milliseconds (platforms rank sellers by answer time), and how many there are.
#[utoipa::path(get, path = "/api/questions/unanswered", tag = "questions", params(UnansweredQuery),
    responses((status = 200, description = "count and items with age_ms")), security(("bearer" = [])))]
async fn unanswered(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UnansweredQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let limit = q.limit.unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::coded_args(
            "limit",
            "out_of_range",
            "must be between 1 and 100",
            &[("min", 1), ("max", 100)],
        ));
    }
    let (rows, count) = state
        .store
        .unanswered_questions(auth.manage_scope(), limit)
        .await?;
    let now = state.now_ms();
    let items: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|q| {
            let age = (now - q.asked_at).max(0);
            let mut v = json!(q);
            v["age_ms"] = json!(age);
            v
        })
        .collect();
    Ok(Json(json!({ "count": count, "items": items })))
}

#[utoipa::path(get, path = "/api/questions/{id}", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, description = "the question")), security(("bearer" = [])))]
async fn get_question(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    Ok(Json(json!(
        state.store.question(id, auth.manage_scope()).await?
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditQuestion {
    /// The answer to send, 10 to 2000 characters.
    draft: String,
}

/// The answer text as the platform would take it, or a 422 naming `draft`.
fn answer_text(draft: &str) -> ApiResult<String> {
    let text = draft.trim();
    let n = text.chars().count();
    if !(ANSWER_MIN..=ANSWER_MAX).contains(&n) {
        return Err(ApiError::coded_args(
            "draft",
            "length_between",
            format!("must be {ANSWER_MIN} to {ANSWER_MAX} characters"),
            &[("min", ANSWER_MIN as i64), ("max", ANSWER_MAX as i64)],
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::coded(
            "draft",
            "control_characters",
            "must not contain control characters",
        ));
    }
    Ok(text.to_owned())
}

/// Replaces the drafted answer (not once it is approved or answered).
#[utoipa::path(patch, path = "/api/questions/{id}", tag = "questions", params(("id" = i64, Path)),
    request_body = EditQuestion, responses((status = 200, description = "the question")), security(("bearer" = [])))]
async fn edit_question(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<EditQuestion>,
) -> ApiResult<Json<serde_json::Value>> {
    auth.require(Feature::MultiChannel)?;
    let text = answer_text(&req.draft)?;
    let q = state
        .store
        .edit_question_draft(id, auth.manage_scope(), &text, state.now_ms())
        .await?;
    Ok(Json(json!(q)))
}

/// Approves the draft: the answer is sent to the platform by a job.
#[utoipa::path(post, path = "/api/questions/{id}/approve", tag = "questions", params(("id" = i64, Path)),
    responses((status = 202, description = "job_id and the question")), security(("bearer" = [])))]
async fn approve_question(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let current = state.store.question(id, auth.manage_scope()).await?;
    // The draft must be sendable as it stands (an empty or short draft is edited first).
    answer_text(&current.draft)?;
    let q = state
        .store
        .approve_question(id, auth.manage_scope(), state.now_ms())
        .await?;
    let job = state
        .engine
        .enqueue(
            q.owner_id,
            q.integration_id,
            JobKind::AnswerQuestion { question_id: q.id },
        )
        .await?;
    state
        .store
        .set_question_job(q.id, job.id, state.now_ms())
        .await?;
    let q = state.store.question(id, auth.manage_scope()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "job_id": job.id, "state": job.state, "question": q })),
    ))
}

/// Imports the integration's buyers' questions now (they are also imported periodically).
#[utoipa::path(post, path = "/api/integrations/{id}/questions/import", tag = "questions",
    params(("id" = i64, Path)), responses((status = 202, description = "job_id")), security(("bearer" = [])))]
async fn import_questions(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    if !pofuai_sync::has_questions(&i.integration_name) {
        return Err(ApiError::field(
            "id",
            "this integration's platform has no questions API we read",
        ));
    }
    if !i.active {
        return Err(ApiError::coded(
            "id",
            "not_active",
            "the integration is not active",
        ));
    }
    let job = state
        .engine
        .enqueue(i.owner_id, i.id, JobKind::ImportQuestions)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "job_id": job.id, "state": job.state })),
    ))
}
