//! Request ids: every request gets one (or keeps a well-formed one a proxy in front gave it),
//! every log line written while handling it carries it (a `request` span), and the answer
//! returns it as `x-request-id`, so a user's report can be found in the logs.

use axum::extract::Request;
use axum::http::HeaderValue;
use rand::Rng;

pub const HEADER: &str = "x-request-id";

/// A proxy's id is kept only if it is short and plain, so it cannot forge log structure.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn fresh() -> String {
    format!("{:016x}", rand::thread_rng().r#gen::<u64>())
}

/// The request's id: a well-formed one a proxy gave, else a fresh one; written into the
/// request's headers so handlers can read it (for an error body, say).
pub(crate) fn assign(request: &mut Request) -> HeaderValue {
    let given = request
        .headers()
        .get(HEADER)
        .filter(|v| v.to_str().is_ok_and(acceptable));
    match given {
        Some(value) => value.clone(),
        None => {
            // Sixteen hex digits are always a valid header value.
            let value = HeaderValue::from_str(&fresh()).unwrap_or(HeaderValue::from_static("0"));
            request.headers_mut().insert(HEADER, value.clone());
            value
        }
    }
}

/// The span every log line written while handling `request` belongs to.
pub(crate) fn span(id: &HeaderValue, request: &Request) -> tracing::Span {
    tracing::info_span!(
        "request",
        request.id = id.to_str().unwrap_or_default(),
        http.method = %request.method(),
        http.path = %request.uri().path(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_short_ids_are_kept() {
        assert!(acceptable("lb-1234.abc_DEF"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable("a b"));
        assert!(!acceptable("a\"}{"));
        assert_eq!(fresh().len(), 16);
    }
}
