//! Writes sample renders of every platform and background into a folder, for eyeballing.
//! Usage: cargo run --release -p pofuai-imaging --example gallery -- /tmp/gallery

#[path = "../tests/common/mod.rs"]
mod common;

use pofuai_imaging::{Background, Color, Language, Renderer, TemplateType, TextureKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "gallery".into());
    std::fs::create_dir_all(&dir)?;
    let r = Renderer::new();
    let write = |name: &str,
                 spec: &pofuai_imaging::TemplateSpec|
     -> Result<(), Box<dyn std::error::Error>> {
        let out = r.render(spec)?;
        std::fs::write(
            format!("{dir}/{name}.{}", spec.output.extension()),
            &out.bytes,
        )?;
        Ok(())
    };
    write("example", &common::example_spec())?;
    let grad = Background::LinearGradient {
        angle_deg: 135.0,
        colors: vec![Color::rgb(0x4F, 0x46, 0xE5), Color::rgb(0xEC, 0x48, 0x99)],
    };
    let langs = [Language::Tr, Language::En, Language::De, Language::Ar];
    for (i, tt) in TemplateType::ALL.into_iter().enumerate() {
        let lang = langs[i % 4];
        write(
            &format!("{}_{:?}", tt.as_str(), lang),
            &common::full_spec(tt, lang, grad.clone()),
        )?;
    }
    let bgs = [
        ("solid", Background::Solid(Color::rgb(0xF5, 0xF0, 0xE8))),
        (
            "radial",
            Background::RadialGradient {
                colors: vec![
                    Color::rgb(0xFF, 0xD1, 0x66),
                    Color::rgb(0xEF, 0x47, 0x6F),
                    Color::rgb(0x26, 0x15, 0x4D),
                ],
            },
        ),
        (
            "noise",
            Background::Texture {
                kind: TextureKind::Noise,
                colors: vec![Color::rgb(0x1B, 0x4D, 0x3E)],
                seed: 7,
            },
        ),
        (
            "paper",
            Background::Texture {
                kind: TextureKind::Paper,
                colors: vec![Color::rgb(0xF3, 0xEC, 0xDC)],
                seed: 7,
            },
        ),
        (
            "linen",
            Background::Texture {
                kind: TextureKind::Linen,
                colors: vec![Color::rgb(0xD9, 0xCF, 0xC1)],
                seed: 7,
            },
        ),
        (
            "dots",
            Background::Texture {
                kind: TextureKind::Dots,
                colors: vec![Color::rgb(0x0F, 0x17, 0x2A), Color::rgb(0x33, 0x41, 0x55)],
                seed: 7,
            },
        ),
        (
            "stripes",
            Background::Texture {
                kind: TextureKind::Stripes,
                colors: vec![Color::rgb(0xFF, 0xFF, 0xFF), Color::rgb(0x11, 0x11, 0x11)],
                seed: 7,
            },
        ),
    ];
    for (name, bg) in bgs {
        let mut spec = common::full_spec(TemplateType::InstagramPost, Language::Tr, bg);
        if name == "solid" {
            spec.product_image = Some(common::product_photo());
        }
        write(&format!("bg_{name}"), &spec)?;
    }
    let mut long = common::full_spec(TemplateType::InstagramStory, Language::Tr, grad.clone());
    long.texts.headline = common::LONG_NAME.into();
    write("long_story", &long)?;
    let mut long = common::full_spec(TemplateType::LinkedinPost, Language::Tr, grad);
    long.texts.headline = common::LONG_NAME.into();
    write("long_linkedin", &long)?;
    Ok(())
}
