//! oms-external: orders, packages (pack, invoice, in transit) and claims.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query as QueryExtract, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::wire::{
    Query, Service, date_param, format_date_istanbul as format_date, in_window, int_param, money,
    plain_error,
};
use super::{Inner, Order, Package, SimClaim, State as SimState};

/// Most rows per order, package or claim page: our simulator's choice (lonca's SDK default).
const MAX_LIMIT: u64 = 100;

struct Paging {
    offset: u64,
    limit: u64,
    begin: Option<i64>,
    end: Option<i64>,
}

/// offset, limit (required unless `default_limit`), beginDate, endDate.
fn paging(query: &Query, default_limit: Option<u64>) -> Result<Paging, Response> {
    let offset = int_param(query, "offset")?.unwrap_or(0);
    let limit = match (int_param(query, "limit")?, default_limit) {
        (Some(l), _) => l,
        (None, Some(d)) => d,
        (None, None) => {
            return Err(plain_error(
                StatusCode::BAD_REQUEST,
                "LimitCannotBeEmpty",
                "limit zorunludur",
            ));
        }
    };
    if limit == 0 || limit > MAX_LIMIT {
        return Err(plain_error(
            StatusCode::BAD_REQUEST,
            "InvalidLimit",
            &format!("limit 1 ile {MAX_LIMIT} arasında olmalıdır"),
        ));
    }
    Ok(Paging {
        offset,
        limit,
        begin: date_param(query, "beginDate")?,
        end: date_param(query, "endDate")?,
    })
}

fn envelope(items: Vec<Value>, paging: &Paging) -> Response {
    let total = items.len() as u64;
    let page: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(paging.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit).unwrap_or(usize::MAX))
        .collect();
    (
        StatusCode::OK,
        Json(json!({
            "totalCount": total,
            "limit": paging.limit,
            "offset": paging.offset,
            "pageCount": total.div_ceil(paging.limit),
            "items": page,
        })),
    )
        .into_response()
}

fn order_json(state: &SimState, order: &Order) -> Value {
    let view = state.package_view(order);
    let total: i64 = order
        .lines
        .iter()
        .filter(|l| !l.cancelled())
        .map(|l| l.unit_price_minor * l.quantity)
        .sum();
    let packages: Vec<Value> = state
        .packages
        .values()
        .filter(|p| p.order_number == order.number)
        .map(|p| package_json(state, p))
        .collect();
    let date = |ms: i64| order.date_text.clone().unwrap_or_else(|| format_date(ms));
    json!({
        "orderNumber": order.number,
        "orderDate": date(order.ordered_at_ms),
        "lastModifiedDate": date(order.last_modified_ms),
        "customerName": order.customer_name,
        "status": view.status,
        "totalPrice": { "amount": money(total), "currency": "TRY" },
        "items": order.lines.iter().map(|l| json!({
            "id": l.line_id,
            "merchantSku": l.merchant_sku,
            "hbSku": l.hb_sku,
            "quantity": l.quantity,
            "price": { "amount": money(l.unit_price_minor), "currency": "TRY" },
            "totalPrice": { "amount": money(l.unit_price_minor * l.quantity), "currency": "TRY" },
            "status": l.status,
            "packageNumber": l.package_number,
        })).collect::<Vec<_>>(),
        "packages": packages,
    })
}

fn package_json(state: &SimState, p: &Package) -> Value {
    let modified = state
        .orders
        .get(&p.order_number)
        .map_or(p.last_modified_ms, |o| o.last_modified_ms);
    json!({
        "packageNumber": p.number,
        "orderNumber": p.order_number,
        "status": p.status,
        "cargoCompany": p.cargo_company,
        "trackingNumber": p.tracking_number,
        "invoiceNumber": p.invoice_number,
        "invoiceLink": p.invoice_link,
        "lineItemIds": p.line_ids,
        "lastModifiedDate": format_date(modified),
    })
}

/// Orders (sorted by last modification, then number) matching `keep`, in the window.
fn order_list(
    inner: &Inner,
    query: &Query,
    keep: impl Fn(&Order) -> bool,
) -> Result<Response, Response> {
    let paging = paging(query, None)?;
    let state = inner.state();
    let mut orders: Vec<&Order> = state
        .orders
        .values()
        .filter(|o| keep(o) && in_window(o.last_modified_ms, paging.begin, paging.end))
        .collect();
    orders.sort_by(|a, b| (a.last_modified_ms, &a.number).cmp(&(b.last_modified_ms, &b.number)));
    let items = orders.into_iter().map(|o| order_json(&state, o)).collect();
    Ok(envelope(items, &paging))
}

/// Paid orders whose lines still need packing. beginDate/endDate filter on the order's last
/// modification, inclusive [?: the doc does not say which date they filter].
pub(crate) async fn open_orders(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Oms, "orders") {
        return r;
    }
    order_list(&inner, &query, |o| {
        o.paid && o.lines.iter().any(|l| l.status == "Open")
    })
    .unwrap_or_else(|r| r)
}

/// Orders whose payment is awaited (`paymentawaiting`): not yet on the open list.
pub(crate) async fn payment_awaiting_orders(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "orders/paymentawaiting",
    ) {
        return r;
    }
    order_list(&inner, &query, |o| {
        !o.paid && o.lines.iter().any(|l| !l.cancelled())
    })
    .unwrap_or_else(|r| r)
}

/// Orders with at least one cancelled line.
pub(crate) async fn cancelled_orders(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "orders/cancelled",
    ) {
        return r;
    }
    order_list(&inner, &query, |o| o.lines.iter().any(|l| l.cancelled())).unwrap_or_else(|r| r)
}

pub(crate) async fn order_detail(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, number)): Path<(String, String)>,
) -> Response {
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Oms, "orders/detail") {
        return r;
    }
    let state = inner.state();
    match state.orders.get(&number) {
        Some(order) => (StatusCode::OK, Json(order_json(&state, order))).into_response(),
        None => plain_error(StatusCode::NOT_FOUND, "OrderNotFound", "Sipariş bulunamadı"),
    }
}

/// Packages in one status, as a raw array (no envelope) [client]; limit optional here
/// (default 10). Each stage has its own list: `/packages/merchantId/{id}` holds the packages
/// waiting for the carrier only, shipped and delivered ones move to their own lists.
fn package_list(inner: &Inner, query: &Query, status: &str) -> Response {
    let paging = match paging(query, Some(10)) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let state = inner.state();
    let modified = |p: &Package| {
        state
            .orders
            .get(&p.order_number)
            .map_or(p.last_modified_ms, |o| o.last_modified_ms)
    };
    let mut rows: Vec<&Package> = state
        .packages
        .values()
        .filter(|p| p.status == status && in_window(modified(p), paging.begin, paging.end))
        .collect();
    rows.sort_by(|a, b| (modified(a), &a.number).cmp(&(modified(b), &b.number)));
    let page: Vec<Value> = rows
        .into_iter()
        .skip(usize::try_from(paging.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.limit).unwrap_or(usize::MAX))
        .map(|p| package_json(&state, p))
        .collect();
    (StatusCode::OK, Json(Value::Array(page))).into_response()
}

macro_rules! package_list_route {
    ($name:ident, $endpoint:literal, $status:literal) => {
        pub(crate) async fn $name(
            State(inner): State<Arc<Inner>>,
            headers: HeaderMap,
            Path(merchant_id): Path<String>,
            QueryExtract(query): QueryExtract<Query>,
        ) -> Response {
            if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Oms, $endpoint) {
                return r;
            }
            package_list(&inner, &query, $status)
        }
    };
}

package_list_route!(packages, "packages", "Packed");
package_list_route!(shipped_packages, "packages/shipped", "Shipped");
package_list_route!(delivered_packages, "packages/delivered", "Delivered");
package_list_route!(undelivered_packages, "packages/undelivered", "Undelivered");

/// The carrier's last word on a shipped package (`Delivered` or `Undelivered`).
pub(crate) fn finish_delivery(
    state: &mut SimState,
    order_number: &str,
    status: &str,
    now: i64,
) -> Result<(), String> {
    let package = state
        .packages
        .values_mut()
        .find(|p| p.order_number == order_number && p.status == "Shipped")
        .ok_or_else(|| format!("{order_number}: no shipped package"))?;
    package.status = status.to_owned();
    package.last_modified_ms = now;
    let line_ids = package.line_ids.clone();
    if let Some(order) = state.orders.get_mut(order_number) {
        for line in order
            .lines
            .iter_mut()
            .filter(|l| line_ids.contains(&l.line_id) && !l.cancelled())
        {
            line.status = status.to_owned();
        }
        order.last_modified_ms = now;
    }
    Ok(())
}

pub(crate) async fn package_detail(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, number)): Path<(String, String)>,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "packages/detail",
    ) {
        return r;
    }
    let state = inner.state();
    match state.packages.get(&number) {
        Some(p) => (StatusCode::OK, Json(package_json(&state, p))).into_response(),
        None => plain_error(StatusCode::NOT_FOUND, "PackageNotFound", "Paket bulunamadı"),
    }
}

fn body_object(body: &Bytes) -> Result<serde_json::Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(plain_error(
            StatusCode::BAD_REQUEST,
            "InvalidRequest",
            "Gövde bir JSON nesnesi olmalıdır",
        )),
    }
}

/// Packs open lines of one order into a new package: `{lineItems: [lineItemId…], cargoCompany?}`
/// [?: lonca passes `lineItems` and `cargoCompany`; the exact body is in the portal docs].
pub(crate) async fn pack(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "packages/create",
    ) {
        return r;
    }
    let body = match body_object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let ids: Vec<String> = body
        .get("lineItems")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "LineItemsRequired",
            "lineItems en az bir kalem içermelidir",
        );
    }
    let cargo = body
        .get("cargoCompany")
        .and_then(Value::as_str)
        .unwrap_or("Yurtiçi Kargo")
        .to_owned();
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let Some(order_number) = state
        .orders
        .values()
        .find(|o| o.lines.iter().any(|l| l.line_id == ids[0]))
        .map(|o| o.number.clone())
    else {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "LineItemNotFound",
            "Sipariş kalemi bulunamadı",
        );
    };
    let Some(order) = state.orders.get(&order_number) else {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "LineItemNotFound",
            "Sipariş kalemi bulunamadı",
        );
    };
    for id in &ids {
        match order.lines.iter().find(|l| &l.line_id == id) {
            None => {
                return plain_error(
                    StatusCode::BAD_REQUEST,
                    "LineItemNotFound",
                    &format!("{id}: kalem bu siparişte değil"),
                );
            }
            Some(_) if !order.paid => {
                return plain_error(
                    StatusCode::BAD_REQUEST,
                    "OrderPaymentAwaiting",
                    "Ödemesi beklenen sipariş paketlenemez",
                );
            }
            Some(l) if l.status != "Open" => {
                return plain_error(
                    StatusCode::BAD_REQUEST,
                    "LineItemNotPackable",
                    &format!("{id}: kalem paketlenebilir durumda değil ({})", l.status),
                );
            }
            Some(_) => {}
        }
    }
    let number = format!("{}", 5_300_000_000u64 + state.next());
    if let Some(order) = state.orders.get_mut(&order_number) {
        for line in order.lines.iter_mut().filter(|l| ids.contains(&l.line_id)) {
            line.status = "Packed".into();
            line.package_number = Some(number.clone());
        }
        order.last_modified_ms = now;
    }
    state.packages.insert(
        number.clone(),
        Package {
            number: number.clone(),
            order_number: order_number.clone(),
            line_ids: ids,
            status: "Packed".into(),
            invoice_number: None,
            invoice_link: None,
            tracking_number: None,
            cargo_company: cargo,
            last_modified_ms: now,
        },
    );
    inner.writes.record(
        "package.status",
        order_number,
        format!("Packed {number}"),
        now,
    );
    let barcode = format!("HB{number}");
    (
        StatusCode::CREATED,
        Json(json!({ "packageNumber": number, "barcode": barcode })),
    )
        .into_response()
}

fn package_mut<'a>(state: &'a mut SimState, number: &str) -> Result<&'a mut Package, Response> {
    state
        .packages
        .get_mut(number)
        .ok_or_else(|| plain_error(StatusCode::NOT_FOUND, "PackageNotFound", "Paket bulunamadı"))
}

/// A required text field of at most 50 characters, trimmed, or 400 with `code`.
fn short_text(
    body: &serde_json::Map<String, Value>,
    field: &str,
    code: &str,
) -> Result<String, Response> {
    let value = body
        .get(field)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if value.is_empty() || value.chars().count() > 50 {
        return Err(plain_error(
            StatusCode::BAD_REQUEST,
            code,
            &format!("{field} zorunludur (en fazla 50 karakter)"),
        ));
    }
    Ok(value.to_owned())
}

fn touch_order(state: &mut SimState, order_number: &str, now: i64) {
    if let Some(o) = state.orders.get_mut(order_number) {
        o.last_modified_ms = now;
    }
}

/// Adds the invoice to a package: `{serialNumber, invoiceLink}` [?: lonca's spec names
/// serialNumber/rowNumber/invoiceLink; we take the invoice number as `serialNumber`]. The link
/// is required: Hepsiburada wants the invoice link as well as the number (an independent
/// stand-in refused invoices without it).
pub(crate) async fn invoice(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, number)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "packages/invoice",
    ) {
        return r;
    }
    let body = match body_object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let serial = match short_text(&body, "serialNumber", "InvalidInvoice") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let link = body
        .get("invoiceLink")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if !(link.starts_with("https://") || link.starts_with("http://")) || link.len() > 2000 {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "InvalidInvoiceLink",
            "invoiceLink zorunludur (http veya https adresi)",
        );
    }
    let link = link.to_owned();
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let package = match package_mut(&mut state, &number) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if package.status == "Cancelled" {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "PackageCancelled",
            "İptal edilmiş pakete fatura eklenemez",
        );
    }
    if package.invoice_number.as_deref() == Some(serial.as_str())
        && package.invoice_link.as_deref() == Some(link.as_str())
    {
        // The same invoice again changes nothing.
        return StatusCode::OK.into_response();
    }
    package.invoice_number = Some(serial.clone());
    package.invoice_link = Some(link.clone());
    package.last_modified_ms = now;
    let order_number = package.order_number.clone();
    touch_order(&mut state, &order_number, now);
    inner.writes.record(
        "package.status",
        order_number,
        format!("Invoiced {serial} {link}"),
        now,
    );
    StatusCode::OK.into_response()
}

/// Marks a packed package as handed to the carrier: `{trackingNumber}`.
pub(crate) async fn intransit(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path((merchant_id, number)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(r) = inner.guard(
        &headers,
        Some(&merchant_id),
        Service::Oms,
        "packages/intransit",
    ) {
        return r;
    }
    let body = match body_object(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let tracking = match short_text(&body, "trackingNumber", "InvalidTrackingNumber") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let package = match package_mut(&mut state, &number) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if package.status != "Packed" {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "PackageNotInPackedStatus",
            &format!("Paket yola çıkarılamaz: durum {}", package.status),
        );
    }
    package.status = "Shipped".into();
    package.tracking_number = Some(tracking.clone());
    package.last_modified_ms = now;
    let order_number = package.order_number.clone();
    let line_ids = package.line_ids.clone();
    if let Some(order) = state.orders.get_mut(&order_number) {
        for line in order
            .lines
            .iter_mut()
            .filter(|l| line_ids.contains(&l.line_id) && !l.cancelled())
        {
            line.status = "Shipped".into();
        }
        order.last_modified_ms = now;
    }
    inner
        .writes
        .record("package.tracking", order_number, tracking, now);
    StatusCode::OK.into_response()
}

fn claim_json(c: &SimClaim) -> Value {
    json!({
        "claimNumber": c.claim_number,
        "orderNumber": c.order_number,
        "lineItemId": c.line_id,
        "merchantSku": c.merchant_sku,
        "quantity": c.quantity,
        "reason": c.reason,
        "status": c.status,
        "createdAt": format_date(c.created_at_ms),
        "lastModifiedDate": format_date(c.last_modified_ms),
    })
}

/// Claims in the window (on their last modification, inclusive); `limit` is required
/// (400 LimitCannotBeEmpty) [client].
pub(crate) async fn claims(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(merchant_id): Path<String>,
    QueryExtract(query): QueryExtract<Query>,
) -> Response {
    if let Err(r) = inner.guard(&headers, Some(&merchant_id), Service::Oms, "claims") {
        return r;
    }
    let paging = match paging(&query, None) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let state = inner.state();
    let mut rows: Vec<&SimClaim> = state
        .claims
        .values()
        .filter(|c| in_window(c.last_modified_ms, paging.begin, paging.end))
        .collect();
    rows.sort_by(|a, b| {
        (a.last_modified_ms, &a.claim_number).cmp(&(b.last_modified_ms, &b.claim_number))
    });
    envelope(rows.into_iter().map(claim_json).collect(), &paging)
}

pub(crate) async fn accept_claim(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Oms, "claims/accept") {
        return r;
    }
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let Some(claim) = state.claims.get_mut(&number) else {
        return plain_error(StatusCode::NOT_FOUND, "ClaimNotFound", "Talep bulunamadı");
    };
    match claim.status.as_str() {
        "NewRequest" | "AwaitingAction" => {
            claim.status = "Accepted".into();
            claim.last_modified_ms = now;
            inner
                .writes
                .record("claim.approve", number, "Accepted", now);
            StatusCode::OK.into_response()
        }
        "Accepted" => plain_error(
            StatusCode::BAD_REQUEST,
            "ClaimAlreadyAccepted",
            "Talep zaten kabul edilmiş",
        ),
        "AwaitingPreApproval" => plain_error(
            StatusCode::BAD_REQUEST,
            "ClaimAwaitingPreApproval",
            "Talep önce ön onay bekliyor (preapprovalconfirm)",
        ),
        other => plain_error(
            StatusCode::BAD_REQUEST,
            "ClaimNotAcceptable",
            &format!("Talep bu durumda kabul edilemez: {other}"),
        ),
    }
}

/// The merchant pre-approves a claim waiting for it; the return then proceeds as a new
/// request.
pub(crate) async fn preapprove_claim(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    if let Err(r) = inner.guard(&headers, None, Service::Oms, "claims/preapprovalconfirm") {
        return r;
    }
    let now = inner.clock.now_ms();
    let mut state = inner.state();
    let Some(claim) = state.claims.get_mut(&number) else {
        return plain_error(StatusCode::NOT_FOUND, "ClaimNotFound", "Talep bulunamadı");
    };
    if claim.status != "AwaitingPreApproval" && inner.writes.count("claim.preapprove", &number) > 0
    {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "ClaimAlreadyPreApproved",
            "Talep zaten ön onaylı",
        );
    }
    if claim.status != "AwaitingPreApproval" {
        return plain_error(
            StatusCode::BAD_REQUEST,
            "ClaimNotAwaitingPreApproval",
            &format!("Talep ön onay beklemiyor: {}", claim.status),
        );
    }
    claim.status = "NewRequest".into();
    claim.last_modified_ms = now;
    inner
        .writes
        .record("claim.preapprove", number, "NewRequest", now);
    StatusCode::OK.into_response()
}
