//! PofuAi's social-media template renderer: a pure library, bytes in and bytes out.
//!
//! It holds:
//! - the template spec ([`TemplateSpec`]): platform size ([`TemplateType`]), background (solid,
//!   linear/radial gradient, seeded procedural texture), an optional product image, headline,
//!   body, call to action, hashtags, price with struck old price and discount badge, language
//!   (tr, en, de, ar; Arabic is laid out right to left), watermark, the small "PofuAi" mark and
//!   the output format;
//! - validation with stable error codes ([`RenderError::code`]) and hex colour parsing
//!   ([`parse_hex_color`]);
//! - a guarded upload decoder ([`decode_image`]) that sniffs JPEG/PNG/WebP and refuses oversized
//!   inputs from the header, before decoding pixels;
//! - the renderer ([`Renderer`], [`render`]): tiny-skia for drawing, cosmic-text for shaping and
//!   wrapping (embedded Noto Sans + Noto Sans Arabic, OFL), fast_image_resize for the product
//!   image, and PNG (image), JPEG (jpeg-encoder) or lossy WebP (libwebp) for encoding. Text is
//!   shrunk, wrapped and if need be truncated so every glyph stays inside its box, and gets a
//!   halo or panel when its WCAG contrast against the pixels beneath is too low. The same spec
//!   always renders the same pixels.
//!
//! There is no IO, networking, database or async here; marketing copy is written by the caller.
//! Photo-editing operations (cut-out, enhancement, filters, resizing, logo watermark) live in
//! [`edit`].

mod background;
mod color;
mod compose;
mod decode;
pub mod edit;
mod encode;
mod error;
mod layout;
mod raster;
mod spec;
mod text;

use std::sync::{Mutex, OnceLock, PoisonError};

use image::RgbaImage;

pub use color::{
    Color, contrast_ratio, parse_hex_color, parse_hex_color_field, relative_luminance,
};
pub use decode::{DecodeLimits, decode_image};
pub use error::RenderError;
pub use layout::{Layout, ReadabilityFix, Rect, TextBlock, TextRole};
pub use spec::{
    Background, Language, MAX_BODY_CHARS, MAX_CTA_CHARS, MAX_HASHTAG_CHARS, MAX_HASHTAGS,
    MAX_HEADLINE_CHARS, MAX_PRICE_CHARS, MAX_SPEC_IMAGE_PIXELS, MAX_WATERMARK_CHARS, OutputFormat,
    Position, Price, TemplateSpec, TemplateType, Texts, TextureKind, Watermark,
};

use text::TextEngine;

/// An encoded template.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub format: OutputFormat,
    pub mime: &'static str,
    /// Where each element was placed (for previews, editors and tests).
    pub layout: Layout,
}

/// Renders templates; cheap to share across threads (`Send + Sync`).
///
/// Font systems (parsed fonts, shaping and glyph caches) are expensive to build, so the renderer
/// keeps a pool of them: each render borrows one, and a new one is built only when every pooled
/// one is in use by another thread. Build one `Renderer` per process and reuse it.
pub struct Renderer {
    engines: Mutex<Vec<TextEngine>>,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    /// A renderer with one font system ready.
    pub fn new() -> Self {
        Self {
            engines: Mutex::new(vec![TextEngine::new()]),
        }
    }

    /// Validates `spec`, draws it and encodes it in `spec.output`.
    pub fn render(&self, spec: &TemplateSpec) -> Result<Rendered, RenderError> {
        let (canvas, layout) = self.with_engine(|e| compose::compose(e, spec))?;
        let bytes = encode::encode(&canvas, spec.output)?;
        Ok(Rendered {
            bytes,
            width: canvas.width(),
            height: canvas.height(),
            format: spec.output,
            mime: spec.output.mime(),
            layout,
        })
    }

    /// Validates and draws `spec` without encoding (opaque RGBA), with its layout.
    pub fn render_rgba(&self, spec: &TemplateSpec) -> Result<(RgbaImage, Layout), RenderError> {
        let (canvas, layout) = self.with_engine(|e| compose::compose(e, spec))?;
        let (w, h) = (canvas.width(), canvas.height());
        // The canvas is opaque, so premultiplied equals straight alpha.
        let img =
            RgbaImage::from_raw(w, h, canvas.take()).ok_or_else(|| RenderError::EncodeFailed {
                detail: "canvas size mismatch".into(),
            })?;
        Ok((img, layout))
    }

    /// White text with a dark outline on a transparent background, about `size_px` tall: a
    /// text watermark to stamp on photos with [`edit::add_watermark_logo`].
    pub fn text_stamp(&self, text: &str, size_px: f32) -> Result<RgbaImage, RenderError> {
        if text.trim().is_empty() {
            return Err(RenderError::EmptyText {
                field: "watermark.text".into(),
            });
        }
        if text.chars().count() > MAX_WATERMARK_CHARS {
            return Err(RenderError::TextTooLong {
                field: "watermark.text".into(),
                len: text.chars().count(),
                max: MAX_WATERMARK_CHARS,
            });
        }
        let size = size_px.clamp(8.0, 400.0);
        let mask = self.with_engine(|e| {
            let style = text::TextStyle {
                max_size: size,
                min_size: size,
                bold: true,
                align: text::HAlign::Start,
                line_height: 1.2,
                max_lines: Some(1),
                rtl: text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                no_ligatures: false,
            };
            let fitted = e.fit(text, &style, size * 80.0, size * 3.0);
            e.rasterize(&fitted, 0, 0)
        });
        Ok(outlined_stamp(&mask))
    }

    fn with_engine<T>(&self, f: impl FnOnce(&mut TextEngine) -> T) -> T {
        let pooled = self
            .engines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut engine = pooled.unwrap_or_else(TextEngine::new);
        let out = f(&mut engine);
        self.engines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(engine);
        out
    }
}

/// Turns a glyph coverage mask into white text with a 2-pixel dark outline, padded by 3 px.
fn outlined_stamp(mask: &raster::AlphaMask) -> RgbaImage {
    const PAD: u32 = 3;
    let (w, h) = (mask.width + 2 * PAD, mask.height + 2 * PAD);
    let cover = |x: i64, y: i64| -> u8 {
        let (mx, my) = (x - i64::from(PAD), y - i64::from(PAD));
        if mx < 0 || my < 0 || mx >= i64::from(mask.width) || my >= i64::from(mask.height) {
            return 0;
        }
        mask.data[(my as usize) * mask.width as usize + mx as usize]
    };
    RgbaImage::from_fn(w, h, |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        let ink = cover(x, y);
        let mut outline = 0u8;
        for dy in -2..=2 {
            for dx in -2..=2 {
                outline = outline.max(cover(x + dx, y + dy));
            }
        }
        let a = f32::from(ink) / 255.0;
        let shade = (255.0 * a + 20.0 * (1.0 - a)) as u8;
        let alpha = ink.max((f32::from(outline) * 0.8) as u8);
        image::Rgba([shade, shade, shade, alpha])
    })
}

/// Renders with a process-wide shared [`Renderer`], built on first use.
pub fn render(spec: &TemplateSpec) -> Result<Rendered, RenderError> {
    static SHARED: OnceLock<Renderer> = OnceLock::new();
    SHARED.get_or_init(Renderer::new).render(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn renderer_is_send_and_sync() {
        assert_send_sync::<Renderer>();
    }
}
