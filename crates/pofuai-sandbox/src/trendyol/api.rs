//! The HTTP side of the Trendyol simulator: routes, the request guard (User-Agent, Basic auth,
//! seller id, rate limits) and one handler per documented endpoint.

// Handlers answer with a Response on both sides of a Result so `?` can short-circuit with the
// platform's error answer; the size of that Err is irrelevant here.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine;
use serde_json::{Value, json};

use super::seed;
use super::{Batch, Shared, SimListing, SimPackage, State as SimState};
use crate::Faults;

pub(crate) type Reply = Result<Response, Response>;
pub(crate) type Params = Query<HashMap<String, String>>;

/// 15 minutes: how long an identical price-and-inventory body is refused.
const DUPLICATE_WINDOW_MS: i64 = 15 * 60 * 1000;
const DUPLICATE_MESSAGE: &str = "15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!";
/// "At most 3 months back" for orders, read as 90 days.
const ORDER_HORIZON_MS: i64 = 90 * 24 * 60 * 60 * 1000;
const MAX_ITEMS: usize = 1000;

pub(crate) fn router(shared: Arc<Shared>, faults: Arc<Faults>) -> Router {
    Router::new()
        .route(
            "/integration/product/sellers/{seller}/products",
            post(create_products)
                .put(update_products)
                .get(filter_products),
        )
        .route(
            "/integration/product/sellers/{seller}/products/batch-requests/{batch}",
            get(batch_result),
        )
        .route(
            "/integration/inventory/sellers/{seller}/products/price-and-inventory",
            post(price_and_inventory),
        )
        .route("/integration/product/product-categories", get(categories))
        .route(
            "/integration/product/product-categories/{category}/attributes",
            get(attributes),
        )
        .route(
            "/integration/product/categories/{category}/attributes",
            get(super::extra::attributes_v2),
        )
        .route(
            "/integration/product/categories/{category}/attributes/{attribute}/values",
            get(super::extra::attribute_values_v2),
        )
        .route(
            "/integration/qna/sellers/{seller}/questions/filter",
            get(super::extra::questions),
        )
        .route(
            "/integration/qna/sellers/{seller}/questions/{id}/answers",
            post(super::extra::answer),
        )
        .route("/integration/product/brands", get(brands))
        .route("/integration/product/brands/by-name", get(brands_by_name))
        .route("/integration/sellers/{seller}/addresses", get(addresses))
        .route("/integration/order/sellers/{seller}/orders", get(orders))
        .route(
            "/integration/order/sellers/{seller}/shipment-packages/{package}",
            put(update_package_status),
        )
        .route(
            "/integration/order/sellers/{seller}/shipment-packages/{package}/update-tracking-number",
            put(update_tracking_number),
        )
        .route("/integration/order/sellers/{seller}/claims", get(claims))
        .route(
            "/integration/order/sellers/{seller}/claims/{claim}/items/approve",
            put(approve_claim_items),
        )
        .layer(axum::middleware::from_fn_with_state(
            faults,
            crate::faults::inject,
        ))
        .with_state(shared)
}

// ---------------------------------------------------------------------------------------------
// Answers

fn error(status: StatusCode, exception: &str, message: impl Into<String>) -> Response {
    let message = message.into();
    (
        status,
        axum::Json(json!({
            "exception": exception,
            "errors": [{ "key": exception, "message": message, "errorParams": [] }],
            "message": message,
        })),
    )
        .into_response()
}

pub(crate) fn bad_request(message: impl Into<String>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "ClientApiBusinessException",
        message,
    )
}

pub(crate) fn not_found(message: impl Into<String>) -> Response {
    error(StatusCode::NOT_FOUND, "ClientApiNotFoundException", message)
}

pub(crate) fn ok(body: Value) -> Reply {
    Ok((StatusCode::OK, axum::Json(body)).into_response())
}

fn too_many(wait: Duration) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequestException",
        "Rate limit exceeded",
    );
    // Trendyol documents the 429 but not a Retry-After; sending one is this simulator's choice.
    let secs = wait.as_secs_f64().ceil().max(1.0);
    if let Ok(value) = HeaderValue::from_str(&format!("{secs}")) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

// ---------------------------------------------------------------------------------------------
// The guard every API route passes

/// Per-endpoint limits per minute from the reference's service-limits table (None = only the
/// general rule). The general rule, 50 requests per 10 s per endpoint, applies everywhere.
fn per_minute(endpoint: &str) -> Option<usize> {
    match endpoint {
        "orders" => Some(1000),
        "products.filter" => Some(2000),
        "batch-requests" => Some(1000),
        "products.create" | "products.update" => Some(1000),
        "brands" | "categories" => Some(50),
        _ => None,
    }
}

fn valid_user_agent(value: &str, seller_id: &str) -> bool {
    let Some((seller, integrator)) = value.split_once(" - ") else {
        return false;
    };
    seller == seller_id
        && !integrator.is_empty()
        && integrator.chars().count() <= 30
        && integrator.chars().all(|c| c.is_ascii_alphanumeric())
}

impl Shared {
    pub(crate) fn guard(
        &self,
        headers: &HeaderMap,
        path_seller: Option<&str>,
        endpoint: &str,
    ) -> Result<(), Response> {
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !valid_user_agent(user_agent, &self.options.seller_id) {
            return Err(error(
                StatusCode::FORBIDDEN,
                "ClientApiAuthenticationException",
                "User-Agent zorunludur: \"{sellerId} - {EntegratörAdı}\"",
            ));
        }
        let authorized = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b64| {
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .ok()
            })
            .and_then(|raw| String::from_utf8(raw).ok())
            .is_some_and(|pair| {
                pair.split_once(':').is_some_and(|(user, pass)| {
                    user == self.options.username && pass == self.options.password
                })
            });
        if !authorized {
            return Err(error(
                StatusCode::UNAUTHORIZED,
                "ClientApiAuthenticationException",
                "Unauthorized",
            ));
        }
        if let Some(seller) = path_seller
            && seller != self.options.seller_id
        {
            return Err(error(
                StatusCode::FORBIDDEN,
                "ClientApiAuthenticationException",
                "Bu satıcıya erişim yetkiniz yok",
            ));
        }
        let now = self.clock.now_ms();
        self.limiter
            .check(&format!("{endpoint}/10s"), 50, Duration::from_secs(10), now)
            .map_err(too_many)?;
        if let Some(limit) = per_minute(endpoint) {
            self.limiter
                .check(
                    &format!("{endpoint}/min"),
                    limit,
                    Duration::from_secs(60),
                    now,
                )
                .map_err(too_many)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Small readers

/// A decimal amount with at most two decimals, as minor units. JSON numbers only.
pub(crate) fn money_minor(value: &Value) -> Option<i64> {
    let Value::Number(number) = value else {
        return None;
    };
    decimal_minor(&number.to_string())
}

fn decimal_minor(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -minor } else { minor })
}

fn money(minor: i64) -> Value {
    // minor / 100 is the double nearest the exact decimal; serde_json prints the shortest form
    // that reads back to it, i.e. the decimal itself (12990 -> 129.9).
    json!(minor as f64 / 100.0)
}

fn money_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

fn query_i64(params: &HashMap<String, String>, name: &str) -> Result<Option<i64>, Response> {
    match params.get(name) {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| bad_request(format!("{name} sayı olmalıdır"))),
    }
}

/// `{"items":[...]}` with 1..=1000 items, or the whole request is refused with 400.
fn items_envelope(body: &Bytes) -> Result<Vec<Value>, Response> {
    let value = json_body(body)?;
    let Some(items) = value.get("items").and_then(Value::as_array) else {
        return Err(bad_request("items alanı zorunludur"));
    };
    if items.is_empty() {
        return Err(bad_request("items boş olamaz"));
    }
    if items.len() > MAX_ITEMS {
        return Err(bad_request(format!(
            "Bir istekte en fazla {MAX_ITEMS} ürün gönderilebilir ({} gönderildi)",
            items.len()
        )));
    }
    Ok(items.clone())
}

pub(crate) fn page_and_size(
    params: &HashMap<String, String>,
    max_size: i64,
) -> Result<(i64, i64), Response> {
    let page = query_i64(params, "page")?.unwrap_or(0);
    let size = query_i64(params, "size")?.unwrap_or(50);
    if page < 0 {
        return Err(bad_request("page 0 veya daha büyük olmalıdır"));
    }
    if size < 1 || size > max_size {
        return Err(bad_request(format!(
            "size 1 ile {max_size} arasında olmalıdır"
        )));
    }
    Ok((page, size))
}

/// One page of `all` as Trendyol's list envelope, each row drawn by `row`.
fn page_reply<T: Clone>(all: &[T], page: i64, size: i64, row: impl FnMut(T) -> Value) -> Reply {
    let (content, total, total_pages) = paged(all, page, size);
    let content: Vec<Value> = content.into_iter().map(row).collect();
    ok(json!({
        "page": page, "size": size, "totalPages": total_pages, "totalElements": total,
        "content": content,
    }))
}

/// A JSON request body, or 400.
pub(crate) fn json_body(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice(body).map_err(|e| bad_request(format!("İstek gövdesi okunamadı: {e}")))
}

pub(crate) fn paged<T: Clone>(all: &[T], page: i64, size: i64) -> (Vec<T>, i64, i64) {
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let total_pages = (total + size - 1) / size;
    let start = usize::try_from(page.saturating_mul(size)).unwrap_or(usize::MAX);
    let content = all
        .iter()
        .skip(start)
        .take(usize::try_from(size).unwrap_or(0))
        .cloned()
        .collect();
    (content, total, total_pages)
}

// ---------------------------------------------------------------------------------------------
// Catalogue lookups

async fn categories(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Reply {
    s.guard(&headers, None, "categories")?;
    let state = s.lock();
    fn node(state: &SimState, id: i64, name: &str, parent: Option<i64>) -> Value {
        let children: Vec<Value> = state
            .categories
            .iter()
            .filter(|c| c.parent_id == Some(id))
            .map(|c| node(state, c.id, &c.name, c.parent_id))
            .collect();
        json!({ "id": id, "name": name, "parentId": parent, "subCategories": children })
    }
    let roots: Vec<Value> = state
        .categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| node(&state, c.id, &c.name, None))
        .collect();
    ok(json!({ "categories": roots }))
}

/// The category an attribute request names: a number, known, and a leaf (only leaves have
/// attributes), with the platform's refusal otherwise. Shared by the v1 and v2 endpoints.
pub(crate) fn leaf_category<'a>(
    state: &'a super::State,
    raw: &str,
) -> Result<&'a super::Category, Response> {
    let id: i64 = raw
        .parse()
        .map_err(|_| bad_request("categoryId sayı olmalıdır"))?;
    let Some(category) = state.categories.iter().find(|c| c.id == id) else {
        return Err(not_found(format!("Kategori bulunamadı: {id}")));
    };
    if !state.is_leaf(id) {
        return Err(bad_request(format!(
            "Özellikler yalnızca en alt kategoriler için listelenir: {id}"
        )));
    }
    Ok(category)
}

async fn attributes(
    State(s): State<Arc<Shared>>,
    Path(category): Path<String>,
    headers: HeaderMap,
) -> Reply {
    s.guard(&headers, None, "attributes")?;
    let state = s.lock();
    let category = leaf_category(&state, &category)?;
    let id = category.id;
    let list: Vec<Value> = state
        .attributes
        .get(&id)
        .map(|attrs| {
            attrs
                .iter()
                .map(|a| {
                    json!({
                        "categoryId": id,
                        "attribute": { "id": a.id, "name": a.name },
                        "required": a.required,
                        "allowCustom": a.allow_custom,
                        "varianter": a.varianter,
                        "slicer": a.slicer,
                        "attributeValues": a.values.iter()
                            .map(|(vid, name)| json!({ "id": vid, "name": name }))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    ok(json!({
        "id": id,
        "name": category.name,
        "displayName": category.name,
        "categoryAttributes": list,
    }))
}

async fn brands(State(s): State<Arc<Shared>>, headers: HeaderMap, Query(q): Params) -> Reply {
    s.guard(&headers, None, "brands")?;
    let (page, size) = page_and_size(&q, 1000)?;
    let state = s.lock();
    let all: Vec<Value> = state
        .brands
        .iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect();
    let (content, _, _) = paged(&all, page, size);
    ok(json!({ "brands": content }))
}

async fn brands_by_name(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Reply {
    s.guard(&headers, None, "brands")?;
    let name = q
        .get("name")
        .map(|n| n.trim().to_lowercase())
        .unwrap_or_default();
    if name.is_empty() {
        return Err(bad_request("name zorunludur"));
    }
    let state = s.lock();
    // Names starting with the query, case-insensitively: callers pick the exact one.
    let found: Vec<Value> = state
        .brands
        .iter()
        .filter(|(_, n)| n.to_lowercase().starts_with(&name))
        .map(|(id, n)| json!({ "id": id, "name": n }))
        .collect();
    ok(Value::Array(found))
}

async fn addresses(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
) -> Reply {
    s.guard(&headers, Some(&seller), "addresses")?;
    let shipment = json!({
        "id": 1_204_501, "addressType": "Shipment", "country": "Türkiye", "city": "İstanbul",
        "district": "Kadıköy", "postCode": "34710", "isDefault": true,
        "fullAddress": "Caferağa Mah. Moda Cad. No:12 Kadıköy/İstanbul",
    });
    let returning = json!({
        "id": 1_204_502, "addressType": "Returning", "country": "Türkiye", "city": "İstanbul",
        "district": "Kadıköy", "postCode": "34710", "isDefault": true,
        "fullAddress": "Caferağa Mah. Moda Cad. No:12 Kadıköy/İstanbul",
    });
    ok(json!({
        "supplierAddresses": [shipment.clone(), returning.clone()],
        "defaultShipmentAddress": shipment,
        "defaultReturningAddress": returning,
    }))
}

// ---------------------------------------------------------------------------------------------
// Products

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Update,
}

fn barcode_problems(barcode: &str) -> Vec<String> {
    let mut reasons = Vec::new();
    if barcode.is_empty() {
        reasons.push("Barkod (barcode) boş olamaz.".to_owned());
    }
    if barcode.chars().count() > 40 {
        reasons.push("Barkod (barcode) en fazla 40 karakter olabilir.".to_owned());
    }
    if !barcode
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        reasons.push("Barkod (barcode) yalnızca harf, rakam ve . - _ içerebilir.".to_owned());
    }
    reasons
}

/// Checks one product item; Ok is the listing the item describes (for updates: the stored
/// listing with the item's info applied).
fn check_product(
    state: &SimState,
    item: &Value,
    mode: Mode,
    seen: &mut HashSet<String>,
    now: i64,
) -> Result<SimListing, Vec<String>> {
    let mut r: Vec<String> = Vec::new();
    let barcode = text(item.get("barcode")).unwrap_or("").to_owned();
    r.extend(barcode_problems(&barcode));
    if !barcode.is_empty() && !seen.insert(barcode.clone()) {
        r.push(format!("Aynı istekte tekrarlanan barkod: {barcode}"));
    }
    let existing = state.listings.get(&barcode);
    match (mode, existing) {
        (Mode::Create, Some(_)) => r.push(format!(
            "Bu barkod ile daha önce ürün oluşturulmuş (already exists): {barcode}"
        )),
        (Mode::Update, None) if !barcode.is_empty() => {
            r.push(format!("Ürün bulunamadı: {barcode}"));
        }
        _ => {}
    }

    let title = text(item.get("title")).unwrap_or("").to_owned();
    if title.trim().is_empty() {
        r.push("Ürün adı (title) boş olamaz.".into());
    } else if title.chars().count() > 100 {
        r.push("Ürün adı (title) en fazla 100 karakter olabilir.".into());
    }
    let product_main_id = text(item.get("productMainId")).unwrap_or("").to_owned();
    if product_main_id.trim().is_empty() {
        r.push("productMainId boş olamaz.".into());
    }
    let stock_code = text(item.get("stockCode")).unwrap_or("").to_owned();
    if stock_code.trim().is_empty() {
        r.push("Stok kodu (stockCode) boş olamaz.".into());
    } else if stock_code.chars().count() > 100 {
        r.push("Stok kodu (stockCode) en fazla 100 karakter olabilir.".into());
    }
    let description = match item.get("description") {
        Some(Value::String(d)) => d.clone(),
        _ => {
            r.push("Açıklama (description) zorunludur.".into());
            String::new()
        }
    };
    if description.chars().count() > 30_000 {
        r.push("Açıklama (description) en fazla 30000 karakter olabilir.".into());
    }
    if let Some(currency) = item.get("currencyType")
        && currency.as_str() != Some("TRY")
    {
        r.push("Para birimi (currencyType) TRY olmalıdır.".into());
    }

    let brand_id = int(item.get("brandId"));
    match brand_id {
        Some(id) if state.brands.iter().any(|(b, _)| *b == id) => {}
        Some(id) => r.push(format!("Marka bulunamadı: brandId={id}")),
        None => r.push("brandId zorunludur ve sayı olmalıdır.".into()),
    }
    let category_id = int(item.get("categoryId"));
    let category_ok = match category_id {
        Some(id) if state.is_leaf(id) => true,
        Some(id) if state.categories.iter().any(|c| c.id == id) => {
            r.push(format!(
                "Ürün yalnızca en alt kategoriye eklenebilir: categoryId={id}"
            ));
            false
        }
        Some(id) => {
            r.push(format!("Kategori bulunamadı: categoryId={id}"));
            false
        }
        None => {
            r.push("categoryId zorunludur ve sayı olmalıdır.".into());
            false
        }
    };
    if let (Some(listing), Mode::Update) = (existing, mode)
        && listing.approved
    {
        if brand_id.is_some_and(|b| b != listing.brand_id) {
            r.push("Onaylı ürünün markası (brandId) değiştirilemez.".into());
        }
        if category_id.is_some_and(|c| c != listing.category_id) {
            r.push("Onaylı ürünün kategorisi (categoryId) değiştirilemez.".into());
        }
    }

    let vat = int(item.get("vatRate"));
    if !matches!(vat, Some(0 | 1 | 10 | 20)) {
        r.push("KDV oranı (vatRate) 0, 1, 10 veya 20 olmalıdır.".into());
    }
    let cargo = int(item.get("cargoCompanyId"));
    match cargo {
        Some(c) if seed::CARGO_COMPANIES.contains(&c) => {}
        _ if mode == Mode::Update && cargo.is_none() => {}
        _ => r.push("Kargo firması (cargoCompanyId) geçersiz.".into()),
    }
    let dimensional_weight = item.get("dimensionalWeight");
    if dimensional_weight.is_some_and(|d| d.as_f64().is_none_or(|d| d < 0.0)) {
        r.push("Desi (dimensionalWeight) 0 veya daha büyük bir sayı olmalıdır.".into());
    }

    // Price and stock: required on create; an update (v1) changes info only and ignores them.
    let mut quantity = 0;
    let mut sale = 0;
    let mut list = 0;
    if mode == Mode::Create {
        match int(item.get("quantity")) {
            Some(q) if q >= 0 => quantity = q,
            _ => r.push("Stok (quantity) 0 veya daha büyük bir tam sayı olmalıdır.".into()),
        }
        let sale_price = item.get("salePrice").and_then(money_minor);
        let list_price = item.get("listPrice").and_then(money_minor);
        match (sale_price, list_price) {
            (Some(s), Some(l)) => {
                if s <= 0 {
                    r.push("Satış fiyatı (salePrice) 0'dan büyük olmalıdır.".into());
                }
                if l < s {
                    r.push(
                        "Liste fiyatı (listPrice) satış fiyatından (salePrice) küçük olamaz."
                            .into(),
                    );
                }
                sale = s;
                list = l;
            }
            _ => r.push(
                "salePrice ve listPrice en fazla iki ondalık basamaklı sayı olmalıdır.".into(),
            ),
        }
    }

    let mut images = Vec::new();
    match item.get("images") {
        None => {}
        Some(Value::Array(list)) => {
            if list.len() > 8 {
                r.push("En fazla 8 görsel gönderilebilir.".into());
            }
            for image in list {
                let url = text(image.get("url")).unwrap_or("");
                if !url.starts_with("https://") || url.len() <= "https://".len() {
                    r.push(format!("Görsel adresi https ile başlamalıdır: {url}"));
                } else {
                    images.push(url.to_owned());
                }
            }
        }
        Some(_) => r.push("images bir liste olmalıdır.".into()),
    }

    let mut attributes = Vec::new();
    if let (true, Some(category_id)) = (category_ok, category_id) {
        let known = state
            .attributes
            .get(&category_id)
            .cloned()
            .unwrap_or_default();
        let sent: Vec<Value> = item
            .get("attributes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut present = HashSet::new();
        for attribute in &sent {
            let Some(attribute_id) = int(attribute.get("attributeId")) else {
                r.push("attributeId zorunludur.".into());
                continue;
            };
            let Some(definition) = known.iter().find(|a| a.id == attribute_id) else {
                r.push(format!(
                    "Kategoride olmayan özellik: attributeId={attribute_id}"
                ));
                continue;
            };
            let value_id = int(attribute.get("attributeValueId"));
            let custom = text(attribute.get("customAttributeValue"))
                .map(str::trim)
                .filter(|c| !c.is_empty());
            match (value_id, custom) {
                (Some(v), _) if definition.values.iter().any(|(id, _)| *id == v) => {
                    present.insert(attribute_id);
                    attributes.push((attribute_id, v.to_string()));
                }
                (Some(v), _) => r.push(format!(
                    "Özellik değeri listede yok: {} attributeValueId={v}",
                    definition.name
                )),
                (None, Some(c)) if definition.allow_custom => {
                    present.insert(attribute_id);
                    attributes.push((attribute_id, c.to_owned()));
                }
                (None, Some(_)) => r.push(format!(
                    "Bu özellik için serbest değer girilemez, listeden seçin: {}",
                    definition.name
                )),
                (None, None) => r.push(format!("Özellik değeri boş: {}", definition.name)),
            }
        }
        for definition in known.iter().filter(|a| a.required) {
            if !present.contains(&definition.id) {
                r.push(format!(
                    "Zorunlu özellik eksik: {} (attributeId={})",
                    definition.name, definition.id
                ));
            }
        }
    }

    // Approved products keep their productMainId and their slicer/varianter attributes
    // (platform-apis.md §1 Update v1).
    if let (Some(listing), Mode::Update, Some(category_id)) = (existing, mode, category_id)
        && listing.approved
    {
        if product_main_id != listing.product_main_id {
            r.push("Onaylı ürünün productMainId değeri değiştirilemez.".into());
        }
        for definition in state
            .attributes
            .get(&category_id)
            .into_iter()
            .flatten()
            .filter(|a| a.varianter || a.slicer)
        {
            let value = |list: &[(i64, String)]| {
                list.iter()
                    .find(|(id, _)| *id == definition.id)
                    .map(|(_, v)| v.clone())
            };
            if value(&attributes) != value(&listing.attributes) {
                r.push(format!(
                    "Onaylı ürünün varyant özelliği değiştirilemez: {} (attributeId={})",
                    definition.name, definition.id
                ));
            }
        }
    }

    if !r.is_empty() {
        return Err(r);
    }
    let base = existing.cloned();
    Ok(SimListing {
        barcode,
        title,
        stock_code,
        product_main_id,
        brand_id: brand_id.unwrap_or_default(),
        category_id: category_id.unwrap_or_default(),
        description,
        images,
        attributes,
        quantity: base.as_ref().map_or(quantity, |b| b.quantity),
        sale_price_minor: base.as_ref().map_or(sale, |b| b.sale_price_minor),
        list_price_minor: base.as_ref().map_or(list, |b| b.list_price_minor),
        vat_rate: u8::try_from(vat.unwrap_or(20)).unwrap_or(20),
        cargo_company_id: cargo
            .or(base.as_ref().map(|b| b.cargo_company_id))
            .unwrap_or(17),
        approved: true,
        created_ms: base.as_ref().map_or(now, |b| b.created_ms),
        last_modified_ms: now,
    })
}

async fn create_products(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "products.create")?;
    product_write(&s, &body, Mode::Create)
}

async fn update_products(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "products.update")?;
    product_write(&s, &body, Mode::Update)
}

fn product_write(s: &Shared, body: &Bytes, mode: Mode) -> Reply {
    let items = items_envelope(body)?;
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let mut strict = s.strict();
    let mut seen = HashSet::new();
    let mut results = Vec::with_capacity(items.len());
    // The effect is applied when the batch is accepted, so a lost answer still changes state.
    for item in items {
        let checked = check_product(&state, &item, mode, &mut seen, now);
        let checked = match mode {
            Mode::Create => strict.check_create(&item, checked),
            Mode::Update => checked,
        };
        match checked {
            Ok(listing) => {
                if mode == Mode::Create {
                    strict.created(&listing.barcode, now);
                }
                let (kind, value) = match mode {
                    Mode::Create => (
                        "product.create",
                        format!(
                            "title={} quantity={} salePrice={}",
                            listing.title,
                            listing.quantity,
                            money_text(listing.sale_price_minor)
                        ),
                    ),
                    Mode::Update => ("product.update", format!("title={}", listing.title)),
                };
                s.writes.record(kind, listing.barcode.clone(), value, now);
                state.listings.insert(listing.barcode.clone(), listing);
                results.push((item, Vec::new()));
            }
            Err(reasons) => results.push((item, reasons)),
        }
    }
    let id = state.new_batch_id(now);
    let kind = match mode {
        Mode::Create => "ProductCreate",
        Mode::Update => "ProductUpdate",
    };
    state.batches.insert(
        id.clone(),
        Batch {
            id: id.clone(),
            kind,
            created_ms: now,
            polls: 0,
            items: results,
        },
    );
    ok(json!({ "batchRequestId": id }))
}

async fn batch_result(
    State(s): State<Arc<Shared>>,
    Path((seller, batch)): Path<(String, String)>,
    headers: HeaderMap,
) -> Reply {
    s.guard(&headers, Some(&seller), "batch-requests")?;
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let Some(batch) = state.batches.get_mut(&batch) else {
        return Err(not_found(format!("Batch bulunamadı: {batch}")));
    };
    batch.polls += 1;
    let done = batch.polls > s.options.batch_polls_until_done
        && now >= s.strict().processed_at(batch.created_ms);
    let failed = batch.items.iter().filter(|(_, r)| !r.is_empty()).count();
    let items: Vec<Value> = batch
        .items
        .iter()
        .map(|(request, reasons)| {
            let status = match (done, reasons.is_empty()) {
                (false, _) => "IN_PROGRESS",
                (true, true) => "SUCCESS",
                (true, false) => "FAILED",
            };
            let reasons: &[String] = if done { reasons } else { &[] };
            json!({ "requestItem": request, "status": status, "failureReasons": reasons })
        })
        .collect();
    ok(json!({
        "batchRequestId": batch.id,
        "status": if done { "COMPLETED" } else { "IN_PROGRESS" },
        "batchRequestType": batch.kind,
        "sourceType": "API",
        "creationDate": batch.created_ms,
        "lastModification": if done { now } else { batch.created_ms },
        "itemCount": items.len(),
        "failedItemCount": if done { failed } else { 0 },
        "items": items,
    }))
}

async fn filter_products(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    Query(q): Params,
) -> Reply {
    s.guard(&headers, Some(&seller), "products.filter")?;
    // The page size cap is not documented; 200 is this simulator's choice (as for orders).
    let (page, size) = page_and_size(&q, 200)?;
    let state = s.lock();
    let barcode = q.get("barcode").map(|b| b.trim()).filter(|b| !b.is_empty());
    let stock_code = q
        .get("stockCode")
        .map(|b| b.trim())
        .filter(|b| !b.is_empty());
    let now = s.clock.now_ms();
    let strict = s.strict();
    let filter = super::extra::ProductFilter::parse(&q)?;
    let all: Vec<&SimListing> = state
        .listings
        .values()
        .filter(|l| strict.listed(&l.barcode, now))
        .filter(|l| barcode.is_none_or(|b| l.barcode == b))
        .filter(|l| stock_code.is_none_or(|c| l.stock_code == c))
        .filter(|l| filter.keeps(&state, l))
        .collect();
    page_reply(&all, page, size, |l| {
        let mut row = json!({
            "barcode": l.barcode,
            "title": l.title,
            "stockCode": l.stock_code,
            "productMainId": l.product_main_id,
            "brandId": l.brand_id,
            "pimCategoryId": l.category_id,
            "quantity": l.quantity,
            "salePrice": money(l.sale_price_minor),
            "listPrice": money(l.list_price_minor),
            "vatRate": l.vat_rate,
            "approved": l.approved,
            "images": l.images.iter().map(|u| json!({ "url": u })).collect::<Vec<_>>(),
            "createDateTime": l.created_ms,
            "lastUpdateDate": l.last_modified_ms,
        });
        for (key, value) in super::extra::flag_fields(&state, l) {
            row[key] = value;
        }
        row
    })
}

// ---------------------------------------------------------------------------------------------
// Price and stock

async fn price_and_inventory(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "price-and-inventory")?;
    let items = items_envelope(&body)?;
    let now = s.clock.now_ms();
    // Canonical form: serde_json's maps are sorted, so key order and spacing do not matter.
    let canonical = Value::Array(items.clone()).to_string();
    let mut state = s.lock();
    if let Some(at) = state.inventory_bodies.get(&canonical)
        && now - at < DUPLICATE_WINDOW_MS
    {
        // The reference gives the message, not the shape; we answer 400 with it [?].
        return Err(bad_request(DUPLICATE_MESSAGE));
    }
    state.inventory_bodies.insert(canonical, now);
    let mut seen = HashSet::new();
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let mut reasons = Vec::new();
        let barcode = text(item.get("barcode")).unwrap_or("").to_owned();
        if !seen.insert(barcode.clone()) {
            reasons.push(format!("Aynı istekte tekrarlanan barkod: {barcode}"));
        }
        // A product still being created is not found yet, as on the platform.
        let listing = state
            .listings
            .get(&barcode)
            .filter(|_| s.strict().listed(&barcode, now))
            .cloned();
        if listing.is_none() {
            reasons.push(format!("Ürün bulunamadı: {barcode}"));
        }
        // Partial rows (stock only or price only) are accepted: the reference leaves it open
        // [?] and third-party integrators send them.
        let quantity = match item.get("quantity") {
            None => None,
            Some(v) => match int(Some(v)) {
                Some(q) if s.strict().quantity_problem(q).is_some() => {
                    reasons.extend(s.strict().quantity_problem(q));
                    None
                }
                Some(q) if q >= 0 => Some(q),
                _ => {
                    reasons
                        .push("Stok (quantity) 0 veya daha büyük bir tam sayı olmalıdır.".into());
                    None
                }
            },
        };
        let mut price = |name: &str| match item.get(name) {
            None => None,
            Some(v) => match money_minor(v) {
                Some(p) if p > 0 => Some(p),
                _ => {
                    reasons.push(format!(
                        "{name} 0'dan büyük, en fazla iki ondalık basamaklı olmalıdır."
                    ));
                    None
                }
            },
        };
        let sale = price("salePrice");
        let list = price("listPrice");
        if quantity.is_none() && sale.is_none() && list.is_none() && reasons.is_empty() {
            reasons.push("quantity, salePrice veya listPrice gönderilmelidir.".into());
        }
        if let Some(listing) = &listing {
            let sale_after = sale.unwrap_or(listing.sale_price_minor);
            let list_after = list.unwrap_or(listing.list_price_minor);
            if list_after < sale_after {
                reasons.push(
                    "Liste fiyatı (listPrice) satış fiyatından (salePrice) küçük olamaz.".into(),
                );
            }
            if reasons.is_empty()
                && let Some(l) = state.listings.get_mut(&barcode)
            {
                if let Some(q) = quantity {
                    l.quantity = q;
                }
                l.sale_price_minor = sale_after;
                l.list_price_minor = list_after;
                l.last_modified_ms = now;
                s.writes.record(
                    "inventory",
                    barcode.clone(),
                    format!(
                        "quantity={} salePrice={} listPrice={}",
                        l.quantity,
                        money_text(l.sale_price_minor),
                        money_text(l.list_price_minor)
                    ),
                    now,
                );
            }
        }
        results.push((item, reasons));
    }
    let id = state.new_batch_id(now);
    state.batches.insert(
        id.clone(),
        Batch {
            id: id.clone(),
            kind: "PriceAndInventoryUpdate",
            created_ms: now,
            polls: 0,
            items: results,
        },
    );
    ok(json!({ "batchRequestId": id }))
}

// ---------------------------------------------------------------------------------------------
// Orders

/// The listing's colour and size (the values of its `Renk` and `Beden` attributes, by name),
/// as an order line's `productColor` and `productSize` carry them.
pub(crate) fn colour_and_size(
    state: &SimState,
    listing: &SimListing,
) -> (Option<String>, Option<String>) {
    let definitions = state.attributes.get(&listing.category_id);
    let named = |name: &str| -> Option<String> {
        let definition = definitions?.iter().find(|a| a.name == name)?;
        let (_, raw) = listing
            .attributes
            .iter()
            .find(|(id, _)| *id == definition.id)?;
        // A value id names one of the list; anything else is free text.
        Some(
            raw.parse::<i64>()
                .ok()
                .and_then(|vid| definition.values.iter().find(|(id, _)| *id == vid))
                .map_or_else(|| raw.clone(), |(_, name)| name.clone()),
        )
    };
    (named("Renk"), named("Beden"))
}

/// `orderDate` as Trendyol serves it: epoch milliseconds of the Istanbul wall clock ("GMT+3",
/// platform-apis.md §1 Orders), three hours ahead of the instant. Other dates are plain.
pub(crate) fn gmt3(ms: i64) -> i64 {
    ms + 3 * 3_600_000
}

fn package_json(p: &SimPackage) -> Value {
    let lines: Vec<Value> = p
        .lines
        .iter()
        .map(|l| {
            let amount = l.unit_price_minor.saturating_mul(l.quantity);
            json!({
                "id": l.id.parse::<i64>().unwrap_or_default(),
                "quantity": l.quantity,
                "barcode": l.barcode,
                "merchantSku": l.merchant_sku,
                "sku": l.barcode,
                "productName": l.product_name,
                "productCode": l.barcode,
                "productColor": l.product_color,
                "productSize": l.product_size,
                // Our reading [?]: `price` is the unit price, `amount` the line's total.
                "price": money(l.unit_price_minor),
                "amount": money(amount),
                "discount": 0,
                "tyDiscount": 0,
                "vatBaseAmount": money(l.unit_price_minor),
                "currencyCode": "TRY",
                "orderLineItemStatusName": l.status,
            })
        })
        .collect();
    let gross: i64 = p
        .lines
        .iter()
        .map(|l| l.unit_price_minor.saturating_mul(l.quantity))
        .sum();
    let id = p.id.parse::<i64>().unwrap_or_default();
    let address = json!({
        "firstName": p.customer_first_name, "lastName": p.customer_last_name,
        "fullName": format!("{} {}", p.customer_first_name, p.customer_last_name),
        "address1": "Yıldız Mah. Barbaros Blv. No: 12 D: 4",
        "city": "İstanbul", "district": "Beşiktaş", "postalCode": "34349",
        "countryCode": "TR", "phone": null,
        "fullAddress": "Yıldız Mah. Barbaros Blv. No: 12 D: 4 Beşiktaş/İstanbul",
    });
    // Delivery is agreed three days after the order, estimated between two and five.
    let day = 24 * 3_600_000;
    json!({
        "id": id,
        "orderNumber": p.order_number,
        "status": p.status,
        "shipmentPackageStatus": p.status,
        "customerFirstName": p.customer_first_name,
        "customerLastName": p.customer_last_name,
        "customerEmail": format!("pf+{}@trendyolmail.com", p.order_number),
        "customerId": 90_000_000 + id % 10_000_000,
        "tcIdentityNumber": "11111111111",
        "taxNumber": null,
        "grossAmount": money(gross),
        "totalDiscount": 0,
        "totalTyDiscount": 0,
        "totalPrice": money(gross),
        "currencyCode": "TRY",
        "orderDate": gmt3(p.order_date_ms),
        "lastModifiedDate": p.last_modified_ms,
        "agreedDeliveryDate": p.order_date_ms + 3 * day,
        "estimatedDeliveryStartDate": p.order_date_ms + 2 * day,
        "estimatedDeliveryEndDate": p.order_date_ms + 5 * day,
        "cargoTrackingNumber": p.tracking_number,
        "cargoTrackingLink": p.tracking_number.as_ref().map(|t| {
            format!("https://kargotakip.trendyol.com/?token={t}")
        }),
        "cargoSenderNumber": format!("7330{id}"),
        "cargoProviderName": "Trendyol Express Marketplace",
        "invoiceNumber": p.invoice_number,
        "invoiceLink": null,
        "lines": lines,
        "packageHistories": p.history.iter()
            .map(|(at, status)| json!({ "createdDate": at, "status": status }))
            .collect::<Vec<_>>(),
        "shipmentAddress": address,
        "invoiceAddress": address,
        "deliveryType": "normal",
        "fastDelivery": false,
        "commercial": false,
        "micro": false,
        "warehouseId": 1_000_001,
    })
}

async fn orders(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    Query(q): Params,
) -> Reply {
    s.guard(&headers, Some(&seller), "orders")?;
    let (page, size) = page_and_size(&q, 200)?;
    // Page paging reaches at most 10,000 records: a page holding any record past the 10,000th
    // is refused with 429, as the platform does.
    if (page + 1).saturating_mul(size) > 10_000 {
        return Err(too_many(Duration::from_secs(1)));
    }
    let by_last_modified = match q.get("orderByField").map(String::as_str) {
        None | Some("") => false,
        Some("PackageLastModifiedDate") => true,
        Some(other) => {
            return Err(bad_request(format!(
                "orderByField yalnızca PackageLastModifiedDate olabilir: {other}"
            )));
        }
    };
    let descending = match q.get("orderByDirection").map(String::as_str) {
        None | Some("") | Some("ASC") => false,
        Some("DESC") => true,
        Some(other) => return Err(bad_request(format!("orderByDirection geçersiz: {other}"))),
    };
    let now = s.clock.now_ms();
    let start = query_i64(&q, "startDate")?;
    let end = query_i64(&q, "endDate")?;
    if start.is_some_and(|st| st < now - ORDER_HORIZON_MS) {
        return Err(bad_request("En fazla 3 ay öncesine kadar sorgulanabilir."));
    }
    if let (Some(st), Some(en)) = (start, end)
        && en < st
    {
        return Err(bad_request("endDate startDate'ten önce olamaz."));
    }
    let status = q.get("status").filter(|v| !v.is_empty());
    let order_number = q.get("orderNumber").filter(|v| !v.is_empty());
    let ids: Option<HashSet<String>> = q
        .get("shipmentPackageIds")
        .filter(|v| !v.is_empty())
        .map(|v| v.split(',').map(|x| x.trim().to_owned()).collect());
    let state = s.lock();
    // Our reading: with orderByField=PackageLastModifiedDate, startDate/endDate bound the
    // package's last modification (both inclusive); without it they bound the order date.
    let key = |p: &SimPackage| {
        if by_last_modified {
            p.last_modified_ms
        } else {
            p.order_date_ms
        }
    };
    let mut all: Vec<&SimPackage> = state
        .packages
        .values()
        .filter(|p| key(p) >= now - ORDER_HORIZON_MS)
        .filter(|p| start.is_none_or(|st| key(p) >= st))
        .filter(|p| end.is_none_or(|en| key(p) <= en))
        .filter(|p| status.is_none_or(|st| &p.status == st))
        .filter(|p| order_number.is_none_or(|o| &p.order_number == o))
        .filter(|p| ids.as_ref().is_none_or(|ids| ids.contains(&p.id)))
        .collect();
    all.sort_by_key(|p| (key(p), p.id.parse::<i64>().unwrap_or_default()));
    if descending {
        all.reverse();
    }
    page_reply(&all, page, size, package_json)
}

async fn update_package_status(
    State(s): State<Arc<Shared>>,
    Path((seller, package)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "shipment-packages")?;
    let body = json_body(&body)?;
    let target = text(body.get("status")).unwrap_or("");
    let from = match target {
        "Picking" => "Created",
        "Invoiced" => "Picking",
        _ => {
            return Err(bad_request(
                "Yalnızca Picking ve Invoiced statüleri gönderilebilir.",
            ));
        }
    };
    let invoice = text(body.pointer("/params/invoiceNumber"))
        .map(str::trim)
        .filter(|v| !v.is_empty());
    // invoiceNumber is optional for Invoiced (platform-apis.md §1: `params.invoiceNumber?`).
    let id: i64 = package
        .parse()
        .map_err(|_| not_found(format!("Paket bulunamadı: {package}")))?;
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let Some(p) = state.packages.get_mut(&id) else {
        return Err(not_found(format!("Paket bulunamadı: {package}")));
    };
    if p.status != from {
        return Err(bad_request(format!(
            "Paket {} statüsünden {target} statüsüne geçemez.",
            p.status
        )));
    }
    let sent: Vec<(String, i64)> = body
        .get("lines")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    (
                        int(l.get("lineId"))
                            .map(|i| i.to_string())
                            .unwrap_or_default(),
                        int(l.get("quantity")).unwrap_or(-1),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut expected: Vec<(String, i64)> = p
        .lines
        .iter()
        .filter(|l| l.status != "Cancelled")
        .map(|l| (l.id.clone(), l.quantity))
        .collect();
    let mut sent_sorted = sent.clone();
    sent_sorted.sort();
    expected.sort();
    if sent_sorted != expected {
        return Err(bad_request(
            "lines paketteki satırları (lineId, quantity) tam olarak içermelidir.",
        ));
    }
    p.status = target.to_owned();
    for line in p.lines.iter_mut().filter(|l| l.status != "Cancelled") {
        line.status = target.to_owned();
    }
    if let Some(invoice) = invoice {
        p.invoice_number = Some(invoice.to_owned());
    }
    p.last_modified_ms = now;
    p.history.push((now, target.to_owned()));
    let value = match invoice {
        Some(i) => format!("status={target} invoiceNumber={i}"),
        None => format!("status={target}"),
    };
    s.writes.record("package.status", p.id.clone(), value, now);
    Ok(StatusCode::OK.into_response())
}

async fn update_tracking_number(
    State(s): State<Arc<Shared>>,
    Path((seller, package)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "update-tracking-number")?;
    let body = json_body(&body)?;
    let tracking = text(body.get("trackingNumber"))
        .map(str::trim)
        .unwrap_or("");
    if tracking.is_empty()
        || tracking.len() > 50
        || !tracking
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(bad_request(
            "trackingNumber 1-50 karakter, harf, rakam veya - olmalıdır.",
        ));
    }
    let id: i64 = package
        .parse()
        .map_err(|_| not_found(format!("Paket bulunamadı: {package}")))?;
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let Some(p) = state.packages.get_mut(&id) else {
        return Err(not_found(format!("Paket bulunamadı: {package}")));
    };
    if !matches!(p.status.as_str(), "Created" | "Picking" | "Invoiced") {
        return Err(bad_request(format!(
            "{} statüsündeki paketin takip numarası değiştirilemez.",
            p.status
        )));
    }
    // Setting the number it already has changes nothing, so nothing is logged.
    if p.tracking_number.as_deref() != Some(tracking) {
        p.tracking_number = Some(tracking.to_owned());
        p.last_modified_ms = now;
        s.writes
            .record("package.tracking", p.id.clone(), tracking.to_owned(), now);
    }
    Ok(StatusCode::OK.into_response())
}

// ---------------------------------------------------------------------------------------------
// Claims

fn claim_json(state: &SimState, c: &super::SimClaim) -> Value {
    let package = c
        .package_id
        .parse::<i64>()
        .ok()
        .and_then(|id| state.packages.get(&id));
    let mut by_line: Vec<(String, Vec<&super::SimClaimItem>)> = Vec::new();
    for item in &c.items {
        match by_line.iter_mut().find(|(l, _)| *l == item.line_id) {
            Some((_, items)) => items.push(item),
            None => by_line.push((item.line_id.clone(), vec![item])),
        }
    }
    let items: Vec<Value> = by_line
        .into_iter()
        .map(|(line_id, items)| {
            let line = package.and_then(|p| p.lines.iter().find(|l| l.id == line_id));
            json!({
                "orderLine": {
                    "id": line_id.parse::<i64>().unwrap_or_default(),
                    "barcode": items.first().map(|i| i.barcode.clone()),
                    "productName": line.map(|l| l.product_name.clone()),
                    "merchantSku": line.map(|l| l.merchant_sku.clone()),
                    "price": line.map(|l| money(l.unit_price_minor)),
                },
                "claimItems": items.iter().map(|i| json!({
                    "id": i.id,
                    "orderLineItemId": line_id.parse::<i64>().unwrap_or_default(),
                    "customerClaimItemReason": { "name": i.reason },
                    "claimItemStatus": { "name": i.status },
                    "note": "",
                    "resolved": i.status == "Accepted",
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "id": c.id,
        "claimId": c.id,
        "orderNumber": c.order_number,
        "orderShipmentPackageId": c.package_id.parse::<i64>().unwrap_or_default(),
        "orderDate": package.map(|p| p.order_date_ms),
        "customerFirstName": package.map(|p| p.customer_first_name.clone()),
        "customerLastName": package.map(|p| p.customer_last_name.clone()),
        "claimDate": c.claim_date_ms,
        "lastModifiedDate": c.last_modified_ms,
        "items": items,
    })
}

async fn claims(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    Query(q): Params,
) -> Reply {
    s.guard(&headers, Some(&seller), "claims")?;
    let (page, size) = page_and_size(&q, 200)?;
    let start = query_i64(&q, "startDate")?;
    let end = query_i64(&q, "endDate")?;
    let item_status = q.get("claimItemStatus").filter(|v| !v.is_empty());
    let state = s.lock();
    // Our reading [?]: startDate/endDate bound the claim's last modification (inclusive), so
    // approvals show up in an incremental window the way order changes do.
    let mut all: Vec<&super::SimClaim> = state
        .claims
        .values()
        .filter(|c| start.is_none_or(|st| c.last_modified_ms >= st))
        .filter(|c| end.is_none_or(|en| c.last_modified_ms <= en))
        .filter(|c| item_status.is_none_or(|st| c.items.iter().any(|i| &i.status == st)))
        .collect();
    all.sort_by(|a, b| (a.last_modified_ms, &a.id).cmp(&(b.last_modified_ms, &b.id)));
    page_reply(&all, page, size, |c| claim_json(&state, c))
}

async fn approve_claim_items(
    State(s): State<Arc<Shared>>,
    Path((seller, claim)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "claims.approve")?;
    let body = json_body(&body)?;
    let ids: Vec<String> = body
        .get("claimLineItemIdList")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return Err(bad_request("claimLineItemIdList boş olamaz."));
    }
    if !body.get("params").is_some_and(Value::is_object) {
        return Err(bad_request("params zorunludur."));
    }
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let Some(c) = state.claims.get_mut(&claim) else {
        return Err(not_found(format!("İade bulunamadı: {claim}")));
    };
    for id in &ids {
        match c.items.iter().find(|i| &i.id == id) {
            None => return Err(bad_request(format!("İade kalemi bulunamadı: {id}"))),
            Some(i) if !matches!(i.status.as_str(), "Created" | "WaitingInAction") => {
                return Err(bad_request(format!(
                    "{} statüsündeki iade kalemi onaylanamaz: {id}",
                    i.status
                )));
            }
            Some(_) => {}
        }
    }
    for item in c.items.iter_mut().filter(|i| ids.contains(&i.id)) {
        item.status = "Accepted".into();
    }
    c.last_modified_ms = now;
    s.writes
        .record("claim.approve", c.id.clone(), ids.join(","), now);
    Ok(StatusCode::OK.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_exactly() {
        assert_eq!(decimal_minor("129.9"), Some(12990));
        assert_eq!(decimal_minor("129.90"), Some(12990));
        assert_eq!(decimal_minor("0.07"), Some(7));
        assert_eq!(decimal_minor("5"), Some(500));
        assert_eq!(decimal_minor("1.005"), None);
        assert_eq!(decimal_minor("1e3"), None);
        assert_eq!(money_minor(&money(12990)), Some(12990));
        assert_eq!(money_minor(&money(1)), Some(1));
        assert_eq!(money_text(12990), "129.90");
    }

    #[test]
    fn user_agent_format() {
        assert!(valid_user_agent("104123 - PofuAi", "104123"));
        assert!(valid_user_agent("104123 - SelfIntegration", "104123"));
        assert!(!valid_user_agent("104123 - Pofu Ai", "104123"));
        assert!(!valid_user_agent("999 - PofuAi", "104123"));
        assert!(!valid_user_agent("reqwest/0.12", "104123"));
        assert!(!valid_user_agent(
            &format!("104123 - {}", "a".repeat(31)),
            "104123"
        ));
    }
}
