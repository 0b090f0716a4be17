//! Forecast error measures.

/// Mean absolute error of the seasonal naive forecast inside `history` (lag `season`, or lag
/// 1 when the history is too short): the scale of MASE.
pub fn naive_scale(history: &[f64], season: usize) -> f64 {
    let lag = if season >= 1 && history.len() > season {
        season
    } else {
        1
    };
    if history.len() <= lag {
        return f64::NAN;
    }
    let n = history.len() - lag;
    history
        .windows(lag + 1)
        .map(|w| (w[lag] - w[0]).abs())
        .sum::<f64>()
        / n as f64
}

/// Mean absolute scaled error (Hyndman & Koehler 2006): the forecast's MAE over the in-sample
/// seasonal naive MAE. Below 1 beats the naive method on its own history. A flat history
/// (scale 0) falls back to the plain MAE.
pub fn mase(actual: &[f64], forecast: &[f64], scale: f64) -> f64 {
    let mae = mae(actual, forecast);
    if scale.is_finite() && scale > 1e-12 {
        mae / scale
    } else {
        mae
    }
}

pub fn mae(actual: &[f64], forecast: &[f64]) -> f64 {
    let n = actual.len().min(forecast.len());
    if n == 0 {
        return f64::NAN;
    }
    actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum::<f64>()
        / n as f64
}

/// Symmetric MAPE in percent; pairs where both are zero count as perfect.
pub fn smape(actual: &[f64], forecast: &[f64]) -> f64 {
    let n = actual.len().min(forecast.len());
    if n == 0 {
        return f64::NAN;
    }
    let sum: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| {
            let d = a.abs() + f.abs();
            if d == 0.0 {
                0.0
            } else {
                2.0 * (a - f).abs() / d
            }
        })
        .sum();
    100.0 * sum / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mase_scales_by_the_seasonal_naive_error() {
        let history = [1.0, 2.0, 3.0, 2.0, 4.0, 5.0];
        // Lag-3 differences: 1, 2, 2 → scale 5/3.
        assert!((naive_scale(&history, 3) - 5.0 / 3.0).abs() < 1e-12);
        assert!((mase(&[4.0, 4.0], &[5.0, 2.0], 5.0 / 3.0) - 0.9).abs() < 1e-12);
        assert_eq!(smape(&[0.0], &[0.0]), 0.0);
        assert!((smape(&[100.0], &[50.0]) - 66.666_666).abs() < 1e-3);
    }
}
