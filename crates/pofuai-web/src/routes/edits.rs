//! AI product editing (admins only): image operations, description enhancement and SEO for one
//! product, previewed (nothing changes) or applied (recorded before and after, revertable).

use std::io::Cursor;

use axum::Json;
use axum::extract::State;
use pofuai_core::Feature;
use pofuai_imaging::edit::{self, EditError, Filter, Fit};
use pofuai_imaging::{DecodeLimits, decode_image};
use pofuai_store::edits::{EditableState, ProductSeo};
use pofuai_store::products::Scope;
use pofuai_store::uploads::NewUpload;
use pofuai_text::describe::{
    DescribeOptions, DescribeRequest, LengthRange, SeoKeywordOptions, enhance,
};
use pofuai_text::seo::{SeoRequest, optimize};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::products::ProductView;
use super::templates::WarningView;
use crate::AppState;
use crate::auth::Auth;
use crate::blobs::BlobStore;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(edit_product))
        .routes(routes!(text_proposal))
        .routes(routes!(revert_edit))
}

/// `true` for the defaults, or an object with the options (the report sends booleans).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Toggle<T> {
    On(bool),
    With(T),
}

impl<T> Toggle<T> {
    /// The options, the defaults for `true`, `None` for `false`.
    fn resolve(self, default: impl FnOnce() -> T) -> Option<T> {
        match self {
            Toggle::On(true) => Some(default()),
            Toggle::On(false) => None,
            Toggle::With(v) => Some(v),
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResizeOptions {
    width: i64,
    height: i64,
    /// contain (default), cover, fill or inside.
    fit: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterOptions {
    /// grayscale, sepia, vintage, warm, cool, vivid, sharpen, blur, brightness, contrast.
    name: String,
    /// 0–1, default 0.5.
    strength: Option<f32>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WatermarkOptions {
    text: Option<String>,
    /// An upload path of a logo.
    logo: Option<String>,
    /// top_left, top_right, bottom_left, bottom_right (default), center.
    position: Option<String>,
    /// 0–1, default 0.5.
    opacity: Option<f32>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageEditing {
    enhance_quality: Option<bool>,
    remove_background: Option<bool>,
    #[schema(value_type = Option<Object>)]
    resize: Option<Toggle<ResizeOptions>>,
    #[schema(value_type = Option<Object>)]
    apply_filter: Option<Toggle<FilterOptions>>,
    #[schema(value_type = Option<Object>)]
    add_watermark: Option<Toggle<WatermarkOptions>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LengthOptions {
    min: usize,
    max: usize,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeywordOptions {
    keywords: Vec<String>,
    /// Largest share of words one keyword may take, default 0.03.
    max_density: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionEnhancement {
    #[schema(value_type = Option<Object>)]
    optimize_length: Option<Toggle<LengthOptions>>,
    #[schema(value_type = Option<Object>)]
    add_seo_keywords: Option<Toggle<KeywordOptions>>,
    sales_focused: Option<bool>,
    add_technical_details: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeoOptimization {
    meta_title: Option<bool>,
    meta_description: Option<bool>,
    /// The seller's own keywords, merged first, e.g. ["kaliteli", "uygun fiyat"].
    keywords: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditProductRequest {
    product_id: i64,
    /// preview (default: returns the results, changes nothing) or apply.
    mode: Option<String>,
    image_editing: Option<ImageEditing>,
    description_enhancement: Option<DescriptionEnhancement>,
    seo_optimization: Option<SeoOptimization>,
    /// Apply even a cut-out the segmentation does not trust (`cutout_low_confidence` in the
    /// preview); without it such an apply is refused with 422.
    force: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct ImageResult {
    before: String,
    after: String,
    width: u32,
    height: u32,
    /// The cut-out's confidence (0–1) when the background was removed.
    cutout_confidence: Option<f32>,
}

#[derive(Serialize, ToSchema)]
pub struct DescriptionResult {
    before: String,
    /// Safe HTML.
    after: String,
    notes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TextProposal {
    product_id: i64,
    /// The product version the proposal was made from: send it as `If-Match: "<version>"`
    /// with `PATCH /api/products/{id}` so a product changed meanwhile is not overwritten.
    version: i64,
    description: DescriptionResult,
    seo_before: SeoView,
    seo_after: SeoView,
}

#[derive(Serialize, ToSchema)]
pub struct SeoView {
    meta_title: Option<String>,
    meta_description: Option<String>,
    keywords: Vec<String>,
}

impl From<ProductSeo> for SeoView {
    fn from(s: ProductSeo) -> SeoView {
        SeoView {
            meta_title: s.meta_title,
            meta_description: s.meta_description,
            keywords: s.keywords,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EditResult {
    mode: String,
    product_id: i64,
    /// Set when applied; revert with `POST /api/ai/edits/{edit_id}/revert`.
    edit_id: Option<i64>,
    images: Vec<ImageResult>,
    description: Option<DescriptionResult>,
    seo: Option<SeoView>,
    /// `cutout_low_confidence` for each image whose cut-out may have removed most of the
    /// product.
    warnings: Vec<WarningView>,
}

#[derive(Serialize, ToSchema)]
pub struct RevertResult {
    edit_id: i64,
    product: ProductView,
    seo: SeoView,
}

/// The image operations, validated, in the order they run.
struct ImagePlan {
    enhance: bool,
    cut: bool,
    resize: Option<(u32, u32, Fit)>,
    filter: Option<(Filter, f32)>,
    watermark: Option<(image::RgbaImage, edit::Position, f32)>,
}

fn edit_error(e: EditError) -> ApiError {
    // The library names its function; the request calls the option `add_watermark`.
    let field = e.field().replacen("add_watermark_logo", "add_watermark", 1);
    ApiError::field(format!("image_editing.{field}"), e.to_string())
}

async fn plan_images(state: &AppState, opts: ImageEditing, brand: &str) -> ApiResult<ImagePlan> {
    let p = "image_editing";
    let resize = match opts.resize.and_then(|t| {
        t.resolve(|| ResizeOptions {
            width: 1200,
            height: 1200,
            fit: None,
        })
    }) {
        None => None,
        Some(r) => {
            for (name, v) in [("width", r.width), ("height", r.height)] {
                if !(1..=i64::from(edit::MAX_SIDE)).contains(&v) {
                    return Err(ApiError::field(
                        format!("{p}.resize.{name}"),
                        format!("must be between 1 and {}", edit::MAX_SIDE),
                    ));
                }
            }
            let fit = Fit::parse(r.fit.as_deref().unwrap_or("contain")).map_err(edit_error)?;
            Some((r.width as u32, r.height as u32, fit))
        }
    };
    let filter = match opts.apply_filter.and_then(|t| {
        t.resolve(|| FilterOptions {
            name: "vivid".into(),
            strength: None,
        })
    }) {
        None => None,
        Some(f) => {
            let filter = Filter::parse(&f.name).map_err(edit_error)?;
            let strength = f.strength.unwrap_or(0.5);
            if !(0.0..=1.0).contains(&strength) {
                return Err(ApiError::field(
                    format!("{p}.apply_filter.strength"),
                    "must be between 0 and 1",
                ));
            }
            Some((filter, strength))
        }
    };
    let watermark = match opts.add_watermark.and_then(|t| {
        t.resolve(|| WatermarkOptions {
            text: Some(brand.to_string()),
            logo: None,
            position: None,
            opacity: None,
        })
    }) {
        None => None,
        Some(w) => {
            let position = edit::Position::parse(w.position.as_deref().unwrap_or("bottom_right"))
                .map_err(edit_error)?;
            let opacity = w.opacity.unwrap_or(0.5);
            if !(0.0..=1.0).contains(&opacity) {
                return Err(ApiError::field(
                    format!("{p}.add_watermark.opacity"),
                    "must be between 0 and 1",
                ));
            }
            let stamp = match (w.text, w.logo) {
                (Some(text), None) => {
                    let renderer = state.renderer.clone();
                    state
                        .cpu
                        .run(move || renderer.text_stamp(&text, 64.0))
                        .await?
                        .map_err(|e| {
                            ApiError::field(format!("{p}.add_watermark.text"), e.to_string())
                        })?
                }
                (None, Some(logo)) => {
                    let bytes = state
                        .blobs
                        .get(&logo)
                        .await
                        .map_err(ApiError::internal)?
                        .ok_or_else(|| {
                            ApiError::field(format!("{p}.add_watermark.logo"), "is not an upload")
                        })?;
                    decode_image(&bytes, &DecodeLimits::default()).map_err(|e| {
                        ApiError::field(format!("{p}.add_watermark.logo"), e.to_string())
                    })?
                }
                _ => {
                    return Err(ApiError::field(
                        format!("{p}.add_watermark"),
                        "give exactly one of text or logo",
                    ));
                }
            };
            Some((stamp, position, opacity))
        }
    };
    Ok(ImagePlan {
        enhance: opts.enhance_quality.unwrap_or(false),
        cut: opts.remove_background.unwrap_or(false),
        resize,
        filter,
        watermark,
    })
}

/// An edited image: PNG bytes, size, and the cut-out's confidence when one was made.
type Edited = (Vec<u8>, u32, u32, Option<f32>);

fn run_plan(img: image::RgbaImage, plan: &ImagePlan) -> Result<Edited, ApiError> {
    let mut img = img;
    if plan.enhance {
        img = edit::enhance_quality(&img);
    }
    let mut confidence = None;
    if plan.cut {
        let cut = edit::remove_background_with_confidence(&img);
        confidence = Some(cut.confidence);
        img = cut.image;
    }
    if let Some((w, h, fit)) = plan.resize {
        img = edit::resize(&img, w, h, fit).map_err(edit_error)?;
    }
    if let Some((filter, strength)) = plan.filter {
        img = edit::apply_filter(&img, filter, strength).map_err(edit_error)?;
    }
    if let Some((stamp, position, opacity)) = &plan.watermark {
        edit::add_watermark_logo(&mut img, stamp, *position, *opacity, 0.3).map_err(edit_error)?;
    }
    let (w, h) = img.dimensions();
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(ApiError::internal)?;
    Ok((out.into_inner(), w, h, confidence))
}

/// Records a call to the built-in text engine in ai_model_metrics, so the admin's metrics
/// cover every text feature, not only those a configured provider answers.
async fn record_builtin(state: &AppState, feature: &str, started: std::time::Instant) {
    let call = pofuai_store::ai::ModelCall {
        provider: "builtin",
        model: "builtin",
        feature,
        latency_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        prompt_tokens: None,
        completion_tokens: None,
        outcome: "success",
        error: None,
    };
    if let Err(e) = state.store.record_model_call(&call, state.now_ms()).await {
        tracing::warn!(error = %e, "model metric not recorded");
    }
}

/// The text engine's SEO and description for a product under a request's options, written
/// into `after`: the one implementation behind the admins' AI edit and the sellers' proposal
/// (`POST /api/products/{id}/ai-proposal`).
pub(crate) async fn propose_texts(
    state: &AppState,
    product: &pofuai_store::products::Product,
    after: &mut EditableState,
    seo: Option<SeoOptimization>,
    description_options: Option<DescriptionEnhancement>,
) -> ApiResult<(Option<SeoView>, Option<DescriptionResult>)> {
    let text_product = super::text_product(product);
    // SEO first: its keywords feed the description.
    let mut seo_view = None;
    if let Some(opts) = seo {
        let started = std::time::Instant::now();
        let user_keywords = opts.keywords.unwrap_or_default();
        if user_keywords.len() > 20 || user_keywords.iter().any(|k| k.chars().count() > 60) {
            return Err(ApiError::field(
                "seo_optimization.keywords",
                "at most 20 keywords of 60 characters",
            ));
        }
        let corpus: Vec<String> = Vec::new();
        let result = optimize(
            &SeoRequest {
                product: text_product.clone(),
                description: product.description.clone(),
                language: pofuai_text::Language::Tr,
                keywords: user_keywords,
                max_keywords: 10,
            },
            &corpus,
        );
        if opts.meta_title.unwrap_or(true) {
            after.seo.meta_title = Some(result.meta_title);
        }
        if opts.meta_description.unwrap_or(true) {
            after.seo.meta_description = Some(result.meta_description);
        }
        after.seo.keywords = result.keywords.into_iter().map(|k| k.term).collect();
        seo_view = Some(SeoView::from(after.seo.clone()));
        record_builtin(state, "seo", started).await;
    }

    let mut description = None;
    if let Some(opts) = description_options {
        let started = std::time::Instant::now();
        let optimize_length = match opts.optimize_length.and_then(|t| {
            t.resolve(|| LengthOptions {
                min: 300,
                max: 1500,
            })
        }) {
            Some(l) if l.min > l.max || l.max > 30_000 || l.max < 50 => {
                return Err(ApiError::field(
                    "description_enhancement.optimize_length",
                    "needs 50 ≤ max ≤ 30000 and min ≤ max",
                ));
            }
            other => other.map(|l| LengthRange {
                min: l.min,
                max: l.max,
            }),
        };
        let keywords = match opts.add_seo_keywords.and_then(|t| {
            t.resolve(|| KeywordOptions {
                keywords: after.seo.keywords.iter().take(5).cloned().collect(),
                max_density: None,
            })
        }) {
            Some(k) => {
                let density = k.max_density.unwrap_or(0.03);
                if !(0.001..=0.1).contains(&density) {
                    return Err(ApiError::field(
                        "description_enhancement.add_seo_keywords.max_density",
                        "must be between 0.001 and 0.1",
                    ));
                }
                Some(SeoKeywordOptions {
                    keywords: k.keywords,
                    max_density: density,
                })
            }
            None => None,
        };
        let enhanced = enhance(&DescribeRequest {
            product: text_product.clone(),
            description: product.description.clone(),
            language: pofuai_text::Language::Tr,
            options: DescribeOptions {
                optimize_length,
                add_seo_keywords: keywords,
                sales_focused: opts.sales_focused.unwrap_or(false),
                add_technical_details: opts.add_technical_details.unwrap_or(false),
            },
        });
        after.description = enhanced.html.clone();
        record_builtin(state, "description", started).await;
        description = Some(DescriptionResult {
            before: product.description.clone(),
            after: enhanced.html,
            notes: enhanced.notes.iter().map(|n| format!("{n:?}")).collect(),
        });
    }

    Ok((seo_view, description))
}

/// A proposed description and SEO for one of your products (admins: any), made by the same
/// text engine and defaults as an AI edit. Changes nothing: apply what you accept with
/// `PATCH /api/products/{id}` (`description`, `seo`) and `If-Match` on `version`.
#[utoipa::path(post, path = "/api/products/{id}/ai-proposal", tag = "products",
    params(("id" = i64, Path)),
    responses((status = 200, body = TextProposal), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn text_proposal(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TextProposal>> {
    auth.require(Feature::ProductManage)?;
    auth.require(Feature::ProductSuggestions)?;
    let product = state.store.product(id, auth.manage_scope()).await?;
    let seo_before = state.store.product_seo(product.id).await?;
    let before = EditableState {
        description: product.description.clone(),
        images: product.images.clone(),
        seo: seo_before.clone(),
    };
    let mut after = before.clone();
    let (_, description) = propose_texts(
        &state,
        &product,
        &mut after,
        Some(SeoOptimization::default()),
        Some(DescriptionEnhancement {
            optimize_length: Some(Toggle::On(true)),
            add_seo_keywords: Some(Toggle::On(true)),
            sales_focused: Some(true),
            add_technical_details: Some(true),
        }),
    )
    .await?;
    let description = description
        .ok_or_else(|| ApiError::internal(std::io::Error::other("no description proposed")))?;
    Ok(Json(TextProposal {
        product_id: product.id,
        version: product.version,
        description,
        seo_before: seo_before.into(),
        seo_after: after.seo.into(),
    }))
}

/// Edits a product with AI: images, description and SEO. `preview` (default) changes nothing;
/// `apply` updates the product and records before and after.
#[utoipa::path(post, path = "/api/ai/edit-product", tag = "ai",
    request_body = EditProductRequest,
    responses((status = 200, body = EditResult), (status = 403, description = "Admins only", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn edit_product(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<EditProductRequest>,
) -> ApiResult<Json<EditResult>> {
    auth.require(Feature::AiProductEditing)?;
    let apply = match req.mode.as_deref() {
        None | Some("preview") => false,
        Some("apply") => true,
        Some(_) => return Err(ApiError::field("mode", "must be preview or apply")),
    };
    if req.image_editing.is_none()
        && req.description_enhancement.is_none()
        && req.seo_optimization.is_none()
    {
        return Err(ApiError::field(
            "image_editing",
            "choose at least one of image_editing, description_enhancement, seo_optimization",
        ));
    }
    let product = state
        .store
        .product(req.product_id, Scope::All)
        .await
        .map_err(|_| ApiError::field("product_id", "no such product"))?;
    let seo_before = state.store.product_seo(product.id).await?;
    let before = EditableState {
        description: product.description.clone(),
        images: product.images.clone(),
        seo: seo_before,
    };
    let mut after = before.clone();

    let (seo_view, description) = propose_texts(
        &state,
        &product,
        &mut after,
        req.seo_optimization.clone(),
        req.description_enhancement.clone(),
    )
    .await?;

    let mut images = Vec::new();
    let mut warnings = Vec::new();
    if let Some(opts) = req.image_editing.clone() {
        if product.images.is_empty() {
            return Err(ApiError::field(
                "image_editing",
                "the product has no images",
            ));
        }
        let plan = std::sync::Arc::new(plan_images(&state, opts, &product.brand).await?);
        let limits = DecodeLimits {
            max_bytes: state.config.max_upload_bytes,
            max_pixels: state.config.max_upload_pixels,
            ..DecodeLimits::default()
        };
        after.images.clear();
        for path in product.images.iter().take(8) {
            let bytes = state
                .blobs
                .get(path)
                .await
                .map_err(ApiError::internal)?
                .ok_or_else(|| {
                    ApiError::field("image_editing", format!("image {path} is missing"))
                })?;
            let plan = plan.clone();
            let (png, w, h, confidence) = state
                .cpu
                .run(move || {
                    let img = decode_image(&bytes, &limits)
                        .map_err(|e| ApiError::field("image_editing", e.to_string()))?;
                    run_plan(img, &plan)
                })
                .await??;
            if let Some(c) = confidence.filter(|&c| c < edit::LOW_CONFIDENCE) {
                if apply && !req.force.unwrap_or(false) {
                    // Refused before this image is stored and before the product changes.
                    return Err(ApiError::field(
                        "force",
                        format!(
                            "the cut-out of {path} may have removed most of the product \
                             (confidence {c:.2}); check the preview and send force: true to \
                             apply it anyway"
                        ),
                    ));
                }
                warnings.push(WarningView::low_cutout_confidence(
                    "image_editing.remove_background",
                    c,
                    &format!("check the cut-out of {path} before applying it"),
                ));
            }
            let new_path = BlobStore::new_upload_path("png");
            state
                .blobs
                .put(&new_path, &png)
                .await
                .map_err(ApiError::internal)?;
            state
                .store
                .insert_upload(
                    NewUpload {
                        owner_id: product.owner_id,
                        path: &new_path,
                        content_type: "image/png",
                        byte_size: png.len() as i64,
                        width: i64::from(w),
                        height: i64::from(h),
                        sha256: &hex::encode(Sha256::digest(&png)),
                    },
                    state.now_ms(),
                )
                .await?;
            after.images.push(new_path.clone());
            images.push(ImageResult {
                before: path.clone(),
                after: new_path,
                width: w,
                height: h,
                cutout_confidence: confidence,
            });
        }
        after.images.extend(product.images.iter().skip(8).cloned());
    }

    let edit_id = if apply {
        let options = serde_json::json!({
            "image_editing": req.image_editing.is_some(),
            "description_enhancement": req.description_enhancement.is_some(),
            "seo_optimization": req.seo_optimization.is_some(),
        });
        Some(
            state
                .store
                .apply_product_edit(
                    product.id,
                    auth.user.id,
                    &options,
                    &before,
                    &after,
                    state.now_ms(),
                )
                .await?,
        )
    } else {
        None
    };
    tracing::info!(
        admin.id = auth.user.id,
        product.id = product.id,
        apply,
        "ai product edit"
    );
    Ok(Json(EditResult {
        mode: if apply { "apply" } else { "preview" }.to_string(),
        product_id: product.id,
        edit_id,
        images,
        description,
        seo: seo_view,
        warnings,
    }))
}

/// Restores the product as it was before the edit.
#[utoipa::path(post, path = "/api/ai/edits/{id}/revert", tag = "ai", params(("id" = i64, Path)),
    responses((status = 200, body = RevertResult), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, description = "Already reverted", body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn revert_edit(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<RevertResult>> {
    auth.require(Feature::AiProductEditing)?;
    let edit = state.store.revert_product_edit(id, state.now_ms()).await?;
    let product = state.store.product(edit.product_id, Scope::All).await?;
    let seo = state.store.product_seo(edit.product_id).await?;
    Ok(Json(RevertResult {
        edit_id: edit.id,
        product: product.into(),
        seo: seo.into(),
    }))
}
