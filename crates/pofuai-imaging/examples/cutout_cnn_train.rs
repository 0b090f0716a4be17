//! Trains the cut-out's shape prior network (`src/edit/shape_prior.txt`): a small fully
//! convolutional network with dilated 3×3 layers over the whole frame stretched to a square
//! grid (`pofuai_imaging::edit::ShapeNet`; its forward and backward passes are the library's,
//! checked against numerical gradients in its tests), trained with Adam on the binary
//! cross-entropy against the downscaled masks, with horizontal flips, small crops and colour
//! jitter. It reads **only** the generated training scenes of `testdata/cutout/train/`: never
//! the tuning cases (so the network's output is an out-of-sample feature for the forest fitted
//! on them) nor `holdout_*` or the demo photos. Deterministic: a seeded generator and a fixed
//! split of each batch over two threads, summed in a fixed order; two runs write the same file.
//!
//! `cargo run --release -p pofuai-imaging --example cutout_cnn_train [-- OUT_FILE [VAL]]`
//! (default OUT_FILE: `src/edit/shape_prior.txt`; rebuild afterwards so the library embeds it.
//! The last VAL scenes by name, default [`VAL`], are left out of training and scored every few
//! epochs: the validation figures the README quotes.)

#[path = "../tests/edit_support/cutout.rs"]
#[allow(dead_code)]
mod cutout;

use pofuai_imaging::edit::{
    PRIOR_INPUTS as INPUTS, PRIOR_SIDE as SIDE, ShapeNet, cutout_prior_inputs, prior_resample,
};

/// Side of the cached grid each scene is stored at (crops are resampled from it).
const CACHE: usize = 96;
/// (input channels, output channels, kernel, dilation, ReLU) per layer.
const ARCH: [(usize, usize, usize, usize, bool); 8] = [
    (INPUTS, 16, 3, 1, true),
    (16, 16, 3, 1, true),
    (16, 16, 3, 2, true),
    (16, 16, 3, 4, true),
    (16, 16, 3, 8, true),
    (16, 16, 3, 16, true),
    (16, 16, 3, 1, true),
    (16, 1, 1, 1, false),
];
const EPOCHS: usize = 60;
const BATCH: usize = 8;
const LR: f32 = 3e-3;
const SEED: u64 = 0x5eed_c0de;
/// Training scenes (the last by name) left out of training to validate it.
const VAL: usize = 30;

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn normal(&mut self) -> f32 {
        let u = self.uniform().max(1e-7);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }
}

/// A scene at the cached grid: the input planes and the mask (0..1), each `CACHE × CACHE`.
struct Scene {
    planes: Vec<Vec<f32>>,
    mask: Vec<f32>,
}

fn load(name: &str) -> Scene {
    assert!(
        name.starts_with("train/") && !cutout::is_held_out(name) && !cutout::is_demo(name),
        "{name} is not a training scene"
    );
    let img = cutout::load_input(name);
    let (w, h, planes) = cutout_prior_inputs(&img);
    let mask = image::imageops::resize(
        &cutout::load_mask(name),
        w as u32,
        h as u32,
        image::imageops::FilterType::Triangle,
    );
    let m: Vec<f32> = mask
        .as_raw()
        .iter()
        .map(|&v| f32::from(v) / 255.0)
        .collect();
    let rect = (0.0, 0.0, w as f32, h as f32);
    Scene {
        planes: planes
            .iter()
            .map(|p| prior_resample(p, w, h, rect, CACHE))
            .collect(),
        mask: prior_resample(&m, w, h, rect, CACHE),
    }
}

/// The network's input and target for a scene: the whole frame, or with `rng` an augmented
/// view (a crop of 80–100 % of each side, a horizontal flip, a lightness and colour shift).
fn example(s: &Scene, rng: Option<&mut Rng>) -> (Vec<f32>, Vec<f32>) {
    let c = CACHE as f32;
    let (mut rect, mut flip, mut jitter) = ((0.0, 0.0, c, c), false, [1.0, 0.0, 0.0, 0.0]);
    if let Some(r) = rng {
        if r.uniform() < 0.7 {
            let (fw, fh) = (0.8 + 0.2 * r.uniform(), 0.8 + 0.2 * r.uniform());
            let (x0, y0) = ((1.0 - fw) * c * r.uniform(), (1.0 - fh) * c * r.uniform());
            rect = (x0, y0, x0 + fw * c, y0 + fh * c);
        }
        flip = r.uniform() < 0.5;
        jitter = [
            0.85 + 0.3 * r.uniform(),
            0.15 * r.normal(),
            0.06 * r.normal(),
            0.06 * r.normal(),
        ];
    }
    let view = |p: &[f32]| -> Vec<f32> {
        let mut v = prior_resample(p, CACHE, CACHE, rect, SIDE);
        if flip {
            for row in v.chunks_mut(SIDE) {
                row.reverse();
            }
        }
        v
    };
    let mut x = Vec::with_capacity(INPUTS * SIDE * SIDE);
    for (k, p) in s.planes.iter().enumerate() {
        let mut v = view(p);
        match k {
            0 => v
                .iter_mut()
                .for_each(|l| *l = (*l + 1.0) * jitter[0] - 1.0 + jitter[1]),
            1 | 2 => v.iter_mut().for_each(|a| *a += jitter[k + 1]),
            _ => {}
        }
        x.extend(v);
    }
    (x, view(&s.mask))
}

/// Mean binary cross-entropy of the logits against the target, and its gradient.
fn bce(z: &[f32], t: &[f32]) -> (f32, Vec<f32>) {
    let n = z.len() as f32;
    let mut loss = 0.0f32;
    let g = z
        .iter()
        .zip(t)
        .map(|(&z, &t)| {
            // log(1 + e^z) − t z, stably.
            loss += z.max(0.0) - t * z + (-z.abs()).exp().ln_1p();
            (1.0 / (1.0 + (-z).exp()) - t) / n
        })
        .collect();
    (loss / n, g)
}

fn iou(z: &[f32], t: &[f32]) -> f32 {
    let (mut i, mut u) = (0.0f32, 0.0f32);
    for (&z, &t) in z.iter().zip(t) {
        let (a, b) = (z > 0.0, t >= 0.5);
        i += f32::from(u8::from(a && b));
        u += f32::from(u8::from(a || b));
    }
    if u == 0.0 { 1.0 } else { i / u }
}

type Grads = Vec<(Vec<f32>, Vec<f32>)>;

/// Summed gradients and loss over some examples.
fn batch_grads(net: &ShapeNet, batch: &[(Vec<f32>, Vec<f32>)]) -> (Grads, f32) {
    let mut total: Option<Grads> = None;
    let mut loss = 0.0;
    for (x, t) in batch {
        let acts = net.forward(x);
        let (l, g) = bce(&acts[acts.len() - 1], t);
        loss += l;
        let grads = net.backward(&acts, &g);
        match &mut total {
            None => total = Some(grads),
            Some(tot) => add(tot, &grads),
        }
    }
    (total.unwrap_or_default(), loss)
}

fn add(tot: &mut Grads, g: &Grads) {
    for ((tw, tb), (gw, gb)) in tot.iter_mut().zip(g) {
        tw.iter_mut().zip(gw).for_each(|(a, b)| *a += b);
        tb.iter_mut().zip(gb).for_each(|(a, b)| *a += b);
    }
}

fn evaluate(net: &ShapeNet, scenes: &[Scene]) -> (f32, f32) {
    let (mut loss, mut score) = (0.0, 0.0);
    for s in scenes {
        let (x, t) = example(s, None);
        let z = net.logits(&x);
        loss += bce(&z, &t).0;
        score += iou(&z, &t);
    }
    let n = scenes.len().max(1) as f32;
    (loss / n, score / n)
}

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/edit/shape_prior.txt").to_owned()
    });
    let val: usize = std::env::args()
        .nth(2)
        .map(|v| v.parse().expect("VAL is a count"))
        .unwrap_or(VAL);
    // FOLD/K: train on the scenes whose number is not FOLD modulo K, validate on the others
    // (the out-of-fold networks the forest's trainer reads); VAL is then ignored.
    let fold: Option<(usize, usize)> = std::env::args().nth(3).map(|f| {
        let (a, b) = f.split_once('/').expect("FOLD/K");
        (a.parse().expect("FOLD"), b.parse().expect("K"))
    });
    let names = cutout::training_scene_names();
    let t0 = std::time::Instant::now();
    let (mut scenes, held): (Vec<Scene>, Vec<Scene>) = match fold {
        None => {
            let mut s: Vec<Scene> = names.iter().map(|n| load(n)).collect();
            let held = s.split_off(s.len() - val.min(s.len()));
            (s, held)
        }
        Some((f, k)) => {
            let number = |n: &str| -> usize {
                n.trim_start_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .expect("a training scene is numbered")
            };
            let (a, b): (Vec<&String>, Vec<&String>) =
                names.iter().partition(|n| number(n) % k != f);
            (
                a.into_iter().map(|n| load(n)).collect(),
                b.into_iter().map(|n| load(n)).collect(),
            )
        }
    };
    let _ = &mut scenes;
    eprintln!(
        "{} training scenes, {} validation, loaded in {:.1} s",
        scenes.len(),
        held.len(),
        t0.elapsed().as_secs_f32()
    );
    let mut rng = Rng(SEED);
    // He initialisation; the last layer starts small with the mean foreground's logit as bias.
    let fg: f32 = scenes
        .iter()
        .map(|s| s.mask.iter().sum::<f32>())
        .sum::<f32>()
        / (scenes.len() * CACHE * CACHE) as f32;
    let mut net = ShapeNet {
        layers: ARCH
            .iter()
            .enumerate()
            .map(|(i, &(cin, cout, k, dil, relu))| {
                let last = i + 1 == ARCH.len();
                let std = if last {
                    0.01
                } else {
                    (2.0 / (cin * k * k) as f32).sqrt()
                };
                pofuai_imaging::edit::PriorLayer {
                    cin,
                    cout,
                    k,
                    dil,
                    relu,
                    w: (0..cout * cin * k * k)
                        .map(|_| rng.normal() * std)
                        .collect(),
                    b: vec![if last { (fg / (1.0 - fg)).ln() } else { 0.0 }; cout],
                }
            })
            .collect(),
    };
    let params: usize = net.layers.iter().map(|l| l.w.len() + l.b.len()).sum();
    eprintln!("{params} parameters, foreground share {fg:.3}");
    // Adam state.
    let mut m: Grads = net
        .layers
        .iter()
        .map(|l| (vec![0.0; l.w.len()], vec![0.0; l.b.len()]))
        .collect();
    let mut v = m.clone();
    let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
    let steps_per_epoch = scenes.len().div_ceil(BATCH);
    let total_steps = EPOCHS * steps_per_epoch;
    let mut step = 0usize;
    for epoch in 0..EPOCHS {
        let mut order: Vec<usize> = (0..scenes.len()).collect();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut epoch_loss = 0.0;
        for chunk in order.chunks(BATCH) {
            let batch: Vec<_> = chunk
                .iter()
                .map(|&i| example(&scenes[i], Some(&mut rng)))
                .collect();
            let half = batch.len().div_ceil(2);
            let ((mut g, l0), (g1, l1)) = std::thread::scope(|s| {
                let a = s.spawn(|| batch_grads(&net, &batch[..half]));
                let b = batch_grads(&net, &batch[half..]);
                (a.join().expect("gradient thread"), b)
            });
            if !g1.is_empty() {
                add(&mut g, &g1);
            }
            epoch_loss += l0 + l1;
            step += 1;
            // Cosine decay to a twentieth.
            let progress = step as f32 / total_steps as f32;
            let lr = LR * (0.05 + 0.95 * 0.5 * (1.0 + (std::f32::consts::PI * progress).cos()));
            let k = 1.0 / batch.len() as f32;
            let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
            for (li, layer) in net.layers.iter_mut().enumerate() {
                let (gw, gb) = &g[li];
                let (mw, mb) = &mut m[li];
                let (vw, vb) = &mut v[li];
                for (p, (gr, (mm, vv))) in layer.w.iter_mut().chain(layer.b.iter_mut()).zip(
                    gw.iter().chain(gb).zip(
                        mw.iter_mut()
                            .chain(mb.iter_mut())
                            .zip(vw.iter_mut().chain(vb.iter_mut())),
                    ),
                ) {
                    let gr = gr * k;
                    *mm = b1 * *mm + (1.0 - b1) * gr;
                    *vv = b2 * *vv + (1.0 - b2) * gr * gr;
                    *p -= lr * (*mm / c1) / ((*vv / c2).sqrt() + eps);
                }
            }
        }
        if (epoch + 1) % 5 == 0 || epoch == 0 {
            let (tl, ti) = evaluate(&net, &scenes);
            let val_text = if held.is_empty() {
                String::new()
            } else {
                let (vl, vi) = evaluate(&net, &held);
                format!(", validation loss {vl:.4} IoU {vi:.3}")
            };
            eprintln!(
                "epoch {}: augmented loss {:.4}; training loss {tl:.4} IoU {ti:.3}{val_text} ({:.0} s)",
                epoch + 1,
                epoch_loss / scenes.len() as f32,
                t0.elapsed().as_secs_f32()
            );
        }
    }
    // Four significant digits are plenty and keep the file small.
    for l in &mut net.layers {
        for p in l.w.iter_mut().chain(l.b.iter_mut()) {
            *p = format!("{:.3e}", *p)
                .parse()
                .expect("a formatted float parses");
        }
    }
    let (vl, vi) = evaluate(&net, &held);
    let header = format!(
        "# Cut-out shape prior network: written by `cargo run --release -p pofuai-imaging \
         --example cutout_cnn_train`\n# from {} of the generated training scenes of \
         testdata/cutout/train only (no tuning, holdout_* or demo image read; {} more kept\n# \
         for validation: loss {vl:.4}, IoU {vi:.3} at the network's grid); {params} parameters, \
         {EPOCHS} epochs\n# of batch {BATCH}, Adam at {LR} with cosine decay, seed {SEED:#x}.\n",
        scenes.len(),
        held.len()
    );
    std::fs::write(&out, net.to_text(&header)).expect("network file can be written");
    eprintln!("wrote {out}");
}
