//! `enhance_quality`: widens an under-exposed histogram, leaves a good exposure nearly alone.

mod edit_support;

use edit_support::{luma_percentile, mean_abs_diff, photo};
use image::{Rgba, RgbaImage};
use pofuai_imaging::edit::enhance_quality;

/// The photo as a dull, under-exposed camera would have taken it: values squeezed into 10..~90.
fn underexposed(img: &RgbaImage) -> RgbaImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        for c in 0..3 {
            p.0[c] = (10.0 + f32::from(p.0[c]) * 0.32).round() as u8;
        }
    }
    out
}

fn spread(img: &RgbaImage) -> f64 {
    luma_percentile(img, 0.99) - luma_percentile(img, 0.01)
}

#[test]
fn underexposed_photo_gets_a_much_wider_and_brighter_histogram() {
    for name in ["coffee.png", "chelsea.png"] {
        let dark = underexposed(&photo(name));
        let out = enhance_quality(&dark);
        let (before, after) = (spread(&dark), spread(&out));
        assert!(
            after >= 2.5 * before,
            "{name}: spread {before:.1} -> {after:.1}"
        );
        assert!(after >= 200.0, "{name}: spread after {after:.1}");
        let (m0, m1) = (luma_percentile(&dark, 0.5), luma_percentile(&out, 0.5));
        assert!(m1 >= m0 + 40.0, "{name}: median {m0:.1} -> {m1:.1}");
    }
}

#[test]
fn well_exposed_photo_is_nearly_unchanged() {
    // coffee.png already spans the histogram (0.5 % / 99.5 % luminance at 6 / 246).
    let img = photo("coffee.png");
    let out = enhance_quality(&img);
    let mad = mean_abs_diff(&img, &out);
    assert!(mad < 3.0, "mean abs diff {mad:.2}");
    let (before, after) = (spread(&img), spread(&out));
    assert!(
        (after - before).abs() < 10.0,
        "spread {before:.1} -> {after:.1}"
    );
}

#[test]
fn enhancing_twice_changes_little_more() {
    // chelsea.png is dim (99.5 % luminance at 184), so the first pass does real work.
    let once = enhance_quality(&photo("chelsea.png"));
    let twice = enhance_quality(&once);
    let mad = mean_abs_diff(&once, &twice);
    assert!(mad < 4.0, "second pass changed {mad:.2} levels on average");
}

#[test]
fn enhancement_restores_an_underexposed_photo_towards_the_original() {
    let img = photo("coffee.png");
    let dark = underexposed(&img);
    let restored = enhance_quality(&dark);
    assert!(mean_abs_diff(&img, &restored) < 0.5 * mean_abs_diff(&img, &dark));
}

#[test]
fn a_colour_cast_on_neutral_areas_is_reduced_by_about_half() {
    // A full-range gray ramp with a blue cast of 16 levels.
    let img = RgbaImage::from_fn(117, 32, |x, _| {
        let v = 8 + (x as u8) * 2;
        Rgba([v, v, v.saturating_add(16), 255])
    });
    let out = enhance_quality(&img);
    let cast = |im: &RgbaImage| {
        im.pixels()
            .map(|p| f64::from(p.0[2]) - f64::from(p.0[0]))
            .sum::<f64>()
            / f64::from(im.width() * im.height())
    };
    let (before, after) = (cast(&img), cast(&out));
    assert!(
        after < 0.7 * before && after > 0.2 * before,
        "cast {before:.1} -> {after:.1}"
    );
}

#[test]
fn alpha_is_kept_and_degenerate_images_are_fine() {
    let mut img = photo("coffee.png");
    for (x, _, p) in img.enumerate_pixels_mut() {
        p.0[3] = if x < 50 { 0 } else { 200 };
    }
    let out = enhance_quality(&img);
    assert!(
        img.pixels()
            .zip(out.pixels())
            .all(|(a, b)| a.0[3] == b.0[3])
    );
    assert_eq!(enhance_quality(&RgbaImage::new(0, 0)).dimensions(), (0, 0));
    let flat = RgbaImage::from_pixel(5, 3, Rgba([128, 128, 128, 255]));
    assert_eq!(enhance_quality(&flat), flat);
}
