//! Products and their variants. Sellers see and change their own; admins all; premium and
//! normal users browse the whole catalogue read-only.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use pofuai_core::product::{
    self, ListingFilter, MAX_IMAGES, MAX_STOCK, MAX_VARIANTS, NewProduct, NewVariant, Prices,
    Problems, ProductChanges, ProductSort, SeoChange, StockFilter, VariantChanges,
};
use pofuai_core::{Currency, Feature};
use pofuai_store::products::{Product, ProductCursor, ProductFilter, ProductOrder, Variant};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{page_request, record};
use crate::AppState;
use crate::answers::catalogue_answer;
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::etag::{IfMatch, etag};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// A JSON answer with the object's `ETag`.
type Tagged<T> = ([(HeaderName, HeaderValue); 1], Json<T>);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product, delete_product))
        .routes(routes!(list_variants, add_variant))
        .routes(routes!(get_variant, update_variant, delete_variant))
}

// ---- views ----

#[derive(Serialize, ToSchema)]
pub struct VariantView {
    id: i64,
    barcode: String,
    stock_code: String,
    attributes: BTreeMap<String, String>,
    /// Units on hand.
    stock: i64,
    /// Units held by imported orders that have not shipped or been cancelled.
    reserved: i64,
    /// What every channel is told: on hand minus reserved, never below zero.
    available: i64,
    /// Minor units (kuruş): 129990 is 1.299,90 TL.
    list_price: i64,
    /// Minor units; what the customer pays.
    sale_price: i64,
    currency: String,
    /// Percent.
    vat_rate: i64,
    /// Grows with every change; the `ETag` of the variant. Send it as `If-Match` to change
    /// the variant only if nobody else has meanwhile.
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Variant> for VariantView {
    fn from(v: Variant) -> VariantView {
        let available = v.available();
        VariantView {
            id: v.id,
            barcode: v.barcode,
            stock_code: v.stock_code,
            attributes: v.attributes,
            stock: v.stock_on_hand,
            reserved: v.stock_reserved,
            available,
            list_price: v.list_price,
            sale_price: v.sale_price,
            currency: v.currency,
            vat_rate: v.vat_rate,
            version: v.version,
            created_at: to_datetime(v.created_at),
            updated_at: to_datetime(v.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductView {
    id: i64,
    owner_id: i64,
    name: String,
    description: String,
    category: String,
    brand: String,
    attributes: BTreeMap<String, String>,
    /// Upload paths, first is the main image.
    images: Vec<String>,
    variants: Vec<VariantView>,
    /// Units on hand over all variants.
    total_stock: i64,
    /// Grows with every change of the product's own fields; the `ETag` of the product (each
    /// variant has its own).
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Product> for ProductView {
    fn from(p: Product) -> ProductView {
        ProductView {
            total_stock: p.variants.iter().map(|v| v.stock_on_hand).sum(),
            id: p.id,
            owner_id: p.owner_id,
            name: p.name,
            description: p.description,
            category: p.category,
            brand: p.brand,
            attributes: p.attributes,
            images: p.images,
            variants: p.variants.into_iter().map(VariantView::from).collect(),
            version: p.version,
            created_at: to_datetime(p.created_at),
            updated_at: to_datetime(p.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProductPage {
    items: Vec<ProductView>,
    /// Pass as `cursor` for the next page; `null` on the last one.
    next_cursor: Option<String>,
}

// ---- requests ----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VariantInput {
    pub(super) barcode: String,
    pub(super) stock_code: String,
    #[serde(default)]
    pub(super) attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) stock: i64,
    /// Minor units.
    pub(super) list_price: i64,
    /// Minor units; defaults to the list price.
    pub(super) sale_price: Option<i64>,
    /// TRY (default), USD, EUR or GBP.
    pub(super) currency: Option<String>,
    /// Percent, default 20.
    pub(super) vat_rate: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProductRequest {
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: String,
    pub(super) category: String,
    pub(super) brand: String,
    #[serde(default)]
    pub(super) attributes: BTreeMap<String, String>,
    /// Paths returned by `POST /api/uploads`; yours only.
    #[serde(default)]
    pub(super) images: Vec<String>,
    /// One to 100 variants.
    pub(super) variants: Vec<VariantInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProductRequest {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) category: Option<String>,
    pub(super) brand: Option<String>,
    pub(super) attributes: Option<BTreeMap<String, String>>,
    pub(super) images: Option<Vec<String>>,
    /// Meta title, meta description and keywords, replaced as a whole.
    pub(super) seo: Option<SeoInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeoInput {
    /// At most 120 characters (search engines show about 60).
    pub(super) meta_title: Option<String>,
    /// At most 320 characters (search engines show about 160).
    pub(super) meta_description: Option<String>,
    /// At most 20 keywords of 60 characters.
    #[serde(default)]
    pub(super) keywords: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateVariantRequest {
    pub(super) barcode: Option<String>,
    pub(super) stock_code: Option<String>,
    pub(super) attributes: Option<BTreeMap<String, String>>,
    /// Units on hand, as counted.
    pub(super) stock: Option<i64>,
    /// Units to add (negative: to take away) from what is on hand when the change lands;
    /// not together with `stock`.
    pub(super) stock_delta: Option<i64>,
    pub(super) list_price: Option<i64>,
    pub(super) sale_price: Option<i64>,
    pub(super) currency: Option<String>,
    pub(super) vat_rate: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductQuery {
    /// Text in name, brand, category, barcode or stock code (Turkish letters fold: "isik" finds "Işık").
    q: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    /// `in_stock`, `out_of_stock` or `low` (1–5 units).
    #[param(value_type = Option<String>)]
    stock: Option<StockFilter>,
    /// With `integration`: `listed` (some variant on the channel), `pending` (sent, outcome
    /// not known yet), `failed` (some variant refused) or `not_listed` (none sent to it).
    listing: Option<String>,
    /// The integration (its id) that `listing` is about; one of yours.
    integration: Option<i64>,
    /// `newest` (default), `name` (Turkish dictionary order), `price` (lowest sale price),
    /// `stock` (units available) or `updated`.
    sort: Option<String>,
    /// `asc` or `desc`; by default newest and updated descend, the others ascend. A cursor
    /// belongs to the sort and order it was made for.
    order: Option<String>,
    /// Page size, 1–100 (default 20).
    limit: Option<i64>,
    cursor: Option<String>,
}

pub(super) fn new_variant(p: &mut Problems, prefix: &str, v: VariantInput) -> Option<NewVariant> {
    let barcode = p.check(product::code(&format!("{prefix}barcode"), &v.barcode));
    let stock_code = p.check(product::code(&format!("{prefix}stock_code"), &v.stock_code));
    let attributes = p.check(product::attributes(
        &format!("{prefix}attributes"),
        &v.attributes,
    ));
    let stock = p.check(product::range(
        &format!("{prefix}stock"),
        v.stock,
        0,
        MAX_STOCK,
    ));
    let prices = p.check(Prices::parse(
        prefix,
        v.list_price,
        v.sale_price.unwrap_or(v.list_price),
        v.currency.as_deref().unwrap_or("TRY"),
    ));
    let vat_rate = p.check(product::vat_rate(
        &format!("{prefix}vat_rate"),
        v.vat_rate.unwrap_or(20),
    ));
    Some(NewVariant {
        barcode: barcode?,
        stock_code: stock_code?,
        attributes: attributes?,
        stock: stock?,
        prices: prices?,
        vat_rate: vat_rate?,
    })
}

fn check_images(p: &mut Problems, images: &[String]) {
    if images.len() > MAX_IMAGES {
        p.push("images", format!("at most {MAX_IMAGES} images"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, path) in images.iter().enumerate() {
        if !seen.insert(path) {
            p.push(format!("images[{i}]"), "is listed twice");
        }
    }
}

impl CreateProductRequest {
    pub(super) fn validate(self) -> Result<NewProduct, Vec<pofuai_core::FieldError>> {
        let mut p = Problems::default();
        let name = p.check(product::text("name", &self.name, 1, 200));
        let description = p.check(product::text("description", &self.description, 0, 30_000));
        let category = p.check(product::text("category", &self.category, 1, 100));
        let brand = p.check(product::text("brand", &self.brand, 1, 100));
        let attributes = p.check(product::attributes("attributes", &self.attributes));
        check_images(&mut p, &self.images);
        if self.variants.is_empty() {
            p.push("variants", "at least one variant is required");
        }
        if self.variants.len() > MAX_VARIANTS {
            p.push("variants", format!("at most {MAX_VARIANTS} variants"));
        }
        let mut codes = std::collections::HashSet::new();
        let mut variants = Vec::new();
        for (i, v) in self.variants.into_iter().enumerate() {
            let prefix = format!("variants[{i}].");
            if !codes.insert(("b", v.barcode.trim().to_string())) {
                p.push(format!("{prefix}barcode"), "is used twice in this request");
            }
            if !codes.insert(("s", v.stock_code.trim().to_string())) {
                p.push(
                    format!("{prefix}stock_code"),
                    "is used twice in this request",
                );
            }
            variants.push(new_variant(&mut p, &prefix, v));
        }
        let images = self.images;
        p.finish(|| NewProduct {
            name: name.unwrap_or_default(),
            description: description.unwrap_or_default(),
            category: category.unwrap_or_default(),
            brand: brand.unwrap_or_default(),
            attributes: attributes.unwrap_or_default(),
            images,
            variants: variants.into_iter().flatten().collect(),
        })
    }
}

impl UpdateProductRequest {
    pub(super) fn validate(self) -> Result<ProductChanges, Vec<pofuai_core::FieldError>> {
        let mut p = Problems::default();
        let mut c = ProductChanges::default();
        if let Some(v) = &self.name {
            c.name = p.check(product::text("name", v, 1, 200));
        }
        if let Some(v) = &self.description {
            c.description = p.check(product::text("description", v, 0, 30_000));
        }
        if let Some(v) = &self.category {
            c.category = p.check(product::text("category", v, 1, 100));
        }
        if let Some(v) = &self.brand {
            c.brand = p.check(product::text("brand", v, 1, 100));
        }
        if let Some(v) = &self.attributes {
            c.attributes = p.check(product::attributes("attributes", v));
        }
        if let Some(images) = self.images {
            check_images(&mut p, &images);
            c.images = Some(images);
        }
        if let Some(seo) = self.seo {
            let optional = |p: &mut Problems, field: &str, v: Option<String>, max: usize| {
                v.filter(|t| !t.trim().is_empty())
                    .and_then(|t| p.check(product::text(field, &t, 1, max)))
            };
            let meta_title = optional(&mut p, "seo.meta_title", seo.meta_title, 120);
            let meta_description =
                optional(&mut p, "seo.meta_description", seo.meta_description, 320);
            if seo.keywords.len() > 20 {
                p.push("seo.keywords", "at most 20 keywords");
            }
            let keywords = seo
                .keywords
                .iter()
                .enumerate()
                .filter_map(|(i, k)| {
                    p.check(product::text(&format!("seo.keywords[{i}]"), k, 1, 60))
                })
                .collect();
            c.seo = Some(SeoChange {
                meta_title,
                meta_description,
                keywords,
            });
        }
        p.finish(|| c)
    }
}

impl UpdateVariantRequest {
    pub(super) fn validate(self) -> Result<VariantChanges, Vec<pofuai_core::FieldError>> {
        let mut p = Problems::default();
        let mut c = VariantChanges::default();
        if let Some(v) = &self.barcode {
            c.barcode = p.check(product::code("barcode", v));
        }
        if let Some(v) = &self.stock_code {
            c.stock_code = p.check(product::code("stock_code", v));
        }
        if let Some(v) = &self.attributes {
            c.attributes = p.check(product::attributes("attributes", v));
        }
        if let Some(v) = self.stock {
            c.stock = p.check(product::range("stock", v, 0, MAX_STOCK));
        }
        if let Some(v) = self.stock_delta {
            if self.stock.is_some() {
                p.push("stock_delta", "send either stock or stock_delta, not both");
            }
            c.stock_delta = p.check(product::range("stock_delta", v, -MAX_STOCK, MAX_STOCK));
        }
        if let Some(v) = self.list_price {
            c.list_price = p.check(product::range("list_price", v, 0, product::MAX_PRICE_MINOR));
        }
        if let Some(v) = self.sale_price {
            c.sale_price = p.check(product::range("sale_price", v, 0, product::MAX_PRICE_MINOR));
        }
        if let Some(v) = &self.currency {
            c.currency = p.check(Currency::parse("currency", v));
        }
        if let Some(v) = self.vat_rate {
            c.vat_rate = p.check(product::vat_rate("vat_rate", v));
        }
        p.finish(|| c)
    }
}

/// Refuses image paths that are not uploads of the product's owner.
async fn check_image_owner(state: &AppState, owner_id: i64, images: &[String]) -> ApiResult<()> {
    let foreign = state.store.foreign_uploads(owner_id, images).await?;
    if let Some(first) = foreign.first() {
        let i = images.iter().position(|p| p == first).unwrap_or(0);
        return Err(ApiError::coded(
            format!("images[{i}]"),
            "not_found_here",
            "is not one of your uploads (POST /api/uploads first)",
        ));
    }
    Ok(())
}

// ---- handlers ----

/// Lists products, newest first or sorted by name, price, stock or last change, filtered by
/// text, category, brand, stock and listing status on one integration.
#[utoipa::path(get, path = "/api/products", tag = "products", params(ProductQuery),
    responses((status = 200, body = ProductPage), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn list_products(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> ApiResult<Response> {
    auth.require(Feature::ProductView)?;
    let limit = page_request(q.limit, None)?.limit;
    for (field, value) in [("q", &q.q), ("category", &q.category), ("brand", &q.brand)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > 200) {
            return Err(ApiError::coded_args(
                field,
                "too_long",
                "must be at most 200 characters",
                &[("max", 200)],
            ));
        }
    }
    let order = product_order(q.sort.as_deref(), q.order.as_deref())?;
    let after = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(ProductCursor::decode(c, order).ok_or_else(|| {
            ApiError::field(
                "cursor",
                "is not a cursor this API returned for this sort and order",
            )
        })?),
    };
    let listing = listing_filter(&state, &auth, q.listing.as_deref(), q.integration).await?;
    let filter = ProductFilter {
        text: q.q.clone().filter(|t| !t.trim().is_empty()),
        category: q.category,
        brand: q.brand,
        stock: q.stock,
        listing,
    };
    if let Some(text) = &filter.text {
        record(&state, auth.user.id, "search", None, Some(text));
    }
    let scope = auth.view_scope();
    let load = async {
        let products = state
            .store
            .list_products_ordered(scope, &filter, order, after.as_ref(), limit)
            .await?;
        let page = ProductPage {
            next_cursor: products.next_cursor,
            items: products.items.into_iter().map(ProductView::from).collect(),
        };
        Ok((page, None))
    };
    if filter.listing.is_some() {
        // Listing states change with sync jobs, which the catalogue stamp does not follow:
        // such a list is always read afresh.
        let (page, _) = load.await?;
        return Ok(Json(page).into_response());
    }
    // The decoded cursor stands for the raw one: it is checked to belong to this order.
    let key = format!(
        "products {limit} {:?} {:?} {:?} {:?} {order:?} {:?}",
        filter.text,
        filter.category,
        filter.brand,
        filter.stock.map(StockFilter::as_str),
        after,
    );
    catalogue_answer(&state, scope, key, load).await
}

/// The list's order from the `sort` and `order` parameters.
fn product_order(sort: Option<&str>, order: Option<&str>) -> ApiResult<ProductOrder> {
    ApiError::check_one_of("sort", sort, &ProductSort::NAMES)?;
    ApiError::check_one_of("order", order, &["asc", "desc"])?;
    let sort = sort
        .and_then(ProductSort::parse)
        .unwrap_or(ProductSort::Newest);
    let descending = match order {
        Some(o) => o == "desc",
        None => sort.default_descending(),
    };
    Ok(ProductOrder { sort, descending })
}

/// The `listing` filter with its `integration`, which must be one the caller manages.
async fn listing_filter(
    state: &AppState,
    auth: &Auth,
    listing: Option<&str>,
    integration: Option<i64>,
) -> ApiResult<Option<(i64, ListingFilter)>> {
    ApiError::check_one_of("listing", listing, &ListingFilter::NAMES)?;
    let (listing, integration) = match (listing.and_then(ListingFilter::parse), integration) {
        (None, None) => return Ok(None),
        (Some(_), None) => {
            return Err(ApiError::coded(
                "integration",
                "required",
                "is required with listing: the integration whose listings to filter by",
            ));
        }
        (None, Some(_)) => {
            return Err(ApiError::coded(
                "listing",
                "required",
                "is required with integration: listed, pending, failed or not_listed",
            ));
        }
        (Some(l), Some(i)) => (l, i),
    };
    auth.require(Feature::MultiChannel)?;
    match state
        .store
        .integration(integration, auth.manage_scope())
        .await
    {
        Ok(i) => Ok(Some((i.id, listing))),
        Err(pofuai_store::StoreError::NotFound) => Err(ApiError::coded(
            "integration",
            "not_found_here",
            "is not one of your integrations",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Creates a product with its variants, owned by the caller.
#[utoipa::path(post, path = "/api/products", tag = "products",
    request_body = CreateProductRequest,
    responses((status = 201, body = ProductView), (status = 403, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn create_product(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateProductRequest>,
) -> ApiResult<(StatusCode, Tagged<ProductView>)> {
    auth.require(Feature::ProductManage)?;
    let new = req.validate()?;
    check_image_owner(&state, auth.user.id, &new.images).await?;
    let product = state
        .store
        .create_product(auth.user.id, &new, state.now_ms())
        .await?;
    record(&state, auth.user.id, "create", Some(product.id), None);
    Ok((StatusCode::CREATED, tagged_product(product)))
}

/// One product with its variants.
#[utoipa::path(get, path = "/api/products/{id}", tag = "products",
    params(("id" = i64, Path)),
    responses((status = 200, body = ProductView,
                headers(("ETag" = String, description = "The product's version"))),
              (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_product(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    auth.require(Feature::ProductView)?;
    let scope = auth.view_scope();
    let answer = catalogue_answer(&state, scope, format!("product {id}"), async {
        let product = state.store.product(id, scope).await?;
        let version = product.version;
        Ok((ProductView::from(product), Some(version)))
    })
    .await?;
    record(&state, auth.user.id, "view", Some(id), None);
    Ok(answer)
}

fn tagged_product(p: Product) -> Tagged<ProductView> {
    ([etag(p.version)], Json(p.into()))
}

fn tagged_variant(v: Variant) -> Tagged<VariantView> {
    ([etag(v.version)], Json(v.into()))
}

/// Changes a product's own fields; fields left out stay as they are, also when others change
/// them at the same time. With `If-Match`, only if the product is still at that version.
#[utoipa::path(patch, path = "/api/products/{id}", tag = "products",
    params(("id" = i64, Path),
           ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. \"3\"")),
    request_body = UpdateProductRequest,
    responses((status = 200, body = ProductView,
                headers(("ETag" = String, description = "The product's new version"))),
              (status = 404, body = ErrorEnvelope),
              (status = 412, description = "The product changed since that ETag", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn update_product(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    IfMatch(if_version): IfMatch,
    ApiJson(req): ApiJson<UpdateProductRequest>,
) -> ApiResult<Tagged<ProductView>> {
    auth.require(Feature::ProductManage)?;
    let changes = req.validate()?;
    let scope = auth.manage_scope();
    if let Some(images) = &changes.images {
        // Images must belong to the product's owner, who may not be the caller (admins).
        let owner = state.store.product(id, scope).await?.owner_id;
        check_image_owner(&state, owner, images).await?;
    }
    let product = state
        .store
        .update_product(id, scope, &changes, if_version, state.now_ms())
        .await?;
    record(&state, auth.user.id, "edit", Some(id), None);
    Ok(tagged_product(product))
}

/// Deletes a product and its variants.
#[utoipa::path(delete, path = "/api/products/{id}", tag = "products",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn delete_product(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    auth.require(Feature::ProductManage)?;
    state.store.delete_product(id, auth.manage_scope()).await?;
    record(&state, auth.user.id, "delete", Some(id), None);
    Ok(StatusCode::NO_CONTENT)
}

/// A product's variants.
#[utoipa::path(get, path = "/api/products/{id}/variants", tag = "products",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<VariantView>), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn list_variants(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<VariantView>>> {
    auth.require(Feature::ProductView)?;
    let product = state.store.product(id, auth.view_scope()).await?;
    Ok(Json(
        product
            .variants
            .into_iter()
            .map(VariantView::from)
            .collect(),
    ))
}

/// Adds a variant to a product.
#[utoipa::path(post, path = "/api/products/{id}/variants", tag = "products",
    params(("id" = i64, Path)),
    request_body = VariantInput,
    responses((status = 201, body = VariantView), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn add_variant(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<VariantInput>,
) -> ApiResult<(StatusCode, Tagged<VariantView>)> {
    auth.require(Feature::ProductManage)?;
    let mut p = Problems::default();
    let variant = new_variant(&mut p, "", req);
    let variant = p
        .finish(|| variant)?
        .ok_or_else(|| ApiError::field("body", "invalid"))?;
    let v = state
        .store
        .add_variant(id, auth.manage_scope(), &variant, state.now_ms())
        .await?;
    record(&state, auth.user.id, "edit", Some(id), None);
    Ok((StatusCode::CREATED, tagged_variant(v)))
}

/// One variant of a product.
#[utoipa::path(get, path = "/api/products/{id}/variants/{variant_id}", tag = "products",
    params(("id" = i64, Path), ("variant_id" = i64, Path)),
    responses((status = 200, body = VariantView,
                headers(("ETag" = String, description = "The variant's version"))),
              (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_variant(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath((id, variant_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Tagged<VariantView>> {
    auth.require(Feature::ProductView)?;
    let product = state.store.product(id, auth.view_scope()).await?;
    let variant = product
        .variants
        .into_iter()
        .find(|v| v.id == variant_id)
        .ok_or(ApiError::NotFound)?;
    Ok(tagged_variant(variant))
}

/// Changes a variant: codes, stock (a count, or a delta applied atomically), prices, VAT,
/// attributes. Fields left out stay as they are, also when others change them at the same
/// time. With `If-Match`, only if the variant is still at that version.
#[utoipa::path(patch, path = "/api/products/{id}/variants/{variant_id}", tag = "products",
    params(("id" = i64, Path), ("variant_id" = i64, Path),
           ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. \"3\"")),
    request_body = UpdateVariantRequest,
    responses((status = 200, body = VariantView,
                headers(("ETag" = String, description = "The variant's new version"))),
              (status = 404, body = ErrorEnvelope),
              (status = 412, description = "The variant changed since that ETag", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn update_variant(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath((id, variant_id)): ApiPath<(i64, i64)>,
    IfMatch(if_version): IfMatch,
    ApiJson(req): ApiJson<UpdateVariantRequest>,
) -> ApiResult<Tagged<VariantView>> {
    auth.require(Feature::ProductManage)?;
    let changes = req.validate()?;
    let v = state
        .store
        .update_variant(
            id,
            variant_id,
            auth.manage_scope(),
            &changes,
            if_version,
            state.now_ms(),
        )
        .await?;
    record(&state, auth.user.id, "edit", Some(id), None);
    // Channels hear about new stock or prices; a queueing failure must not undo the edit.
    if let Ok(p) = state
        .store
        .product(id, pofuai_store::products::Scope::All)
        .await
        && let Err(e) = state.engine.enqueue_stock_push(p.owner_id).await
    {
        tracing::warn!(error = %e, "could not queue a stock push");
    }
    Ok(tagged_variant(v))
}

/// Deletes a variant; a product keeps at least one.
#[utoipa::path(delete, path = "/api/products/{id}/variants/{variant_id}", tag = "products",
    params(("id" = i64, Path), ("variant_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn delete_variant(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath((id, variant_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    auth.require(Feature::ProductManage)?;
    state
        .store
        .delete_variant(id, variant_id, auth.manage_scope(), state.now_ms())
        .await?;
    record(&state, auth.user.id, "edit", Some(id), None);
    Ok(StatusCode::NO_CONTENT)
}
