//! Bad input gives the right stable error code and field.

mod common;

use std::time::Instant;

use image::{ImageEncoder, RgbaImage};
use pofuai_imaging::{
    Background, Color, DecodeLimits, OutputFormat, Position, Price, RenderError, Renderer,
    TemplateSpec, TemplateType, Watermark, decode_image, parse_hex_color,
};

fn code(r: Result<impl Sized, RenderError>) -> (&'static str, Option<String>) {
    match r {
        Ok(_) => ("ok", None),
        Err(e) => (e.code(), e.field().map(String::from)),
    }
}

fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_pixel(w, h, image::Rgba([200, 100, 50, 255]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .expect("encode");
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A real PNG whose IHDR (with a valid CRC) claims 50000×50000 pixels.
fn png_bomb_header() -> Vec<u8> {
    let mut png = png_bytes(4, 4);
    png[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn decoder_accepts_png_jpeg_and_webp() {
    let limits = DecodeLimits::default();
    let img = decode_image(&png_bytes(31, 17), &limits).expect("png");
    assert_eq!(img.dimensions(), (31, 17));
    let r = Renderer::new();
    let mut spec = TemplateSpec::new(
        TemplateType::FacebookPost,
        Background::Solid(Color::WHITE),
        "x",
    );
    for f in [
        OutputFormat::Jpeg { quality: 80 },
        OutputFormat::Webp { quality: 80 },
    ] {
        spec.output = f;
        let bytes = r.render(&spec).expect("render").bytes;
        assert_eq!(
            decode_image(&bytes, &limits).expect("decode").dimensions(),
            (1200, 630)
        );
    }
}

#[test]
fn a_png_declaring_50000_by_50000_is_refused_from_its_header_cheaply() {
    let bomb = png_bomb_header();
    let start = Instant::now();
    let err = decode_image(&bomb, &DecodeLimits::default()).expect_err("bomb");
    assert!(
        start.elapsed().as_millis() < 200,
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(err.code(), "image_too_large");
    assert_eq!(err.field(), Some("image"));
    assert!(
        matches!(
            err,
            RenderError::ImageTooLarge {
                width: 50_000,
                height: 50_000,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn pixel_and_side_limits_apply() {
    let limits = DecodeLimits {
        max_pixels: 100,
        ..DecodeLimits::default()
    };
    assert_eq!(
        code(decode_image(&png_bytes(11, 10), &limits)).0,
        "image_too_large"
    );
    assert_eq!(code(decode_image(&png_bytes(10, 10), &limits)).0, "ok");
    let limits = DecodeLimits {
        max_side: 20,
        ..DecodeLimits::default()
    };
    assert_eq!(
        code(decode_image(&png_bytes(21, 2), &limits)).0,
        "image_too_large"
    );
}

#[test]
fn corrupt_empty_oversized_and_foreign_inputs_have_distinct_codes() {
    let limits = DecodeLimits::default();
    let mut truncated = png_bytes(64, 64);
    truncated.truncate(60);
    assert_eq!(
        code(decode_image(&truncated, &limits)),
        ("corrupt_image", Some("image".into()))
    );
    let mut garbage_jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    garbage_jpeg.extend(std::iter::repeat_n(0x42, 200));
    assert_eq!(
        code(decode_image(&garbage_jpeg, &limits)).0,
        "corrupt_image"
    );
    assert_eq!(code(decode_image(b"", &limits)).0, "empty_input");
    assert_eq!(
        code(decode_image(b"hello, not an image", &limits)).0,
        "unsupported_image_format"
    );
    assert_eq!(
        code(decode_image(
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
            &limits
        ))
        .0,
        "unsupported_image_format"
    );
    let small = DecodeLimits {
        max_bytes: 10,
        ..limits
    };
    assert_eq!(
        code(decode_image(&png_bytes(8, 8), &small)).0,
        "input_too_large"
    );
}

#[test]
fn unknown_names_are_rejected() {
    assert_eq!(
        code(TemplateType::parse("tiktok_post")),
        ("unknown_template_type", Some("template_type".into()))
    );
    assert_eq!(
        code(TemplateType::parse("Instagram_Post")).0,
        "unknown_template_type"
    );
    for tt in TemplateType::ALL {
        assert_eq!(TemplateType::parse(tt.as_str()), Ok(tt));
    }
    assert_eq!(
        code(pofuai_imaging::Language::parse("fr")),
        ("unknown_value", Some("language".into()))
    );
    assert_eq!(
        code(Position::parse("middle")).1.as_deref(),
        Some("watermark.position")
    );
    assert_eq!(
        code(OutputFormat::parse("gif", None)).1.as_deref(),
        Some("output.format")
    );
    assert_eq!(
        code(pofuai_imaging::TextureKind::parse("marble"))
            .1
            .as_deref(),
        Some("background.kind")
    );
}

fn spec_with(bg: Background) -> TemplateSpec {
    TemplateSpec::new(TemplateType::InstagramPost, bg, "Başlık")
}

#[test]
fn gradients_need_two_to_five_colours() {
    let r = Renderer::new();
    let c = Color::rgb(1, 2, 3);
    for n in [0, 1, 6] {
        let linear = spec_with(Background::LinearGradient {
            angle_deg: 90.0,
            colors: vec![c; n],
        });
        assert_eq!(
            code(r.render(&linear)),
            ("gradient_color_count", Some("background.colors".into())),
            "{n}"
        );
        let radial = spec_with(Background::RadialGradient { colors: vec![c; n] });
        assert_eq!(code(r.render(&radial)).0, "gradient_color_count");
    }
    for n in 2..=5 {
        assert_eq!(
            code(r.render_rgba(&spec_with(Background::LinearGradient {
                angle_deg: 90.0,
                colors: vec![c; n]
            })))
            .0,
            "ok"
        );
    }
    let nan = spec_with(Background::LinearGradient {
        angle_deg: f32::NAN,
        colors: vec![c; 2],
    });
    assert_eq!(code(r.render(&nan)).0, "invalid_angle");
    let tex = spec_with(Background::Texture {
        kind: pofuai_imaging::TextureKind::Dots,
        colors: vec![c; 3],
        seed: 0,
    });
    assert_eq!(code(r.render(&tex)).0, "texture_color_count");
}

#[test]
fn bad_hex_colour_names_its_field() {
    assert_eq!(
        code(parse_hex_color("#12")),
        ("invalid_color", Some("color".into()))
    );
    let e =
        pofuai_imaging::parse_hex_color_field("#zzzzzz", "background.colors[1]").expect_err("bad");
    assert_eq!(e.field(), Some("background.colors[1]"));
}

#[test]
fn watermark_opacity_outside_0_to_1_is_rejected() {
    let r = Renderer::new();
    for bad in [-0.1, 1.5, f32::NAN] {
        let mut s = spec_with(Background::Solid(Color::WHITE));
        s.watermark = Watermark::Text {
            text: "@x".into(),
            position: Position::Center,
            opacity: bad,
        };
        assert_eq!(
            code(r.render(&s)),
            ("opacity_out_of_range", Some("watermark.opacity".into())),
            "{bad}"
        );
    }
    let mut s = spec_with(Background::Solid(Color::WHITE));
    s.watermark = Watermark::Logo {
        image: RgbaImage::new(0, 0),
        position: Position::Center,
        opacity: 0.5,
    };
    assert_eq!(code(r.render(&s)).0, "empty_image");
}

#[test]
fn texts_prices_and_quality_are_validated() {
    let r = Renderer::new();
    let base = spec_with(Background::Solid(Color::WHITE));
    let mut s = base.clone();
    s.texts.headline = "   ".into();
    assert_eq!(
        code(r.render(&s)),
        ("empty_text", Some("texts.headline".into()))
    );
    let mut s = base.clone();
    s.texts.headline = "x".repeat(161);
    assert_eq!(code(r.render(&s)).0, "text_too_long");
    let mut s = base.clone();
    s.texts.hashtags = vec!["a".into(); 13];
    assert_eq!(code(r.render(&s)).0, "too_many_items");
    let mut s = base.clone();
    s.price = Some(Price {
        text: "₺10".into(),
        old_text: Some("₺9".into()),
        amount_minor: Some(1000),
        old_amount_minor: Some(900),
    });
    assert_eq!(
        code(r.render(&s)),
        (
            "old_price_not_higher",
            Some("price.old_amount_minor".into())
        )
    );
    let mut s = base.clone();
    s.price = Some(Price {
        text: "₺10".into(),
        amount_minor: Some(-1),
        ..Price::default()
    });
    assert_eq!(code(r.render(&s)).0, "negative_price");
    for q in [0u8, 101] {
        let mut s = base.clone();
        s.output = OutputFormat::Jpeg { quality: q };
        assert_eq!(
            code(r.render(&s)),
            ("invalid_quality", Some("output.quality".into()))
        );
    }
}

#[test]
fn discount_percent_rounds_down_and_needs_both_amounts() {
    let p = |now, old| Price {
        text: "x".into(),
        amount_minor: Some(now),
        old_amount_minor: Some(old),
        ..Price::default()
    };
    assert_eq!(p(7500, 10000).discount_percent(), Some(25));
    // 25.73 %: a badge never promises more than the price gives.
    assert_eq!(p(129_900, 174_900).discount_percent(), Some(25));
    assert_eq!(p(9900, 10000).discount_percent(), Some(1));
    assert_eq!(p(9950, 10000).discount_percent(), None);
    assert_eq!(p(0, 10000).discount_percent(), Some(100));
    assert_eq!(p(i64::MAX - 1, i64::MAX).discount_percent(), None);
    assert_eq!(
        Price {
            text: "x".into(),
            amount_minor: Some(1),
            ..Price::default()
        }
        .discount_percent(),
        None
    );
}

#[test]
fn error_codes_are_stable_snake_case() {
    let e = RenderError::UnknownTemplateType { value: "x".into() };
    assert_eq!(e.code(), "unknown_template_type");
    assert!(e.is_client_error());
    assert!(!RenderError::EncodeFailed { detail: "x".into() }.is_client_error());
    assert!(e.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
}
