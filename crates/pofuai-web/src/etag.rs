//! Optimistic concurrency: an object's version as its `ETag`, and `If-Match` on changes, so a
//! client that read version 3 can say "change it only if it is still version 3" and get 412
//! instead of overwriting someone else's change.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, header};

use crate::error::ApiError;

/// The version an `If-Match` header requires: `None` without the header or with `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<IfMatch, ApiError> {
        let mut values = parts.headers.get_all(header::IF_MATCH).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return if parts.headers.contains_key(header::IF_MATCH) {
                Err(invalid())
            } else {
                Ok(IfMatch(None))
            };
        };
        parse(value.to_str().map_err(|_| invalid())?).map(IfMatch)
    }
}

fn invalid() -> ApiError {
    ApiError::BadRequest {
        code: "invalid_header",
        message: "must be one ETag this API returned, like \"3\", or *".into(),
        field: Some("If-Match".into()),
    }
}

fn parse(text: &str) -> Result<Option<i64>, ApiError> {
    let text = text.trim();
    if text == "*" {
        return Ok(None);
    }
    // A weak tag never matches under the strong comparison If-Match uses; version 0 does not
    // exist, so asking for it fails the precondition as the standard wants.
    if let Some(weak) = text.strip_prefix("W/") {
        return quoted_version(weak).map(|_| Some(0));
    }
    quoted_version(text).map(Some)
}

fn quoted_version(text: &str) -> Result<i64, ApiError> {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|v| *v > 0)
        .ok_or_else(invalid)
}

/// The `ETag` header for an object at `version`.
pub fn etag(version: i64) -> (HeaderName, HeaderValue) {
    (
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\""))
            .unwrap_or(HeaderValue::from_static("\"0\"")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_forms() {
        assert_eq!(parse("\"7\"").unwrap(), Some(7));
        assert_eq!(parse(" * ").unwrap(), None);
        assert_eq!(parse("W/\"7\"").unwrap(), Some(0));
        for bad in ["7", "\"x\"", "\"-1\"", "\"0\"", "\"1\", \"2\"", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
