//! Forecasting a whole catalogue: every variant of a synthetic 10,000-variant catalogue with
//! two years of daily history, with model selection by backtest, on all cores. Prints the wall
//! time beside a seasonal-naive-only pass over the same series (the floor any method pays for
//! walking the data). `BENCH_VARIANTS`, `BENCH_DAYS`, `BENCH_HORIZON` change the size.

use std::time::Instant;

use chrono::NaiveDate;
use pofuai_insight::forecast::{ModelKind, Setup, fit_forecast};
use pofuai_insight::{ForecastOptions, Series, Step, forecast};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Poisson};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Three in ten variants sell every day with a weekly and yearly rhythm and a trend; the rest
/// are slow movers with many zero days, as in a real catalogue.
fn catalogue(n: usize, days: usize) -> Vec<Series> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let week = [1.0, 0.9, 0.95, 1.0, 1.1, 1.3, 0.75];
    (0..n)
        .map(|i| {
            let mut rng = StdRng::seed_from_u64(i as u64);
            let smooth = i % 10 < 3;
            let base: f64 = if smooth {
                rng.gen_range(5.0..60.0)
            } else {
                rng.gen_range(0.03..1.5)
            };
            let trend: f64 = rng.gen_range(-0.0005..0.001);
            let values = (0..days)
                .map(|t| {
                    let year = 1.0 + 0.3 * (2.0 * std::f64::consts::PI * t as f64 / 365.0).sin();
                    let rate = (base * week[t % 7] * year * (1.0 + trend * t as f64)).max(0.001);
                    Poisson::new(rate).map_or(0.0, |p| p.sample(&mut rng))
                })
                .collect();
            Series::new(start, Step::Day, values)
        })
        .collect()
}

fn run_parallel<F: Fn(&Series) -> ModelKind + Sync>(series: &[Series], f: F) -> Vec<ModelKind> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = series.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = series
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn main() {
    let n = env("BENCH_VARIANTS", 10_000);
    let days = env("BENCH_DAYS", 730);
    let horizon = env("BENCH_HORIZON", 84);
    let series = catalogue(n, days);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    println!("{n} variants × {days} days, horizon {horizon}, {threads} threads");

    let started = Instant::now();
    run_parallel(&series, |s| {
        let setup = Setup::new(Step::Day, None);
        let _ = fit_forecast(ModelKind::SeasonalNaive, s, s.len(), &setup, horizon, false);
        ModelKind::SeasonalNaive
    });
    let naive = started.elapsed().as_secs_f64();

    let models: Vec<ModelKind> = std::env::var("BENCH_MODELS")
        .ok()
        .map(|v| v.split(',').filter_map(ModelKind::parse).collect())
        .unwrap_or_default();
    let opts = ForecastOptions {
        horizon,
        models,
        ..Default::default()
    };
    let started = Instant::now();
    let chosen = run_parallel(&series, |s| {
        forecast(s, &opts).map_or(ModelKind::SeasonalNaive, |f| f.model)
    });
    let full = started.elapsed().as_secs_f64();

    let mut counts: Vec<(ModelKind, usize)> = ModelKind::ALL
        .iter()
        .map(|k| (*k, chosen.iter().filter(|c| *c == k).count()))
        .filter(|c| c.1 > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    println!(
        "seasonal naive only: {naive:.2} s; selected by backtest (3 origins, calendar effects): {full:.1} s ({:.1} ms per variant per core, {:.0}× the naive pass)",
        1000.0 * full * threads as f64 / n as f64,
        full / naive.max(1e-9)
    );
    let names: Vec<String> = counts
        .iter()
        .map(|(k, c)| format!("{} {c}", k.as_str()))
        .collect();
    println!("models chosen: {}", names.join(", "));
}
