//! Regular time series: values at a daily, weekly, monthly or quarterly step.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Day,
    Week,
    Month,
    Quarter,
}

impl Step {
    /// The season length a series at this step usually has (a week of days, a year of
    /// weeks, months or quarters).
    pub fn default_season(self) -> usize {
        match self {
            Step::Day => 7,
            Step::Week => 52,
            Step::Month => 12,
            Step::Quarter => 4,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Day => "day",
            Step::Week => "week",
            Step::Month => "month",
            Step::Quarter => "quarter",
        }
    }

    /// `n` steps after `date`; months and quarters keep the day of the month where it
    /// exists (and clamp to the month's end where it does not).
    pub fn add(self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        match self {
            Step::Day => date.checked_add_days(Days::new(u64::from(n))),
            Step::Week => date.checked_add_days(Days::new(7 * u64::from(n))),
            Step::Month => date.checked_add_months(Months::new(n)),
            Step::Quarter => date.checked_add_months(Months::new(3 * n)),
        }
    }

    /// The step between two consecutive dates, if it is one of ours.
    pub fn between(a: NaiveDate, b: NaiveDate) -> Option<Step> {
        let days = (b - a).num_days();
        if days == 1 {
            return Some(Step::Day);
        }
        if days == 7 {
            return Some(Step::Week);
        }
        let months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
        let same_day = a.day() == b.day() || (is_month_end(a) && is_month_end(b));
        match (months, same_day) {
            (1, true) => Some(Step::Month),
            (3, true) => Some(Step::Quarter),
            _ => None,
        }
    }
}

fn is_month_end(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|n| n.month() != d.month())
}

/// Values at a regular step from `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub start: NaiveDate,
    pub step: Step,
    pub values: Vec<f64>,
}

impl Series {
    pub fn new(start: NaiveDate, step: Step, values: Vec<f64>) -> Series {
        Series {
            start,
            step,
            values,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The date of the `i`-th value (or of the `i`-th step past the end).
    pub fn date(&self, i: usize) -> Option<NaiveDate> {
        self.step.add(self.start, u32::try_from(i).ok()?)
    }

    /// The first `n` values, as a series.
    pub fn head(&self, n: usize) -> Series {
        Series::new(
            self.start,
            self.step,
            self.values[..n.min(self.len())].to_vec(),
        )
    }

    /// The last `n` values (all if fewer), as a series.
    pub fn tail(&self, n: usize) -> Series {
        let skip = self.len().saturating_sub(n);
        Series::new(
            self.date(skip).unwrap_or(self.start),
            self.step,
            self.values[skip..].to_vec(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn steps_are_recognised_and_continued() {
        assert_eq!(
            Step::between(d(2025, 1, 31), d(2025, 2, 1)),
            Some(Step::Day)
        );
        assert_eq!(
            Step::between(d(2025, 1, 6), d(2025, 1, 13)),
            Some(Step::Week)
        );
        assert_eq!(
            Step::between(d(2025, 1, 1), d(2025, 2, 1)),
            Some(Step::Month)
        );
        assert_eq!(
            Step::between(d(2025, 1, 31), d(2025, 2, 28)),
            Some(Step::Month)
        );
        assert_eq!(
            Step::between(d(2025, 1, 1), d(2025, 4, 1)),
            Some(Step::Quarter)
        );
        assert_eq!(Step::between(d(2025, 1, 1), d(2025, 1, 3)), None);
        assert_eq!(Step::Month.add(d(2025, 1, 31), 1), Some(d(2025, 2, 28)));
        assert_eq!(Step::Quarter.add(d(2025, 10, 1), 1), Some(d(2026, 1, 1)));
    }
}
