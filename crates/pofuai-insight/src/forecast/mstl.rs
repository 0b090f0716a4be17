//! MSTL (Bandara, Hyndman & Bergmeir 2021) for several seasonalities at once — a week and a
//! year of days — through augurs-mstl, which decomposes with STL and hands the deseasonalised
//! series to a trend model. Our non-seasonal ETS is that trend model.

use std::borrow::Cow;

use augurs_core::{Fit as _, Forecast as AugursForecast, ForecastIntervals, Predict as _};
use augurs_mstl::{FittedTrendModel, MSTLModel, TrendModel};

use super::Output;
use super::ets::{self, Season, Spec, Trend};
use super::normal_quantile;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Non-seasonal ETS (simple or damped-trend, by AICc) as augurs' trend model.
#[derive(Debug, Clone, Copy)]
struct EtsTrend;

#[derive(Debug)]
struct FittedEtsTrend {
    fit: ets::Fit,
}

#[derive(Debug, thiserror::Error)]
#[error("the deseasonalised series is too short for ETS")]
struct TooShort;

impl TrendModel for EtsTrend {
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed("ETS")
    }

    fn fit(&self, y: &[f64]) -> Result<Box<dyn FittedTrendModel + Sync + Send>, BoxError> {
        let fit = [Trend::None, Trend::Damped]
            .into_iter()
            .filter_map(|trend| {
                ets::fit(
                    y,
                    Spec {
                        trend,
                        season: Season::None,
                    },
                    1,
                )
            })
            .min_by(|a, b| a.aicc.total_cmp(&b.aicc))
            .ok_or(TooShort)?;
        Ok(Box::new(FittedEtsTrend { fit }))
    }
}

impl FittedTrendModel for FittedEtsTrend {
    fn predict_inplace(
        &self,
        horizon: usize,
        level: Option<f64>,
        forecast: &mut AugursForecast,
    ) -> Result<(), BoxError> {
        let out = self.fit.forecast(horizon);
        forecast.point = out.point.clone();
        if let Some(level) = level {
            let z = normal_quantile(0.5 + level / 2.0);
            forecast.intervals = Some(ForecastIntervals {
                level,
                lower: out
                    .point
                    .iter()
                    .zip(&out.sd)
                    .map(|(p, s)| p - z * s)
                    .collect(),
                upper: out
                    .point
                    .iter()
                    .zip(&out.sd)
                    .map(|(p, s)| p + z * s)
                    .collect(),
            });
        }
        Ok(())
    }

    fn predict_in_sample_inplace(
        &self,
        _level: Option<f64>,
        _forecast: &mut AugursForecast,
    ) -> Result<(), BoxError> {
        // Only out-of-sample forecasts are asked of MSTL here.
        Ok(())
    }

    fn training_data_size(&self) -> Option<usize> {
        Some(self.fit.n)
    }
}

/// The periods among `periods` that the data cover at least twice.
pub fn usable_periods(periods: &[usize], n: usize) -> Vec<usize> {
    periods
        .iter()
        .copied()
        .filter(|p| *p >= 2 && n >= 2 * p)
        .collect()
}

/// Forecasts `h` steps; None when no period fits the data or STL fails.
pub fn forecast(y: &[f64], periods: &[usize], h: usize) -> Option<Output> {
    let periods = usable_periods(periods, y.len());
    if periods.is_empty() {
        return None;
    }
    let fitted = MSTLModel::new(periods, EtsTrend).fit(y).ok()?;
    let level = 0.8;
    let f = fitted.predict(h, level).ok()?;
    let z = normal_quantile(0.5 + level / 2.0);
    let sd = match &f.intervals {
        Some(i) => i
            .upper
            .iter()
            .zip(&f.point)
            .map(|(u, p)| (u - p) / z)
            .collect(),
        None => vec![0.0; h],
    };
    Some(Output { point: f.point, sd })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_and_yearly_seasons_are_both_kept() {
        let n = 3 * 365;
        let truth = |t: usize| {
            let week = [0.0, 2.0, 4.0, 3.0, 1.0, -4.0, -6.0][t % 7];
            let year = 10.0 * (2.0 * std::f64::consts::PI * t as f64 / 365.0).sin();
            40.0 + week + year
        };
        let y: Vec<f64> = (0..n).map(truth).collect();
        let out = forecast(&y, &[7, 365], 60).unwrap_or_else(|| panic!("fits"));
        let mae: f64 = out
            .point
            .iter()
            .enumerate()
            .map(|(i, f)| (f - truth(n + i)).abs())
            .sum::<f64>()
            / 60.0;
        assert!(mae < 1.0, "mae {mae}");
    }
}
