//! The template spec: what to draw (platform, background, product image, texts, watermark, output).

use image::RgbaImage;

use crate::RenderError;
use crate::color::Color;

/// Longest accepted texts, in characters. Layout shrinks and wraps text to fit; these bound work.
pub const MAX_HEADLINE_CHARS: usize = 160;
pub const MAX_BODY_CHARS: usize = 400;
pub const MAX_CTA_CHARS: usize = 40;
pub const MAX_HASHTAGS: usize = 12;
pub const MAX_HASHTAG_CHARS: usize = 40;
pub const MAX_PRICE_CHARS: usize = 24;
pub const MAX_WATERMARK_CHARS: usize = 60;
/// Largest product image or logo accepted in a spec (width × height).
pub const MAX_SPEC_IMAGE_PIXELS: u64 = 40_000_000;

/// Target platform and format; fixes the canvas size and safe area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateType {
    InstagramPost,
    InstagramStory,
    FacebookPost,
    TwitterPost,
    LinkedinPost,
    TelegramPost,
    WhatsappStatus,
}

impl TemplateType {
    pub const ALL: [TemplateType; 7] = [
        Self::InstagramPost,
        Self::InstagramStory,
        Self::FacebookPost,
        Self::TwitterPost,
        Self::LinkedinPost,
        Self::TelegramPost,
        Self::WhatsappStatus,
    ];

    /// Parses the API name, e.g. `instagram_post`.
    pub fn parse(s: &str) -> Result<Self, RenderError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| RenderError::UnknownTemplateType {
                value: s.chars().take(64).collect(),
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InstagramPost => "instagram_post",
            Self::InstagramStory => "instagram_story",
            Self::FacebookPost => "facebook_post",
            Self::TwitterPost => "twitter_post",
            Self::LinkedinPost => "linkedin_post",
            Self::TelegramPost => "telegram_post",
            Self::WhatsappStatus => "whatsapp_status",
        }
    }

    /// Canvas size in pixels (width, height).
    pub fn size(self) -> (u32, u32) {
        match self {
            Self::InstagramPost => (1080, 1080),
            Self::InstagramStory | Self::WhatsappStatus => (1080, 1920),
            Self::FacebookPost => (1200, 630),
            Self::TwitterPost => (1600, 900),
            Self::LinkedinPost => (1200, 627),
            Self::TelegramPost => (1280, 720),
        }
    }

    /// Pixels at the top and at the bottom that must stay free of text (platform UI covers them).
    pub fn unsafe_band(self) -> u32 {
        match self {
            Self::InstagramStory | Self::WhatsappStatus => 250,
            _ => 0,
        }
    }
}

/// Language of the texts; drives alignment and direction (Arabic is right-to-left).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    Tr,
    En,
    De,
    Ar,
}

impl Language {
    pub fn parse(s: &str) -> Result<Self, RenderError> {
        match s {
            "tr" => Ok(Self::Tr),
            "en" => Ok(Self::En),
            "de" => Ok(Self::De),
            "ar" => Ok(Self::Ar),
            _ => Err(unknown("language", s)),
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }
}

/// Procedural texture families for [`Background::Texture`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextureKind {
    Noise,
    Paper,
    Linen,
    Dots,
    Stripes,
}

impl TextureKind {
    pub fn parse(s: &str) -> Result<Self, RenderError> {
        match s {
            "noise" => Ok(Self::Noise),
            "paper" => Ok(Self::Paper),
            "linen" => Ok(Self::Linen),
            "dots" => Ok(Self::Dots),
            "stripes" => Ok(Self::Stripes),
            _ => Err(unknown("background.kind", s)),
        }
    }
}

/// The canvas background.
#[derive(Debug, Clone, PartialEq)]
pub enum Background {
    Solid(Color),
    /// CSS-like angle: 0° runs bottom→top, 90° left→right, 180° top→bottom. 2–5 colours, evenly spaced.
    LinearGradient {
        angle_deg: f32,
        colors: Vec<Color>,
    },
    /// From the centre outwards to the farthest corner. 2–5 colours, evenly spaced.
    RadialGradient {
        colors: Vec<Color>,
    },
    /// A seeded procedural texture. `colors[0]` is the base; the optional `colors[1]` the accent.
    Texture {
        kind: TextureKind,
        colors: Vec<Color>,
        seed: u64,
    },
}

/// Where a watermark sits. Corners are inside the platform's safe area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
    Center,
}

impl Position {
    pub fn parse(s: &str) -> Result<Self, RenderError> {
        match s {
            "top_left" => Ok(Self::TopLeft),
            "top_right" => Ok(Self::TopRight),
            "bottom_left" => Ok(Self::BottomLeft),
            "bottom_right" => Ok(Self::BottomRight),
            "center" => Ok(Self::Center),
            _ => Err(unknown("watermark.position", s)),
        }
    }

    pub(crate) fn is_top(self) -> bool {
        matches!(self, Self::TopLeft | Self::TopRight)
    }

    pub(crate) fn is_bottom(self) -> bool {
        matches!(self, Self::BottomLeft | Self::BottomRight)
    }
}

/// The seller's own watermark.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Watermark {
    #[default]
    None,
    Text {
        text: String,
        position: Position,
        opacity: f32,
    },
    Logo {
        image: RgbaImage,
        position: Position,
        opacity: f32,
    },
}

/// Encoded output format. Quality is 1..=100 for the lossy formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OutputFormat {
    #[default]
    Png,
    Jpeg {
        quality: u8,
    },
    Webp {
        quality: u8,
    },
}

impl OutputFormat {
    pub const DEFAULT_QUALITY: u8 = 85;

    /// Parses `png`, `jpeg`/`jpg` or `webp`; `quality` defaults to 85 for lossy formats.
    pub fn parse(name: &str, quality: Option<u8>) -> Result<Self, RenderError> {
        let q = quality.unwrap_or(Self::DEFAULT_QUALITY);
        match name {
            "png" => Ok(Self::Png),
            "jpeg" | "jpg" => Ok(Self::Jpeg { quality: q }),
            "webp" => Ok(Self::Webp { quality: q }),
            _ => Err(unknown("output.format", name)),
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg { .. } => "image/jpeg",
            Self::Webp { .. } => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg { .. } => "jpg",
            Self::Webp { .. } => "webp",
        }
    }
}

/// Prices as the seller's locale shows them, plus minor-unit amounts for the discount badge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Price {
    /// Preformatted current price, e.g. `₺1.299,00`.
    pub text: String,
    /// Preformatted old price, drawn struck through, e.g. `₺1.749,00`.
    pub old_text: Option<String>,
    /// Current price in minor units (kuruş, cents). With `old_amount_minor` it yields the badge.
    pub amount_minor: Option<i64>,
    pub old_amount_minor: Option<i64>,
}

impl Price {
    /// Whole-percent discount, rounded down (25.7 % is "%25", never "%26": the badge never
    /// promises more than the prices give); `None` when the amounts are missing or give 0 %.
    pub fn discount_percent(&self) -> Option<u32> {
        let (now, old) = (self.amount_minor?, self.old_amount_minor?);
        if now < 0 || old <= now {
            return None;
        }
        let (now, old) = (i128::from(now), i128::from(old));
        u32::try_from((old - now) * 100 / old)
            .ok()
            .filter(|p| *p > 0)
    }
}

/// The words on the template. The web layer writes or generates them; this crate only lays out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Texts {
    /// Product name or hook; required.
    pub headline: String,
    /// Marketing text under the headline.
    pub body: Option<String>,
    /// Button label, e.g. `Hemen Al`.
    pub call_to_action: Option<String>,
    /// With or without the leading `#`.
    pub hashtags: Vec<String>,
}

/// Everything needed to render one template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSpec {
    pub template_type: TemplateType,
    pub background: Background,
    /// Decoded product image (e.g. from [`crate::decode_image`]); a transparent cut-out gets a
    /// shadow that follows its shape, an opaque photo gets rounded corners and a card shadow.
    pub product_image: Option<RgbaImage>,
    pub texts: Texts,
    pub price: Option<Price>,
    pub language: Language,
    pub watermark: Watermark,
    /// Draw the small "PofuAi" mark (forced for normal-tier users by the caller).
    pub pofuai_mark: bool,
    /// Button and accent colour; chosen from the background when `None`.
    pub accent: Option<Color>,
    pub output: OutputFormat,
    /// Seed for randomised decoration. Rendering is deterministic either way; solid and gradient
    /// backgrounds ignore it, and a [`Background::Texture`] carries its own seed.
    pub seed: u64,
}

impl TemplateSpec {
    /// A spec with only the required parts; everything else off or default.
    pub fn new(template_type: TemplateType, background: Background, headline: &str) -> Self {
        Self {
            template_type,
            background,
            product_image: None,
            texts: Texts {
                headline: headline.to_owned(),
                ..Texts::default()
            },
            price: None,
            language: Language::default(),
            watermark: Watermark::None,
            pofuai_mark: false,
            accent: None,
            output: OutputFormat::Png,
            seed: 0,
        }
    }

    /// Checks every field; `render` calls this first.
    pub fn validate(&self) -> Result<(), RenderError> {
        validate_background(&self.background)?;
        let t = &self.texts;
        if t.headline.trim().is_empty() {
            return Err(RenderError::EmptyText {
                field: "texts.headline".into(),
            });
        }
        check_len("texts.headline", &t.headline, MAX_HEADLINE_CHARS)?;
        if let Some(body) = &t.body {
            check_len("texts.body", body, MAX_BODY_CHARS)?;
        }
        if let Some(cta) = &t.call_to_action {
            check_len("texts.call_to_action", cta, MAX_CTA_CHARS)?;
        }
        if t.hashtags.len() > MAX_HASHTAGS {
            return Err(RenderError::TooManyItems {
                field: "texts.hashtags".into(),
                count: t.hashtags.len(),
                max: MAX_HASHTAGS,
            });
        }
        for (i, tag) in t.hashtags.iter().enumerate() {
            check_len(&format!("texts.hashtags[{i}]"), tag, MAX_HASHTAG_CHARS)?;
        }
        if let Some(price) = &self.price {
            validate_price(price)?;
        }
        if let Some(img) = &self.product_image {
            check_image("product_image", img)?;
        }
        match &self.watermark {
            Watermark::None => {}
            Watermark::Text { text, opacity, .. } => {
                check_opacity(*opacity)?;
                if text.trim().is_empty() {
                    return Err(RenderError::EmptyText {
                        field: "watermark.text".into(),
                    });
                }
                check_len("watermark.text", text, MAX_WATERMARK_CHARS)?;
            }
            Watermark::Logo { image, opacity, .. } => {
                check_opacity(*opacity)?;
                check_image("watermark.image", image)?;
            }
        }
        match self.output {
            OutputFormat::Png => {}
            OutputFormat::Jpeg { quality } | OutputFormat::Webp { quality } => {
                if !(1..=100).contains(&quality) {
                    return Err(RenderError::InvalidQuality {
                        field: "output.quality".into(),
                        value: quality,
                    });
                }
            }
        }
        Ok(())
    }
}

fn unknown(field: &str, value: &str) -> RenderError {
    RenderError::UnknownValue {
        field: field.to_owned(),
        value: value.chars().take(64).collect(),
    }
}

fn validate_background(bg: &Background) -> Result<(), RenderError> {
    match bg {
        Background::Solid(_) => Ok(()),
        Background::LinearGradient { angle_deg, colors } => {
            if !angle_deg.is_finite() {
                return Err(RenderError::InvalidAngle {
                    field: "background.angle_deg".into(),
                });
            }
            check_gradient_colors(colors)
        }
        Background::RadialGradient { colors } => check_gradient_colors(colors),
        Background::Texture { colors, .. } => {
            if colors.is_empty() || colors.len() > 2 {
                return Err(RenderError::TextureColorCount {
                    field: "background.colors".into(),
                    count: colors.len(),
                });
            }
            Ok(())
        }
    }
}

fn check_gradient_colors(colors: &[Color]) -> Result<(), RenderError> {
    if (2..=5).contains(&colors.len()) {
        Ok(())
    } else {
        Err(RenderError::GradientColorCount {
            field: "background.colors".into(),
            count: colors.len(),
        })
    }
}

fn validate_price(p: &Price) -> Result<(), RenderError> {
    if p.text.trim().is_empty() {
        return Err(RenderError::EmptyText {
            field: "price.text".into(),
        });
    }
    check_len("price.text", &p.text, MAX_PRICE_CHARS)?;
    if let Some(old) = &p.old_text {
        check_len("price.old_text", old, MAX_PRICE_CHARS)?;
    }
    for (field, v) in [
        ("price.amount_minor", p.amount_minor),
        ("price.old_amount_minor", p.old_amount_minor),
    ] {
        if v.is_some_and(|v| v < 0) {
            return Err(RenderError::NegativePrice {
                field: field.into(),
            });
        }
    }
    if let (Some(now), Some(old)) = (p.amount_minor, p.old_amount_minor)
        && old <= now
    {
        return Err(RenderError::OldPriceNotHigher {
            field: "price.old_amount_minor".into(),
        });
    }
    Ok(())
}

fn check_len(field: &str, text: &str, max: usize) -> Result<(), RenderError> {
    let len = text.chars().count();
    if len > max {
        return Err(RenderError::TextTooLong {
            field: field.to_owned(),
            len,
            max,
        });
    }
    Ok(())
}

fn check_opacity(value: f32) -> Result<(), RenderError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(RenderError::OpacityOutOfRange {
            field: "watermark.opacity".into(),
            value,
        })
    }
}

fn check_image(field: &str, img: &RgbaImage) -> Result<(), RenderError> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Err(RenderError::EmptyImage {
            field: field.to_owned(),
        });
    }
    if u64::from(w) * u64::from(h) > MAX_SPEC_IMAGE_PIXELS {
        return Err(RenderError::ImageTooLarge {
            field: field.to_owned(),
            width: w,
            height: h,
        });
    }
    Ok(())
}
