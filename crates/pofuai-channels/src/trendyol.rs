//! Trendyol connector: speaks the seller API of §1 of `shared/reference/platform-apis.md`
//! (`/integration/{area}/sellers/{sellerId}/...`, Basic auth, the mandatory
//! `"{sellerId} - {Integrator}"` User-Agent).
//!
//! Decisions worth knowing:
//! - `push_products` decides create vs update BEFORE sending, by asking `existing_products`
//!   which barcodes Trendyol already holds: new barcodes go to the v1 create (POST), known ones
//!   to the v1 update (PUT). Each item goes to exactly one of the two, so an update never
//!   repeats a create. The ticket names both batches. (The alternative, create everything and
//!   re-send "already exists" failures as updates, would put a write inside the batch poll,
//!   which callers repeat freely.) After a lost answer, the caller's retry finds the barcodes
//!   created and sends them as updates, never as a second create.
//! - v1 update changes information only; price and stock go through `push_price_stock`.
//! - `orders` pages `GET .../orders` by last modification ascending; the cursor is
//!   `"{startDate}:{page}"` so that paging can re-anchor past the 10,000-record page cap.
//! - `orderDate` is GMT+3 wall-clock milliseconds ([`order_date_utc`] turns it into the
//!   instant); `lastModifiedDate` and the query windows are plain epoch milliseconds.

mod rules;
mod wire;

pub use rules::{is_duplicate_create, listing_problems};

use std::collections::HashSet;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::{ChannelError, Endpoint, model::*};
use wire::{id_text, id_value, json_minor, minor_json};

/// The message Trendyol answers to an identical price-and-inventory body within 15 minutes.
const DUPLICATE_MARKER: &str = "15 dakika boyunca aynı isteği tekrarlı";
/// Largest page the order, claim and product listings take.
const PAGE_SIZE: i64 = 200;
/// Page paging reaches at most this many records.
const PAGE_CAP: i64 = 10_000;
/// Trendyol requires a carrier on create; the seller's setting, else 17 = Trendyol Express.
pub const DEFAULT_CARGO_COMPANY_ID: i64 = 17;
const MAX_ITEMS: usize = 1000;
/// Questions per page: Trendyol's maximum (default 20, at most 50).
const QUESTION_PAGE: i64 = 50;
/// The question filter's widest window: two weeks.
pub const QUESTION_WINDOW_MS: i64 = 14 * 24 * 3_600_000;
/// Answer length bounds Trendyol documents (10 to 2000 characters).
const ANSWER_MIN: usize = 10;
const ANSWER_MAX: usize = 2000;
/// Looking a question up again: the window around its creation time, and pages read at most.
const FIND_SLACK_MS: i64 = 60_000;
const FIND_PAGES: usize = 20;
/// 50 requests per 10 s to one endpoint, spread evenly, with 5 % to spare for the network.
const PACE: std::time::Duration = std::time::Duration::from_millis(210);

#[derive(Clone)]
pub struct Trendyol {
    base_url: String,
    seller_id: String,
    client: reqwest::Client,
    cargo_company_id: i64,
    pacer: std::sync::Arc<dyn crate::pacer::PaceGate>,
}

impl std::fmt::Debug for Trendyol {
    // The client holds the Authorization header: it is never formatted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trendyol")
            .field("base_url", &self.base_url)
            .field("seller_id", &self.seller_id)
            .finish_non_exhaustive()
    }
}

fn invalid(message: impl Into<String>) -> ChannelError {
    ChannelError::Invalid(message.into())
}

fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ChannelError> {
    serde_json::from_str(body).map_err(|e| {
        let snippet: String = body.chars().take(200).collect();
        ChannelError::Protocol(format!("{e}: {snippet}"))
    })
}

/// A path segment we put into a URL must not be able to change the path.
fn segment(name: &str, value: &str) -> Result<String, ChannelError> {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Ok(value.to_owned())
    } else {
        Err(invalid(format!(
            "{name} is not a valid Trendyol id: {value:?}"
        )))
    }
}

fn status_of(word: &str) -> OrderStatus {
    match word {
        "Awaiting" => OrderStatus::Awaiting,
        "Created" => OrderStatus::Created,
        "Picking" => OrderStatus::Picking,
        "Invoiced" => OrderStatus::Invoiced,
        "Shipped" => OrderStatus::Shipped,
        "Delivered" => OrderStatus::Delivered,
        "UnDelivered" => OrderStatus::Undelivered,
        // UnSupplied: the seller could not supply it; for us it is a cancellation.
        "Cancelled" | "UnSupplied" => OrderStatus::Cancelled,
        "Returned" => OrderStatus::Returned,
        _ => OrderStatus::Other,
    }
}

/// Trendyol's `orderDate` is an epoch-millisecond number of the Istanbul wall clock ("GMT+3"
/// in platform-apis.md §1 Orders), three hours ahead of the true instant; `lastModifiedDate`
/// and the query windows are true epoch milliseconds. Turkey keeps +03:00 all year.
const ORDER_DATE_SHIFT_MS: i64 = 3 * 3_600_000;

/// The true instant of a package's `orderDate`.
pub fn order_date_utc(order_date: i64) -> i64 {
    order_date - ORDER_DATE_SHIFT_MS
}

fn line_cancelled(word: Option<&str>) -> bool {
    matches!(word, Some("Cancelled" | "UnSupplied"))
}

/// Reads a webhook delivery: Trendyol posts the whole shipment package, in the shape of one
/// `content[]` item of the orders list.
pub fn webhook_package(body: &str) -> Result<RemotePackage, ChannelError> {
    package_of(parse(body)?)
}

fn package_of(p: wire::Package) -> Result<RemotePackage, ChannelError> {
    let platform_status = p.status();
    let lines = p
        .lines
        .iter()
        .map(|l| {
            Ok(RemoteLine {
                line_id: id_text(&l.id),
                barcode: l.barcode.clone().unwrap_or_default(),
                stock_code: l.merchant_sku.clone().filter(|s| !s.is_empty()),
                quantity: l.quantity,
                unit_price_minor: l.price.as_ref().map(json_minor).transpose()?.unwrap_or(0),
                cancelled: line_cancelled(l.order_line_item_status_name.as_deref()),
            })
        })
        .collect::<Result<Vec<_>, ChannelError>>()?;
    let total = p.total_price.as_ref().or(p.gross_amount.as_ref());
    let order_date = p.order_date.map(order_date_utc);
    let customer_name = [
        p.customer_first_name.as_deref().unwrap_or(""),
        p.customer_last_name.as_deref().unwrap_or(""),
    ]
    .join(" ")
    .trim()
    .to_owned();
    Ok(RemotePackage {
        package_id: id_text(&p.id),
        order_number: id_text(&p.order_number),
        status: status_of(&platform_status),
        platform_status,
        customer_name,
        total_minor: total.map(json_minor).transpose()?.unwrap_or(0),
        currency: p.currency_code.clone().unwrap_or_else(|| "TRY".into()),
        ordered_at_ms: order_date.unwrap_or(0),
        last_modified_ms: p.last_modified_date.or(order_date).unwrap_or(0),
        cargo_tracking_number: p
            .cargo_tracking_number
            .as_ref()
            .map(id_text)
            .filter(|t| !t.is_empty()),
        lines,
    })
}

fn claim_of(c: wire::Claim) -> RemoteClaim {
    let mut lines = Vec::new();
    for line in &c.items {
        let barcode = line
            .order_line
            .as_ref()
            .and_then(|o| o.barcode.clone())
            .unwrap_or_default();
        for item in &line.claim_items {
            lines.push(RemoteClaimLine {
                claim_line_id: id_text(&item.id),
                barcode: barcode.clone(),
                // Trendyol opens one claim item per returned unit.
                quantity: 1,
                reason: item
                    .customer_claim_item_reason
                    .as_ref()
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
                status: item
                    .claim_item_status
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            });
        }
    }
    // The claim's status: the one its items share, else the first still waiting for the seller.
    let status = match lines.first() {
        None => String::new(),
        Some(first) if lines.iter().all(|l| l.status == first.status) => first.status.clone(),
        Some(first) => lines
            .iter()
            .find(|l| matches!(l.status.as_str(), "Created" | "WaitingInAction"))
            .unwrap_or(first)
            .status
            .clone(),
    };
    let created = c.claim_date.unwrap_or(0);
    RemoteClaim {
        claim_id: id_text(&c.id),
        order_number: c.order_number.as_ref().map(id_text).unwrap_or_default(),
        status,
        created_at_ms: created,
        last_modified_ms: c.last_modified_date.unwrap_or(created),
        lines,
    }
}

fn product_item(item: &ListingItem, cargo_company_id: i64) -> Value {
    let attributes: Vec<Value> = item
        .attributes
        .iter()
        .map(|a| match &a.value_id {
            Some(value_id) => json!({
                "attributeId": id_value(&a.attribute_id),
                "attributeValueId": id_value(value_id),
            }),
            None => json!({
                "attributeId": id_value(&a.attribute_id),
                "customAttributeValue": a.value,
            }),
        })
        .collect();
    let currency = if item.currency.trim().is_empty() {
        "TRY"
    } else {
        item.currency.as_str()
    };
    json!({
        "barcode": item.barcode,
        "title": item.title,
        "productMainId": item.group_code,
        "brandId": id_value(&item.brand.id),
        "categoryId": id_value(&item.category_id),
        "quantity": item.quantity,
        "stockCode": item.stock_code,
        "dimensionalWeight": item.dimensional_weight,
        "description": item.description,
        "currencyType": currency,
        "listPrice": minor_json(item.list_price_minor),
        "salePrice": minor_json(item.sale_price_minor),
        "vatRate": item.vat_rate,
        "cargoCompanyId": cargo_company_id,
        // Trendyol takes at most 8 images; the rest are cut here.
        "images": item.images.iter().take(8).map(|u| json!({ "url": u })).collect::<Vec<_>>(),
        "attributes": attributes,
    })
}

/// Where a package stands on the seller's path, to tell whether a push already happened.
fn progress(status: &str) -> Option<u8> {
    match status {
        "Created" => Some(0),
        "Picking" => Some(1),
        "Invoiced" => Some(2),
        "Shipped" | "AtCollectionPoint" => Some(3),
        "Delivered" => Some(4),
        _ => None,
    }
}

impl Trendyol {
    pub fn new(endpoint: Endpoint) -> Result<Self, ChannelError> {
        let integrator = endpoint.integrator.trim();
        if integrator.is_empty()
            || integrator.chars().count() > 30
            || !integrator.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(invalid(
                "the Trendyol integrator name must be 1-30 letters or digits",
            ));
        }
        let seller_id = segment("seller id", endpoint.seller_id.trim())?;
        let mut headers = HeaderMap::new();
        let user_agent = HeaderValue::from_str(&format!("{seller_id} - {integrator}"))
            .map_err(|_| invalid("the User-Agent is not a valid header"))?;
        headers.insert(USER_AGENT, user_agent);
        use base64::Engine;
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", endpoint.username, endpoint.password));
        let mut auth = HeaderValue::from_str(&format!("Basic {token}"))
            .map_err(|_| invalid("the credentials cannot be sent in a header"))?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        let client = endpoint
            .client_builder()?
            .default_headers(headers)
            .build()
            .map_err(|e| invalid(format!("cannot build the HTTP client: {e}")))?;
        Ok(Trendyol {
            base_url: endpoint.base_url.trim_end_matches('/').to_owned(),
            seller_id,
            client,
            cargo_company_id: DEFAULT_CARGO_COMPANY_ID,
            pacer: crate::pacer::LocalPacer::process(),
        })
    }

    /// Where request turns come from; by default this process's pacer. Nodes sharing a
    /// database pass a gate backed by it so that together they stay under the limit.
    pub fn with_pacer(mut self, pacer: std::sync::Arc<dyn crate::pacer::PaceGate>) -> Self {
        self.pacer = pacer;
        self
    }

    /// The carrier (`cargoCompanyId`) new products are created with: the seller's setting.
    pub fn with_cargo_company_id(mut self, id: i64) -> Self {
        self.cargo_company_id = id;
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn seller_url(&self, area: &str, rest: &str) -> String {
        format!(
            "{}/integration/{area}/sellers/{}{rest}",
            self.base_url, self.seller_id
        )
    }

    fn request(&self, method: Method, url: String) -> RequestBuilder {
        self.client.request(method, url)
    }

    /// Sends, and maps every non-success answer to a ChannelError.
    async fn send(&self, request: RequestBuilder) -> Result<String, ChannelError> {
        let request = request
            .build()
            .map_err(|e| invalid(format!("cannot build the request: {}", e.without_url())))?;
        // Trendyol: at most 50 requests per 10 s to one endpoint, per seller; keep under it
        // ourselves. The seller is part of the key: the ids in the path are not.
        let endpoint = crate::pacer::endpoint_of(request.url().path());
        let key = format!(
            "trendyol:{}:{}:{}:{endpoint}",
            self.base_url,
            self.seller_id,
            request.method()
        );
        self.pacer.wait_turn(&key, PACE).await;
        let response = self
            .client
            .execute(request)
            .await
            .map_err(ChannelError::from_transport)?;
        let status = response.status();
        let retry_after = crate::error::retry_after(response.headers());
        let body = response
            .text()
            .await
            .map_err(ChannelError::from_transport)?;
        if status.is_success() {
            return Ok(body);
        }
        if body.contains(DUPLICATE_MARKER) {
            return Err(ChannelError::Duplicate(
                "15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!".into(),
            ));
        }
        Err(ChannelError::from_status(status, retry_after, &body))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        url: String,
        query: &[(&str, String)],
    ) -> Result<T, ChannelError> {
        let body = self
            .send(self.request(Method::GET, url).query(query))
            .await?;
        parse(&body)
    }

    pub async fn test(&self) -> Result<(), ChannelError> {
        let url = format!(
            "{}/integration/sellers/{}/addresses",
            self.base_url, self.seller_id
        );
        self.send(self.request(Method::GET, url)).await.map(|_| ())
    }

    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, ChannelError> {
        let tree: wire::CategoryTree = self
            .get(self.url("/integration/product/product-categories"), &[])
            .await?;
        fn walk(node: &wire::CategoryNode, parent: Option<String>, out: &mut Vec<RemoteCategory>) {
            let id = id_text(&node.id);
            out.push(RemoteCategory {
                id: id.clone(),
                name: node.name.clone(),
                parent_id: parent,
                leaf: node.sub_categories.is_empty(),
            });
            for child in &node.sub_categories {
                walk(child, Some(id.clone()), out);
            }
        }
        let mut out = Vec::new();
        for root in &tree.categories {
            walk(root, None, &mut out);
        }
        Ok(out)
    }

    pub async fn category_attributes(
        &self,
        category_id: &str,
    ) -> Result<Vec<RemoteAttribute>, ChannelError> {
        let id = segment("category id", category_id)?;
        let answer: wire::CategoryAttributes = self
            .get(
                self.url(&format!(
                    "/integration/product/product-categories/{id}/attributes"
                )),
                &[],
            )
            .await?;
        Ok(answer
            .category_attributes
            .into_iter()
            .map(|a| RemoteAttribute {
                id: id_text(&a.attribute.id),
                name: a.attribute.name,
                required: a.required,
                allow_custom: a.allow_custom,
                values: a
                    .attribute_values
                    .into_iter()
                    .map(|v| RemoteAttributeValue {
                        id: id_text(&v.id),
                        name: v.name,
                    })
                    .collect(),
            })
            .collect())
    }

    pub async fn brand(&self, name: &str) -> Result<Option<RemoteBrand>, ChannelError> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let found: Result<Vec<wire::Named>, ChannelError> = self
            .get(
                self.url("/integration/product/brands/by-name"),
                &[("name", name.to_owned())],
            )
            .await;
        let found = match found {
            Ok(found) => found,
            Err(ChannelError::Rejected { code, .. }) if code == "404" => return Ok(None),
            Err(e) => return Err(e),
        };
        // The lookup may answer near matches; only the exact name (ignoring case) counts.
        let wanted = name.to_lowercase();
        Ok(found
            .into_iter()
            .find(|b| b.name.trim().to_lowercase() == wanted)
            .map(|b| RemoteBrand {
                id: id_text(&b.id),
                name: b.name,
            }))
    }

    async fn start_batch(
        &self,
        method: Method,
        url: String,
        items: Vec<Value>,
    ) -> Result<String, ChannelError> {
        let body = self
            .send(self.request(method, url).json(&json!({ "items": items })))
            .await?;
        let answer: wire::BatchAnswer = parse(&body)?;
        segment("batchRequestId", &answer.batch_request_id)
    }

    pub async fn push_products(&self, items: &[ListingItem]) -> Result<BatchTicket, ChannelError> {
        if items.is_empty() {
            return Err(invalid("no products to push"));
        }
        if items.len() > MAX_ITEMS {
            return Err(invalid(format!(
                "Trendyol takes at most {MAX_ITEMS} products per request, got {}",
                items.len()
            )));
        }
        // Ask the platform only about items the caller cannot vouch for.
        let unknown: Vec<String> = items
            .iter()
            .filter(|i| i.listed.is_none())
            .map(|i| i.barcode.clone())
            .collect();
        let existing: HashSet<String> = if unknown.is_empty() {
            HashSet::new()
        } else {
            self.existing_products(&unknown)
                .await?
                .into_iter()
                .collect()
        };
        let (updates, creates): (Vec<&ListingItem>, Vec<&ListingItem>) = items
            .iter()
            .partition(|i| i.listed.unwrap_or_else(|| existing.contains(&i.barcode)));
        let url = self.seller_url("product", "/products");
        let mut parts = Vec::new();
        if !creates.is_empty() {
            let body = creates
                .iter()
                .map(|i| product_item(i, self.cargo_company_id))
                .collect();
            let id = self.start_batch(Method::POST, url.clone(), body).await?;
            parts.push(format!("create:{id}"));
        }
        if !updates.is_empty() {
            let body = updates
                .iter()
                .map(|i| product_item(i, self.cargo_company_id))
                .collect();
            let id = self.start_batch(Method::PUT, url, body).await?;
            parts.push(format!("update:{id}"));
        }
        Ok(BatchTicket(parts.join(" ")))
    }

    async fn poll(&self, batch_id: &str) -> Result<(bool, Vec<ItemOutcome>), ChannelError> {
        let id = segment("batchRequestId", batch_id)?;
        let result: wire::BatchResult = self
            .get(
                self.seller_url("product", &format!("/products/batch-requests/{id}")),
                &[],
            )
            .await?;
        let done = matches!(result.status.as_deref(), Some("COMPLETED" | "FAILED"));
        if !done {
            return Ok((false, Vec::new()));
        }
        let items = result
            .items
            .iter()
            .map(|item| {
                let ok = item.status.as_deref() == Some("SUCCESS");
                let mut errors = item.reasons();
                if !ok && errors.is_empty() {
                    errors.push(format!(
                        "status {}",
                        item.status.as_deref().unwrap_or("unknown")
                    ));
                }
                ItemOutcome {
                    key: item.barcode(),
                    ok,
                    remote_id: None,
                    errors,
                    channel_managed: false,
                }
            })
            .collect();
        Ok((true, items))
    }

    pub async fn product_batch(&self, ticket: &BatchTicket) -> Result<BatchOutcome, ChannelError> {
        let mut done = true;
        let mut items = Vec::new();
        for part in ticket.0.split_whitespace() {
            let id = part
                .strip_prefix("create:")
                .or_else(|| part.strip_prefix("update:"))
                .unwrap_or(part);
            let (part_done, part_items) = self.poll(id).await?;
            done &= part_done;
            items.extend(part_items);
        }
        if !done {
            items.clear();
        }
        Ok(BatchOutcome { done, items })
    }

    /// Which barcodes Trendyol holds. Reads the first catalogue page to learn its size, then
    /// either pages through the whole catalogue or asks barcode by barcode, whichever takes
    /// fewer requests (both count against filterProducts' rate limit).
    pub async fn existing_products(&self, keys: &[String]) -> Result<Vec<String>, ChannelError> {
        let mut wanted: Vec<&String> = Vec::new();
        let mut seen = HashSet::new();
        for key in keys {
            if seen.insert(key.as_str()) {
                wanted.push(key);
            }
        }
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let url = self.seller_url("product", "/products");
        let page = |n: i64| vec![("page", n.to_string()), ("size", PAGE_SIZE.to_string())];
        let first: wire::Page<wire::ProductRow> = self.get(url.clone(), &page(0)).await?;
        let mut found: HashSet<String> = HashSet::new();
        if first.total_elements == 0 {
            return Ok(Vec::new());
        }
        let remaining_pages = usize::try_from(first.total_pages.saturating_sub(1)).unwrap_or(0);
        if remaining_pages <= wanted.len() {
            found.extend(first.content.into_iter().map(|p| p.barcode));
            for n in 1..first.total_pages {
                let next: wire::Page<wire::ProductRow> = self.get(url.clone(), &page(n)).await?;
                found.extend(next.content.into_iter().map(|p| p.barcode));
            }
        } else {
            for key in &wanted {
                let one: wire::Page<wire::ProductRow> = self
                    .get(
                        url.clone(),
                        &[
                            ("barcode", (*key).clone()),
                            ("page", "0".into()),
                            ("size", "1".into()),
                        ],
                    )
                    .await?;
                found.extend(one.content.into_iter().map(|p| p.barcode));
            }
        }
        Ok(wanted
            .into_iter()
            .filter(|k| found.contains(k.as_str()))
            .cloned()
            .collect())
    }

    pub async fn push_price_stock(&self, rows: &[PriceStock]) -> Result<BatchTicket, ChannelError> {
        if rows.is_empty() {
            return Err(invalid("no price or stock rows to push"));
        }
        if rows.len() > MAX_ITEMS {
            return Err(invalid(format!(
                "Trendyol takes at most {MAX_ITEMS} price/stock rows per request, got {}",
                rows.len()
            )));
        }
        let items = rows
            .iter()
            .map(|r| {
                json!({
                    "barcode": r.barcode,
                    "quantity": r.quantity,
                    "salePrice": minor_json(r.sale_price_minor),
                    "listPrice": minor_json(r.list_price_minor),
                })
            })
            .collect();
        let id = self
            .start_batch(
                Method::POST,
                self.seller_url("inventory", "/products/price-and-inventory"),
                items,
            )
            .await?;
        Ok(BatchTicket(id))
    }

    pub async fn price_stock_batch(
        &self,
        ticket: &BatchTicket,
    ) -> Result<BatchOutcome, ChannelError> {
        let (done, items) = self.poll(ticket.0.trim()).await?;
        Ok(BatchOutcome { done, items })
    }

    pub async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, ChannelError> {
        if query.modified_to_ms <= query.modified_from_ms {
            return Err(invalid("the order window is empty"));
        }
        let (start, page) = match &query.cursor {
            None => (query.modified_from_ms, 0),
            Some(cursor) => {
                let (start, page) = cursor
                    .split_once(':')
                    .ok_or_else(|| invalid(format!("not a Trendyol order cursor: {cursor}")))?;
                let start: i64 = start
                    .parse()
                    .map_err(|_| invalid(format!("not a Trendyol order cursor: {cursor}")))?;
                let page: i64 = page
                    .parse()
                    .map_err(|_| invalid(format!("not a Trendyol order cursor: {cursor}")))?;
                (start, page)
            }
        };
        // Our reading of the platform: with orderByField=PackageLastModifiedDate, startDate and
        // endDate bound the package's LAST MODIFICATION (inclusive both ends), not its order
        // date. OrderQuery's upper bound is exclusive, hence the -1.
        let params = vec![
            ("startDate", start.to_string()),
            ("endDate", (query.modified_to_ms - 1).to_string()),
            ("page", page.to_string()),
            ("size", PAGE_SIZE.to_string()),
            ("orderByField", "PackageLastModifiedDate".to_owned()),
            ("orderByDirection", "ASC".to_owned()),
        ];
        let answer: wire::Page<wire::Package> = self
            .get(self.seller_url("order", "/orders"), &params)
            .await?;
        let total_pages = answer.total_pages;
        let packages = answer
            .content
            .into_iter()
            .map(package_of)
            .collect::<Result<Vec<_>, _>>()?;
        let next = if answer.page + 1 >= total_pages || packages.is_empty() {
            None
        } else if (page + 2) * PAGE_SIZE > PAGE_CAP {
            // The next page would pass the 10,000-record cap: start a new window at the last
            // modification seen. Packages modified in that same millisecond come again; the
            // caller upserts by package id, so repeats are harmless.
            let last = packages.last().map_or(start, |p| p.last_modified_ms);
            if last <= start {
                return Err(ChannelError::Protocol(
                    "more than 10,000 packages share one modification time".into(),
                ));
            }
            Some(format!("{last}:0"))
        } else {
            Some(format!("{start}:{}", page + 1))
        };
        Ok(OrderPage {
            packages,
            next,
            problems: Vec::new(),
        })
    }

    /// The package as Trendyol holds it now, by id.
    async fn current_status(&self, package_id: &str) -> Result<Option<String>, ChannelError> {
        let answer: wire::Page<wire::Package> = self
            .get(
                self.seller_url("order", "/orders"),
                &[
                    ("shipmentPackageIds", package_id.to_owned()),
                    ("page", "0".into()),
                    ("size", "1".into()),
                ],
            )
            .await?;
        Ok(answer.content.first().map(wire::Package::status))
    }

    pub async fn update_status(
        &self,
        package: &RemotePackage,
        status: &StatusPush,
    ) -> Result<(), ChannelError> {
        let id = segment("package id", &package.package_id)?;
        let lines: Vec<Value> = package
            .lines
            .iter()
            .filter(|l| !l.cancelled)
            .map(|l| json!({ "lineId": id_value(&l.line_id), "quantity": l.quantity }))
            .collect();
        if lines.is_empty() {
            return Err(invalid("the package has no active lines"));
        }
        let (word, params) = match status {
            StatusPush::Picking => ("Picking", json!({})),
            // invoiceNumber is optional on Trendyol; the link goes through seller-invoice-links.
            StatusPush::Invoiced { invoice_number, .. } => match invoice_number
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                Some(n) => ("Invoiced", json!({ "invoiceNumber": n })),
                None => ("Invoiced", json!({})),
            },
        };
        let body = json!({ "lines": lines, "params": params, "status": word });
        let sent = self
            .send(
                self.request(
                    Method::PUT,
                    self.seller_url("order", &format!("/shipment-packages/{id}")),
                )
                .json(&body),
            )
            .await;
        match sent {
            Ok(_) => Ok(()),
            // Trendyol refuses a push from the wrong status with 400. When our earlier push
            // took effect but its answer was lost, the package is already there: that is
            // success, not a refusal.
            Err(ChannelError::Rejected { code, message }) if code == "400" => {
                let now = self.current_status(&id).await?;
                let reached = now
                    .as_deref()
                    .and_then(progress)
                    .zip(progress(word))
                    .is_some_and(|(now, target)| now >= target);
                if reached {
                    Ok(())
                } else {
                    Err(ChannelError::Rejected { code, message })
                }
            }
            Err(e) => Err(e),
        }
    }

    pub async fn update_tracking(
        &self,
        package: &RemotePackage,
        tracking_number: &str,
    ) -> Result<(), ChannelError> {
        let id = segment("package id", &package.package_id)?;
        let tracking = tracking_number.trim();
        if tracking.is_empty() {
            return Err(invalid("empty tracking number"));
        }
        self.send(
            self.request(
                Method::PUT,
                self.seller_url(
                    "order",
                    &format!("/shipment-packages/{id}/update-tracking-number"),
                ),
            )
            .json(&json!({ "trackingNumber": tracking })),
        )
        .await
        .map(|_| ())
    }

    /// Buyers' questions created in the window (`GET /integration/qna/sellers/{id}/questions/filter`),
    /// oldest first; the cursor is the page number.
    pub async fn questions(&self, query: &QuestionQuery) -> Result<QuestionPage, ChannelError> {
        if query.to_ms <= query.from_ms {
            return Err(invalid("the question window is empty"));
        }
        let page: i64 = match &query.cursor {
            None => 0,
            Some(c) => c
                .parse()
                .map_err(|_| invalid(format!("not a Trendyol question cursor: {c}")))?,
        };
        if query.to_ms - query.from_ms > QUESTION_WINDOW_MS {
            return Err(invalid("the question window is longer than two weeks"));
        }
        let mut params = vec![
            ("supplierId", self.seller_id.clone()),
            ("startDate", query.from_ms.to_string()),
            ("endDate", (query.to_ms - 1).to_string()),
            ("page", page.to_string()),
            ("size", QUESTION_PAGE.to_string()),
            ("orderByField", "CreatedDate".to_string()),
            ("orderByDirection", "ASC".to_string()),
        ];
        if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
            params.push(("status", status.to_owned()));
        }
        if let Some(barcode) = query.barcode.as_deref().filter(|s| !s.is_empty()) {
            params.push(("barcode", barcode.to_owned()));
        }
        let answer: wire::Page<wire::Question> = self
            .get(self.seller_url("qna", "/questions/filter"), &params)
            .await?;
        let questions = answer
            .content
            .into_iter()
            .map(|q| RemoteQuestion {
                id: id_text(&q.id),
                barcode: q.barcode.filter(|b| !b.is_empty()),
                product_name: q.product_name.unwrap_or_default(),
                text: q.text.unwrap_or_default(),
                status: q.status.unwrap_or_default(),
                created_at_ms: q.creation_date.unwrap_or(0),
                answer: q.answer.and_then(|a| a.text),
            })
            .collect();
        let next = (page + 1 < answer.total_pages).then(|| (page + 1).to_string());
        Ok(QuestionPage { questions, next })
    }

    /// The question `question_id` as the platform holds it now, found through the filter
    /// (the documented way to read questions) around the time it was asked, and by its
    /// barcode when known; None when the platform does not list it there.
    pub async fn find_question(
        &self,
        question_id: &str,
        asked_at_ms: i64,
        barcode: Option<&str>,
    ) -> Result<Option<RemoteQuestion>, ChannelError> {
        let mut query = QuestionQuery {
            from_ms: asked_at_ms - FIND_SLACK_MS,
            to_ms: asked_at_ms + FIND_SLACK_MS,
            status: None,
            barcode: barcode.map(str::to_owned),
            cursor: None,
        };
        for _ in 0..FIND_PAGES {
            let page = self.questions(&query).await?;
            if let Some(q) = page.questions.into_iter().find(|q| q.id == question_id) {
                return Ok(Some(q));
            }
            match page.next {
                Some(next) => query.cursor = Some(next),
                None => break,
            }
        }
        Ok(None)
    }

    /// Answers a question (`POST .../questions/{id}/answers` with `{"text"}`, 10 to 2000
    /// characters; only a question `WAITING_FOR_ANSWER` takes one).
    pub async fn answer_question(&self, question_id: &str, text: &str) -> Result<(), ChannelError> {
        let id = segment("question id", question_id)?;
        let text = text.trim();
        let length = text.chars().count();
        if !(ANSWER_MIN..=ANSWER_MAX).contains(&length) {
            return Err(invalid(format!(
                "text: the answer must be {ANSWER_MIN} to {ANSWER_MAX} characters"
            )));
        }
        self.send(
            self.request(
                Method::POST,
                self.seller_url("qna", &format!("/questions/{id}/answers")),
            )
            .json(&json!({ "text": text })),
        )
        .await
        .map(|_| ())
    }

    pub async fn claims(&self, query: &OrderQuery) -> Result<ClaimPage, ChannelError> {
        if query.modified_to_ms <= query.modified_from_ms {
            return Err(invalid("the claim window is empty"));
        }
        let page: i64 = match &query.cursor {
            None => 0,
            Some(c) => c
                .parse()
                .map_err(|_| invalid(format!("not a Trendyol claim cursor: {c}")))?,
        };
        let answer: wire::Page<wire::Claim> = self
            .get(
                self.seller_url("order", "/claims"),
                &[
                    ("startDate", query.modified_from_ms.to_string()),
                    ("endDate", (query.modified_to_ms - 1).to_string()),
                    ("page", page.to_string()),
                    ("size", PAGE_SIZE.to_string()),
                ],
            )
            .await?;
        let next = (answer.page + 1 < answer.total_pages && !answer.content.is_empty())
            .then(|| (page + 1).to_string());
        Ok(ClaimPage {
            claims: answer.content.into_iter().map(claim_of).collect(),
            next,
        })
    }

    /// Approves `line_ids` (claim line item ids) of the claim; an empty list approves every
    /// item still waiting for the seller.
    pub async fn approve_claim(
        &self,
        claim: &RemoteClaim,
        line_ids: &[String],
    ) -> Result<(), ChannelError> {
        let id = segment("claim id", &claim.claim_id)?;
        let ids: Vec<String> = if line_ids.is_empty() {
            claim
                .lines
                .iter()
                .filter(|l| matches!(l.status.as_str(), "Created" | "WaitingInAction"))
                .map(|l| l.claim_line_id.clone())
                .collect()
        } else {
            line_ids.to_vec()
        };
        if ids.is_empty() {
            return Err(invalid("no claim items to approve"));
        }
        self.send(
            self.request(
                Method::PUT,
                self.seller_url("order", &format!("/claims/{id}/items/approve")),
            )
            .json(&json!({ "claimLineItemIdList": ids, "params": {} })),
        )
        .await
        .map(|_| ())
    }
}
