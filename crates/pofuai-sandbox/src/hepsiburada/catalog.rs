//! mpop: categories, attributes and the asynchronous catalogue import.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::Json;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query as QueryExtract, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::wire::{Query, Service, int_param, mpop, mpop_error};
use super::{Import, ImportItem, Inner, SimListing, State as SimState, seed};

/// Catalogue pages hold at most this many rows (our simulator's choice).
const MAX_PAGE: u64 = 1000;
/// Items per import file (the documented ~1000).
const MAX_ITEMS: usize = 1000;
/// Longest product name we accept (our simulator's choice; HB's exact limit is not in the doc).
const MAX_TITLE: usize = 200;

/// The Spring-style page envelope of the catalogue API.
fn page_response(rows: Vec<Value>, page: u64, size: u64) -> Response {
    let total = rows.len() as u64;
    let pages = total.div_ceil(size.max(1));
    let start = usize::try_from(page.saturating_mul(size)).unwrap_or(usize::MAX);
    let data: Vec<Value> = rows
        .into_iter()
        .skip(start)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    (
        StatusCode::OK,
        Json(json!({
            "success": true,
            "code": 0,
            "version": 1,
            "message": null,
            "totalElements": total,
            "totalPages": pages,
            "number": page,
            "numberOfElements": data.len(),
            "first": page == 0,
            "last": page + 1 >= pages,
            "data": data,
        })),
    )
        .into_response()
}

fn page_params(query: &Query, default_size: u64, max: u64) -> Result<(u64, u64), Response> {
    let bad = |m: &str| mpop_error(StatusCode::BAD_REQUEST, 1001, m);
    let page = int_param(query, "page").map_err(|_| bad("page sayı olmalıdır"))?;
    let size = int_param(query, "size").map_err(|_| bad("size sayı olmalıdır"))?;
    let size = size.unwrap_or(default_size);
    if size == 0 || size > max {
        return Err(bad(&format!("size 1 ile {max} arasında olmalıdır")));
    }
    Ok((page.unwrap_or(0), size))
}

pub(crate) async fn categories(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Catalog, "categories") {
        return r;
    }
    let (page, size) = match page_params(&query, 20, MAX_PAGE) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let leaf = match query.get("leaf").map(|s| s.trim()) {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return mpop_error(StatusCode::BAD_REQUEST, 1001, "leaf true/false olmalıdır"),
    };
    let status = query.get("status").map(|s| s.trim().to_uppercase());
    let state = inner.state();
    let rows: Vec<Value> = state
        .categories
        .iter()
        .filter(|c| leaf.is_none_or(|l| c.leaf == l))
        .filter(|_| {
            status
                .as_deref()
                .is_none_or(|s| s.is_empty() || s == "ACTIVE")
        })
        .map(|c| {
            let mut paths: Vec<String> =
                state.lineage(c.id).iter().map(|a| a.name.clone()).collect();
            paths.reverse();
            json!({
                "categoryId": c.id,
                "name": c.name,
                "displayName": c.name,
                "parentCategoryId": c.parent,
                "paths": paths,
                "leaf": c.leaf,
                "status": "ACTIVE",
                "type": "Product",
                "available": true,
            })
        })
        .collect();
    page_response(rows, page, size)
}

fn leaf_category(state: &SimState, raw: &str) -> Result<u64, Response> {
    let id: u64 = raw
        .parse()
        .map_err(|_| mpop_error(StatusCode::BAD_REQUEST, 1002, "Kategori bulunamadı"))?;
    match state.category(id) {
        None => Err(mpop_error(
            StatusCode::NOT_FOUND,
            1002,
            "Kategori bulunamadı",
        )),
        Some(c) if !c.leaf => Err(mpop_error(
            StatusCode::BAD_REQUEST,
            1003,
            "Özellikler yalnızca yaprak kategoriler için listelenebilir",
        )),
        Some(_) => Ok(id),
    }
}

pub(crate) async fn attributes(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(category_id): Path<String>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Catalog, "attributes") {
        return r;
    }
    let state = inner.state();
    let id = match leaf_category(&state, &category_id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut groups: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for group in ["baseAttributes", "attributes", "variantAttributes"] {
        groups.insert(group, Vec::new());
    }
    for a in seed::attributes(&state, id) {
        groups.entry(a.group).or_default().push(json!({
            "id": a.id,
            "name": a.name,
            "mandatory": a.mandatory,
            "type": a.kind,
            "multiValue": false,
        }));
    }
    mpop(StatusCode::OK, 0, None, json!(groups))
}

pub(crate) async fn attribute_values(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((category_id, attribute_id)): Path<(String, String)>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Catalog, "attribute-values") {
        return r;
    }
    let (page, size) = match page_params(&query, 1000, MAX_PAGE) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let state = inner.state();
    let id = match leaf_category(&state, &category_id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Some(attribute) = seed::attributes(&state, id)
        .into_iter()
        .find(|a| a.id == attribute_id)
    else {
        return mpop_error(StatusCode::NOT_FOUND, 1004, "Özellik bulunamadı");
    };
    let rows = attribute
        .values
        .iter()
        .map(|v| json!({ "id": v, "value": v }))
        .collect();
    page_response(rows, page, size)
}

/// Reads the `file` part: Ok(text) or the documented 3002/3003 answers.
async fn read_file(multipart: Result<Multipart, MultipartRejection>) -> Result<String, Response> {
    let missing = || mpop_error(StatusCode::BAD_REQUEST, 3003, "Dosya bulunamadı");
    let mut multipart = multipart.map_err(|_| missing())?;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(missing()),
            Err(_) => return Err(mpop_error(StatusCode::BAD_REQUEST, 3001, "Geçersiz içerik")),
        };
        if field.name() != Some("file") {
            continue;
        }
        let json_name = field
            .file_name()
            .is_some_and(|n| n.to_lowercase().ends_with(".json"));
        if !json_name {
            return Err(mpop_error(
                StatusCode::BAD_REQUEST,
                3002,
                "Geçersiz dosya tipi: .json dosyası bekleniyor",
            ));
        }
        let bytes = field
            .bytes()
            .await
            .map_err(|_| mpop_error(StatusCode::BAD_REQUEST, 3001, "Geçersiz içerik"))?;
        return String::from_utf8(bytes.to_vec())
            .map_err(|_| mpop_error(StatusCode::BAD_REQUEST, 3001, "Geçersiz içerik"));
    }
}

pub(crate) async fn import(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Catalog, "import") {
        return r;
    }
    let text = match read_file(multipart).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let items = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_object) => items,
        _ => {
            return mpop_error(
                StatusCode::BAD_REQUEST,
                3001,
                "Geçersiz içerik: ürünlerin JSON dizisi bekleniyor",
            );
        }
    };
    if items.len() > MAX_ITEMS {
        return mpop_error(
            StatusCode::BAD_REQUEST,
            3001,
            &format!("Bir dosyada en fazla {MAX_ITEMS} ürün gönderilebilir"),
        );
    }
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let mut results = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for item in &items {
        let result = import_one(&inner, &mut state, item, &mut seen, now);
        results.push(result);
    }
    let tracking_id = state.uuid();
    state.imports.insert(
        tracking_id.clone(),
        Import {
            items: results,
            polls: 0,
            created_at_ms: now,
        },
    );
    mpop(
        StatusCode::OK,
        0,
        None,
        json!({ "trackingId": tracking_id }),
    )
}

fn text<'a>(attrs: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    attrs
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `"130,50"` → 13050; a dot, thousands separators or three decimals are refused.
pub(crate) fn parse_comma_price(s: &str) -> Option<i64> {
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.contains(',') && frac.is_empty())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// Validates one import item and, when valid, applies it (the effect happens at acceptance,
/// so a lost answer still changes state; the result is what later polls report).
fn import_one(
    inner: &Inner,
    state: &mut SimState,
    item: &Value,
    seen: &mut HashSet<String>,
    now: i64,
) -> ImportItem {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut fail = |attr: &str, msg: &str| errors.push((attr.to_owned(), msg.to_owned()));
    let empty = Map::new();
    let attrs = item
        .get("attributes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let sku = text(attrs, "merchantSku").unwrap_or("").to_owned();

    if item.get("attributes").and_then(Value::as_object).is_none() {
        fail("attributes", "attributes alanı zorunludur");
    }
    match item.get("merchant").and_then(Value::as_str) {
        Some(m) if m == inner.options.seller_id => {}
        _ => fail(
            "merchant",
            "merchant, kimliği doğrulanan satıcının merchantId'si olmalıdır",
        ),
    }
    let category = match item.get("categoryId") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let category = match category.and_then(|id| state.category(id)) {
        None => {
            fail("categoryId", "Kategori bulunamadı");
            None
        }
        Some(c) if !c.leaf => {
            fail(
                "categoryId",
                "Ürünler yalnızca yaprak kategorilere eklenebilir",
            );
            None
        }
        Some(c) => Some(c.id),
    };
    if sku.is_empty() {
        fail("merchantSku", "merchantSku zorunludur");
    } else if sku != sku.to_uppercase() || sku.chars().any(char::is_whitespace) {
        fail(
            "merchantSku",
            "merchantSku büyük harf olmalı ve boşluk içermemelidir",
        );
    } else if sku.chars().count() > 100 {
        fail("merchantSku", "merchantSku en fazla 100 karakter olabilir");
    } else if !seen.insert(sku.clone()) {
        fail(
            "merchantSku",
            "Aynı merchantSku dosyada birden fazla kez gönderildi",
        );
    }
    let barcode = text(attrs, "Barcode").unwrap_or("").to_owned();
    if barcode.is_empty() {
        fail("Barcode", "Barkod zorunludur");
    } else if barcode.chars().count() > 40
        || !barcode
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        fail(
            "Barcode",
            "Barkod yalnızca harf, rakam, '-', '_' ve '.' içerebilir (en fazla 40)",
        );
    } else if let Some(owner) = state.barcodes.get(&barcode)
        && *owner != sku
    {
        fail("Barcode", "Bu barkod başka bir ürüne ait");
    }
    let title = text(attrs, "UrunAdi").unwrap_or("").to_owned();
    if title.is_empty() {
        fail("UrunAdi", "Ürün adı zorunludur");
    } else if title.chars().count() > MAX_TITLE {
        fail(
            "UrunAdi",
            &format!("Ürün adı en fazla {MAX_TITLE} karakter olabilir"),
        );
    }
    let description = text(attrs, "UrunAciklamasi").unwrap_or("").to_owned();
    if description.is_empty() {
        fail("UrunAciklamasi", "Ürün açıklaması zorunludur");
    }
    let brand = text(attrs, "Marka").unwrap_or("").to_owned();
    let known_brand = state
        .brands
        .iter()
        .find(|b| b.to_lowercase() == brand.to_lowercase())
        .cloned();
    if brand.is_empty() {
        fail("Marka", "Marka zorunludur");
    } else if known_brand.is_none() {
        fail("Marka", "Marka bulunamadı");
    }
    let vat = text(attrs, "tax_vat_rate").and_then(|v| v.parse::<u32>().ok());
    if !vat.is_some_and(|v| [0, 1, 10, 20].contains(&v)) {
        fail("tax_vat_rate", "KDV oranı 0, 1, 10 veya 20 olmalıdır");
    }
    // Updating a product Hepsiburada already lists may leave price and stock out: they keep
    // their values (that is how an import spares a listing Hepsiburada fulfils). Strictly,
    // an import never changes a listed product's price and stock: uploads do.
    let keeps_price_stock = inner.strict().strictness.import_keeps_price_stock;
    let held = state
        .listings
        .get(&sku)
        .map(|l| (l.sale_price_minor, l.quantity));
    let (attrs_price, attrs_stock) = if keeps_price_stock && held.is_some() {
        (None, None)
    } else {
        (text(attrs, "price"), text(attrs, "stock"))
    };
    let price = match (attrs_price, held) {
        (None, Some((p, _))) => Some(p),
        (raw, _) => raw.and_then(parse_comma_price),
    };
    match price {
        None => fail(
            "price",
            "Fiyat virgüllü ondalık bir metin olmalıdır, ör. \"130,50\"",
        ),
        Some(0) => fail("price", "Fiyat sıfırdan büyük olmalıdır"),
        Some(_) => {}
    }
    let stock = match (attrs_stock, held) {
        (None, Some((_, q))) => Some(q),
        (raw, _) => raw.and_then(|s| s.parse::<i64>().ok()),
    };
    if stock.is_none_or(|s| s < 0) {
        fail(
            "stock",
            "Stok sıfır veya pozitif bir tam sayı metni olmalıdır",
        );
    }
    if let Some(kg) = text(attrs, "kg")
        && kg.replace(',', ".").parse::<f64>().is_err()
    {
        fail("kg", "Desi sayı olmalıdır");
    }
    let mut images = Vec::new();
    for n in 1..=5 {
        let key = format!("Image{n}");
        match text(attrs, &key) {
            Some(url) if url.starts_with("https://") => images.push(url.to_owned()),
            Some(_) => fail(&key, "Görsel adresi https:// ile başlamalıdır"),
            None if n == 1 => fail("Image1", "En az bir görsel zorunludur"),
            None => {}
        }
    }
    let mut category_attrs = BTreeMap::new();
    if let Some(id) = category {
        for a in seed::attributes(state, id) {
            if a.group == "baseAttributes" && a.id != "GarantiSuresi" {
                continue;
            }
            match text(attrs, a.id) {
                None if a.mandatory => fail(a.id, &format!("{} zorunludur", a.name)),
                None => {}
                Some(v) if a.kind == "enum" && !a.values.contains(&v) => fail(
                    a.id,
                    &format!(
                        "{}: geçersiz değer, izin verilenler: {}",
                        a.name,
                        a.values.join(", ")
                    ),
                ),
                Some(v) => {
                    category_attrs.insert(a.id.to_owned(), v.to_owned());
                }
            }
        }
    }

    if !sku.is_empty()
        && let Some((field, message)) = inner.strict().import_problem(&sku, stock, now)
    {
        fail(&field, &message);
    }
    if !errors.is_empty() {
        return ImportItem {
            merchant_sku: sku,
            hb_sku: state
                .listings
                .get(text(attrs, "merchantSku").unwrap_or(""))
                .map(|l| l.hb_sku.clone()),
            success: false,
            product_status: "MISSING_INFO",
            validation: errors,
        };
    }
    let (Some(category_id), Some(price), Some(stock), Some(vat), Some(brand)) =
        (category, price, stock, vat, known_brand)
    else {
        return ImportItem {
            merchant_sku: sku,
            hb_sku: None,
            success: false,
            product_status: "MISSING_INFO",
            validation: vec![("attributes".into(), "Geçersiz ürün".into())],
        };
    };
    let existing = state.listings.get(&sku).map(|l| l.hb_sku.clone());
    let hb_sku = match existing.clone() {
        Some(h) => h,
        None => format!("HBCV{:010X}", 0x1_0000 + state.next()),
    };
    if let Some(old) = state.listings.get(&sku)
        && old.barcode != barcode
    {
        let old_barcode = old.barcode.clone();
        state.barcodes.remove(&old_barcode);
    }
    state.barcodes.insert(barcode.clone(), sku.clone());
    let listing = SimListing {
        merchant_sku: sku.clone(),
        hb_sku: hb_sku.clone(),
        barcode,
        title,
        description,
        brand,
        category_id,
        group_code: text(attrs, "VaryantGroupID").unwrap_or("").to_owned(),
        attributes: category_attrs,
        images,
        vat_rate: vat,
        quantity: stock,
        sale_price_minor: price,
        list_price_minor: price,
        last_modified_ms: now,
        fulfilled_by_hb: state.listings.get(&sku).is_some_and(|l| l.fulfilled_by_hb),
    };
    let kind = if existing.is_some() {
        "product.update"
    } else {
        "product.create"
    };
    inner.writes.record(
        kind,
        sku.clone(),
        format!("title={} price={} stock={}", listing.title, price, stock),
        now,
    );
    state.listings.insert(sku.clone(), listing);
    if existing.is_none() {
        inner.strict().created(&sku, now);
    }
    ImportItem {
        merchant_sku: sku,
        hb_sku: Some(hb_sku),
        success: true,
        product_status: if existing.is_some() {
            "MATCHED"
        } else {
            "CREATED"
        },
        validation: Vec::new(),
    }
}

pub(crate) async fn status(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(tracking_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Catalog, "import-status") {
        return r;
    }
    let (page, size) = match page_params(&query, 1000, MAX_PAGE) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let until = inner.options.batch_polls_until_done;
    let mut state = inner.state();
    let Some(import) = state.imports.get_mut(&tracking_id) else {
        return mpop_error(StatusCode::NOT_FOUND, 4000, "trackingId bulunamadı");
    };
    // One poll = a request for the first page; later pages show the same state.
    if page == 0 {
        import.polls = import.polls.saturating_add(1);
    }
    let processed_at = inner.strict().processed_at(import.created_at_ms);
    let processing = import.polls <= until || inner.clock.now_ms() < processed_at;
    let rows = import
        .items
        .iter()
        .map(|i| {
            if processing {
                json!({
                    "merchantSku": i.merchant_sku,
                    "hbSku": null,
                    "productStatus": "WAITING",
                    "importStatus": "PROCESSING",
                    "validationResults": [],
                    "importMessages": [],
                })
            } else {
                json!({
                    "merchantSku": i.merchant_sku,
                    "hbSku": i.hb_sku,
                    "productStatus": i.product_status,
                    "importStatus": if i.success { "SUCCESS" } else { "FAILED" },
                    "validationResults": i.validation.iter().map(|(a, m)| json!({
                        "attributeName": a,
                        "message": m,
                    })).collect::<Vec<_>>(),
                    "importMessages": i.validation.iter().map(|(_, m)| json!({
                        "severity": "ERROR",
                        "message": m,
                    })).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    page_response(rows, page, size)
}

pub(crate) async fn all_products(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Catalog,
        "all-products",
    ) {
        return r;
    }
    // size ≤ 100 [client].
    let (page, size) = match page_params(&query, 100, 100) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = inner.clock.now_ms();
    let state = inner.state();
    let strict = inner.strict();
    let rows = state
        .listings
        .values()
        .filter(|l| strict.listed(&l.merchant_sku, now))
        .map(|l| {
            json!({
                "merchantSku": l.merchant_sku,
                "hbSku": l.hb_sku,
                "barcode": l.barcode,
                "productName": l.title,
                "brand": l.brand,
                "categoryId": l.category_id,
                "productStatus": "MATCHED",
            })
        })
        .collect();
    page_response(rows, page, size)
}

#[cfg(test)]
mod tests {
    use super::parse_comma_price;

    #[test]
    fn comma_prices() {
        assert_eq!(parse_comma_price("130,50"), Some(13050));
        assert_eq!(parse_comma_price("130,5"), Some(13050));
        assert_eq!(parse_comma_price("130"), Some(13000));
        assert_eq!(parse_comma_price("130.50"), None);
        assert_eq!(parse_comma_price("1.130,50"), None);
        assert_eq!(parse_comma_price("130,505"), None);
        assert_eq!(parse_comma_price("130,"), None);
    }
}
