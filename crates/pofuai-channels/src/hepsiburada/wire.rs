//! Edge conversions for Hepsiburada: money (kuruş ↔ decimal text), dates and JSON reads.

use serde_json::Value;

/// 12990 → "129,90" (the catalogue import's comma decimal).
pub(crate) fn comma_price(minor: i64) -> String {
    decimal(minor, ',')
}

/// 12990 → "129.90" (written as a raw JSON number in listing uploads).
pub(crate) fn dot_price(minor: i64) -> String {
    decimal(minor, '.')
}

fn decimal(minor: i64, separator: char) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}{separator}{:02}", abs / 100, abs % 100)
}

/// A decimal JSON number or string (`129.9`, `"129,90"`, `130`) → kuruş, exactly: the digits
/// are read as text, never through float arithmetic. A third decimal rounds half up.
pub(crate) fn minor_units(value: &Value) -> Option<i64> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().replace(',', "."),
        _ => return None,
    };
    if text.contains(['e', 'E']) {
        // serde_json prints tiny or huge floats in exponent form; no price looks like that.
        return None;
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut cents: i64 = 0;
    let mut fdigits = frac.bytes().map(|b| i64::from(b - b'0'));
    cents += fdigits.next().unwrap_or(0) * 10;
    cents += fdigits.next().unwrap_or(0);
    if fdigits.next().is_some_and(|d| d >= 5) {
        cents += 1;
    }
    let total = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -total } else { total })
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
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

fn split(ms: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    let rem = ms.rem_euclid(86_400_000);
    (
        y,
        m,
        d,
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    )
}

/// `2026-05-01T10:00:00.123Z` (orders and packages windows; UTC).
pub(crate) fn iso(ms: i64) -> String {
    let (y, m, d, h, min, s, milli) = split(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

/// `2026-05-01 10:00` (claims: lonca gives `yyyy-MM-dd HH:mm` as the documented spelling).
pub(crate) fn minute(ms: i64) -> String {
    let (y, m, d, h, min, _, _) = split(ms);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}")
}

/// Reads every date form Hepsiburada's APIs are seen to use as epoch milliseconds:
/// `yyyy-MM-dd`, `yyyy-MM-dd HH:mm`, ISO 8601 with optional seconds and fraction, and a zone
/// of `Z`, `±HH:mm`, `±HHmm` or `±HH` (orders come as `2026-05-01T13:00:00+03:00`). A time
/// without a zone is UTC. Anything else is None, so the caller can report it.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
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
        let (clock, offset_ms) = split_zone(time)?;
        let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
        let mut fields = hms.split(':');
        let h: i64 = fields.next()?.parse().ok()?;
        let min: i64 = fields.next()?.parse().ok()?;
        let sec: i64 = fields.next().map_or(Some(0), |v| v.parse().ok())?;
        if fields.next().is_some() || h > 23 || min > 59 || sec > 60 {
            return None;
        }
        ms += (h * 3600 + min * 60 + sec) * 1000;
        if !frac.is_empty() {
            if !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let padded: String = frac.chars().chain("000".chars()).take(3).collect();
            ms += padded.parse::<i64>().ok()?;
        }
        // Local time minus its offset from UTC is UTC.
        ms -= offset_ms;
    }
    Some(ms)
}

/// Splits a time into its clock part and its zone's offset from UTC in milliseconds.
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 60 + minutes) * 60_000))
}

pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A string or number field as text (ids come as either).
pub(crate) fn id_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn date_of(v: &Value, key: &str) -> i64 {
    v.get(key)
        .and_then(Value::as_str)
        .and_then(parse_date)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prices_convert_exactly() {
        assert_eq!(comma_price(13050), "130,50");
        assert_eq!(comma_price(5), "0,05");
        assert_eq!(dot_price(12990), "129.90");
        assert_eq!(minor_units(&json!(129.9)), Some(12990));
        assert_eq!(minor_units(&json!(0.07)), Some(7));
        assert_eq!(minor_units(&json!(130)), Some(13000));
        assert_eq!(minor_units(&json!("130,50")), Some(13050));
        assert_eq!(minor_units(&json!(1234567.89)), Some(123456789));
        assert_eq!(minor_units(&json!("abc")), None);
    }

    #[test]
    fn dates_round_trip() {
        let ms = 1_780_000_123_456;
        assert_eq!(parse_date(&iso(ms)), Some(ms));
        assert_eq!(parse_date(&minute(ms)), Some(ms - ms % 60_000));
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn every_documented_date_form_reads() {
        // 2026-05-01 10:00 UTC.
        let utc = parse_date("2026-05-01T10:00:00Z").unwrap();
        assert_eq!(parse_date("2026-05-01T13:00:00+03:00"), Some(utc));
        assert_eq!(parse_date("2026-05-01T13:00:00.000+03:00"), Some(utc));
        assert_eq!(parse_date("2026-05-01T13:00:00+0300"), Some(utc));
        assert_eq!(parse_date("2026-05-01T13:00+03"), Some(utc));
        assert_eq!(parse_date("2026-05-01T05:00:00-05:00"), Some(utc));
        assert_eq!(parse_date("2026-05-01 10:00"), Some(utc));
        assert_eq!(parse_date("2026-05-01T10:00:00"), Some(utc));
        assert_eq!(parse_date("2026-05-01"), Some(utc - 10 * 3_600_000));
        assert_eq!(parse_date("2026-05-01T13:00:00+3:00"), None);
        assert_eq!(parse_date("01.05.2026 13:00"), None);
        assert_eq!(parse_date(""), None);
    }
}
