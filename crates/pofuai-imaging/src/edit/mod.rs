//! Product-photo editing operations for the admin "AI product editing" feature.
//!
//! Every operation takes an [`image::RgbaImage`] and returns a new one (or edits in place for the
//! watermark); none does IO. Inputs that come from a request (sizes, names, strengths) are
//! validated here and rejected with an [`EditError`] naming the offending field.
//!
//! | request option | function |
//! |---|---|
//! | `enhance_quality` | [`enhance_quality`] |
//! | `remove_background` | [`remove_background`] / [`remove_background_with_confidence`] |
//! | `resize` | [`resize`] with [`Fit::parse`] |
//! | `apply_filter` | [`apply_filter`] with [`Filter::parse`] |
//! | `add_watermark` (logo) | [`add_watermark_logo`] with [`Position::parse`]; text watermarks belong to the template renderer, which has the fonts |
//!
//! Background removal is classic image processing (colour models, flood fill, graph cuts,
//! guided-filter alpha) plus a small learned per-pixel model that we train ourselves
//! (`learned.rs`: a gradient-boosted forest over hand-made features, fitted by
//! `examples/cutout_train.rs` on the tuning cases of `testdata/cutout/` and generated POV-Ray
//! training scenes, and compiled in), all
//! deterministic. No downloaded weights and no neural segmentation model are used: the only one
//! installable here has weights of unclear licence. Its quality on the set in
//! `testdata/cutout/` is printed by `cargo run -p pofuai-imaging --example cutout_eval --release`.
//!
//! Cost grows with the pixel count; callers should cap uploads (about 4000 px a side) and run
//! these functions on a worker pool, not on the async runtime.

mod background;
mod enhance;
mod filter;
mod learned;
mod maxflow;
mod pixels;
mod resize;
mod watermark;

pub use background::{
    Cutout, LOW_CONFIDENCE, TemplatePhoto, cutout_for_template, cutout_training_features,
    cutout_with_forest, remove_background, remove_background_with_confidence,
};
pub use enhance::enhance_quality;
pub use filter::{Filter, apply_filter};
#[doc(hidden)]
pub use learned::{FEATURE_NAMES, FEATURES, Forest};
pub use resize::{Fit, MAX_SIDE, resize};
pub use watermark::{Position, add_watermark_logo};

/// Why an edit request was rejected. `code()` is stable and snake_case; `field()` names the
/// request field at fault, as `operation.parameter`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// A number outside its allowed range (or not a number at all).
    #[error("{field} must be between {min} and {max}, got {value}")]
    OutOfRange {
        field: &'static str,
        min: f64,
        max: f64,
        value: f64,
    },
    /// A name that is not one of the allowed values.
    #[error("{field}: unknown value {value:?}, expected one of: {expected}")]
    UnknownValue {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    /// An image with zero width or height.
    #[error("{field}: image is empty")]
    EmptyImage { field: &'static str },
    /// The resize backend refused the job; not expected with validated input.
    #[error("{field}: resize failed: {reason}")]
    ResizeFailed { field: &'static str, reason: String },
}

impl EditError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OutOfRange { .. } => "out_of_range",
            Self::UnknownValue { .. } => "unknown_value",
            Self::EmptyImage { .. } => "empty_image",
            Self::ResizeFailed { .. } => "resize_failed",
        }
    }

    /// The request field at fault, e.g. `resize.width`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::OutOfRange { field, .. }
            | Self::UnknownValue { field, .. }
            | Self::EmptyImage { field }
            | Self::ResizeFailed { field, .. } => field,
        }
    }
}

/// Checks that `value` is a number in `min..=max`.
pub(crate) fn check_range(
    field: &'static str,
    value: f32,
    min: f32,
    max: f32,
) -> Result<(), EditError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(EditError::OutOfRange {
            field,
            min: f64::from(min),
            max: f64::from(max),
            value: f64::from(value),
        })
    }
}

pub(crate) fn check_not_empty(
    field: &'static str,
    img: &image::RgbaImage,
) -> Result<(), EditError> {
    if img.width() == 0 || img.height() == 0 {
        Err(EditError::EmptyImage { field })
    } else {
        Ok(())
    }
}
