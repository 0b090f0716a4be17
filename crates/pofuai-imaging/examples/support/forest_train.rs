//! Shared by `cutout_train` and `cutout_cv`: the deterministic gradient-boosted forest trainer
//! for the cut-out's learned foreground model.

use pofuai_imaging::edit::{FEATURE_NAMES, FEATURES, cutout_training_features};

use super::cutout;

/// Tree depth (2^DEPTH leaves).
const DEPTH: usize = 4;
/// Number of trees.
const TREES: usize = 150;
/// Shrinkage of each tree's leaves.
const LEARNING_RATE: f64 = 0.1;
/// L2 penalty on leaf values (in units of the mean sample weight).
const LAMBDA: f64 = 1.0;
/// Smallest summed hessian of a child (in units of the mean sample weight).
const MIN_CHILD: f64 = 200.0;
/// Histogram bins per feature.
const BINS: usize = 64;
/// Every STRIDE-th pixel in each direction is a training sample.
const STRIDE: usize = 2;

pub struct Data {
    bins: Vec<[u8; FEATURES]>,
    label: Vec<f64>,
    weight: Vec<f64>,
}

/// Every GEN_STRIDE-th pixel of a generated training scene (`train/`) is a sample: there are
/// many of them, and neighbouring pixels of one scene teach little more than one of them.
const GEN_STRIDE: usize = 3;
/// The summed weight of all generated training scenes against the summed weight of the tuning
/// cases (each group's images weighted the same within the group).
pub const GEN_SHARE: f64 = 1.0;

/// Training samples of the named cases (each image weighted the same): every STRIDE-th pixel
/// at working size of a tuning case, every GEN_STRIDE-th of a generated scene (`train/…`).
pub fn samples(names: &[String]) -> (Vec<[f32; FEATURES]>, Vec<f64>, Vec<f64>) {
    let mut raw: Vec<[f32; FEATURES]> = Vec::new();
    let mut label = Vec::new();
    let mut weight = Vec::new();
    for name in names {
        assert!(
            !cutout::is_held_out(name) && !cutout::is_demo(name),
            "{name} is held out"
        );
        let stride = if is_generated(name) {
            GEN_STRIDE
        } else {
            STRIDE
        };
        let img = cutout::load_input(name);
        let (w, h, feats) = cutout_training_features(&img);
        let mask = image::imageops::resize(
            &cutout::load_mask(name),
            w as u32,
            h as u32,
            image::imageops::FilterType::Triangle,
        );
        let idx: Vec<usize> = (0..h)
            .step_by(stride)
            .flat_map(|y| (0..w).step_by(stride).map(move |x| y * w + x))
            .collect();
        let wt = 1.0 / idx.len() as f64;
        for i in idx {
            raw.push(feats[i]);
            label.push(if mask.as_raw()[i] >= 128 { 1.0 } else { 0.0 });
            weight.push(wt);
        }
    }
    (raw, label, weight)
}

/// A generated training scene (`testdata/cutout/train/`), not a tuning case.
pub fn is_generated(name: &str) -> bool {
    name.starts_with("train/")
}

/// Scales the weights of the generated scenes' samples so that their total is `share` times
/// the tuning cases' total ([`GEN_SHARE`] for the shipped forest).
pub fn balance(is_gen: &[bool], weight: &mut [f64], share: f64) {
    let (mut tune, mut generated) = (0.0f64, 0.0f64);
    for (&g, &w) in is_gen.iter().zip(weight.iter()) {
        if g { generated += w } else { tune += w }
    }
    if generated <= 0.0 || tune <= 0.0 {
        return;
    }
    let k = share * tune / generated;
    for (&g, w) in is_gen.iter().zip(weight.iter_mut()) {
        if g {
            *w *= k;
        }
    }
}

/// Fits the forest on the samples and returns its text (the format `Forest::parse` reads).
pub fn train(
    raw: &[[f32; FEATURES]],
    label: Vec<f64>,
    mut weight: Vec<f64>,
    header: &str,
    verbose: bool,
) -> String {
    let n = raw.len();
    let mean_w = weight.iter().sum::<f64>() / n.max(1) as f64;
    for v in &mut weight {
        *v /= mean_w;
    }
    // Quantile cut points per feature.
    let cuts: Vec<Vec<f32>> = (0..FEATURES)
        .map(|f| {
            let mut v: Vec<f32> = raw.iter().step_by(7).map(|r| r[f]).collect();
            v.sort_by(f32::total_cmp);
            let mut c: Vec<f32> = (1..BINS).map(|k| v[(v.len() - 1) * k / BINS]).collect();
            c.dedup();
            c
        })
        .collect();
    let bins: Vec<[u8; FEATURES]> = raw
        .iter()
        .map(|r| {
            let mut b = [0u8; FEATURES];
            for f in 0..FEATURES {
                b[f] = cuts[f].partition_point(|&c| c <= r[f]) as u8;
            }
            b
        })
        .collect();
    let data = Data {
        bins,
        label,
        weight,
    };
    let pos: f64 = data
        .label
        .iter()
        .zip(&data.weight)
        .map(|(y, w)| y * w)
        .sum::<f64>()
        / n as f64;
    let base = (pos / (1.0 - pos)).ln();
    let mut score = vec![base; n];
    let mut text = format!(
        "{header}# {n} pixels; depth {DEPTH}, {TREES} trees, learning rate {LEARNING_RATE}.\n\
         # Features: {}.\nforest {DEPTH} {}\n",
        FEATURE_NAMES.join(", "),
        base as f32
    );
    let mut gain_by_feature = [0.0f64; FEATURES];
    for t in 0..TREES {
        let (g, hs): (Vec<f64>, Vec<f64>) = (0..n)
            .map(|i| {
                let p = 1.0 / (1.0 + (-score[i]).exp());
                let w = data.weight[i];
                (w * (p - data.label[i]), w * (p * (1.0 - p)).max(1e-6))
            })
            .unzip();
        let (splits, leaves, node_of) = fit_tree(&data, &g, &hs, &mut gain_by_feature);
        for i in 0..n {
            score[i] += leaves[node_of[i]];
        }
        let line: Vec<String> = splits
            .iter()
            .map(|&(f, b)| {
                let thr = match b {
                    Some(b) => cuts[f][b],
                    None => f32::INFINITY,
                };
                format!("{f}:{thr}")
            })
            .collect();
        let lv: Vec<String> = leaves.iter().map(|v| format!("{}", *v as f32)).collect();
        text.push_str(&format!("{} | {}\n", line.join(" "), lv.join(" ")));
        if verbose && (t + 1) % 25 == 0 {
            let loss: f64 = (0..n)
                .map(|i| {
                    let p = (1.0 / (1.0 + (-score[i]).exp())).clamp(1e-9, 1.0 - 1e-9);
                    let y = data.label[i];
                    -data.weight[i] * (y * p.ln() + (1.0 - y) * (1.0 - p).ln())
                })
                .sum::<f64>()
                / n as f64;
            let err = (0..n)
                .filter(|&i| (score[i] > 0.0) != (data.label[i] > 0.5))
                .map(|i| data.weight[i])
                .sum::<f64>()
                / n as f64;
            eprintln!("tree {}: log loss {loss:.4}, error {err:.4}", t + 1);
        }
    }
    if !verbose {
        return text;
    }
    let total: f64 = gain_by_feature.iter().sum();
    let mut order: Vec<usize> = (0..FEATURES).collect();
    order.sort_by(|&a, &b| gain_by_feature[b].total_cmp(&gain_by_feature[a]));
    for f in order {
        eprintln!(
            "  {:<14} {:.3}",
            FEATURE_NAMES[f],
            gain_by_feature[f] / total.max(1e-12)
        );
    }
    text
}

/// One tree of depth [`DEPTH`], grown level by level with histogram splits. Returns the splits
/// (feature, last bin going left; `None`: everything goes left) in breadth-first order, the
/// leaf values (already shrunk) and each sample's leaf.
#[allow(clippy::type_complexity)]
fn fit_tree(
    data: &Data,
    g: &[f64],
    h: &[f64],
    gains: &mut [f64; FEATURES],
) -> (Vec<(usize, Option<usize>)>, Vec<f64>, Vec<usize>) {
    let n = g.len();
    let mut node = vec![0usize; n];
    let mut splits = Vec::new();
    for level in 0..DEPTH {
        let nodes = 1 << level;
        let mut hist = vec![(0.0f64, 0.0f64); nodes * FEATURES * BINS];
        for i in 0..n {
            let base = node[i] * FEATURES * BINS;
            for (f, &b) in data.bins[i].iter().enumerate() {
                let e = &mut hist[base + f * BINS + b as usize];
                e.0 += g[i];
                e.1 += h[i];
            }
        }
        let mut level_splits = Vec::new();
        for k in 0..nodes {
            let base = k * FEATURES * BINS;
            let (gt, ht) = hist[base..base + BINS]
                .iter()
                .fold((0.0, 0.0), |a, e| (a.0 + e.0, a.1 + e.1));
            let parent = gt * gt / (ht + LAMBDA);
            let mut best: (f64, usize, Option<usize>) = (0.0, 0, None);
            for f in 0..FEATURES {
                let (mut gl, mut hl) = (0.0, 0.0);
                for b in 0..BINS - 1 {
                    let e = hist[base + f * BINS + b];
                    gl += e.0;
                    hl += e.1;
                    let (gr, hr) = (gt - gl, ht - hl);
                    if hl < MIN_CHILD || hr < MIN_CHILD {
                        continue;
                    }
                    let gain = gl * gl / (hl + LAMBDA) + gr * gr / (hr + LAMBDA) - parent;
                    if gain > best.0 {
                        best = (gain, f, Some(b));
                    }
                }
            }
            if best.2.is_some() {
                gains[best.1] += best.0;
            }
            level_splits.push((best.1, best.2));
        }
        for i in 0..n {
            let (f, b) = level_splits[node[i]];
            let left = match b {
                Some(b) => (data.bins[i][f] as usize) <= b,
                None => true,
            };
            node[i] = 2 * node[i] + if left { 0 } else { 1 };
        }
        splits.extend(level_splits);
    }
    let leaves_n = 1 << DEPTH;
    let mut sums = vec![(0.0f64, 0.0f64); leaves_n];
    for i in 0..n {
        sums[node[i]].0 += g[i];
        sums[node[i]].1 += h[i];
    }
    let leaves: Vec<f64> = sums
        .iter()
        .map(|&(gs, hs)| -gs / (hs + LAMBDA) * LEARNING_RATE)
        .collect();
    (splits, leaves, node)
}
