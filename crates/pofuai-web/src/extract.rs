//! Extractors that turn every kind of bad input into an [`ApiError`] naming the field:
//! JSON bodies, query strings and path parameters.

use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header;
use axum::http::request::Parts;
use bytes::Bytes;
use pofuai_core::FieldError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. Syntax errors are 400 `malformed_json`; type errors, missing and unknown
/// fields are 422 `validation_failed` with the field's JSON path.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType {
                expected: "Content-Type: application/json",
            });
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub(crate) fn body_rejection(r: BytesRejection) -> ApiError {
    match r {
        BytesRejection::FailedToBufferBody(e) if crate::server::is_body_timeout(&e) => {
            ApiError::RequestTimeout
        }
        BytesRejection::FailedToBufferBody(e) => {
            // The only buffering failure a client causes is exceeding the body limit.
            let text = e.to_string();
            if text.contains("length limit") || text.contains("too large") {
                ApiError::PayloadTooLarge {
                    limit: crate::JSON_BODY_LIMIT,
                }
            } else {
                ApiError::BadRequest {
                    code: "bad_body",
                    message: "could not read the request body".into(),
                    field: None,
                }
            }
        }
        _ => ApiError::BadRequest {
            code: "bad_body",
            message: "could not read the request body".into(),
            field: None,
        },
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body of this API is an object. serde would also read a struct from an array
    // (field by position), which only confuses error messages, so anything else is refused.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Ok(_) => Err(ApiError::field("body", "must be a JSON object")),
            Err(e) => Err(ApiError::MalformedJson(e.to_string())),
        };
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(ApiError::MalformedJson(inner.to_string()));
            }
            Err(ApiError::Validation(vec![serde_field_error(
                &path,
                &inner.to_string(),
            )]))
        }
    }
}

/// Turns serde's message into a field error. Missing and unknown fields are reported by
/// serde at the parent's path with the name in the message, so the name is moved into the path.
fn serde_field_error(path: &str, message: &str) -> FieldError {
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    let join = |name: &str| {
        if path.is_empty() || path == "." {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some((name, _)) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
    {
        return FieldError::new(join(name), "is required");
    }
    if message.starts_with("unknown field `") {
        // Here serde has already stepped into the unknown key, so the path names it.
        return FieldError::new(path, "is not a known field");
    }
    let field = if path.is_empty() || path == "." {
        "body".to_string()
    } else {
        path.to_string()
    };
    FieldError::new(field, message.to_string())
}

/// A `multipart/form-data` body; any other content type is 415 `unsupported_media_type`.
pub struct ApiMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("multipart/form-data"));
        if !is_multipart {
            return Err(ApiError::UnsupportedMediaType {
                expected: "Content-Type: multipart/form-data",
            });
        }
        axum::extract::Multipart::from_request(req, state)
            .await
            .map(ApiMultipart)
            .map_err(|e| ApiError::BadRequest {
                code: "malformed_multipart",
                message: e.body_text(),
                field: None,
            })
    }
}

/// A query string; every problem is a 422 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                let inner = err.into_inner().to_string();
                ApiError::Validation(vec![serde_field_error(&path, &inner)])
            })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Path parameters; a value of the wrong type (`/api/products/abc`) is a 400 naming the key.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                // A single value or a tuple reports no key; the route's parameter names
                // are in the raw parameters, in order.
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|raw| raw.iter().map(|(k, _)| k.to_string()).collect())
                    .unwrap_or_default();
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key } => Some(key.clone()),
                    ErrorKind::ParseErrorAtIndex { index, .. } => names.get(*index).cloned(),
                    ErrorKind::ParseError { .. } => names.first().cloned(),
                    _ => None,
                };
                Err(ApiError::BadRequest {
                    code: "invalid_path",
                    message: e.body_text(),
                    field,
                })
            }
            Err(other) => Err(ApiError::BadRequest {
                code: "invalid_path",
                message: other.body_text(),
                field: None,
            }),
        }
    }
}
