//! Encodes the finished (opaque) canvas as PNG, JPEG or lossy WebP.

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use tiny_skia::Pixmap;

use crate::RenderError;
use crate::spec::OutputFormat;

/// Drops alpha: the canvas is opaque, so premultiplied RGBA equals straight RGB.
pub(crate) fn to_rgb(canvas: &Pixmap) -> Vec<u8> {
    let mut rgb = vec![0u8; canvas.width() as usize * canvas.height() as usize * 3];
    for (dst, src) in rgb.chunks_exact_mut(3).zip(canvas.data().chunks_exact(4)) {
        dst.copy_from_slice(&src[..3]);
    }
    rgb
}

pub(crate) fn encode(canvas: &Pixmap, format: OutputFormat) -> Result<Vec<u8>, RenderError> {
    let (w, h) = (canvas.width(), canvas.height());
    let failed = |detail: String| RenderError::EncodeFailed { detail };
    match format {
        OutputFormat::Png => {
            // fdeflate's fastest mode with per-row adaptive filters: on identical pixels it is
            // within ~6 % of zlib level 1 (Pillow's `compress_level=1`), see the bench.
            let rgb = to_rgb(canvas);
            let mut out = Vec::with_capacity(rgb.len() / 4);
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
                .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        OutputFormat::Jpeg { quality } => {
            let (w16, h16) = (
                u16::try_from(w).map_err(|_| failed("image too wide for JPEG".into()))?,
                u16::try_from(h).map_err(|_| failed("image too tall for JPEG".into()))?,
            );
            // Both encoders read RGBA and ignore alpha: no RGB copy of the canvas.
            let rgba = canvas.data();
            let mut out = Vec::with_capacity(rgba.len() / 16);
            let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
            // Full-resolution chroma keeps small red/blue text crisp at high quality.
            enc.set_sampling_factor(if quality >= 90 {
                jpeg_encoder::SamplingFactor::F_1_1
            } else {
                jpeg_encoder::SamplingFactor::F_2_2
            });
            enc.encode(rgba, w16, h16, jpeg_encoder::ColorType::Rgba)
                .map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        OutputFormat::Webp { quality } => {
            let mut config =
                webp::WebPConfig::new().map_err(|()| failed("libwebp config".into()))?;
            config.lossless = 0;
            config.quality = f32::from(quality);
            // Method 2 of 0..=6: about twice as fast as libwebp's default 4 for ~2 % larger
            // files. The Pillow baseline (bench/pillow_template.py) sets the same method.
            config.method = 2;
            let mem = webp::Encoder::from_rgba(canvas.data(), w, h)
                .encode_advanced(&config)
                .map_err(|e| failed(format!("{e:?}")))?;
            Ok(mem.to_vec())
        }
    }
}
