//! Monthly template quotas: periods are calendar months in Europe/Istanbul time.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Istanbul;
use serde::Serialize;

/// A calendar month in Istanbul, e.g. `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaPeriod {
    year: i32,
    month: u32,
}

impl QuotaPeriod {
    pub fn containing(at: DateTime<Utc>) -> QuotaPeriod {
        let local = at.with_timezone(&Istanbul);
        QuotaPeriod {
            year: local.year(),
            month: local.month(),
        }
    }

    /// The key stored in user_ai_quotas.period.
    pub fn key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The first instant of the next month, Istanbul time, as UTC.
    pub fn resets_at(&self) -> DateTime<Utc> {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        let midnight = NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("first of a month is a valid date");
        Istanbul
            .from_local_datetime(&midnight)
            .earliest()
            .expect("Istanbul has no DST gap at midnight")
            .with_timezone(&Utc)
    }
}

/// What `GET /api/ai/permissions` reports. `limit` and `remaining` are `None` for unlimited.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QuotaStatus {
    pub limit: Option<i64>,
    pub used: i64,
    pub remaining: Option<i64>,
    pub resets_at: DateTime<Utc>,
}

impl QuotaStatus {
    pub fn new(limit: Option<i64>, used: i64, period: QuotaPeriod) -> QuotaStatus {
        QuotaStatus {
            limit,
            used,
            remaining: limit.map(|l| (l - used).max(0)),
            resets_at: period.resets_at(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_month_turns_at_istanbul_midnight() {
        // 21:30 UTC on 31 October is already 1 November in Istanbul (UTC+3).
        assert_eq!(
            QuotaPeriod::containing(utc("2026-10-31T21:30:00Z")).key(),
            "2026-11"
        );
        assert_eq!(
            QuotaPeriod::containing(utc("2026-10-31T20:59:59Z")).key(),
            "2026-10"
        );
    }

    #[test]
    fn resets_at_is_next_istanbul_month_start() {
        let p = QuotaPeriod::containing(utc("2026-12-15T10:00:00Z"));
        assert_eq!(p.resets_at(), utc("2026-12-31T21:00:00Z"));
    }

    #[test]
    fn remaining_never_goes_negative() {
        let p = QuotaPeriod::containing(utc("2026-11-15T10:00:00Z"));
        assert_eq!(QuotaStatus::new(Some(5), 7, p).remaining, Some(0));
        assert_eq!(QuotaStatus::new(None, 7, p).remaining, None);
    }
}
