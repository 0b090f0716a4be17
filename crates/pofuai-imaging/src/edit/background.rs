//! `remove_background`: product cut-out with a soft alpha edge (colour models, graph cuts and a
//! small learned per-pixel model of our own).
//!
//! Pipeline, all deterministic:
//! 1. Work on a copy whose longer side is at most [`WORK_SIDE`] px, in CIE Lab, lightly smoothed.
//! 2. Background colour model: k-means clusters (with per-cluster spread) of a border strip; a
//!    cluster found on one side of the frame only is also tried as foreground (a tight crop).
//! 3. Flood fill from the border through pixels close to that model (lightness weighted down, so
//!    soft shadows and illumination gradients count as background).
//! 4. Morphological open/close, keep one object (the largest component weighted by closeness to
//!    the centre, plus pieces inside its box: props beside the product are dropped), drop
//!    enclosed background-coloured holes no larger than a fifth of the object (a mug handle,
//!    not a white mug's own body) and fill the small ones.
//! 5. GrabCut-like band relabelling, then a real GrabCut (Rother et al.) on a grid of at most
//!    [`CUT_SIDE`] px inside a box around the object: colour mixtures refitted to the labels, a
//!    contrast-sensitive smoothness term and an exact minimum cut (`maxflow.rs`). Edges decide
//!    where colours cannot (a grey box on a grey sweep, a white mug on white).
//! 6. Touching props: a part of the kept region of another hue standing beside the main part
//!    is made forced background and the graph cut runs again; then flat backdrop-chroma pieces
//!    at the bottom of the mask (a floor shadow) are dropped.
//! 7. The learned model (`learned.rs`) scores every working pixel from its features (colour
//!    distance to the border model, edges, the lowest barrier on any path to the frame,
//!    position, and what steps 3–6 decided); its logit is the unary term of a final graph cut
//!    over the whole frame, then one main object is kept.
//! 8. Confidence: the model's expected IoU of the kept mask × a plausible size × placement (a
//!    region far off-centre that does not run off the frame) × (1 − the share of the mask that
//!    the prop split still calls a prop beside the main part). Without a model: border share ×
//!    (1 − ambiguous share)² × size × √(agreement of the flood and the graph cut) × placement.
//!    Below [`LOW_CONFIDENCE`] the caller must not trust it.
//! 9. Upsample the mask to full size and refine it with a guided filter (He et al.) on the
//!    luminance, giving an anti-aliased, edge-following alpha; alpha is capped where the edge
//!    pixel's colour is mostly the local backdrop's (no pale fringe).

use std::collections::VecDeque;

use image::RgbaImage;

use super::learned::{self, FEATURES};
use super::maxflow::Graph;
use super::pixels::{Plane, lab, linear_lut, luma};
use super::resize::scale;

/// Longer side of the working copy used for segmentation.
const WORK_SIDE: u32 = 384;
/// Longer side at which the soft alpha edge is computed (larger photos get it upsampled).
const ALPHA_SIDE: u32 = 1280;
/// Number of colour clusters in each colour model.
const CLUSTERS: usize = 6;
/// Weight of lightness against chroma in colour distances (shadows change mostly lightness).
const L_WEIGHT: f32 = 0.5;
/// A pixel joins the background flood when its normalised distance to the background model is
/// below this.
const FLOOD_THRESHOLD: f32 = 3.0;
/// GrabCut-like refinement rounds (each: refit both colour models, relabel the boundary band).
const REFINE_ROUNDS: usize = 3;

/// A cut-out and how much the segmentation trusts it.
#[derive(Debug, Clone)]
pub struct Cutout {
    /// The input with the background made transparent.
    pub image: RgbaImage,
    /// 0..=1: the learned model's expected IoU of the kept mask (its probabilities summed
    /// inside, over the kept pixels plus its probabilities outside), lowered when the
    /// foreground is implausibly small or large or far off-centre.
    /// `cutout_eval` prints how [`LOW_CONFIDENCE`] splits the evaluation set.
    pub confidence: f32,
    /// Diagnostics for the evaluation examples: the learned model's expected IoU, the
    /// agreement (IoU) of the learned mask with the colour-model pipeline's, the share of the
    /// mask that the prop split calls a prop standing beside the main part, and the mean edge
    /// strength along the mask's outline (1 = the image's strong edges). 0 without a model.
    #[doc(hidden)]
    pub signals: [f32; 4],
}

/// Cuts the product out of a studio or mildly cluttered background: RGBA output whose alpha is 0
/// on the background, 255 on the product and soft along the edge. When no foreground can be
/// found the image is returned unchanged (nothing is removed).
pub fn remove_background(img: &RgbaImage) -> RgbaImage {
    remove_background_with_confidence(img).image
}

/// [`remove_background`] plus a confidence score.
pub fn remove_background_with_confidence(img: &RgbaImage) -> Cutout {
    cutout_with_forest(img, learned::forest())
}

/// [`remove_background_with_confidence`] with another learned model than the compiled-in one
/// (or none: the colour-model pipeline alone). For the trainer's cross-validation.
#[doc(hidden)]
pub fn cutout_with_forest(img: &RgbaImage, forest: Option<&learned::Forest>) -> Cutout {
    if img.width() < 3 || img.height() < 3 {
        return Cutout {
            image: img.clone(),
            confidence: 0.0,
            signals: [0.0; 4],
        };
    }
    let (work, _) = fit_within(img, WORK_SIDE);
    let (w, h) = (work.width() as usize, work.height() as usize);
    let feats = lab_planes(&work);
    let border = border_indices(w, h);
    let Classic {
        flood,
        mut fg,
        dist,
        full_model,
        agreement,
    } = classic(&feats, w, h);
    // The learned model's probabilities, when there is a model.
    let mut probs: Option<Vec<f32>> = None;
    let classic_fg = fg.clone();
    if let Some(forest) = forest {
        let logits: Vec<f32> = learned_features(&feats, &full_model, &dist, &flood, &fg)
            .iter()
            .map(|f| forest.logit(f))
            .collect();
        let learned = learned_segment(&feats, &logits, w, h);
        if learned.iter().any(|&f| f) {
            fg = learned;
        }
        probs = Some(logits.iter().map(|&z| 1.0 / (1.0 + (-z).exp())).collect());
    }

    let fg_count = fg.iter().filter(|&&f| f).count();
    if fg_count == 0 {
        return Cutout {
            image: img.clone(),
            confidence: 0.0,
            signals: [0.0; 4],
        };
    }
    let border_bg = border.iter().filter(|&&i| !fg[i]).count() as f32 / border.len() as f32;
    let area = fg_count as f32 / (w * h) as f32;
    // Product photos frame the product: a sliver (a lamp's stem without its shade) or nearly the
    // whole frame means the segmentation lost the object.
    let area_ok = if (0.03..=0.9).contains(&area) {
        1.0
    } else {
        0.3
    };
    // Foreground that the background model nearly explains is where cut-outs go wrong (glass,
    // white-on-white, a product the colour of the table).
    let ambiguous = fg
        .iter()
        .zip(&dist.data)
        .filter(|&(&f, &d)| f && d < 2.0 * FLOOD_THRESHOLD)
        .count() as f32
        / fg_count as f32;
    // Two readings that disagree (the flood's and the graph cut's) mean one of them is wrong.
    // Product photos frame the product: a kept region well away from the centre that does not
    // run off the frame is more likely a prop or a piece of the scene than the product.
    let touches_frame = border.iter().any(|&i| fg[i]);
    let off_c = off_centre(&fg, w, h);
    let placed = if touches_frame {
        1.0
    } else {
        (1.0 - (off_c - 0.15).max(0.0) * 3.0).max(0.3)
    };
    let mut signals = [0.0f32; 4];
    let confidence = match &probs {
        // The model's expected IoU of the kept mask: expected intersection over expected union.
        Some(p) => {
            let (mut inter, mut outside) = (0.0f32, 0.0f32);
            for (&f, &q) in fg.iter().zip(p) {
                if f {
                    inter += q;
                } else {
                    outside += q;
                }
            }
            let expected_iou = inter / (fg_count as f32 + outside).max(1.0);
            let props = side_props(&fg, &feats, w, h);
            signals = [
                expected_iou,
                iou_of(&classic_fg, &fg),
                props.iter().filter(|&&p| p).count() as f32 / fg_count as f32,
                edge_support(&fg, &feats, w, h),
            ];
            // A kept region that still holds a part the prop split calls a prop standing
            // beside the main part holds two objects, and which one is the product is a
            // guess the model makes with confidence it has not earned (out of fold, a white
            // cup in front of a navy box kept both at 0.77).
            expected_iou * area_ok * placed * (1.0 - signals[2])
        }
        None => border_bg * (1.0 - ambiguous).powi(2) * area_ok * agreement.sqrt() * placed,
    };

    let mask = Plane {
        w,
        h,
        data: fg.iter().map(|&f| if f { 1.0 } else { 0.0 }).collect(),
    };
    let alpha = trim_fringe(img, &soft_alpha(img, &mask));
    let mut out = decontaminate(img, &alpha);
    for (p, &a) in out.pixels_mut().zip(&alpha.data) {
        p.0[3] = (f32::from(p.0[3]) * a.clamp(0.0, 1.0)).round() as u8;
    }
    Cutout {
        image: out,
        confidence: confidence.clamp(0.0, 1.0),
        signals,
    }
}

/// Mean edge strength along the mask's outline, each outline pixel taking the strongest
/// gradient within one pixel (an outline one pixel off the edge still counts), divided by the
/// image's 95th-percentile gradient and capped at 1. A cut that runs through flat colour (a
/// product cut in half, a shadow kept) scores low; one that follows the object's outline high.
fn edge_support(fg: &[bool], feats: &Features, w: usize, h: usize) -> f32 {
    let [l, a, b] = &feats.0;
    let grad: Vec<f32> = (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            let (x0, x1) = (x.saturating_sub(1), (x + 1).min(w - 1));
            let (y0, y1) = (y.saturating_sub(1), (y + 1).min(h - 1));
            let mut g = 0.0;
            for (p, k) in [(l, L_WEIGHT), (a, 1.0), (b, 1.0)] {
                let gx = p.data[y * w + x1] - p.data[y * w + x0];
                let gy = p.data[y1 * w + x] - p.data[y0 * w + x];
                g += k * k * (gx * gx + gy * gy);
            }
            g.sqrt()
        })
        .collect();
    let mut sorted = grad.clone();
    let k = ((sorted.len() - 1) as f32 * 0.95) as usize;
    let (_, g95, _) = sorted.select_nth_unstable_by(k, f32::total_cmp);
    let g95 = g95.max(1.0);
    let (mut sum, mut n) = (0.0f32, 0usize);
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let outline = fg[i]
                && ((x > 0 && !fg[i - 1])
                    || (x + 1 < w && !fg[i + 1])
                    || (y > 0 && !fg[i - w])
                    || (y + 1 < h && !fg[i + w]));
            if !outline {
                continue;
            }
            let mut m = 0.0f32;
            for yy in y.saturating_sub(1)..(y + 2).min(h) {
                for xx in x.saturating_sub(1)..(x + 2).min(w) {
                    m = m.max(grad[yy * w + xx]);
                }
            }
            sum += (m / g95).min(1.0);
            n += 1;
        }
    }
    if n == 0 { 0.0 } else { sum / n as f32 }
}

/// Features of every working pixel for the learned foreground model.
fn learned_features(
    feats: &Features,
    model: &Mixture,
    dist: &Plane,
    flood: &[bool],
    cut: &[bool],
) -> Vec<[f32; FEATURES]> {
    let (w, h) = (dist.w, dist.h);
    let l_vs_bg = Plane {
        w,
        h,
        data: (0..w * h)
            .map(|i| {
                let v = feats.at(i);
                match model.comps.get(model.nearest(v)) {
                    Some(c) => v[0] - c.mean[0] / L_WEIGHT,
                    None => 0.0,
                }
            })
            .collect(),
    };
    learned::features(&learned::Inputs {
        w,
        h,
        lab: [&feats.0[0], &feats.0[1], &feats.0[2]],
        bg_dist: dist,
        l_vs_bg: &l_vs_bg,
        flood,
        cut,
    })
}

/// For training the learned model (`examples/cutout_train.rs`): the working size and the
/// features of every working pixel, exactly as [`remove_background_with_confidence`] computes
/// them.
#[doc(hidden)]
pub fn cutout_training_features(img: &RgbaImage) -> (usize, usize, Vec<[f32; FEATURES]>) {
    let (work, _) = fit_within(img, WORK_SIDE);
    let (w, h) = (work.width() as usize, work.height() as usize);
    let feats = lab_planes(&work);
    let c = classic(&feats, w, h);
    (
        w,
        h,
        learned_features(&feats, &c.full_model, &c.dist, &c.flood, &c.fg),
    )
}

/// The final segmentation from the learned model's logits: a graph cut whose unary term is the
/// model's (−ln p against −ln(1 − p)) plus the colour mixtures fitted to its labels, with the
/// contrast-sensitive smoothness term, then one main object with its small holes filled.
fn learned_segment(feats: &Features, logits: &[f32], w: usize, h: usize) -> Vec<bool> {
    let seed: Vec<bool> = logits.iter().map(|&z| z > 0.0).collect();
    let no_bg = vec![false; w * h];
    let fg = grab_cut_prior(feats, &seed, (0, 0, w, h), &no_bg, Some(logits));
    let fg = keep_main_object(&close(&open(&fg, w, h, 1), w, h, 1), w, h);
    fill_small_holes(&fg, w, h)
}

/// What the colour-model pipeline found (flood, graph cut, prop split, shadow removal).
struct Classic {
    flood: Vec<bool>,
    fg: Vec<bool>,
    dist: Plane,
    full_model: Mixture,
    agreement: f32,
}

/// The colour-model pipeline at working size: border colour model, flood, graph cut, props,
/// floor shadow.
fn classic(feats: &Features, w: usize, h: usize) -> Classic {
    let border = border_indices(w, h);
    let samples: Vec<[f32; 3]> = border.iter().map(|&i| feats.at(i)).collect();
    let sides: Vec<usize> = border.iter().map(|&i| side_of(i, w, h)).collect();
    let full_model = Mixture::fit(&samples);
    let (mut fg, mut dist) = segment(feats, &full_model);
    // Tight crop: when some border colours sit on one side only, also try without them and keep
    // that reading when it yields one dominant object that is larger (the product running off
    // the frame) rather than extra pieces of clutter.
    let mut surround_model = Mixture::fit(&samples);
    if surround_model.keep_surrounding(&samples, &sides) {
        let (fg2, dist2) = segment(feats, &surround_model);
        let count = |m: &[bool]| m.iter().filter(|&&f| f).count();
        if count(&fg2) > count(&fg) && dominant_share(&fg2, w, h) >= 0.9 {
            (fg, dist) = (fg2, dist2);
        }
    }

    // Graph cut inside a box around the flood's object (or the central part of the frame when
    // the flood found nothing, as with a product the colour of its backdrop): colour models and
    // edges decide together, so a product whose body the backdrop model explains is not lost.
    let flood = fg.clone();
    let rect = object_rect(&flood, w, h);
    let seed = if flood.iter().any(|&f| f) {
        flood.clone()
    } else {
        rect_mask(shrink_rect(rect, w, h), w, h)
    };
    let no_bg = vec![false; w * h];
    fg = grab_cut(feats, &seed, rect, &no_bg);
    fg = keep_main_object(&close(&open(&fg, w, h, 1), w, h, 1), w, h);
    fg = fill_small_holes(&fg, w, h);
    // Props that touch the product form one connected region with it: a part of another
    // colour standing beside the main part (products stack their parts vertically: cap over
    // bottle, shade over base) is taken as a prop and cut again as background.
    let props = side_props(&fg, feats, w, h);
    let split = props.iter().any(|&p| p);
    if split {
        let rest = keep_main_object(
            &fg.iter()
                .zip(&props)
                .map(|(&f, &p)| f && !p)
                .collect::<Vec<_>>(),
            w,
            h,
        );
        let recut = grab_cut(feats, &rest, object_rect(&rest, w, h), &props);
        let recut = keep_main_object(&close(&open(&recut, w, h, 1), w, h, 1), w, h);
        if recut.iter().any(|&f| f) {
            fg = fill_small_holes(&recut, w, h);
        }
    }
    fg = drop_floor_shadow(&fg, feats, &full_model, w, h);
    // The flood knows nothing of props split off: compare the readings without them.
    let flood_rest: Vec<bool> = if split {
        flood.iter().zip(&props).map(|(&f, &p)| f && !p).collect()
    } else {
        flood.clone()
    };
    let agreement = iou_of(&flood_rest, &fg);

    Classic {
        flood,
        fg,
        dist,
        full_model,
        agreement,
    }
}

/// Flood fill, clean-up and GrabCut-like refinement with one background model: the foreground
/// mask at working size and the distance map it came from.
fn segment(feats: &Features, bg_model: &Mixture) -> (Vec<bool>, Plane) {
    let (w, h) = (feats.0[0].w, feats.0[0].h);
    let dist = Plane {
        w,
        h,
        data: (0..w * h).map(|i| bg_model.distance(feats.at(i))).collect(),
    };
    let mut fg = flood_background(&dist, FLOOD_THRESHOLD)
        .iter()
        .map(|&b| !b)
        .collect::<Vec<_>>();
    let radius = (w.max(h) / 200).max(1);
    fg = close(&open(&fg, w, h, radius), w, h, radius * 2);
    fg = keep_main_object(&fg, w, h);
    fg = resolve_holes(&fg, &dist, w, h);
    for _ in 0..REFINE_ROUNDS {
        if fg.iter().all(|&f| !f) {
            break;
        }
        fg = refine(&fg, feats, w, h);
        fg = keep_main_object(&open(&fg, w, h, 1), w, h);
        fg = resolve_holes(&fg, &dist, w, h);
    }
    (fg, dist)
}

/// Share of the foreground in its largest component (0 when empty).
fn dominant_share(fg: &[bool], w: usize, h: usize) -> f32 {
    let (_, info) = components(fg, w, h, true);
    let total: usize = info.iter().map(|c| c.0).sum();
    let largest = info.iter().map(|c| c.0).max().unwrap_or(0);
    if total == 0 {
        0.0
    } else {
        largest as f32 / total as f32
    }
}

/// The image scaled so its longer side is at most `max_side`, and the scale factor used.
fn fit_within(img: &RgbaImage, max_side: u32) -> (RgbaImage, f32) {
    let side = img.width().max(img.height());
    if side <= max_side {
        return (img.clone(), 1.0);
    }
    let k = max_side as f32 / side as f32;
    let w = ((img.width() as f32 * k).round() as u32).max(3);
    let h = ((img.height() as f32 * k).round() as u32).max(3);
    match scale(img, w, h, false) {
        Ok(small) => (small, k),
        Err(_) => (img.clone(), 1.0),
    }
}

/// Lab planes, smoothed with a 3×3 mean to tame JPEG and sensor noise.
struct Features([Plane; 3]);

impl Features {
    fn at(&self, i: usize) -> [f32; 3] {
        [self.0[0].data[i], self.0[1].data[i], self.0[2].data[i]]
    }
}

fn lab_planes(img: &RgbaImage) -> Features {
    let lut = linear_lut();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut planes = [
        Plane::new(w, h, 0.0),
        Plane::new(w, h, 0.0),
        Plane::new(w, h, 0.0),
    ];
    for (i, p) in img.pixels().enumerate() {
        let v = lab(&lut, p.0[0], p.0[1], p.0[2]);
        for c in 0..3 {
            planes[c].data[i] = v[c];
        }
    }
    Features(planes.map(|p| p.box_blur(1)))
}

/// Which side of the frame a border pixel belongs to: 0 top, 1 bottom, 2 left, 3 right (by the
/// nearest edge).
fn side_of(i: usize, w: usize, h: usize) -> usize {
    let (x, y) = (i % w, i / w);
    let d = [y, h - 1 - y, x, w - 1 - x];
    (0..4).min_by_key(|&k| d[k]).unwrap_or(0)
}

/// Indices of a border strip about 3 % of the shorter side wide (at least 2 px).
fn border_indices(w: usize, h: usize) -> Vec<usize> {
    let b = ((w.min(h) as f32 * 0.03).round() as usize)
        .max(2)
        .min(w.min(h).div_ceil(2));
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            if x < b || y < b || x >= w - b || y >= h - b {
                out.push(y * w + x);
            }
        }
    }
    out
}

/// A mixture of diagonal gaussians in weighted Lab, fitted with deterministic k-means.
struct Mixture {
    comps: Vec<Component>,
}

struct Component {
    weight: f32,
    mean: [f32; 3],
    inv_var: [f32; 3],
    log_norm: f32,
}

/// Floor on a cluster's standard deviation, in Lab units, so flat backgrounds still tolerate
/// noise and JPEG artefacts.
const MIN_STD: f32 = 2.0;

/// Lightness drop (Lab units) that is treated leniently as a possible shadow.
const SHADOW_DEPTH: f32 = 35.0;

/// Weighted lightness difference for a pixel `drop` Lab units darker than a background cluster.
fn shade(drop: f32) -> f32 {
    0.2 * drop.min(SHADOW_DEPTH) + 0.8 * (drop - SHADOW_DEPTH).max(0.0)
}

fn weighted(v: [f32; 3]) -> [f32; 3] {
    [v[0] * L_WEIGHT, v[1], v[2]]
}

fn sq_dist(a: [f32; 3], b: [f32; 3]) -> f32 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

impl Mixture {
    fn fit(samples: &[[f32; 3]]) -> Self {
        let pts: Vec<[f32; 3]> = subsample(samples, 6000).into_iter().map(weighted).collect();
        if pts.is_empty() {
            return Self { comps: Vec::new() };
        }
        let centres = kmeans(&pts, CLUSTERS);
        let mut sums = vec![([0.0f64; 3], [0.0f64; 3], 0usize); centres.len()];
        for p in &pts {
            let j = nearest(&centres, *p);
            let s = &mut sums[j];
            for (c, &v) in p.iter().enumerate() {
                s.0[c] += f64::from(v);
                s.1[c] += f64::from(v) * f64::from(v);
            }
            s.2 += 1;
        }
        let n = pts.len() as f32;
        let comps = sums
            .iter()
            .filter(|s| s.2 as f32 >= 0.01 * n)
            .map(|(sum, sq, cnt)| {
                let cnt = *cnt as f64;
                let mean = [0, 1, 2].map(|c| (sum[c] / cnt) as f32);
                let var = [0, 1, 2].map(|c| {
                    let v = (sq[c] / cnt - (sum[c] / cnt).powi(2)).max(0.0) as f32;
                    v + MIN_STD * MIN_STD
                });
                let weight = cnt as f32 / n;
                let log_norm = weight.ln() - 0.5 * var.iter().map(|v| v.ln()).sum::<f32>();
                Component {
                    weight,
                    mean,
                    inv_var: var.map(|v| 1.0 / v),
                    log_norm,
                }
            })
            .collect();
        Self { comps }
    }

    /// Smallest variance-normalised distance to any component (a Mahalanobis distance), where a
    /// pixel darker than the component is penalised less for the first [`SHADOW_DEPTH`] units of
    /// lightness: a soft shadow on the backdrop is still backdrop, a black product is not.
    fn distance(&self, v: [f32; 3]) -> f32 {
        let w = weighted(v);
        self.comps
            .iter()
            .map(|c| {
                let dl = w[0] - c.mean[0];
                let dl = if dl >= 0.0 { dl } else { shade(-dl / L_WEIGHT) };
                dl * dl * c.inv_var[0]
                    + (w[1] - c.mean[1]).powi(2) * c.inv_var[1]
                    + (w[2] - c.mean[2]).powi(2) * c.inv_var[2]
            })
            .fold(f32::INFINITY, f32::min)
            .sqrt()
    }

    /// Drops border clusters that sit on one side of the frame only: those are most likely the
    /// product running off the frame (a tight crop), not the backdrop, which surrounds it. A
    /// cluster stays when it covers at least 5 % of two sides, or 40 % of the whole border.
    /// Returns whether any cluster was dropped.
    fn keep_surrounding(&mut self, samples: &[[f32; 3]], sides: &[usize]) -> bool {
        if self.comps.len() < 2 {
            return false;
        }
        let mut side_totals = [0usize; 4];
        let mut counts = vec![[0usize; 4]; self.comps.len()];
        for (s, &side) in samples.iter().zip(sides) {
            side_totals[side] += 1;
            counts[self.nearest(*s)][side] += 1;
        }
        let keep: Vec<bool> = self
            .comps
            .iter()
            .zip(&counts)
            .map(|(c, n)| {
                let sides_covered = (0..4)
                    .filter(|&k| side_totals[k] > 0 && n[k] * 20 >= side_totals[k])
                    .count();
                sides_covered >= 2 || c.weight >= 0.4
            })
            .collect();
        if keep.iter().all(|&k| k) || !keep.iter().any(|&k| k) {
            return false;
        }
        let mut flags = keep.into_iter();
        self.comps.retain(|_| flags.next().unwrap_or(true));
        true
    }

    /// Index of the component at the smallest normalised distance.
    fn nearest(&self, v: [f32; 3]) -> usize {
        let w = weighted(v);
        let mut best = (0, f32::INFINITY);
        for (j, c) in self.comps.iter().enumerate() {
            let d: f32 = (0..3)
                .map(|k| (w[k] - c.mean[k]).powi(2) * c.inv_var[k])
                .sum();
            if d < best.1 {
                best = (j, d);
            }
        }
        best.0
    }

    /// Log-likelihood of the best component (a hard-assignment approximation of the mixture).
    fn log_likelihood(&self, v: [f32; 3]) -> f32 {
        let v = weighted(v);
        self.comps
            .iter()
            .map(|c| {
                c.log_norm
                    - 0.5
                        * (0..3)
                            .map(|k| (v[k] - c.mean[k]).powi(2) * c.inv_var[k])
                            .sum::<f32>()
            })
            .fold(f32::NEG_INFINITY, f32::max)
    }
}

fn subsample(samples: &[[f32; 3]], max: usize) -> Vec<[f32; 3]> {
    let step = samples.len().div_ceil(max).max(1);
    samples.iter().step_by(step).copied().collect()
}

fn nearest(centres: &[[f32; 3]], p: [f32; 3]) -> usize {
    let mut best = (0, f32::INFINITY);
    for (j, c) in centres.iter().enumerate() {
        let d = sq_dist(*c, p);
        if d < best.1 {
            best = (j, d);
        }
    }
    best.0
}

/// k-means with a deterministic farthest-point start (from the sample mean) and 8 Lloyd steps.
fn kmeans(pts: &[[f32; 3]], k: usize) -> Vec<[f32; 3]> {
    let n = pts.len() as f32;
    let mean = pts.iter().fold([0.0f32; 3], |a, p| {
        [a[0] + p[0] / n, a[1] + p[1] / n, a[2] + p[2] / n]
    });
    let mut centres = vec![mean];
    let mut d2: Vec<f32> = pts.iter().map(|p| sq_dist(*p, mean)).collect();
    while centres.len() < k {
        let (far, &dmax) =
            d2.iter().enumerate().fold(
                (0, &0.0f32),
                |best, (i, d)| if *d > *best.1 { (i, d) } else { best },
            );
        if dmax < 1.0 {
            break; // every point is within 1 unit of a centre already
        }
        let c = pts[far];
        centres.push(c);
        for (d, p) in d2.iter_mut().zip(pts) {
            *d = d.min(sq_dist(*p, c));
        }
    }
    for _ in 0..8 {
        let mut acc = vec![([0.0f64; 3], 0usize); centres.len()];
        for p in pts {
            let j = nearest(&centres, *p);
            for (a, &v) in acc[j].0.iter_mut().zip(p) {
                *a += f64::from(v);
            }
            acc[j].1 += 1;
        }
        for (c, (sum, cnt)) in centres.iter_mut().zip(&acc) {
            if *cnt > 0 {
                *c = [0, 1, 2].map(|i| (sum[i] / *cnt as f64) as f32);
            }
        }
    }
    centres
}

/// Marks as background every pixel connected to the image border through pixels whose distance
/// to the background model is below `threshold` (4-connectivity).
fn flood_background(dist: &Plane, threshold: f32) -> Vec<bool> {
    let (w, h) = (dist.w, dist.h);
    let mut bg = vec![false; w * h];
    let mut queue = VecDeque::new();
    for i in border_indices(w, h) {
        if dist.data[i] < threshold && !bg[i] {
            bg[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(i) = queue.pop_front() {
        let (x, y) = (i % w, i / w);
        let mut visit = |j: usize| {
            if !bg[j] && dist.data[j] < threshold {
                bg[j] = true;
                queue.push_back(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < w {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - w);
        }
        if y + 1 < h {
            visit(i + w);
        }
    }
    bg
}

/// Dilation (`grow`) or erosion with a (2r+1)² square, as two separable passes.
fn morph(mask: &[bool], w: usize, h: usize, r: usize, grow: bool) -> Vec<bool> {
    if r == 0 {
        return mask.to_vec();
    }
    let pass = |src: &[bool], horizontal: bool| -> Vec<bool> {
        let mut out = vec![false; src.len()];
        for y in 0..h {
            for x in 0..w {
                let (c, len) = if horizontal { (x, w) } else { (y, h) };
                let lo = c.saturating_sub(r);
                let hi = (c + r).min(len - 1);
                let mut any = !grow;
                for t in lo..=hi {
                    let v = if horizontal {
                        src[y * w + t]
                    } else {
                        src[t * w + x]
                    };
                    if grow && v {
                        any = true;
                        break;
                    }
                    if !grow && !v {
                        any = false;
                        break;
                    }
                }
                out[y * w + x] = any;
            }
        }
        out
    };
    pass(&pass(mask, true), false)
}

fn open(mask: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    morph(&morph(mask, w, h, r, false), w, h, r, true)
}

fn close(mask: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    morph(&morph(mask, w, h, r, true), w, h, r, false)
}

/// Labels 4-connected components of `value` pixels; returns labels (0 = not `value`) and sizes
/// indexed by label − 1, plus whether each component touches the border.
fn components(mask: &[bool], w: usize, h: usize, value: bool) -> (Vec<u32>, Vec<(usize, bool)>) {
    let mut labels = vec![0u32; w * h];
    let mut info = Vec::new();
    let mut queue = VecDeque::new();
    for start in 0..w * h {
        if mask[start] != value || labels[start] != 0 {
            continue;
        }
        let label = info.len() as u32 + 1;
        let (mut size, mut touches) = (0usize, false);
        labels[start] = label;
        queue.push_back(start);
        while let Some(i) = queue.pop_front() {
            size += 1;
            let (x, y) = (i % w, i / w);
            if x == 0 || y == 0 || x + 1 == w || y + 1 == h {
                touches = true;
            }
            let neighbours = [
                (x > 0).then(|| i - 1),
                (x + 1 < w).then(|| i + 1),
                (y > 0).then(|| i - w),
                (y + 1 < h).then(|| i + w),
            ];
            for j in neighbours.into_iter().flatten() {
                if mask[j] == value && labels[j] == 0 {
                    labels[j] = label;
                    queue.push_back(j);
                }
            }
        }
        info.push((size, touches));
    }
    (labels, info)
}

/// Enclosed holes. A sizeable region inside the object that clearly matches the background
/// model (the inside of a mug handle, a ring, a loop of cable) becomes background; any other
/// small hole in the mask is filled.
fn resolve_holes(fg: &[bool], dist: &Plane, w: usize, h: usize) -> Vec<bool> {
    let min_hole = (w * h / 500).max(4);
    let strict: Vec<bool> = fg
        .iter()
        .zip(&dist.data)
        .map(|(&f, &d)| f && d < FLOOD_THRESHOLD * 0.6)
        .collect();
    let strict = open(&strict, w, h, 1);
    let (labels, info) = components(&strict, w, h, true);
    let mut out = fg.to_vec();
    // Bounded: a backdrop-coloured region larger than a fifth of the object is the object's own
    // body (a white mug on white), not a hole through it.
    let max_hole = fg.iter().filter(|&&f| f).count() / 5;
    for (o, &l) in out.iter_mut().zip(&labels) {
        if l != 0 && (min_hole..=max_hole).contains(&info[l as usize - 1].0) {
            *o = false;
        }
    }
    let (labels, info) = components(&out, w, h, false);
    for (o, &l) in out.iter_mut().zip(&labels) {
        if l != 0 {
            let (size, touches) = info[l as usize - 1];
            if !touches && size < min_hole {
                *o = true;
            }
        }
    }
    out
}

/// Distance (in px, chessboard metric, capped) from each pixel to the nearest pixel of the
/// other label.
fn boundary_distance(fg: &[bool], w: usize, h: usize, cap: usize) -> Vec<usize> {
    let mut d = vec![cap; w * h];
    let mut queue = VecDeque::new();
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let edge = (x > 0 && fg[i - 1] != fg[i])
                || (x + 1 < w && fg[i + 1] != fg[i])
                || (y > 0 && fg[i - w] != fg[i])
                || (y + 1 < h && fg[i + w] != fg[i]);
            if edge {
                d[i] = 0;
                queue.push_back(i);
            }
        }
    }
    while let Some(i) = queue.pop_front() {
        let next = d[i] + 1;
        if next >= cap {
            continue;
        }
        let (x, y) = (i % w, i / w);
        for dy in -1i32..=1 {
            for dx in -1i32..=1 {
                let (xx, yy) = (x as i32 + dx, y as i32 + dy);
                if xx < 0 || yy < 0 || xx >= w as i32 || yy >= h as i32 {
                    continue;
                }
                let j = yy as usize * w + xx as usize;
                if d[j] > next {
                    d[j] = next;
                    queue.push_back(j);
                }
            }
        }
    }
    d
}

/// One GrabCut-like step: colour mixtures from the confident interior and exterior, then the
/// pixels within a band of the boundary take the label with the larger smoothed likelihood.
fn refine(fg: &[bool], feats: &Features, w: usize, h: usize) -> Vec<bool> {
    let band = (w.max(h) / 40).max(3);
    let dist = boundary_distance(fg, w, h, band + 3);
    let (mut fg_s, mut bg_s) = (Vec::new(), Vec::new());
    for (i, &f) in fg.iter().enumerate() {
        if dist[i] >= 2 {
            if f {
                fg_s.push(feats.at(i));
            } else {
                bg_s.push(feats.at(i));
            }
        }
    }
    if fg_s.len() < 50 || bg_s.len() < 50 {
        return fg.to_vec();
    }
    let fg_model = Mixture::fit(&fg_s);
    let bg_model = Mixture::fit(&bg_s);
    let llr = Plane::from_fn(w, h, |x, y| {
        let i = y * w + x;
        if dist[i] > band {
            if fg[i] { 10.0 } else { -10.0 }
        } else {
            let v = feats.at(i);
            (fg_model.log_likelihood(v) - bg_model.log_likelihood(v)).clamp(-10.0, 10.0)
        }
    });
    // Spatial coherence: average the evidence over a small window, with a bias towards the
    // current label so only clear evidence flips a pixel.
    let smooth = llr.box_blur(1);
    fg.iter()
        .enumerate()
        .map(|(i, &f)| {
            if dist[i] > band {
                f
            } else {
                smooth.data[i] + if f { 1.0 } else { -1.0 } > 0.0
            }
        })
        .collect()
}

/// Full-resolution soft alpha: the working mask upsampled bilinearly, then a guided filter on the
/// luminance so the edge follows the photo, a mild contrast curve, and a one-pixel feather.
/// Above [`ALPHA_SIDE`] the filter runs on a downscaled copy and its result is upsampled, which
/// bounds memory and time on very large photos.
fn soft_alpha(img: &RgbaImage, mask: &Plane) -> Plane {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let (guide_img, _) = fit_within(img, ALPHA_SIDE);
    let (gw, gh) = (guide_img.width() as usize, guide_img.height() as usize);
    let up = if (mask.w, mask.h) == (gw, gh) {
        mask.clone()
    } else {
        bilinear(mask, gw, gh)
    };
    let guide = Plane::from_fn(gw, gh, |x, y| {
        let p = guide_img.get_pixel(x as u32, y as u32).0;
        luma(f32::from(p[0]), f32::from(p[1]), f32::from(p[2])) / 255.0
    });
    let r = (gw.max(gh) / 250).max(2);
    let q = guided_filter(&guide, &up, r, 1e-3);
    // Crisp where the photo has a clear edge, then a one-pixel feather so even a hard edge is
    // anti-aliased.
    let alpha = q
        .map(|v| ((v - 0.5) * 1.4 + 0.5).clamp(0.0, 1.0))
        .box_blur(1);
    if (gw, gh) == (w, h) {
        alpha
    } else {
        bilinear(&alpha, w, h)
    }
}

fn bilinear(src: &Plane, w: usize, h: usize) -> Plane {
    let sx = src.w as f32 / w as f32;
    let sy = src.h as f32 / h as f32;
    Plane::from_fn(w, h, |x, y| {
        let fx = ((x as f32 + 0.5) * sx - 0.5).clamp(0.0, (src.w - 1) as f32);
        let fy = ((y as f32 + 0.5) * sy - 0.5).clamp(0.0, (src.h - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(src.w - 1), (y0 + 1).min(src.h - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let at = |xx: usize, yy: usize| src.data[yy * src.w + xx];
        let top = at(x0, y0) * (1.0 - tx) + at(x1, y0) * tx;
        let bottom = at(x0, y1) * (1.0 - tx) + at(x1, y1) * tx;
        top * (1.0 - ty) + bottom * ty
    })
}

/// Guided filter (He, Sun, Tang 2010) with a gray guide.
fn guided_filter(guide: &Plane, p: &Plane, r: usize, eps: f32) -> Plane {
    let mean_i = guide.box_blur(r);
    let mean_p = p.box_blur(r);
    let corr_ii = guide.zip(guide, |a, b| a * b).box_blur(r);
    let corr_ip = guide.zip(p, |a, b| a * b).box_blur(r);
    let n = guide.data.len();
    let mut a = Plane::new(guide.w, guide.h, 0.0);
    let mut b = Plane::new(guide.w, guide.h, 0.0);
    for i in 0..n {
        let var = corr_ii.data[i] - mean_i.data[i] * mean_i.data[i];
        let cov = corr_ip.data[i] - mean_i.data[i] * mean_p.data[i];
        a.data[i] = cov / (var + eps);
        b.data[i] = mean_p.data[i] - a.data[i] * mean_i.data[i];
    }
    let (a, b) = (a.box_blur(r), b.box_blur(r));
    Plane {
        w: guide.w,
        h: guide.h,
        data: (0..n)
            .map(|i| a.data[i] * guide.data[i] + b.data[i])
            .collect(),
    }
}

/// Removes background colour spill from partly transparent edge pixels, so the cut-out does not
/// show a halo of the old backdrop on a new one. With local foreground and background colours
/// `F`, `B` (means of nearby confident pixels), the compositing equation `I = αF + (1 − α)B` is
/// solved for the pixel's own foreground colour, and leaned on `F` where alpha is small.
fn decontaminate(img: &RgbaImage, alpha: &Plane) -> RgbaImage {
    let (w, h) = (alpha.w, alpha.h);
    let r = (w.max(h) / 100).max(3);
    let fg_w = alpha.map(|a| if a > 0.95 { 1.0 } else { 0.0 });
    let bg_w = alpha.map(|a| if a < 0.05 { 1.0 } else { 0.0 });
    let (fg_n, bg_n) = (fg_w.box_blur(r), bg_w.box_blur(r));
    let mut out = img.clone();
    for c in 0..3 {
        let chan = Plane::from_fn(w, h, |x, y| {
            f32::from(img.get_pixel(x as u32, y as u32).0[c]) / 255.0
        });
        let fg_sum = chan.zip(&fg_w, |v, k| v * k).box_blur(r);
        let bg_sum = chan.zip(&bg_w, |v, k| v * k).box_blur(r);
        for (i, p) in out.pixels_mut().enumerate() {
            let a = alpha.data[i];
            if a <= 0.02 || a >= 0.98 || fg_n.data[i] < 1e-3 || bg_n.data[i] < 1e-3 {
                continue;
            }
            let f_local = fg_sum.data[i] / fg_n.data[i];
            let b_local = bg_sum.data[i] / bg_n.data[i];
            let f_est = ((chan.data[i] - (1.0 - a) * b_local) / a).clamp(0.0, 1.0);
            p.0[c] = super::pixels::to_u8(f_local + (f_est - f_local) * a);
        }
    }
    out
}

/// Below this confidence a cut-out is not trusted: templates show the uncut photo on a card
/// and the answer carries a `cutout_low_confidence` warning; applying it as a product edit
/// needs `force`.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// What a template shows for a photo it was asked to cut out.
#[derive(Debug, Clone)]
pub struct TemplatePhoto {
    /// The cut-out, or the uncut photo when the cut-out is not trusted.
    pub image: RgbaImage,
    /// The cut-out's confidence.
    pub confidence: f32,
    /// True when the confidence was below [`LOW_CONFIDENCE`] and the photo is used uncut (the
    /// template then draws it on a rounded card with a soft shadow).
    pub low_confidence: bool,
}

/// Cuts the product out for a template, falling back on the uncut photo when the cut-out's
/// confidence is below [`LOW_CONFIDENCE`]: a seller's post never shows a destroyed product.
pub fn cutout_for_template(img: &RgbaImage) -> TemplatePhoto {
    let cut = remove_background_with_confidence(img);
    if cut.confidence < LOW_CONFIDENCE {
        TemplatePhoto {
            image: opaque(img),
            confidence: cut.confidence,
            low_confidence: true,
        }
    } else {
        TemplatePhoto {
            image: cut.image,
            confidence: cut.confidence,
            low_confidence: false,
        }
    }
}

/// The photo with every pixel opaque, so the renderer treats it as a photo (a card), not as a
/// cut-out.
fn opaque(img: &RgbaImage) -> RgbaImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        p.0[3] = 255;
    }
    out
}

/// Longer side of the grid the graph cut runs on (larger working copies are averaged down).
const CUT_SIDE: usize = 192;
/// GrabCut rounds: refit both colour models to the current labels, then a new minimum cut.
const CUT_ROUNDS: usize = 3;
/// Weight of the contrast-sensitive smoothness term against the colour likelihoods
/// (Rother et al. use 50 on 8-connected grids).
const CUT_GAMMA: f32 = 50.0;

/// GrabCut-style segmentation (Rother, Kolmogorov, Blake 2004) on a grid of at most
/// [`CUT_SIDE`] px: foreground and background colour mixtures fitted to the current labels, a
/// contrast-sensitive smoothness term, and an exact minimum cut; pixels outside `rect` (x0, y0,
/// x1, y1, in working pixels) are background by constraint. `init` seeds the first models.
fn grab_cut(
    feats: &Features,
    init: &[bool],
    rect: (usize, usize, usize, usize),
    forced_bg: &[bool],
) -> Vec<bool> {
    grab_cut_prior(feats, init, rect, forced_bg, None)
}

/// Weight of the learned model's unary term against the colour mixtures' in the graph cut.
const PRIOR_WEIGHT: f32 = 4.0;
/// Weight of the colour mixtures when the learned model's term is there.
const PRIOR_COLOUR_WEIGHT: f32 = 0.5;

/// [`grab_cut`] with an optional per-pixel logit of the foreground probability (working size)
/// added to the unary term.
fn grab_cut_prior(
    feats: &Features,
    init: &[bool],
    rect: (usize, usize, usize, usize),
    forced_bg: &[bool],
    prior: Option<&[f32]>,
) -> Vec<bool> {
    let (w, h) = (feats.0[0].w, feats.0[0].h);
    let k = w.max(h).div_ceil(CUT_SIDE).max(1);
    let (cw, ch) = (w.div_ceil(k), h.div_ceil(k));
    // Averaged features and majority-vote seed labels on the coarse grid.
    let mut cf = vec![[0.0f32; 3]; cw * ch];
    let mut cnt = vec![0u32; cw * ch];
    let mut seed = vec![0u32; cw * ch];
    let mut forced = vec![0u32; cw * ch];
    let mut logit = vec![0.0f32; cw * ch];
    for y in 0..h {
        for x in 0..w {
            let (i, j) = (y * w + x, (y / k) * cw + x / k);
            if let Some(p) = prior {
                logit[j] += p[i];
            }
            let v = feats.at(i);
            for c in 0..3 {
                cf[j][c] += v[c];
            }
            cnt[j] += 1;
            seed[j] += u32::from(init[i]);
            forced[j] += u32::from(forced_bg[i]);
        }
    }
    for (v, &n) in cf.iter_mut().zip(&cnt) {
        *v = v.map(|c| c / n.max(1) as f32);
    }
    for (z, &n) in logit.iter_mut().zip(&cnt) {
        *z /= n.max(1) as f32;
    }
    let (rx0, ry0, rx1, ry1) = (
        rect.0 / k,
        rect.1 / k,
        rect.2.div_ceil(k),
        rect.3.div_ceil(k),
    );
    let inside = |j: usize| {
        let (x, y) = (j % cw, j / cw);
        x >= rx0 && x < rx1 && y >= ry0 && y < ry1 && forced[j] * 2 < cnt[j]
    };
    let mut fg: Vec<bool> = (0..cw * ch)
        .map(|j| inside(j) && seed[j] * 2 >= cnt[j])
        .collect();

    // Smoothness weights: exp(−β‖zi − zj‖²), β from the mean squared neighbour difference.
    let right = |j: usize| (j % cw + 1 < cw).then_some(j + 1);
    let down = |j: usize| (j / cw + 1 < ch).then_some(j + cw);
    let mut sum = 0.0f64;
    let mut pairs = 0usize;
    for j in 0..cw * ch {
        for n in [right(j), down(j)].into_iter().flatten() {
            sum += f64::from(sq_dist(cf[j], cf[n]));
            pairs += 1;
        }
    }
    let beta = if sum > 0.0 {
        (pairs as f64 / (2.0 * sum)) as f32
    } else {
        0.0
    };

    for _ in 0..CUT_ROUNDS {
        let fg_s: Vec<[f32; 3]> = (0..cw * ch).filter(|&j| fg[j]).map(|j| cf[j]).collect();
        let bg_s: Vec<[f32; 3]> = (0..cw * ch).filter(|&j| !fg[j]).map(|j| cf[j]).collect();
        if fg_s.len() < 20 || bg_s.len() < 20 {
            break;
        }
        let (fg_m, bg_m) = (Mixture::fit(&fg_s), Mixture::fit(&bg_s));
        let (s, t) = (cw * ch, cw * ch + 1);
        let mut g = Graph::new(cw * ch + 2);
        for j in 0..cw * ch {
            if !inside(j) {
                g.add_edge(j, t, 1e6, 0.0);
            } else {
                // Cost of each label: the negative log-likelihood under its model.
                let (mut u_fg, mut u_bg) =
                    (-fg_m.log_likelihood(cf[j]), -bg_m.log_likelihood(cf[j]));
                if prior.is_some() {
                    // −ln p and −ln(1 − p) from the logit z: softplus(−z), softplus(z).
                    let z = logit[j];
                    u_fg = PRIOR_COLOUR_WEIGHT * u_fg + PRIOR_WEIGHT * softplus(-z);
                    u_bg = PRIOR_COLOUR_WEIGHT * u_bg + PRIOR_WEIGHT * softplus(z);
                }
                let m = u_fg.min(u_bg);
                g.add_edge(s, j, u_bg - m, 0.0);
                g.add_edge(j, t, u_fg - m, 0.0);
            }
            for n in [right(j), down(j)].into_iter().flatten() {
                let wgt = CUT_GAMMA * (-beta * sq_dist(cf[j], cf[n])).exp();
                g.add_edge(j, n, wgt, wgt);
            }
        }
        let side = g.min_cut(s, t);
        let next: Vec<bool> = side[..cw * ch].to_vec();
        if next == fg {
            break;
        }
        fg = next;
    }
    // Back to working size.
    (0..w * h)
        .map(|i| fg[(i / w / k) * cw + (i % w) / k])
        .collect()
}

fn softplus(z: f32) -> f32 {
    if z > 15.0 { z } else { z.exp().ln_1p() }
}

/// Keeps one object: the component with the largest size weighted by closeness to the centre
/// of the frame (props stand beside the product), plus the pieces that lie mostly inside its
/// bounding box (a handle or a cap split off by a thin gap).
fn keep_main_object(fg: &[bool], w: usize, h: usize) -> Vec<bool> {
    let (labels, info) = components(fg, w, h, true);
    if info.len() <= 1 {
        return fg.to_vec();
    }
    let n = info.len();
    let mut sx = vec![0.0f64; n];
    let mut sy = vec![0.0f64; n];
    let mut bbox = vec![(usize::MAX, usize::MAX, 0usize, 0usize); n];
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            continue;
        }
        let k = l as usize - 1;
        let (x, y) = (i % w, i / w);
        sx[k] += x as f64;
        sy[k] += y as f64;
        let b = &mut bbox[k];
        *b = (b.0.min(x), b.1.min(y), b.2.max(x + 1), b.3.max(y + 1));
    }
    let score = |k: usize| {
        let size = info[k].0 as f64;
        let dx = sx[k] / size / w as f64 - 0.5;
        let dy = sy[k] / size / h as f64 - 0.5;
        size * (-(dx * dx + dy * dy) / (2.0 * 0.25 * 0.25)).exp()
    };
    let main = (0..n)
        .max_by(|&a, &b| score(a).total_cmp(&score(b)))
        .unwrap_or(0);
    let mb = bbox[main];
    let mut inside = vec![0usize; n];
    for (i, &l) in labels.iter().enumerate() {
        let (x, y) = (i % w, i / w);
        if l != 0 && x >= mb.0 && x < mb.2 && y >= mb.1 && y < mb.3 {
            inside[l as usize - 1] += 1;
        }
    }
    let keep: Vec<bool> = (0..n)
        .map(|k| k == main || inside[k] * 10 >= info[k].0 * 7)
        .collect();
    labels
        .iter()
        .map(|&l| l != 0 && keep[l as usize - 1])
        .collect()
}

/// Fills enclosed holes smaller than 2 % of the object (specks the cut left inside it).
fn fill_small_holes(fg: &[bool], w: usize, h: usize) -> Vec<bool> {
    let limit = fg.iter().filter(|&&f| f).count() / 50;
    let (labels, info) = components(fg, w, h, false);
    fg.iter()
        .zip(&labels)
        .map(|(&f, &l)| f || (l != 0 && !info[l as usize - 1].1 && info[l as usize - 1].0 <= limit))
        .collect()
}

/// The object's bounding box grown by 12 % of its size (at least 6 px), as (x0, y0, x1, y1);
/// the central 80 % of the frame when the mask is empty.
fn object_rect(fg: &[bool], w: usize, h: usize) -> (usize, usize, usize, usize) {
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (i, &f) in fg.iter().enumerate() {
        if f {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
        }
    }
    if x1 <= x0 {
        return (w / 10, h / 10, w - w / 10, h - h / 10);
    }
    let mx = ((x1 - x0) as f32 * 0.12).round().max(6.0) as usize;
    let my = ((y1 - y0) as f32 * 0.12).round().max(6.0) as usize;
    (
        x0.saturating_sub(mx),
        y0.saturating_sub(my),
        (x1 + mx).min(w),
        (y1 + my).min(h),
    )
}

/// The rectangle's middle (a quarter of each side trimmed), the seed when nothing else is known.
fn shrink_rect(
    r: (usize, usize, usize, usize),
    _w: usize,
    _h: usize,
) -> (usize, usize, usize, usize) {
    let (dx, dy) = ((r.2 - r.0) / 4, (r.3 - r.1) / 4);
    (r.0 + dx, r.1 + dy, r.2 - dx, r.3 - dy)
}

fn rect_mask(r: (usize, usize, usize, usize), w: usize, h: usize) -> Vec<bool> {
    (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            x >= r.0 && x < r.2 && y >= r.1 && y < r.3
        })
        .collect()
}

fn iou_of(a: &[bool], b: &[bool]) -> f32 {
    let inter = a.iter().zip(b).filter(|&(&x, &y)| x && y).count();
    let union = a.iter().zip(b).filter(|&(&x, &y)| x || y).count();
    if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    }
}

/// Parts of the kept region that are props standing against the product: the region's colours
/// are clustered, each cluster's large connected pieces are parts, and a part of clearly
/// another colour that stands beside the main part (little horizontal overlap with it) is a
/// prop. The main part is the largest one weighted by closeness to the frame's centre.
fn side_props(fg: &[bool], feats: &Features, w: usize, h: usize) -> Vec<bool> {
    let mut out = vec![false; w * h];
    let idx: Vec<usize> = (0..w * h).filter(|&i| fg[i]).collect();
    if idx.len() < 200 {
        return out;
    }
    let pts: Vec<[f32; 3]> = idx.iter().map(|&i| weighted(feats.at(i))).collect();
    let centres = kmeans(&subsample(&pts, 6000), 3);
    let mut label = vec![usize::MAX; w * h];
    for (&i, p) in idx.iter().zip(&pts) {
        label[i] = nearest(&centres, *p);
    }
    let r = (w.max(h) / 100).max(1);
    struct Part {
        pixels: Vec<usize>,
        x0: usize,
        x1: usize,
        cx: f32,
        cy: f32,
        colour: [f32; 3],
    }
    let mut parts = Vec::new();
    for c in 0..centres.len() {
        let m: Vec<bool> = label.iter().map(|&l| l == c).collect();
        let m = open(&m, w, h, r);
        let (labels, info) = components(&m, w, h, true);
        for (k, &(size, _)) in info.iter().enumerate() {
            if size * 10 < idx.len() {
                continue;
            }
            let pixels: Vec<usize> = (0..w * h)
                .filter(|&i| labels[i] as usize == k + 1)
                .collect();
            let (mut x0, mut x1, mut sx, mut sy) = (w, 0, 0.0f32, 0.0f32);
            let mut colour = [0.0f32; 3];
            for &i in &pixels {
                let (x, y) = (i % w, i / w);
                (x0, x1) = (x0.min(x), x1.max(x + 1));
                sx += x as f32;
                sy += y as f32;
                let v = weighted(feats.at(i));
                for ch in 0..3 {
                    colour[ch] += v[ch];
                }
            }
            let n = pixels.len() as f32;
            parts.push(Part {
                x0,
                x1,
                cx: sx / n / w as f32,
                cy: sy / n / h as f32,
                colour: colour.map(|v| v / n),
                pixels,
            });
        }
    }
    if parts.len() < 2 {
        return out;
    }
    // Parts that overlap horizontally are stacked pieces of one object (a label on a jar, a
    // lid, the lit and shaded halves of a cup): group them first.
    let n = parts.len();
    let mut group: Vec<usize> = (0..n).collect();
    let overlap = |a: &Part, b: &Part| a.x1.min(b.x1).saturating_sub(a.x0.max(b.x0));
    for a in 0..n {
        for b in a + 1..n {
            let narrower = (parts[a].x1 - parts[a].x0).min(parts[b].x1 - parts[b].x0);
            if overlap(&parts[a], &parts[b]) * 2 >= narrower {
                let (ga, gb) = (group[a], group[b]);
                group.iter_mut().filter(|g| **g == gb).for_each(|g| *g = ga);
            }
        }
    }
    // Main group: the largest weighted by the closeness of its centre to the frame's.
    let score = |g: usize| {
        let (mut size, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
        for (p, _) in parts.iter().zip(&group).filter(|(_, k)| **k == g) {
            let s = p.pixels.len() as f32;
            size += s;
            sx += p.cx * s;
            sy += p.cy * s;
        }
        if size == 0.0 {
            return 0.0;
        }
        let d2 = (sx / size - 0.5).powi(2) + (sy / size - 0.5).powi(2);
        size * (-d2 / (2.0 * 0.25 * 0.25)).exp()
    };
    let main = (0..n)
        .max_by(|&a, &b| score(a).total_cmp(&score(b)))
        .unwrap_or(0);
    let main_parts: Vec<&Part> = parts
        .iter()
        .zip(&group)
        .filter(|(_, g)| **g == main)
        .map(|(p, _)| p)
        .collect();
    let (mx0, mx1) = main_parts
        .iter()
        .fold((w, 0), |(a, b), p| (a.min(p.x0), b.max(p.x1)));
    for g in 0..n {
        if g == main || !group.contains(&g) {
            continue;
        }
        let members: Vec<&Part> = parts
            .iter()
            .zip(&group)
            .filter(|(_, k)| **k == g)
            .map(|(p, _)| p)
            .collect();
        let (gx0, gx1) = members
            .iter()
            .fold((w, 0), |(a, b), p| (a.min(p.x0), b.max(p.x1)));
        let ov = gx1.min(mx1).saturating_sub(gx0.max(mx0));
        let beside = ov * 4 < gx1 - gx0;
        // Hue and chroma tell objects apart; lightness mostly tells lit from shaded.
        // Each member's distance to the nearest main colour, averaged by size: a prop made
        // of two colours (a terracotta pot under green leaves) counts by what it mostly is.
        let (mut sum, mut total) = (0.0f32, 0.0f32);
        for p in &members {
            let d = main_parts
                .iter()
                .map(|m| chroma_dist(p.colour, m.colour))
                .fold(f32::INFINITY, f32::min);
            sum += d * p.pixels.len() as f32;
            total += p.pixels.len() as f32;
        }
        let dist = sum / total.max(1.0);
        if beside && dist > SIDE_PROP_COLOUR {
            for p in members {
                for &i in &p.pixels {
                    out[i] = true;
                }
            }
        }
    }
    out
}

/// Distance of two weighted-Lab colours with lightness counted at a quarter (on top of
/// [`L_WEIGHT`]).
fn chroma_dist(a: [f32; 3], b: [f32; 3]) -> f32 {
    (((a[0] - b[0]) * 0.5).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Colour distance (weighted Lab) above which a part beside the main one is another object.
const SIDE_PROP_COLOUR: f32 = 20.0;

/// Removes a floor shadow the segmentation kept: pieces of the mask at its bottom, flat, on its
/// outline, whose colour is the backdrop's chroma at a lower lightness (a shadow darkens the
/// floor without changing its hue; a product rarely has exactly the floor's chroma).
fn drop_floor_shadow(
    fg: &[bool],
    feats: &Features,
    bg_model: &Mixture,
    w: usize,
    h: usize,
) -> Vec<bool> {
    let (mut y0, mut y1) = (h, 0);
    for (i, &f) in fg.iter().enumerate() {
        if f {
            (y0, y1) = (y0.min(i / w), y1.max(i / w + 1));
        }
    }
    if y1 <= y0 + 4 {
        return fg.to_vec();
    }
    let height = (y1 - y0) as f32;
    let like: Vec<bool> = (0..w * h)
        .map(|i| fg[i] && bg_model.shadow_like(feats.at(i)))
        .collect();
    let (labels, info) = components(&like, w, h, true);
    let n = info.len();
    let mut top = vec![h; n];
    let mut bottom = vec![0usize; n];
    let mut sy = vec![0.0f32; n];
    let mut on_outline = vec![0usize; n];
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            continue;
        }
        let k = l as usize - 1;
        let (x, y) = (i % w, i / w);
        top[k] = top[k].min(y);
        bottom[k] = bottom[k].max(y + 1);
        sy[k] += y as f32;
        let outline = (x > 0 && !fg[i - 1])
            || (x + 1 < w && !fg[i + 1])
            || (y > 0 && !fg[i - w])
            || (y + 1 < h && !fg[i + w]);
        on_outline[k] += usize::from(outline);
    }
    let drop: Vec<bool> = (0..n)
        .map(|k| {
            let size = info[k].0;
            let cy = sy[k] / size as f32;
            size >= 4
                && cy > y0 as f32 + 0.7 * height
                && ((bottom[k] - top[k]) as f32) < 0.5 * height
                && on_outline[k] * 20 >= size.min(400)
        })
        .collect();
    if !drop.iter().any(|&d| d) {
        return fg.to_vec();
    }
    let out: Vec<bool> = fg
        .iter()
        .zip(&labels)
        .map(|(&f, &l)| f && (l == 0 || !drop[l as usize - 1]))
        .collect();
    let out = keep_main_object(&open(&out, w, h, 1), w, h);
    if out.iter().any(|&f| f) {
        out
    } else {
        fg.to_vec()
    }
}

impl Mixture {
    /// True when `v` has the chroma of a background component and is darker than it: how a
    /// cast shadow on the backdrop looks.
    fn shadow_like(&self, v: [f32; 3]) -> bool {
        let wv = weighted(v);
        self.comps.iter().any(|c| {
            let darker = (c.mean[0] - wv[0]) / L_WEIGHT;
            let chroma = (wv[1] - c.mean[1]).powi(2) * c.inv_var[1]
                + (wv[2] - c.mean[2]).powi(2) * c.inv_var[2];
            let chroma_abs = ((wv[1] - c.mean[1]).powi(2) + (wv[2] - c.mean[2]).powi(2)).sqrt();
            darker > 3.0 && chroma < 16.0 && chroma_abs < 6.0
        })
    }
}

/// Lowers alpha along the edge where the pixel's colour is mostly the local backdrop's: with
/// local foreground and background colours `F`, `B`, the compositing equation gives the share
/// of `F` in the pixel; alpha is capped just above it, so a rim of backdrop (a pale fringe on a
/// dark new background) does not stay half opaque.
fn trim_fringe(img: &RgbaImage, alpha: &Plane) -> Plane {
    let (w, h) = (alpha.w, alpha.h);
    let r = (w.max(h) / 100).max(3);
    let fg_w = alpha.map(|a| if a > 0.95 { 1.0 } else { 0.0 });
    let bg_w = alpha.map(|a| if a < 0.05 { 1.0 } else { 0.0 });
    let (fg_n, bg_n) = (fg_w.box_blur(r), bg_w.box_blur(r));
    let mut num = vec![0.0f32; w * h];
    let mut den = vec![0.0f32; w * h];
    for c in 0..3 {
        let chan = Plane::from_fn(w, h, |x, y| {
            f32::from(img.get_pixel(x as u32, y as u32).0[c]) / 255.0
        });
        let fg_sum = chan.zip(&fg_w, |v, k| v * k).box_blur(r);
        let bg_sum = chan.zip(&bg_w, |v, k| v * k).box_blur(r);
        for i in 0..w * h {
            if fg_n.data[i] < 1e-3 || bg_n.data[i] < 1e-3 {
                continue;
            }
            let f = fg_sum.data[i] / fg_n.data[i];
            let b = bg_sum.data[i] / bg_n.data[i];
            num[i] += (chan.data[i] - b) * (f - b);
            den[i] += (f - b) * (f - b);
        }
    }
    let mut out = alpha.clone();
    for (i, a) in out.data.iter_mut().enumerate() {
        // Only where foreground and backdrop differ enough for the equation to say something.
        if *a <= 0.0 || *a >= 1.0 || den[i] < 0.02 {
            continue;
        }
        let share = (num[i] / den[i]).clamp(0.0, 1.0);
        *a = a.min(share + 0.15);
    }
    out
}

/// Distance of the mask's centroid from the frame's centre, in units of the frame's size.
fn off_centre(fg: &[bool], w: usize, h: usize) -> f32 {
    let (mut n, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
    for (i, &f) in fg.iter().enumerate() {
        if f {
            n += 1.0;
            sx += (i % w) as f32;
            sy += (i / w) as f32;
        }
    }
    if n == 0.0 {
        return 0.0;
    }
    ((sx / n / w as f32 - 0.5).powi(2) + (sy / n / h as f32 - 0.5).powi(2)).sqrt()
}
