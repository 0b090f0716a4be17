//! `enhance_quality`: automatic white balance, levels, light denoise and unsharp mask.

use image::RgbaImage;

use super::pixels::{Plane, from_planes, lerp, luma, to_planes};

/// Share of pixels clipped at each end of the histogram by the levels stretch.
const CLIP: f32 = 0.005;
/// Largest levels gain: a nearly black frame is brightened, not turned into noise.
const MAX_GAIN: f32 = 4.0;
/// A histogram whose clipped ends lie beyond these is considered well exposed already.
const FULL_RANGE: (f32, f32) = (12.0 / 255.0, 235.0 / 255.0);
/// White-balance gains are limited to this range, so a photo of a red product stays red.
const WB_LIMITS: (f32, f32) = (0.9, 1.12);

/// Improves a product photo automatically; deterministic and safe on any input.
///
/// 1. White balance: gray-world over the near-neutral pixels only (when at least 5 % are), correcting
///    half of the measured cast with bounded per-channel gains.
/// 2. Levels: luminance percentiles 0.5 % / 99.5 % are stretched to 0..255 (same gain on all
///    channels, so hues are kept); a dark midtone then gets a bounded gamma lift.
/// 3. Light edge-preserving denoise (a 3×3 mean weighted by similarity).
/// 4. Unsharp mask (σ≈1, amount 0.45, with a small threshold so flat areas stay clean).
///
/// A well-exposed photo comes out nearly unchanged; an under-exposed one gets a wider histogram.
/// Alpha is kept as it is.
pub fn enhance_quality(img: &RgbaImage) -> RgbaImage {
    if img.width() == 0 || img.height() == 0 {
        return img.clone();
    }
    let [mut r, mut g, mut b, a] = to_planes(img);
    let visible: Vec<bool> = a.data.iter().map(|&v| v > 0.05).collect();

    white_balance(&mut r, &mut g, &mut b, &visible);
    levels(&mut r, &mut g, &mut b, &visible);
    for p in [&mut r, &mut g, &mut b] {
        *p = unsharp(&denoise(p), 1.0, 0.45, 2.0 / 255.0);
    }
    from_planes(&[r, g, b, a])
}

fn white_balance(r: &mut Plane, g: &mut Plane, b: &mut Plane, visible: &[bool]) {
    let (mut sum, mut n) = ([0.0f64; 3], 0usize);
    let mut total = 0usize;
    for (i, &vis) in visible.iter().enumerate() {
        if !vis {
            continue;
        }
        total += 1;
        let (rv, gv, bv) = (r.data[i], g.data[i], b.data[i]);
        let mx = rv.max(gv).max(bv);
        let mn = rv.min(gv).min(bv);
        // Near-neutral and neither clipped nor too dark to carry colour information.
        if mx < 0.97 && mn > 0.08 && (mx - mn) < 0.06 + 0.06 * mx {
            sum[0] += f64::from(rv);
            sum[1] += f64::from(gv);
            sum[2] += f64::from(bv);
            n += 1;
        }
    }
    if total == 0 || n * 20 < total {
        return; // fewer than 5 % neutral pixels: no reliable reference
    }
    let mean = [sum[0] / n as f64, sum[1] / n as f64, sum[2] / n as f64];
    let gray = (mean[0] + mean[1] + mean[2]) / 3.0;
    // Correct half of the measured cast (in log terms): near-neutral pixels are not always gray.
    let gains = mean.map(|m| ((gray / m.max(1e-6)).sqrt() as f32).clamp(WB_LIMITS.0, WB_LIMITS.1));
    for (p, k) in [(r, gains[0]), (g, gains[1]), (b, gains[2])] {
        if (k - 1.0).abs() > 0.01 {
            p.data.iter_mut().for_each(|v| *v = (*v * k).min(1.0));
        }
    }
}

fn levels(r: &mut Plane, g: &mut Plane, b: &mut Plane, visible: &[bool]) {
    let mut hist = [0u32; 256];
    let mut n = 0u32;
    for (i, &vis) in visible.iter().enumerate() {
        if vis {
            let y = luma(r.data[i], g.data[i], b.data[i]);
            hist[(y.clamp(0.0, 1.0) * 255.0).round() as usize] += 1;
            n += 1;
        }
    }
    if n == 0 {
        return;
    }
    let pct = |q: f32| -> f32 {
        let target = (q * n as f32).ceil().max(1.0) as u32;
        let mut acc = 0;
        for (i, &c) in hist.iter().enumerate() {
            acc += c;
            if acc >= target {
                return i as f32 / 255.0;
            }
        }
        1.0
    };
    let lo = pct(CLIP);
    let hi = pct(1.0 - CLIP);
    let median = pct(0.5);
    if hi - lo < 1.0 / 255.0 {
        return; // flat image: nothing to stretch
    }
    // Already using (nearly) the full range: leave the levels alone.
    let (lo, hi) = if lo <= FULL_RANGE.0 && hi >= FULL_RANGE.1 {
        (0.0, 1.0)
    } else {
        (lo, hi)
    };
    let gain = (1.0 / (hi - lo)).min(MAX_GAIN);
    // Centre the stretch when the gain is limited so the range is not pushed off one end.
    let lo = if gain < 1.0 / (hi - lo) {
        ((lo + hi) / 2.0 - 0.5 / gain).max(0.0)
    } else {
        lo
    };
    let stretched_median = ((median - lo) * gain).clamp(0.0, 1.0);
    // Lift a dark midtone towards 0.4 with a bounded gamma (≥ 0.6).
    let gamma = if stretched_median > 0.02 && stretched_median < 0.3 {
        (0.4f32.ln() / stretched_median.ln()).clamp(0.6, 1.0)
    } else {
        1.0
    };
    if gain < 1.02 && lo < 0.01 && gamma > 0.99 {
        return;
    }
    for p in [r, g, b] {
        for v in &mut p.data {
            let s = ((*v - lo) * gain).clamp(0.0, 1.0);
            *v = if gamma < 1.0 { s.powf(gamma) } else { s };
        }
    }
}

/// 3×3 mean weighted by value similarity (a tiny bilateral filter), blended at half strength.
fn denoise(p: &Plane) -> Plane {
    const SIGMA: f32 = 10.0 / 255.0;
    // Weight by the absolute difference, tabulated in 1/1024 steps.
    let table: Vec<f32> = (0..=1024)
        .map(|i| {
            let d = i as f32 / 1024.0;
            (-d * d / (2.0 * SIGMA * SIGMA)).exp()
        })
        .collect();
    let (w, h) = (p.w, p.h);
    Plane::from_fn(w, h, |x, y| {
        let c = p.data[y * w + x];
        let (mut acc, mut wsum) = (0.0, 0.0);
        for dy in -1i32..=1 {
            for dx in -1i32..=1 {
                let xx = (x as i32 + dx).clamp(0, w as i32 - 1) as usize;
                let yy = (y as i32 + dy).clamp(0, h as i32 - 1) as usize;
                let v = p.data[yy * w + xx];
                let wt = table[((v - c).abs() * 1024.0).min(1024.0) as usize];
                acc += v * wt;
                wsum += wt;
            }
        }
        lerp(c, acc / wsum, 0.5)
    })
}

/// Unsharp mask: `v + amount·(v − blur(v))` where the difference exceeds `threshold`.
pub(crate) fn unsharp(p: &Plane, sigma: f32, amount: f32, threshold: f32) -> Plane {
    let blurred = p.gaussian(sigma);
    p.zip(&blurred, |v, bl| {
        let d = v - bl;
        if d.abs() <= threshold {
            v
        } else {
            (v + amount * (d - threshold * d.signum())).clamp(0.0, 1.0)
        }
    })
}
