//! `add_watermark_logo`: place a logo over an image at a corner or the centre.

use image::RgbaImage;

use super::resize::{Fit, MAX_SIDE, resize};
use super::{EditError, check_not_empty, check_range};

/// Where the logo goes; corners keep a margin of 3 % of the image's shorter side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
    Center,
}

impl Position {
    pub const NAMES: &'static str = "top_left, top_right, bottom_left, bottom_right, center";

    pub fn parse(name: &str) -> Result<Self, EditError> {
        match name {
            "top_left" => Ok(Self::TopLeft),
            "top_right" => Ok(Self::TopRight),
            "bottom_left" => Ok(Self::BottomLeft),
            "bottom_right" => Ok(Self::BottomRight),
            "center" => Ok(Self::Center),
            _ => Err(EditError::UnknownValue {
                field: "add_watermark_logo.position",
                value: name.to_owned(),
                expected: Self::NAMES,
            }),
        }
    }
}

/// Draws `logo` onto `img` ("source over", respecting both alphas).
///
/// - `opacity` in 0..=1 multiplies the logo's alpha (`add_watermark_logo.opacity`).
/// - `scale` in 0.01..=1 is the logo's width as a share of the image width; the logo keeps its
///   aspect ratio and is shrunk further if it would be taller than the image
///   (`add_watermark_logo.scale`).
pub fn add_watermark_logo(
    img: &mut RgbaImage,
    logo: &RgbaImage,
    position: Position,
    opacity: f32,
    scale: f32,
) -> Result<(), EditError> {
    check_range("add_watermark_logo.opacity", opacity, 0.0, 1.0)?;
    check_range("add_watermark_logo.scale", scale, 0.01, 1.0)?;
    check_not_empty("add_watermark_logo.logo", logo)?;
    if img.width() == 0 || img.height() == 0 || opacity == 0.0 {
        return Ok(());
    }
    let (w, h) = (img.width(), img.height());
    let margin = (w.min(h) as f32 * 0.03).round() as u32;
    let box_w = ((w as f32 * scale).round() as u32).clamp(1, w.min(MAX_SIDE));
    let box_h = h.saturating_sub(2 * margin).clamp(1, MAX_SIDE);
    let logo = resize(logo, box_w, box_h, Fit::Inside)?;
    let (lw, lh) = (logo.width(), logo.height());
    let right = w.saturating_sub(lw + margin);
    let bottom = h.saturating_sub(lh + margin);
    let (x0, y0) = match position {
        Position::TopLeft => (margin, margin),
        Position::TopRight => (right, margin),
        Position::BottomLeft => (margin, bottom),
        Position::BottomRight => (right, bottom),
        Position::Center => ((w.saturating_sub(lw)) / 2, (h.saturating_sub(lh)) / 2),
    };
    for (lx, ly, src) in logo.enumerate_pixels() {
        let (x, y) = (x0 + lx, y0 + ly);
        if x >= w || y >= h {
            continue;
        }
        let sa = f32::from(src.0[3]) / 255.0 * opacity;
        if sa <= 0.0 {
            continue;
        }
        let dst = img.get_pixel_mut(x, y);
        let da = f32::from(dst.0[3]) / 255.0;
        let oa = sa + da * (1.0 - sa);
        for c in 0..3 {
            let s = f32::from(src.0[c]) / 255.0;
            let d = f32::from(dst.0[c]) / 255.0;
            let o = (s * sa + d * da * (1.0 - sa)) / oa;
            dst.0[c] = super::pixels::to_u8(o);
        }
        dst.0[3] = super::pixels::to_u8(oa);
    }
    Ok(())
}
