//! Golden images for every edit operation (`tests/golden/edit/`, tolerance in
//! `edit_support::golden`). `POFUAI_BLESS=1 cargo test -p pofuai-imaging --test edit_golden`
//! regenerates them; look at the PNGs before committing.

mod edit_support;

use edit_support::golden::check;
use edit_support::{logo, photo};
use image::RgbaImage;
use pofuai_imaging::edit::{
    Filter, Fit, Position, add_watermark_logo, apply_filter, enhance_quality, remove_background,
    resize,
};

fn small(name: &str) -> RgbaImage {
    resize(&photo(name), 120, 80, Fit::Cover).expect("valid size")
}

#[test]
fn golden_enhance_quality() {
    let mut dark = small("coffee.png");
    for p in dark.pixels_mut() {
        for c in 0..3 {
            p.0[c] = (10.0 + f32::from(p.0[c]) * 0.32).round() as u8;
        }
    }
    check("enhance_underexposed_input", &dark);
    check("enhance_underexposed", &enhance_quality(&dark));
    check("enhance_chelsea", &enhance_quality(&small("chelsea.png")));
}

#[test]
fn golden_remove_background() {
    let dir = edit_support::cutout::dataset_dir();
    for name in ["orange_sky", "cherries_moon"] {
        let img = image::open(dir.join(format!("{name}.jpg")))
            .expect("case decodes")
            .to_rgba8();
        let img = resize(&img, 160, 160, Fit::Fill).expect("valid size");
        check(&format!("cutout_{name}"), &remove_background(&img));
    }
}

#[test]
fn golden_resize() {
    let img = photo("coffee.png");
    for fit in [Fit::Contain, Fit::Cover, Fit::Fill, Fit::Inside] {
        check(
            &format!("resize_{}", fit.name()),
            &resize(&img, 90, 90, fit).expect("valid"),
        );
    }
}

#[test]
fn golden_filters() {
    let img = small("chelsea.png");
    for f in Filter::ALL {
        let out = apply_filter(&img, f, 0.8).expect("valid strength");
        check(&format!("filter_{}", f.name()), &out);
    }
}

#[test]
fn golden_watermark_logo() {
    let mut img = small("coffee.png");
    add_watermark_logo(&mut img, &logo(64), Position::BottomRight, 0.7, 0.25).expect("valid");
    add_watermark_logo(&mut img, &logo(32), Position::TopLeft, 1.0, 0.1).expect("valid");
    check("watermark_logo", &img);
}
