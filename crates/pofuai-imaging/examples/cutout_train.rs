//! Fits the cut-out's learned foreground model (`src/edit/cutout_forest.txt`): a gradient-boosted
//! forest of depth-limited trees (second-order boosting of the logistic loss, histogram splits)
//! over the per-pixel features of `pofuai_imaging::edit::cutout_training_features`, on the
//! **tuning** cases of `testdata/cutout/` and the generated training scenes of
//! `testdata/cutout/train/` (`holdout_*` are never read). Deterministic: a
//! fixed pixel subsample, no random numbers, sequential arithmetic; running it twice writes the
//! same file.
//!
//! `cargo run --release -p pofuai-imaging --example cutout_train [-- OUT_FILE]`
//! (default OUT_FILE: `src/edit/cutout_forest.txt`; rebuild afterwards so the library embeds it).

#[path = "../tests/edit_support/cutout.rs"]
#[allow(dead_code)]
mod cutout;

#[path = "support/forest_train.rs"]
mod forest_train;

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/edit/cutout_forest.txt").to_owned()
    });
    let names: Vec<String> = cutout::case_names()
        .into_iter()
        .filter(|n| !cutout::is_held_out(n))
        .collect();
    let generated = cutout::training_scene_names();
    let (raw, label, mut weight) = forest_train::samples(&names);
    let tuning_samples = raw.len();
    let (graw, glabel, gweight) = forest_train::samples(&generated);
    let raw: Vec<_> = raw.into_iter().chain(graw).collect();
    let label: Vec<_> = label.into_iter().chain(glabel).collect();
    weight.extend(gweight);
    let is_gen: Vec<bool> = (0..raw.len()).map(|i| i >= tuning_samples).collect();
    forest_train::balance(&is_gen, &mut weight, forest_train::GEN_SHARE);
    let header = format!(
        "# Cut-out foreground forest: written by `cargo run --release -p pofuai-imaging --example \
         cutout_train`\n# from the {} tuning cases of testdata/cutout and the {} generated \
         training scenes of testdata/cutout/train\n# (holdout_* never read; generated share of \
         the weight {}).\n",
        names.len(),
        generated.len(),
        forest_train::GEN_SHARE
    );
    let text = forest_train::train(&raw, label, weight, &header, true);
    std::fs::write(&out, text).expect("forest file can be written");
    eprintln!("wrote {out}");
}
