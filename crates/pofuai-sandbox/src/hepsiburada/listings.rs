//! listing-external: the listings list and the asynchronous stock and price uploads.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query as QueryExtract, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::wire::{Query, Service, format_date, int_param, money, plain_error};
use super::{Inner, RowError, State as SimState, Upload};

/// Rows per upload call (the documented ~1000).
const MAX_ROWS: usize = 1000;
/// Rows per listings page (our simulator's choice).
const MAX_LIMIT: u64 = 1000;
/// Highest stock a row may set (our simulator's choice).
const MAX_STOCK: i64 = 100_000;

pub(crate) async fn list(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Listings, "listings") {
        return r;
    }
    // offset and limit are both required [client].
    let (offset, limit) = match (int_param(&query, "offset"), int_param(&query, "limit")) {
        (Ok(Some(o)), Ok(Some(l))) if (1..=MAX_LIMIT).contains(&l) => (o, l),
        (Ok(Some(_)), Ok(Some(_))) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "InvalidLimit",
                &format!("limit 1 ile {MAX_LIMIT} arasında olmalıdır"),
            );
        }
        (Err(r), _) | (_, Err(r)) => return r,
        _ => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "OffsetAndLimitRequired",
                "offset ve limit zorunludur",
            );
        }
    };
    let split = |name: &str| -> Option<Vec<String>> {
        query.get(name).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
    };
    let skus = split("merchantSkuList");
    let hb_skus = split("hbSkuList");
    let now = inner.clock.now_ms();
    let state = inner.state();
    let strict = inner.strict();
    let rows: Vec<&super::SimListing> = state
        .listings
        .values()
        .filter(|l| strict.listed(&l.merchant_sku, now))
        .filter(|l| skus.as_ref().is_none_or(|s| s.contains(&l.merchant_sku)))
        .filter(|l| hb_skus.as_ref().is_none_or(|s| s.contains(&l.hb_sku)))
        .collect();
    let total = rows.len();
    let page: Vec<Value> = rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|l| {
            json!({
                "listingId": format!("L-{}", l.hb_sku),
                "hepsiburadaSku": l.hb_sku,
                "merchantSku": l.merchant_sku,
                "price": money(l.sale_price_minor),
                "availableStock": l.quantity,
                "dispatchTime": 2,
                "cargoCompany1": "Yurtiçi Kargo",
                "maximumPurchasableQuantity": 10,
                "minimumPurchasableQuantity": 1,
                "isSalable": l.quantity > 0,
                "isLocked": false,
                "isSuspended": false,
                "isFrozen": false,
                "isFulfilledByHB": l.fulfilled_by_hb,
                "deactivationReasons": if l.quantity > 0 { json!([]) } else { json!(["OutOfStock"]) },
                "updatedAt": format_date(l.last_modified_ms),
            })
        })
        .collect();
    (
        StatusCode::OK,
        Json(json!({
            "totalCount": total,
            "limit": limit,
            "offset": offset,
            "listings": page,
        })),
    )
        .into_response()
}

/// Parses an upload body: a JSON array of 1..=1000 objects, or the whole request is refused.
fn rows(body: &Bytes) -> Result<Vec<Value>, Response> {
    let rows = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(rows)) if rows.iter().all(Value::is_object) => rows,
        _ => {
            return Err(plain_error(
                StatusCode::BAD_REQUEST,
                "InvalidRequest",
                "Gövde bir JSON dizisi olmalıdır",
            ));
        }
    };
    if rows.is_empty() {
        return Err(plain_error(
            StatusCode::BAD_REQUEST,
            "EmptyRequest",
            "En az bir satır gönderilmelidir",
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(plain_error(
            StatusCode::BAD_REQUEST,
            "TooManyItems",
            &format!("Bir istekte en fazla {MAX_ROWS} satır gönderilebilir"),
        ));
    }
    Ok(rows)
}

/// Finds the row's listing by merchantSku or hepsiburadaSku; Err is the row's error.
fn target(
    state: &SimState,
    strict: &super::strict::Strict,
    now: i64,
    row: &Value,
) -> Result<String, String> {
    let sku = row.get("merchantSku").and_then(Value::as_str);
    let hb = row.get("hepsiburadaSku").and_then(Value::as_str);
    let found = match (sku, hb) {
        (Some(sku), _) => state
            .listings
            .contains_key(sku)
            .then(|| sku.to_owned())
            .ok_or_else(|| format!("Listeleme bulunamadı: {sku}")),
        (None, Some(hb)) => state
            .listings
            .values()
            .find(|l| l.hb_sku == hb)
            .map(|l| l.merchant_sku.clone())
            .ok_or_else(|| format!("Listeleme bulunamadı: {hb}")),
        (None, None) => Err("merchantSku veya hepsiburadaSku zorunludur".into()),
    }?;
    // A product still being imported has no listing yet.
    if strict.listed(&found, now) {
        Ok(found)
    } else {
        Err(format!("Listeleme bulunamadı: {found}"))
    }
}

fn row_error(index: usize, row: &Value, message: String) -> RowError {
    RowError {
        element_no: index,
        merchant_sku: row
            .get("merchantSku")
            .and_then(Value::as_str)
            .map(str::to_owned),
        hb_sku: row
            .get("hepsiburadaSku")
            .and_then(Value::as_str)
            .map(str::to_owned),
        errors: vec![message],
    }
}

async fn upload(
    inner: Arc<Inner>,
    headers: HeaderMap,
    merchant_id: String,
    body: Bytes,
    kind: &'static str,
) -> Response {
    let endpoint = if kind == "stock" {
        "stock-uploads"
    } else {
        "price-uploads"
    };
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Listings, endpoint) {
        return r;
    }
    let rows = match rows(&body) {
        Ok(rows) => rows,
        Err(r) => return r,
    };
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let strict = inner.strict();
    let mut errors = Vec::new();
    // Applied at acceptance: a lost answer still changes the listings.
    for (index, row) in rows.iter().enumerate() {
        let sku = match target(&state, &strict, now, row) {
            Ok(sku) => sku,
            Err(message) => {
                errors.push(row_error(index, row, message));
                continue;
            }
        };
        let applied = if kind == "stock" {
            match row.get("availableStock").and_then(Value::as_i64) {
                Some(q) if (0..=MAX_STOCK).contains(&q) => {
                    if let Some(l) = state.listings.get_mut(&sku) {
                        l.quantity = q;
                        l.last_modified_ms = now;
                    }
                    Ok(format!("availableStock={q}"))
                }
                _ => Err(format!(
                    "availableStock 0 ile {MAX_STOCK} arasında bir tam sayı olmalıdır"
                )),
            }
        } else {
            match row.get("price").and_then(Value::as_f64) {
                Some(p)
                    if p > 0.0
                        && p.is_finite()
                        && ((p * 100.0).round() - p * 100.0).abs() < 1e-6 =>
                {
                    // Two decimals at most; kuruş from the decimal number.
                    let minor = (p * 100.0).round() as i64;
                    if let Some(l) = state.listings.get_mut(&sku) {
                        l.sale_price_minor = minor;
                        l.list_price_minor = minor;
                        l.last_modified_ms = now;
                    }
                    Ok(format!("price={minor}"))
                }
                _ => Err("price sıfırdan büyük ve en fazla iki ondalıklı olmalıdır".into()),
            }
        };
        let fulfilled = state.listings.get(&sku).is_some_and(|l| l.fulfilled_by_hb);
        match applied {
            // Hepsiburada's own figures were just overwritten: the harm the notes warn of.
            Ok(value) if fulfilled => inner.writes.record("inventory.fulfilled", sku, value, now),
            Ok(value) => inner.writes.record("inventory", sku, value, now),
            Err(message) => errors.push(row_error(index, row, message)),
        }
    }
    let id = state.uuid();
    state.uploads.insert(
        id.clone(),
        Upload {
            kind,
            total: rows.len(),
            errors,
            polls: 0,
            created_at_ms: now,
        },
    );
    (StatusCode::OK, Json(json!({ "id": id }))).into_response()
}

async fn result(
    inner: Arc<Inner>,
    headers: HeaderMap,
    merchant_id: String,
    id: String,
    kind: &'static str,
) -> Response {
    let endpoint = if kind == "stock" {
        "stock-uploads/id"
    } else {
        "price-uploads/id"
    };
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Listings, endpoint) {
        return r;
    }
    let until = inner.options.batch_polls_until_done;
    let mut state = inner.state();
    let Some(upload) = state.uploads.get_mut(&id).filter(|u| u.kind == kind) else {
        return plain_error(
            StatusCode::NOT_FOUND,
            "UploadNotFound",
            "Yükleme bulunamadı",
        );
    };
    upload.polls = upload.polls.saturating_add(1);
    let processed_at = inner.strict().processed_at(upload.created_at_ms);
    let status = if upload.polls <= until || inner.clock.now_ms() < processed_at {
        "PROCESSING"
    } else if upload.errors.is_empty() {
        "COMPLETED"
    } else if upload.errors.len() == upload.total {
        "FAILED"
    } else {
        "COMPLETED_WITH_ERRORS"
    };
    let errors: Vec<Value> = if status == "PROCESSING" {
        Vec::new()
    } else {
        upload
            .errors
            .iter()
            .map(|e| {
                json!({
                    // Zero-based index into the request array [?: the doc leaves the base open].
                    "elementNo": e.element_no,
                    "merchantSku": e.merchant_sku,
                    "hepsiburadaSku": e.hb_sku,
                    "errors": e.errors,
                })
            })
            .collect()
    };
    (
        StatusCode::OK,
        Json(json!({
            "id": id,
            "status": status,
            "createdAt": format_date(upload.created_at_ms),
            "total": upload.total,
            "errors": errors,
        })),
    )
        .into_response()
}

pub(crate) async fn stock_upload(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    body: Bytes,
) -> Response {
    upload(inner, headers, merchant_id, body, "stock").await
}

pub(crate) async fn price_upload(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    body: Bytes,
) -> Response {
    upload(inner, headers, merchant_id, body, "price").await
}

pub(crate) async fn stock_result(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, id)): Path<(String, String)>,
) -> Response {
    result(inner, headers, merchant_id, id, "stock").await
}

pub(crate) async fn price_result(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, id)): Path<(String, String)>,
) -> Response {
    result(inner, headers, merchant_id, id, "price").await
}
