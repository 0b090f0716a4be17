//! Shared pieces of the Hepsiburada simulator: the request guard (auth, User-Agent, merchant,
//! rate limit), error bodies, dates and query parameters.

use std::collections::HashMap;
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Value, json};

use super::Inner;

/// The service a route belongs to, for its rate limit.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Service {
    /// mpop: no limit documented for the routes we serve.
    Catalog,
    /// listing-external: 600/min per endpoint (lonca's self-throttle; our choice).
    Listings,
    /// oms-external: 120/min per endpoint (lonca's self-throttle; our choice).
    Oms,
}

impl Inner {
    /// Checks a request before its handler runs: Basic auth (401), User-Agent (403), the
    /// merchantId in the path (403), then the endpoint's rate limit (429 + Retry-After).
    pub fn guard(
        &self,
        headers: &HeaderMap,
        merchant_in_path: Option<&str>,
        service: Service,
        endpoint: &'static str,
    ) -> Result<(), Response> {
        if !self.authorized(headers) {
            return Err(plain_error(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "Kullanıcı adı veya şifre hatalı",
            ));
        }
        let agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .unwrap_or("");
        if agent.is_empty() {
            return Err(plain_error(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "User-Agent başlığı zorunludur (entegratör adı)",
            ));
        }
        // lonca reports the Trendyol-style "{merchantId} - name" refused on SIT; the bare
        // integrator name is what works. We follow that report.
        if agent.contains(&self.options.seller_id) {
            return Err(plain_error(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "User-Agent yalnızca entegratör adını içermelidir",
            ));
        }
        if let Some(merchant) = merchant_in_path
            && merchant != self.options.seller_id
        {
            return Err(plain_error(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "Bu merchantId için yetkiniz yok",
            ));
        }
        let limit = match service {
            Service::Catalog => None,
            Service::Listings => Some(600),
            Service::Oms => Some(120),
        };
        if let Some(limit) = limit
            && let Err(wait) = self.limits.check(
                endpoint,
                limit,
                Duration::from_secs(60),
                self.clock.now_ms(),
            )
        {
            let mut response = plain_error(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "İstek limiti aşıldı",
            );
            // Retry-After in whole seconds: our simulator's choice (Hepsiburada documents none).
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            if let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Err(response);
        }
        Ok(())
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some(encoded) = value
            .strip_prefix("Basic ")
            .or_else(|| value.strip_prefix("basic "))
        else {
            return false;
        };
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return false;
        };
        let expected = format!("{}:{}", self.options.username, self.options.password);
        decoded == expected.as_bytes()
    }
}

/// An error body of the listing and oms services.
pub(crate) fn plain_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "code": code, "message": message }))).into_response()
}

/// The mpop envelope `{success, code, version, message, data}`.
pub(crate) fn mpop(status: StatusCode, code: u32, message: Option<&str>, data: Value) -> Response {
    (
        status,
        Json(json!({
            "success": status.is_success(),
            "code": code,
            "version": 1,
            "message": message,
            "data": data,
        })),
    )
        .into_response()
}

pub(crate) fn mpop_error(status: StatusCode, code: u32, message: &str) -> Response {
    mpop(status, code, Some(message), Value::Null)
}

pub(crate) type Query = HashMap<String, String>;

/// An optional non-negative integer parameter; Err(400) when present but not a number.
pub(crate) fn int_param(query: &Query, name: &str) -> Result<Option<u64>, Response> {
    match query.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            plain_error(
                StatusCode::BAD_REQUEST,
                "InvalidParameter",
                &format!("{name} sayı olmalıdır"),
            )
        }),
    }
}

/// A date parameter (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm`, ISO 8601 with optional seconds,
/// fraction and `Z`); Err(400) when present but unreadable. Times are UTC in this simulator.
pub(crate) fn date_param(query: &Query, name: &str) -> Result<Option<i64>, Response> {
    match query.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => parse_date(v).map(Some).ok_or_else(|| {
            plain_error(
                StatusCode::BAD_REQUEST,
                "InvalidDate",
                &format!("{name} tarih biçimi geçersiz"),
            )
        }),
    }
}

/// Whether `t` lies in the inclusive [begin, end] window of the query.
pub(crate) fn in_window(t: i64, begin: Option<i64>, end: Option<i64>) -> bool {
    begin.is_none_or(|b| t >= b) && end.is_none_or(|e| t <= e)
}

pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-05-01T10:00:00.123Z`.
pub(crate) fn format_date(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// `2026-05-01T13:00:00.123+03:00`: the Istanbul wall time with its offset, the form the
/// order service's dates come in (an independent stand-in built from the docs served them so).
pub(crate) fn format_date_istanbul(ms: i64) -> String {
    let local = format_date(ms + 3 * 3_600_000);
    format!("{}+03:00", local.trim_end_matches('Z'))
}

pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    if let Some(time) = time {
        let (hms, frac) = match time.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (time, None),
        };
        let mut fields = hms.split(':');
        let h: i64 = fields.next()?.parse().ok()?;
        let min: i64 = fields.next()?.parse().ok()?;
        let sec: i64 = match fields.next() {
            Some(v) => v.parse().ok()?,
            None => 0,
        };
        if fields.next().is_some() || h > 23 || min > 59 || sec > 60 {
            return None;
        }
        ms += (h * 3600 + min * 60 + sec) * 1000;
        if let Some(frac) = frac {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let padded: String = frac.chars().chain("000".chars()).take(3).collect();
            ms += padded.parse::<i64>().ok()?;
        }
    }
    Some(ms)
}

/// Minor units as a JSON number with two decimals' worth of value (e.g. 12990 → 129.9).
pub(crate) fn money(minor: i64) -> Value {
    // The listing and order APIs carry prices as JSON numbers; f64 holds kuruş exactly enough
    // for display and the connector parses them back by rounding to two decimals.
    json!(minor as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let ms = 1_780_000_123_456;
        assert_eq!(parse_date(&format_date(ms)), Some(ms));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("1970-01-01 00:01"), Some(60_000));
        assert_eq!(parse_date("1970-13-01"), None);
        assert_eq!(
            format_date_istanbul(1_780_000_123_456),
            format!(
                "{}+03:00",
                format_date(1_780_000_123_456 + 10_800_000).trim_end_matches('Z')
            )
        );
    }
}
