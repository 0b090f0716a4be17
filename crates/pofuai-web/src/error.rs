//! The HTTP layer's one error type and its JSON envelope:
//! `{"error":{"code":"snake_case","message":"…","fields":{"path":"problem"},
//! "field_codes":{"path":{"code":"too_long","args":{"max":100}}}}}`.

use std::collections::BTreeMap;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pofuai_core::FieldError;
use pofuai_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("request is invalid")]
    Validation(Vec<FieldError>),
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    #[error("authentication required")]
    Unauthorized,
    #[error("e-mail or password is wrong")]
    InvalidCredentials,
    #[error("this account is disabled")]
    AccountDisabled,
    #[error("your role may not use this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{field} is already taken")]
    Conflict { field: String },
    #[error("the object has changed since you read it; read it again and retry")]
    PreconditionFailed,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{field} is larger than {limit} bytes")]
    FileTooLarge { field: String, limit: usize },
    #[error("send {expected}")]
    UnsupportedMediaType { expected: &'static str },
    #[error("{field} needs a plan that includes {feature}")]
    UpgradeRequired {
        field: String,
        feature: &'static str,
    },
    #[error("monthly template quota of {limit} is used up; it resets at {resets_at}")]
    QuotaExceeded {
        limit: i64,
        resets_at: chrono::DateTime<chrono::Utc>,
        retry_after_secs: u64,
    },
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("the server is busy; try again shortly")]
    Busy { retry_after_secs: u64 },
    #[error("internal error")]
    Internal(#[source] anyhow_free::BoxError),
}

/// A boxed error without pulling anyhow into the library.
pub mod anyhow_free {
    pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
}

#[derive(Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable: `validation_failed`, `not_found`, `forbidden`, …
    pub code: String,
    /// For people; may change between versions.
    pub message: String,
    /// The request fields at fault, by JSON path, with what is wrong with each.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// For fields whose problem has a stable name: the name and the numbers its message
    /// names, so a client can say it in its user's language (the panel does).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub field_codes: BTreeMap<String, FieldCode>,
    /// Extra facts for some codes, e.g. `limit` and `resets_at` with `quota_exceeded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

/// What is wrong with one field, by name: `too_long` with `max`, `out_of_range` with `min`
/// and `max`, `above_list_price`, `required`…
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct FieldCode {
    pub code: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, i64>,
}

impl ApiError {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    /// A field error with a stable `code` (one of [`pofuai_core::product::FIELD_ERROR_CODES`])
    /// that clients translate; `message` stays the English for API users.
    pub fn coded(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Validation(vec![FieldError::coded(field, code, message)])
    }

    /// [`ApiError::coded`] with the numbers its message names.
    pub fn coded_args(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
        args: &[(&'static str, i64)],
    ) -> ApiError {
        let mut e = FieldError::coded(field, code, message);
        e.args.extend_from_slice(args);
        ApiError::Validation(vec![e])
    }

    /// Refuses a value outside `allowed`, naming the field and the values it may take.
    pub fn check_one_of(field: &str, value: Option<&str>, allowed: &[&str]) -> ApiResult<()> {
        match value {
            Some(v) if !allowed.contains(&v) => Err(ApiError::coded(
                field,
                "one_of",
                format!("must be one of {}", allowed.join(", ")),
            )),
            _ => Ok(()),
        }
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ApiError {
        ApiError::Internal(Box::new(e))
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            ApiError::PreconditionFailed => {
                (StatusCode::PRECONDITION_FAILED, "precondition_failed")
            }
            ApiError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            ApiError::PayloadTooLarge { .. } => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            ApiError::FileTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::UnsupportedMediaType { .. } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::UpgradeRequired { .. } => (StatusCode::FORBIDDEN, "upgrade_required"),
            ApiError::QuotaExceeded { .. } => (StatusCode::TOO_MANY_REQUESTS, "quota_exceeded"),
            ApiError::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl ApiError {
    /// The status and the JSON body this error answers with; also used where one request
    /// carries many outcomes (batches).
    pub fn body(&self) -> (StatusCode, ErrorBody) {
        let (status, code) = self.status_and_code();
        let mut fields = BTreeMap::new();
        let mut field_codes = BTreeMap::new();
        match &self {
            ApiError::Validation(errors) => {
                for e in errors {
                    if fields.contains_key(&e.field) {
                        continue;
                    }
                    fields.insert(e.field.clone(), e.message.clone());
                    if e.code != "invalid" {
                        field_codes.insert(
                            e.field.clone(),
                            FieldCode {
                                code: e.code.to_string(),
                                args: e.args.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                            },
                        );
                    }
                }
            }
            ApiError::BadRequest {
                field: Some(f),
                message,
                ..
            } => {
                fields.insert(f.clone(), message.clone());
            }
            ApiError::Conflict { field } => {
                fields.insert(field.clone(), "already taken".to_string());
            }
            ApiError::FileTooLarge { field, limit } => {
                fields.insert(field.clone(), format!("must be at most {limit} bytes"));
            }
            ApiError::UpgradeRequired { field, feature } => {
                fields.insert(field.clone(), format!("requires {feature}"));
            }
            ApiError::Internal(source) => {
                // Logged once, here, where the error is turned into a response; the client
                // sees only a generic message.
                tracing::error!(error = %source, "request failed");
            }
            _ => {}
        }
        let message = match &self {
            ApiError::Validation(errors) if errors.len() == 1 => errors[0].to_string(),
            other => other.to_string(),
        };
        let details = match &self {
            ApiError::QuotaExceeded {
                limit, resets_at, ..
            } => Some(serde_json::json!({"limit": limit, "resets_at": resets_at})),
            _ => None,
        };
        (
            status,
            ErrorBody {
                code: code.to_string(),
                message,
                fields,
                field_codes,
                details,
            },
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = self.body();
        let retry_after = match &self {
            ApiError::RateLimited { retry_after_secs }
            | ApiError::Busy { retry_after_secs }
            | ApiError::QuotaExceeded {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let mut response = (status, axum::Json(ErrorEnvelope { error })).into_response();
        if let Some(secs) = retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict { field } => ApiError::Conflict {
                field: field.to_string(),
            },
            StoreError::Invalid(fe) => ApiError::Validation(vec![fe]),
            StoreError::Stale => ApiError::PreconditionFailed,
            StoreError::Busy => ApiError::Busy {
                retry_after_secs: 1,
            },
            other => ApiError::internal(other),
        }
    }
}

impl From<pofuai_sync::ConnectError> for ApiError {
    fn from(e: pofuai_sync::ConnectError) -> ApiError {
        match e {
            pofuai_sync::ConnectError::Field(fe) => ApiError::Validation(vec![fe]),
            other => ApiError::internal(other),
        }
    }
}

impl From<Vec<FieldError>> for ApiError {
    fn from(errors: Vec<FieldError>) -> ApiError {
        ApiError::Validation(errors)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> ApiError {
        ApiError::Validation(vec![e])
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Middleware, outermost: any error answer that is not already our JSON envelope (axum's own
/// rejections, 405 from method routing, a panic caught below) is rewritten into it, keeping
/// its status and headers such as `Allow` and `Retry-After`. Handlers answer with [`ApiError`];
/// this is the net under what they cannot reach.
pub(crate) async fn ensure_envelope(head: bool, response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    // The panel's pages answer errors as pages of their own.
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let message = match text.trim() {
        "" => status.canonical_reason().unwrap_or("error").to_string(),
        t => t.chars().take(300).collect(),
    };
    let code = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        411 => "length_required",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "rate_limited",
        431 => "headers_too_large",
        503 => "busy",
        500..=599 => "internal",
        _ => "bad_request",
    };
    let envelope = ErrorEnvelope {
        error: ErrorBody {
            code: code.to_string(),
            message,
            fields: BTreeMap::new(),
            field_codes: BTreeMap::new(),
            details: None,
        },
    };
    let body = serde_json::to_vec(&envelope).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if head {
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// A panic in a handler becomes a 500 in the envelope (logged), not a dropped connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ApiError::internal(std::io::Error::other(format!("handler panicked: {what}"))).into_response()
}
