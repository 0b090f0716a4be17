//! `Idempotency-Key` on POSTs: a retry with the same key and the same body gets the first
//! answer again (with `Idempotent-Replayed: true`) instead of creating twice; the same key with
//! another body is 422; a retry while the first is still running is 409. Keys belong to the
//! caller's account and are kept 24 hours in the database, so they hold across restarts and
//! nodes. Answers of 5xx are not kept: the retry runs again.

use axum::body::Body;
use std::convert::Infallible;

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pofuai_store::idempotency::Claim;
use sha2::{Digest, Sha256};
use tower::{Service, ServiceExt};

use crate::AppState;
use crate::error::ApiError;

pub const HEADER: &str = "idempotency-key";
const KEEP_MS: i64 = 24 * 3600 * 1000;
/// Answers larger than this are not kept (ours are far smaller).
const MAX_ANSWER: usize = 1024 * 1024;

/// Whether `req` takes part: a POST with the header.
pub(crate) fn applies(req: &Request) -> bool {
    req.method() == Method::POST && req.headers().contains_key(HEADER)
}

/// Answers `req` by `next`, or by the kept answer of its key. Only POSTs with the header get
/// here (see [`applies`]).
pub(crate) async fn idempotent<S>(state: &AppState, req: Request, next: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let run = |req: Request| async move {
        match next.oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    };
    let Some(raw) = req.headers().get(HEADER) else {
        return run(req).await;
    };
    let key = match raw.to_str() {
        Ok(k) if (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
            k.to_string()
        }
        _ => {
            return ApiError::BadRequest {
                code: "invalid_header",
                message: "must be 1 to 255 visible ASCII characters".into(),
                field: Some("Idempotency-Key".into()),
            }
            .into_response();
        }
    };
    let user_id = match crate::auth::presented_token(req.headers()) {
        Some(token) => match state
            .store
            .user_for_token(&crate::auth::token_hash(token), state.now_ms())
            .await
        {
            Ok(Some(user)) => user.id,
            Ok(None) => return run(req).await, // the handler answers 401
            Err(e) => return ApiError::from(e).into_response(),
        },
        None => return run(req).await,
    };
    let (parts, body) = req.into_parts();
    let limit = state.config.max_upload_bytes + 256 * 1024;
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::PayloadTooLarge { limit }.into_response(),
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.uri.path().as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let request_hash = hex::encode(hasher.finalize());
    let claim = state
        .store
        .claim_idempotency_key(user_id, &key, &request_hash, state.now_ms(), KEEP_MS)
        .await;
    match claim {
        Err(e) => ApiError::from(e).into_response(),
        Ok(Claim::Mismatch) => ApiError::field(
            "Idempotency-Key",
            "was already used with another request; use a new key for a new request",
        )
        .into_response(),
        Ok(Claim::InProgress) => ApiError::Conflict {
            field: "Idempotency-Key".into(),
        }
        .into_response(),
        Ok(Claim::Replay {
            status,
            content_type,
            body,
        }) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Ok(Claim::New) => {
            let response = run(Request::from_parts(parts, Body::from(bytes))).await;
            keep(state, user_id, &key, response).await
        }
    }
}

/// Stores the answer for replay (or releases the key), and passes it on.
async fn keep(state: &AppState, user_id: i64, key: &str, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ANSWER).await {
        Ok(b) => b,
        Err(e) => {
            let _ = state.store.release_idempotency_key(user_id, key).await;
            return ApiError::internal(std::io::Error::other(e.to_string())).into_response();
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let stored = match std::str::from_utf8(&bytes) {
        Ok(text) if !parts.status.is_server_error() => {
            state
                .store
                .finish_idempotency_key(user_id, key, parts.status.as_u16(), &content_type, text)
                .await
        }
        _ => state.store.release_idempotency_key(user_id, key).await,
    };
    if let Err(e) = stored {
        tracing::warn!(error = %e, "idempotency key not kept");
    }
    Response::from_parts(parts, Body::from(bytes))
}
