//! Exponential smoothing state-space models (ETS) with additive errors: no, additive or
//! damped trend; no, additive or multiplicative seasonality (Hyndman et al., *Forecasting with
//! Exponential Smoothing*, 2008). augurs-ets covers only the non-seasonal models, so the
//! family is ours. Smoothing parameters are fitted by Nelder–Mead on the sum of squared
//! one-step errors from heuristic initial states; the specification is chosen by AICc.

use serde::Serialize;

use super::Output;
use super::optim::{logistic, logit, nelder_mead};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Trend {
    None,
    Additive,
    Damped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Season {
    None,
    Additive,
    Multiplicative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spec {
    pub trend: Trend,
    pub season: Season,
}

impl Spec {
    /// Hyndman's notation: ETS(error, trend, season).
    pub fn name(self) -> String {
        let t = match self.trend {
            Trend::None => "N",
            Trend::Additive => "A",
            Trend::Damped => "Ad",
        };
        let s = match self.season {
            Season::None => "N",
            Season::Additive => "A",
            Season::Multiplicative => "M",
        };
        format!("ETS(A,{t},{s})")
    }
}

#[derive(Debug, Clone, Copy)]
struct Params {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
}

/// A fitted model: its final states and what forecasting needs.
#[derive(Debug, Clone)]
pub struct Fit {
    pub spec: Spec,
    params: Params,
    level: f64,
    trend: f64,
    /// Seasonal states, `season[i]` for the step `i` steps after the last observation
    /// modulo the period.
    season: Vec<f64>,
    pub sigma: f64,
    pub aicc: f64,
    pub n: usize,
}

struct Init {
    level: f64,
    trend: f64,
    season: Vec<f64>,
}

fn initial_states(y: &[f64], spec: Spec, m: usize) -> Option<Init> {
    let seasonal = spec.season != Season::None;
    if seasonal {
        if m < 2 || y.len() < 2 * m {
            return None;
        }
        let first: f64 = y[..m].iter().sum::<f64>() / m as f64;
        let second: f64 = y[m..2 * m].iter().sum::<f64>() / m as f64;
        let season: Vec<f64> = match spec.season {
            Season::Multiplicative => {
                if first <= 0.0 {
                    return None;
                }
                y[..m].iter().map(|v| (v / first).max(0.05)).collect()
            }
            _ => y[..m].iter().map(|v| v - first).collect(),
        };
        Some(Init {
            level: first,
            trend: (second - first) / m as f64,
            season,
        })
    } else {
        if y.len() < 3 {
            return None;
        }
        let k = y.len().min(10);
        let level = y[..k].iter().sum::<f64>() / k as f64;
        Some(Init {
            level,
            trend: (y[k - 1] - y[0]) / (k - 1) as f64,
            season: Vec::new(),
        })
    }
}

/// One pass over the data; returns the SSE and the final states (seasonal states rotated so
/// that index 0 is the next step's).
fn run(y: &[f64], spec: Spec, p: Params, init: &Init, m: usize) -> (f64, f64, f64, Vec<f64>) {
    let (mut l, mut b) = (init.level, init.trend);
    if spec.trend == Trend::None {
        b = 0.0;
    }
    let phi = match spec.trend {
        Trend::None => 0.0,
        Trend::Additive => 1.0,
        Trend::Damped => p.phi,
    };
    let mut s = init.season.clone();
    let mut sse = 0.0;
    for (t, &obs) in y.iter().enumerate() {
        let base = l + phi * b;
        let (yhat, si) = match spec.season {
            Season::None => (base, 0),
            Season::Additive => {
                let i = t % m;
                (base + s[i], i)
            }
            Season::Multiplicative => {
                let i = t % m;
                (base * s[i], i)
            }
        };
        let e = obs - yhat;
        sse += e * e;
        match spec.season {
            Season::None => {
                l = base + p.alpha * e;
                b = phi * b + p.beta * e;
            }
            Season::Additive => {
                l = base + p.alpha * e;
                b = phi * b + p.beta * e;
                s[si] += p.gamma * e;
            }
            Season::Multiplicative => {
                let div = s[si].max(1e-6);
                l = base + p.alpha * e / div;
                b = phi * b + p.beta * e / div;
                s[si] = (s[si] + p.gamma * e / base.abs().max(1e-6)).max(1e-3);
            }
        }
        if spec.trend == Trend::None {
            b = 0.0;
        }
    }
    if !s.is_empty() {
        let next = y.len() % m;
        s.rotate_left(next);
    }
    (sse, l, b, s)
}

fn params_of(x: &[f64], spec: Spec) -> Params {
    let alpha = 0.0001 + 0.9998 * logistic(x[0]);
    let mut i = 1;
    let beta = if spec.trend == Trend::None {
        0.0
    } else {
        i += 1;
        alpha * logistic(x[i - 1]) * 0.999
    };
    let gamma = if spec.season == Season::None {
        0.0
    } else {
        i += 1;
        (1.0 - alpha) * logistic(x[i - 1]) * 0.999
    };
    let phi = if spec.trend == Trend::Damped {
        0.8 + 0.18 * logistic(x[i])
    } else {
        1.0
    };
    Params {
        alpha,
        beta,
        gamma,
        phi,
    }
}

/// Fits one specification; None when the data cannot carry it (too short, or a
/// multiplicative season on a series without a positive first season).
pub fn fit(y: &[f64], spec: Spec, m: usize) -> Option<Fit> {
    let init = initial_states(y, spec, m)?;
    let mut start = vec![logit(0.2)];
    if spec.trend != Trend::None {
        start.push(logit(0.1));
    }
    if spec.season != Season::None {
        start.push(logit(0.1));
    }
    if spec.trend == Trend::Damped {
        start.push(logit(0.7));
    }
    let mut objective = |x: &[f64]| run(y, spec, params_of(x, spec), &init, m).0;
    let (best, sse) = nelder_mead(&mut objective, &start, 1.0, 60 * start.len() + 40, 1e-7);
    let params = params_of(&best, spec);
    let (_, level, trend, season) = run(y, spec, params, &init, m);
    let n = y.len();
    let k = start.len()
        + 1
        + usize::from(spec.trend != Trend::None)
        + if spec.season == Season::None {
            0
        } else {
            m - 1
        };
    let sigma2 = (sse / n as f64).max(1e-12);
    let loglik_part = n as f64 * sigma2.ln();
    let aicc = if n > k + 1 {
        loglik_part + 2.0 * k as f64 + 2.0 * (k * (k + 1)) as f64 / (n - k - 1) as f64
    } else {
        f64::INFINITY
    };
    Some(Fit {
        spec,
        params,
        level,
        trend,
        season,
        sigma: (sse / (n.saturating_sub(k).max(1)) as f64).sqrt(),
        aicc,
        n,
    })
}

/// The specifications tried by [`auto`]: with a season, its additive and multiplicative
/// forms, each plain and damped; without one, the non-seasonal models.
pub fn candidate_specs(m: usize, n: usize, positive: bool) -> Vec<Spec> {
    let mut specs = vec![
        Spec {
            trend: Trend::None,
            season: Season::None,
        },
        Spec {
            trend: Trend::Damped,
            season: Season::None,
        },
    ];
    if m >= 2 && n >= 2 * m + 2 {
        for trend in [Trend::None, Trend::Damped] {
            specs.push(Spec {
                trend,
                season: Season::Additive,
            });
            if positive {
                specs.push(Spec {
                    trend,
                    season: Season::Multiplicative,
                });
            }
        }
    }
    specs
}

/// The specification with the lowest AICc among [`candidate_specs`].
pub fn auto(y: &[f64], m: usize) -> Option<Fit> {
    let positive = y.len() >= m && y[..m.max(1).min(y.len())].iter().sum::<f64>() > 0.0;
    candidate_specs(m, y.len(), positive)
        .into_iter()
        .filter_map(|spec| fit(y, spec, m))
        .min_by(|a, b| a.aicc.total_cmp(&b.aicc))
}

impl Fit {
    /// Point forecasts and their standard deviations for `h` steps. The variance is the
    /// additive-error state-space formula σ²(1 + Σ c_j²); with a multiplicative season it is
    /// scaled by the season's index, an approximation that holds while γ is small.
    pub fn forecast(&self, h: usize) -> Output {
        let m = self.season.len().max(1);
        let phi = match self.spec.trend {
            Trend::None => 0.0,
            Trend::Additive => 1.0,
            Trend::Damped => self.params.phi,
        };
        let mut point = Vec::with_capacity(h);
        let mut sd = Vec::with_capacity(h);
        let mut damp_sum = 0.0;
        let mut phi_pow = 1.0;
        let mut var_sum: f64 = 0.0;
        for i in 0..h {
            phi_pow *= phi;
            damp_sum += phi_pow;
            let base = self.level + damp_sum * self.trend;
            let (f, scale) = match self.spec.season {
                Season::None => (base, 1.0),
                Season::Additive => (base + self.season[i % m], 1.0),
                Season::Multiplicative => (base * self.season[i % m], self.season[i % m]),
            };
            point.push(f);
            sd.push(self.sigma * scale * (1.0 + var_sum).sqrt());
            // c_j for the next step: j = i + 1.
            let j = i + 1;
            let seasonal = if self.spec.season != Season::None && j % m == 0 {
                self.params.gamma
            } else {
                0.0
            };
            let c = self.params.alpha + self.params.beta * damp_sum + seasonal;
            var_sum += c * c;
        }
        Output { point, sd }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_seasonal_pattern_with_trend() {
        let m = 7;
        let y: Vec<f64> = (0..140)
            .map(|t| 50.0 + 0.2 * t as f64 + [5.0, -3.0, 0.0, 2.0, 8.0, -6.0, -6.0][t % m])
            .collect();
        let fit = auto(&y, m).unwrap_or_else(|| panic!("fits"));
        let out = fit.forecast(14);
        for (i, f) in out.point.iter().enumerate() {
            let t = 140 + i;
            let truth = 50.0 + 0.2 * t as f64 + [5.0, -3.0, 0.0, 2.0, 8.0, -6.0, -6.0][t % m];
            assert!(
                (f - truth).abs() < 1.5,
                "step {i}: {f} vs {truth} ({})",
                fit.spec.name()
            );
        }
    }
}
