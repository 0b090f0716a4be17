//! Pixel-level helpers on a tiny-skia canvas: alpha masks, blur, masked fills, image blits.

use tiny_skia::{FillRule, Mask, Paint, PathBuilder, Pixmap, Rect as SkRect, Transform};

use crate::color::Color;

/// An 8-bit coverage mask placed at (`x`, `y`) on the canvas.
#[derive(Debug, Clone)]
pub(crate) struct AlphaMask {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl AlphaMask {
    pub(crate) fn new(x: i32, y: i32, width: u32, height: u32) -> Self {
        Self {
            x,
            y,
            width,
            height,
            data: vec![0; width as usize * height as usize],
        }
    }

    /// A copy grown by `pad` pixels on each side (for blur room).
    pub(crate) fn padded(&self, pad: u32) -> Self {
        let mut out = Self::new(
            self.x - pad as i32,
            self.y - pad as i32,
            self.width + 2 * pad,
            self.height + 2 * pad,
        );
        let ow = out.width as usize;
        for row in 0..self.height as usize {
            let src = &self.data[row * self.width as usize..][..self.width as usize];
            let start = (row + pad as usize) * ow + pad as usize;
            out.data[start..start + src.len()].copy_from_slice(src);
        }
        out
    }

    /// Approximates a Gaussian blur with three box-blur passes.
    pub(crate) fn blur(&mut self, radius: u32) {
        if radius == 0 {
            return;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let r = (radius / 2).max(1) as usize;
        let mut tmp = vec![0u8; self.data.len()];
        for _ in 0..3 {
            box_blur_h(&self.data, &mut tmp, w, h, r);
            box_blur_v(&tmp, &mut self.data, w, h, r);
        }
    }

    /// Multiplies every coverage value by `gain` (saturating), e.g. to turn a blur into a halo.
    pub(crate) fn amplify(&mut self, gain: f32) {
        for v in &mut self.data {
            *v = (f32::from(*v) * gain).min(255.0) as u8;
        }
    }

    /// The mask of a filled rounded rectangle.
    pub(crate) fn rounded_rect(x: f32, y: f32, w: f32, h: f32, radius: f32) -> Option<Self> {
        let (mx, my) = (x.floor() as i32, y.floor() as i32);
        let (mw, mh) = ((x + w).ceil() as i32 - mx, (y + h).ceil() as i32 - my);
        let mut mask = Mask::new(u32::try_from(mw).ok()?, u32::try_from(mh).ok()?)?;
        let path = rounded_rect_path(x - mx as f32, y - my as f32, w, h, radius)?;
        mask.fill_path(&path, FillRule::Winding, true, Transform::identity());
        Some(Self {
            x: mx,
            y: my,
            width: mask.width(),
            height: mask.height(),
            data: mask.data().to_vec(),
        })
    }
}

fn box_blur_h(src: &[u8], dst: &mut [u8], w: usize, h: usize, r: usize) {
    let div = (2 * r + 1) as u32;
    for y in 0..h {
        let row = &src[y * w..(y + 1) * w];
        let out = &mut dst[y * w..(y + 1) * w];
        let mut sum: u32 = row[..=r.min(w - 1)].iter().map(|v| u32::from(*v)).sum();
        for x in 0..w {
            out[x] = ((sum + div / 2) / div) as u8;
            if x + r + 1 < w {
                sum += u32::from(row[x + r + 1]);
            }
            if x >= r {
                sum -= u32::from(row[x - r]);
            }
        }
    }
}

fn box_blur_v(src: &[u8], dst: &mut [u8], w: usize, h: usize, r: usize) {
    let div = (2 * r + 1) as u32;
    let mut sums = vec![0u32; w];
    for y in 0..=r.min(h - 1) {
        for (s, v) in sums.iter_mut().zip(&src[y * w..(y + 1) * w]) {
            *s += u32::from(*v);
        }
    }
    for y in 0..h {
        for (o, s) in dst[y * w..(y + 1) * w].iter_mut().zip(&sums) {
            *o = ((*s + div / 2) / div) as u8;
        }
        if y + r + 1 < h {
            let add = &src[(y + r + 1) * w..(y + r + 2) * w];
            for (s, v) in sums.iter_mut().zip(add) {
                *s += u32::from(*v);
            }
        }
        if y >= r {
            let sub = &src[(y - r) * w..(y - r + 1) * w];
            for (s, v) in sums.iter_mut().zip(sub) {
                *s -= u32::from(*v);
            }
        }
    }
}

/// Source-over of `color` × `opacity` × mask coverage onto the (premultiplied) canvas.
pub(crate) fn fill_mask(canvas: &mut Pixmap, mask: &AlphaMask, color: Color, opacity: f32) {
    let (cw, ch) = (canvas.width() as i32, canvas.height() as i32);
    let alpha = f32::from(color.a) / 255.0 * opacity.clamp(0.0, 1.0);
    if alpha <= 0.0 {
        return;
    }
    let a_scale = (alpha * 256.0).round() as u32; // 0..=256
    let (cr, cg, cb) = (u32::from(color.r), u32::from(color.g), u32::from(color.b));
    let data = canvas.data_mut();
    for my in 0..mask.height as i32 {
        let y = mask.y + my;
        if y < 0 || y >= ch {
            continue;
        }
        let row = &mask.data[(my as u32 * mask.width) as usize..][..mask.width as usize];
        for (mx, &cov) in row.iter().enumerate() {
            if cov == 0 {
                continue;
            }
            let x = mask.x + mx as i32;
            if x < 0 || x >= cw {
                continue;
            }
            let sa = (u32::from(cov) * a_scale) >> 8; // 0..=255
            if sa == 0 {
                continue;
            }
            let i = ((y * cw + x) * 4) as usize;
            let inv = 255 - sa;
            let px = &mut data[i..i + 4];
            px[0] = ((cr * sa + u32::from(px[0]) * inv + 127) / 255) as u8;
            px[1] = ((cg * sa + u32::from(px[1]) * inv + 127) / 255) as u8;
            px[2] = ((cb * sa + u32::from(px[2]) * inv + 127) / 255) as u8;
            px[3] = ((255 * sa + u32::from(px[3]) * inv + 127) / 255) as u8;
        }
    }
}

/// A rounded-rectangle path; `None` for degenerate sizes.
pub(crate) fn rounded_rect_path(
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    radius: f32,
) -> Option<tiny_skia::Path> {
    let r = radius.min(w / 2.0).min(h / 2.0).max(0.0);
    if r <= 0.0 {
        return Some(PathBuilder::from_rect(SkRect::from_xywh(x, y, w, h)?));
    }
    // Cubic approximation of quarter circles.
    let k = 0.552_284_8 * r;
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.cubic_to(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.cubic_to(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.cubic_to(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    pb.close();
    pb.finish()
}

/// Fills a rounded rectangle with an anti-aliased solid colour.
pub(crate) fn fill_rounded_rect(
    canvas: &mut Pixmap,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    radius: f32,
    color: Color,
) {
    if let Some(path) = rounded_rect_path(x, y, w, h, radius) {
        let mut paint = Paint::default();
        paint.set_color(color.to_skia());
        paint.anti_alias = true;
        canvas.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// Draws a soft shadow of `shape` (coverage) offset by (`dx`, `dy`).
pub(crate) fn drop_shadow(
    canvas: &mut Pixmap,
    shape: &AlphaMask,
    dx: i32,
    dy: i32,
    blur: u32,
    opacity: f32,
) {
    let mut s = shape.padded(blur * 2);
    s.x += dx;
    s.y += dy;
    s.blur(blur);
    fill_mask(canvas, &s, Color::rgb(10, 14, 30), opacity);
}

/// Converts straight-alpha RGBA into a premultiplied tiny-skia pixmap.
pub(crate) fn pixmap_from_rgba(width: u32, height: u32, rgba: &[u8]) -> Option<Pixmap> {
    let mut pm = Pixmap::new(width, height)?;
    for (dst, src) in pm.data_mut().chunks_exact_mut(4).zip(rgba.chunks_exact(4)) {
        let a = u32::from(src[3]);
        dst[0] = ((u32::from(src[0]) * a + 127) / 255) as u8;
        dst[1] = ((u32::from(src[1]) * a + 127) / 255) as u8;
        dst[2] = ((u32::from(src[2]) * a + 127) / 255) as u8;
        dst[3] = src[3];
    }
    Some(pm)
}

/// The alpha channel of a pixmap as a mask placed at (`x`, `y`).
pub(crate) fn alpha_of(pm: &Pixmap, x: i32, y: i32) -> AlphaMask {
    AlphaMask {
        x,
        y,
        width: pm.width(),
        height: pm.height(),
        data: pm.data().chunks_exact(4).map(|p| p[3]).collect(),
    }
}
