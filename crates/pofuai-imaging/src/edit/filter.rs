//! `apply_filter`: named colour and detail filters with a strength in 0..=1.

use image::RgbaImage;

use super::enhance::unsharp;
use super::pixels::{Plane, from_planes, lerp, luma, to_planes};
use super::{EditError, check_range};

/// A named photo filter. `strength` 0 leaves the image unchanged, 1 is the full effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Grayscale,
    Sepia,
    /// Faded, warm, slightly desaturated look with a soft vignette.
    Vintage,
    /// Warmer white balance (more red, less blue).
    Warm,
    /// Cooler white balance (more blue, less red).
    Cool,
    /// More saturation and a little more contrast.
    Vivid,
    /// Unsharp mask.
    Sharpen,
    /// Gaussian blur; the radius grows with strength and image size.
    Blur,
    /// Brightens (up to +50 % exposure at strength 1).
    Brightness,
    /// Increases contrast around mid-grey (up to 1.6× at strength 1).
    Contrast,
}

impl Filter {
    pub const ALL: [Filter; 10] = [
        Self::Grayscale,
        Self::Sepia,
        Self::Vintage,
        Self::Warm,
        Self::Cool,
        Self::Vivid,
        Self::Sharpen,
        Self::Blur,
        Self::Brightness,
        Self::Contrast,
    ];
    pub const NAMES: &'static str =
        "grayscale, sepia, vintage, warm, cool, vivid, sharpen, blur, brightness, contrast";

    /// Parses a filter name as sent by the API (`apply_filter.name`).
    pub fn parse(name: &str) -> Result<Self, EditError> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| EditError::UnknownValue {
                field: "apply_filter.name",
                value: name.to_owned(),
                expected: Self::NAMES,
            })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Grayscale => "grayscale",
            Self::Sepia => "sepia",
            Self::Vintage => "vintage",
            Self::Warm => "warm",
            Self::Cool => "cool",
            Self::Vivid => "vivid",
            Self::Sharpen => "sharpen",
            Self::Blur => "blur",
            Self::Brightness => "brightness",
            Self::Contrast => "contrast",
        }
    }
}

/// Applies `filter` with `strength` in 0..=1 (`apply_filter.strength`). Alpha is kept, except
/// that `blur` blurs it too (premultiplied) so cut-out edges stay clean.
pub fn apply_filter(
    img: &RgbaImage,
    filter: Filter,
    strength: f32,
) -> Result<RgbaImage, EditError> {
    check_range("apply_filter.strength", strength, 0.0, 1.0)?;
    if img.width() == 0 || img.height() == 0 || strength == 0.0 {
        return Ok(img.clone());
    }
    let s = strength;
    let out = match filter {
        Filter::Grayscale => per_pixel(img, |[r, g, b]| {
            let y = luma(r, g, b);
            [lerp(r, y, s), lerp(g, y, s), lerp(b, y, s)]
        }),
        Filter::Sepia => per_pixel(img, |c| mix(c, sepia(c), s)),
        Filter::Vintage => vintage(img, s),
        Filter::Warm => per_pixel(img, |[r, g, b]| {
            [
                r * (1.0 + 0.12 * s),
                g * (1.0 + 0.03 * s),
                b * (1.0 - 0.14 * s),
            ]
        }),
        Filter::Cool => per_pixel(img, |[r, g, b]| {
            [
                r * (1.0 - 0.12 * s),
                g * (1.0 + 0.01 * s),
                b * (1.0 + 0.12 * s),
            ]
        }),
        Filter::Vivid => per_pixel(img, |c| {
            contrast(saturate(c, 1.0 + 0.7 * s), 1.0 + 0.15 * s)
        }),
        Filter::Brightness => per_pixel(img, |c| c.map(|v| v * (1.0 + 0.5 * s))),
        Filter::Contrast => per_pixel(img, |c| contrast(c, 1.0 + 0.6 * s)),
        Filter::Sharpen => {
            let [r, g, b, a] = to_planes(img);
            let [r, g, b] = [r, g, b].map(|p| unsharp(&p, 1.0, 1.6 * s, 0.0));
            from_planes(&[r, g, b, a])
        }
        Filter::Blur => blur(img, s),
    };
    Ok(out)
}

fn per_pixel(img: &RgbaImage, f: impl Fn([f32; 3]) -> [f32; 3]) -> RgbaImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        let c = [p.0[0], p.0[1], p.0[2]].map(|v| f32::from(v) / 255.0);
        let [r, g, b] = f(c);
        p.0[0] = super::pixels::to_u8(r);
        p.0[1] = super::pixels::to_u8(g);
        p.0[2] = super::pixels::to_u8(b);
    }
    out
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        lerp(a[0], b[0], t),
        lerp(a[1], b[1], t),
        lerp(a[2], b[2], t),
    ]
}

fn sepia([r, g, b]: [f32; 3]) -> [f32; 3] {
    [
        0.393 * r + 0.769 * g + 0.189 * b,
        0.349 * r + 0.686 * g + 0.168 * b,
        0.272 * r + 0.534 * g + 0.131 * b,
    ]
}

fn saturate(c: [f32; 3], k: f32) -> [f32; 3] {
    let y = luma(c[0], c[1], c[2]);
    c.map(|v| y + (v - y) * k)
}

fn contrast(c: [f32; 3], k: f32) -> [f32; 3] {
    c.map(|v| 0.5 + (v - 0.5) * k)
}

fn vintage(img: &RgbaImage, s: f32) -> RgbaImage {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let mut out = img.clone();
    for (x, y, p) in out.enumerate_pixels_mut() {
        let c = [p.0[0], p.0[1], p.0[2]].map(|v| f32::from(v) / 255.0);
        let toned = mix(saturate(c, 0.75), sepia(c), 0.35);
        // Faded blacks and dimmer whites, like old print stock.
        let faded = toned.map(|v| 0.07 + v * 0.86);
        // Soft vignette: up to 25 % darker in the corners.
        let dx = (x as f32 + 0.5) / w - 0.5;
        let dy = (y as f32 + 0.5) / h - 0.5;
        let v = 1.0 - 0.25 * ((dx * dx + dy * dy) * 2.0).min(1.0).powf(1.5);
        let [r, g, b] = mix(c, faded.map(|t| t * v), s);
        p.0[0] = super::pixels::to_u8(r);
        p.0[1] = super::pixels::to_u8(g);
        p.0[2] = super::pixels::to_u8(b);
    }
    out
}

fn blur(img: &RgbaImage, s: f32) -> RgbaImage {
    let side = img.width().max(img.height()) as f32;
    let sigma = s * (side * 0.01).max(2.0);
    let [r, g, b, a] = to_planes(img);
    // Premultiply so transparent pixels do not bleed their (arbitrary) colour into the edge.
    let pre = |p: &Plane| p.zip(&a, |v, al| v * al).gaussian(sigma);
    let (r, g, b) = (pre(&r), pre(&g), pre(&b));
    let a = a.gaussian(sigma);
    let un = |p: &Plane| p.zip(&a, |v, al| if al > 1e-4 { v / al } else { 0.0 });
    from_planes(&[un(&r), un(&g), un(&b), a])
}
