//! `remove_background` on the real evaluation set in `testdata/cutout/` and on simple cases.

mod edit_support;

use edit_support::cutout::{
    CaseResult, Summary, case_names, demo_case_names, fresh_case_names, is_held_out, run_case,
    summary,
};
use image::{Rgba, RgbaImage};
use pofuai_imaging::edit::{LOW_CONFIDENCE, remove_background, remove_background_with_confidence};

/// Mean IoU on the tuning set (18 photo composites + 21 rendered hard scenes, see
/// `testdata/cutout/SOURCES.md`) measured 0.953 on 2026-12-01 with the learned model retrained
/// on these images plus 219 generated POV-Ray training scenes (0.694 before any learned model).
/// The model was fitted on these images, so this is an in-sample figure (`examples/cutout_cv.rs`
/// measures 0.843 out of fold); a regression below the floor fails.
const MEAN_IOU_FLOOR: f64 = 0.93;
/// Mean IoU on the 18 held-out cases (`holdout_*`: 8 generated scenes and 10 POV-Ray scenes,
/// never trained or tuned on) measured 0.812 on 2026-12-01 (0.777 with the model trained on the
/// tuning images alone, 0.507 before any learned model); a regression below this floor fails.
const HELD_OUT_MEAN_IOU_FLOOR: f64 = 0.79;
/// The worst confident held-out cut-out measured 0.417 on 2026-12-01 (the POV-Ray chrome
/// kettle, its lower half mirroring the floor, at confidence 0.58): one known confident failure,
/// not a goal. The floor stops it getting worse, and no second one may appear.
const HELD_OUT_CONFIDENT_MIN_FLOOR: f64 = 0.40;

#[test]
fn mean_iou_on_the_evaluation_set_stays_above_the_floor() {
    let names = case_names();
    assert!(
        names.len() >= 57,
        "evaluation set has {} cases",
        names.len()
    );
    let results: Vec<_> = names.iter().map(|n| run_case(n)).collect();
    for r in &results {
        eprintln!(
            "{:<30} IoU {:.3}  confidence {:.2}",
            r.name, r.iou, r.confidence
        );
    }
    let (held, results): (Vec<_>, Vec<_>) = results.into_iter().partition(|r| is_held_out(&r.name));
    assert!(held.len() >= 18, "{} held-out scenes", held.len());
    let h = summary(&held);
    assert!(
        h.mean >= HELD_OUT_MEAN_IOU_FLOOR,
        "held-out mean IoU {:.3} < {HELD_OUT_MEAN_IOU_FLOOR}",
        h.mean
    );
    // The trust rule on the held-out scenes: one known confident failure (see
    // HELD_OUT_CONFIDENT_MIN_FLOOR), no worse and no other.
    assert!(
        h.high_min >= HELD_OUT_CONFIDENT_MIN_FLOOR,
        "a confident held-out cut-out has IoU {:.3}",
        h.high_min
    );
    let confident_failures = held
        .iter()
        .filter(|r| r.confidence >= LOW_CONFIDENCE && r.iou < 0.5)
        .count();
    assert!(
        confident_failures <= 1,
        "{confident_failures} confident held-out cut-outs below IoU 0.5"
    );
    let s = summary(&results);
    assert!(
        s.mean >= MEAN_IOU_FLOOR,
        "mean IoU {:.3} < {MEAN_IOU_FLOOR}",
        s.mean
    );
    // What the seller is shown must be trustworthy: every cut-out at or above the confidence
    // threshold keeps the product (IoU ≥ 0.5); the ones below fall back on the photo.
    assert!(
        s.high_min >= 0.5,
        "a confident cut-out has IoU {:.3}",
        s.high_min
    );
    assert!(
        s.high_mean > 0.92,
        "confident cases: mean IoU {:.3}",
        s.high_mean
    );
    // The confidence separates: over every case, the ones shown on a card are much worse
    // than the ones shown cut out.
    let all: Vec<_> = results.into_iter().chain(held).collect();
    let a = summary(&all);
    assert!(
        a.low_mean < a.high_mean - 0.2,
        "unconfident cases: {:.3}, confident: {:.3}",
        a.low_mean,
        a.high_mean
    );
    // The clean studio-like cases must stay near perfect.
    for r in all
        .iter()
        .filter(|r| ["apricot_moon", "kiwi_sky", "toilet_brick"].contains(&r.name.as_str()))
    {
        assert!(r.iou > 0.95, "{}: IoU {:.3}", r.name, r.iou);
    }
}

/// Mean IoU on the demo catalogue's 33 POV-Ray photos (`demo_*`, rendered for the demo and never
/// trained or tuned on) measured 0.915 on 2026-12-01 evening (worst decile 0.692, minimum 0.585,
/// none below 0.5, no confident failure); a regression below the floor fails.
const DEMO_MEAN_IOU_FLOOR: f64 = 0.90;

#[test]
fn the_demo_catalogue_photos_are_cut_out_and_none_is_destroyed() {
    let (_, s) = run_group(demo_case_names(), 33);
    assert!(
        s.mean >= DEMO_MEAN_IOU_FLOOR,
        "demo mean IoU {:.3} < {DEMO_MEAN_IOU_FLOOR}",
        s.mean
    );
    // The bar, met on this group: no photo below IoU 0.5, shown or on a card.
    assert_eq!(s.below_half, 0, "demo minimum IoU {:.3}", s.min);
}

/// The fresh held-out scenes (`testdata/cutout/fresh/`, 24 product photos written from the
/// issue's description alone by someone who never read the cut-out's code or our other scenes)
/// measured on 2026-12-01 night: mean 0.444, 13 of 24 below 0.5 and 7 confident failures (IoU
/// below 0.5 shown as a cut-out). The bar is far from met on them; these floors only
/// keep the figures from getting worse unnoticed while the cut-out is reworked.
const FRESH_MEAN_IOU_FLOOR: f64 = 0.42;
const FRESH_CONFIDENT_FAILURES_CEILING: usize = 7;

#[test]
fn the_fresh_scenes_do_not_get_worse_than_measured() {
    let (results, s) = run_group(fresh_case_names(), 24);
    let confident_failures: Vec<_> = results
        .iter()
        .filter(|r| r.iou < 0.5 && r.confidence >= LOW_CONFIDENCE)
        .map(|r| format!("{} {:.2} at {:.2}", r.name, r.iou, r.confidence))
        .collect();
    assert!(
        s.mean >= FRESH_MEAN_IOU_FLOOR,
        "fresh mean IoU {:.3} < {FRESH_MEAN_IOU_FLOOR}",
        s.mean
    );
    assert!(
        confident_failures.len() <= FRESH_CONFIDENT_FAILURES_CEILING,
        "confident failures: {confident_failures:?}"
    );
}

/// Cuts out every case of a held-out group (at least `at_least` of them), prints each case's
/// figures and returns the results with their summary.
fn run_group(names: Vec<String>, at_least: usize) -> (Vec<CaseResult>, Summary) {
    assert!(names.len() >= at_least, "{} cases with masks", names.len());
    let results: Vec<_> = names.iter().map(|n| run_case(n)).collect();
    for r in &results {
        eprintln!(
            "{:<30} IoU {:.3}  confidence {:.2}",
            r.name, r.iou, r.confidence
        );
    }
    let s = summary(&results);
    (results, s)
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

/// A navy product on a warm light floor with a hard, dark cast shadow to its right (darker
/// than the lenient shadow allowance of the background model).
fn hard_shadow_shot() -> RgbaImage {
    RgbaImage::from_fn(200, 160, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        if (70.0..130.0).contains(&xf) && (30.0..120.0).contains(&yf) {
            return Rgba([40, 60, 120, 255]);
        }
        let base = 222.0 - yf * 0.08;
        let (dx, dy) = ((xf - 135.0) / 50.0, (yf - 116.0) / 9.0);
        let k = if dx * dx + dy * dy <= 1.0 && yf >= 108.0 {
            0.42
        } else {
            1.0
        };
        let v = |c: f32| (c * base / 222.0 * k).round() as u8;
        Rgba([v(222.0), v(214.0), v(200.0), 255])
    })
}

#[test]
fn a_hard_floor_shadow_beside_the_product_is_removed() {
    let img = hard_shadow_shot();
    let out = remove_background(&img);
    // The product stays whole.
    assert_eq!(out.get_pixel(100, 75).0[3], 255);
    assert_eq!(out.get_pixel(100, 115).0[3], 255);
    // No dark blob beside the product's foot: the shadow (x ≥ 134, right of the product with
    // a margin for the edge) is background.
    let kept = (108..125u32)
        .flat_map(|y| (134..185u32).map(move |x| (x, y)))
        .filter(|&(x, y)| out.get_pixel(x, y).0[3] >= 128)
        .count();
    assert!(kept < 20, "{kept} shadow pixels kept as product");
}

/// A red disc with an anti-aliased edge on a near-white studio backdrop.
fn disc_on_white() -> RgbaImage {
    RgbaImage::from_fn(160, 160, |x, y| {
        let d = ((x as f32 + 0.5 - 80.0).powi(2) + (y as f32 + 0.5 - 80.0).powi(2)).sqrt();
        let cover = (44.0 - d + 0.5).clamp(0.0, 1.0);
        let mix = |f: f32, b: f32| (f * cover + b * (1.0 - cover)).round() as u8;
        Rgba([mix(180.0, 246.0), mix(30.0, 244.0), mix(30.0, 240.0), 255])
    })
}

#[test]
fn the_cutout_leaves_no_pale_fringe_on_a_dark_background() {
    let img = disc_on_white();
    let out = remove_background(&img);
    // Composited on black, a rim of the old white backdrop shows as pixels much greener (and
    // paler) than the red product ever is.
    let pale = out
        .pixels()
        .filter(|p| {
            let a = f32::from(p.0[3]) / 255.0;
            f32::from(p.0[1]) * a > 55.0
        })
        .count();
    assert!(pale <= 8, "{pale} pale fringe pixels on black");
    assert_eq!(out.get_pixel(80, 80).0[3], 255);
    assert_eq!(out.get_pixel(5, 5).0[3], 0);
}

#[test]
fn a_product_of_the_backdrops_own_tone_is_not_trusted_and_a_clear_one_is() {
    // The photos the web tests upload: grey 151 on grey 150 (nothing to go by) and a red disc
    // on a light backdrop.
    let grey = RgbaImage::from_fn(240, 240, |x, y| {
        let inside = (70..170).contains(&x) && (60..190).contains(&y);
        let v = if inside { 151 } else { 150 };
        Rgba([v, v, v + 2, 255])
    });
    let cut = remove_background_with_confidence(&grey);
    assert!(cut.confidence < 0.5, "grey on grey: {}", cut.confidence);
    let disc = RgbaImage::from_fn(400, 400, |x, y| {
        let (dx, dy) = (x as f32 - 200.0, y as f32 - 210.0);
        if dx * dx + dy * dy < 120.0 * 120.0 {
            Rgba([200, 60, 50, 255])
        } else {
            Rgba([240, 240, 236, 255])
        }
    });
    let cut = remove_background_with_confidence(&disc);
    assert!(cut.confidence >= 0.5, "red disc: {}", cut.confidence);
}
