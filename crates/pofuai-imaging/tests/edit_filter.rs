//! `apply_filter` and `Filter::parse`.
#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

mod edit_support;

use edit_support::{mean_abs_diff, photo};
use image::RgbaImage;
use pofuai_imaging::edit::{Filter, apply_filter};

fn mean_channel(img: &RgbaImage, c: usize) -> f64 {
    img.pixels().map(|p| f64::from(p.0[c])).sum::<f64>() / f64::from(img.width() * img.height())
}

/// Mean absolute difference between horizontal neighbours: a measure of fine detail.
fn detail(img: &RgbaImage) -> f64 {
    let mut sum = 0.0;
    for y in 0..img.height() {
        for x in 1..img.width() {
            sum += f64::from(img.get_pixel(x, y).0[1].abs_diff(img.get_pixel(x - 1, y).0[1]));
        }
    }
    sum / f64::from((img.width() - 1) * img.height())
}

#[test]
fn every_filter_name_round_trips_and_unknown_names_are_rejected() {
    for f in Filter::ALL {
        assert_eq!(Filter::parse(f.name()), Ok(f));
    }
    let err = Filter::parse("posterize").unwrap_err();
    assert_eq!(err.code(), "unknown_value");
    assert_eq!(err.field(), "apply_filter.name");
    assert!(Filter::parse("Sepia").is_err(), "names are case-sensitive");
}

#[test]
fn strength_outside_zero_to_one_is_rejected_with_the_field_named() {
    let img = photo("coffee.png");
    for bad in [-0.1, 1.01, f32::NAN, f32::INFINITY] {
        let err = apply_filter(&img, Filter::Sepia, bad).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("out_of_range", "apply_filter.strength")
        );
    }
}

#[test]
fn zero_strength_is_the_identity_for_every_filter() {
    let img = photo("chelsea.png");
    for f in Filter::ALL {
        assert_eq!(apply_filter(&img, f, 0.0).unwrap(), img, "{}", f.name());
    }
}

#[test]
fn full_grayscale_has_equal_channels() {
    let out = apply_filter(&photo("coffee.png"), Filter::Grayscale, 1.0).unwrap();
    assert!(
        out.pixels()
            .all(|p| p.0[0].abs_diff(p.0[1]) <= 1 && p.0[1].abs_diff(p.0[2]) <= 1)
    );
}

#[test]
fn colour_filters_move_the_colour_balance_the_right_way() {
    let img = photo("chelsea.png");
    let rb = |im: &RgbaImage| mean_channel(im, 0) - mean_channel(im, 2);
    let warm = apply_filter(&img, Filter::Warm, 1.0).unwrap();
    let cool = apply_filter(&img, Filter::Cool, 1.0).unwrap();
    let sepia = apply_filter(&img, Filter::Sepia, 1.0).unwrap();
    assert!(rb(&warm) > rb(&img) + 10.0);
    assert!(rb(&cool) < rb(&img) - 10.0);
    assert!(rb(&sepia) > 20.0);
    let bright = apply_filter(&img, Filter::Brightness, 1.0).unwrap();
    assert!(mean_channel(&bright, 1) > mean_channel(&img, 1) + 20.0);
}

#[test]
fn strength_scales_the_effect() {
    let img = photo("coffee.png");
    for f in Filter::ALL {
        let half = mean_abs_diff(&img, &apply_filter(&img, f, 0.5).unwrap());
        let full = mean_abs_diff(&img, &apply_filter(&img, f, 1.0).unwrap());
        assert!(
            full > half && half > 0.0,
            "{}: half {half:.2}, full {full:.2}",
            f.name()
        );
    }
}

#[test]
fn blur_removes_detail_and_sharpen_adds_it() {
    let img = photo("chelsea.png");
    let d = detail(&img);
    assert!(detail(&apply_filter(&img, Filter::Blur, 1.0).unwrap()) < 0.6 * d);
    assert!(detail(&apply_filter(&img, Filter::Sharpen, 1.0).unwrap()) > 1.3 * d);
}

#[test]
fn blur_keeps_transparent_pixels_from_bleeding_colour() {
    // Left half opaque red, right half fully transparent green.
    let img = RgbaImage::from_fn(40, 10, |x, _| {
        if x < 20 {
            image::Rgba([255, 0, 0, 255])
        } else {
            image::Rgba([0, 255, 0, 0])
        }
    });
    let out = apply_filter(&img, Filter::Blur, 1.0).unwrap();
    let edge = out.get_pixel(20, 5);
    assert!(edge.0[3] > 0 && edge.0[3] < 255, "the edge becomes soft");
    assert!(edge.0[1] < 5, "no green from transparent pixels: {edge:?}");
}
