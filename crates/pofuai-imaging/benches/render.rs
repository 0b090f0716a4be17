//! Render benchmark: the report's example (Instagram post, gradient #FF6B6B→#4ECDC4, product
//! photo, "Premium Kahve Makinesi", watermark) rendered N times per output format on one thread.
//! Prints median and p99 per image, then runs the Pillow baseline (bench/pillow_template.py) if
//! `python3 -c "import PIL"` works, and prints the per-core throughput ratio.
//!
//! For a like-for-like file-size check it also hands our finished canvas (raw RGB) to Pillow's
//! encoder (`--encode-rgb`) with the same settings and prints that size: the two encoders on
//! identical pixels.
//!
//! Run: `cargo bench -p pofuai-imaging --bench render` (N from `POFUAI_BENCH_N`, default 40).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use pofuai_imaging::{OutputFormat, Renderer};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn pillow_median(script: &Path, n: usize, format: &str, extra: &[&str]) -> Option<f64> {
    let out = Command::new("python3")
        .arg(script)
        .args(["--n", &n.to_string(), "--format", format])
        .args(extra)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "pillow baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let label = if extra.is_empty() {
        "pillow "
    } else {
        "pillow encoder on our canvas:"
    };
    println!("  {label} {}", line.trim());
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix("median_ms="))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let n: usize = std::env::var("POFUAI_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
        .max(1);
    let renderer = Renderer::new();
    let mut spec = common::example_spec();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/pillow_template.py");
    let have_pillow = Command::new("python3")
        .args(["-c", "import PIL"])
        .output()
        .is_ok_and(|o| o.status.success());
    let canvas_file = std::env::temp_dir().join(format!("pofuai-bench-{}.rgb", std::process::id()));
    if have_pillow {
        let (rgba, _) = renderer.render_rgba(&spec).expect("example renders");
        let rgb: Vec<u8> = rgba
            .as_raw()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        std::fs::write(&canvas_file, rgb).expect("temp file");
    }
    println!("render bench: instagram_post 1080x1080, n={n}, one thread");
    for (name, format) in [
        ("png", OutputFormat::Png),
        ("jpeg", OutputFormat::Jpeg { quality: 85 }),
        ("webp", OutputFormat::Webp { quality: 80 }),
    ] {
        spec.output = format;
        let warm = renderer.render(&spec).expect("example renders");
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let out = renderer.render(&spec).expect("example renders");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(out);
        }
        times.sort_by(f64::total_cmp);
        let median = percentile(&times, 0.5);
        println!(
            "{name:>5}: median {median:.2} ms, p99 {:.2} ms, {:.1} images/s/core, {} bytes",
            percentile(&times, 0.99),
            1000.0 / median,
            warm.bytes.len()
        );
        if have_pillow && let Some(pillow) = pillow_median(&script, n.min(30), name, &[]) {
            println!(
                "  ratio: {:.2}x Pillow's per-core throughput",
                pillow / median
            );
            let canvas = canvas_file.to_string_lossy();
            pillow_median(&script, 5, name, &["--encode-rgb", &canvas]);
        }
    }
    let _ = std::fs::remove_file(&canvas_file);
    if !have_pillow {
        println!("(Pillow not installed: `pip install pillow` to compare)");
    }
}
