//! Prints an English and a German enhanced description: `cargo run -p pofuai-text --example describe_en`.

use pofuai_text::describe::{
    DescribeOptions, DescribeRequest, LengthRange, SeoKeywordOptions, enhance,
};
use pofuai_text::{Attribute, Language, Product};

fn main() {
    for lang in [Language::En, Language::De, Language::Ar] {
        let mut product = Product::named("Premium Coffee Maker");
        product.category = Some("Electronics".into());
        product.attributes = vec![
            Attribute::new("power", "1500 W"),
            Attribute::new("warranty", "2 years"),
            Attribute::new("Farbe", "Schwarz"),
        ];
        let out = enhance(&DescribeRequest {
            product,
            description: "Fresh coffee every morning.".into(),
            language: lang,
            options: DescribeOptions {
                optimize_length: Some(LengthRange { min: 400, max: 800 }),
                add_seo_keywords: Some(SeoKeywordOptions {
                    keywords: vec!["quality".into(), "good price".into()],
                    max_density: 0.03,
                }),
                sales_focused: true,
                add_technical_details: true,
            },
        });
        println!(
            "=== {lang:?} ({} chars) {:?}\n{}\n",
            out.length, out.notes, out.html
        );
    }
}
