//! Prints sample output of every generator: `cargo run -p pofuai-text --example demo`.

use pofuai_text::copy::{CopyRequest, Platform, Tone, generate_copy};
use pofuai_text::describe::{
    DescribeOptions, DescribeRequest, LengthRange, SeoKeywordOptions, enhance,
};
use pofuai_text::money::{Currency, Money};
use pofuai_text::seo::{SeoRequest, optimize};
use pofuai_text::{Attribute, Language, Product};

fn main() {
    let product = Product {
        name: "Premium Kahve Makinesi".into(),
        category: Some("Elektronik".into()),
        attributes: vec![
            Attribute::new("Güç", "1500 W"),
            Attribute::new("Kapasite", "1,5 litre"),
            Attribute::new("Garanti", "2 yıl"),
            Attribute::new("Malzeme", "Paslanmaz çelik"),
        ],
        price: Some(Money::new(129_990, Currency::Try)),
        old_price: Some(Money::new(149_990, Currency::Try)),
        target_audience: Some("kahve severler".into()),
        ..Product::default()
    };
    for (lang, tone, platform) in [
        (Language::Tr, Tone::SalesFocused, Platform::InstagramPost),
        (Language::Tr, Tone::Premium, Platform::Twitter),
        (Language::En, Tone::Informative, Platform::Linkedin),
        (Language::De, Tone::SalesFocused, Platform::Facebook),
        (Language::Ar, Tone::Premium, Platform::Telegram),
    ] {
        let copy = generate_copy(&CopyRequest {
            product: product.clone(),
            language: lang,
            tone,
            platform,
            seed: 1,
            price_on_image: false,
        });
        println!(
            "=== copy {lang:?} {tone:?} {platform:?} ({} chars)\n{}\n",
            copy.length, copy.text
        );
    }
    let seo = optimize(
        &SeoRequest {
            product: product.clone(),
            description: "<p>Premium Kahve Makinesi ile her sabah taze filtre kahve. Paslanmaz çelik gövde.</p>".into(),
            language: Language::Tr,
            keywords: vec!["kaliteli".into(), "uygun fiyat".into()],
            max_keywords: 8,
        },
        &["Çay makinesi, hızlı kargo.", "Tost makinesi, ücretsiz kargo."],
    );
    println!("=== seo\n{:#?}\n", seo);
    let out = enhance(&DescribeRequest {
        product,
        description: "<p>Her sabah taze kahve.</p><script>alert(1)</script>".into(),
        language: Language::Tr,
        options: DescribeOptions {
            optimize_length: Some(LengthRange { min: 300, max: 900 }),
            add_seo_keywords: Some(SeoKeywordOptions {
                keywords: vec!["kaliteli".into(), "uygun fiyat".into()],
                max_density: 0.03,
            }),
            sales_focused: true,
            add_technical_details: true,
        },
    });
    println!(
        "=== describe ({} chars)\n{}\n{:?}\n{:?}",
        out.length, out.html, out.keyword_density, out.notes
    );
}
