//! Customer lifetime value: BG/NBD for how often a customer buys and whether they are still a
//! customer (Fader, Hardie & Lee 2005), Gamma-Gamma for how much they spend per purchase
//! (Fader, Hardie & Lee 2005b). Time is in days.

use serde::Serialize;

use crate::forecast::optim::nelder_mead;

/// One customer's history at the end of the calibration period: `x` repeat purchases (days
/// with a purchase after the first), the last at `t_x` days after the first, observed for `t`
/// days since the first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rft {
    pub x: f64,
    pub t_x: f64,
    pub t: f64,
    /// Mean value of the repeat purchases (or of all, for customers without repeats).
    pub mean_value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for |z| < 1, by its series.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 0..2000 {
        let k = k as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if term.abs() < 1e-12 * sum.abs() {
            break;
        }
    }
    sum
}

impl BgNbd {
    fn log_likelihood(&self, c: &Rft) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = c.x;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + c.t).ln();
        if x > 0.0 {
            let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + c.t_x).ln();
            let hi = a3.max(a4);
            a1 + a2 + hi + ((a3 - hi).exp() + (a4 - hi).exp()).ln()
        } else {
            a1 + a2 + a3
        }
    }

    /// Maximum-likelihood fit (Nelder–Mead over the logarithms of the parameters).
    pub fn fit(customers: &[Rft]) -> BgNbd {
        let of = |p: &[f64]| BgNbd {
            r: p[0].exp(),
            alpha: p[1].exp(),
            a: p[2].exp(),
            b: p[3].exp(),
        };
        let mut objective = |p: &[f64]| {
            let m = of(p);
            -customers.iter().map(|c| m.log_likelihood(c)).sum::<f64>()
        };
        let start = [0.0, 1.0_f64.ln().max(2.0), 0.0, 0.0];
        let (best, _) = nelder_mead(&mut objective, &start, 0.5, 2000, 1e-10);
        of(&best)
    }

    /// The probability that the customer is still active.
    pub fn p_alive(&self, c: &Rft) -> f64 {
        if c.x == 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        1.0 / (1.0 + (a / (b + c.x - 1.0)) * ((alpha + c.t) / (alpha + c.t_x)).powf(r + c.x))
    }

    /// Expected purchases in the next `days`, given the customer's history.
    pub fn expected_purchases(&self, c: &Rft, days: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        // The closed form divides by a − 1 (both factors change sign below 1); step off 1.
        let a = if (a - 1.0).abs() < 1e-6 {
            1.0 + 1e-6
        } else {
            a
        };
        let x = c.x;
        let z = days / (alpha + c.t + days);
        let head = (a + b + x - 1.0) / (a - 1.0);
        let tail = 1.0
            - ((alpha + c.t) / (alpha + c.t + days)).powf(r + x)
                * hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let denom = if x > 0.0 {
            1.0 + (a / (b + x - 1.0)) * ((alpha + c.t) / (alpha + c.t_x)).powf(r + x)
        } else {
            1.0
        };
        head * tail / denom
    }
}

impl GammaGamma {
    /// Fits the spend model to customers with at least one repeat purchase.
    pub fn fit(customers: &[Rft]) -> GammaGamma {
        let repeat: Vec<&Rft> = customers
            .iter()
            .filter(|c| c.x > 0.0 && c.mean_value > 0.0)
            .collect();
        let of = |p: &[f64]| GammaGamma {
            p: p[0].exp(),
            q: p[1].exp(),
            gamma: p[2].exp(),
        };
        let mut objective = |v: &[f64]| {
            let GammaGamma { p, q, gamma } = of(v);
            -repeat
                .iter()
                .map(|c| {
                    let (x, m) = (c.x, c.mean_value);
                    ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
                        + q * gamma.ln()
                        + (p * x - 1.0) * m.ln()
                        + (p * x) * x.ln()
                        - (p * x + q) * (gamma + m * x).ln()
                })
                .sum::<f64>()
        };
        let (best, _) = nelder_mead(&mut objective, &[0.0, 1.0, 1.0], 0.5, 2000, 1e-10);
        of(&best)
    }

    /// Expected value of the customer's future purchases.
    pub fn expected_value(&self, c: &Rft, population_mean: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        if c.x == 0.0 || q <= 1.0 {
            return population_mean;
        }
        (gamma + c.mean_value * c.x) * p / (p * c.x + q - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_functions_are_right() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-10);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-10);
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z.
        let z = 0.4;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) + (1.0 - z).ln() / z).abs() < 1e-10);
    }
}
