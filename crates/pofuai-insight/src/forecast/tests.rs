//! Synthetic series whose truth we know: the forecasts must recover it.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal, Poisson};

use super::*;
use crate::calendar::EventKind;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn weekly(t: usize) -> f64 {
    [1.0, 0.9, 0.95, 1.0, 1.15, 1.3, 0.7][t % 7]
}

fn mean_abs_pct(forecast: &[f64], truth: &[f64]) -> f64 {
    forecast
        .iter()
        .zip(truth)
        .map(|(f, t)| ((f - t) / t).abs())
        .sum::<f64>()
        / truth.len() as f64
}

#[test]
fn trend_and_weekly_season_are_recovered() {
    let mut rng = StdRng::seed_from_u64(7);
    let noise = Normal::new(0.0, 2.0).unwrap_or_else(|_| unreachable!());
    let truth = |t: usize| (100.0 + 0.15 * t as f64) * weekly(t);
    let n = 400;
    let values: Vec<f64> = (0..n).map(|t| truth(t) + noise.sample(&mut rng)).collect();
    let series = Series::new(day(2024, 1, 1), Step::Day, values);
    let f = forecast(
        &series,
        &ForecastOptions {
            horizon: 28,
            holidays: false,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let want: Vec<f64> = (n..n + 28).map(truth).collect();
    let err = mean_abs_pct(&f.point, &want);
    assert!(err < 0.04, "{} off by {err:.3}", f.detail);
    assert_ne!(
        f.model,
        ModelKind::SeasonalNaive,
        "noise makes the naive model lose"
    );
    let naive = f
        .backtest
        .candidates
        .iter()
        .find(|c| c.0 == ModelKind::SeasonalNaive);
    assert!(
        naive.is_some_and(|c| c.1 > f.backtest.mase),
        "{:?}",
        f.backtest.candidates
    );
    assert_eq!(f.dates[0], day(2024, 1, 1) + chrono::Days::new(n as u64));
}

#[test]
fn weekly_and_yearly_seasons_are_recovered_by_mstl() {
    let mut rng = StdRng::seed_from_u64(11);
    let noise = Normal::new(0.0, 1.5).unwrap_or_else(|_| unreachable!());
    let truth = |t: usize| {
        let year = 1.0 + 0.4 * (2.0 * std::f64::consts::PI * t as f64 / 365.0).sin();
        60.0 * year * weekly(t)
    };
    let n = 2 * 365 + 60;
    let values: Vec<f64> = (0..n).map(|t| truth(t) + noise.sample(&mut rng)).collect();
    let series = Series::new(day(2023, 1, 1), Step::Day, values);
    let f = forecast(
        &series,
        &ForecastOptions {
            horizon: 56,
            holidays: false,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let want: Vec<f64> = (n..n + 56).map(truth).collect();
    let err = mean_abs_pct(&f.point, &want);
    assert!(err < 0.06, "{} off by {err:.3}", f.detail);
    // MSTL alone carries the yearly wave through a longer horizon.
    let long = ForecastOptions {
        horizon: 180,
        holidays: false,
        models: vec![ModelKind::Mstl],
        origins: 0,
        ..Default::default()
    };
    let f = forecast(&series, &long).unwrap_or_else(|e| panic!("{e}"));
    let want: Vec<f64> = (n..n + 180).map(truth).collect();
    let err = mean_abs_pct(&f.point, &want);
    assert_eq!(f.detail, "MSTL(7,365)+ETS");
    assert!(err < 0.06, "{} off by {err:.3} over half a year", f.detail);
}

#[test]
fn intermittent_demand_is_forecast_at_its_rate() {
    // Demand on about one day in five, 1–4 units: about 0.5 a day.
    let mut rng = StdRng::seed_from_u64(3);
    let pois = Poisson::new(1.5).unwrap_or_else(|_| unreachable!());
    let values: Vec<f64> = (0..300)
        .map(|_| {
            if rand::Rng::gen_bool(&mut rng, 0.2) {
                1.0 + pois.sample(&mut rng)
            } else {
                0.0
            }
        })
        .collect();
    let rate = values.iter().sum::<f64>() / values.len() as f64;
    let series = Series::new(day(2024, 1, 1), Step::Day, values);
    let f = forecast(&series, &ForecastOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(f.intermittent);
    let total: f64 = f.point.iter().sum();
    let expected = rate * 28.0;
    assert!(
        (total - expected).abs() < 0.35 * expected,
        "{} forecasts {total:.1} units over 28 days, the rate says {expected:.1}",
        f.detail
    );
    assert!(
        f.lower.iter().all(|l| *l >= 0.0),
        "demand is never negative"
    );
}

#[test]
fn eighty_percent_intervals_cover_about_eighty_percent() {
    let noise = Normal::new(0.0, 5.0).unwrap_or_else(|_| unreachable!());
    let (mut inside, mut total) = (0, 0);
    for seed in 0..20 {
        let mut rng = StdRng::seed_from_u64(100 + seed);
        let n = 200;
        let values: Vec<f64> = (0..n + 14)
            .map(|t| 50.0 * weekly(t) + noise.sample(&mut rng))
            .collect();
        let series = Series::new(day(2024, 1, 1), Step::Day, values[..n].to_vec());
        let f = forecast(
            &series,
            &ForecastOptions {
                horizon: 14,
                holidays: false,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for i in 0..14 {
            total += 1;
            if (f.lower[i]..=f.upper[i]).contains(&values[n + i]) {
                inside += 1;
            }
        }
    }
    let coverage = inside as f64 / total as f64;
    assert!((0.7..=0.92).contains(&coverage), "coverage {coverage:.2}");
}

#[test]
fn a_feast_in_the_horizon_lifts_the_forecast() {
    // Two years with Kurban Bayramı shopping at twice the usual demand; the third year's
    // shopping week falls inside the horizon.
    let start = day(2023, 1, 1);
    let n = (day(2025, 5, 20) - start).num_days() as usize;
    let kinds = holidays::Effects::default();
    assert!(kinds.is_empty());
    let lift: Vec<f64> = crate::calendar::events_between(start, day(2025, 7, 1))
        .iter()
        .filter(|e| e.kind == EventKind::KurbanShopping)
        .map(|e| (e.date - start).num_days() as f64)
        .collect();
    let value = |t: usize| {
        if lift.contains(&(t as f64)) {
            80.0
        } else {
            40.0
        }
    };
    let values: Vec<f64> = (0..n).map(value).collect();
    let series = Series::new(start, Step::Day, values);
    let f = forecast(
        &series,
        &ForecastOptions {
            horizon: 14,
            models: vec![ModelKind::Ets],
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(f.effects.factors.contains_key(&EventKind::KurbanShopping));
    // Kurban Bayramı 2025 was 6 June: shopping 29 May – 4 June.
    let on = (day(2025, 5, 29) - day(2025, 5, 20)).num_days() as usize;
    let off = 0;
    assert!(
        f.point[on] > 1.4 * f.point[off],
        "shopping day {} vs ordinary day {}",
        f.point[on],
        f.point[off]
    );
}

#[test]
fn monthly_series_use_a_yearly_season() {
    let truth = |t: usize| 200.0 + 3.0 * t as f64 + 40.0 * ((t % 12) as f64 - 5.5).signum();
    let values: Vec<f64> = (0..60).map(truth).collect();
    let series = Series::new(day(2020, 1, 1), Step::Month, values);
    let f = forecast(
        &series,
        &ForecastOptions {
            horizon: 12,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let want: Vec<f64> = (60..72).map(truth).collect();
    assert!(mean_abs_pct(&f.point, &want) < 0.05, "{}", f.detail);
    assert_eq!(f.dates[0], day(2025, 1, 1));
}

#[test]
fn bad_requests_are_refused() {
    let s = Series::new(day(2024, 1, 1), Step::Day, vec![1.0, 2.0]);
    assert_eq!(
        forecast(&s, &ForecastOptions::default()),
        Err(ForecastError::TooShort(2))
    );
    let s = Series::new(day(2024, 1, 1), Step::Day, vec![1.0; 30]);
    let opts = ForecastOptions {
        horizon: 0,
        ..Default::default()
    };
    assert_eq!(forecast(&s, &opts), Err(ForecastError::Horizon));
}
