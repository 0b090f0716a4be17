//! A learned global shape prior for the cut-out: a small fully convolutional network that looks
//! at the whole frame at once (the image and a few of the per-pixel model's feature maps,
//! stretched to [`SIDE`]×[`SIDE`]) and gives one foreground logit per cell. Its dilated 3×3
//! layers see the whole frame, which the per-pixel features cannot; its output, upsampled,
//! becomes features of the per-pixel forest (stacking).
//!
//! The network is ours: `examples/cutout_cnn_train.rs` trains it (hand-written forward and
//! backward passes, Adam, seeded) on the generated training scenes of `testdata/cutout/train/`
//! only, never on the tuning cases or the held-out ones, and writes `shape_prior.txt`, which is
//! compiled in. No downloaded weights. This module holds the forward pass the library runs and
//! the backward pass the trainer uses (checked against numerical gradients in the tests).

/// Side of the network's square input and output grid.
pub const SIDE: usize = 48;
/// Number of input channels (see [`super::learned`]'s `prior_input`).
pub const INPUTS: usize = 7;

/// One convolution layer (same-size output, zero padding): `k`×`k` taps (`k` = 1 or 3) spaced
/// `dil` apart, then a ReLU or nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub cin: usize,
    pub cout: usize,
    pub k: usize,
    pub dil: usize,
    pub relu: bool,
    /// `cout × cin × k × k` weights, row-major.
    pub w: Vec<f32>,
    /// `cout` biases.
    pub b: Vec<f32>,
}

impl Layer {
    /// The taps' (weight index within one `cin` block, dy, dx).
    fn taps(&self) -> Vec<(usize, isize, isize)> {
        let r = (self.k / 2) as isize;
        let d = self.dil as isize;
        (0..self.k * self.k)
            .map(|t| {
                let (ky, kx) = ((t / self.k) as isize, (t % self.k) as isize);
                (t, (ky - r) * d, (kx - r) * d)
            })
            .collect()
    }
}

/// The network: layers applied in order to a `INPUTS × SIDE × SIDE` input; the last layer has
/// one output channel, the logit.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeNet {
    pub layers: Vec<Layer>,
}

/// For output row/column `o` and tap offset `d`, the range of `o` whose input `o + d` is inside
/// `0..n`.
fn valid(n: usize, d: isize) -> (usize, usize) {
    let lo = (-d).max(0) as usize;
    let hi = (n as isize - d.max(0)).max(0) as usize;
    (lo.min(n), hi.max(lo.min(n)))
}

impl ShapeNet {
    /// Parses the text the trainer writes: a header `shapenet SIDE INPUTS`, then one line per
    /// layer: `conv CIN COUT K DIL relu|linear | weights… | biases…`. Refuses anything
    /// inconsistent (wrong counts, channels that do not chain, a non-finite number).
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let mut head = lines.next()?.split_whitespace();
        if head.next()? != "shapenet"
            || head.next()?.parse::<usize>().ok()? != SIDE
            || head.next()?.parse::<usize>().ok()? != INPUTS
        {
            return None;
        }
        let mut layers: Vec<Layer> = Vec::new();
        for line in lines {
            let mut parts = line.split('|');
            let mut spec = parts.next()?.split_whitespace();
            if spec.next()? != "conv" {
                return None;
            }
            let mut num = || spec.next()?.parse::<usize>().ok();
            let (cin, cout, k, dil) = (num()?, num()?, num()?, num()?);
            let relu = match spec.next()? {
                "relu" => true,
                "linear" => false,
                _ => return None,
            };
            let floats = |s: Option<&str>| -> Option<Vec<f32>> {
                s?.split_whitespace()
                    .map(|v| v.parse::<f32>().ok().filter(|v| v.is_finite()))
                    .collect()
            };
            let w = floats(parts.next())?;
            let b = floats(parts.next())?;
            let expected_in = layers.last().map_or(INPUTS, |l| l.cout);
            if parts.next().is_some()
                || cin != expected_in
                || cout == 0
                || cout > 256
                || !(k == 1 || k == 3)
                || dil == 0
                || dil > SIDE
                || w.len() != cout * cin * k * k
                || b.len() != cout
            {
                return None;
            }
            layers.push(Layer {
                cin,
                cout,
                k,
                dil,
                relu,
                w,
                b,
            });
        }
        match layers.last() {
            Some(l) if l.cout == 1 && !l.relu => Some(Self { layers }),
            _ => None,
        }
    }

    /// Writes the text [`ShapeNet::parse`] reads (after the given comment header).
    pub fn to_text(&self, header: &str) -> String {
        let mut s = format!("{header}shapenet {SIDE} {INPUTS}\n");
        for l in &self.layers {
            let nums = |v: &[f32]| v.iter().map(|x| format!("{x}")).collect::<Vec<_>>();
            s.push_str(&format!(
                "conv {} {} {} {} {} | {} | {}\n",
                l.cin,
                l.cout,
                l.k,
                l.dil,
                if l.relu { "relu" } else { "linear" },
                nums(&l.w).join(" "),
                nums(&l.b).join(" ")
            ));
        }
        s
    }

    /// The logits (`SIDE × SIDE`, row-major) of an `INPUTS × SIDE × SIDE` input.
    pub fn logits(&self, input: &[f32]) -> Vec<f32> {
        self.forward(input).pop().unwrap_or_default()
    }

    /// Every layer's output (after its ReLU), the input first: what the backward pass needs.
    /// The last entry is the logit map.
    pub fn forward(&self, input: &[f32]) -> Vec<Vec<f32>> {
        let n = SIDE * SIDE;
        let mut acts = vec![input.to_vec()];
        for l in &self.layers {
            let x = &acts[acts.len() - 1];
            let taps = l.taps();
            let mut out = vec![0.0f32; l.cout * n];
            for co in 0..l.cout {
                let o = &mut out[co * n..(co + 1) * n];
                o.fill(l.b[co]);
                for ci in 0..l.cin {
                    let xi = &x[ci * n..(ci + 1) * n];
                    let wb = (co * l.cin + ci) * l.k * l.k;
                    for &(t, dy, dx) in &taps {
                        let wv = l.w[wb + t];
                        let (y0, y1) = valid(SIDE, dy);
                        let (x0, x1) = valid(SIDE, dx);
                        for y in y0..y1 {
                            let src = ((y as isize + dy) as usize) * SIDE;
                            let orow = &mut o[y * SIDE + x0..y * SIDE + x1];
                            let s0 = (src as isize + x0 as isize + dx) as usize;
                            let irow = &xi[s0..s0 + (x1 - x0)];
                            for (a, &b) in orow.iter_mut().zip(irow) {
                                *a += wv * b;
                            }
                        }
                    }
                }
            }
            if l.relu {
                for v in &mut out {
                    *v = v.max(0.0);
                }
            }
            acts.push(out);
        }
        acts
    }

    /// Gradients of a loss with respect to every layer's weights and biases, given the
    /// activations of [`ShapeNet::forward`] and the loss's gradient with respect to the logits.
    /// Returned per layer as (weights, biases), shaped like the layer's.
    pub fn backward(&self, acts: &[Vec<f32>], dlogits: &[f32]) -> Vec<(Vec<f32>, Vec<f32>)> {
        let n = SIDE * SIDE;
        let mut grads: Vec<(Vec<f32>, Vec<f32>)> = self
            .layers
            .iter()
            .map(|l| (vec![0.0; l.w.len()], vec![0.0; l.b.len()]))
            .collect();
        let mut dout = dlogits.to_vec();
        for (li, l) in self.layers.iter().enumerate().rev() {
            // Through the ReLU: the output is zero where it was cut.
            if l.relu {
                for (d, &a) in dout.iter_mut().zip(&acts[li + 1]) {
                    if a <= 0.0 {
                        *d = 0.0;
                    }
                }
            }
            let x = &acts[li];
            let mut dx_all = if li > 0 {
                vec![0.0f32; l.cin * n]
            } else {
                Vec::new()
            };
            let (gw, gb) = &mut grads[li];
            let taps = l.taps();
            for co in 0..l.cout {
                let d = &dout[co * n..(co + 1) * n];
                gb[co] = d.iter().sum();
                for ci in 0..l.cin {
                    let xi = &x[ci * n..(ci + 1) * n];
                    let wb = (co * l.cin + ci) * l.k * l.k;
                    for &(t, dy, dxo) in &taps {
                        let (y0, y1) = valid(SIDE, dy);
                        let (x0, x1) = valid(SIDE, dxo);
                        let wv = l.w[wb + t];
                        let mut acc = 0.0f32;
                        for y in y0..y1 {
                            let src = ((y as isize + dy) as usize) * SIDE;
                            let s0 = (src as isize + x0 as isize + dxo) as usize;
                            let drow = &d[y * SIDE + x0..y * SIDE + x1];
                            let irow = &xi[s0..s0 + (x1 - x0)];
                            for (&a, &b) in drow.iter().zip(irow) {
                                acc += a * b;
                            }
                            if li > 0 {
                                let xrow = &mut dx_all[ci * n + s0..ci * n + s0 + (x1 - x0)];
                                for (g, &a) in xrow.iter_mut().zip(drow) {
                                    *g += wv * a;
                                }
                            }
                        }
                        gw[wb + t] += acc;
                    }
                }
            }
            dout = dx_all;
        }
        grads
    }
}

/// The compiled-in network (`shape_prior.txt`, written by `examples/cutout_cnn_train.rs`).
pub(crate) fn net() -> Option<&'static ShapeNet> {
    static NET: std::sync::OnceLock<Option<ShapeNet>> = std::sync::OnceLock::new();
    NET.get_or_init(|| ShapeNet::parse(include_str!("shape_prior.txt")))
        .as_ref()
}

/// Resamples the rectangle `(x0, y0, x1, y1)` (in pixels, fractional) of a `w`×`h` plane to an
/// `s`×`s` grid: each cell is the mean of the source pixels whose centres fall in it (the
/// nearest pixel when none does). The aspect ratio is not kept: the network sees the frame
/// stretched to a square.
pub fn resample(src: &[f32], w: usize, h: usize, rect: (f32, f32, f32, f32), s: usize) -> Vec<f32> {
    let (x0, y0, x1, y1) = rect;
    let (cw, ch) = ((x1 - x0) / s as f32, (y1 - y0) / s as f32);
    // For each cell, the source index range whose pixel centres (i + 0.5) lie in it.
    let span = |lo: f32, hi: f32, n: usize| -> (usize, usize) {
        let a = (lo - 0.5).ceil().max(0.0) as usize;
        let b = ((hi - 0.5).ceil().max(0.0) as usize).min(n);
        if a < b {
            (a, b)
        } else {
            let c = (((lo + hi) / 2.0).floor().max(0.0) as usize).min(n - 1);
            (c, c + 1)
        }
    };
    let xs: Vec<(usize, usize)> = (0..s)
        .map(|i| span(x0 + i as f32 * cw, x0 + (i + 1) as f32 * cw, w))
        .collect();
    let mut out = Vec::with_capacity(s * s);
    for j in 0..s {
        let (ya, yb) = span(y0 + j as f32 * ch, y0 + (j + 1) as f32 * ch, h);
        for &(xa, xb) in &xs {
            let mut sum = 0.0f32;
            for y in ya..yb {
                sum += src[y * w + xa..y * w + xb].iter().sum::<f32>();
            }
            out.push(sum / ((yb - ya) * (xb - xa)) as f32);
        }
    }
    out
}

/// Bilinear upsampling of an `s`×`s` grid (cell centres) to `w`×`h` pixels covering the same
/// frame.
pub fn upsample(grid: &[f32], s: usize, w: usize, h: usize) -> Vec<f32> {
    let coord = |i: usize, n: usize| -> (usize, usize, f32) {
        let c = ((i as f32 + 0.5) * s as f32 / n as f32 - 0.5).clamp(0.0, (s - 1) as f32);
        let a = c.floor() as usize;
        let b = (a + 1).min(s - 1);
        (a, b, c - a as f32)
    };
    let xs: Vec<_> = (0..w).map(|x| coord(x, w)).collect();
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (ya, yb, fy) = coord(y, h);
        for &(xa, xb, fx) in &xs {
            let top = grid[ya * s + xa] * (1.0 - fx) + grid[ya * s + xb] * fx;
            let bot = grid[yb * s + xa] * (1.0 - fx) + grid[yb * s + xb] * fx;
            out.push(top * (1.0 - fy) + bot * fy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny network with seeded, varied weights.
    fn tiny(layers: &[(usize, usize, usize, usize, bool)]) -> ShapeNet {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.6
        };
        ShapeNet {
            layers: layers
                .iter()
                .map(|&(cin, cout, k, dil, relu)| Layer {
                    cin,
                    cout,
                    k,
                    dil,
                    relu,
                    w: (0..cout * cin * k * k).map(|_| rnd()).collect(),
                    b: (0..cout).map(|_| rnd() * 0.2).collect(),
                })
                .collect(),
        }
    }

    fn input(seed: u32) -> Vec<f32> {
        (0..INPUTS * SIDE * SIDE)
            .map(|i| (((i as u32).wrapping_mul(2_654_435_761) ^ seed) % 1000) as f32 / 1000.0)
            .collect()
    }

    #[test]
    fn the_compiled_in_network_parses_and_gives_one_logit_per_cell() {
        let net = net().expect("shape_prior.txt parses");
        assert!(net.layers.len() >= 2);
        let out = net.logits(&input(7));
        assert_eq!(out.len(), SIDE * SIDE);
        assert!(out.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn a_network_survives_its_own_text() {
        let n = tiny(&[(INPUTS, 3, 3, 2, true), (3, 1, 1, 1, false)]);
        let back = ShapeNet::parse(&n.to_text("# test\n")).expect("parses");
        assert_eq!(back, n);
    }

    #[test]
    fn malformed_networks_are_refused() {
        let good = tiny(&[(INPUTS, 2, 3, 1, true), (2, 1, 1, 1, false)]).to_text("");
        assert!(ShapeNet::parse(&good).is_some());
        let bad = [
            String::new(),
            good.replace("shapenet 48", "shapenet 32"),
            good.replace("shapenet", "forest"),
            // One weight too many.
            good.replacen(" | ", " | 1 ", 1),
            good.replace("relu", "tanh"),
            // Channels that do not chain.
            good.replace("conv 2 1", "conv 3 1"),
            // A non-finite weight.
            {
                let mut n = tiny(&[(INPUTS, 2, 3, 1, true), (2, 1, 1, 1, false)]);
                n.layers[0].w[3] = f32::INFINITY;
                n.to_text("")
            },
            // The last layer must be one linear logit.
            good.lines().take(2).collect::<Vec<_>>().join("\n"),
        ];
        for text in &bad {
            assert!(ShapeNet::parse(text).is_none(), "accepted:\n{text}");
        }
    }

    #[test]
    fn a_hand_computed_network_gives_the_known_answer() {
        // One 3×3 layer of dilation 2 on channel 0 only (all others weighted 0): centre tap 1,
        // the tap two pixels to the right 10, the tap two below 100; bias 0.5.
        let mut w = vec![0.0f32; INPUTS * 9];
        w[4] = 1.0; // (ky, kx) = (1, 1): the pixel itself
        w[5] = 10.0; // (1, 2): dx = +2
        w[7] = 100.0; // (2, 1): dy = +2
        let net = ShapeNet {
            layers: vec![Layer {
                cin: INPUTS,
                cout: 1,
                k: 3,
                dil: 2,
                relu: false,
                w,
                b: vec![0.5],
            }],
        };
        let mut x = vec![0.0f32; INPUTS * SIDE * SIDE];
        x[5 * SIDE + 5] = 1.0; // channel 0, (x, y) = (5, 5)
        x[SIDE * SIDE + 5 * SIDE + 5] = 1000.0; // channel 1: weighted 0
        let out = net.logits(&x);
        assert_eq!(out[5 * SIDE + 5], 1.5); // the centre tap
        assert_eq!(out[5 * SIDE + 3], 10.5); // (3, 5) sees (5, 5) through dx = +2
        assert_eq!(out[3 * SIDE + 5], 100.5); // (5, 3) sees it through dy = +2
        assert_eq!(out[0], 0.5);
        // At the frame's edge the missing taps read zero.
        assert_eq!(out[(SIDE - 1) * SIDE + SIDE - 1], 0.5);
    }

    #[test]
    fn the_backward_pass_matches_numerical_gradients() {
        let net = tiny(&[
            (INPUTS, 4, 3, 1, true),
            (4, 3, 3, 4, true),
            (3, 1, 1, 1, false),
        ]);
        let x = input(3);
        // Loss: a weighted sum of the logits (its gradient is the weights).
        let coef: Vec<f32> = (0..SIDE * SIDE)
            .map(|i| ((i * 37) % 11) as f32 / 11.0 - 0.4)
            .collect();
        let loss = |n: &ShapeNet| -> f64 {
            n.logits(&x)
                .iter()
                .zip(&coef)
                .map(|(&z, &c)| f64::from(z) * f64::from(c))
                .sum()
        };
        let grads = net.backward(&net.forward(&x), &coef);
        let eps = 1e-2f32;
        let mut checked = 0;
        for (li, (layer, (gw, gb))) in net.layers.iter().zip(&grads).enumerate() {
            let nw = layer.w.len();
            for (k, idx) in [(0usize, 0usize), (0, nw / 2), (0, nw - 1), (1, 0)] {
                let mut plus = net.clone();
                let mut minus = net.clone();
                let (p, m) = if k == 0 {
                    (&mut plus.layers[li].w[idx], &mut minus.layers[li].w[idx])
                } else {
                    (&mut plus.layers[li].b[idx], &mut minus.layers[li].b[idx])
                };
                *p += eps;
                *m -= eps;
                let numeric = (loss(&plus) - loss(&minus)) / (2.0 * f64::from(eps));
                let analytic = f64::from(if k == 0 { gw[idx] } else { gb[idx] });
                let tol = 2e-2 * numeric.abs().max(1.0);
                assert!(
                    (numeric - analytic).abs() < tol,
                    "layer {li} {} {idx}: numeric {numeric}, analytic {analytic}",
                    if k == 0 { "weight" } else { "bias" }
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 12);
    }

    #[test]
    fn resampling_averages_cells_and_upsampling_interpolates() {
        // A 4×2 plane to 2×2 cells: each cell the mean of a 2×1 block.
        let src = [1.0, 3.0, 5.0, 7.0, 2.0, 4.0, 6.0, 8.0];
        assert_eq!(
            resample(&src, 4, 2, (0.0, 0.0, 4.0, 2.0), 2),
            vec![2.0, 6.0, 3.0, 7.0]
        );
        // The right half only.
        assert_eq!(
            resample(&src, 4, 2, (2.0, 0.0, 4.0, 2.0), 2),
            vec![5.0, 7.0, 6.0, 8.0]
        );
        // A 1×1 source spread over a 3×3 grid: the nearest pixel everywhere.
        assert_eq!(
            resample(&[4.0], 1, 1, (0.0, 0.0, 1.0, 1.0), 3),
            vec![4.0; 9]
        );
        // 2×2 grid to 4×4: corners keep their cell's value, the middle is between.
        let up = upsample(&[0.0, 1.0, 2.0, 3.0], 2, 4, 4);
        assert_eq!(up[0], 0.0);
        assert_eq!(up[15], 3.0);
        assert!((up[5] - 0.75).abs() < 1e-6); // (1, 1): a quarter of the way in both directions
    }
}
