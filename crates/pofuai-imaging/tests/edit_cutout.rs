//! `remove_background` on the real evaluation set in `testdata/cutout/` and on simple cases.

mod edit_support;

use edit_support::cutout::{case_names, run_case};
use image::{Rgba, RgbaImage};
use pofuai_imaging::edit::{remove_background, remove_background_with_confidence};

/// Mean IoU measured on 2026-11-28 was 0.847 (18 images, release and debug alike); a regression
/// below this floor fails.
const MEAN_IOU_FLOOR: f64 = 0.82;

#[test]
fn mean_iou_on_the_evaluation_set_stays_above_the_floor() {
    let names = case_names();
    assert!(
        names.len() >= 12,
        "evaluation set has {} cases",
        names.len()
    );
    let results: Vec<_> = names.iter().map(|n| run_case(n)).collect();
    let mean = results.iter().map(|r| r.iou).sum::<f64>() / results.len() as f64;
    for r in &results {
        eprintln!("{:<24} IoU {:.3}", r.name, r.iou);
    }
    assert!(
        mean >= MEAN_IOU_FLOOR,
        "mean IoU {mean:.3} < {MEAN_IOU_FLOOR}"
    );
    // The confidence score must separate good cut-outs from bad ones.
    let bucket = |high: bool| {
        let v: Vec<f64> = results
            .iter()
            .filter(|r| (r.confidence >= 0.5) == high)
            .map(|r| r.iou)
            .collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    assert!(
        bucket(true) > 0.95,
        "confident cases: mean IoU {:.3}",
        bucket(true)
    );
    assert!(
        bucket(false) < bucket(true) - 0.1,
        "unconfident cases: {:.3}",
        bucket(false)
    );
    // The clean studio-like cases must stay near perfect.
    for r in results
        .iter()
        .filter(|r| ["apricot_moon", "kiwi_sky", "toilet_brick"].contains(&r.name.as_str()))
    {
        assert!(r.iou > 0.95, "{}: IoU {:.3}", r.name, r.iou);
    }
}

/// A dark bottle-like product on a light studio gradient with a soft shadow.
fn studio_shot() -> RgbaImage {
    RgbaImage::from_fn(160, 120, |x, y| {
        let (dx, dy) = (x as f32 - 80.0, y as f32 - 60.0);
        let inside = (dx / 30.0).powi(2) + (dy / 45.0).powi(2) <= 1.0;
        if inside {
            Rgba([40, 90, 60, 255])
        } else {
            let base = 235.0 - y as f32 * 0.15;
            let shadow = if (dx - 8.0).abs() < 34.0 && dy > 30.0 && dy < 52.0 {
                0.8
            } else {
                1.0
            };
            let v = (base * shadow) as u8;
            Rgba([v, v, v.saturating_sub(4), 255])
        }
    })
}

#[test]
fn studio_shot_is_cut_out_with_a_soft_edge_and_high_confidence() {
    let img = studio_shot();
    let cut = remove_background_with_confidence(&img);
    let out = &cut.image;
    assert_eq!(out.dimensions(), img.dimensions());
    assert_eq!(out.get_pixel(80, 60).0[3], 255, "product is opaque");
    assert_eq!(out.get_pixel(5, 5).0[3], 0, "backdrop is transparent");
    assert_eq!(out.get_pixel(90, 110).0[3], 0, "shadow is background");
    assert_eq!(
        &out.get_pixel(80, 60).0[..3],
        &img.get_pixel(80, 60).0[..3],
        "colours kept"
    );
    let soft = out.pixels().filter(|p| p.0[3] > 10 && p.0[3] < 245).count();
    assert!(
        soft > 20,
        "anti-aliased edge: {soft} partly transparent pixels"
    );
    assert!(cut.confidence > 0.8, "confidence {}", cut.confidence);
}

#[test]
fn the_cutout_is_deterministic() {
    let img = studio_shot();
    assert_eq!(remove_background(&img), remove_background(&img));
}

#[test]
fn a_featureless_image_is_returned_unchanged_with_zero_confidence() {
    let flat = RgbaImage::from_pixel(50, 40, Rgba([200, 200, 200, 255]));
    let cut = remove_background_with_confidence(&flat);
    assert_eq!(cut.image, flat);
    assert_eq!(cut.confidence, 0.0);
    assert_eq!(
        remove_background(&RgbaImage::new(0, 0)).dimensions(),
        (0, 0)
    );
    assert_eq!(
        remove_background(&RgbaImage::new(2, 9)).dimensions(),
        (2, 9)
    );
}

#[test]
fn large_inputs_are_segmented_at_working_size_and_keep_their_size() {
    // 1400 px is above both the segmentation and the alpha working sizes.
    let big = image::imageops::resize(
        &studio_shot(),
        1400,
        1050,
        image::imageops::FilterType::Triangle,
    );
    let out = remove_background(&big);
    assert_eq!(out.dimensions(), (1400, 1050));
    assert_eq!(out.get_pixel(700, 525).0[3], 255);
    assert_eq!(out.get_pixel(50, 50).0[3], 0);
    let soft = out.pixels().filter(|p| p.0[3] > 10 && p.0[3] < 245).count();
    assert!(soft > 300, "anti-aliased edge at full size: {soft}");
}
