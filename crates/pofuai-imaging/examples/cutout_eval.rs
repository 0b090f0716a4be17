//! Scores `remove_background` on the evaluation set in `testdata/cutout/`: per-image IoU
//! (alpha thresholded at 0.5), confidence and time, then the mean, the worst decile and how the
//! confidence threshold splits the set. The held-out scenes (`holdout_*`, never used to tune the
//! cut-out) are summarised apart from the rest, and so are the demo catalogue's 33 POV-Ray photos
//! (`demo_NN`, read in place from `crates/pofuai/assets/demo/`, never trained or tuned on) and
//! the fresh scenes of `testdata/cutout/fresh/` (`fresh_*`, written by another hand).
//!
//! `cargo run -p pofuai-imaging --example cutout_eval --release [-- OUT_DIR]`
//! With `CUTOUT_FOREST=FILE` in the environment, the forest in FILE (as `cutout_train` writes
//! it) is used instead of the compiled-in one, so a retrained model can be measured before it
//! is built in.
//! With OUT_DIR, each case is also written there as `NAME.png`: the input, the cut-out on a dark
//! backdrop (where pale fringes and shadow remnants show) and the error map (green: product
//! kept, red: product lost, blue: background kept), side by side.

#[path = "../tests/edit_support/cutout.rs"]
mod cutout;

use std::time::Instant;

use image::{GenericImage, Rgba, RgbaImage};
use pofuai_imaging::edit::LOW_CONFIDENCE;

fn main() {
    let out_dir = std::env::args().nth(1).map(std::path::PathBuf::from);
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).expect("output directory can be created");
    }
    let names: Vec<String> = cutout::case_names()
        .into_iter()
        .chain(cutout::demo_case_names())
        .chain(cutout::fresh_case_names())
        .collect();
    let forest = std::env::var("CUTOUT_FOREST").ok().map(|path| {
        let text = std::fs::read_to_string(&path).expect("CUTOUT_FOREST can be read");
        pofuai_imaging::edit::Forest::parse(&text).expect("CUTOUT_FOREST parses")
    });
    let start = Instant::now();
    let mut results = Vec::new();
    println!("| case | IoU | confidence | ms |");
    println!("|---|---|---|---|");
    for name in &names {
        let t = Instant::now();
        let r = match &forest {
            Some(f) => {
                let cut =
                    pofuai_imaging::edit::cutout_with_forest(&cutout::load_input(name), Some(f));
                cutout::CaseResult {
                    name: name.clone(),
                    iou: cutout::iou(&cut.image, &cutout::load_mask(name)),
                    confidence: cut.confidence,
                    cutout: cut.image,
                }
            }
            None => cutout::run_case(name),
        };
        println!(
            "| {} | {:.3} | {:.2}{} | {} |",
            r.name,
            r.iou,
            r.confidence,
            if r.confidence < LOW_CONFIDENCE {
                " (card)"
            } else {
                ""
            },
            t.elapsed().as_millis()
        );
        if let Some(dir) = &out_dir {
            panel(name, &r.cutout)
                .save(dir.join(format!("{name}.png")))
                .expect("panel can be written");
        }
        results.push(r);
    }
    let total_ms = start.elapsed().as_millis();
    println!();
    let (fresh, results): (Vec<_>, Vec<_>) =
        results.into_iter().partition(|r| cutout::is_fresh(&r.name));
    let (demo, results): (Vec<_>, Vec<_>) =
        results.into_iter().partition(|r| cutout::is_demo(&r.name));
    let (held, old): (Vec<_>, Vec<_>) = results
        .into_iter()
        .partition(|r| cutout::is_held_out(&r.name));
    report("tuning set (photo composites + scene_*)", &old);
    let (pov, generated): (Vec<_>, Vec<_>) = held.iter().partition(|r| cutout::is_povray(&r.name));
    report_refs(
        "held-out generated scenes (holdout_* from cutout_scenes)",
        &generated,
    );
    report_refs(
        "held-out POV-Ray scenes (holdout_pov_*, another renderer)",
        &pov,
    );
    report("all held-out", &held);
    report(
        "demo catalogue photos (demo_*, POV-Ray renders made for the demo, held out)",
        &demo,
    );
    report(
        "fresh scenes (fresh_*, written from the issue alone by another hand, held out)",
        &fresh,
    );
    let unseen: Vec<_> = held.iter().chain(&demo).chain(&fresh).collect();
    report_refs("all unseen (held-out + demo + fresh)", &unseen);
    let all: Vec<_> = old
        .into_iter()
        .chain(held)
        .chain(demo)
        .chain(fresh)
        .collect();
    report("all", &all);
    println!("({total_ms} ms in all)");
    // Speed on a larger photo: the first case scaled up to about one megapixel.
    if let Some(first) = names.first() {
        let img = cutout::load_input(first);
        let k = (1_000_000.0 / f64::from(img.width() * img.height())).sqrt();
        let (w, h) = (
            (f64::from(img.width()) * k).round() as u32,
            (f64::from(img.height()) * k).round() as u32,
        );
        let big = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
        let t = Instant::now();
        let _ = pofuai_imaging::edit::remove_background_with_confidence(&big);
        println!(
            "{w}x{h} ({first} scaled up): {} ms",
            t.elapsed().as_millis()
        );
    }
}

fn report_refs(label: &str, results: &[&cutout::CaseResult]) {
    let owned: Vec<cutout::CaseResult> = results
        .iter()
        .map(|r| cutout::CaseResult {
            name: r.name.clone(),
            iou: r.iou,
            confidence: r.confidence,
            cutout: image::RgbaImage::new(0, 0),
        })
        .collect();
    report(label, &owned);
}

fn report(label: &str, results: &[cutout::CaseResult]) {
    if results.is_empty() {
        return;
    }
    let s = cutout::summary(results);
    println!(
        "{label}: {} images: mean IoU {:.3}, worst decile mean {:.3}, minimum {:.3}, {} below 0.5",
        results.len(),
        s.mean,
        s.worst_decile,
        s.min,
        s.below_half,
    );
    println!(
        "  confidence < {LOW_CONFIDENCE} (templates fall back on the photo): {} images, mean IoU {:.3}; \
         the rest: {} images, mean IoU {:.3}, minimum {:.3}",
        s.low_count, s.low_mean, s.high_count, s.high_mean, s.high_min
    );
    let failures: Vec<String> = results
        .iter()
        .filter(|r| r.confidence >= LOW_CONFIDENCE && r.iou < 0.5)
        .map(|r| format!("{} {:.2} at {:.2}", r.name, r.iou, r.confidence))
        .collect();
    println!(
        "  confident failures (IoU < 0.5 at confidence >= {LOW_CONFIDENCE}): {}{}",
        failures.len(),
        if failures.is_empty() {
            String::new()
        } else {
            format!(": {}", failures.join(", "))
        }
    );
}

/// Input | cut-out over dark grey | error map, side by side.
fn panel(name: &str, cut: &RgbaImage) -> RgbaImage {
    let input = cutout::load_input(name);
    let mask = cutout::load_mask(name);
    let (w, h) = input.dimensions();
    let mut out = RgbaImage::from_pixel(w * 3, h, Rgba([0, 0, 0, 255]));
    out.copy_from(&input, 0, 0).expect("fits");
    for (x, y, p) in cut.enumerate_pixels() {
        let a = u16::from(p.0[3]);
        let over = |c: u8| ((u16::from(c) * a + 40 * (255 - a)) / 255) as u8;
        out.put_pixel(
            w + x,
            y,
            Rgba([over(p.0[0]), over(p.0[1]), over(p.0[2]), 255]),
        );
        let (kept, truth) = (p.0[3] >= 128, mask.get_pixel(x, y).0[0] >= 128);
        let c = match (kept, truth) {
            (true, true) => [40, 160, 60],
            (false, true) => [220, 40, 40],
            (true, false) => [50, 90, 230],
            (false, false) => [20, 20, 20],
        };
        out.put_pixel(2 * w + x, y, Rgba([c[0], c[1], c[2], 255]));
    }
    out
}
