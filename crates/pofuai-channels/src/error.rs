use std::time::Duration;

/// What went wrong talking to a platform, sorted by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    /// 401/403: the credentials (or the mandatory User-Agent) were refused. Retrying cannot help.
    #[error("the platform refused the credentials: {0}")]
    Unauthorized(String),
    /// 429: wait `retry_after` when the platform said how long, else back off.
    #[error("rate limited by the platform")]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx, timeouts, dropped connections: the call may or may not have taken effect.
    #[error("temporary platform failure: {0}")]
    Transient(String),
    /// The platform refused this exact request (a 4xx other than auth and 429); `code` is its
    /// own error code or status, `message` its words. Sending it again unchanged will fail again.
    #[error("the platform refused the request ({code}): {message}")]
    Rejected { code: String, message: String },
    /// Trendyol's 15-minute rule: this identical request was already accepted recently, so its
    /// effect is in place.
    #[error("the platform already has this identical request: {0}")]
    Duplicate(String),
    /// The platform answered something we cannot read.
    #[error("unexpected platform response: {0}")]
    Protocol(String),
    /// A caller mistake caught before sending (e.g. a batch over the platform's limit).
    #[error("invalid request: {0}")]
    Invalid(String),
}

impl ChannelError {
    /// Whether the same call may succeed later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ChannelError::RateLimited { .. } | ChannelError::Transient(_)
        )
    }

    /// The platform's code for logs (`integration_error_logs.platform_code`).
    pub fn platform_code(&self) -> String {
        match self {
            ChannelError::Unauthorized(_) => "unauthorized".into(),
            ChannelError::RateLimited { .. } => "429".into(),
            ChannelError::Transient(_) => "transient".into(),
            ChannelError::Rejected { code, .. } => code.clone(),
            ChannelError::Duplicate(_) => "duplicate_request".into(),
            ChannelError::Protocol(_) => "protocol".into(),
            ChannelError::Invalid(_) => "invalid".into(),
        }
    }

    /// Maps a reqwest failure: anything on the wire is transient.
    pub(crate) fn from_transport(error: reqwest::Error) -> ChannelError {
        // The URL can hold the seller id but never credentials (they travel in headers).
        ChannelError::Transient(error.without_url().to_string())
    }

    /// Maps a non-success HTTP answer that no platform-specific rule claimed.
    pub(crate) fn from_status(
        status: reqwest::StatusCode,
        retry_after: Option<Duration>,
        body: &str,
    ) -> ChannelError {
        let snippet: String = body.chars().take(300).collect();
        match status.as_u16() {
            401 | 403 => ChannelError::Unauthorized(snippet),
            429 => ChannelError::RateLimited { retry_after },
            500..=599 => ChannelError::Transient(format!("{status}: {snippet}")),
            _ => ChannelError::Rejected {
                code: status.as_u16().to_string(),
                message: snippet,
            },
        }
    }
}

/// Reads a `Retry-After` header given in seconds (the HTTP-date form is not used by these APIs).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(3600.0)))
}
