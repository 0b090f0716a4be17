//! Helpers shared by the `edit_*` integration tests.
#![allow(dead_code)] // each test binary uses a different subset

pub mod cutout;
pub mod golden;

use std::path::Path;

use image::{Rgba, RgbaImage};

/// A real photo from `testdata/photos/` (see SOURCES.md there).
pub fn photo(name: &str) -> RgbaImage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/photos")
        .join(name);
    image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgba8()
}

/// A small two-colour logo with a transparent background: an orange ring around a blue square.
pub fn logo(side: u32) -> RgbaImage {
    let c = side as f32 / 2.0;
    RgbaImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (x as f32 + 0.5 - c, y as f32 + 0.5 - c);
        let r = (dx * dx + dy * dy).sqrt();
        if (dx.abs() < c * 0.35) && (dy.abs() < c * 0.35) {
            Rgba([30, 80, 200, 255])
        } else if r > c * 0.7 && r < c * 0.95 {
            Rgba([250, 140, 20, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    })
}

/// Mean absolute difference over all four channels, in 8-bit levels.
pub fn mean_abs_diff(a: &RgbaImage, b: &RgbaImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "image sizes differ");
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| u64::from(x.abs_diff(y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

/// Luminance percentile (0..=1 → 0..=255) over all pixels.
pub fn luma_percentile(img: &RgbaImage, q: f64) -> f64 {
    let mut v: Vec<f64> = img
        .pixels()
        .map(|p| {
            0.2126 * f64::from(p.0[0]) + 0.7152 * f64::from(p.0[1]) + 0.0722 * f64::from(p.0[2])
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}
