//! Scores `remove_background` on the evaluation set in `testdata/cutout/`: per-image IoU and the
//! mean (alpha thresholded at 0.5).
//!
//! `cargo run -p pofuai-imaging --example cutout_eval --release [-- OUT_DIR]`
//! With OUT_DIR, each cut-out is also written there as `NAME.png` for inspection.

#[path = "../tests/edit_support/cutout.rs"]
mod cutout;

use std::time::Instant;

fn main() {
    let out_dir = std::env::args().nth(1).map(std::path::PathBuf::from);
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).expect("output directory can be created");
    }
    let names = cutout::case_names();
    let start = Instant::now();
    let mut sum = 0.0;
    let mut by_confidence = [(0.0, 0usize); 2]; // [low, high]
    for name in &names {
        let t = Instant::now();
        let r = cutout::run_case(name);
        println!(
            "{:<24} IoU {:.3}  confidence {:.2}  ({} ms)",
            r.name,
            r.iou,
            r.confidence,
            t.elapsed().as_millis()
        );
        sum += r.iou;
        let bucket = &mut by_confidence[usize::from(r.confidence >= 0.5)];
        bucket.0 += r.iou;
        bucket.1 += 1;
        if let Some(dir) = &out_dir {
            r.cutout
                .save(dir.join(format!("{name}.png")))
                .expect("cut-out can be written");
        }
    }
    let mean = sum / names.len().max(1) as f64;
    println!(
        "mean IoU {:.3} over {} images ({} ms total)",
        mean,
        names.len(),
        start.elapsed().as_millis()
    );
    for (label, (total, n)) in ["confidence < 0.5", "confidence >= 0.5"]
        .iter()
        .zip(by_confidence)
    {
        if n > 0 {
            println!("{label}: {n} images, mean IoU {:.3}", total / n as f64);
        }
    }
}
