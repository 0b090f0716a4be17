//! Shared pixel plumbing for the edit operations: float planes, box/gaussian blur, sRGB↔Lab.

use image::RgbaImage;

/// A single-channel `f32` image stored row-major.
#[derive(Debug, Clone)]
pub(crate) struct Plane {
    pub w: usize,
    pub h: usize,
    pub data: Vec<f32>,
}

impl Plane {
    pub fn new(w: usize, h: usize, value: f32) -> Self {
        Self {
            w,
            h,
            data: vec![value; w * h],
        }
    }

    pub fn from_fn(w: usize, h: usize, mut f: impl FnMut(usize, usize) -> f32) -> Self {
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                data.push(f(x, y));
            }
        }
        Self { w, h, data }
    }

    pub fn map(&self, f: impl Fn(f32) -> f32) -> Self {
        Self {
            w: self.w,
            h: self.h,
            data: self.data.iter().map(|&v| f(v)).collect(),
        }
    }

    pub fn zip(&self, other: &Plane, f: impl Fn(f32, f32) -> f32) -> Self {
        Self {
            w: self.w,
            h: self.h,
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(&a, &b)| f(a, b))
                .collect(),
        }
    }

    /// Mean over a (2r+1)² window, edges clamped. O(1) per pixel.
    pub fn box_blur(&self, r: usize) -> Self {
        if r == 0 || self.data.is_empty() {
            return self.clone();
        }
        let tmp = blur_rows(&self.data, self.w, r);
        let data = blur_columns(&tmp, self.w, self.h, r);
        Self {
            w: self.w,
            h: self.h,
            data,
        }
    }

    /// Approximate gaussian blur (three box passes).
    pub fn gaussian(&self, sigma: f32) -> Self {
        let r = box_radius_for_sigma(sigma);
        if r == 0 {
            return self.clone();
        }
        self.box_blur(r).box_blur(r).box_blur(r)
    }
}

/// Radius of a box filter that, applied three times, approximates a gaussian of `sigma`.
pub(crate) fn box_radius_for_sigma(sigma: f32) -> usize {
    if sigma.is_nan() || sigma < 0.35 {
        return 0;
    }
    // Variance of a box of width 2r+1 is ((2r+1)^2 - 1) / 12; three passes triple it.
    let r = ((4.0 * sigma * sigma + 1.0).sqrt() - 1.0) / 2.0;
    r.round().max(1.0) as usize
}

/// Horizontal running-sum box filter over each row.
fn blur_rows(src: &[f32], w: usize, r: usize) -> Vec<f32> {
    let mut out = vec![0.0; src.len()];
    let norm = 1.0 / (2 * r + 1) as f32;
    let last = w - 1;
    for (row, dst) in src.chunks_exact(w).zip(out.chunks_exact_mut(w)) {
        let mut acc: f32 = (0..=2 * r)
            .map(|k| row[k.saturating_sub(r).min(last)])
            .sum();
        for (i, d) in dst.iter_mut().enumerate() {
            *d = acc * norm;
            acc += row[(i + r + 1).min(last)] - row[i.saturating_sub(r)];
        }
    }
    out
}

/// Vertical running-sum box filter, a whole row at a time (cache friendly).
fn blur_columns(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let norm = 1.0 / (2 * r + 1) as f32;
    let last = h - 1;
    let row = |y: usize| &src[y * w..(y + 1) * w];
    let mut acc = vec![0.0f32; w];
    for k in 0..=2 * r {
        for (a, &v) in acc.iter_mut().zip(row(k.saturating_sub(r).min(last))) {
            *a += v;
        }
    }
    let mut out = vec![0.0; src.len()];
    for y in 0..h {
        for (d, &a) in out[y * w..(y + 1) * w].iter_mut().zip(&acc) {
            *d = a * norm;
        }
        let (add, sub) = (row((y + r + 1).min(last)), row(y.saturating_sub(r)));
        for ((a, &p), &m) in acc.iter_mut().zip(add).zip(sub) {
            *a += p - m;
        }
    }
    out
}

/// Planes of an RGBA image, values in 0..=1: (r, g, b, a).
pub(crate) fn to_planes(img: &RgbaImage) -> [Plane; 4] {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut planes = [
        Plane::new(w, h, 0.0),
        Plane::new(w, h, 0.0),
        Plane::new(w, h, 0.0),
        Plane::new(w, h, 0.0),
    ];
    for (i, p) in img.pixels().enumerate() {
        for (plane, &v) in planes.iter_mut().zip(&p.0) {
            plane.data[i] = f32::from(v) / 255.0;
        }
    }
    planes
}

/// Inverse of [`to_planes`], clamping to 0..=1 and rounding.
pub(crate) fn from_planes(planes: &[Plane; 4]) -> RgbaImage {
    let (w, h) = (planes[0].w as u32, planes[0].h as u32);
    let mut img = RgbaImage::new(w, h);
    for (i, p) in img.pixels_mut().enumerate() {
        for (v, plane) in p.0.iter_mut().zip(planes) {
            *v = to_u8(plane.data[i]);
        }
    }
    img
}

pub(crate) fn to_u8(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Rec. 709 luma of non-linear RGB in 0..=1.
pub(crate) fn luma(r: f32, g: f32, b: f32) -> f32 {
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

pub(crate) fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

fn srgb_to_linear(v: f32) -> f32 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Lookup table from an 8-bit sRGB value to linear light.
pub(crate) fn linear_lut() -> [f32; 256] {
    let mut lut = [0.0; 256];
    for (i, v) in lut.iter_mut().enumerate() {
        *v = srgb_to_linear(i as f32 / 255.0);
    }
    lut
}

/// CIE L*a*b* (D65) of an 8-bit sRGB pixel.
pub(crate) fn lab(lut: &[f32; 256], r: u8, g: u8, b: u8) -> [f32; 3] {
    let (r, g, b) = (lut[r as usize], lut[g as usize], lut[b as usize]);
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f32| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_blur_keeps_constant_planes_constant() {
        let p = Plane::new(7, 5, 0.25).box_blur(3);
        assert!(p.data.iter().all(|&v| (v - 0.25).abs() < 1e-6));
    }

    #[test]
    fn box_blur_preserves_mass_in_the_interior() {
        let mut p = Plane::new(21, 21, 0.0);
        p.data[10 * 21 + 10] = 9.0;
        let b = p.box_blur(1);
        assert!((b.data[10 * 21 + 10] - 1.0).abs() < 1e-6);
        assert!((b.data.iter().sum::<f32>() - 9.0).abs() < 1e-4);
    }

    #[test]
    fn box_blur_matches_a_naive_clamped_window() {
        let (w, h, r) = (9usize, 6usize, 2usize);
        let p = Plane::from_fn(w, h, |x, y| ((x * 7 + y * 13) % 11) as f32);
        let fast = p.box_blur(r);
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0.0;
                for dy in -(r as i32)..=r as i32 {
                    for dx in -(r as i32)..=r as i32 {
                        let xx = (x as i32 + dx).clamp(0, w as i32 - 1) as usize;
                        let yy = (y as i32 + dy).clamp(0, h as i32 - 1) as usize;
                        sum += p.data[yy * w + xx];
                    }
                }
                let naive = sum / ((2 * r + 1) * (2 * r + 1)) as f32;
                assert!((fast.data[y * w + x] - naive).abs() < 1e-4, "({x},{y})");
            }
        }
    }

    #[test]
    fn lab_of_white_and_black() {
        let lut = linear_lut();
        let w = lab(&lut, 255, 255, 255);
        assert!((w[0] - 100.0).abs() < 0.1 && w[1].abs() < 0.1 && w[2].abs() < 0.1);
        assert!(lab(&lut, 0, 0, 0)[0].abs() < 0.1);
    }
}
