//! Behaviour of full renders: sizes, backgrounds, languages, fitting, safe zones, determinism.

mod common;

use std::sync::Arc;

use pofuai_imaging::{
    Background, Color, DecodeLimits, Language, Layout, OutputFormat, ReadabilityFix, Rect,
    Renderer, TemplateType, TextRole, TextureKind, Watermark, decode_image,
};

fn gradient() -> Background {
    Background::LinearGradient {
        angle_deg: 135.0,
        colors: vec![Color::rgb(0xFF, 0x6B, 0x6B), Color::rgb(0x4E, 0xCD, 0xC4)],
    }
}

/// Every drawn glyph inside its frame, every block inside the safe area and the canvas,
/// and no two text blocks overlapping (the discount badge may sit on the product).
fn assert_well_laid_out(layout: &Layout, what: &str) {
    let canvas = Rect::new(0.0, 0.0, layout.width as f32, layout.height as f32);
    assert!(canvas.contains(&layout.safe_area), "{what}: safe area");
    assert!(
        layout.safe_area.contains(&layout.content),
        "{what}: content"
    );
    if let Some(p) = layout.product {
        assert!(
            layout.content.contains(&p),
            "{what}: product {p:?} outside {:?}",
            layout.content
        );
    }
    for b in &layout.blocks {
        assert!(
            b.frame.contains(&b.ink),
            "{what}: {:?} ink {:?} outside frame {:?}",
            b.role,
            b.ink,
            b.frame
        );
        assert!(
            layout.safe_area.contains(&b.ink),
            "{what}: {:?} ink {:?} outside safe area",
            b.role,
            b.ink
        );
        assert!(
            b.ink.width > 0.0 && b.ink.height > 0.0,
            "{what}: {:?} empty",
            b.role
        );
        if !matches!(b.role, TextRole::Watermark | TextRole::PofuAiMark) {
            assert!(
                layout.content.contains(&b.ink),
                "{what}: {:?} outside content",
                b.role
            );
        }
    }
    for (i, a) in layout.blocks.iter().enumerate() {
        for b in &layout.blocks[i + 1..] {
            assert!(
                !a.ink.intersects(&b.ink),
                "{what}: {:?} overlaps {:?}",
                a.role,
                b.role
            );
        }
        if let Some(p) = layout.product
            && a.role != TextRole::Discount
        {
            assert!(
                !a.ink.intersects(&p),
                "{what}: {:?} overlaps the product",
                a.role
            );
        }
    }
}

#[test]
fn every_platform_renders_at_its_size_with_everything_inside() {
    let r = Renderer::new();
    let expected = [
        (TemplateType::InstagramPost, 1080, 1080),
        (TemplateType::InstagramStory, 1080, 1920),
        (TemplateType::FacebookPost, 1200, 630),
        (TemplateType::TwitterPost, 1600, 900),
        (TemplateType::LinkedinPost, 1200, 627),
        (TemplateType::TelegramPost, 1280, 720),
        (TemplateType::WhatsappStatus, 1080, 1920),
    ];
    for (tt, w, h) in expected {
        let spec = common::full_spec(tt, Language::Tr, gradient());
        let out = r
            .render(&spec)
            .unwrap_or_else(|e| panic!("{}: {e}", tt.as_str()));
        assert_eq!((out.width, out.height), (w, h), "{}", tt.as_str());
        let img = decode_image(&out.bytes, &DecodeLimits::default()).expect("decodes");
        assert_eq!(img.dimensions(), (w, h));
        assert_well_laid_out(&out.layout, tt.as_str());
        for role in [
            TextRole::Headline,
            TextRole::Body,
            TextRole::Price,
            TextRole::OldPrice,
            TextRole::Discount,
            TextRole::CallToAction,
            TextRole::Hashtags,
            TextRole::Watermark,
            TextRole::PofuAiMark,
        ] {
            assert!(
                out.layout.block(role).is_some(),
                "{}: {role:?} missing",
                tt.as_str()
            );
        }
        assert!(out.layout.product.is_some());
    }
}

#[test]
fn stories_and_status_keep_text_out_of_the_top_and_bottom_250_px() {
    let r = Renderer::new();
    for tt in [TemplateType::InstagramStory, TemplateType::WhatsappStatus] {
        for pos in [
            pofuai_imaging::Position::TopLeft,
            pofuai_imaging::Position::BottomRight,
        ] {
            let mut spec = common::full_spec(tt, Language::En, gradient());
            spec.watermark = Watermark::Text {
                text: "@shop".into(),
                position: pos,
                opacity: 1.0,
            };
            let (_, layout) = r.render_rgba(&spec).expect("renders");
            assert_eq!(layout.safe_area, Rect::new(0.0, 250.0, 1080.0, 1420.0));
            for b in &layout.blocks {
                assert!(
                    b.ink.y >= 250.0 && b.ink.bottom() <= 1670.0,
                    "{:?} at {:?}",
                    b.role,
                    b.ink
                );
            }
        }
    }
}

#[test]
fn each_background_style_renders_and_differs() {
    let r = Renderer::new();
    let bgs = vec![
        Background::Solid(Color::rgb(0xF5, 0xF0, 0xE8)),
        gradient(),
        Background::RadialGradient {
            colors: vec![
                Color::rgb(255, 209, 102),
                Color::rgb(239, 71, 111),
                Color::rgb(38, 21, 77),
            ],
        },
        Background::Texture {
            kind: TextureKind::Noise,
            colors: vec![Color::rgb(27, 77, 62)],
            seed: 1,
        },
        Background::Texture {
            kind: TextureKind::Paper,
            colors: vec![Color::rgb(243, 236, 220)],
            seed: 1,
        },
        Background::Texture {
            kind: TextureKind::Linen,
            colors: vec![Color::rgb(217, 207, 193)],
            seed: 1,
        },
        Background::Texture {
            kind: TextureKind::Dots,
            colors: vec![Color::rgb(15, 23, 42), Color::rgb(51, 65, 85)],
            seed: 1,
        },
        Background::Texture {
            kind: TextureKind::Stripes,
            colors: vec![Color::WHITE, Color::rgb(17, 17, 17)],
            seed: 1,
        },
    ];
    let mut corners = Vec::new();
    for bg in bgs {
        let spec = common::full_spec(TemplateType::InstagramPost, Language::En, bg.clone());
        let (img, layout) = r.render_rgba(&spec).expect("renders");
        assert_well_laid_out(&layout, &format!("{bg:?}"));
        // Sample a patch of background (top-left, away from text).
        let patch: Vec<u8> = (0..40)
            .flat_map(|i| img.get_pixel(5 + i, 5 + i / 2).0)
            .collect();
        corners.push(patch);
        // Every block readable after fixes.
        for b in &layout.blocks {
            assert!(
                b.contrast >= 3.0,
                "{bg:?}: {:?} contrast {}",
                b.role,
                b.contrast
            );
        }
    }
    for i in 0..corners.len() {
        for j in i + 1..corners.len() {
            assert_ne!(
                corners[i], corners[j],
                "backgrounds {i} and {j} look the same"
            );
        }
    }
}

#[test]
fn texture_seed_changes_the_texture_and_is_reproducible() {
    let r = Renderer::new();
    let spec = |seed| {
        common::full_spec(
            TemplateType::FacebookPost,
            Language::En,
            Background::Texture {
                kind: TextureKind::Noise,
                colors: vec![Color::rgb(40, 60, 90)],
                seed,
            },
        )
    };
    let a = r.render_rgba(&spec(1)).expect("a").0;
    let b = r.render_rgba(&spec(1)).expect("b").0;
    let c = r.render_rgba(&spec(2)).expect("c").0;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn tr_en_de_ar_texts_render_inside_their_boxes() {
    let r = Renderer::new();
    for lang in [Language::Tr, Language::En, Language::De, Language::Ar] {
        for tt in [
            TemplateType::InstagramPost,
            TemplateType::TwitterPost,
            TemplateType::InstagramStory,
        ] {
            let spec = common::full_spec(tt, lang, gradient());
            let (_, layout) = r.render_rgba(&spec).expect("renders");
            assert_well_laid_out(&layout, &format!("{lang:?} {}", tt.as_str()));
            for b in &layout.blocks {
                assert_eq!(
                    b.missing_glyphs,
                    0,
                    "{lang:?} {}: {:?} has missing glyphs",
                    tt.as_str(),
                    b.role
                );
            }
            let h = layout.block(TextRole::Headline).expect("headline");
            assert!(!h.truncated, "{lang:?}: headline truncated");
            assert!(
                h.font_size >= 30.0 * 0.58,
                "{lang:?}: headline tiny {}",
                h.font_size
            );
        }
    }
}

#[test]
fn arabic_layout_is_mirrored() {
    let r = Renderer::new();
    let spec = common::full_spec(TemplateType::TwitterPost, Language::Ar, gradient());
    let (_, ar) = r.render_rgba(&spec).expect("ar");
    let spec = common::full_spec(TemplateType::TwitterPost, Language::En, gradient());
    let (_, en) = r.render_rgba(&spec).expect("en");
    let (ar_p, en_p) = (ar.product.expect("p"), en.product.expect("p"));
    assert!(en_p.x > 800.0, "LTR product on the right: {en_p:?}");
    let ar_head = ar.block(TextRole::Headline).expect("h").ink;
    let en_head = en.block(TextRole::Headline).expect("h").ink;
    assert!(ar_head.x > 800.0, "RTL headline on the right: {ar_head:?}");
    assert!(en_head.x < 800.0);
    assert!(ar_p.right() < 800.0, "RTL product on the left: {ar_p:?}");
    assert_eq!(ar_p.width, en_p.width);
}

#[test]
fn a_120_character_product_name_fits_on_every_platform() {
    assert_eq!(common::LONG_NAME.chars().count(), 120);
    let r = Renderer::new();
    for tt in TemplateType::ALL {
        for lang in [Language::Tr, Language::Ar] {
            let mut spec = common::full_spec(tt, lang, gradient());
            spec.texts.headline = common::LONG_NAME.into();
            let (_, layout) = r.render_rgba(&spec).expect("renders");
            assert_well_laid_out(&layout, tt.as_str());
            let h = layout.block(TextRole::Headline).expect("headline");
            assert!(
                !h.truncated,
                "{}: 120-char headline was truncated",
                tt.as_str()
            );
            assert!(
                h.lines >= 2,
                "{}: expected wrapping, got {} line(s)",
                tt.as_str(),
                h.lines
            );
        }
    }
}

#[test]
fn overlong_text_in_a_tiny_box_is_truncated_not_clipped() {
    let r = Renderer::new();
    let mut spec = common::full_spec(TemplateType::LinkedinPost, Language::De, gradient());
    spec.texts.body = Some("Donaudampfschifffahrtsgesellschaftskapitän ".repeat(9));
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    assert_well_laid_out(&layout, "long body");
    let body = layout.block(TextRole::Body).expect("body");
    assert!(body.font_size >= 14.0, "{body:?}");
}

#[test]
fn low_contrast_is_fixed_with_halo_or_panel() {
    let r = Renderer::new();
    // Hard black/white stripes: whatever the ink, half the backdrop fights it.
    let spec = common::full_spec(
        TemplateType::InstagramPost,
        Language::En,
        Background::Texture {
            kind: TextureKind::Stripes,
            colors: vec![Color::WHITE, Color::BLACK],
            seed: 3,
        },
    );
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    let h = layout.block(TextRole::Headline).expect("headline");
    assert!(
        h.contrast_before < 3.0,
        "stripes should fight the text: {}",
        h.contrast_before
    );
    assert_eq!(h.fix, ReadabilityFix::Halo);
    assert!(h.contrast >= 3.0);
    // A mid-tone flat backdrop that neither white nor dark ink clears at 4.5 for small text.
    let spec = common::full_spec(
        TemplateType::FacebookPost,
        Language::En,
        Background::Solid(Color::rgb(0x80, 0x80, 0x80)),
    );
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    for b in &layout.blocks {
        assert!(b.contrast >= 3.0, "{:?}: {}", b.role, b.contrast);
        if b.contrast_before < 3.0 {
            assert!(
                matches!(b.fix, ReadabilityFix::Panel { .. } | ReadabilityFix::Halo),
                "{:?}",
                b.role
            );
        }
    }
}

#[test]
fn discount_badge_rounds_down() {
    let r = Renderer::new();
    let spec = common::example_spec();
    // 1.749 → 1.299 is 25.73 % off: the badge says 25, never 26.
    assert_eq!(
        spec.price.as_ref().and_then(|p| p.discount_percent()),
        Some(25)
    );
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    let badge = layout.block(TextRole::Discount).expect("badge");
    let product = layout.product.expect("product");
    assert!(
        product.contains(&badge.ink),
        "badge sits on the product corner"
    );
}

#[test]
fn without_product_or_optional_texts_it_still_lays_out() {
    let r = Renderer::new();
    for tt in TemplateType::ALL {
        let spec = pofuai_imaging::TemplateSpec::new(tt, gradient(), "Yalnızca başlık");
        let (_, layout) = r.render_rgba(&spec).expect("renders");
        assert_well_laid_out(&layout, tt.as_str());
        assert_eq!(layout.blocks.len(), 1);
        let mut spec = common::full_spec(tt, Language::Tr, gradient());
        spec.product_image = None;
        let (_, layout) = r.render_rgba(&spec).expect("renders");
        assert_well_laid_out(&layout, tt.as_str());
        assert!(
            layout.block(TextRole::Discount).is_some(),
            "badge moves into the price row"
        );
    }
}

#[test]
fn photo_and_logo_watermark_render() {
    let r = Renderer::new();
    let mut spec = common::full_spec(TemplateType::TelegramPost, Language::En, gradient());
    spec.product_image = Some(common::product_photo());
    spec.watermark = Watermark::Logo {
        image: common::product_cutout(),
        position: pofuai_imaging::Position::BottomRight,
        opacity: 0.5,
    };
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    assert_well_laid_out(&layout, "photo + logo");
    let mark = layout.block(TextRole::PofuAiMark).expect("mark");
    assert!(
        mark.ink.x < 640.0,
        "mark moves to the bottom left when the logo takes bottom right"
    );
}

#[test]
fn same_spec_renders_identical_bytes_in_every_format_across_renderers_and_threads() {
    let spec = Arc::new(common::example_spec());
    for format in [
        OutputFormat::Png,
        OutputFormat::Jpeg { quality: 85 },
        OutputFormat::Webp { quality: 80 },
    ] {
        let mut s = (*spec).clone();
        s.output = format;
        let a = Renderer::new().render(&s).expect("a");
        let b = pofuai_imaging::render(&s).expect("b");
        assert_eq!(a.bytes, b.bytes, "{format:?}");
        assert_eq!(a.mime, format.mime());
        assert!(!a.bytes.is_empty());
    }
    let shared = Arc::new(Renderer::new());
    let reference = shared.render(&spec).expect("ref").bytes;
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (r, s) = (Arc::clone(&shared), Arc::clone(&spec));
            std::thread::spawn(move || r.render(&s).map(|o| o.bytes))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread").expect("render"), reference);
    }
}

#[test]
fn encoded_formats_have_the_right_magic() {
    let r = Renderer::new();
    let mut spec = common::example_spec();
    spec.output = OutputFormat::Jpeg { quality: 80 };
    assert!(
        r.render(&spec)
            .expect("jpeg")
            .bytes
            .starts_with(&[0xFF, 0xD8, 0xFF])
    );
    spec.output = OutputFormat::Webp { quality: 80 };
    let webp = r.render(&spec).expect("webp").bytes;
    assert!(webp.starts_with(b"RIFF") && &webp[8..12] == b"WEBP");
    let img = decode_image(&webp, &DecodeLimits::default()).expect("our own webp decodes");
    assert_eq!(img.dimensions(), (1080, 1080));
    spec.output = OutputFormat::Png;
    assert!(r.render(&spec).expect("png").bytes.starts_with(b"\x89PNG"));
}

#[test]
fn characters_outside_the_bundled_fonts_are_reported() {
    let r = Renderer::new();
    let mut spec = common::full_spec(TemplateType::InstagramPost, Language::En, gradient());
    spec.texts.headline = "Kaffee 咖啡".into();
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    assert_eq!(
        layout
            .block(TextRole::Headline)
            .expect("headline")
            .missing_glyphs,
        2
    );
}

#[test]
fn a_long_seller_text_grows_its_area_before_anything_is_cut() {
    assert!(common::LONG_BODY.chars().count() >= 380);
    let r = Renderer::new();
    for tt in TemplateType::ALL {
        let mut spec = common::full_spec(tt, Language::Tr, gradient());
        spec.texts.body = Some(common::LONG_BODY.into());
        let (_, layout) = r.render_rgba(&spec).expect("renders");
        assert_well_laid_out(&layout, tt.as_str());
        let body = layout.block(TextRole::Body).expect("body");
        assert!(
            !body.truncated,
            "{}: seller text cut while space was free",
            tt.as_str()
        );
        // The product gives up room, but stays a real part of the design.
        let product = layout.product.expect("product");
        let share = product.height / layout.content.height;
        assert!(
            share >= 0.25 || tt.size().0 > tt.size().1,
            "{}: product squeezed to {share:.2}",
            tt.as_str()
        );
    }
}

#[test]
fn the_old_price_stays_legible_on_dark_backgrounds() {
    let r = Renderer::new();
    let darks = [
        Background::Solid(Color::rgb(0x11, 0x18, 0x27)),
        Background::Solid(Color::rgb(0x3A, 0x2E, 0x2A)),
        Background::Texture {
            kind: TextureKind::Dots,
            colors: vec![Color::rgb(0x0F, 0x17, 0x2A), Color::rgb(0x33, 0x41, 0x55)],
            seed: 9,
        },
        Background::LinearGradient {
            angle_deg: 90.0,
            colors: vec![Color::rgb(0x00, 0x00, 0x00), Color::rgb(0x55, 0x44, 0x99)],
        },
    ];
    for bg in darks {
        for tt in [TemplateType::InstagramPost, TemplateType::TwitterPost] {
            let spec = common::full_spec(tt, Language::Tr, bg.clone());
            let (_, layout) = r.render_rgba(&spec).expect("renders");
            let old = layout.block(TextRole::OldPrice).expect("old price drawn");
            assert!(
                old.contrast >= 4.5,
                "{} on {bg:?}: old price contrast {:.2}",
                tt.as_str(),
                old.contrast
            );
        }
    }
}

#[test]
fn a_cutout_is_laid_out_by_its_visible_pixels() {
    // The product in the middle of a wide transparent margin, as a cut-out usually comes.
    let cut = common::product_cutout();
    let mut padded = image::RgbaImage::new(1800, 1800);
    image::imageops::overlay(&mut padded, &cut, 640, 580);
    let r = Renderer::new();
    let mut spec = common::example_spec();
    spec.product_image = Some(padded);
    let (_, layout) = r.render_rgba(&spec).expect("renders");
    let p = layout.product.expect("product drawn");
    let side = layout.width.min(layout.height) as f32;
    let share = p.width.max(p.height) / side;
    // A designer fills about 45–60 % of a square post with the product.
    assert!(
        (0.45..=0.62).contains(&share),
        "product spans {share:.2} of the post"
    );
    // The drawn rectangle keeps the product's proportions (no margin left in it).
    let ratio = p.width / p.height;
    let visible: Vec<(u32, u32)> = cut
        .enumerate_pixels()
        .filter(|(_, _, px)| px.0[3] >= 16)
        .map(|(x, y, _)| (x, y))
        .collect();
    let span = |f: fn(&(u32, u32)) -> u32| {
        let v: Vec<u32> = visible.iter().map(f).collect();
        (v.iter().max().unwrap() - v.iter().min().unwrap() + 1) as f32
    };
    let expected = span(|q| q.0) / span(|q| q.1);
    assert!((ratio - expected).abs() < 0.03, "{ratio} vs {expected}");
    // The discount badge sits on the product's corner, not in empty space.
    let badge = layout
        .blocks
        .iter()
        .find(|b| b.role == TextRole::Discount)
        .expect("discount badge");
    assert!(
        badge.frame.intersects(&p),
        "badge {:?} product {p:?}",
        badge.frame
    );
}
