//! Every operation survives tiny, skinny and transparent inputs without panicking.

mod edit_support;

use edit_support::logo;
use image::{Rgba, RgbaImage};
use pofuai_imaging::edit::{
    Filter, Fit, Position, add_watermark_logo, apply_filter, enhance_quality, remove_background,
    resize,
};

fn odd_images() -> Vec<RgbaImage> {
    let noise = |w, h| {
        RgbaImage::from_fn(w, h, |x, y| {
            let v = ((x * 37 + y * 91) % 251) as u8;
            Rgba([v, v.wrapping_mul(3), 255 - v, 255])
        })
    };
    vec![
        RgbaImage::new(0, 0),
        RgbaImage::new(1, 1),
        noise(1, 1),
        noise(2, 2),
        noise(3, 3),
        noise(4, 3),
        noise(3, 500),
        noise(900, 3),
        noise(17, 11),
        RgbaImage::from_pixel(20, 20, Rgba([0, 0, 0, 0])),
    ]
}

#[test]
fn odd_inputs_never_panic_and_keep_their_size() {
    for img in odd_images() {
        let dims = img.dimensions();
        assert_eq!(enhance_quality(&img).dimensions(), dims);
        assert_eq!(remove_background(&img).dimensions(), dims);
        for f in Filter::ALL {
            let out = apply_filter(&img, f, 1.0).expect("valid strength");
            assert_eq!(out.dimensions(), dims, "{}", f.name());
        }
        for fit in [Fit::Contain, Fit::Cover, Fit::Fill, Fit::Inside] {
            match resize(&img, 7, 5, fit) {
                Ok(out) => assert!(out.width() <= 7 && out.height() <= 5),
                Err(e) => assert_eq!(e.field(), "resize.image", "{dims:?}"),
            }
        }
        let mut marked = img.clone();
        add_watermark_logo(&mut marked, &logo(16), Position::BottomRight, 0.5, 1.0)
            .expect("valid parameters");
        assert_eq!(marked.dimensions(), dims);
    }
}
