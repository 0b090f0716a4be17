//! Shared by `tests/edit_cutout.rs` and `examples/cutout_eval.rs`: runs `remove_background` on
//! every case of `testdata/cutout/` and scores it against the ground-truth mask.

use std::path::{Path, PathBuf};

use image::{GrayImage, RgbaImage};
use pofuai_imaging::edit::remove_background_with_confidence;

pub struct CaseResult {
    pub name: String,
    pub iou: f64,
    pub confidence: f32,
    pub cutout: RgbaImage,
}

pub fn dataset_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cutout")
}

/// Names of every case (`NAME.jpg` with a `NAME.mask.png` beside it), sorted.
pub fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dataset_dir())
        .expect("testdata/cutout exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".jpg").map(str::to_owned)
        })
        .filter(|n| dataset_dir().join(format!("{n}.mask.png")).exists())
        .collect();
    names.sort();
    names
}

/// Intersection over union of `alpha >= 128` against `mask >= 128`.
pub fn iou(cutout: &RgbaImage, mask: &GrayImage) -> f64 {
    assert_eq!(
        cutout.dimensions(),
        mask.dimensions(),
        "cut-out and mask sizes differ"
    );
    let (mut inter, mut union) = (0u64, 0u64);
    for (p, m) in cutout.pixels().zip(mask.pixels()) {
        let (a, b) = (p.0[3] >= 128, m.0[0] >= 128);
        inter += u64::from(a && b);
        union += u64::from(a || b);
    }
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// The demo catalogue's photos (`crates/pofuai/assets/demo/NN.jpg` with their exact masks
/// `NN.mask.png`), read in place: POV-Ray renders made for the demo, not for the cut-out, so they
/// are a further held-out group (never trained or tuned on).
pub fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../pofuai/assets/demo")
}

/// Names of the demo cases (`demo_NN` for `NN.jpg` with an `NN.mask.png` beside it), sorted.
/// They are not in [`case_names`].
#[allow(dead_code)]
pub fn demo_case_names() -> Vec<String> {
    masked_photos(&demo_dir(), "demo_")
}

/// `PREFIX` + the name of every `NAME.jpg` in `dir` with a `NAME.mask.png` beside it, sorted.
#[allow(dead_code)]
fn masked_photos(dir: &Path, prefix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".jpg").map(str::to_owned)
        })
        .filter(|n| dir.join(format!("{n}.mask.png")).exists())
        .map(|n| format!("{prefix}{n}"))
        .collect();
    names.sort();
    names
}

/// A demo catalogue photo (see [`demo_case_names`]).
#[allow(dead_code)]
pub fn is_demo(name: &str) -> bool {
    name.starts_with("demo_")
}

/// The fresh held-out scenes (`testdata/cutout/fresh/fresh_*.jpg` with their masks), written
/// from the description by someone who never read the cut-out's code or the other
/// scenes. Not in [`case_names`], never trained or tuned on.
#[allow(dead_code)]
pub fn fresh_case_names() -> Vec<String> {
    masked_photos(&dataset_dir().join("fresh"), "")
}

/// A fresh held-out scene (see [`fresh_case_names`]).
#[allow(dead_code)]
pub fn is_fresh(name: &str) -> bool {
    name.starts_with("fresh_")
}

/// The file of a case: `NAME.EXT` under [`dataset_dir`] (or its `fresh/` for `fresh_*`), or
/// `NN.EXT` under [`demo_dir`] for `demo_NN`.
fn case_file(name: &str, ext: &str) -> PathBuf {
    match name.strip_prefix("demo_") {
        Some(n) => demo_dir().join(format!("{n}.{ext}")),
        None if is_fresh(name) => dataset_dir().join("fresh").join(format!("{name}.{ext}")),
        None => dataset_dir().join(format!("{name}.{ext}")),
    }
}

pub fn run_case(name: &str) -> CaseResult {
    let img = load_input(name);
    let mask = load_mask(name);
    let cut = remove_background_with_confidence(&img);
    CaseResult {
        name: name.to_owned(),
        iou: iou(&cut.image, &mask),
        confidence: cut.confidence,
        cutout: cut.image,
    }
}

/// The ground-truth mask of a case.
pub fn load_mask(name: &str) -> GrayImage {
    image::open(case_file(name, "mask.png"))
        .expect("case mask decodes")
        .to_luma8()
}

/// The extra training scenes (`testdata/cutout/train/`, rendered by
/// `testdata/cutout/povray/train_scenes.py`), as case names relative to [`dataset_dir`]
/// (`train/pov_train_NNN`), sorted. They train the learned model only: they are not part of the
/// evaluation set that [`case_names`] lists.
#[allow(dead_code)]
pub fn training_scene_names() -> Vec<String> {
    masked_photos(&dataset_dir().join("train"), "train/")
}

/// The held-out scenes: rendered after the cut-out work began and never used to tune it.
pub fn is_held_out(name: &str) -> bool {
    name.starts_with("holdout_")
}

/// The held-out cases rendered by POV-Ray from `testdata/cutout/povray/` (another renderer than
/// the one that made every tuning scene).
#[allow(dead_code)]
pub fn is_povray(name: &str) -> bool {
    name.starts_with("holdout_pov_")
}

pub fn load_input(name: &str) -> RgbaImage {
    image::open(case_file(name, "jpg"))
        .expect("case image decodes")
        .to_rgba8()
}

/// The figures the evaluation reports.
pub struct Summary {
    pub mean: f64,
    /// Mean IoU of the worst tenth of the cases (at least one).
    pub worst_decile: f64,
    pub min: f64,
    pub below_half: usize,
    pub low_count: usize,
    pub low_mean: f64,
    pub high_count: usize,
    pub high_mean: f64,
    pub high_min: f64,
}

pub fn summary(results: &[CaseResult]) -> Summary {
    let low = pofuai_imaging::edit::LOW_CONFIDENCE;
    let mut ious: Vec<f64> = results.iter().map(|r| r.iou).collect();
    ious.sort_by(f64::total_cmp);
    let n = ious.len().max(1);
    let decile = n.div_ceil(10);
    let mean_of = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let lows: Vec<f64> = results
        .iter()
        .filter(|r| r.confidence < low)
        .map(|r| r.iou)
        .collect();
    let highs: Vec<f64> = results
        .iter()
        .filter(|r| r.confidence >= low)
        .map(|r| r.iou)
        .collect();
    Summary {
        mean: mean_of(&ious),
        worst_decile: mean_of(&ious[..decile.min(ious.len())]),
        min: ious.first().copied().unwrap_or(0.0),
        below_half: ious.iter().filter(|&&v| v < 0.5).count(),
        low_count: lows.len(),
        low_mean: mean_of(&lows),
        high_count: highs.len(),
        high_mean: mean_of(&highs),
        high_min: highs.iter().copied().fold(1.0, f64::min),
    }
}
