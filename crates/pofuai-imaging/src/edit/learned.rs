//! A learned per-pixel foreground probability for the cut-out: hand-made features of each pixel
//! (colour distance to the border's colour model and to the frame in line, edges, barriers and
//! geodesic distances on every path to the frame, position, what the colour-model pipeline
//! decided) scored by a small gradient-boosted forest.
//!
//! The forest is ours: `examples/cutout_train.rs` fits it, deterministically, on the tuning
//! cases of `testdata/cutout/` and the generated POV-Ray training scenes of
//! `testdata/cutout/train/` (never on `holdout_*`) and writes `cutout_forest.txt`, which is
//! compiled in. No downloaded weights.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::pixels::Plane;

/// Number of features per pixel.
pub const FEATURES: usize = 22;

/// Names of the features, in order (for the trainer's report).
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "bg_dist",
    "bg_dist_ctx",
    "l_vs_bg",
    "lightness",
    "chroma",
    "grad",
    "grad_r2",
    "grad_ctx",
    "l_std",
    "grad_barrier",
    "dist_barrier",
    "ft_saliency",
    "x_off",
    "y",
    "border_dist",
    "flood",
    "flood_sd",
    "cut",
    "cut_sd",
    "ray_barrier",
    "edge_contrast",
    "geodesic",
];

/// What the pipeline hands over to compute the features of each pixel (all at working size).
pub(crate) struct Inputs<'a> {
    pub w: usize,
    pub h: usize,
    /// Smoothed Lab planes.
    pub lab: [&'a Plane; 3],
    /// Normalised distance to the border colour model.
    pub bg_dist: &'a Plane,
    /// Lightness minus the lightness of the nearest border colour cluster.
    pub l_vs_bg: &'a Plane,
    pub flood: &'a [bool],
    pub cut: &'a [bool],
}

/// Row-major features, [`FEATURES`] per pixel.
pub(crate) fn features(inp: &Inputs) -> Vec<[f32; FEATURES]> {
    let (w, h) = (inp.w, inp.h);
    let n = w * h;
    let s = w.max(h);
    let [l, a, b] = inp.lab;
    let d = inp.bg_dist.map(|v| (1.0 + v).ln());
    let d_ctx = d.box_blur((s / 40).max(2));
    // Gradient magnitude (lightness at half weight, as in the colour models).
    let grad = Plane::from_fn(w, h, |x, y| {
        let (x0, x1) = (x.saturating_sub(1), (x + 1).min(w - 1));
        let (y0, y1) = (y.saturating_sub(1), (y + 1).min(h - 1));
        let mut g = 0.0;
        for (p, k) in [(l, 0.5f32), (a, 1.0), (b, 1.0)] {
            let gx = p.data[y * w + x1] - p.data[y * w + x0];
            let gy = p.data[y1 * w + x] - p.data[y0 * w + x];
            g += k * k * (gx * gx + gy * gy);
        }
        g.sqrt()
    });
    // Scale of "a strong edge" in this image: a high percentile of the gradient.
    let g_scale = percentile(&grad.data, 0.95).max(1.0);
    let gn = grad.map(|g| g / g_scale);
    let g2 = gn.box_blur(2);
    let g_ctx = gn.box_blur((s / 30).max(3));
    let l_mean = l.box_blur(3);
    let l_sq = l.zip(l, |x, y| x * y).box_blur(3);
    let l_std = l_sq.zip(&l_mean, |q, m| (q - m * m).max(0.0).sqrt() / 10.0);
    let grad_barrier = minimax_to_border(&gn);
    let dist_barrier = minimax_to_border(&d);
    // Frequency-tuned saliency (Achanta et al. 2009): blurred colour against the image mean.
    let sigma = (s as f32 / 100.0).max(1.0);
    let (lb, ab, bb) = (l.gaussian(sigma), a.gaussian(sigma), b.gaussian(sigma));
    let mean = |p: &Plane| p.data.iter().sum::<f32>() / n as f32;
    let (ml, ma, mb) = (mean(l), mean(a), mean(b));
    let ft: Vec<f32> = (0..n)
        .map(|i| {
            (((lb.data[i] - ml) * 0.5).powi(2)
                + (ab.data[i] - ma).powi(2)
                + (bb.data[i] - mb).powi(2))
            .sqrt()
        })
        .collect();
    let ft_max = ft.iter().copied().fold(1.0f32, f32::max);
    let flood_sd = signed_distance(inp.flood, w, h, s / 8);
    let cut_sd = signed_distance(inp.cut, w, h, s / 8);
    let rays = ray_barrier(&gn);
    let edge_contrast = frame_line_contrast(&lb, &ab, &bb);
    let geo = geodesic_to_border(&gn);
    let geo_max = geo.iter().copied().fold(1e-6f32, f32::max);
    let short = w.min(h) as f32;
    (0..n)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            let bd = x.min(y).min(w - 1 - x).min(h - 1 - y) as f32 / short;
            [
                d.data[i],
                d_ctx.data[i],
                inp.l_vs_bg.data[i] / 50.0,
                l.data[i] / 100.0,
                (a.data[i].powi(2) + b.data[i].powi(2)).sqrt() / 50.0,
                gn.data[i],
                g2.data[i],
                g_ctx.data[i],
                l_std.data[i],
                grad_barrier.data[i],
                dist_barrier.data[i],
                ft[i] / ft_max,
                ((x as f32 + 0.5) / w as f32 - 0.5).abs() * 2.0,
                (y as f32 + 0.5) / h as f32,
                bd,
                if inp.flood[i] { 1.0 } else { 0.0 },
                flood_sd[i],
                if inp.cut[i] { 1.0 } else { 0.0 },
                cut_sd[i],
                rays[i],
                edge_contrast[i],
                geo[i] / geo_max,
            ]
        })
        .collect()
}

fn percentile(v: &[f32], q: f32) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    let k = ((s.len() - 1) as f32 * q) as usize;
    let (_, x, _) = s.select_nth_unstable_by(k, f32::total_cmp);
    *x
}

/// For each pixel, the smallest value `t` such that a 4-connected path from the pixel to the
/// frame's border has no value above `t` (a minimax path: the lowest barrier on the way out).
/// A pixel inside a closed outline has a high barrier even where its own colour is the
/// backdrop's.
fn minimax_to_border(p: &Plane) -> Plane {
    let (w, h) = (p.w, p.h);
    let mut best = vec![f32::INFINITY; w * h];
    let mut heap = BinaryHeap::new();
    let key = |v: f32| Reverse(v.max(0.0).to_bits());
    for y in 0..h {
        for x in 0..w {
            if x == 0 || y == 0 || x + 1 == w || y + 1 == h {
                let i = y * w + x;
                best[i] = p.data[i];
                heap.push((key(p.data[i]), i));
            }
        }
    }
    while let Some((Reverse(bits), i)) = heap.pop() {
        let v = f32::from_bits(bits);
        if v > best[i] {
            continue;
        }
        for j in neighbours(i, w, h) {
            let c = v.max(p.data[j]);
            if c < best[j] {
                best[j] = c;
                heap.push((key(c), j));
            }
        }
    }
    Plane { w, h, data: best }
}

/// The strongest edge met on the straight way out of the frame, in the weakest of the four
/// directions (left, right, up, down).
fn ray_barrier(g: &Plane) -> Vec<f32> {
    let (w, h) = (g.w, g.h);
    let mut left = vec![0.0f32; w * h];
    let mut right = vec![0.0f32; w * h];
    let mut up = vec![0.0f32; w * h];
    let mut down = vec![0.0f32; w * h];
    for y in 0..h {
        let mut m = 0.0f32;
        for x in 0..w {
            m = m.max(g.data[y * w + x]);
            left[y * w + x] = m;
        }
        m = 0.0;
        for x in (0..w).rev() {
            m = m.max(g.data[y * w + x]);
            right[y * w + x] = m;
        }
    }
    for x in 0..w {
        let mut m = 0.0f32;
        for y in 0..h {
            m = m.max(g.data[y * w + x]);
            up[y * w + x] = m;
        }
        m = 0.0;
        for y in (0..h).rev() {
            m = m.max(g.data[y * w + x]);
            down[y * w + x] = m;
        }
    }
    (0..w * h)
        .map(|i| left[i].min(right[i]).min(up[i]).min(down[i]))
        .collect()
}

/// Colour contrast against the backdrop where it is seen at the same height or the same
/// column: the smallest (lightness-halved) Lab distance to the frame pixels at the ends of the
/// pixel's row and column. A backdrop's light fall-off runs across the frame, so the border
/// pixel in line with a pixel is a closer model of what is behind it than the whole border's
/// colours: a product the tone of its sweep still differs from the sweep at its own height.
fn frame_line_contrast(l: &Plane, a: &Plane, b: &Plane) -> Vec<f32> {
    let (w, h) = (l.w, l.h);
    let px = |i: usize| [l.data[i] * 0.5, a.data[i], b.data[i]];
    let dist = |p: [f32; 3], q: [f32; 3]| {
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    };
    (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            let p = px(i);
            [y * w, y * w + w - 1, x, (h - 1) * w + x]
                .into_iter()
                .map(|j| dist(p, px(j)))
                .fold(f32::INFINITY, f32::min)
        })
        .collect()
}

/// For each pixel, the least summed edge strength on a 4-connected path to the frame's border
/// (a geodesic distance over the gradient): unlike the minimax barrier it also counts many weak
/// edges crossed on the way out, as a same-coloured product's faint outline and shading give.
fn geodesic_to_border(g: &Plane) -> Vec<f32> {
    let (w, h) = (g.w, g.h);
    let mut best = vec![f32::INFINITY; w * h];
    let mut heap = BinaryHeap::new();
    for y in 0..h {
        for x in 0..w {
            if x == 0 || y == 0 || x + 1 == w || y + 1 == h {
                let i = y * w + x;
                best[i] = 0.0;
                heap.push((Reverse(0.0f32.to_bits()), i));
            }
        }
    }
    while let Some((Reverse(bits), i)) = heap.pop() {
        let v = f32::from_bits(bits);
        if v > best[i] {
            continue;
        }
        for j in neighbours(i, w, h) {
            let c = v + g.data[j].max(0.0);
            if c < best[j] {
                best[j] = c;
                heap.push((Reverse(c.to_bits()), j));
            }
        }
    }
    best
}

/// Signed distance to the mask's outline (positive inside), capped at `cap` px and divided by
/// it; −1 everywhere for an empty mask.
fn signed_distance(mask: &[bool], w: usize, h: usize, cap: usize) -> Vec<f32> {
    let cap = cap.max(1);
    if !mask.iter().any(|&m| m) {
        return vec![-1.0; w * h];
    }
    let mut d = vec![usize::MAX; w * h];
    let mut queue = std::collections::VecDeque::new();
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let edge = (x > 0 && mask[i - 1] != mask[i])
                || (x + 1 < w && mask[i + 1] != mask[i])
                || (y > 0 && mask[i - w] != mask[i])
                || (y + 1 < h && mask[i + w] != mask[i]);
            if edge {
                d[i] = 0;
                queue.push_back(i);
            }
        }
    }
    while let Some(i) = queue.pop_front() {
        let next = d[i] + 1;
        if next > cap {
            continue;
        }
        for j in neighbours(i, w, h) {
            if d[j] > next {
                d[j] = next;
                queue.push_back(j);
            }
        }
    }
    (0..w * h)
        .map(|i| {
            let v = d[i].min(cap) as f32 / cap as f32;
            if mask[i] { v } else { -v }
        })
        .collect()
}

/// A forest of complete binary trees of one depth, scored as the sum of its leaves (a logit).
pub struct Forest {
    depth: usize,
    base: f32,
    /// Per tree: `2^depth − 1` splits (feature, threshold: go left when value < threshold)
    /// in breadth-first order, then `2^depth` leaf values.
    splits: Vec<(u8, f32)>,
    leaves: Vec<f32>,
}

impl Forest {
    /// Parses the text written by the trainer: a header line `forest DEPTH BASE`, then one line
    /// per tree: the splits as `feature:threshold`, a `|`, the leaf values.
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let mut head = lines.next()?.split_whitespace();
        if head.next()? != "forest" {
            return None;
        }
        let depth: usize = head.next()?.parse().ok()?;
        let base: f32 = head.next()?.parse().ok()?;
        if depth == 0 || depth > 8 {
            return None;
        }
        let (mut splits, mut leaves) = (Vec::new(), Vec::new());
        for line in lines {
            let (s, l) = line.split_once('|')?;
            let ss: Vec<(u8, f32)> = s
                .split_whitespace()
                .map(|t| {
                    let (f, v) = t.split_once(':')?;
                    let f: u8 = f.parse().ok()?;
                    ((f as usize) < FEATURES).then_some(())?;
                    Some((f, v.parse().ok()?))
                })
                .collect::<Option<_>>()?;
            let ls: Vec<f32> = l
                .split_whitespace()
                .map(|t| t.parse().ok())
                .collect::<Option<_>>()?;
            if ss.len() != (1 << depth) - 1 || ls.len() != 1 << depth {
                return None;
            }
            splits.extend(ss);
            leaves.extend(ls);
        }
        if leaves.is_empty() {
            return None;
        }
        Some(Self {
            depth,
            base,
            splits,
            leaves,
        })
    }

    /// The logit of the foreground probability.
    pub fn logit(&self, f: &[f32; FEATURES]) -> f32 {
        let inner = (1 << self.depth) - 1;
        let leaves = 1 << self.depth;
        let trees = self.leaves.len() / leaves;
        let mut sum = self.base;
        for t in 0..trees {
            let sp = &self.splits[t * inner..(t + 1) * inner];
            let mut node = 0usize;
            for _ in 0..self.depth {
                let (k, thr) = sp[node];
                node = 2 * node + if f[k as usize] < thr { 1 } else { 2 };
            }
            sum += self.leaves[t * leaves + node - inner];
        }
        sum
    }
}

/// The compiled-in forest (`cutout_forest.txt`, written by `examples/cutout_train.rs`).
pub(crate) fn forest() -> Option<&'static Forest> {
    static FOREST: std::sync::OnceLock<Option<Forest>> = std::sync::OnceLock::new();
    FOREST
        .get_or_init(|| Forest::parse(include_str!("cutout_forest.txt")))
        .as_ref()
}

/// The 4-connected neighbours of pixel `i` in a `w`×`h` grid.
fn neighbours(i: usize, w: usize, h: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (i % w, i / w);
    [
        (x > 0).then(|| i - 1),
        (x + 1 < w).then(|| i + 1),
        (y > 0).then(|| i - w),
        (y + 1 < h).then(|| i + w),
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_forest_parses() {
        let f = forest().expect("cutout_forest.txt parses");
        assert!(f.leaves.len() >= 16, "{} leaves", f.leaves.len());
    }

    #[test]
    fn a_forest_is_scored_by_walking_each_tree() {
        // Depth 1: one split on feature 3 at 0.5, leaves −1 / +2; a second tree on feature 0.
        let f = Forest::parse("# c\nforest 1 0.25\n3:0.5 | -1 2\n0:inf | 0.5 9\n").expect("parses");
        let mut x = [0.0f32; FEATURES];
        assert_eq!(f.logit(&x), 0.25 - 1.0 + 0.5);
        x[3] = 0.7;
        assert_eq!(f.logit(&x), 0.25 + 2.0 + 0.5);
    }

    #[test]
    fn malformed_forests_are_rejected() {
        for bad in [
            "",
            "forest 1 0\n",
            "forest 0 0\n3:0.5 | -1 2\n",
            "forest 1 0\n3:0.5 | -1\n",
            "forest 1 0\n99:0.5 | -1 2\n",
            "forest 1 x\n3:0.5 | -1 2\n",
            "tree 1 0\n3:0.5 | -1 2\n",
            "forest 1 0\n3:0.5 -1 2\n",
        ] {
            assert!(Forest::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn the_lowest_barrier_out_of_a_closed_ring_is_the_ring() {
        // A ring of value 5 around the centre of a 9×9 field of 1s.
        let p = Plane::from_fn(9, 9, |x, y| {
            let d = (x as i32 - 4).abs().max((y as i32 - 4).abs());
            if d == 2 { 5.0 } else { 1.0 }
        });
        let b = minimax_to_border(&p);
        assert_eq!(b.data[4 * 9 + 4], 5.0, "inside the ring");
        assert_eq!(b.data[0], 1.0, "outside");
        // With a gap in the ring the inside is reached at the field's level.
        let mut open = p.clone();
        open.data[2 * 9 + 4] = 1.0;
        assert_eq!(minimax_to_border(&open).data[4 * 9 + 4], 1.0);
    }

    #[test]
    fn the_geodesic_distance_sums_the_edges_crossed() {
        // Two rings of value 1 around the centre of a 11×11 field of 0s: leaving the centre
        // crosses both, leaving a pixel between them crosses one.
        let p = Plane::from_fn(11, 11, |x, y| {
            let d = (x as i32 - 5).abs().max((y as i32 - 5).abs());
            if d == 2 || d == 4 { 1.0 } else { 0.0 }
        });
        let g = geodesic_to_border(&p);
        assert_eq!(g[5 * 11 + 5], 2.0);
        assert_eq!(g[5 * 11 + 8], 1.0);
        assert_eq!(g[0], 0.0);
    }

    #[test]
    fn line_contrast_compares_with_the_frame_in_line() {
        // A backdrop darkening downwards: a pixel of its own row's colour has no contrast even
        // though it differs from the top of the frame.
        let l = Plane::from_fn(8, 8, |_, y| 90.0 - 5.0 * y as f32);
        let z = Plane::from_fn(8, 8, |_, _| 0.0);
        let c = frame_line_contrast(&l, &z, &z);
        assert_eq!(c[6 * 8 + 4], 0.0);
        let mut l2 = l.clone();
        l2.data[4 * 8 + 4] = 30.0;
        let c2 = frame_line_contrast(&l2, &z, &z);
        assert!(c2[4 * 8 + 4] > 10.0, "{}", c2[4 * 8 + 4]);
    }

    #[test]
    fn signed_distance_is_positive_inside_and_capped() {
        let mask: Vec<bool> = (0..100)
            .map(|i| (3..7).contains(&(i % 10)) && (3..7).contains(&(i / 10)))
            .collect();
        let d = signed_distance(&mask, 10, 10, 2);
        assert!(d[5 * 10 + 5] > 0.0);
        assert_eq!(d[0], -1.0);
        assert!(d.iter().all(|v| (-1.0..=1.0).contains(v)));
        assert_eq!(signed_distance(&[false; 4], 2, 2, 3), vec![-1.0; 4]);
    }
}
