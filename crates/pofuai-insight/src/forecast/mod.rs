//! Demand forecasts. Each series gets the model that forecast its own recent past best: the
//! candidates (seasonal naive, ETS, Theta, MSTL, and Croston and TSB when demand is
//! intermittent) are refitted at several origins before the end and scored by MASE over the
//! horizon; the winner is refitted on everything. Daily series have Turkish calendar effects
//! divided out before fitting and multiplied back into the forecast.

pub mod ets;
pub mod holidays;
pub mod mstl;
pub mod optim;
pub mod simple;

use chrono::NaiveDate;
use serde::Serialize;

use crate::metrics::{mase, naive_scale, smape};
use crate::series::{Series, Step};
pub use holidays::Effects;

/// What a model says about the next steps: point forecasts and their standard deviations.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub point: Vec<f64>,
    pub sd: Vec<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    SeasonalNaive,
    Ets,
    Theta,
    Mstl,
    Croston,
    Tsb,
    /// The mean of ETS, Theta and (for intermittent demand) Croston: combining forecasts
    /// averages away their separate mistakes.
    Combination,
}

impl ModelKind {
    pub const ALL: [ModelKind; 7] = [
        ModelKind::SeasonalNaive,
        ModelKind::Ets,
        ModelKind::Theta,
        ModelKind::Mstl,
        ModelKind::Croston,
        ModelKind::Tsb,
        ModelKind::Combination,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::SeasonalNaive => "seasonal_naive",
            ModelKind::Ets => "ets",
            ModelKind::Theta => "theta",
            ModelKind::Mstl => "mstl",
            ModelKind::Croston => "croston",
            ModelKind::Tsb => "tsb",
            ModelKind::Combination => "combination",
        }
    }

    pub fn parse(s: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    /// Steps to forecast.
    pub horizon: usize,
    /// Season length; None takes the step's usual one (7 days, 52 weeks, 12 months, 4
    /// quarters).
    pub season: Option<usize>,
    /// Coverage of the prediction interval, e.g. 0.8.
    pub level: f64,
    /// Backtest origins (0 skips the backtest and takes ETS).
    pub origins: usize,
    /// Apply Turkish calendar effects (daily series only).
    pub holidays: bool,
    /// Candidate models; empty means every applicable one.
    pub models: Vec<ModelKind>,
}

impl Default for ForecastOptions {
    fn default() -> ForecastOptions {
        ForecastOptions {
            horizon: 28,
            season: None,
            level: 0.8,
            origins: 3,
            holidays: true,
            models: Vec::new(),
        }
    }
}

/// Another model replaces the combination only if its backtest MASE is this fraction of the
/// combination's or lower.
pub const SWITCH_MARGIN: f64 = 0.9;

/// Longest horizon we forecast: 12 weeks of days, or the equivalent in other steps.
pub const MAX_HORIZON: usize = 366;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Mean MASE of the chosen model over the origins (NaN when the series was too short to
    /// backtest).
    pub mase: f64,
    pub smape: f64,
    pub origins: usize,
    pub horizon: usize,
    /// Every candidate's mean MASE, best first.
    pub candidates: Vec<(ModelKind, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub model: ModelKind,
    /// The fitted form, e.g. `ETS(A,Ad,M)` or `MSTL(7,365)+ETS`.
    pub detail: String,
    pub dates: Vec<NaiveDate>,
    pub point: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub level: f64,
    pub backtest: Backtest,
    pub effects: Effects,
    pub intermittent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    #[error("a series needs at least 3 values to forecast, this one has {0}")]
    TooShort(usize),
    #[error("horizon must be between 1 and {MAX_HORIZON}")]
    Horizon,
    #[error("season must be at least 1")]
    Season,
    #[error("values must be finite numbers")]
    NotFinite,
}

/// The standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// How a series is modelled: its season, the longer periods MSTL adds, and how much history
/// each model sees.
#[derive(Debug, Clone)]
pub struct Setup {
    pub step: Step,
    pub season: usize,
    pub periods: Vec<usize>,
    /// Exponential smoothing forgets old data anyway; capping its window bounds the cost.
    pub short_window: usize,
    pub long_window: usize,
}

impl Setup {
    pub fn new(step: Step, season: Option<usize>) -> Setup {
        let season = season.unwrap_or_else(|| step.default_season());
        let (periods, short_window, long_window) = match step {
            Step::Day => (
                if season == 365 {
                    vec![365]
                } else {
                    vec![season, 365]
                },
                // A year and a little more, so a weekly season has many cycles.
                371.max(2 * season + 2),
                3 * 365,
            ),
            _ => (vec![season], usize::MAX, usize::MAX),
        };
        Setup {
            step,
            season,
            periods,
            short_window,
            long_window,
        }
    }

    /// The candidates that apply to a series of length `n`.
    pub fn candidates(&self, y: &[f64], wanted: &[ModelKind]) -> Vec<ModelKind> {
        let intermittent = simple::demand_interval(y) >= 1.32;
        ModelKind::ALL
            .into_iter()
            .filter(|k| wanted.is_empty() || wanted.contains(k))
            .filter(|k| match k {
                ModelKind::SeasonalNaive
                | ModelKind::Ets
                | ModelKind::Theta
                | ModelKind::Combination => true,
                ModelKind::Mstl => !mstl::usable_periods(&self.periods, y.len()).is_empty(),
                ModelKind::Croston | ModelKind::Tsb => intermittent,
            })
            .collect()
    }
}

/// Fits one model to `y` and forecasts `h` steps. Returns the output and the fitted form.
pub fn run_model(kind: ModelKind, y: &[f64], setup: &Setup, h: usize) -> Option<(Output, String)> {
    let short = &y[y.len().saturating_sub(setup.short_window)..];
    let m = setup.season;
    match kind {
        ModelKind::SeasonalNaive => Some((simple::seasonal_naive(y, m, h), format!("SNaive({m})"))),
        ModelKind::Ets => {
            let fit = ets::auto(short, m)?;
            Some((fit.forecast(h), fit.spec.name()))
        }
        ModelKind::Theta => simple::theta(short, m, h).map(|o| (o, "Theta".to_string())),
        ModelKind::Mstl => {
            let long = &y[y.len().saturating_sub(setup.long_window)..];
            let periods = mstl::usable_periods(&setup.periods, long.len());
            let names: Vec<String> = periods.iter().map(usize::to_string).collect();
            mstl::forecast(long, &periods, h).map(|o| (o, format!("MSTL({})+ETS", names.join(","))))
        }
        ModelKind::Croston => simple::croston(short, h).map(|o| (o, "Croston-SBA".to_string())),
        ModelKind::Tsb => simple::tsb(short, h).map(|o| (o, "TSB".to_string())),
        // Built from its members by `fit_all`.
        ModelKind::Combination => None,
    }
}

/// The models a combination averages for a series.
fn members(y: &[f64]) -> Vec<ModelKind> {
    let mut m = vec![ModelKind::Ets, ModelKind::Theta];
    if simple::demand_interval(y) >= 1.32 {
        m.push(ModelKind::Croston);
    }
    m
}

/// Fits each of `kinds` to the first `len` values of `series`, with calendar effects (when
/// asked and the series is daily) estimated once and shared, and forecasts `h` steps.
/// Models that cannot fit are left out.
pub fn fit_all(
    kinds: &[ModelKind],
    series: &Series,
    len: usize,
    setup: &Setup,
    h: usize,
    holidays: bool,
) -> (Vec<(ModelKind, Output, String)>, Effects) {
    let y = &series.values[..len];
    let effects = if holidays && series.step == Step::Day {
        Effects::estimate(series.start, y)
    } else {
        Effects::default()
    };
    let adjusted: Vec<f64>;
    let (fit_on, future) = if effects.is_empty() {
        (y, None)
    } else {
        let past = effects.factors_from(series.start, len);
        adjusted = y.iter().zip(&past).map(|(v, f)| v / f).collect();
        let future = series.date(len).map(|d| effects.factors_from(d, h));
        (&adjusted[..], future)
    };
    let mut base: Vec<ModelKind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != ModelKind::Combination)
        .collect();
    let combine = kinds.contains(&ModelKind::Combination);
    let parts = members(y);
    if combine {
        for m in &parts {
            if !base.contains(m) {
                base.push(*m);
            }
        }
    }
    let mut outs: Vec<(ModelKind, Output, String)> = base
        .iter()
        .filter_map(|k| run_model(*k, fit_on, setup, h).map(|(o, d)| (*k, o, d)))
        .collect();
    if combine {
        let used: Vec<&(ModelKind, Output, String)> =
            outs.iter().filter(|o| parts.contains(&o.0)).collect();
        if used.len() == parts.len() {
            let k = used.len() as f64;
            let point = (0..h)
                .map(|i| used.iter().map(|o| o.1.point[i]).sum::<f64>() / k)
                .collect();
            let sd = (0..h)
                .map(|i| used.iter().map(|o| o.1.sd[i]).sum::<f64>() / k)
                .collect();
            let names: Vec<&str> = used.iter().map(|o| o.2.as_str()).collect();
            let detail = format!("mean({})", names.join(", "));
            outs.push((ModelKind::Combination, Output { point, sd }, detail));
        }
    }
    outs.retain(|o| kinds.contains(&o.0));
    if let Some(future) = future {
        for (_, out, _) in &mut outs {
            for ((p, s), f) in out.point.iter_mut().zip(out.sd.iter_mut()).zip(&future) {
                *p *= f;
                *s *= f;
            }
        }
    }
    (outs, effects)
}

/// Fits one model; see [`fit_all`].
pub fn fit_forecast(
    kind: ModelKind,
    series: &Series,
    len: usize,
    setup: &Setup,
    h: usize,
    holidays: bool,
) -> Option<(Output, String, Effects)> {
    let (mut outs, effects) = fit_all(&[kind], series, len, setup, h, holidays);
    outs.pop().map(|(_, o, d)| (o, d, effects))
}

/// Mean MASE and sMAPE of each of `kinds` over the backtest origins; a model that failed at
/// any origin is left out.
pub fn backtest(
    kinds: &[ModelKind],
    series: &Series,
    setup: &Setup,
    origins: &[usize],
    h: usize,
    holidays: bool,
) -> Vec<(ModelKind, f64, f64)> {
    let mut sums: Vec<(ModelKind, f64, f64, usize)> =
        kinds.iter().map(|k| (*k, 0.0, 0.0, 0)).collect();
    for &o in origins {
        let (outs, _) = fit_all(kinds, series, o, setup, h, holidays);
        let actual = &series.values[o..o + h];
        let scale = naive_scale(&series.values[..o], setup.season);
        for (kind, out, _) in outs {
            let point: Vec<f64> = out.point.iter().map(|p| p.max(0.0)).collect();
            let e = mase(actual, &point, scale);
            if let Some(s) = sums.iter_mut().find(|s| s.0 == kind)
                && e.is_finite()
            {
                s.1 += e;
                s.2 += smape(actual, &point);
                s.3 += 1;
            }
        }
    }
    sums.into_iter()
        .filter(|s| s.3 == origins.len() && s.3 > 0)
        .map(|s| (s.0, s.1 / s.3 as f64, s.2 / s.3 as f64))
        .collect()
}

/// Origins for a rolling backtest of horizon `h` ending at `n`, `count` of them half a
/// horizon apart, each leaving at least two seasons to fit on.
pub fn origins(n: usize, h: usize, count: usize, season: usize) -> Vec<usize> {
    let step = h.div_ceil(2).max(1);
    let min_train = (2 * season).max(8);
    (0..count)
        .filter_map(|j| n.checked_sub(h + j * step))
        .filter(|o| *o >= min_train)
        .collect()
}

/// Forecasts a series with the model its own backtest prefers.
pub fn forecast(series: &Series, opts: &ForecastOptions) -> Result<Forecast, ForecastError> {
    let n = series.len();
    if n < 3 {
        return Err(ForecastError::TooShort(n));
    }
    if opts.horizon == 0 || opts.horizon > MAX_HORIZON {
        return Err(ForecastError::Horizon);
    }
    if opts.season == Some(0) {
        return Err(ForecastError::Season);
    }
    if series.values.iter().any(|v| !v.is_finite()) {
        return Err(ForecastError::NotFinite);
    }
    let h = opts.horizon;
    let setup = Setup::new(series.step, opts.season);
    let candidates = setup.candidates(&series.values, &opts.models);
    let points = origins(n, h, opts.origins, setup.season);
    let mut scores: Vec<(ModelKind, f64, f64)> = if points.is_empty() {
        Vec::new()
    } else {
        backtest(&candidates, series, &setup, &points, h, opts.holidays)
    };
    scores.sort_by(|a, b| a.1.total_cmp(&b.1));
    // A few origins of a noisy series rank close models almost at random; the combination
    // keeps its place unless another model beats it clearly.
    if let Some(pos) = scores.iter().position(|s| s.0 == ModelKind::Combination)
        && scores[0].1 > SWITCH_MARGIN * scores[pos].1
    {
        let combo = scores.remove(pos);
        scores.insert(0, combo);
    }
    // Without a backtest, ETS (or the first candidate that fits) is the default.
    let order: Vec<ModelKind> = if scores.is_empty() {
        let mut o: Vec<ModelKind> = candidates
            .iter()
            .copied()
            .filter(|k| *k == ModelKind::Ets)
            .collect();
        o.extend(candidates.iter().copied().filter(|k| *k != ModelKind::Ets));
        o
    } else {
        scores.iter().map(|s| s.0).collect()
    };
    let (kind, out, detail, effects) = order
        .iter()
        .find_map(|k| {
            fit_forecast(*k, series, n, &setup, h, opts.holidays).map(|(o, d, e)| (*k, o, d, e))
        })
        .ok_or(ForecastError::TooShort(n))?;
    let nonnegative = series.values.iter().all(|v| *v >= 0.0);
    let z = normal_quantile(0.5 + opts.level / 2.0);
    let clamp = |v: f64| if nonnegative { v.max(0.0) } else { v };
    let point: Vec<f64> = out.point.iter().map(|p| clamp(*p)).collect();
    let lower = out
        .point
        .iter()
        .zip(&out.sd)
        .map(|(p, s)| clamp(p - z * s))
        .collect();
    let upper = out
        .point
        .iter()
        .zip(&out.sd)
        .map(|(p, s)| clamp(p + z * s))
        .collect();
    let dates = (0..h).filter_map(|i| series.date(n + i)).collect();
    let chosen = scores.iter().find(|s| s.0 == kind);
    Ok(Forecast {
        model: kind,
        detail,
        dates,
        point,
        lower,
        upper,
        level: opts.level,
        backtest: Backtest {
            mase: chosen.map_or(f64::NAN, |s| s.1),
            smape: chosen.map_or(f64::NAN, |s| s.2),
            origins: points.len(),
            horizon: h,
            candidates: scores.iter().map(|s| (s.0, s.1)).collect(),
        },
        effects,
        intermittent: simple::demand_interval(&series.values) >= 1.32,
    })
}

#[cfg(test)]
mod tests;
