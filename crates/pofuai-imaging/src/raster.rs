//! Pixel-level helpers on a tiny-skia canvas: alpha masks, blur, masked fills, image blits.

use tiny_skia::{FillRule, Mask, Paint, PathBuilder, Pixmap, Rect as SkRect, Transform};

use crate::color::Color;

/// Blur radius from which [`AlphaMask::soft`] works at half resolution.
const HALF_RES_BLUR: u32 = 8;

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

    /// Half the resolution (2×2 averages, odd edges padded with zeros), same origin.
    pub(crate) fn halved(&self) -> Self {
        let (w, h) = (self.width as usize, self.height as usize);
        let (hw, hh) = (w.div_ceil(2), h.div_ceil(2));
        let mut out = Self::new(self.x, self.y, hw as u32, hh as u32);
        let zero = vec![0u8; w];
        for (oy, orow) in out.data.chunks_exact_mut(hw).enumerate() {
            let top = &self.data[2 * oy * w..][..w];
            let bottom = if 2 * oy + 1 < h {
                &self.data[(2 * oy + 1) * w..][..w]
            } else {
                &zero[..]
            };
            for ((o, t), b) in orow
                .iter_mut()
                .zip(top.chunks_exact(2))
                .zip(bottom.chunks_exact(2))
            {
                let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
                *o = ((sum + 2) >> 2) as u8;
            }
            if w % 2 == 1 {
                let sum = u16::from(top[w - 1]) + u16::from(bottom[w - 1]);
                orow[hw - 1] = ((sum + 2) >> 2) as u8;
            }
        }
        out
    }

    /// Bilinear upsampling of a [`Self::halved`] mask back to `width` × `height`.
    pub(crate) fn doubled(&self, width: u32, height: u32) -> Self {
        let (hw, hh) = (self.width as usize, self.height as usize);
        let w = width as usize;
        let mut out = Self::new(self.x, self.y, width, height);
        if hw == 0 || hh == 0 || w == 0 {
            return out;
        }
        // Full-resolution pixel 2i samples half-resolution i - 1/4 and pixel 2i + 1 samples
        // i + 1/4: weights 3:1 towards the nearer neighbour, edges clamped. Vertical first
        // (at half width), then horizontal into a row of 2 × hw.
        let mut col = vec![0u16; hw + 2];
        let mut wide = vec![0u8; 2 * hw];
        for (y, orow) in out.data.chunks_exact_mut(w).enumerate() {
            let i = y / 2;
            let j = if y % 2 == 0 {
                i.saturating_sub(1)
            } else {
                (i + 1).min(hh - 1)
            };
            let (near, far) = (&self.data[i * hw..][..hw], &self.data[j * hw..][..hw]);
            for ((c, &a), &b) in col[1..=hw].iter_mut().zip(near).zip(far) {
                *c = 3 * u16::from(a) + u16::from(b);
            }
            col[0] = col[1];
            col[hw + 1] = col[hw];
            for (pair, win) in wide.chunks_exact_mut(2).zip(col.windows(3)) {
                pair[0] = ((3 * win[1] + win[0] + 8) >> 4) as u8;
                pair[1] = ((3 * win[1] + win[2] + 8) >> 4) as u8;
            }
            orow.copy_from_slice(&wide[..w]);
        }
        out
    }

    /// The mask grown by `pad` and blurred with `radius` (as [`Self::blur`]). Wide blurs are
    /// computed at half resolution and upsampled: a quarter of the work, and a soft shadow has
    /// no detail that half resolution loses.
    pub(crate) fn soft(&self, pad: u32, radius: u32) -> Self {
        let mut s = self.padded(pad);
        if radius >= HALF_RES_BLUR {
            let mut half = s.halved();
            half.blur(radius / 2);
            half.doubled(s.width, s.height)
        } else {
            s.blur(radius);
            s
        }
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
            box_blur_h(&self.data, &mut tmp, w, r);
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

/// `(sum + div / 2) / div` as a multiply and shift: `m` is `ceil(2^24 / div)`, which gives the
/// exact quotient for every sum a box of `div` 8-bit values can reach when `div` < 256 (and is
/// at most one level off beyond that). Division is slow and blocks vectorisation.
fn reciprocal(div: u32) -> u32 {
    (1u32 << 24).div_ceil(div)
}

#[inline(always)]
fn scaled(sum: u32, half: u32, m: u32) -> u8 {
    ((u64::from(sum + half) * u64::from(m)) >> 24) as u8
}

fn box_blur_h(src: &[u8], dst: &mut [u8], w: usize, r: usize) {
    let div = (2 * r + 1) as u32;
    let (half, m) = (div / 2, reciprocal(div));
    // The row with `r` zeros on each side (plus one for the last step), so the sliding window
    // needs no edge cases: out[x] = sum(buf[x..=x + 2r]).
    let mut buf = vec![0u8; w + 2 * r + 1];
    for (row, out) in src.chunks_exact(w).zip(dst.chunks_exact_mut(w)) {
        buf[r..r + w].copy_from_slice(row);
        let mut sum: u32 = buf[..2 * r].iter().map(|v| u32::from(*v)).sum();
        for ((o, &add), &sub) in out.iter_mut().zip(&buf[2 * r..]).zip(&buf[..w]) {
            sum += u32::from(add);
            *o = scaled(sum, half, m);
            sum -= u32::from(sub);
        }
    }
}

fn box_blur_v(src: &[u8], dst: &mut [u8], w: usize, h: usize, r: usize) {
    let div = (2 * r + 1) as u32;
    let (half, m) = (div / 2, reciprocal(div));
    let mut sums = vec![0u32; w];
    for y in 0..=r.min(h - 1) {
        for (s, v) in sums.iter_mut().zip(&src[y * w..(y + 1) * w]) {
            *s += u32::from(*v);
        }
    }
    for y in 0..h {
        for (o, s) in dst[y * w..(y + 1) * w].iter_mut().zip(&sums) {
            *o = scaled(*s, half, m);
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
    let (cw, ch) = (i64::from(canvas.width()), i64::from(canvas.height()));
    let alpha = f32::from(color.a) / 255.0 * opacity.clamp(0.0, 1.0);
    if alpha <= 0.0 || mask.width == 0 {
        return;
    }
    let a_scale = (alpha * 256.0).round() as u32; // 0..=256
    let (cr, cg, cb) = (u16::from(color.r), u16::from(color.g), u16::from(color.b));
    // The part of the mask that lies on the canvas.
    let (mx0, my0) = (i64::from(mask.x), i64::from(mask.y));
    let x0 = (-mx0).clamp(0, i64::from(mask.width));
    let x1 = (cw - mx0).clamp(x0, i64::from(mask.width));
    let y0 = (-my0).clamp(0, i64::from(mask.height));
    let y1 = (ch - my0).clamp(y0, i64::from(mask.height));
    if x0 >= x1 {
        return;
    }
    let (x0, x1) = (x0 as usize, x1 as usize);
    let mw = mask.width as usize;
    let data = canvas.data_mut();
    for my in y0 as usize..y1 as usize {
        let row = &mask.data[my * mw + x0..my * mw + x1];
        let start = (((my0 + my as i64) * cw + mx0 + x0 as i64) * 4) as usize;
        let pixels = &mut data[start..start + row.len() * 4];
        for (px, &cov) in pixels.chunks_exact_mut(4).zip(row) {
            // sa = 0 leaves the pixel as it is, so no branch is needed.
            let sa = ((u32::from(cov) * a_scale) >> 8) as u16; // 0..=255
            let inv = 255 - sa;
            px[0] = div255(cr * sa + u16::from(px[0]) * inv);
            px[1] = div255(cg * sa + u16::from(px[1]) * inv);
            px[2] = div255(cb * sa + u16::from(px[2]) * inv);
            px[3] = div255(255 * sa + u16::from(px[3]) * inv);
        }
    }
}

/// Source-over of a premultiplied pixmap placed at (`x`, `y`) onto the canvas: what tiny-skia's
/// `draw_pixmap` does at an integer offset with no transform (same results: `src + dst × (255 −
/// src alpha) / 255` rounded to nearest has no ties), in 16-bit integers instead of its float
/// pipeline.
pub(crate) fn draw_premultiplied(canvas: &mut Pixmap, src: &Pixmap, x: i32, y: i32) {
    let (cw, ch) = (i64::from(canvas.width()), i64::from(canvas.height()));
    let (sw, sh) = (i64::from(src.width()), i64::from(src.height()));
    let (x, y) = (i64::from(x), i64::from(y));
    let sx0 = (-x).clamp(0, sw);
    let sx1 = (cw - x).clamp(sx0, sw);
    let sy0 = (-y).clamp(0, sh);
    let sy1 = (ch - y).clamp(sy0, sh);
    if sx0 >= sx1 {
        return;
    }
    let n = ((sx1 - sx0) * 4) as usize;
    let src_data = src.data();
    let data = canvas.data_mut();
    for sy in sy0..sy1 {
        let s_start = ((sy * sw + sx0) * 4) as usize;
        let d_start = (((y + sy) * cw + x + sx0) * 4) as usize;
        let s_row = &src_data[s_start..s_start + n];
        let d_row = &mut data[d_start..d_start + n];
        for (d, s) in d_row.chunks_exact_mut(4).zip(s_row.chunks_exact(4)) {
            let inv = 255 - u16::from(s[3]);
            for c in 0..4 {
                d[c] = s[c].wrapping_add(div255(u16::from(d[c]) * inv));
            }
        }
    }
}

/// `(v + 127) / 255` for `v` ≤ 255 × 255, without a division (and in 16 bits, which vectorises).
#[inline(always)]
fn div255(v: u16) -> u8 {
    let x = v + 128;
    ((x + (x >> 8)) >> 8) as u8
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
    let mut s = shape.soft(blur * 2, blur);
    s.x += dx;
    s.y += dy;
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

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_skia::{PixmapPaint, Transform};

    /// The integer source-over gives tiny-skia's `draw_pixmap` results bit for bit, clipped.
    #[test]
    fn draw_premultiplied_matches_tiny_skia() {
        let mut seed = 0x9e37_79b9_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let (w, h) = (37, 29);
        let rgba: Vec<u8> = (0..w * h * 4).map(|_| next() as u8).collect();
        let src = pixmap_from_rgba(w, h, &rgba).expect("pixmap");
        for (x, y) in [(5, 7), (-9, -4), (40, 30), (50, 2)] {
            let mut canvas = Pixmap::new(64, 48).expect("pixmap");
            for px in canvas.data_mut().chunks_exact_mut(4) {
                let v = next();
                px.copy_from_slice(&[v as u8, (v >> 8) as u8, (v >> 16) as u8, 255]);
            }
            let mut expected = canvas.clone();
            expected.draw_pixmap(
                x,
                y,
                src.as_ref(),
                &PixmapPaint::default(),
                Transform::identity(),
                None,
            );
            draw_premultiplied(&mut canvas, &src, x, y);
            assert!(canvas.data() == expected.data(), "offset ({x}, {y})");
        }
    }
}
