//! The insight refresher: recomputes a seller's forecasts (every variant, product and
//! category) and customer insights when their sales changed, off the request path. A seller
//! is claimed with a lease in the database, so several nodes never compute the same one, and
//! the results are written in one transaction fenced on that lease.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate};
use pofuai_insight::customers::{self, Purchase};
use pofuai_insight::forecast::ModelKind;
use pofuai_insight::{ForecastOptions, Series, Step};
use pofuai_store::StoreError;
use pofuai_store::analytics::day_of;
use pofuai_store::insight::{ForecastRow, InsightClaim, StockItem};
use serde_json::{Value, json};

use crate::AppState;

/// Days of history a forecast looks at, and how far it looks ahead (12 weeks).
pub const HISTORY_DAYS: i64 = 3 * 365;
pub const HORIZON_DAYS: usize = 84;
pub const HORIZON_WEEKS: usize = 12;

/// The date of an Istanbul day number.
pub fn date_of_day(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).unwrap_or(719_163))
        .unwrap_or_default()
}

pub fn day_of_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// One computed series, before it is stored.
struct Job {
    level: &'static str,
    key: String,
    series: Series,
}

pub struct Refresher {
    state: AppState,
    id: String,
}

impl Refresher {
    pub fn new(state: AppState, id: impl Into<String>) -> Refresher {
        Refresher {
            state,
            id: id.into(),
        }
    }

    /// Computes one seller whose sales changed, if any; returns the seller.
    pub async fn run_once(&self) -> Result<Option<i64>, StoreError> {
        let now = self.state.now_ms();
        let lease = now + 10 * 60 * 1000;
        let Some(claim) = self
            .state
            .store
            .claim_insight_run(&self.id, now, lease)
            .await?
        else {
            return Ok(None);
        };
        match self.compute(claim).await {
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(error = %e, seller.id = claim.owner_id, "insight refresh failed");
                self.state
                    .store
                    .fail_insight_run(&self.id, claim.owner_id, &e.to_string())
                    .await?;
            }
        }
        Ok(Some(claim.owner_id))
    }

    /// Runs until no seller is waiting; returns how many were computed.
    pub async fn run_until_idle(&self) -> Result<usize, StoreError> {
        let mut n = 0;
        while self.run_once().await?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Looks for work every `every`, forever.
    pub async fn run(self, every: Duration) {
        loop {
            if let Err(e) = self.run_until_idle().await {
                tracing::warn!(error = %e, "insight refresher could not reach the store");
            }
            tokio::time::sleep(every).await;
        }
    }

    async fn compute(
        &self,
        claim: InsightClaim,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let store = &self.state.store;
        let owner = claim.owner_id;
        let today = day_of(self.state.now_ms());
        let units = store
            .variant_daily_units(owner, today - HISTORY_DAYS)
            .await?;
        let items = store.stock_items(owner).await?;
        let orders = store.customer_orders(owner).await?;
        let jobs = series_for(&units, &items, today);
        let now = self.state.now_ms();
        let (forecasts, customers) = tokio::task::spawn_blocking(move || {
            let forecasts: Vec<ForecastRow> = jobs
                .iter()
                .filter_map(|j| forecast_row(owner, j, now))
                .collect();
            (forecasts, customer_snapshot(&orders, today))
        })
        .await?;
        let written = store
            .finish_insight_run(&self.id, claim, &forecasts, &customers.to_string(), now)
            .await?;
        if !written {
            tracing::info!(seller.id = owner, "insight lease was lost; results dropped");
        }
        Ok(())
    }
}

/// Daily series per variant (from its first sale in the window to yesterday), summed per
/// product and per category, plus weekly series of products and categories.
fn series_for(units: &[(i64, i64, i64)], items: &[StockItem], today: i64) -> Vec<Job> {
    let last = today - 1;
    let mut by_variant: BTreeMap<i64, BTreeMap<i64, f64>> = BTreeMap::new();
    for (variant, day, n) in units {
        if *day <= last {
            *by_variant
                .entry(*variant)
                .or_default()
                .entry(*day)
                .or_default() += *n as f64;
        }
    }
    let info: BTreeMap<i64, &StockItem> = items.iter().map(|i| (i.variant_id, i)).collect();
    let mut groups: BTreeMap<(&'static str, String), BTreeMap<i64, f64>> = BTreeMap::new();
    let mut jobs = Vec::new();
    for (variant, days) in &by_variant {
        let Some(item) = info.get(variant) else {
            continue;
        };
        for (level, key) in [
            ("product", item.product_id.to_string()),
            ("category", item.category.clone()),
        ] {
            let g = groups.entry((level, key)).or_default();
            for (d, v) in days {
                *g.entry(*d).or_default() += v;
            }
        }
        if let Some(s) = daily(days, last) {
            jobs.push(Job {
                level: "variant",
                key: variant.to_string(),
                series: s,
            });
        }
    }
    for ((level, key), days) in groups {
        if let Some(s) = daily(&days, last) {
            if let Some(w) = weekly(&s) {
                jobs.push(Job {
                    level: if level == "product" {
                        "product_week"
                    } else {
                        "category_week"
                    },
                    key: key.clone(),
                    series: w,
                });
            }
            jobs.push(Job {
                level,
                key,
                series: s,
            });
        }
    }
    jobs
}

fn daily(days: &BTreeMap<i64, f64>, last: i64) -> Option<Series> {
    let first = *days.keys().next()?;
    if last - first < 2 {
        return None;
    }
    let values = (first..=last)
        .map(|d| days.get(&d).copied().unwrap_or(0.0))
        .collect();
    Some(Series::new(date_of_day(first), Step::Day, values))
}

/// Complete Monday-to-Sunday weeks of a daily series.
fn weekly(s: &Series) -> Option<Series> {
    let offset = (7 - s.start.weekday().num_days_from_monday() as usize) % 7;
    let weeks: Vec<f64> = s.values[offset.min(s.len())..]
        .chunks_exact(7)
        .map(|w| w.iter().sum())
        .collect();
    (weeks.len() >= 3).then(|| {
        let start = s
            .start
            .checked_add_days(Days::new(offset as u64))
            .unwrap_or(s.start);
        Series::new(start, Step::Week, weeks)
    })
}

fn forecast_row(owner: i64, job: &Job, now: i64) -> Option<ForecastRow> {
    let weekly = job.series.step == Step::Week;
    let opts = ForecastOptions {
        horizon: if weekly { HORIZON_WEEKS } else { HORIZON_DAYS },
        // A weekly series shorter than two years has no yearly season to learn.
        season: if weekly && job.series.len() < 104 {
            Some(1)
        } else {
            None
        },
        ..Default::default()
    };
    let f = pofuai_insight::forecast(&job.series, &opts).ok()?;
    let body = json!({
        "step": job.series.step,
        "history_start": job.series.start,
        "history": job.series.values,
        "dates": f.dates,
        "forecast": f.point,
        "lower": f.lower,
        "upper": f.upper,
        "level": f.level,
        "backtest": {
            "mase": finite(f.backtest.mase),
            "smape": finite(f.backtest.smape),
            "origins": f.backtest.origins,
            "horizon": f.backtest.horizon,
            "candidates": f.backtest.candidates.iter()
                .map(|(k, e)| json!({"model": k.as_str(), "mase": finite(*e)}))
                .collect::<Vec<_>>(),
        },
        "calendar_effects": f.effects.factors.iter()
            .map(|(k, v)| json!({"event": k.as_str(), "name": k.name_tr(), "factor": v}))
            .collect::<Vec<_>>(),
        "intermittent": f.intermittent,
    });
    Some(ForecastRow {
        owner_id: owner,
        level: job.level.to_string(),
        item_key: job.key.clone(),
        model: f.model.as_str().to_string(),
        detail: f.detail,
        mase: finite(f.backtest.mase),
        body: body.to_string(),
        computed_at: now,
    })
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// RFM segments, cohorts, repeat rate and lifetime value of a seller's buyers, with the
/// error of each on the last three months held back (when there are at least six).
fn customer_snapshot(orders: &[(String, i64, i64)], today: i64) -> Value {
    let purchases: Vec<Purchase> = orders
        .iter()
        .map(|(buyer, at, total)| Purchase {
            customer: buyer.clone(),
            date: date_of_day(day_of(*at)),
            amount: *total as f64 / 100.0,
        })
        .collect();
    let as_of = date_of_day(today);
    if purchases.is_empty() {
        return json!({"customers": 0});
    }
    let rows = customers::rfm(&purchases, as_of);
    let mut segments: BTreeMap<customers::Segment, (usize, f64)> = BTreeMap::new();
    for r in &rows {
        let e = segments.entry(r.segment).or_default();
        e.0 += 1;
        e.1 += r.monetary;
    }
    let cohorts = customers::cohorts(&purchases, as_of);
    let clv = customers::clv(&purchases, as_of, 90.0);
    let mut top: Vec<&(String, f64, f64, f64, f64)> = clv.customers.iter().collect();
    top.sort_by(|a, b| b.3.total_cmp(&a.3));
    let first = purchases.iter().map(|p| p.date).min().unwrap_or(as_of);
    let months = (as_of.year() - first.year()) * 12 + as_of.month() as i32 - first.month() as i32;
    let evaluation = (months >= 6)
        .then(|| customers::evaluate(&purchases, (months - 3) as u32).ok())
        .flatten();
    json!({
        "customers": rows.len(),
        "as_of": as_of,
        "repeat_rate": customers::repeat_rate(&purchases, as_of),
        "segments": segments.iter().map(|(s, (n, m))| json!({
            "segment": s, "name": s.name_tr(), "customers": n, "revenue": m,
        })).collect::<Vec<_>>(),
        "cohorts": cohorts.iter().rev().take(12).rev().collect::<Vec<_>>(),
        "clv": {
            "model": clv.model,
            "spend_model": clv.spend,
            "horizon_days": clv.horizon_days,
            "expected_revenue": clv.customers.iter().map(|c| c.3).sum::<f64>(),
            "top": top.iter().take(20).map(|c| json!({
                "buyer": c.0, "expected_orders": c.1, "expected_order_value": c.2,
                "expected_revenue": c.3, "p_alive": c.4,
            })).collect::<Vec<_>>(),
        },
        "evaluation": evaluation,
    })
}

/// Whether a model name came from our engine; used by tests reading stored rows.
pub fn is_model(name: &str) -> bool {
    ModelKind::parse(name).is_some()
}

/// One variant's stock as replenishment advises it: the policy that applies (product, then
/// supplier, then the seller's default), the advice from its daily forecast, and the day it
/// is expected to run out.
#[derive(Debug, Clone)]
pub struct StockRow {
    pub item: StockItem,
    pub policy: pofuai_insight::stock::Policy,
    pub advice: pofuai_insight::stock::Advice,
    pub stock_out: Option<NaiveDate>,
    pub forecast_ready: bool,
}

fn policy_of(row: &pofuai_store::insight::StockPolicyRow) -> pofuai_insight::stock::Policy {
    pofuai_insight::stock::Policy {
        lead_time_days: u32::try_from(row.lead_time_days).unwrap_or(7),
        review_period_days: u32::try_from(row.review_period_days).unwrap_or(7),
        service_level: row.service_level,
        min_order: row.min_order,
        pack_size: row.pack_size,
    }
}

/// Every variant of one seller with its replenishment advice, from the stored daily
/// forecasts (the analytics stock list and the assistant both read this).
pub async fn stock_rows(
    store: &pofuai_store::Store,
    owner: i64,
    today: NaiveDate,
) -> Result<Vec<StockRow>, StoreError> {
    use pofuai_insight::stock::{Position, advise};
    let items = store.stock_items(owner).await?;
    let policies = store.stock_policies(owner).await?;
    // Only the two series the advice needs are read out of each stored forecast (a few KB
    // of JSON with dates, backtests and the lower band besides).
    #[derive(serde::Deserialize)]
    struct Stored {
        #[serde(default)]
        forecast: Vec<Option<f64>>,
        #[serde(default)]
        upper: Vec<Option<f64>>,
    }
    struct Series {
        forecast: Vec<f64>,
        upper: Vec<f64>,
    }
    // A value that is not a number (a NaN stored as null) is left out, as it always was.
    let numbers = |v: Vec<Option<f64>>| v.into_iter().flatten().collect::<Vec<f64>>();
    let forecasts: BTreeMap<i64, Series> = store
        .variant_forecasts(owner)
        .await?
        .into_iter()
        .filter_map(|(id, body)| {
            serde_json::from_str::<Stored>(&body).ok().map(|b| {
                (
                    id,
                    Series {
                        forecast: numbers(b.forecast),
                        upper: numbers(b.upper),
                    },
                )
            })
        })
        .collect();
    let find = |scope: &str, key: &str| {
        policies
            .iter()
            .find(|p| p.scope == scope && p.scope_key == key)
    };
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let policy_row = find("product", &item.product_id.to_string())
            .or_else(|| item.supplier.as_deref().and_then(|s| find("supplier", s)))
            .or_else(|| find("default", ""));
        let policy = policy_row.map(policy_of).unwrap_or_default();
        let forecast = forecasts.get(&item.variant_id);
        let (mean, upper): (&[f64], &[f64]) =
            forecast.map_or((&[], &[]), |f| (&f.forecast, &f.upper));
        // The stored interval is 80 %: its half-width over z(0.9) is the standard deviation.
        let z = pofuai_insight::forecast::normal_quantile(0.9);
        let sd: Vec<f64> = upper
            .iter()
            .zip(mean)
            .map(|(u, m)| ((u - m) / z).max(0.0))
            .collect();
        let advice = advise(
            &Position {
                on_hand: item.stock_on_hand,
                reserved: item.stock_reserved,
                on_order: item.on_order,
                daily_mean: mean,
                daily_sd: &sd,
            },
            &policy,
        );
        let stock_out = advice
            .days_of_cover
            .and_then(|d| today.checked_add_days(Days::new(d.floor() as u64)));
        rows.push(StockRow {
            forecast_ready: forecast.is_some(),
            item,
            policy,
            advice,
            stock_out,
        });
    }
    Ok(rows)
}
