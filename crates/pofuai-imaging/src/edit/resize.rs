//! `resize`: scale an image into a target box with contain/cover/fill/inside semantics.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbaImage;

use super::{EditError, check_not_empty};

/// Largest accepted output side, in pixels.
pub const MAX_SIDE: u32 = 8000;

/// How the source is fitted into the requested `width` × `height` box (the names follow the
/// common `sharp`/CSS `object-fit` vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Keep the aspect ratio, fit entirely inside the box, pad with transparent pixels to exactly
    /// `width` × `height`.
    Contain,
    /// Keep the aspect ratio, fill the whole box, crop the overflow around the centre.
    Cover,
    /// Stretch to exactly `width` × `height`, ignoring the aspect ratio.
    Fill,
    /// Keep the aspect ratio, fit inside the box, no padding: the output may be smaller than the
    /// box on one side.
    Inside,
}

impl Fit {
    pub const NAMES: &'static str = "contain, cover, fill, inside";

    pub fn parse(name: &str) -> Result<Self, EditError> {
        match name {
            "contain" => Ok(Self::Contain),
            "cover" => Ok(Self::Cover),
            "fill" => Ok(Self::Fill),
            "inside" => Ok(Self::Inside),
            _ => Err(EditError::UnknownValue {
                field: "resize.fit",
                value: name.to_owned(),
                expected: Self::NAMES,
            }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Contain => "contain",
            Self::Cover => "cover",
            Self::Fill => "fill",
            Self::Inside => "inside",
        }
    }
}

fn check_side(field: &'static str, v: u32) -> Result<(), EditError> {
    if (1..=MAX_SIDE).contains(&v) {
        Ok(())
    } else {
        Err(EditError::OutOfRange {
            field,
            min: 1.0,
            max: f64::from(MAX_SIDE),
            value: f64::from(v),
        })
    }
}

/// Resizes `img` into a `width` × `height` box (each side 1..=8000) with Lanczos3, alpha-aware.
pub fn resize(img: &RgbaImage, width: u32, height: u32, fit: Fit) -> Result<RgbaImage, EditError> {
    check_side("resize.width", width)?;
    check_side("resize.height", height)?;
    check_not_empty("resize.image", img)?;
    let (sw, sh) = (f64::from(img.width()), f64::from(img.height()));
    match fit {
        Fit::Fill => scale(img, width, height, false),
        Fit::Cover => scale(img, width, height, true),
        Fit::Inside | Fit::Contain => {
            let k = (f64::from(width) / sw).min(f64::from(height) / sh);
            let w = ((sw * k).round() as u32).clamp(1, width);
            let h = ((sh * k).round() as u32).clamp(1, height);
            let scaled = scale(img, w, h, false)?;
            if fit == Fit::Inside || (w == width && h == height) {
                return Ok(scaled);
            }
            let mut out = RgbaImage::new(width, height);
            image::imageops::replace(
                &mut out,
                &scaled,
                i64::from((width - w) / 2),
                i64::from((height - h) / 2),
            );
            Ok(out)
        }
    }
}

/// Scales to exactly `w` × `h`; with `crop` the source is first cropped (centred) to the target
/// aspect ratio.
pub(crate) fn scale(img: &RgbaImage, w: u32, h: u32, crop: bool) -> Result<RgbaImage, EditError> {
    if img.width() == w && img.height() == h {
        return Ok(img.clone());
    }
    let mut dst = RgbaImage::new(w, h);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if crop {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new()
        .resize(img, &mut dst, &options)
        .map_err(|e| EditError::ResizeFailed {
            field: "resize.image",
            reason: e.to_string(),
        })?;
    Ok(dst)
}
