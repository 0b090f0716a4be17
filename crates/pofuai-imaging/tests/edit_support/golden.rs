//! Golden-image comparison: `tests/golden/edit/NAME.png`, regenerated with `POFUAI_BLESS=1`.

use std::path::{Path, PathBuf};

use image::RgbaImage;

/// Largest accepted mean absolute difference (8-bit levels, all channels). Small differences come
/// from SIMD paths of the resizer and float rounding on other CPUs.
pub const TOLERANCE: f64 = 1.0;

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/edit")
        .join(format!("{name}.png"))
}

/// Compares `actual` with the stored golden image, or stores it when `POFUAI_BLESS=1`.
pub fn check(name: &str, actual: &RgbaImage) {
    let path = path(name);
    if std::env::var("POFUAI_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().expect("golden path has a parent"))
            .expect("golden directory can be created");
        actual.save(&path).expect("golden image can be written");
        return;
    }
    let expected = image::open(&path)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with POFUAI_BLESS=1 to create it)",
                path.display()
            )
        })
        .to_rgba8();
    assert_eq!(
        expected.dimensions(),
        actual.dimensions(),
        "{name}: size differs from the golden image"
    );
    let mad = super::mean_abs_diff(&expected, actual);
    assert!(
        mad <= TOLERANCE,
        "{name}: mean absolute difference {mad:.3} > {TOLERANCE} (POFUAI_BLESS=1 regenerates)"
    );
}
