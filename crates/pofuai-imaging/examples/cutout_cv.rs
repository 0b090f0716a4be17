//! Cross-validation of the cut-out's learned model on the tuning cases: the cases (sorted by
//! name) are dealt into three folds; each fold is cut out with a forest trained on the other two
//! only (plus every generated training scene of `testdata/cutout/train/`, which are never
//! evaluated), so every figure here is on images the model did not see. The held-out cases are
//! not read. Use it to choose the model and the pipeline around it (the in-sample figures of
//! `cutout_eval` on the tuning set flatter a learned model).
//!
//! `cargo run --release -p pofuai-imaging --example cutout_cv [-- SHARE [OUT_DIR]]`
//! (SHARE: the generated scenes' share of the weight, default the trainer's; 0 leaves them out;
//! with OUT_DIR, each out-of-fold cut-out is written there as `NAME.png`)

#[path = "../tests/edit_support/cutout.rs"]
#[allow(dead_code)]
mod cutout;

#[path = "support/forest_train.rs"]
mod forest_train;

use pofuai_imaging::edit::{Forest, LOW_CONFIDENCE, cutout_with_forest};

const FOLDS: usize = 3;

fn main() {
    let names: Vec<String> = cutout::case_names()
        .into_iter()
        .filter(|n| !cutout::is_held_out(n))
        .collect();
    let per_image: Vec<_> = names
        .iter()
        .map(|n| forest_train::samples(std::slice::from_ref(n)))
        .collect();
    let share: f64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("SHARE is a number"))
        .unwrap_or(forest_train::GEN_SHARE);
    let generated = if share > 0.0 {
        forest_train::samples(&cutout::training_scene_names())
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    eprintln!(
        "{} generated training samples, share {share}",
        generated.0.len()
    );
    let mut results = Vec::new();
    println!(
        "| case | fold | IoU (out of fold) | confidence | expected IoU | agreement | props | edges |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for fold in 0..FOLDS {
        let (mut raw, mut label, mut weight) = (Vec::new(), Vec::new(), Vec::new());
        for (k, (r, l, w)) in per_image.iter().enumerate() {
            if k % FOLDS != fold {
                raw.extend_from_slice(r);
                label.extend_from_slice(l);
                weight.extend_from_slice(w);
            }
        }
        let tuning_samples = raw.len();
        raw.extend_from_slice(&generated.0);
        label.extend_from_slice(&generated.1);
        weight.extend_from_slice(&generated.2);
        let is_gen: Vec<bool> = (0..raw.len()).map(|i| i >= tuning_samples).collect();
        forest_train::balance(&is_gen, &mut weight, share);
        let text = forest_train::train(&raw, label, weight, "", false);
        let forest = Forest::parse(&text).expect("the trainer writes a forest that parses");
        for (k, name) in names.iter().enumerate() {
            if k % FOLDS != fold {
                continue;
            }
            let img = cutout::load_input(name);
            let cut = cutout_with_forest(&img, Some(&forest));
            let iou = cutout::iou(&cut.image, &cutout::load_mask(name));
            if let Some(dir) = std::env::args().nth(2) {
                std::fs::create_dir_all(&dir).expect("OUT_DIR can be created");
                cut.image
                    .save(std::path::Path::new(&dir).join(format!("{name}.png")))
                    .expect("cut-out can be written");
            }
            let [e, a, p, g] = cut.signals;
            println!(
                "| {name} | {fold} | {iou:.3} | {:.2}{} | {e:.2} | {a:.2} | {p:.2} | {g:.2} |",
                cut.confidence,
                if cut.confidence < LOW_CONFIDENCE {
                    " (card)"
                } else {
                    ""
                }
            );
            results.push(cutout::CaseResult {
                name: name.clone(),
                iou,
                confidence: cut.confidence,
                cutout: image::RgbaImage::new(0, 0),
            });
        }
    }
    let s = cutout::summary(&results);
    println!(
        "\ntuning set, out of fold ({FOLDS} folds): {} images: mean IoU {:.3}, worst decile mean \
         {:.3}, minimum {:.3}, {} below 0.5",
        results.len(),
        s.mean,
        s.worst_decile,
        s.min,
        s.below_half
    );
    println!(
        "  confidence < {LOW_CONFIDENCE}: {} images, mean IoU {:.3}; the rest: {} images, mean \
         IoU {:.3}, minimum {:.3}",
        s.low_count, s.low_mean, s.high_count, s.high_mean, s.high_min
    );
}
