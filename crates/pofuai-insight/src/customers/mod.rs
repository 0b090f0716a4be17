//! Customer insights from purchases: RFM segments with Turkish names, monthly cohort
//! retention, the repeat rate and lifetime value (BG/NBD + Gamma-Gamma), and their errors on
//! held-back months.

pub mod clv;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use clv::{BgNbd, GammaGamma, Rft};

/// One order (or basket) of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchase {
    pub customer: String,
    pub date: NaiveDate,
    pub amount: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Champions,
    Loyal,
    PotentialLoyalists,
    New,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CannotLose,
    Hibernating,
    Lost,
}

impl Segment {
    pub const ALL: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CannotLose,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// The segment of recency and frequency scores (1–5), after the usual RF grid.
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (4..=5, 4..=5) => Segment::Champions,
            (3, 4..=5) => Segment::Loyal,
            (4..=5, 2..=3) => Segment::PotentialLoyalists,
            (5, _) => Segment::New,
            (4, _) => Segment::Promising,
            (3, 3) => Segment::NeedAttention,
            (3, _) => Segment::AboutToSleep,
            (1..=2, 5) => Segment::CannotLose,
            (1..=2, 3..=4) => Segment::AtRisk,
            (2, _) => Segment::Hibernating,
            _ => Segment::Lost,
        }
    }

    pub fn name_tr(self) -> &'static str {
        match self {
            Segment::Champions => "Şampiyonlar",
            Segment::Loyal => "Sadık müşteriler",
            Segment::PotentialLoyalists => "Potansiyel sadıklar",
            Segment::New => "Yeni müşteriler",
            Segment::Promising => "Umut vaat edenler",
            Segment::NeedAttention => "İlgi bekleyenler",
            Segment::AboutToSleep => "Uykuya dalmak üzere",
            Segment::AtRisk => "Risk altında",
            Segment::CannotLose => "Kaybedilmemeli",
            Segment::Hibernating => "Uykuda",
            Segment::Lost => "Kaybedilmiş",
        }
    }
}

/// A customer's RFM position at a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmRow {
    pub customer: String,
    pub recency_days: i64,
    pub frequency: usize,
    pub monetary: f64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

fn quintile_scores(values: &[f64]) -> Vec<u8> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len().max(1);
    values
        .iter()
        .map(|v| {
            // Ties share the score of their first rank.
            let rank = sorted.partition_point(|x| x < v);
            (1 + 5 * rank / n).min(5) as u8
        })
        .collect()
}

struct History {
    days: Vec<NaiveDate>,
    total: f64,
    first: NaiveDate,
    last: NaiveDate,
    count: usize,
}

/// Per customer: distinct purchase days, the total spent and the number of purchases, for
/// purchases before `until` (exclusive).
fn histories(purchases: &[Purchase], until: NaiveDate) -> BTreeMap<&str, History> {
    let mut out: BTreeMap<&str, History> = BTreeMap::new();
    for p in purchases.iter().filter(|p| p.date < until) {
        let h = out.entry(p.customer.as_str()).or_insert(History {
            days: Vec::new(),
            total: 0.0,
            first: p.date,
            last: p.date,
            count: 0,
        });
        h.days.push(p.date);
        h.total += p.amount;
        h.count += 1;
        h.first = h.first.min(p.date);
        h.last = h.last.max(p.date);
    }
    for h in out.values_mut() {
        h.days.sort();
        h.days.dedup();
    }
    out
}

/// RFM scores and segments of every customer with a purchase before `as_of`.
pub fn rfm(purchases: &[Purchase], as_of: NaiveDate) -> Vec<RfmRow> {
    let hist = histories(purchases, as_of);
    let recency: Vec<f64> = hist
        .values()
        .map(|h| -((as_of - h.last).num_days() as f64))
        .collect();
    let frequency: Vec<f64> = hist.values().map(|h| h.count as f64).collect();
    let monetary: Vec<f64> = hist.values().map(|h| h.total).collect();
    let (rs, fs, ms) = (
        quintile_scores(&recency),
        quintile_scores(&frequency),
        quintile_scores(&monetary),
    );
    hist.iter()
        .enumerate()
        .map(|(i, (c, h))| RfmRow {
            customer: (*c).to_string(),
            recency_days: (as_of - h.last).num_days(),
            frequency: h.count,
            monetary: h.total,
            r: rs[i],
            f: fs[i],
            m: ms[i],
            segment: Segment::of(rs[i], fs[i]),
        })
        .collect()
}

/// Monthly cohorts: customers by the month of their first purchase, and the share of them
/// buying in each later month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    /// First day of the cohort's month.
    pub month: NaiveDate,
    pub customers: usize,
    /// `retention[k]`: share buying in the k-th month after the first (k = 0 is 1.0).
    pub retention: Vec<f64>,
}

fn month_of(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
}

fn months_between(a: NaiveDate, b: NaiveDate) -> usize {
    ((b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32).max(0) as usize
}

/// The cohort table for purchases before `until`.
pub fn cohorts(purchases: &[Purchase], until: NaiveDate) -> Vec<Cohort> {
    let hist = histories(purchases, until);
    let last_month = month_of(until.pred_opt().unwrap_or(until));
    let mut table: BTreeMap<NaiveDate, (usize, Vec<usize>)> = BTreeMap::new();
    for h in hist.values() {
        let start = month_of(h.first);
        let span = months_between(start, last_month) + 1;
        let entry = table.entry(start).or_insert((0, vec![0; span]));
        entry.0 += 1;
        let mut seen = vec![false; span];
        for d in &h.days {
            let k = months_between(start, *d);
            if k < span && !seen[k] {
                seen[k] = true;
                entry.1[k] += 1;
            }
        }
    }
    table
        .into_iter()
        .map(|(month, (n, active))| Cohort {
            month,
            customers: n,
            retention: active.iter().map(|a| *a as f64 / n.max(1) as f64).collect(),
        })
        .collect()
}

/// Share of customers with more than one purchase.
pub fn repeat_rate(purchases: &[Purchase], until: NaiveDate) -> f64 {
    let hist = histories(purchases, until);
    let repeat = hist.values().filter(|h| h.days.len() > 1).count();
    repeat as f64 / hist.len().max(1) as f64
}

/// The lifetime-value inputs of every customer at `as_of`.
pub fn rft(purchases: &[Purchase], as_of: NaiveDate) -> BTreeMap<String, Rft> {
    histories(purchases, as_of)
        .into_iter()
        .map(|(c, h)| {
            let x = (h.days.len() - 1) as f64;
            (
                c.to_string(),
                Rft {
                    x,
                    t_x: (h.last - h.first).num_days() as f64,
                    t: (as_of - h.first).num_days() as f64,
                    // Per purchase day, the unit BG/NBD counts.
                    mean_value: h.total / h.days.len() as f64,
                },
            )
        })
        .collect()
}

/// Fitted lifetime-value models and each customer's expected purchases and spend over a
/// horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clv {
    pub model: BgNbd,
    pub spend: GammaGamma,
    pub horizon_days: f64,
    /// (customer, expected purchases, expected value per purchase, expected spend, P(alive)).
    pub customers: Vec<(String, f64, f64, f64, f64)>,
}

pub fn clv(purchases: &[Purchase], as_of: NaiveDate, horizon_days: f64) -> Clv {
    let inputs = rft(purchases, as_of);
    let all: Vec<Rft> = inputs.values().copied().collect();
    let model = BgNbd::fit(&all);
    let spend = GammaGamma::fit(&all);
    let mean = all.iter().map(|c| c.mean_value).sum::<f64>() / all.len().max(1) as f64;
    let customers = inputs
        .iter()
        .map(|(c, r)| {
            let n = model.expected_purchases(r, horizon_days);
            let v = spend.expected_value(r, mean);
            (c.clone(), n, v, n * v, model.p_alive(r))
        })
        .collect();
    Clv {
        model,
        spend,
        horizon_days,
        customers,
    }
}

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct PurchaseError {
    pub line: usize,
    pub message: String,
}

/// Reads `customer_id,date,amount` rows (after a header).
pub fn parse_purchases(text: &str) -> Result<Vec<Purchase>, PurchaseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: &str| PurchaseError {
            line: i + 1,
            message: message.to_string(),
        };
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != 3 {
            return Err(err("expected customer_id,date,amount"));
        }
        out.push(Purchase {
            customer: cells[0].trim().to_string(),
            date: NaiveDate::parse_from_str(cells[1].trim(), "%Y-%m-%d")
                .map_err(|_| err("date is not YYYY-MM-DD"))?,
            amount: cells[2]
                .trim()
                .parse()
                .map_err(|_| err("amount is not a number"))?,
        });
    }
    Ok(out)
}

/// What the held-back months say about the insights fitted before them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub calibration_end: NaiveDate,
    pub holdout_end: NaiveDate,
    pub customers: usize,
    /// Per segment: customers, share buying in the holdout, mean holdout spend.
    pub segments: Vec<(Segment, usize, f64, f64)>,
    /// Probability that a random holdout buyer has a higher RFM score sum than a random
    /// non-buyer (ties count half).
    pub rfm_auc: f64,
    pub repeat_rate: f64,
    /// Mean absolute error (percentage points) of holdout-month retention predicted by each
    /// cohort's mean retention over its last three calibration months.
    pub cohort_mae_pp: f64,
    /// Holdout purchases (distinct days): predicted and actual totals, and per-customer MAE
    /// of BG/NBD and of the naive "same rate as before" baseline.
    pub purchases_predicted: f64,
    pub purchases_actual: f64,
    pub purchases_mae: f64,
    pub purchases_mae_naive: f64,
    /// Holdout spend: predicted and actual totals, per-customer MAE, and the correlation.
    pub spend_predicted: f64,
    pub spend_actual: f64,
    pub spend_mae: f64,
    pub spend_mae_naive: f64,
    pub spend_correlation: f64,
}

/// Fits everything on the first `calibration_months` months of the data and checks it on the
/// rest.
pub fn evaluate(
    purchases: &[Purchase],
    calibration_months: u32,
) -> Result<Evaluation, PurchaseError> {
    let first = purchases
        .iter()
        .map(|p| p.date)
        .min()
        .ok_or(PurchaseError {
            line: 0,
            message: "no purchases".into(),
        })?;
    let last = purchases.iter().map(|p| p.date).max().unwrap_or(first);
    let start = month_of(first);
    let cut = start
        .checked_add_months(Months::new(calibration_months))
        .unwrap_or(last);
    let end = last.succ_opt().unwrap_or(last);
    let horizon = (end - cut).num_days() as f64;
    let rows = rfm(purchases, cut);
    let future = histories(purchases, end);
    let holdout: BTreeMap<&str, (usize, f64)> = {
        let mut m: BTreeMap<&str, (std::collections::BTreeSet<NaiveDate>, f64)> = BTreeMap::new();
        for p in purchases.iter().filter(|p| p.date >= cut) {
            let e = m.entry(p.customer.as_str()).or_default();
            e.0.insert(p.date);
            e.1 += p.amount;
        }
        m.into_iter().map(|(k, (d, s))| (k, (d.len(), s))).collect()
    };
    let _ = future;
    let seg_stats = Segment::ALL
        .iter()
        .filter_map(|s| {
            let members: Vec<&RfmRow> = rows.iter().filter(|r| r.segment == *s).collect();
            if members.is_empty() {
                return None;
            }
            let bought = members
                .iter()
                .filter(|r| holdout.contains_key(r.customer.as_str()))
                .count();
            let spend: f64 = members
                .iter()
                .map(|r| holdout.get(r.customer.as_str()).map_or(0.0, |h| h.1))
                .sum();
            Some((
                *s,
                members.len(),
                bought as f64 / members.len() as f64,
                spend / members.len() as f64,
            ))
        })
        .collect();
    let score = |r: &RfmRow| f64::from(r.r + r.f + r.m);
    let (mut pos, mut neg): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for r in &rows {
        if holdout.contains_key(r.customer.as_str()) {
            pos.push(score(r));
        } else {
            neg.push(score(r));
        }
    }
    let rfm_auc = auc(&pos, &neg);

    // Cohorts: each cohort's mean retention over its last three calibration months predicts
    // its holdout months.
    let table = cohorts(purchases, cut);
    let full = cohorts(purchases, end);
    let (mut err_sum, mut err_n) = (0.0, 0usize);
    let cut_month = month_of(cut);
    for c in full.iter().filter(|c| c.month < cut_month) {
        let Some(known) = table.iter().find(|t| t.month == c.month) else {
            continue;
        };
        let recent: Vec<f64> = known
            .retention
            .iter()
            .skip(1)
            .rev()
            .take(3)
            .copied()
            .collect();
        if recent.is_empty() {
            continue;
        }
        let predicted = recent.iter().sum::<f64>() / recent.len() as f64;
        for actual in c.retention.iter().skip(known.retention.len()) {
            err_sum += (predicted - actual).abs();
            err_n += 1;
        }
    }

    let fitted = clv(purchases, cut, horizon);
    let inputs = rft(purchases, cut);
    let (mut np, mut na, mut mae_n, mut mae_naive) = (0.0, 0.0, 0.0, 0.0);
    let (mut sp, mut sa, mut mae_s, mut mae_s_naive) = (0.0, 0.0, 0.0, 0.0);
    let mut pairs = Vec::new();
    for (c, n, _, spend, _) in &fitted.customers {
        let (an, aspend) = holdout
            .get(c.as_str())
            .map_or((0.0, 0.0), |h| (h.0 as f64, h.1));
        let r = inputs[c];
        let naive_n = (r.x + 1.0) / r.t.max(1.0) * horizon;
        let naive_s = naive_n * r.mean_value;
        np += n;
        na += an;
        mae_n += (n - an).abs();
        mae_naive += (naive_n - an).abs();
        sp += spend;
        sa += aspend;
        mae_s += (spend - aspend).abs();
        mae_s_naive += (naive_s - aspend).abs();
        pairs.push((*spend, aspend));
    }
    let k = fitted.customers.len().max(1) as f64;
    Ok(Evaluation {
        calibration_end: cut,
        holdout_end: last,
        customers: rows.len(),
        segments: seg_stats,
        rfm_auc,
        repeat_rate: repeat_rate(purchases, cut),
        cohort_mae_pp: 100.0 * err_sum / err_n.max(1) as f64,
        purchases_predicted: np,
        purchases_actual: na,
        purchases_mae: mae_n / k,
        purchases_mae_naive: mae_naive / k,
        spend_predicted: sp,
        spend_actual: sa,
        spend_mae: mae_s / k,
        spend_mae_naive: mae_s_naive / k,
        spend_correlation: correlation(&pairs),
    })
}

fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut sorted = neg.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut wins = 0.0;
    for p in pos {
        let below = sorted.partition_point(|x| x < p) as f64;
        let ties = sorted.partition_point(|x| x <= p) as f64 - below;
        wins += below + 0.5 * ties;
    }
    wins / (pos.len() as f64 * neg.len() as f64)
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    sxy / (sxx * syy).sqrt()
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Customers: {} fitted on purchases before {}, checked on {} – {}",
            self.customers, self.calibration_end, self.calibration_end, self.holdout_end
        )?;
        writeln!(
            f,
            "{:<24} {:>9} {:>14} {:>14}",
            "RFM segment", "customers", "bought again", "holdout spend"
        )?;
        for (s, n, share, spend) in &self.segments {
            writeln!(
                f,
                "{:<24} {:>9} {:>13.1}% {:>14.2}",
                s.name_tr(),
                n,
                100.0 * share,
                spend
            )?;
        }
        writeln!(
            f,
            "RFM score AUC for buying in the holdout: {:.3}",
            self.rfm_auc
        )?;
        writeln!(
            f,
            "repeat rate (calibration): {:.1} %",
            100.0 * self.repeat_rate
        )?;
        writeln!(
            f,
            "cohort retention in the holdout months, MAE: {:.1} pp",
            self.cohort_mae_pp
        )?;
        writeln!(
            f,
            "BG/NBD purchases: predicted {:.1}, actual {:.0} ({:+.1} %); per-customer MAE {:.2} (same-rate baseline {:.2})",
            self.purchases_predicted,
            self.purchases_actual,
            100.0 * (self.purchases_predicted / self.purchases_actual - 1.0),
            self.purchases_mae,
            self.purchases_mae_naive
        )?;
        writeln!(
            f,
            "CLV (BG/NBD × Gamma-Gamma) spend: predicted {:.0}, actual {:.0} ({:+.1} %); per-customer MAE {:.1} (baseline {:.1}); correlation {:.3}",
            self.spend_predicted,
            self.spend_actual,
            100.0 * (self.spend_predicted / self.spend_actual - 1.0),
            self.spend_mae,
            self.spend_mae_naive,
            self.spend_correlation
        )
    }
}

#[cfg(test)]
mod tests;
