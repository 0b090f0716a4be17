//! Scores `remove_background` on the evaluation set in `testdata/cutout/`: per-image IoU
//! (alpha thresholded at 0.5), confidence and time, then the mean, the worst decile and how the
//! confidence threshold splits the set.
//!
//! `cargo run -p pofuai-imaging --example cutout_eval --release [-- OUT_DIR]`
//! With OUT_DIR, each cut-out is also written there as `NAME.png` (and the input as
//! `NAME.input.png`) for inspection.

#[path = "../tests/edit_support/cutout.rs"]
mod cutout;

use std::time::Instant;

use pofuai_imaging::edit::LOW_CONFIDENCE;

fn main() {
    let out_dir = std::env::args().nth(1).map(std::path::PathBuf::from);
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).expect("output directory can be created");
    }
    let names = cutout::case_names();
    let start = Instant::now();
    let mut results = Vec::new();
    println!("| case | IoU | confidence | ms |");
    println!("|---|---|---|---|");
    for name in &names {
        let t = Instant::now();
        let r = cutout::run_case(name);
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
            r.cutout
                .save(dir.join(format!("{name}.png")))
                .expect("cut-out can be written");
            cutout::load_input(name)
                .save(dir.join(format!("{name}.input.png")))
                .expect("input can be written");
        }
        results.push(r);
    }
    let s = cutout::summary(&results);
    println!();
    println!(
        "{} images: mean IoU {:.3}, worst decile mean {:.3}, minimum {:.3}, {} below 0.5 ({} ms total)",
        results.len(),
        s.mean,
        s.worst_decile,
        s.min,
        s.below_half,
        start.elapsed().as_millis()
    );
    println!(
        "confidence < {LOW_CONFIDENCE} (templates fall back on the photo): {} images, mean IoU {:.3}; \
         the rest: {} images, mean IoU {:.3}, minimum {:.3}",
        s.low_count, s.low_mean, s.high_count, s.high_mean, s.high_min
    );
}
