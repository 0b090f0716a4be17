//! Nelder–Mead simplex minimisation, for the handful of smoothing parameters our models have.
//! Parameters are searched on the real line; callers map them into their valid ranges.

/// Minimises `f` from `start`; returns the best point and its value.
pub fn nelder_mead(
    f: &mut dyn FnMut(&[f64]) -> f64,
    start: &[f64],
    step: f64,
    max_evals: usize,
    tolerance: f64,
) -> (Vec<f64>, f64) {
    let n = start.len();
    let mut simplex: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
    simplex.push(start.to_vec());
    for i in 0..n {
        let mut p = start.to_vec();
        p[i] += step;
        simplex.push(p);
    }
    let mut values: Vec<f64> = simplex.iter().map(|p| finite(f(p))).collect();
    let mut evals = n + 1;
    let mut centroid = vec![0.0; n];
    let mut trial = vec![0.0; n];
    let mut trial2 = vec![0.0; n];
    while evals < max_evals {
        // Order: best first, worst last.
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        if (values[n] - values[0]).abs() <= tolerance * (values[0].abs() + 1e-12) {
            break;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for p in &simplex[..n] {
            for (c, x) in centroid.iter_mut().zip(p) {
                *c += x / n as f64;
            }
        }
        let along = |t: &mut Vec<f64>, coef: f64, worst: &[f64]| {
            for ((t, c), w) in t.iter_mut().zip(&centroid).zip(worst) {
                *t = c + coef * (c - w);
            }
        };
        along(&mut trial, 1.0, &simplex[n]);
        let fr = finite(f(&trial));
        evals += 1;
        if fr < values[0] {
            along(&mut trial2, 2.0, &simplex[n]);
            let fe = finite(f(&trial2));
            evals += 1;
            if fe < fr {
                simplex[n].clone_from(&trial2);
                values[n] = fe;
            } else {
                simplex[n].clone_from(&trial);
                values[n] = fr;
            }
        } else if fr < values[n - 1] {
            simplex[n].clone_from(&trial);
            values[n] = fr;
        } else {
            let outside = fr < values[n];
            along(&mut trial2, if outside { 0.5 } else { -0.5 }, &simplex[n]);
            let fc = finite(f(&trial2));
            evals += 1;
            if fc < fr.min(values[n]) {
                simplex[n].clone_from(&trial2);
                values[n] = fc;
            } else {
                // Shrink towards the best point.
                let best = simplex[0].clone();
                for i in 1..=n {
                    for (x, b) in simplex[i].iter_mut().zip(&best) {
                        *x = b + 0.5 * (*x - b);
                    }
                    values[i] = finite(f(&simplex[i]));
                }
                evals += n;
            }
        }
    }
    let best = (0..=n)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    (simplex[best].clone(), values[best])
}

fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { f64::MAX }
}

/// The logistic function, mapping the real line onto (0, 1).
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The inverse of [`logistic`].
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_bowl() {
        let mut f = |p: &[f64]| (p[0] - 1.0).powi(2) + 3.0 * (p[1] + 2.0).powi(2);
        let (x, v) = nelder_mead(&mut f, &[0.0, 0.0], 0.5, 500, 1e-12);
        assert!(
            (x[0] - 1.0).abs() < 1e-3 && (x[1] + 2.0).abs() < 1e-3,
            "{x:?}"
        );
        assert!(v < 1e-6);
    }
}
