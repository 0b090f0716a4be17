//! Golden images: renders compared with committed quarter-size references under `tests/golden/`.
//!
//! Regenerate after an intended visual change with
//! `POFUAI_BLESS=1 cargo test -p pofuai-imaging --test golden`, then look at the PNGs.

mod common;

use std::path::PathBuf;

use image::{RgbaImage, imageops};
use pofuai_imaging::{
    Background, Color, Language, Position, Renderer, TemplateSpec, TemplateType, TextureKind,
    Watermark,
};

/// Mean absolute difference per channel (0–255) above which a render counts as changed.
const MAX_MEAN_ABS_DIFF: f64 = 1.0;
/// Share of pixels allowed to differ by more than 48 in some channel.
const MAX_OUTLIER_SHARE: f64 = 0.0005;

fn cases() -> Vec<(&'static str, TemplateSpec)> {
    let mut story = common::full_spec(
        TemplateType::InstagramStory,
        Language::Ar,
        Background::RadialGradient {
            colors: vec![
                Color::rgb(0xFF, 0xD1, 0x66),
                Color::rgb(0xEF, 0x47, 0x6F),
                Color::rgb(0x26, 0x15, 0x4D),
            ],
        },
    );
    story.watermark = Watermark::Text {
        text: "@متجر".into(),
        position: Position::BottomLeft,
        opacity: 0.8,
    };
    let twitter = common::full_spec(
        TemplateType::TwitterPost,
        Language::De,
        Background::Texture {
            kind: TextureKind::Linen,
            colors: vec![Color::rgb(0xD9, 0xCF, 0xC1)],
            seed: 42,
        },
    );
    let mut facebook = common::full_spec(
        TemplateType::FacebookPost,
        Language::En,
        Background::Solid(Color::rgb(0x1F, 0x29, 0x37)),
    );
    facebook.product_image = Some(common::product_photo());
    facebook.watermark = Watermark::Logo {
        image: common::product_cutout(),
        position: Position::TopRight,
        opacity: 0.6,
    };
    let mut long = common::full_spec(
        TemplateType::WhatsappStatus,
        Language::Tr,
        Background::Texture {
            kind: TextureKind::Dots,
            colors: vec![Color::rgb(0x0F, 0x17, 0x2A), Color::rgb(0x33, 0x41, 0x55)],
            seed: 9,
        },
    );
    long.texts.headline = common::LONG_NAME.into();
    // A right-to-left story whose lines start with a brand and mix Latin words and numbers.
    let mut mixed = common::full_spec(
        TemplateType::InstagramStory,
        Language::Ar,
        Background::LinearGradient {
            angle_deg: 160.0,
            colors: vec![Color::rgb(0x1B, 0x26, 0x3B), Color::rgb(0x41, 0x5A, 0x77)],
        },
    );
    mixed.texts.headline = "Anadolu Ev قهوة تركية 6+ فناجين".into();
    mixed.texts.body = Some("خصم %25 على Bakır Cezve من Anadolu Ev، وخصم إضافي 5%!".into());
    // The seller's long text on a square post: the text area grows before anything is cut.
    let mut seller_text = common::example_spec();
    seller_text.texts.body = Some(common::LONG_BODY.into());
    // A photo the cut-out cannot trust (a navy box on a navy sweep, a held-out case it fails
    // on): the template shows it uncut on a card instead of a destroyed product.
    let mut card = common::example_spec();
    let navy = image::open(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/cutout/holdout_tone_box_navy.jpg"),
    )
    .expect("evaluation image decodes")
    .to_rgba8();
    let photo = pofuai_imaging::edit::cutout_for_template(&navy);
    assert!(photo.low_confidence, "confidence {}", photo.confidence);
    card.product_image = Some(photo.image);
    vec![
        ("instagram_post_tr_low_confidence_card", card),
        ("instagram_post_tr_gradient", common::example_spec()),
        ("instagram_story_ar_radial", story),
        ("twitter_post_de_linen", twitter),
        ("facebook_post_en_solid_photo_logo", facebook),
        ("whatsapp_status_tr_dots_long_name", long),
        ("instagram_story_ar_mixed_direction", mixed),
        ("instagram_post_tr_long_seller_text", seller_text),
    ]
}

fn quarter(img: &RgbaImage) -> RgbaImage {
    imageops::resize(
        img,
        img.width() / 4,
        img.height() / 4,
        imageops::FilterType::Triangle,
    )
}

fn compare(actual: &RgbaImage, expected: &RgbaImage) -> (f64, f64) {
    let mut sum = 0u64;
    let mut outliers = 0usize;
    for (a, e) in actual.pixels().zip(expected.pixels()) {
        let mut worst = 0u8;
        for c in 0..3 {
            let d = a.0[c].abs_diff(e.0[c]);
            sum += u64::from(d);
            worst = worst.max(d);
        }
        if worst > 48 {
            outliers += 1;
        }
    }
    let n = f64::from(actual.width() * actual.height());
    (sum as f64 / (n * 3.0), outliers as f64 / n)
}

#[test]
fn renders_match_the_golden_images() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("POFUAI_BLESS").is_some_and(|v| v == "1");
    let renderer = Renderer::new();
    let mut failures = Vec::new();
    for (name, spec) in cases() {
        let (img, _) = renderer.render_rgba(&spec).expect(name);
        let small = quarter(&img);
        let path = dir.join(format!("{name}.png"));
        if bless {
            std::fs::create_dir_all(&dir).expect("golden dir");
            small.save(&path).expect("write golden");
            continue;
        }
        let Ok(expected) = image::open(&path) else {
            failures.push(format!(
                "{name}: no golden image at {} (run with POFUAI_BLESS=1)",
                path.display()
            ));
            continue;
        };
        let expected = expected.into_rgba8();
        if expected.dimensions() != small.dimensions() {
            failures.push(format!(
                "{name}: size {:?} != golden {:?}",
                small.dimensions(),
                expected.dimensions()
            ));
            continue;
        }
        let (mad, outliers) = compare(&small, &expected);
        if mad > MAX_MEAN_ABS_DIFF || outliers > MAX_OUTLIER_SHARE {
            let actual_path = std::env::temp_dir().join(format!("{name}.actual.png"));
            let _ = small.save(&actual_path);
            failures.push(format!(
                "{name}: mean abs diff {mad:.3}, outliers {:.3}% (actual saved to {})",
                outliers * 100.0,
                actual_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_comparison_notices_a_small_change() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/instagram_post_tr_gradient.png");
    let Ok(expected) = image::open(&path) else {
        return; // not blessed yet
    };
    let mut spec = common::example_spec();
    spec.watermark = Watermark::Text {
        text: "@baskamagaza".into(),
        position: Position::TopRight,
        opacity: 0.8,
    };
    let (img, _) = Renderer::new().render_rgba(&spec).expect("renders");
    let (mad, outliers) = compare(&quarter(&img), &expected.into_rgba8());
    assert!(
        mad > MAX_MEAN_ABS_DIFF || outliers > MAX_OUTLIER_SHARE,
        "a changed watermark went unnoticed: mad {mad}, outliers {outliers}"
    );
}
