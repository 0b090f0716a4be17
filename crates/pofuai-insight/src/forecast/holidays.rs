//! Turkish calendar effects on daily demand. Each kind of event gets one multiplicative
//! factor, estimated from the history as the (shrunken) geometric mean of event days against
//! the same weekdays around them. Models are fitted to the history with the effects divided
//! out, and their forecasts multiplied back on future event days.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::calendar::{EventKind, events_between};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Effects {
    /// Factor per event kind found in the history (1.2 = 20 % more demand).
    pub factors: BTreeMap<EventKind, f64>,
}

/// The one kind that governs each day: the first of [`EventKind::ALL`] present.
fn kinds_by_day(start: NaiveDate, len: usize) -> Vec<Option<EventKind>> {
    let mut out = vec![None; len];
    if len == 0 {
        return out;
    }
    let end = start
        .checked_add_days(Days::new(len as u64 - 1))
        .unwrap_or(start);
    for e in events_between(start, end) {
        let i = (e.date - start).num_days() as usize;
        let rank = |k: EventKind| EventKind::ALL.iter().position(|x| *x == k);
        if out[i].is_none_or(|held: EventKind| rank(e.kind) < rank(held)) {
            out[i] = Some(e.kind);
        }
    }
    out
}

impl Effects {
    /// Estimates factors from a daily history starting on `start`.
    pub fn estimate(start: NaiveDate, y: &[f64]) -> Effects {
        let kinds = kinds_by_day(start, y.len());
        let mean = y.iter().sum::<f64>() / y.len().max(1) as f64;
        // Counts are noisy: a pseudo-count of half a typical day steadies the ratios.
        let c = (0.5 * mean).max(0.1);
        let mut logs: BTreeMap<EventKind, (f64, usize, f64)> = BTreeMap::new();
        for (t, kind) in kinds.iter().enumerate() {
            let Some(kind) = kind else { continue };
            let mut around: Vec<f64> = [-21i64, -14, -7, 7, 14, 21]
                .iter()
                .filter_map(|o| {
                    let i = t as i64 + o;
                    (i >= 0 && (i as usize) < y.len() && kinds[i as usize].is_none())
                        .then(|| y[i as usize])
                })
                .collect();
            if around.len() < 2 {
                continue;
            }
            around.sort_by(f64::total_cmp);
            let baseline = around[around.len() / 2];
            let entry = logs.entry(*kind).or_insert((0.0, 0, 0.0));
            entry.0 += ((y[t] + c) / (baseline + c)).ln();
            entry.1 += 1;
            entry.2 += y[t];
        }
        let factors = logs
            .into_iter()
            .filter(|(_, (_, n, units))| *n >= 3 && *units >= 5.0)
            .filter_map(|(kind, (sum, n, _))| {
                // Shrink towards no effect when few days were seen.
                let log = sum / n as f64 * (n as f64 / (n as f64 + 4.0));
                let f = log.exp().clamp(0.3, 4.0);
                ((f.ln()).abs() >= 0.05).then_some((kind, f))
            })
            .collect();
        Effects { factors }
    }

    pub fn is_empty(&self) -> bool {
        self.factors.is_empty()
    }

    /// The factor of each day from `start` on.
    pub fn factors_from(&self, start: NaiveDate, len: usize) -> Vec<f64> {
        kinds_by_day(start, len)
            .into_iter()
            .map(|k| k.and_then(|k| self.factors.get(&k).copied()).unwrap_or(1.0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feast_lift_is_measured() {
        let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        let n = 730;
        let base = Effects::default();
        let kinds = kinds_by_day(start, n);
        let y: Vec<f64> = (0..n)
            .map(|t| match kinds[t] {
                Some(EventKind::EfsaneCuma) => 60.0,
                _ => 20.0,
            })
            .collect();
        let e = Effects::estimate(start, &y);
        assert_ne!(e, base);
        let f = e.factors[&EventKind::EfsaneCuma];
        // Eight event days at three times the usual, damped by the pseudo-count and shrunk
        // towards no effect: clearly a lift, not the full triple.
        assert!(f > 1.5 && f < 3.0, "{f}");
        assert!(!e.factors.contains_key(&EventKind::KurbanBayrami));
    }
}
