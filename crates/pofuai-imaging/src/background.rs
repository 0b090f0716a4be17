//! Paints the canvas background: solid, linear/radial gradient, or a seeded procedural texture.

use tiny_skia::{
    GradientStop, LinearGradient, Paint, Pixmap, Point, PremultipliedColorU8, RadialGradient,
    Rect as SkRect, Shader, SpreadMode, Transform,
};

use crate::color::Color;
use crate::spec::{Background, TextureKind};

/// Paints `bg` over the whole (opaque white) canvas.
pub(crate) fn paint(canvas: &mut Pixmap, bg: &Background) {
    // A linear gradient covers every pixel opaquely; everything else paints over white.
    if !matches!(bg, Background::LinearGradient { .. }) {
        canvas.fill(tiny_skia::Color::WHITE);
    }
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    match bg {
        Background::Solid(c) => canvas.fill(c.over(Color::WHITE).to_skia()),
        Background::LinearGradient { angle_deg, colors } => {
            let rad = angle_deg.to_radians();
            let (dx, dy) = (rad.sin(), -rad.cos());
            let half = (w * dx.abs() + h * dy.abs()) / 2.0;
            let (cx, cy) = (w / 2.0, h / 2.0);
            let (p0, p1) = (
                (cx - dx * half, cy - dy * half),
                (cx + dx * half, cy + dy * half),
            );
            if !linear_gradient(canvas, p0, p1, colors) {
                canvas.fill(tiny_skia::Color::WHITE);
                let shader = LinearGradient::new(
                    Point::from_xy(p0.0, p0.1),
                    Point::from_xy(p1.0, p1.1),
                    stops(colors),
                    SpreadMode::Pad,
                    Transform::identity(),
                );
                fill_shader(canvas, shader);
            }
        }
        Background::RadialGradient { colors } => {
            let (cx, cy) = (w / 2.0, h / 2.0);
            let radius = (cx * cx + cy * cy).sqrt();
            let center = Point::from_xy(cx, cy);
            let shader = RadialGradient::new(
                center,
                0.0,
                center,
                radius,
                stops(colors),
                SpreadMode::Pad,
                Transform::identity(),
            );
            fill_shader(canvas, shader);
        }
        Background::Texture { kind, colors, seed } => {
            let base = colors
                .first()
                .copied()
                .unwrap_or(Color::WHITE)
                .over(Color::WHITE);
            let accent = colors
                .get(1)
                .map(|c| c.over(base))
                .unwrap_or_else(|| derived_accent(base));
            texture(canvas, *kind, base, accent, *seed);
        }
    }
}

/// Entries in the linear-gradient colour table: finer than one 8-bit step of any channel
/// across a canvas-wide ramp, so the table is indistinguishable from per-pixel interpolation.
const GRADIENT_LUT: usize = 4096;

/// Fills the whole canvas with an opaque linear gradient from `p0` to `p1` (pad spread, stops
/// evenly spaced), the colour of each pixel centre looked up in a precomputed table. Returns
/// `false` (canvas untouched) for a degenerate gradient, which the caller leaves to tiny-skia.
fn linear_gradient(canvas: &mut Pixmap, p0: (f32, f32), p1: (f32, f32), colors: &[Color]) -> bool {
    let (vx, vy) = (p1.0 - p0.0, p1.1 - p0.1);
    let len2 = vx * vx + vy * vy;
    if colors.len() < 2 || !len2.is_finite() || len2 < 1e-6 {
        return false;
    }
    let opaque: Vec<[f32; 3]> = colors
        .iter()
        .map(|c| {
            let c = c.over(Color::WHITE);
            [f32::from(c.r), f32::from(c.g), f32::from(c.b)]
        })
        .collect();
    let segments = (opaque.len() - 1) as f32;
    let lut: Vec<PremultipliedColorU8> = (0..GRADIENT_LUT)
        .map(|i| {
            let t = i as f32 / (GRADIENT_LUT - 1) as f32 * segments;
            let k = (t.floor() as usize).min(opaque.len() - 2);
            let f = t - k as f32;
            let (a, b) = (opaque[k], opaque[k + 1]);
            let ch = |j: usize| (a[j] + (b[j] - a[j]) * f).round().clamp(0.0, 255.0) as u8;
            PremultipliedColorU8::from_rgba(ch(0), ch(1), ch(2), 255)
                .unwrap_or(PremultipliedColorU8::TRANSPARENT)
        })
        .collect();
    // t(x, y) = ((x + 0.5 - p0.x) * vx + (y + 0.5 - p0.y) * vy) / |v|², in table indices as
    // 32.32 fixed point: per pixel an add, a clamp and a lookup.
    let scale = (GRADIENT_LUT - 1) as f64 / f64::from(len2);
    let (sx, sy) = (f64::from(vx) * scale, f64::from(vy) * scale);
    const ONE: f64 = (1u64 << 32) as f64;
    let step = (sx * ONE).round() as i64;
    let max = ((GRADIENT_LUT - 1) as i64) << 32;
    let w = canvas.width() as usize;
    for (y, row) in canvas.pixels_mut().chunks_exact_mut(w).enumerate() {
        let t0 = (0.5 - f64::from(p0.0)) * sx + (y as f64 + 0.5 - f64::from(p0.1)) * sy + 0.5;
        let mut acc = (t0 * ONE).round() as i64;
        for px in row {
            *px = lut[(acc.clamp(0, max) >> 32) as usize];
            acc += step;
        }
    }
    true
}

fn stops(colors: &[Color]) -> Vec<GradientStop> {
    let n = colors.len().max(2) - 1;
    colors
        .iter()
        .enumerate()
        .map(|(i, c)| GradientStop::new(i as f32 / n as f32, c.over(Color::WHITE).to_skia()))
        .collect()
}

fn fill_shader(canvas: &mut Pixmap, shader: Option<Shader<'static>>) {
    let Some(shader) = shader else {
        return; // tiny-skia returns None for a degenerate gradient; white stays.
    };
    let paint = Paint {
        shader,
        anti_alias: false,
        ..Paint::default()
    };
    if let Some(rect) = SkRect::from_xywh(0.0, 0.0, canvas.width() as f32, canvas.height() as f32) {
        canvas.fill_rect(rect, &paint, Transform::identity(), None);
    }
}

/// A second colour close to `base`: darker for light bases, lighter for dark ones.
fn derived_accent(base: Color) -> Color {
    if base.luminance() > 0.35 {
        base.lerp(Color::BLACK, 0.12)
    } else {
        base.lerp(Color::WHITE, 0.14)
    }
}

fn texture(canvas: &mut Pixmap, kind: TextureKind, base: Color, accent: Color, seed: u64) {
    let (w, h) = (canvas.width(), canvas.height());
    let unit = w.min(h) as f32 / 1080.0;
    let data = canvas.data_mut();
    let mut put = |x: u32, y: u32, c: [f32; 3]| {
        let i = ((y * w + x) * 4) as usize;
        data[i] = c[0].round().clamp(0.0, 255.0) as u8;
        data[i + 1] = c[1].round().clamp(0.0, 255.0) as u8;
        data[i + 2] = c[2].round().clamp(0.0, 255.0) as u8;
        data[i + 3] = 255;
    };
    let b = [f32::from(base.r), f32::from(base.g), f32::from(base.b)];
    let a = [
        f32::from(accent.r),
        f32::from(accent.g),
        f32::from(accent.b),
    ];
    let mix = |t: f32| -> [f32; 3] {
        [
            b[0] + (a[0] - b[0]) * t,
            b[1] + (a[1] - b[1]) * t,
            b[2] + (a[2] - b[2]) * t,
        ]
    };
    let shade = |c: [f32; 3], d: f32| [c[0] + d, c[1] + d, c[2] + d];
    let grain = |x: u32, y: u32, salt: u64| (hash3(x, y, seed ^ salt) & 0xFF) as f32 / 255.0 - 0.5;
    match kind {
        TextureKind::Noise => {
            let cell = 90.0 * unit;
            for y in 0..h {
                for x in 0..w {
                    let (fx, fy) = (x as f32 / cell, y as f32 / cell);
                    let t = 0.65 * value_noise(fx, fy, seed)
                        + 0.35 * value_noise(fx * 3.1, fy * 3.1, seed ^ 0x9E37);
                    put(x, y, shade(mix(t), grain(x, y, 1) * 14.0));
                }
            }
        }
        TextureKind::Paper => {
            let cell = 140.0 * unit;
            for y in 0..h {
                for x in 0..w {
                    let blotch = value_noise(x as f32 / cell, y as f32 / cell, seed);
                    let fibre =
                        value_noise(x as f32 / (3.0 * unit), y as f32 / (40.0 * unit), seed ^ 7);
                    let c = mix(0.35 * blotch + 0.15 * fibre);
                    put(x, y, shade(c, grain(x, y, 2) * 10.0));
                }
            }
        }
        TextureKind::Linen => {
            for y in 0..h {
                let row = (hash3(0, y / 2, seed ^ 11) & 0xFF) as f32 / 255.0;
                for x in 0..w {
                    let col = (hash3(x / 2, 0, seed ^ 13) & 0xFF) as f32 / 255.0;
                    let t = 0.5 * row + 0.5 * col;
                    put(x, y, shade(mix(0.55 * t), grain(x, y, 3) * 8.0));
                }
            }
        }
        TextureKind::Dots => {
            let spacing = 42.0 * unit;
            let radius = 6.5 * unit;
            let phase = (seed % 97) as f32 / 97.0 * spacing;
            for y in 0..h {
                for x in 0..w {
                    let fy = y as f32 + phase;
                    let row = (fy / spacing).floor();
                    let shift = if row as i64 % 2 == 0 {
                        0.0
                    } else {
                        spacing / 2.0
                    };
                    let fx = x as f32 + phase + shift;
                    let (cx, cy) = (
                        (fx / spacing).floor() * spacing + spacing / 2.0,
                        row * spacing + spacing / 2.0,
                    );
                    let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt();
                    let t = (radius + 0.5 - d).clamp(0.0, 1.0);
                    put(x, y, mix(t));
                }
            }
        }
        TextureKind::Stripes => {
            let period = 56.0 * unit;
            let phase = (seed % 89) as f32 / 89.0 * period;
            for y in 0..h {
                for x in 0..w {
                    // Diagonal coordinate; the stripe covers half of each period, edges anti-aliased.
                    let d = ((x + y) as f32 * std::f32::consts::FRAC_1_SQRT_2 + phase) % period;
                    let half = period / 2.0;
                    let t = (d.min(period - d) - half / 2.0 + 0.5).clamp(0.0, 1.0);
                    put(x, y, mix(t));
                }
            }
        }
    }
}

/// Smooth value noise in 0..1 on an integer lattice.
fn value_noise(x: f32, y: f32, seed: u64) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (tx, ty) = (x - x0, y - y0);
    let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
    let (ix, iy) = (x0 as i64 as u32, y0 as i64 as u32);
    let v = |dx: u32, dy: u32| {
        (hash3(ix.wrapping_add(dx), iy.wrapping_add(dy), seed) & 0xFFFF) as f32 / 65535.0
    };
    let top = v(0, 0) + (v(1, 0) - v(0, 0)) * sx;
    let bottom = v(0, 1) + (v(1, 1) - v(0, 1)) * sx;
    top + (bottom - top) * sy
}

/// A well-mixed 64-bit hash of a lattice point and seed (splitmix64 finaliser).
pub(crate) fn hash3(x: u32, y: u32, seed: u64) -> u64 {
    let mut z = seed
        .wrapping_add(u64::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(u64::from(y).wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
