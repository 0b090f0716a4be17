//! The small models: seasonal naive, the Theta method, and Croston's and TSB's methods for
//! intermittent demand.

use super::Output;
use super::ets::{self, Season, Spec, Trend};
use super::optim::{logistic, logit, nelder_mead};

/// Repeats the last season; the variance grows with each season passed.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize) -> Output {
    let m = if m >= 1 && y.len() >= m { m } else { 1 };
    let n = y.len();
    let errors: Vec<f64> = y.windows(m + 1).map(|w| w[m] - w[0]).collect();
    let sigma = rms(&errors);
    let mut point = Vec::with_capacity(h);
    let mut sd = Vec::with_capacity(h);
    for i in 0..h {
        point.push(if n == 0 { 0.0 } else { y[n - m + i % m] });
        sd.push(sigma * ((i / m + 1) as f64).sqrt());
    }
    Output { point, sd }
}

fn rms(e: &[f64]) -> f64 {
    if e.is_empty() {
        return 0.0;
    }
    (e.iter().map(|x| x * x).sum::<f64>() / e.len() as f64).sqrt()
}

fn acf(y: &[f64], lag: usize) -> f64 {
    let n = y.len();
    if lag >= n {
        return 0.0;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let denom: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    if denom <= 0.0 {
        return 0.0;
    }
    (lag..n)
        .map(|t| (y[t] - mean) * (y[t - lag] - mean))
        .sum::<f64>()
        / denom
}

/// Whether a season of length `m` is significant at 90 % (the test of the Theta method's
/// reference implementation).
pub fn seasonal(y: &[f64], m: usize) -> bool {
    if m < 2 || y.len() < 2 * m {
        return false;
    }
    let sum: f64 = (1..m).map(|k| acf(y, k).powi(2)).sum();
    let limit = 1.645 * ((1.0 + 2.0 * sum) / y.len() as f64).sqrt();
    acf(y, m).abs() > limit
}

/// Classical decomposition indices: multiplicative where the data are positive, additive
/// otherwise. Returns (indices by position modulo m, multiplicative?).
fn seasonal_indices(y: &[f64], m: usize) -> (Vec<f64>, bool) {
    let n = y.len();
    let half = m / 2;
    // Centred moving average of order m (2×m for even m).
    let mut trend = vec![f64::NAN; n];
    for (t, slot) in trend
        .iter_mut()
        .enumerate()
        .take(n.saturating_sub(half))
        .skip(half)
    {
        let v = if m % 2 == 1 {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        } else {
            if t + half >= n {
                continue;
            }
            let inner: f64 = y[t - half + 1..t + half].iter().sum();
            (inner + 0.5 * (y[t - half] + y[t + half])) / m as f64
        };
        *slot = v;
    }
    let multiplicative = y.iter().all(|v| *v > 0.0);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in 0..n {
        if trend[t].is_finite() && trend[t] != 0.0 {
            sums[t % m] += if multiplicative {
                y[t] / trend[t]
            } else {
                y[t] - trend[t]
            };
            counts[t % m] += 1;
        }
    }
    let mut idx: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| {
            if *c == 0 {
                if multiplicative { 1.0 } else { 0.0 }
            } else {
                s / *c as f64
            }
        })
        .collect();
    if multiplicative {
        let mean = idx.iter().sum::<f64>() / m as f64;
        idx.iter_mut().for_each(|v| *v /= mean);
    } else {
        let mean = idx.iter().sum::<f64>() / m as f64;
        idx.iter_mut().for_each(|v| *v -= mean);
    }
    (idx, multiplicative)
}

/// The Theta method (Assimakopoulos & Nikolopoulos 2000, as in Hyndman & Billah 2003): simple
/// exponential smoothing plus half the slope of the linear trend, on seasonally adjusted data
/// when the season is significant.
pub fn theta(y: &[f64], m: usize, h: usize) -> Option<Output> {
    let n = y.len();
    if n < 4 {
        return None;
    }
    let seasonal = seasonal(y, m);
    let (idx, mult) = if seasonal {
        seasonal_indices(y, m)
    } else {
        (Vec::new(), false)
    };
    let adjusted: Vec<f64> = if seasonal {
        y.iter()
            .enumerate()
            .map(|(t, v)| if mult { v / idx[t % m] } else { v - idx[t % m] })
            .collect()
    } else {
        y.to_vec()
    };
    let ses = ets::fit(
        &adjusted,
        Spec {
            trend: Trend::None,
            season: Season::None,
        },
        1,
    )?;
    let base = ses.forecast(h);
    // Slope of the least-squares line through the adjusted data.
    let tm = (n as f64 - 1.0) / 2.0;
    let ym = adjusted.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in adjusted.iter().enumerate() {
        sxy += (t as f64 - tm) * (v - ym);
        sxx += (t as f64 - tm).powi(2);
    }
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let alpha = ses_alpha(&adjusted);
    let mut point = Vec::with_capacity(h);
    for i in 0..h {
        let hh = (i + 1) as f64;
        let drift = 0.5 * b * (hh - 1.0 + 1.0 / alpha - (1.0 - alpha).powi(n as i32) / alpha);
        let f = base.point[i] + drift;
        let pos = (n + i) % m.max(1);
        point.push(if !seasonal {
            f
        } else if mult {
            f * idx[pos]
        } else {
            f + idx[pos]
        });
    }
    let sd = base
        .sd
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if seasonal && mult {
                s * idx[(n + i) % m]
            } else {
                *s
            }
        })
        .collect();
    Some(Output { point, sd })
}

/// The smoothing parameter of simple exponential smoothing fitted to `y`.
fn ses_alpha(y: &[f64]) -> f64 {
    let mut obj = |x: &[f64]| {
        let a = 0.0001 + 0.9998 * logistic(x[0]);
        let mut l = y[0];
        let mut sse = 0.0;
        for v in &y[1..] {
            let e = v - l;
            sse += e * e;
            l += a * e;
        }
        sse
    };
    let (x, _) = nelder_mead(&mut obj, &[logit(0.3)], 1.0, 60, 1e-8);
    0.0001 + 0.9998 * logistic(x[0])
}

/// Average demand interval (periods per non-zero demand): above 1.32 a series is
/// intermittent (Syntetos & Boylan).
pub fn demand_interval(y: &[f64]) -> f64 {
    let nonzero = y.iter().filter(|v| **v > 0.0).count();
    if nonzero == 0 {
        f64::INFINITY
    } else {
        y.len() as f64 / nonzero as f64
    }
}

/// Intervals for intermittent demand: the 10th and 90th percentiles of the in-sample errors
/// around a flat forecast, never below zero.
fn flat_output(point: f64, residuals: &[f64], h: usize) -> Output {
    Output {
        point: vec![point; h],
        sd: vec![rms(residuals); h],
    }
}

/// Croston's method with the Syntetos–Boylan bias correction: demand sizes and the intervals
/// between them are smoothed separately, at demand occurrences only.
pub fn croston(y: &[f64], h: usize) -> Option<Output> {
    let first = y.iter().position(|v| *v > 0.0)?;
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for alpha in [0.05, 0.1, 0.2, 0.3] {
        let (mut z, mut p, mut q) = (y[first], 1.0 + first as f64, 1.0);
        let mut sse = 0.0;
        let mut residuals = Vec::with_capacity(y.len());
        for v in &y[first + 1..] {
            let f = (1.0 - alpha / 2.0) * z / p;
            residuals.push(v - f);
            sse += (v - f).powi(2);
            if *v > 0.0 {
                z += alpha * (v - z);
                p += alpha * (q - p);
                q = 1.0;
            } else {
                q += 1.0;
            }
        }
        let f = (1.0 - alpha / 2.0) * z / p;
        if best.as_ref().is_none_or(|b| sse < b.0) {
            best = Some((sse, f, residuals));
        }
    }
    let (_, f, residuals) = best?;
    Some(flat_output(f, &residuals, h))
}

/// Teunter–Syntetos–Babai: the probability of a demand is updated every period, so a
/// product that stops selling sees its forecast decay (Croston's never does).
pub fn tsb(y: &[f64], h: usize) -> Option<Output> {
    let first = y.iter().position(|v| *v > 0.0)?;
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for alpha in [0.05, 0.1, 0.2, 0.3] {
        for beta in [0.02, 0.05, 0.1, 0.2] {
            let mut z = y[first];
            let mut d = 1.0 / (1.0 + first as f64);
            let mut sse = 0.0;
            let mut residuals = Vec::with_capacity(y.len());
            for v in &y[first + 1..] {
                let f = d * z;
                residuals.push(v - f);
                sse += (v - f).powi(2);
                if *v > 0.0 {
                    d += beta * (1.0 - d);
                    z += alpha * (v - z);
                } else {
                    d -= beta * d;
                }
            }
            if best.as_ref().is_none_or(|b| sse < b.0) {
                best = Some((sse, d * z, residuals));
            }
        }
    }
    let (_, f, residuals) = best?;
    Some(flat_output(f, &residuals, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonal_naive_repeats_the_last_season() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(seasonal_naive(&y, 3, 4).point, vec![4.0, 5.0, 6.0, 4.0]);
    }

    #[test]
    fn theta_follows_a_trend() {
        let y: Vec<f64> = (0..60).map(|t| 10.0 + 2.0 * t as f64).collect();
        let out = theta(&y, 1, 3).unwrap_or_else(|| panic!("fits"));
        // Theta halves the slope by design; a pure line keeps most of its drift.
        assert!(
            out.point[0] > 125.0 && out.point[0] < 132.0,
            "{:?}",
            out.point
        );
    }

    #[test]
    fn intermittent_demand_rate_is_recovered() {
        // 2 units every 4th day: 0.5 a day.
        let y: Vec<f64> = (0..200)
            .map(|t| if t % 4 == 3 { 2.0 } else { 0.0 })
            .collect();
        assert!(demand_interval(&y) > 1.32);
        let c = croston(&y, 5).unwrap_or_else(|| panic!("fits"));
        let t = tsb(&y, 5).unwrap_or_else(|| panic!("fits"));
        assert!((c.point[0] - 0.5).abs() < 0.05, "croston {}", c.point[0]);
        assert!((t.point[0] - 0.5).abs() < 0.1, "tsb {}", t.point[0]);
    }

    #[test]
    fn tsb_decays_when_a_product_stops_selling() {
        let mut y: Vec<f64> = (0..100)
            .map(|t| if t % 2 == 0 { 3.0 } else { 0.0 })
            .collect();
        y.extend(std::iter::repeat_n(0.0, 60));
        let t = tsb(&y, 1).unwrap_or_else(|| panic!("fits"));
        let c = croston(&y, 1).unwrap_or_else(|| panic!("fits"));
        assert!(
            t.point[0] < 0.5 * c.point[0],
            "tsb {} croston {}",
            t.point[0],
            c.point[0]
        );
    }
}
