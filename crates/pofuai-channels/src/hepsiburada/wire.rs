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

/// Reads `yyyy-MM-dd[(T| )HH:mm[:ss[.fff]]][Z]` as UTC epoch milliseconds.
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
        let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
        let mut fields = hms.split(':');
        let h: i64 = fields.next()?.parse().ok()?;
        let min: i64 = fields.next()?.parse().ok()?;
        let sec: i64 = fields.next().map_or(Some(0), |v| v.parse().ok())?;
        ms += (h * 3600 + min * 60 + sec) * 1000;
        if !frac.is_empty() {
            let padded: String = frac.chars().chain("000".chars()).take(3).collect();
            ms += padded.parse::<i64>().ok()?;
        }
    }
    Some(ms)
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
}
