//! Periods the assistant talks about, as Istanbul day ranges, and their names in an answer.

use chrono::{Datelike, NaiveDate};
use pofuai_store::analytics::DayRange;
use pofuai_text::Language;
use pofuai_text::intent::Period;

use crate::insight::{date_of_day, day_of_date};

/// The days a period covers, `today` being an Istanbul day number. Periods ahead (forecasts)
/// resolve to the last 30 days; their length is read with [`ahead_days`].
pub fn range(period: Period, today: i64) -> DayRange {
    let date = date_of_day(today);
    let month_start = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
    match period {
        Period::Today => DayRange {
            from: today,
            to: today,
        },
        Period::Yesterday => DayRange {
            from: today - 1,
            to: today - 1,
        },
        Period::ThisWeek => DayRange {
            from: today - i64::from(date.weekday().num_days_from_monday()),
            to: today,
        },
        Period::LastWeek => {
            let monday = today - i64::from(date.weekday().num_days_from_monday());
            DayRange {
                from: monday - 7,
                to: monday - 1,
            }
        }
        Period::ThisMonth => DayRange {
            from: day_of_date(month_start(date)),
            to: today,
        },
        Period::LastMonth => {
            let first = day_of_date(month_start(date));
            let last_month = month_start(date_of_day(first - 1));
            DayRange {
                from: day_of_date(last_month),
                to: first - 1,
            }
        }
        Period::ThisYear => DayRange {
            from: day_of_date(NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date)),
            to: today,
        },
        Period::LastYear => DayRange {
            from: day_of_date(NaiveDate::from_ymd_opt(date.year() - 1, 1, 1).unwrap_or(date)),
            to: day_of_date(NaiveDate::from_ymd_opt(date.year() - 1, 12, 31).unwrap_or(date)),
        },
        Period::LastDays(n) => DayRange {
            from: today - i64::from(n.max(1)) + 1,
            to: today,
        },
        Period::NextDays(_) => DayRange {
            from: today - 29,
            to: today,
        },
    }
}

/// The period before, of the same length.
pub fn previous(r: DayRange) -> DayRange {
    let len = r.to - r.from + 1;
    DayRange {
        from: r.from - len,
        to: r.from - 1,
    }
}

/// Days ahead a forecast question asks about (30 unless it names a period ahead).
pub fn ahead_days(period: Option<Period>) -> u32 {
    match period {
        Some(Period::NextDays(n)) => n.clamp(1, 84),
        _ => 30,
    }
}

/// "geçen ay" / "last month"; the default period is the last 30 days.
pub fn name(period: Option<Period>, lang: Language) -> String {
    let tr = lang == Language::Tr;
    match period.unwrap_or(Period::LastDays(30)) {
        Period::Today => if tr { "bugün" } else { "today" }.to_string(),
        Period::Yesterday => if tr { "dün" } else { "yesterday" }.to_string(),
        Period::ThisWeek => if tr { "bu hafta" } else { "this week" }.to_string(),
        Period::LastWeek => if tr { "geçen hafta" } else { "last week" }.to_string(),
        Period::ThisMonth => if tr { "bu ay" } else { "this month" }.to_string(),
        Period::LastMonth => if tr { "geçen ay" } else { "last month" }.to_string(),
        Period::ThisYear => if tr { "bu yıl" } else { "this year" }.to_string(),
        Period::LastYear => if tr { "geçen yıl" } else { "last year" }.to_string(),
        Period::LastDays(n) => {
            if tr {
                format!("son {n} günde")
            } else {
                format!("in the last {n} days")
            }
        }
        Period::NextDays(n) => {
            if tr {
                format!("önümüzdeki {n} günde")
            } else {
                format!("in the next {n} days")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_month_is_the_calendar_month_before() {
        let today = day_of_date(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap_or_default());
        let r = range(Period::LastMonth, today);
        assert_eq!(date_of_day(r.from).to_string(), "2026-02-01");
        assert_eq!(date_of_day(r.to).to_string(), "2026-02-28");
        let w = range(Period::LastWeek, today);
        assert_eq!(date_of_day(w.from).to_string(), "2026-03-02");
        assert_eq!(date_of_day(w.to).to_string(), "2026-03-08");
    }
}
