//! `RenderError`: every way a template spec, an upload or an encode can fail, with stable codes.

use thiserror::Error;

/// Why a render, a validation or a decode failed.
///
/// [`RenderError::code`] is a stable snake_case identifier meant for API responses and metrics;
/// [`RenderError::field`] names the offending spec field (dotted path, e.g. `background.colors`)
/// when one is to blame. The `Display` text is for humans and may change.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum RenderError {
    #[error("unknown template type {value:?}")]
    UnknownTemplateType { value: String },
    #[error("{field}: unknown value {value:?}")]
    UnknownValue { field: String, value: String },
    #[error("{field}: invalid colour {value:?}, expected #RGB, #RRGGBB or #RRGGBBAA")]
    InvalidColor { field: String, value: String },
    #[error("{field}: a gradient needs 2 to 5 colours, got {count}")]
    GradientColorCount { field: String, count: usize },
    #[error("{field}: a texture takes 1 or 2 colours, got {count}")]
    TextureColorCount { field: String, count: usize },
    #[error("{field}: angle must be a finite number of degrees")]
    InvalidAngle { field: String },
    #[error("{field}: opacity must be within 0..=1, got {value}")]
    OpacityOutOfRange { field: String, value: f32 },
    #[error("{field}: quality must be within 1..=100, got {value}")]
    InvalidQuality { field: String, value: u8 },
    #[error("{field}: text must not be empty")]
    EmptyText { field: String },
    #[error("{field}: text is {len} characters, at most {max} allowed")]
    TextTooLong {
        field: String,
        len: usize,
        max: usize,
    },
    #[error("{field}: {count} items, at most {max} allowed")]
    TooManyItems {
        field: String,
        count: usize,
        max: usize,
    },
    #[error("{field}: amount must not be negative")]
    NegativePrice { field: String },
    #[error("{field}: the old price must be higher than the current price")]
    OldPriceNotHigher { field: String },
    #[error("{field}: image has no pixels")]
    EmptyImage { field: String },
    #[error("{field}: input is empty")]
    EmptyInput { field: String },
    #[error("{field}: input is {len} bytes, at most {max} allowed")]
    InputTooLarge {
        field: String,
        len: usize,
        max: usize,
    },
    #[error("{field}: image is {width}x{height}, larger than allowed")]
    ImageTooLarge {
        field: String,
        width: u32,
        height: u32,
    },
    #[error("{field}: not a JPEG, PNG or WebP image")]
    UnsupportedFormat { field: String },
    #[error("{field}: image data is corrupt: {detail}")]
    CorruptImage { field: String, detail: String },
    #[error("encoding the output failed: {detail}")]
    EncodeFailed { detail: String },
}

impl RenderError {
    /// Stable snake_case identifier of the failure kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownTemplateType { .. } => "unknown_template_type",
            Self::UnknownValue { .. } => "unknown_value",
            Self::InvalidColor { .. } => "invalid_color",
            Self::GradientColorCount { .. } => "gradient_color_count",
            Self::TextureColorCount { .. } => "texture_color_count",
            Self::InvalidAngle { .. } => "invalid_angle",
            Self::OpacityOutOfRange { .. } => "opacity_out_of_range",
            Self::InvalidQuality { .. } => "invalid_quality",
            Self::EmptyText { .. } => "empty_text",
            Self::TextTooLong { .. } => "text_too_long",
            Self::TooManyItems { .. } => "too_many_items",
            Self::NegativePrice { .. } => "negative_price",
            Self::OldPriceNotHigher { .. } => "old_price_not_higher",
            Self::EmptyImage { .. } => "empty_image",
            Self::EmptyInput { .. } => "empty_input",
            Self::InputTooLarge { .. } => "input_too_large",
            Self::ImageTooLarge { .. } => "image_too_large",
            Self::UnsupportedFormat { .. } => "unsupported_image_format",
            Self::CorruptImage { .. } => "corrupt_image",
            Self::EncodeFailed { .. } => "encode_failed",
        }
    }

    /// The offending field, as a dotted path into the spec (`None` for internal failures).
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::UnknownTemplateType { .. } => Some("template_type"),
            Self::UnknownValue { field, .. }
            | Self::InvalidColor { field, .. }
            | Self::GradientColorCount { field, .. }
            | Self::TextureColorCount { field, .. }
            | Self::InvalidAngle { field }
            | Self::OpacityOutOfRange { field, .. }
            | Self::InvalidQuality { field, .. }
            | Self::EmptyText { field }
            | Self::TextTooLong { field, .. }
            | Self::TooManyItems { field, .. }
            | Self::NegativePrice { field }
            | Self::OldPriceNotHigher { field }
            | Self::EmptyImage { field }
            | Self::EmptyInput { field }
            | Self::InputTooLarge { field, .. }
            | Self::ImageTooLarge { field, .. }
            | Self::UnsupportedFormat { field }
            | Self::CorruptImage { field, .. } => Some(field),
            Self::EncodeFailed { .. } => None,
        }
    }

    /// Whether the caller's input is to blame (a 4xx), as opposed to an internal failure.
    pub fn is_client_error(&self) -> bool {
        !matches!(self, Self::EncodeFailed { .. })
    }
}
