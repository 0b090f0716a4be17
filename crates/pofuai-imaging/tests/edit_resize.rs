//! `resize` with contain / cover / fill / inside, and its bounds.
#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

mod edit_support;

use edit_support::photo;
use pofuai_imaging::edit::{Fit, MAX_SIDE, resize};

#[test]
fn each_fit_gives_the_documented_size() {
    let img = photo("coffee.png"); // 240 × 160
    let size = |fit| resize(&img, 100, 100, fit).unwrap().dimensions();
    assert_eq!(size(Fit::Contain), (100, 100));
    assert_eq!(size(Fit::Cover), (100, 100));
    assert_eq!(size(Fit::Fill), (100, 100));
    assert_eq!(size(Fit::Inside), (100, 67));
    assert_eq!(
        resize(&img, 480, 1000, Fit::Inside).unwrap().dimensions(),
        (480, 320)
    );
}

#[test]
fn contain_pads_with_transparent_pixels_and_cover_has_none() {
    let img = photo("coffee.png");
    let contained = resize(&img, 100, 100, Fit::Contain).unwrap();
    assert_eq!(contained.get_pixel(50, 2).0[3], 0, "letterbox above");
    assert_eq!(contained.get_pixel(50, 97).0[3], 0, "letterbox below");
    assert_eq!(contained.get_pixel(50, 50).0[3], 255);
    let covered = resize(&img, 100, 100, Fit::Cover).unwrap();
    assert!(covered.pixels().all(|p| p.0[3] == 255));
}

#[test]
fn cover_crops_the_centre_rather_than_squashing() {
    // Left third red, middle third green, right third blue.
    let img = image::RgbaImage::from_fn(300, 100, |x, _| match x / 100 {
        0 => image::Rgba([255, 0, 0, 255]),
        1 => image::Rgba([0, 255, 0, 255]),
        _ => image::Rgba([0, 0, 255, 255]),
    });
    let out = resize(&img, 50, 50, Fit::Cover).unwrap();
    assert!(
        out.pixels()
            .all(|p| p.0[1] > 200 && p.0[0] < 40 && p.0[2] < 40)
    );
    let filled = resize(&img, 30, 30, Fit::Fill).unwrap();
    assert!(filled.get_pixel(2, 15).0[0] > 200 && filled.get_pixel(27, 15).0[2] > 200);
}

#[test]
fn sizes_outside_one_to_8000_are_rejected_with_the_field_named() {
    let img = photo("coffee.png");
    let err = resize(&img, 0, 100, Fit::Fill).unwrap_err();
    assert_eq!((err.code(), err.field()), ("out_of_range", "resize.width"));
    let err = resize(&img, 100, MAX_SIDE + 1, Fit::Fill).unwrap_err();
    assert_eq!((err.code(), err.field()), ("out_of_range", "resize.height"));
    let err = resize(&image::RgbaImage::new(0, 10), 10, 10, Fit::Fill).unwrap_err();
    assert_eq!((err.code(), err.field()), ("empty_image", "resize.image"));
    assert!(resize(&img, 1, 1, Fit::Cover).is_ok());
}

#[test]
fn fit_names_parse_and_unknown_ones_are_rejected() {
    for fit in [Fit::Contain, Fit::Cover, Fit::Fill, Fit::Inside] {
        assert_eq!(Fit::parse(fit.name()), Ok(fit));
    }
    let err = Fit::parse("stretch").unwrap_err();
    assert_eq!((err.code(), err.field()), ("unknown_value", "resize.fit"));
}
