//! Prints Turkish copy for several seeds and products: `cargo run -p pofuai-text --example variants`.

use pofuai_text::copy::{CopyRequest, Platform, Tone, generate_copy};
use pofuai_text::money::{Currency, Money};
use pofuai_text::{Language, Product};

fn main() {
    for (name, aud) in [
        ("Bluetooth Kulaklık", "müzik tutkunları"),
        ("iPhone 15 Kılıfı", "iPhone kullanıcıları"),
        ("Çay Bardağı Seti", "Çay Severler"),
    ] {
        for tone in [Tone::SalesFocused, Tone::Informative, Tone::Premium] {
            for seed in 0..2 {
                let mut p = Product::named(name);
                p.category = Some("Ev & Yaşam".into());
                p.target_audience = Some(aud.into());
                p.price = Some(Money::new(49_990, Currency::Try));
                let c = generate_copy(&CopyRequest {
                    product: p,
                    language: Language::Tr,
                    tone,
                    platform: Platform::Facebook,
                    seed,
                    price_on_image: false,
                });
                println!("--- {tone:?} {seed}\n{}\n", c.text);
            }
        }
    }
}
