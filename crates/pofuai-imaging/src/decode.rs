//! `decode_image`: a guarded decoder for uploads (JPEG, PNG, WebP) that refuses bombs cheaply.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbaImage};

use crate::RenderError;

/// Upper bounds for [`decode_image`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Largest accepted width × height, checked from the header before decoding.
    pub max_pixels: u64,
    /// Largest accepted width or height.
    pub max_side: u32,
}

impl Default for DecodeLimits {
    /// 20 MB, 40 megapixels, 10 000 px a side: any phone photo passes, bombs do not.
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 10_000,
        }
    }
}

/// Decodes an uploaded JPEG, PNG or WebP into RGBA, applying EXIF orientation.
///
/// Order of checks: empty input (`empty_input`), byte limit (`input_too_large`), format sniffed
/// from magic bytes (`unsupported_image_format`), header dimensions against the pixel and side
/// limits (`image_too_large`, before any pixel is decoded), then the decode itself
/// (`corrupt_image`). Errors name the field `image`.
pub fn decode_image(bytes: &[u8], limits: &DecodeLimits) -> Result<RgbaImage, RenderError> {
    const FIELD: &str = "image";
    if bytes.is_empty() {
        return Err(RenderError::EmptyInput {
            field: FIELD.into(),
        });
    }
    if bytes.len() > limits.max_bytes {
        return Err(RenderError::InputTooLarge {
            field: FIELD.into(),
            len: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| RenderError::UnsupportedFormat {
        field: FIELD.into(),
    })?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(RenderError::UnsupportedFormat {
            field: FIELD.into(),
        });
    }
    let corrupt = |e: image::ImageError| RenderError::CorruptImage {
        field: FIELD.into(),
        detail: e.to_string(),
    };
    // Probe the header without limits (it allocates nothing) so the real size can be reported.
    let mut probe = ImageReader::with_format(Cursor::new(bytes), format);
    probe.no_limits();
    let (w, h) = probe.into_dimensions().map_err(corrupt)?;
    if w > limits.max_side || h > limits.max_side || u64::from(w) * u64::from(h) > limits.max_pixels
    {
        return Err(too_large(FIELD, w, h));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut codec_limits = image::Limits::default();
    codec_limits.max_image_width = Some(limits.max_side);
    codec_limits.max_image_height = Some(limits.max_side);
    // Decoded RGBA8 plus decoder scratch; a second line of defence behind the header check.
    codec_limits.max_alloc = Some(limits.max_pixels.saturating_mul(4 * 3));
    reader.limits(codec_limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(FIELD, w, h),
        other => corrupt(other),
    })?;
    if w == 0 || h == 0 {
        return Err(RenderError::CorruptImage {
            field: FIELD.into(),
            detail: "zero-sized image".into(),
        });
    }
    let mut decoder = decoder;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(FIELD, w, h),
        other => corrupt(other),
    })?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img.into_rgba8())
}

fn too_large(field: &str, width: u32, height: u32) -> RenderError {
    RenderError::ImageTooLarge {
        field: field.into(),
        width,
        height,
    }
}
