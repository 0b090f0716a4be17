//! Shared fixtures: synthetic product images and the report's example spec.
#![allow(dead_code)]

use image::{Rgba, RgbaImage};
use pofuai_imaging::{
    Background, Language, OutputFormat, Position, Price, TemplateSpec, TemplateType, Texts,
    Watermark, parse_hex_color,
};

/// A 120-character product name (Turkish, with İ/ı/ş/ğ).
pub const LONG_NAME: &str = "Premium Kahve Makinesi Otomatik Öğütücülü Süt Köpürtücülü Paslanmaz Çelik Gövdeli İnce Tasarımlı Şık Işıklı Ekranlı 15 B";

/// A seller's 390-character marketing text (the API accepts up to 400).
pub const LONG_BODY: &str = "Her sabah taze öğütülmüş çekirdekle barista lezzetinde kahve: ipeksi süt köpüğü, tek dokunuşla temizlenen hazne ve sessiz motor. Paslanmaz çelik gövde, 1,5 litre su haznesi ve 15 bar basınç. Espresso, latte ve filtre kahve için üç ayrı program; fincan ısıtıcı tabla ve damla durdurma sistemi. Kutudan çıkan ölçü kaşığı ve süt kabıyla hemen kullanıma hazır; iki yıl garantili, Türkçe kılavuzlu.";

/// A synthetic cut-out "coffee machine": transparent background, soft-edged shapes.
pub fn product_cutout() -> RgbaImage {
    let (w, h) = (520u32, 640u32);
    RgbaImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        // Body: rounded rectangle with a vertical shade.
        let inside_body = rounded(fx, fy, 60.0, 40.0, 400.0, 480.0, 48.0);
        // Base plate.
        let inside_base = rounded(fx, fy, 30.0, 520.0, 460.0, 80.0, 24.0);
        // Cup: a circle-ish bowl.
        let (cx, cy) = (260.0, 440.0);
        let cup = 1.0
            - ((((fx - cx) / 90.0).powi(2) + ((fy - cy) / 70.0).powi(2)).sqrt() - 1.0)
                .clamp(0.0, 1.0)
                * 40.0;
        if cup > 0.0 && fy > 400.0 {
            let a = cup.clamp(0.0, 1.0);
            return Rgba([245, 240, 232, (a * 255.0) as u8]);
        }
        if inside_body > 0.0 {
            let shade = (70.0 - fy / 480.0 * 40.0) as u8;
            let panel = (fx - 260.0).abs() < 120.0 && (100.0..220.0).contains(&fy);
            if panel {
                return Rgba([30, 34, 44, (inside_body * 255.0) as u8]);
            }
            return Rgba([
                shade + 20,
                shade + 18,
                shade + 16,
                (inside_body * 255.0) as u8,
            ]);
        }
        if inside_base > 0.0 {
            return Rgba([150, 150, 158, (inside_base * 255.0) as u8]);
        }
        Rgba([0, 0, 0, 0])
    })
}

/// An opaque "photo": warm gradient with a dark object in the middle.
pub fn product_photo() -> RgbaImage {
    RgbaImage::from_fn(800, 600, |x, y| {
        let t = y as f32 / 600.0;
        let inside =
            ((x as f32 - 400.0) / 180.0).powi(2) + ((y as f32 - 320.0) / 200.0).powi(2) < 1.0;
        if inside {
            Rgba([60, 40, 30, 255])
        } else {
            Rgba([
                (235.0 - 40.0 * t) as u8,
                (215.0 - 50.0 * t) as u8,
                (190.0 - 60.0 * t) as u8,
                255,
            ])
        }
    })
}

fn rounded(x: f32, y: f32, rx: f32, ry: f32, rw: f32, rh: f32, r: f32) -> f32 {
    let cx = x.clamp(rx + r, rx + rw - r);
    let cy = y.clamp(ry + r, ry + rh - r);
    let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
    (r - d + 0.5).clamp(0.0, 1.0)
}

pub fn texts(lang: Language) -> (Texts, Price) {
    let (headline, body, cta, tags) = match lang {
        Language::Tr => (
            "Premium Kahve Makinesi",
            "Her sabah barista lezzeti: İnce öğütülmüş çekirdek, ipeksi süt köpüğü ve şık tasarım.",
            "Hemen Al",
            vec!["kahve", "#kahvesevenler", "indirim"],
        ),
        Language::En => (
            "Premium Coffee Machine",
            "Barista-quality coffee every morning, with silky milk foam and a sleek design.",
            "Shop Now",
            vec!["coffee", "coffeelovers", "sale"],
        ),
        Language::De => (
            "Premium-Kaffeemaschine",
            "Jeden Morgen Kaffee wie vom Barista – mit seidigem Milchschaum und schönem Design für Ihre Küche.",
            "Jetzt kaufen",
            vec!["kaffee", "kaffeeliebe", "angebot"],
        ),
        Language::Ar => (
            "آلة قهوة فاخرة",
            "قهوة بجودة الباريستا كل صباح مع رغوة حليب حريرية وتصميم أنيق.",
            "اشترِ الآن",
            vec!["قهوة", "عروض"],
        ),
    };
    let texts = Texts {
        headline: headline.into(),
        body: Some(body.into()),
        call_to_action: Some(cta.into()),
        hashtags: tags.into_iter().map(String::from).collect(),
    };
    let price = Price {
        text: if lang == Language::Tr {
            "₺1.299,00".into()
        } else {
            "€129.99".into()
        },
        old_text: Some(if lang == Language::Tr {
            "₺1.749,00".into()
        } else {
            "€173.99".into()
        }),
        amount_minor: Some(129_900),
        old_amount_minor: Some(174_900),
    };
    (texts, price)
}

/// The report's example: Instagram post, gradient #FF6B6B→#4ECDC4, product, watermark.
pub fn example_spec() -> TemplateSpec {
    let colors = vec![
        parse_hex_color("#FF6B6B").expect("valid"),
        parse_hex_color("#4ECDC4").expect("valid"),
    ];
    let mut spec = TemplateSpec::new(
        TemplateType::InstagramPost,
        Background::LinearGradient {
            angle_deg: 135.0,
            colors,
        },
        "Premium Kahve Makinesi",
    );
    let (texts, price) = texts(Language::Tr);
    spec.texts = texts;
    spec.price = Some(price);
    spec.product_image = Some(product_cutout());
    spec.watermark = Watermark::Text {
        text: "@kahvedunyasi".into(),
        position: Position::TopRight,
        opacity: 0.8,
    };
    spec.pofuai_mark = true;
    spec.output = OutputFormat::Png;
    spec
}

/// A spec in `lang` for `tt` with every element present.
pub fn full_spec(tt: TemplateType, lang: Language, background: Background) -> TemplateSpec {
    let (texts, price) = texts(lang);
    let mut spec = TemplateSpec::new(tt, background, &texts.headline);
    spec.texts = texts;
    spec.price = Some(price);
    spec.language = lang;
    spec.product_image = Some(product_cutout());
    spec.pofuai_mark = true;
    spec.watermark = Watermark::Text {
        text: "@magaza".into(),
        position: Position::TopLeft,
        opacity: 0.7,
    };
    spec
}
