//! Social-media template generation: request parsing and the role rules, the monthly quota
//! (taken atomically before rendering, given back when rendering fails), rendering on the
//! bounded CPU pool, and the caller's history.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use pofuai_core::{Feature, QuotaPeriod, QuotaStatus, Role};
use pofuai_imaging::{
    Background, DecodeLimits, Language, OutputFormat, Position, Price, RenderError, TemplateSpec,
    TemplateType, Texts, TextureKind, Watermark, parse_hex_color_field,
};
use pofuai_store::ai::ModelCall;
use pofuai_store::templates::{HistoryFilter, NewTemplate, TemplateRecord};
use pofuai_store::uploads::UploadViewer;
use pofuai_text::copy::{CopyRequest, MarketingCopy, Platform, Tone, generate_copy};
use pofuai_text::money::{Currency as TextCurrency, Money};
use pofuai_text::provider::{ApiKey, OpenAiCompatible, copy_with_fallback};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ai::QuotaView;
use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::blobs::BlobStore;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(generate_template))
        .routes(routes!(preview_template))
        .routes(routes!(generate_batch))
        .routes(routes!(history))
        .routes(routes!(get_template, delete_template))
        .routes(routes!(template_image))
}

// ---- requests ----

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WatermarkInput {
    /// Text of the watermark; or give `logo`.
    text: Option<String>,
    /// An upload path of the caller's logo (PNG with transparency works best).
    logo: Option<String>,
    /// top_left, top_right, bottom_left, bottom_right (default) or center.
    position: Option<String>,
    /// 0–1, default 0.6.
    opacity: Option<f32>,
}

/// The report's `content_data`, with the options around it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentData {
    /// Headline; taken from the product when `product_id` is given.
    product_name: Option<String>,
    /// Use this catalogue product's name, image and prices.
    product_id: Option<i64>,
    /// An upload path (`/uploads/…`) or an https URL of a JPEG, PNG or WebP image.
    product_image: Option<String>,
    /// Cut the product out of its background (soft-edged) before placing it.
    remove_background: Option<bool>,
    /// Automatic levels, white balance, denoise and sharpening of the product photo.
    enhance_image: Option<bool>,
    /// Write the marketing text with the text engine (default when no `marketing_text`).
    generate_text: Option<bool>,
    /// The seller's own text instead of a generated one.
    marketing_text: Option<String>,
    call_to_action: Option<String>,
    hashtags: Option<Vec<String>>,
    /// gradient (default), solid or texture.
    background_style: Option<String>,
    /// 2–5 colours, e.g. ["#FF6B6B", "#4ECDC4"].
    gradient_colors: Option<Vec<String>>,
    /// linear (default) or radial.
    gradient_type: Option<String>,
    /// Degrees for linear gradients, default 135.
    gradient_angle: Option<f32>,
    /// Solid colour, or the base colour of a texture.
    background_color: Option<String>,
    /// noise, paper (default), linen, dots or stripes; premium, seller and admin.
    texture: Option<String>,
    category: Option<String>,
    target_audience: Option<String>,
    /// Current price in minor units (kuruş).
    price: Option<i64>,
    /// Price before the discount, minor units; shows a struck price and a badge.
    old_price: Option<i64>,
    /// TRY (default), USD, EUR or GBP.
    currency: Option<String>,
    /// tr (default), en, de or ar.
    language: Option<String>,
    /// sales_focused (default), informative or premium.
    tone: Option<String>,
    watermark: Option<WatermarkInput>,
    /// png (default), jpeg or webp.
    output_format: Option<String>,
    /// 1–100 for jpeg and webp, default 85.
    quality: Option<u8>,
    /// Picks the text variant and texture pattern; the same request renders the same pixels.
    seed: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateTemplateRequest {
    /// instagram_post, instagram_story, facebook_post, twitter_post, linkedin_post,
    /// telegram_post or whatsapp_status.
    template_type: String,
    content_data: ContentData,
    /// png, jpeg or webp (also accepted inside content_data).
    output_format: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// Catalogue products, at most 20.
    product_ids: Vec<i64>,
    /// Platforms, at most 7; every product is rendered for each.
    template_types: Vec<String>,
    /// Shared options (background, language, watermark, …); product fields come from the catalogue.
    #[serde(default)]
    content_data: ContentData,
}

// ---- responses ----

#[derive(Serialize, ToSchema)]
pub struct TextsView {
    headline: String,
    body: Option<String>,
    call_to_action: Option<String>,
    hashtags: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TemplateView {
    id: i64,
    template_type: String,
    product_id: Option<i64>,
    /// GET this (with your token) for the image.
    image_url: String,
    width: i64,
    height: i64,
    format: String,
    byte_size: i64,
    render_ms: i64,
    #[schema(value_type = Object)]
    texts: serde_json::Value,
    created_at: DateTime<Utc>,
}

impl From<TemplateRecord> for TemplateView {
    fn from(r: TemplateRecord) -> TemplateView {
        TemplateView {
            image_url: format!("/api/ai/templates/{}/image", r.id),
            id: r.id,
            template_type: r.template_type,
            product_id: r.product_id,
            width: r.width,
            height: r.height,
            format: r.format,
            byte_size: r.byte_size,
            render_ms: r.render_ms,
            texts: serde_json::from_str(&r.texts).unwrap_or_default(),
            created_at: to_datetime(r.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GeneratedView {
    template: TemplateView,
    quota: QuotaView,
    /// Request fields whose text did not fit even after growing its area and shrinking the
    /// font to the minimum, and was cut with "…" (`product_name`, `marketing_text`,
    /// `call_to_action`, `hashtags`, `watermark`). Empty when every word is on the image.
    truncated: Vec<String>,
    /// E.g. `cutout_low_confidence` when the product photo is shown uncut on a card.
    warnings: Vec<WarningView>,
}

#[derive(Serialize, ToSchema)]
pub struct BatchItemView {
    product_id: i64,
    template_type: String,
    /// `ok` or `error`.
    status: &'static str,
    template: Option<TemplateView>,
    /// As in the single answer: fields whose text was cut to fit.
    truncated: Vec<String>,
    warnings: Vec<WarningView>,
    #[schema(value_type = Option<Object>)]
    error: Option<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct BatchView {
    items: Vec<BatchItemView>,
    succeeded: usize,
    failed: usize,
    quota: QuotaView,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryPage {
    items: Vec<TemplateView>,
    next_cursor: Option<String>,
}

// ---- building a spec ----

fn render_field_error(e: RenderError, prefix: &str) -> ApiError {
    let field = match e.field() {
        Some("template_type") => "template_type".to_string(),
        // The spec's names for what the request calls otherwise.
        Some("texts.headline") => format!("{prefix}product_name"),
        Some("texts.body") => format!("{prefix}marketing_text"),
        Some("texts.call_to_action") => format!("{prefix}call_to_action"),
        Some(f) if f.starts_with("texts.hashtags") => f.replacen("texts.", prefix, 1),
        Some(f) if f.starts_with("background.") => format!("{prefix}background_style"),
        Some(f) => format!("{prefix}{f}"),
        None => "content_data".to_string(),
    };
    render_field_error_at(e, field)
}

/// The render error as a coded field error on `field`, so the panel can say it in Turkish.
fn render_field_error_at(e: RenderError, field: String) -> ApiError {
    let message = e.to_string();
    let (code, args): (&'static str, Vec<(&'static str, i64)>) = match &e {
        RenderError::UnknownTemplateType { .. } | RenderError::UnknownValue { .. } => {
            ("one_of", vec![])
        }
        RenderError::InvalidColor { .. } => ("invalid_colour", vec![]),
        RenderError::GradientColorCount { .. } => ("count_between", vec![("min", 2), ("max", 5)]),
        RenderError::TextureColorCount { .. } => ("count_between", vec![("min", 1), ("max", 2)]),
        RenderError::OpacityOutOfRange { .. } => ("out_of_range", vec![("min", 0), ("max", 1)]),
        RenderError::InvalidQuality { .. } => ("out_of_range", vec![("min", 1), ("max", 100)]),
        RenderError::EmptyText { .. } | RenderError::EmptyInput { .. } => ("required", vec![]),
        RenderError::TextTooLong { max, .. } => ("too_long", vec![("max", *max as i64)]),
        RenderError::TooManyItems { max, .. } => ("too_many", vec![("max", *max as i64)]),
        RenderError::NegativePrice { .. } => ("not_negative", vec![]),
        RenderError::OldPriceNotHigher { .. } => ("old_price_not_above", vec![]),
        RenderError::UnsupportedFormat { .. } => ("image_format", vec![]),
        RenderError::CorruptImage { .. } | RenderError::EmptyImage { .. } => {
            ("image_unreadable", vec![])
        }
        RenderError::ImageTooLarge { .. } | RenderError::InputTooLarge { .. } => {
            ("image_too_large", vec![])
        }
        _ => ("invalid", vec![]),
    };
    ApiError::coded_args(field, code, message, &args)
}

/// What the request resolved to, before quota and rendering.
struct Prepared {
    spec: TemplateSpec,
    texts: TextsView,
    product_id: Option<i64>,
    template_type: TemplateType,
    /// Time spent fetching, decoding and editing the product photo (cut-out, enhancement):
    /// part of the render's cost.
    photo_ms: i64,
    warnings: Vec<WarningView>,
}

/// Something the answer's image does differently from what was asked, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WarningView {
    /// `cutout_low_confidence`: the cut-out was not trusted, so the photo is shown uncut on a
    /// card (templates) or needs `force` to be applied (product editing).
    pub code: &'static str,
    /// The request field the warning is about.
    pub field: String,
    pub message: String,
    /// The cut-out's confidence, 0–1.
    pub confidence: f32,
}

impl WarningView {
    pub fn low_cutout_confidence(field: &str, confidence: f32, fallback: &str) -> Self {
        WarningView {
            code: "cutout_low_confidence",
            field: field.to_string(),
            message: format!(
                "the background removal is not reliable for this photo (confidence {confidence:.2} < {:.2}); {fallback}",
                pofuai_imaging::edit::LOW_CONFIDENCE
            ),
            confidence,
        }
    }
}

fn platform_of(t: TemplateType) -> Platform {
    match t {
        TemplateType::InstagramPost => Platform::InstagramPost,
        TemplateType::InstagramStory => Platform::InstagramStory,
        TemplateType::FacebookPost => Platform::Facebook,
        TemplateType::TwitterPost => Platform::Twitter,
        TemplateType::LinkedinPost => Platform::Linkedin,
        TemplateType::TelegramPost => Platform::Telegram,
        TemplateType::WhatsappStatus => Platform::WhatsappStatus,
    }
}

fn text_language(l: Language) -> pofuai_text::Language {
    match l {
        Language::Tr => pofuai_text::Language::Tr,
        Language::En => pofuai_text::Language::En,
        Language::De => pofuai_text::Language::De,
        Language::Ar => pofuai_text::Language::Ar,
    }
}

fn text_currency(code: &str) -> Result<TextCurrency, ApiError> {
    match code {
        "TRY" => Ok(TextCurrency::Try),
        "USD" => Ok(TextCurrency::Usd),
        "EUR" => Ok(TextCurrency::Eur),
        "GBP" => Ok(TextCurrency::Gbp),
        _ => Err(ApiError::coded(
            "content_data.currency",
            "currency",
            "must be one of TRY, USD, EUR, GBP",
        )),
    }
}

/// Reads an image the caller may use: an upload they can see, or an https URL through the
/// guarded fetcher. Decoded under the upload limits.
async fn load_image(
    state: &AppState,
    auth: &Auth,
    field: &str,
    source: &str,
) -> ApiResult<image::RgbaImage> {
    let bytes = if source.starts_with("/uploads/") {
        let viewer = UploadViewer {
            user_id: auth.user.id,
            admin: auth.role() == Role::Admin,
            catalogue_reader: matches!(auth.role(), Role::Premium | Role::Normal),
        };
        let upload = state
            .store
            .readable_upload(source, viewer)
            .await
            .map_err(|_| {
                ApiError::coded(field, "not_found_here", "is not an upload you can use")
            })?;
        state
            .blobs
            .get(&upload.path)
            .await
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::coded(field, "not_found_here", "file is missing"))?
    } else if source.starts_with("https://") || source.starts_with("http://") {
        state
            .fetcher
            .fetch(source)
            .await
            .map_err(|e| ApiError::coded(field, "invalid_url", format!("URL {e}")))?
    } else {
        return Err(ApiError::coded(
            field,
            "invalid_url",
            "must be an upload path (/uploads/…) or an https:// URL",
        ));
    };
    let limits = DecodeLimits {
        max_bytes: state.config.max_upload_bytes,
        max_pixels: state.config.max_upload_pixels,
        ..DecodeLimits::default()
    };
    let field = field.to_string();
    state
        .cpu
        .run(move || pofuai_imaging::decode_image(&bytes, &limits))
        .await?
        .map_err(|e| render_field_error_at(e, field))
}

async fn prepare(
    state: &AppState,
    auth: &Auth,
    template_type: &str,
    content: &ContentData,
    top_level_format: Option<&str>,
) -> ApiResult<Prepared> {
    let c = content;
    let template_type =
        TemplateType::parse(template_type).map_err(|e| render_field_error(e, ""))?;
    let advanced = auth.user.role.can(Feature::TemplateAdvanced);
    let p = "content_data.";

    // Catalogue product, when named.
    let product = match c.product_id {
        Some(id) => Some(
            state
                .store
                .product(id, auth.view_scope())
                .await
                .map_err(|_| {
                    ApiError::coded(
                        "content_data.product_id",
                        "not_found_here",
                        "no such product",
                    )
                })?,
        ),
        None => None,
    };
    let headline = c
        .product_name
        .clone()
        .or_else(|| product.as_ref().map(|p| p.name.clone()))
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            ApiError::coded(
                "content_data.product_name",
                "required",
                "is required (or give product_id)",
            )
        })?;
    let max = pofuai_imaging::MAX_HEADLINE_CHARS;
    if headline.chars().count() > max {
        return Err(ApiError::coded_args(
            "content_data.product_name",
            "too_long",
            format!("must be at most {max} characters"),
            &[("max", max as i64)],
        ));
    }
    for (field, value, max) in [
        (
            "marketing_text",
            &c.marketing_text,
            pofuai_imaging::MAX_BODY_CHARS,
        ),
        (
            "call_to_action",
            &c.call_to_action,
            pofuai_imaging::MAX_CTA_CHARS,
        ),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(ApiError::coded_args(
                format!("{p}{field}"),
                "too_long",
                format!("must be at most {max} characters"),
                &[("max", max as i64)],
            ));
        }
    }
    let language = match &c.language {
        Some(l) => Language::parse(l).map_err(|e| render_field_error(e, p))?,
        None => Language::Tr,
    };

    // Prices: the request's, else the catalogue's first variant.
    let first_variant = product.as_ref().and_then(|p| p.variants.first());
    let currency = c
        .currency
        .clone()
        .or_else(|| first_variant.map(|v| v.currency.clone()))
        .unwrap_or_else(|| "TRY".to_string());
    let currency = text_currency(&currency)?;
    let price = c.price.or_else(|| first_variant.map(|v| v.sale_price));
    let old_price = c.old_price.or_else(|| {
        first_variant
            .filter(|v| v.list_price > v.sale_price)
            .map(|v| v.list_price)
    });
    for (name, v) in [("price", price), ("old_price", old_price)] {
        if v.is_some_and(|v| !(0..=pofuai_core::product::MAX_PRICE_MINOR).contains(&v)) {
            return Err(ApiError::coded(
                format!("{p}{name}"),
                "amount",
                "must be between 0 and 10^12 minor units",
            ));
        }
    }
    if let (Some(now), Some(old)) = (price, old_price)
        && old <= now
    {
        return Err(ApiError::coded(
            format!("{p}old_price"),
            "old_price_not_above",
            "must be above price",
        ));
    }
    let tl = text_language(language);
    let money = |m: i64| Money { minor: m, currency };
    let price_view = price.map(|now| Price {
        text: money(now).format(tl),
        old_text: old_price.map(|o| money(o).format(tl)),
        amount_minor: Some(now),
        old_amount_minor: old_price,
    });

    // Texts.
    let category = c
        .category
        .clone()
        .or_else(|| product.as_ref().map(|p| p.category.clone()));
    let tone = match c.tone.as_deref() {
        None | Some("sales_focused") => Tone::SalesFocused,
        Some("informative") => Tone::Informative,
        Some("premium") => Tone::Premium,
        Some(_) => {
            return Err(ApiError::coded(
                format!("{p}tone"),
                "one_of",
                "must be sales_focused, informative or premium",
            ));
        }
    };
    let generated = if c.marketing_text.is_none() && c.generate_text.unwrap_or(true) {
        // The catalogue's facts (brand, attributes, options, stock), with what the request says.
        let mut product_text = product
            .as_ref()
            .map(super::text_product)
            .unwrap_or_default();
        product_text.name = headline.clone();
        product_text.category = category.clone();
        product_text.price = price.map(money);
        product_text.old_price = old_price.map(money);
        product_text.target_audience = c.target_audience.clone();
        Some(
            write_copy(
                state,
                &CopyRequest {
                    product: product_text,
                    language: tl,
                    tone,
                    platform: platform_of(template_type),
                    seed: c.seed.unwrap_or(0),
                    // The price tag and badge on the image state them; the text does not repeat.
                    price_on_image: price_view.is_some(),
                },
            )
            .await,
        )
    } else {
        None
    };
    // The user's own texts were checked above; generated ones are fitted to the image's boxes.
    let body = c
        .marketing_text
        .clone()
        .or_else(|| {
            generated
                .as_ref()
                .map(|g| fit_chars(&g.body, pofuai_imaging::MAX_BODY_CHARS))
        })
        .filter(|b| !b.trim().is_empty());
    // A button label cut mid-phrase reads badly: a generated one too long for the button is
    // replaced by the language's short label.
    let call_to_action = c.call_to_action.clone().or_else(|| {
        generated.as_ref().map(|g| {
            if g.call_to_action.chars().count() <= pofuai_imaging::MAX_CTA_CHARS {
                g.call_to_action.clone()
            } else {
                short_cta(language).to_string()
            }
        })
    });
    let hashtags = c
        .hashtags
        .clone()
        .or_else(|| {
            generated.as_ref().map(|g| {
                g.hashtags
                    .iter()
                    .filter(|h| h.chars().count() <= pofuai_imaging::MAX_HASHTAG_CHARS)
                    .take(6)
                    .cloned()
                    .collect()
            })
        })
        .unwrap_or_default();

    // Background.
    let style = c.background_style.as_deref().unwrap_or("gradient");
    let colors =
        |list: &Option<Vec<String>>, field: &str| -> ApiResult<Vec<pofuai_imaging::Color>> {
            list.as_deref()
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    parse_hex_color_field(s, &format!("{field}[{i}]"))
                        .map_err(|e| render_field_error(e, p))
                })
                .collect()
        };
    let background = match style {
        "gradient" => {
            let list = if c.gradient_colors.is_some() {
                colors(&c.gradient_colors, "gradient_colors")?
            } else {
                vec![
                    parse_hex_color_field("#FF6B6B", "gradient_colors")
                        .map_err(|e| render_field_error(e, p))?,
                    parse_hex_color_field("#4ECDC4", "gradient_colors")
                        .map_err(|e| render_field_error(e, p))?,
                ]
            };
            if !(2..=5).contains(&list.len()) {
                return Err(ApiError::coded_args(
                    format!("{p}gradient_colors"),
                    "count_between",
                    "needs 2 to 5 colours",
                    &[("min", 2), ("max", 5)],
                ));
            }
            match c.gradient_type.as_deref() {
                None | Some("linear") => Background::LinearGradient {
                    angle_deg: c.gradient_angle.unwrap_or(135.0),
                    colors: list,
                },
                Some("radial") => Background::RadialGradient { colors: list },
                Some(_) => {
                    return Err(ApiError::coded(
                        format!("{p}gradient_type"),
                        "one_of",
                        "must be linear or radial",
                    ));
                }
            }
        }
        "solid" => {
            let hex = c.background_color.as_deref().unwrap_or("#F4F1EA");
            Background::Solid(
                parse_hex_color_field(hex, "background_color")
                    .map_err(|e| render_field_error(e, p))?,
            )
        }
        "texture" => {
            if !advanced {
                return Err(ApiError::UpgradeRequired {
                    field: format!("{p}background_style"),
                    feature: "template_advanced",
                });
            }
            let kind =
                TextureKind::parse(c.texture.as_deref().unwrap_or("paper")).map_err(|_| {
                    ApiError::coded(
                        format!("{p}texture"),
                        "one_of",
                        "must be noise, paper, linen, dots or stripes",
                    )
                })?;
            let base = c.background_color.as_deref().unwrap_or("#EFE6D8");
            Background::Texture {
                kind,
                colors: vec![
                    parse_hex_color_field(base, "background_color")
                        .map_err(|e| render_field_error(e, p))?,
                ],
                seed: c.seed.unwrap_or(0),
            }
        }
        _ => {
            return Err(ApiError::coded(
                format!("{p}background_style"),
                "one_of",
                "must be gradient, solid or texture",
            ));
        }
    };

    // Watermark: the seller's own is an advanced feature; basic users always get the mark.
    let watermark = match &c.watermark {
        None => Watermark::None,
        Some(w) => {
            if !advanced {
                return Err(ApiError::UpgradeRequired {
                    field: format!("{p}watermark"),
                    feature: "template_advanced",
                });
            }
            let position = Position::parse(w.position.as_deref().unwrap_or("bottom_right"))
                .map_err(|e| render_field_error(e, p))?;
            let opacity = w.opacity.unwrap_or(0.6);
            match (&w.text, &w.logo) {
                (Some(text), None) => Watermark::Text {
                    text: text.clone(),
                    position,
                    opacity,
                },
                (None, Some(logo)) => Watermark::Logo {
                    image: load_image(state, auth, &format!("{p}watermark.logo"), logo).await?,
                    position,
                    opacity,
                },
                _ => {
                    return Err(ApiError::coded(
                        format!("{p}watermark"),
                        "exactly_one",
                        "give exactly one of text or logo",
                    ));
                }
            }
        }
    };

    let format_name = c
        .output_format
        .as_deref()
        .or(top_level_format)
        .unwrap_or("png");
    let output = OutputFormat::parse(format_name, c.quality).map_err(|_| {
        ApiError::coded(
            format!("{p}output_format"),
            "one_of",
            "must be png, jpeg or webp",
        )
    })?;

    // The product image: the request's, else the catalogue's main image.
    let image_source = c
        .product_image
        .clone()
        .or_else(|| product.as_ref().and_then(|p| p.images.first().cloned()));
    let photo_started = Instant::now();
    let mut warnings = Vec::new();
    let product_image = match image_source {
        Some(src) => {
            let img = load_image(state, auth, "content_data.product_image", &src).await?;
            let (cut, enhance) = (
                c.remove_background.unwrap_or(false),
                c.enhance_image.unwrap_or(false),
            );
            if cut || enhance {
                let (img, low) = state
                    .cpu
                    .run(move || edit_product_photo(img, cut, enhance))
                    .await?;
                if let Some(confidence) = low {
                    warnings.push(WarningView::low_cutout_confidence(
                        "content_data.remove_background",
                        confidence,
                        "the photo is shown uncut on a card",
                    ));
                }
                Some(img)
            } else {
                Some(img)
            }
        }
        None => None,
    };
    let photo_ms = i64::try_from(photo_started.elapsed().as_millis()).unwrap_or(i64::MAX);

    let texts = Texts {
        headline: headline.clone(),
        body: body.clone(),
        call_to_action: call_to_action.clone(),
        hashtags: hashtags.clone(),
    };
    let spec = TemplateSpec {
        template_type,
        background,
        product_image,
        texts,
        price: price_view,
        language,
        watermark,
        pofuai_mark: !advanced,
        accent: None,
        output,
        seed: c.seed.unwrap_or(0),
    };
    spec.validate().map_err(|e| render_field_error(e, p))?;
    Ok(Prepared {
        spec,
        texts: TextsView {
            headline,
            body,
            call_to_action,
            hashtags,
        },
        product_id: product.map(|p| p.id),
        template_type,
        photo_ms,
        warnings,
    })
}

/// Marketing copy from the configured provider, falling back to the built-in engine on any
/// failure; every call is recorded in ai_model_metrics.
async fn write_copy(state: &AppState, req: &CopyRequest) -> MarketingCopy {
    let configured = match state.store.ai_provider(super::admin_ai::PROVIDER).await {
        // Offline, a configured provider is kept but not called: it may be anywhere.
        Ok(p) => p.filter(|p| p.enabled && !state.config.fetch_policy.offline),
        Err(e) => {
            tracing::warn!(error = %e, "provider settings unreadable; using the built-in engine");
            None
        }
    };
    let record = |provider: String,
                  model: String,
                  outcome: &'static str,
                  latency_ms: i64,
                  tokens: (Option<i64>, Option<i64>),
                  error: Option<String>| {
        let state = state.clone();
        async move {
            let call = ModelCall {
                provider: &provider,
                model: &model,
                feature: "marketing_copy",
                latency_ms,
                prompt_tokens: tokens.0,
                completion_tokens: tokens.1,
                outcome,
                error: error.as_deref(),
            };
            if let Err(e) = state.store.record_model_call(&call, state.now_ms()).await {
                tracing::warn!(error = %e, "model metric not recorded");
            }
        }
    };
    let builtin = |started: Instant| {
        let copy = generate_copy(req);
        (
            copy,
            i64::try_from(started.elapsed().as_millis()).unwrap_or(0),
        )
    };
    let Some(cfg) = configured else {
        let (copy, ms) = builtin(Instant::now());
        record(
            "builtin".into(),
            "builtin".into(),
            "success",
            ms,
            (None, None),
            None,
        )
        .await;
        return copy;
    };
    // A key that cannot be opened or a provider that cannot be built both fall back alike.
    let timeout = std::time::Duration::from_millis(u64::try_from(cfg.timeout_ms).unwrap_or(8000));
    let provider = cfg
        .api_key_sealed
        .as_deref()
        .map(|s| state.secrets.open(s))
        .transpose()
        .map_err(|_| "config".to_string())
        .and_then(|key| {
            OpenAiCompatible::new(
                cfg.base_url.clone(),
                cfg.model.clone(),
                ApiKey::new(key.unwrap_or_default()),
                timeout,
            )
            .map_err(|e| e.code().to_string())
        });
    let provider = match provider {
        Ok(p) => p,
        Err(code) => {
            tracing::error!(error.code = %code, "text provider unusable; using the built-in engine");
            let (copy, ms) = builtin(Instant::now());
            record(
                "openai_compatible".into(),
                cfg.model.clone(),
                "failure",
                ms,
                (None, None),
                Some(code),
            )
            .await;
            return copy;
        }
    };
    let (copy, outcome) = copy_with_fallback(&provider, req).await;
    let ms = i64::try_from(outcome.latency.as_millis()).unwrap_or(i64::MAX);
    let tokens = (
        outcome.prompt_tokens.map(i64::from),
        outcome.completion_tokens.map(i64::from),
    );
    let result = if outcome.success {
        "success"
    } else {
        "fallback"
    };
    let error = outcome.failure.as_ref().map(|f| f.code().to_string());
    record(
        "openai_compatible".into(),
        cfg.model.clone(),
        result,
        ms,
        tokens,
        error,
    )
    .await;
    copy
}

/// Enhances and/or cuts out a product photo. Large photos are first brought down to what a
/// template can show, which bounds the time the segmentation takes. A cut-out below the
/// confidence threshold is not used: the photo stays whole (the template puts it on a card)
/// and its confidence is returned for the warning.
fn edit_product_photo(
    img: image::RgbaImage,
    cut: bool,
    enhance: bool,
) -> (image::RgbaImage, Option<f32>) {
    use pofuai_imaging::edit;
    const MAX_SIDE: u32 = 1200;
    let mut img = if img.width().max(img.height()) > MAX_SIDE {
        edit::resize(&img, MAX_SIDE, MAX_SIDE, edit::Fit::Inside).unwrap_or(img)
    } else {
        img
    };
    if enhance {
        img = edit::enhance_quality(&img);
    }
    let mut low = None;
    if cut {
        let photo = edit::cutout_for_template(&img);
        if photo.low_confidence {
            low = Some(photo.confidence);
        }
        img = photo.image;
    }
    (img, low)
}

fn short_cta(language: Language) -> &'static str {
    match language {
        Language::Tr => "Hemen Al",
        Language::En => "Shop now",
        Language::De => "Jetzt kaufen",
        Language::Ar => "اشترِ الآن",
    }
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
fn fit_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let next = if out.is_empty() {
            word.chars().count()
        } else {
            out.chars().count() + 1 + word.chars().count()
        };
        if next + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

fn template_limit(auth: &Auth) -> Option<i64> {
    auth.user
        .template_quota_override
        .or_else(|| auth.user.role.default_template_quota())
}

fn quota_exceeded(limit: i64, period: QuotaPeriod, now_ms: i64) -> ApiError {
    let resets_at = period.resets_at();
    let secs = (resets_at.timestamp_millis() - now_ms).max(0) / 1000 + 1;
    ApiError::QuotaExceeded {
        limit,
        resets_at,
        retry_after_secs: u64::try_from(secs).unwrap_or(1),
    }
}

/// The request fields whose text the layout had to cut.
fn truncated_fields(layout: &pofuai_imaging::Layout) -> Vec<String> {
    use pofuai_imaging::TextRole;
    let mut out: Vec<String> = Vec::new();
    for b in layout.blocks.iter().filter(|b| b.truncated) {
        let field = match b.role {
            TextRole::Headline => "product_name",
            TextRole::Body => "marketing_text",
            TextRole::CallToAction => "call_to_action",
            TextRole::Hashtags => "hashtags",
            TextRole::Price => "price",
            TextRole::OldPrice => "old_price",
            TextRole::Watermark => "watermark",
            TextRole::Discount | TextRole::PofuAiMark => continue,
        };
        if !out.iter().any(|f| f == field) {
            out.push(field.to_string());
        }
    }
    out
}

/// Takes one generation from the quota, renders, stores; gives the generation back when
/// rendering or storing fails. Returns the record and the fields whose text was cut.
async fn render_and_store(
    state: &AppState,
    auth: &Auth,
    prepared: Prepared,
    request_json: &str,
) -> ApiResult<(TemplateRecord, Vec<String>, Vec<WarningView>)> {
    let now = state.now_ms();
    let period = QuotaPeriod::containing(to_datetime(now));
    let key = period.key();
    let limit = template_limit(auth);
    if state
        .store
        .try_consume_quota(auth.user.id, &key, limit, 1)
        .await?
        .is_none()
    {
        let _ = state
            .store
            .log_ai_usage(
                auth.user.id,
                "template_generation",
                "quota_exceeded",
                &serde_json::json!({}),
                now,
            )
            .await;
        return Err(quota_exceeded(limit.unwrap_or(0), period, now));
    }
    let outcome = render_and_store_inner(state, auth, prepared, request_json).await;
    if outcome.is_err() {
        if let Err(e) = state.store.refund_quota(auth.user.id, &key, 1).await {
            tracing::error!(error = %e, user.id = auth.user.id, "quota refund failed");
        }
        let _ = state
            .store
            .log_ai_usage(
                auth.user.id,
                "template_generation",
                "failed",
                &serde_json::json!({}),
                state.now_ms(),
            )
            .await;
    }
    outcome
}

async fn render_and_store_inner(
    state: &AppState,
    auth: &Auth,
    prepared: Prepared,
    request_json: &str,
) -> ApiResult<(TemplateRecord, Vec<String>, Vec<WarningView>)> {
    let renderer = state.renderer.clone();
    let spec = prepared.spec;
    let warnings = prepared.warnings;
    let started = Instant::now();
    let rendered = state
        .cpu
        .run(move || renderer.render(&spec))
        .await?
        .map_err(|e| render_field_error(e, "content_data."))?;
    // The photo's decoding and cut-out count: they usually cost more than the drawing.
    let render_ms = i64::try_from(started.elapsed().as_millis())
        .unwrap_or(i64::MAX)
        .saturating_add(prepared.photo_ms);
    let truncated = truncated_fields(&rendered.layout);
    let path = BlobStore::new_upload_path(rendered.format.extension());
    state
        .blobs
        .put(&path, &rendered.bytes)
        .await
        .map_err(ApiError::internal)?;
    let texts = serde_json::to_string(&prepared.texts).map_err(ApiError::internal)?;
    let format_name = match rendered.format {
        OutputFormat::Png => "png",
        OutputFormat::Jpeg { .. } => "jpeg",
        OutputFormat::Webp { .. } => "webp",
    };
    let record = state
        .store
        .insert_template(
            NewTemplate {
                user_id: auth.user.id,
                product_id: prepared.product_id,
                template_type: prepared.template_type.as_str(),
                request: request_json,
                texts: &texts,
                image_path: &path,
                width: i64::from(rendered.width),
                height: i64::from(rendered.height),
                format: format_name,
                byte_size: rendered.bytes.len() as i64,
                render_ms,
            },
            state.now_ms(),
        )
        .await?;
    Ok((record, truncated, warnings))
}

async fn quota_view(state: &AppState, auth: &Auth) -> ApiResult<QuotaView> {
    let period = QuotaPeriod::containing(to_datetime(state.now_ms()));
    let used = state.store.quota_used(auth.user.id, &period.key()).await?;
    Ok(QuotaStatus::new(template_limit(auth), used, period).into())
}

// ---- handlers ----

/// Renders one social-media template and costs one generation of the monthly quota.
#[utoipa::path(post, path = "/api/ai/generate-template", tag = "ai",
    request_body = GenerateTemplateRequest,
    responses(
        (status = 201, body = GeneratedView),
        (status = 403, description = "Role lacks the feature", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
        (status = 429, description = "quota_exceeded", body = ErrorEnvelope),
        (status = 503, description = "Rendering queue full", body = ErrorEnvelope),
    ),
    security(("bearer" = [])))]
async fn generate_template(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<GenerateTemplateRequest>,
) -> ApiResult<(StatusCode, Json<GeneratedView>)> {
    auth.require(Feature::TemplateBasic)?;
    let request_json = serde_json::to_string(&req).map_err(ApiError::internal)?;
    let prepared = prepare(
        &state,
        &auth,
        &req.template_type,
        &req.content_data,
        req.output_format.as_deref(),
    )
    .await?;
    let (record, truncated, warnings) =
        render_and_store(&state, &auth, prepared, &request_json).await?;
    Ok((
        StatusCode::CREATED,
        Json(GeneratedView {
            template: record.into(),
            quota: quota_view(&state, &auth).await?,
            truncated,
            warnings,
        }),
    ))
}

/// The longest side of a preview: enough to judge the layout, too small to stand in for the
/// template itself, which is why a preview costs no quota.
const PREVIEW_MAX_SIDE: u32 = 360;

#[derive(Serialize, ToSchema)]
pub struct PreviewView {
    /// A small PNG of the template, base64.
    png_base64: String,
    width: u32,
    height: u32,
    /// The size the generated template will have.
    full_width: u32,
    full_height: u32,
    texts: TextsView,
    /// Request fields whose text the layout had to cut.
    truncated: Vec<String>,
    warnings: Vec<WarningView>,
}

/// Renders a template request as `generate-template` would (same validation, same texts and
/// layout) at a small size, without storing it and without using the quota.
#[utoipa::path(post, path = "/api/ai/preview-template", tag = "ai",
    request_body = GenerateTemplateRequest,
    responses(
        (status = 200, body = PreviewView),
        (status = 403, description = "Role lacks the feature", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
        (status = 503, description = "Rendering queue full", body = ErrorEnvelope),
    ),
    security(("bearer" = [])))]
async fn preview_template(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<GenerateTemplateRequest>,
) -> ApiResult<Json<PreviewView>> {
    auth.require(Feature::TemplateBasic)?;
    let prepared = prepare(
        &state,
        &auth,
        &req.template_type,
        &req.content_data,
        req.output_format.as_deref(),
    )
    .await?;
    let renderer = state.renderer.clone();
    let spec = prepared.spec;
    let (small, layout, full_width, full_height) = state
        .cpu
        .run(move || -> Result<_, RenderError> {
            let (img, layout) = renderer.render_rgba(&spec)?;
            let (w, h) = img.dimensions();
            let scale = f64::from(PREVIEW_MAX_SIDE) / f64::from(w.max(h));
            let small = if scale < 1.0 {
                let sw = ((f64::from(w) * scale).round() as u32).max(1);
                let sh = ((f64::from(h) * scale).round() as u32).max(1);
                image::imageops::resize(&img, sw, sh, image::imageops::FilterType::Triangle)
            } else {
                img
            };
            Ok((small, layout, w, h))
        })
        .await?
        .map_err(|e| render_field_error(e, "content_data."))?;
    let (width, height) = small.dimensions();
    let mut png = std::io::Cursor::new(Vec::new());
    small
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(ApiError::internal)?;
    Ok(Json(PreviewView {
        png_base64: base64::engine::general_purpose::STANDARD.encode(png.into_inner()),
        width,
        height,
        full_width,
        full_height,
        texts: prepared.texts,
        truncated: truncated_fields(&layout),
        warnings: prepared.warnings,
    }))
}

/// Generates one template of a catalogue product as `auth` would through the API (quota,
/// rendering and history alike); the assistant's confirmed actions use it. Returns its id.
pub(crate) async fn generate_for_product(
    state: &AppState,
    auth: &Auth,
    template_type: &str,
    product_id: i64,
) -> ApiResult<i64> {
    auth.require(Feature::TemplateBasic)?;
    let content = ContentData {
        product_id: Some(product_id),
        ..ContentData::default()
    };
    let request_json = serde_json::json!({
        "assistant": true,
        "template_type": template_type,
        "content_data": content,
    })
    .to_string();
    let prepared = prepare(state, auth, template_type, &content, None).await?;
    let (record, _, _) = render_and_store(state, auth, prepared, &request_json).await?;
    Ok(record.id)
}

/// Renders many catalogue products × platforms in one call; each item succeeds or fails on
/// its own and costs one generation when it succeeds.
#[utoipa::path(post, path = "/api/ai/generate-templates/batch", tag = "ai",
    request_body = BatchRequest,
    responses((status = 200, body = BatchView), (status = 403, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn generate_batch(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<BatchRequest>,
) -> ApiResult<Json<BatchView>> {
    auth.require(Feature::BulkOperations)?;
    if req.product_ids.is_empty() || req.product_ids.len() > 20 {
        return Err(ApiError::coded_args(
            "product_ids",
            "count_between",
            "give 1 to 20 products",
            &[("min", 1), ("max", 20)],
        ));
    }
    if req.template_types.is_empty() || req.template_types.len() > 7 {
        return Err(ApiError::coded_args(
            "template_types",
            "count_between",
            "give 1 to 7 template types",
            &[("min", 1), ("max", 7)],
        ));
    }
    for (i, t) in req.template_types.iter().enumerate() {
        TemplateType::parse(t).map_err(|_| {
            ApiError::coded(
                format!("template_types[{i}]"),
                "one_of",
                "is not a known template type",
            )
        })?;
    }
    if req.content_data.product_id.is_some() || req.content_data.product_name.is_some() {
        return Err(ApiError::field(
            "content_data",
            "products come from product_ids here",
        ));
    }
    let mut items = Vec::new();
    for product_id in &req.product_ids {
        for t in &req.template_types {
            let mut content = req.content_data.clone();
            content.product_id = Some(*product_id);
            let request_json = serde_json::json!({
                "batch": true,
                "template_type": t,
                "content_data": content,
            })
            .to_string();
            let outcome = match prepare(&state, &auth, t, &content, None).await {
                Ok(prepared) => render_and_store(&state, &auth, prepared, &request_json).await,
                Err(e) => Err(e),
            };
            items.push(match outcome {
                Ok((record, truncated, warnings)) => BatchItemView {
                    product_id: *product_id,
                    template_type: t.clone(),
                    status: "ok",
                    template: Some(record.into()),
                    truncated,
                    warnings,
                    error: None,
                },
                Err(e) => {
                    let (status, body) = e.body();
                    let mut error = serde_json::to_value(body).unwrap_or_default();
                    error["status"] = serde_json::json!(status.as_u16());
                    BatchItemView {
                        product_id: *product_id,
                        template_type: t.clone(),
                        status: "error",
                        template: None,
                        truncated: Vec::new(),
                        warnings: Vec::new(),
                        error: Some(error),
                    }
                }
            });
        }
    }
    let succeeded = items.iter().filter(|i| i.status == "ok").count();
    Ok(Json(BatchView {
        failed: items.len() - succeeded,
        succeeded,
        items,
        quota: quota_view(&state, &auth).await?,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Admins: only this user's templates (others see only their own).
    user_id: Option<i64>,
    template_type: Option<String>,
    /// RFC 3339 time; templates created at or after it.
    since: Option<DateTime<Utc>>,
    /// RFC 3339 time; templates created before it.
    until: Option<DateTime<Utc>>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// The caller's generated templates, newest first (admins: anyone's, with filters).
#[utoipa::path(get, path = "/api/ai/history", tag = "ai", params(HistoryQuery),
    responses((status = 200, body = HistoryPage), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn history(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<HistoryPage>> {
    auth.require(Feature::TemplateBasic)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let user_id = if auth.role() == Role::Admin {
        q.user_id
    } else {
        match q.user_id {
            Some(id) if id != auth.user.id => return Err(ApiError::Forbidden),
            _ => Some(auth.user.id),
        }
    };
    if let Some(t) = &q.template_type {
        TemplateType::parse(t).map_err(|_| {
            ApiError::coded("template_type", "one_of", "is not a known template type")
        })?;
    }
    let filter = HistoryFilter {
        user_id,
        template_type: q.template_type,
        since_ms: q.since.map(|t| t.timestamp_millis()),
        until_ms: q.until.map(|t| t.timestamp_millis()),
    };
    let rows = state.store.template_history(&filter, page).await?;
    Ok(Json(HistoryPage {
        next_cursor: rows.next_cursor,
        items: rows.items.into_iter().map(TemplateView::from).collect(),
    }))
}

fn owner_filter(auth: &Auth) -> Option<i64> {
    (auth.role() != Role::Admin).then_some(auth.user.id)
}

/// One generated template's record: its owner and admins only.
#[utoipa::path(get, path = "/api/ai/templates/{id}", tag = "ai", params(("id" = i64, Path)),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_template(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TemplateView>> {
    let record = state.store.template(id, owner_filter(&auth)).await?;
    Ok(Json(record.into()))
}

/// Deletes a generated template and its image: its owner and admins only. The generation
/// stays counted in the month's quota; a delete does not give it back.
#[utoipa::path(delete, path = "/api/ai/templates/{id}", tag = "ai", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn delete_template(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    auth.require(Feature::TemplateBasic)?;
    let path = state.store.delete_template(id, owner_filter(&auth)).await?;
    // The row is the truth; a file left behind is only space, so a failed removal is logged.
    if let Err(e) = state.blobs.delete(&path).await {
        tracing::warn!(error = %e, template.id = id, "template image not removed");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The rendered image: its owner and admins only.
#[utoipa::path(get, path = "/api/ai/templates/{id}/image", tag = "ai", params(("id" = i64, Path)),
    responses((status = 200, description = "PNG, JPEG or WebP"), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn template_image(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let record = state.store.template(id, owner_filter(&auth)).await?;
    let bytes = state
        .blobs
        .get(&record.image_path)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    let mime = match record.format.as_str() {
        "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "image/png",
    };
    let mut response = bytes.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400"),
    );
    Ok(response)
}
