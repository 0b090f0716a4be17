//! `add_watermark_logo`: placement, opacity, scale and validation.
#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

mod edit_support;

use edit_support::{logo, photo};
use image::{Rgba, RgbaImage};
use pofuai_imaging::edit::{Position, add_watermark_logo};

fn white(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]))
}

/// Bounding box of pixels that are no longer white.
fn changed_box(img: &RgbaImage) -> (u32, u32, u32, u32) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[..3] != [255, 255, 255] {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    (x0, y0, x1, y1)
}

#[test]
fn each_position_puts_the_logo_in_its_place_with_a_margin() {
    let cases = [
        (Position::TopLeft, (true, true)),
        (Position::TopRight, (false, true)),
        (Position::BottomLeft, (true, false)),
        (Position::BottomRight, (false, false)),
    ];
    for (pos, (left, top)) in cases {
        let mut img = white(400, 200);
        add_watermark_logo(&mut img, &logo(64), pos, 1.0, 0.2).unwrap();
        let (x0, y0, x1, y1) = changed_box(&img);
        assert!(
            x1 - x0 <= 80 && x1 - x0 >= 70,
            "{pos:?}: logo width is 20 % of 400"
        );
        assert_eq!(x0 < 200, left, "{pos:?}");
        assert_eq!(y0 < 100, top, "{pos:?}");
        assert!(
            x0 >= 5 && y0 >= 5 && x1 <= 394 && y1 <= 194,
            "{pos:?}: 3 % margin"
        );
    }
    let mut img = white(400, 200);
    add_watermark_logo(&mut img, &logo(64), Position::Center, 1.0, 0.2).unwrap();
    let (x0, y0, x1, y1) = changed_box(&img);
    assert!(((x0 + x1) as i32 - 400).abs() <= 3 && ((y0 + y1) as i32 - 200).abs() <= 3);
}

#[test]
fn opacity_blends_the_logo() {
    let mut full = white(200, 200);
    let mut half = white(200, 200);
    add_watermark_logo(&mut full, &logo(64), Position::Center, 1.0, 0.5).unwrap();
    add_watermark_logo(&mut half, &logo(64), Position::Center, 0.5, 0.5).unwrap();
    let (f, h) = (full.get_pixel(100, 100).0, half.get_pixel(100, 100).0);
    assert_eq!(&f[..3], &[30, 80, 200]);
    assert!(h[0].abs_diff(142) <= 2 && h[2].abs_diff(227) <= 2, "{h:?}");
    let mut none = white(200, 200);
    add_watermark_logo(&mut none, &logo(64), Position::Center, 0.0, 0.5).unwrap();
    assert_eq!(none, white(200, 200));
}

#[test]
fn logo_on_a_transparent_image_stays_visible() {
    let mut img = RgbaImage::new(100, 100);
    add_watermark_logo(&mut img, &logo(64), Position::Center, 0.5, 0.5).unwrap();
    let p = img.get_pixel(50, 50).0;
    assert_eq!(&p[..3], &[30, 80, 200]);
    assert!(p[3].abs_diff(128) <= 1);
}

#[test]
fn a_logo_taller_than_the_image_is_shrunk_to_fit() {
    let mut img = photo("coffee.png"); // 240 × 160
    let tall = RgbaImage::from_pixel(50, 500, Rgba([0, 0, 0, 255]));
    add_watermark_logo(&mut img, &tall, Position::TopLeft, 1.0, 1.0).unwrap();
    assert_eq!(img.dimensions(), (240, 160));
}

#[test]
fn bad_parameters_are_rejected_with_the_field_named() {
    let mut img = white(50, 50);
    let err = add_watermark_logo(&mut img, &logo(8), Position::Center, 1.5, 0.2).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("out_of_range", "add_watermark_logo.opacity")
    );
    let err = add_watermark_logo(&mut img, &logo(8), Position::Center, 1.0, 0.0).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("out_of_range", "add_watermark_logo.scale")
    );
    let err = add_watermark_logo(&mut img, &RgbaImage::new(0, 0), Position::Center, 1.0, 0.2)
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("empty_image", "add_watermark_logo.logo")
    );
    let err = Position::parse("middle").unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("unknown_value", "add_watermark_logo.position")
    );
    assert_eq!(Position::parse("bottom_right"), Ok(Position::BottomRight));
}
