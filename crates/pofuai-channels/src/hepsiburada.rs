//! Hepsiburada connector (platform-apis.md §2).
//!
//! Hosts: Hepsiburada runs one host per service (catalogue on mpop, price and stock on
//! listing-external, orders, packages and claims on oms-external). When `base_url` is exactly
//! `https://hepsiburada.com` the production hosts are used, when it is `sit` the SIT (sandbox)
//! hosts; any other `base_url` (e.g. the local simulator, which serves every service on one
//! listener) is used for all services and the service paths are appended to it.
//!
//! Auth: HTTP Basic `username:password` and a User-Agent holding the bare integrator name (the
//! Trendyol-style `"{merchantId} - name"` was refused on some SIT services). The merchantId
//! goes in paths.
//!
//! Model choices:
//! - The neutral key of an item is its `merchantSku` ([`ListingItem::stock_code`]).
//! - Hepsiburada listings have one price: `sale_price_minor` is sent, `list_price_minor` is not.
//! - Brands travel by name (`Marka`); the platform doc has no brand lookup, so [`Hepsiburada::brand`]
//!   accepts any non-empty name and the import reports an unknown brand per item.
//! - [`RemotePackage::package_id`] is the ORDER NUMBER, which is stable; Hepsiburada's package
//!   number only exists once lines are packed, so the connector resolves it when it needs one.
//!   `StatusPush::Picking` packs the open lines, `StatusPush::Invoiced` adds the invoice to the
//!   package, `update_tracking` marks it in transit with the tracking number.
//! - Order lines carry merchantSku and hbSku but no barcode: [`RemoteLine::barcode`] holds the
//!   merchantSku too.

mod wire;

use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

use crate::error::retry_after;
use crate::{ChannelError, Endpoint, model::*};
use wire::{comma_price, date_of, dot_price, id_of, iso, minor_units, minute, parse_date, str_of};

/// Most items per write call (the documented ~1000).
const MAX_BATCH: usize = 1000;
/// Rows per orders, packages and claims page (the simulator caps it at 100).
const ORDER_PAGE: u64 = 50;
/// Rows per catalogue page.
const CATALOG_PAGE: u64 = 1000;
/// merchantSkus per listings lookup (keeps the query string short; our choice).
const LOOKUP_CHUNK: usize = 100;

#[derive(Debug, Clone, Copy)]
enum Service {
    Catalog,
    Listings,
    Oms,
}

#[derive(Debug, Clone)]
struct Hosts {
    catalog: String,
    listings: String,
    oms: String,
}

impl Hosts {
    fn for_base(base_url: &str) -> Hosts {
        let host = |catalog: &str, listings: &str, oms: &str| Hosts {
            catalog: catalog.to_owned(),
            listings: listings.to_owned(),
            oms: oms.to_owned(),
        };
        match base_url.trim() {
            "https://hepsiburada.com" => host(
                "https://mpop.hepsiburada.com",
                "https://listing-external.hepsiburada.com",
                "https://oms-external.hepsiburada.com",
            ),
            "sit" => host(
                "https://mpop-sit.hepsiburada.com",
                "https://listing-external-sit.hepsiburada.com",
                "https://oms-external-sit.hepsiburada.com",
            ),
            other => {
                let base = other.trim_end_matches('/');
                host(base, base, base)
            }
        }
    }

    fn of(&self, service: Service) -> &str {
        match service {
            Service::Catalog => &self.catalog,
            Service::Listings => &self.listings,
            Service::Oms => &self.oms,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Hepsiburada {
    endpoint: Endpoint,
    hosts: Hosts,
    client: reqwest::Client,
}

/// Which list `orders` is reading; the cursor is `{phase}:{offset}`. Hepsiburada keeps each
/// stage of an order in its own list (platform-apis.md §2 Orders): an order leaves the open
/// list when packed and the packages list when shipped, so every list must be read or the
/// order's later states never arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Orders whose payment is awaited.
    Unpaid,
    /// Paid orders whose lines wait to be packed.
    Open,
    /// Packages waiting for the carrier (each resolved to its whole order).
    Packed,
    Shipped,
    Delivered,
    Undelivered,
    /// Orders with cancelled lines.
    Cancelled,
}

const PHASES: [Phase; 7] = [
    Phase::Unpaid,
    Phase::Open,
    Phase::Packed,
    Phase::Shipped,
    Phase::Delivered,
    Phase::Undelivered,
    Phase::Cancelled,
];

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Unpaid => "unpaid",
            Phase::Open => "open",
            Phase::Packed => "packed",
            Phase::Shipped => "shipped",
            Phase::Delivered => "delivered",
            Phase::Undelivered => "undelivered",
            Phase::Cancelled => "cancelled",
        }
    }

    fn next(self) -> Option<Phase> {
        let at = PHASES.iter().position(|p| *p == self)?;
        PHASES.get(at + 1).copied()
    }

    fn parse(cursor: &str) -> Option<(Phase, u64)> {
        let (phase, offset) = cursor.split_once(':')?;
        let phase = PHASES.into_iter().find(|p| p.name() == phase)?;
        Some((phase, offset.parse().ok()?))
    }

    /// The path under `/orders/merchantId/{id}` or `/packages/merchantId/{id}`, and whether
    /// the list holds packages (raw array) rather than orders (paged envelope).
    fn list(self) -> (&'static str, &'static str) {
        match self {
            Phase::Unpaid => ("orders", "/paymentawaiting"),
            Phase::Open => ("orders", ""),
            Phase::Packed => ("packages", ""),
            Phase::Shipped => ("packages", "/shipped"),
            Phase::Delivered => ("packages", "/delivered"),
            Phase::Undelivered => ("packages", "/undelivered"),
            Phase::Cancelled => ("orders", "/cancelled"),
        }
    }
}

impl Hepsiburada {
    pub fn new(endpoint: Endpoint) -> Result<Self, ChannelError> {
        let integrator = endpoint.integrator.trim();
        if integrator.is_empty() {
            return Err(ChannelError::Invalid(
                "Hepsiburada needs the integrator name for the User-Agent".into(),
            ));
        }
        let mut headers = HeaderMap::new();
        let agent = HeaderValue::from_str(integrator).map_err(|_| {
            ChannelError::Invalid("the integrator name is not a header value".into())
        })?;
        headers.insert(USER_AGENT, agent);
        let client = endpoint
            .client_builder()?
            .default_headers(headers)
            .build()
            .map_err(|e| ChannelError::Invalid(format!("http client: {}", e.without_url())))?;
        Ok(Hepsiburada {
            hosts: Hosts::for_base(&endpoint.base_url),
            endpoint,
            client,
        })
    }

    fn merchant(&self) -> &str {
        &self.endpoint.seller_id
    }

    fn request(&self, method: Method, service: Service, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.hosts.of(service), path))
            .basic_auth(&self.endpoint.username, Some(&self.endpoint.password))
    }

    /// Sends and reads the body; non-2xx answers become errors.
    async fn send(&self, request: RequestBuilder) -> Result<String, ChannelError> {
        let response = request.send().await.map_err(ChannelError::from_transport)?;
        let status = response.status();
        let wait = retry_after(response.headers());
        let body = response
            .text()
            .await
            .map_err(ChannelError::from_transport)?;
        if status.is_success() {
            return Ok(body);
        }
        Err(map_error(status, wait, &body))
    }

    async fn json(&self, request: RequestBuilder) -> Result<Value, ChannelError> {
        let body = self.send(request).await?;
        if body.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&body)
            .map_err(|e| ChannelError::Protocol(format!("unreadable JSON: {e}")))
    }

    async fn get(
        &self,
        service: Service,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Value, ChannelError> {
        self.json(self.request(Method::GET, service, path).query(query))
            .await
    }

    /// Tries the credentials and merchantId with a one-row listings read.
    pub async fn test(&self) -> Result<(), ChannelError> {
        let path = format!("/listings/merchantid/{}", self.merchant());
        self.get(
            Service::Listings,
            &path,
            &[("offset", "0".into()), ("limit", "1".into())],
        )
        .await
        .map(|_| ())
    }

    /// Pages of the catalogue API: `data` of each page until `last`.
    async fn catalog_pages(
        &self,
        path: &str,
        extra: &[(&str, String)],
    ) -> Result<Vec<Value>, ChannelError> {
        let mut rows = Vec::new();
        for page in 0..10_000u64 {
            let mut query = extra.to_vec();
            query.push(("page", page.to_string()));
            query.push(("size", CATALOG_PAGE.to_string()));
            let body = self.get(Service::Catalog, path, &query).await?;
            let data = body
                .get("data")
                .and_then(Value::as_array)
                .ok_or_else(|| ChannelError::Protocol("catalogue page without data".into()))?;
            rows.extend(data.iter().cloned());
            let last = body.get("last").and_then(Value::as_bool).unwrap_or(true);
            if last || data.is_empty() {
                break;
            }
        }
        Ok(rows)
    }

    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, ChannelError> {
        let rows = self
            .catalog_pages("/product/api/categories/get-all-categories", &[])
            .await?;
        rows.iter()
            .map(|c| {
                Ok(RemoteCategory {
                    id: id_of(c, "categoryId")
                        .ok_or_else(|| ChannelError::Protocol("category without id".into()))?,
                    name: str_of(c, "name").to_owned(),
                    parent_id: id_of(c, "parentCategoryId"),
                    leaf: c.get("leaf").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .collect()
    }

    /// The category's own and variant attributes. The base attributes (name, barcode, price…)
    /// are filled from the item's own fields, so they are not listed.
    pub async fn category_attributes(
        &self,
        category_id: &str,
    ) -> Result<Vec<RemoteAttribute>, ChannelError> {
        let path = format!("/product/api/categories/{category_id}/attributes");
        let body = self.get(Service::Catalog, &path, &[]).await?;
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        let mut out = Vec::new();
        for group in ["attributes", "variantAttributes"] {
            for a in data
                .get(group)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(id) = id_of(a, "id") else { continue };
                let is_enum = str_of(a, "type").eq_ignore_ascii_case("enum");
                let values = if is_enum {
                    let path =
                        format!("/product/api/categories/{category_id}/attribute/{id}/values");
                    self.catalog_pages(&path, &[])
                        .await?
                        .iter()
                        .filter_map(|v| {
                            let name = str_of(v, "value").to_owned();
                            (!name.is_empty()).then(|| RemoteAttributeValue {
                                // The import file takes the value's text, so the text is the id.
                                id: name.clone(),
                                name,
                            })
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                out.push(RemoteAttribute {
                    name: str_of(a, "name").to_owned(),
                    id,
                    required: a.get("mandatory").and_then(Value::as_bool).unwrap_or(false),
                    allow_custom: !is_enum,
                    values,
                });
            }
        }
        Ok(out)
    }

    /// Hepsiburada takes the brand by name and its documented API has no brand lookup, so any
    /// non-empty name is accepted here; an unknown brand fails per item in the import result.
    pub async fn brand(&self, name: &str) -> Result<Option<RemoteBrand>, ChannelError> {
        let name = name.trim();
        Ok((!name.is_empty()).then(|| RemoteBrand {
            id: name.to_owned(),
            name: name.to_owned(),
        }))
    }

    /// The import file's row. For a listing Hepsiburada fulfils (`managed`) the row leaves
    /// out price and stock, which are Hepsiburada's to set.
    fn import_row(&self, item: &ListingItem, managed: bool) -> Value {
        let mut attrs = serde_json::Map::new();
        let mut put = |k: &str, v: String| {
            attrs.insert(k.to_owned(), Value::String(v));
        };
        put("merchantSku", item.stock_code.clone());
        put("VaryantGroupID", item.group_code.clone());
        put("Barcode", item.barcode.clone());
        put("UrunAdi", item.title.clone());
        put("UrunAciklamasi", item.description.clone());
        put("Marka", item.brand.name.clone());
        put("kg", item.dimensional_weight.to_string());
        put("tax_vat_rate", item.vat_rate.to_string());
        if !managed {
            put("price", comma_price(item.sale_price_minor));
            put("stock", item.quantity.to_string());
        }
        for (n, url) in item.images.iter().take(5).enumerate() {
            put(&format!("Image{}", n + 1), url.clone());
        }
        for a in &item.attributes {
            // Hepsiburada's file carries the value's text under the attribute id.
            put(&a.attribute_id, a.value.clone());
        }
        let category = item
            .category_id
            .parse::<u64>()
            .map_or_else(|_| json!(item.category_id), |n| json!(n));
        json!({
            "categoryId": category,
            "merchant": self.merchant(),
            "attributes": attrs,
        })
    }

    /// What Hepsiburada would refuse in this item, each naming its field, checked before
    /// anything is sent: the merchantSku rules (upper case, no spaces, at most 100
    /// characters; platform-apis.md §2 Catalogue) and the currency.
    pub fn refusals(item: &ListingItem) -> Vec<String> {
        let mut out = Vec::new();
        let sku = &item.stock_code;
        if sku.is_empty() {
            out.push("merchantSku: required".to_owned());
        } else {
            if *sku != sku.to_uppercase() {
                out.push(format!("merchantSku: {sku:?} must be upper case"));
            }
            if sku.chars().any(char::is_whitespace) {
                out.push(format!("merchantSku: {sku:?} must not contain spaces"));
            }
            if sku.chars().count() > 100 {
                out.push("merchantSku: at most 100 characters".to_owned());
            }
        }
        if !item.currency.is_empty() && !item.currency.eq_ignore_ascii_case("TRY") {
            out.push(format!(
                "currency: Hepsiburada sells in TRY, not {}",
                item.currency
            ));
        }
        out
    }

    /// Uploads the items as a catalogue import file; the ticket is the trackingId. Importing a
    /// merchantSku Hepsiburada already holds updates that product.
    pub async fn push_products(&self, items: &[ListingItem]) -> Result<BatchTicket, ChannelError> {
        if items.is_empty() {
            return Err(ChannelError::Invalid("no items to push".into()));
        }
        if items.len() > MAX_BATCH {
            return Err(ChannelError::Invalid(format!(
                "Hepsiburada takes at most {MAX_BATCH} items per import, got {}",
                items.len()
            )));
        }
        if let Some(bad) = items
            .iter()
            .find(|i| !i.currency.is_empty() && !i.currency.eq_ignore_ascii_case("TRY"))
        {
            return Err(ChannelError::Invalid(format!(
                "Hepsiburada sells in TRY; {} is in {}",
                bad.stock_code, bad.currency
            )));
        }
        if let Some((item, problems)) = items
            .iter()
            .map(|i| (i, Self::refusals(i)))
            .find(|(_, p)| !p.is_empty())
        {
            return Err(ChannelError::Invalid(format!(
                "{}: {}",
                item.stock_code,
                problems.join("; ")
            )));
        }
        // Items we may already list are checked for Hepsiburada fulfilment first.
        let maybe_listed: Vec<&str> = items
            .iter()
            .filter(|i| i.listed != Some(false))
            .map(|i| i.stock_code.as_str())
            .collect();
        let managed = if maybe_listed.is_empty() {
            Vec::new()
        } else {
            self.fulfilled_by_hb(&maybe_listed).await?
        };
        let rows: Vec<Value> = items
            .iter()
            .map(|i| self.import_row(i, managed.contains(&i.stock_code)))
            .collect();
        let file = serde_json::to_vec(&rows)
            .map_err(|e| ChannelError::Invalid(format!("import file: {e}")))?;
        let part = reqwest::multipart::Part::bytes(file)
            .file_name("products.json")
            .mime_str("application/json")
            .map_err(|e| ChannelError::Invalid(format!("import file: {}", e.without_url())))?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let body = self
            .json(
                self.request(
                    Method::POST,
                    Service::Catalog,
                    "/product/api/products/import",
                )
                .multipart(form),
            )
            .await?;
        body.get("data")
            .and_then(|d| id_of(d, "trackingId"))
            .map(BatchTicket)
            .ok_or_else(|| ChannelError::Protocol("import answer without trackingId".into()))
    }

    pub async fn product_batch(&self, ticket: &BatchTicket) -> Result<BatchOutcome, ChannelError> {
        let path = format!("/product/api/products/status/{}", ticket.0);
        let rows = self.catalog_pages(&path, &[]).await?;
        let mut done = !rows.is_empty();
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let status = str_of(row, "importStatus");
            if status.eq_ignore_ascii_case("PROCESSING") {
                done = false;
            }
            let errors: Vec<String> = row
                .get("validationResults")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| format!("{}: {}", str_of(v, "attributeName"), str_of(v, "message")))
                .collect();
            items.push(ItemOutcome {
                key: str_of(row, "merchantSku").to_owned(),
                ok: status.eq_ignore_ascii_case("SUCCESS"),
                remote_id: id_of(row, "hbSku"),
                errors,
                channel_managed: false,
            });
        }
        if !done {
            items.clear();
        }
        Ok(BatchOutcome { done, items })
    }

    /// The listings rows of these merchantSkus, via the listings list filtered by
    /// merchantSkuList.
    async fn listing_rows(&self, keys: &[&str]) -> Result<Vec<Value>, ChannelError> {
        let path = format!("/listings/merchantid/{}", self.merchant());
        // A comma would split the list parameter; such a key cannot be looked up this way.
        let keys: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| !k.is_empty() && !k.contains(','))
            .collect();
        let mut found = Vec::new();
        for chunk in keys.chunks(LOOKUP_CHUNK) {
            let body = self
                .get(
                    Service::Listings,
                    &path,
                    &[
                        ("offset", "0".into()),
                        ("limit", LOOKUP_CHUNK.to_string()),
                        ("merchantSkuList", chunk.join(",")),
                    ],
                )
                .await?;
            for row in body
                .get("listings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if chunk.contains(&str_of(row, "merchantSku")) {
                    found.push(row.clone());
                }
            }
        }
        Ok(found)
    }

    /// Which merchantSkus have a listing.
    pub async fn existing_products(&self, keys: &[String]) -> Result<Vec<String>, ChannelError> {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        Ok(self
            .listing_rows(&keys)
            .await?
            .iter()
            .map(|row| str_of(row, "merchantSku").to_owned())
            .collect())
    }

    /// The merchantSkus among `keys` whose listing Hepsiburada fulfils from its own warehouse
    /// (`isFulfilledByHB`): Hepsiburada manages their stock and price, and a write of ours
    /// would overwrite its figures (platform-apis.md §2 Listings).
    async fn fulfilled_by_hb(&self, keys: &[&str]) -> Result<Vec<String>, ChannelError> {
        Ok(self
            .listing_rows(keys)
            .await?
            .iter()
            .filter(|row| {
                row.get("isFulfilledByHB")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })
            .map(|row| str_of(row, "merchantSku").to_owned())
            .collect())
    }

    async fn upload(&self, kind: &str, body: String) -> Result<String, ChannelError> {
        let path = format!("/listings/merchantid/{}/{kind}-uploads", self.merchant());
        let answer = self
            .json(
                self.request(Method::POST, Service::Listings, &path)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body),
            )
            .await?;
        id_of(&answer, "id")
            .ok_or_else(|| ChannelError::Protocol(format!("{kind} upload answer without id")))
    }

    /// Sends a stock upload and a price upload; the ticket holds both ids and the keys in order
    /// (upload results name failing rows only, by index).
    pub async fn push_price_stock(&self, rows: &[PriceStock]) -> Result<BatchTicket, ChannelError> {
        if rows.is_empty() {
            return Err(ChannelError::Invalid("no rows to push".into()));
        }
        if rows.len() > MAX_BATCH {
            return Err(ChannelError::Invalid(format!(
                "Hepsiburada takes at most {MAX_BATCH} rows per upload, got {}",
                rows.len()
            )));
        }
        let keys: Vec<&str> = rows.iter().map(|r| r.stock_code.as_str()).collect();
        let managed = self.fulfilled_by_hb(&keys).await?;
        let rows: Vec<&PriceStock> = rows
            .iter()
            .filter(|r| !managed.contains(&r.stock_code))
            .collect();
        let sku = |r: &PriceStock| {
            serde_json::to_string(&r.stock_code)
                .map_err(|e| ChannelError::Invalid(format!("merchantSku: {e}")))
        };
        let mut stock = Vec::with_capacity(rows.len());
        let mut price = Vec::with_capacity(rows.len());
        for r in &rows {
            let s = sku(r)?;
            stock.push(format!(
                r#"{{"merchantSku":{s},"availableStock":{}}}"#,
                r.quantity
            ));
            // The price goes out as a decimal JSON number written from kuruş, no float.
            price.push(format!(
                r#"{{"merchantSku":{s},"price":{}}}"#,
                dot_price(r.sale_price_minor)
            ));
        }
        let (stock_id, price_id) = if rows.is_empty() {
            (None, None)
        } else {
            let stock_id = self
                .upload("stock", format!("[{}]", stock.join(",")))
                .await?;
            let price_id = self
                .upload("price", format!("[{}]", price.join(",")))
                .await?;
            (Some(stock_id), Some(price_id))
        };
        let keys: Vec<&str> = rows.iter().map(|r| r.stock_code.as_str()).collect();
        let ticket = json!({
            "stock": stock_id,
            "price": price_id,
            "keys": keys,
            "managed": managed,
        });
        Ok(BatchTicket(ticket.to_string()))
    }

    pub async fn price_stock_batch(
        &self,
        ticket: &BatchTicket,
    ) -> Result<BatchOutcome, ChannelError> {
        let parsed: Value = serde_json::from_str(&ticket.0)
            .map_err(|_| ChannelError::Invalid("not a Hepsiburada price/stock ticket".into()))?;
        let keys: Vec<String> = parsed
            .get("keys")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let managed: Vec<String> = parsed
            .get("managed")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut errors: Vec<Vec<String>> = vec![Vec::new(); keys.len()];
        let mut done = true;
        for kind in ["stock", "price"] {
            if keys.is_empty() {
                // Every row was a listing Hepsiburada manages: nothing was uploaded.
                break;
            }
            let id = str_of(&parsed, kind);
            if id.is_empty() {
                return Err(ChannelError::Invalid(format!("ticket without {kind} id")));
            }
            let path = format!(
                "/listings/merchantid/{}/{kind}-uploads/id/{id}",
                self.merchant()
            );
            let result = self.get(Service::Listings, &path, &[]).await?;
            let status = str_of(&result, "status");
            if status.eq_ignore_ascii_case("PROCESSING") {
                done = false;
                continue;
            }
            let rows: Vec<&Value> = result
                .get("errors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            if status.eq_ignore_ascii_case("FAILED") && rows.is_empty() {
                for e in &mut errors {
                    e.push(format!("{kind} upload FAILED"));
                }
            }
            for row in rows {
                let index = match str_of(row, "merchantSku") {
                    "" => row
                        .get("elementNo")
                        .and_then(Value::as_u64)
                        .and_then(|n| usize::try_from(n).ok()),
                    sku => keys.iter().position(|k| k == sku),
                };
                let messages: Vec<String> = row
                    .get("errors")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|m| format!("{kind}: {m}"))
                    .collect();
                if let Some(slot) = index.and_then(|i| errors.get_mut(i)) {
                    slot.extend(messages);
                }
            }
        }
        if !done {
            return Ok(BatchOutcome {
                done: false,
                items: Vec::new(),
            });
        }
        let items = keys
            .into_iter()
            .zip(errors)
            .map(|(key, errors)| ItemOutcome {
                key,
                ok: errors.is_empty(),
                remote_id: None,
                errors,
                channel_managed: false,
            })
            .chain(managed.into_iter().map(|key| ItemOutcome {
                key,
                ok: false,
                remote_id: None,
                errors: vec![
                    "isFulfilledByHB: Hepsiburada manages this listing's stock and price".into(),
                ],
                channel_managed: true,
            }))
            .collect();
        Ok(BatchOutcome { done: true, items })
    }

    async fn order_detail(&self, order_number: &str) -> Result<Value, ChannelError> {
        let path = format!(
            "/orders/merchantId/{}/ordernumber/{order_number}",
            self.merchant()
        );
        self.get(Service::Oms, &path, &[]).await
    }

    /// Orders modified in the window. The cursor walks every documented list in turn (awaiting
    /// payment, open, packages to ship, shipped, delivered, undelivered, cancelled), each by
    /// offset; every row is turned into the whole order, so an order met in two lists reads
    /// the same both times. An order that cannot be read is reported in
    /// [`OrderPage::problems`], never dropped.
    pub async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, ChannelError> {
        let (mut phase, mut offset) = match query.cursor.as_deref() {
            None => (PHASES[0], 0),
            Some(c) => Phase::parse(c)
                .ok_or_else(|| ChannelError::Invalid(format!("bad Hepsiburada cursor {c}")))?,
        };
        let window = [
            ("beginDate", iso(query.modified_from_ms)),
            // HB's endDate is inclusive; ours is exclusive.
            ("endDate", iso(query.modified_to_ms.saturating_sub(1))),
            ("limit", ORDER_PAGE.to_string()),
        ];
        let in_window = |p: &RemotePackage| {
            p.last_modified_ms >= query.modified_from_ms
                && p.last_modified_ms < query.modified_to_ms
        };
        loop {
            let mut params = window.to_vec();
            params.push(("offset", offset.to_string()));
            let (kind, suffix) = phase.list();
            let path = format!("/{kind}/merchantId/{}{suffix}", self.merchant());
            let (orders, more, read) = if kind == "orders" {
                let body = self.get(Service::Oms, &path, &params).await?;
                let items: Vec<Value> = body
                    .get("items")
                    .and_then(Value::as_array)
                    .cloned()
                    .ok_or_else(|| ChannelError::Protocol("orders page without items".into()))?;
                let total = body.get("totalCount").and_then(Value::as_u64).unwrap_or(0);
                let read = items.len() as u64;
                (items, offset + read < total && read > 0, read)
            } else {
                let body = self.get(Service::Oms, &path, &params).await?;
                let rows = body.as_array().cloned().ok_or_else(|| {
                    ChannelError::Protocol("packages answer is not an array".into())
                })?;
                let read = rows.len() as u64;
                let mut numbers: Vec<String> = Vec::new();
                for row in &rows {
                    let number = str_of(row, "orderNumber").to_owned();
                    if !number.is_empty() && !numbers.contains(&number) {
                        numbers.push(number);
                    }
                }
                let mut orders = Vec::with_capacity(numbers.len());
                for number in numbers {
                    orders.push(self.order_detail(&number).await?);
                }
                (orders, read == ORDER_PAGE, read)
            };
            let mut packages = Vec::new();
            let mut problems = Vec::new();
            for order in &orders {
                match order_to_package(order, phase == Phase::Unpaid) {
                    Ok(p) if in_window(&p) => packages.push(p),
                    Ok(_) => {}
                    Err(problem) => problems.push(problem),
                }
            }
            let next = if more {
                Some((phase, offset + read))
            } else {
                phase.next().map(|p| (p, 0))
            };
            match next {
                // An empty list moves straight on to the next one.
                Some((p, o)) if packages.is_empty() && problems.is_empty() && read == 0 => {
                    phase = p;
                    offset = o;
                }
                next => {
                    return Ok(OrderPage {
                        packages,
                        next: next.map(|(p, o)| format!("{}:{o}", p.name())),
                        problems,
                    });
                }
            }
        }
    }

    /// The package the order's live lines are in, if packed.
    fn active_package(order: &Value) -> Option<&Value> {
        let packages = order.get("packages").and_then(Value::as_array)?;
        packages
            .iter()
            .find(|p| !str_of(p, "status").eq_ignore_ascii_case("Cancelled"))
    }

    fn open_lines(order: &Value) -> Vec<String> {
        order
            .get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|l| str_of(l, "status").eq_ignore_ascii_case("Open"))
            .filter_map(|l| id_of(l, "id"))
            .collect()
    }

    /// Packs the order's open lines when there are any; returns the live package number.
    async fn ensure_packed(&self, order_number: &str) -> Result<(Value, String), ChannelError> {
        let order = self.order_detail(order_number).await?;
        let open = Self::open_lines(&order);
        if !open.is_empty() {
            let path = format!("/packages/merchantId/{}", self.merchant());
            let answer = self
                .json(
                    self.request(Method::POST, Service::Oms, &path)
                        .json(&json!({ "lineItems": open })),
                )
                .await?;
            let number = id_of(&answer, "packageNumber").ok_or_else(|| {
                ChannelError::Protocol("pack answer without packageNumber".into())
            })?;
            let order = self.order_detail(order_number).await?;
            return Ok((order, number));
        }
        match Self::active_package(&order).and_then(|p| id_of(p, "packageNumber")) {
            Some(number) => Ok((order, number)),
            None => Err(ChannelError::Rejected {
                code: "not_packable".into(),
                message: format!("order {order_number} has no open or packed lines"),
            }),
        }
    }

    /// Picking packs the open lines (a package already packed is left as it is); Invoiced
    /// packs if needed and adds the invoice number to the package.
    pub async fn update_status(
        &self,
        package: &RemotePackage,
        status: &StatusPush,
    ) -> Result<(), ChannelError> {
        let (order, number) = self.ensure_packed(&package.package_id).await?;
        match status {
            StatusPush::Picking => Ok(()),
            StatusPush::Invoiced {
                invoice_number,
                invoice_link,
            } => {
                // Hepsiburada takes the invoice as its number with its link
                // (platform-apis.md §2: `PUT .../invoice` carries both).
                let invoice = invoice_number.as_deref().map(str::trim).unwrap_or("");
                let link = invoice_link.as_deref().map(str::trim).unwrap_or("");
                if invoice.is_empty() {
                    return Err(ChannelError::Invalid(
                        "invoice_number: Hepsiburada needs the invoice number".into(),
                    ));
                }
                if !(link.starts_with("https://") || link.starts_with("http://")) {
                    return Err(ChannelError::Invalid(
                        "invoice_link: Hepsiburada needs the invoice's http(s) link".into(),
                    ));
                }
                let current = Self::active_package(&order);
                if current.is_some_and(|p| {
                    str_of(p, "invoiceNumber") == invoice && str_of(p, "invoiceLink") == link
                }) {
                    return Ok(());
                }
                let path = format!(
                    "/packages/merchantId/{}/packagenumber/{number}/invoice",
                    self.merchant()
                );
                // The invoice number travels as `serialNumber` [?: see the simulator's note].
                self.send(
                    self.request(Method::PUT, Service::Oms, &path)
                        .json(&json!({ "serialNumber": invoice, "invoiceLink": link })),
                )
                .await
                .map(|_| ())
            }
        }
    }

    /// Marks the package in transit with the tracking number (packing first if needed).
    pub async fn update_tracking(
        &self,
        package: &RemotePackage,
        tracking_number: &str,
    ) -> Result<(), ChannelError> {
        let tracking = tracking_number.trim();
        if tracking.is_empty() {
            return Err(ChannelError::Invalid("empty tracking number".into()));
        }
        let (order, number) = self.ensure_packed(&package.package_id).await?;
        if let Some(p) = Self::active_package(&order)
            && str_of(p, "trackingNumber") == tracking
        {
            // Already in transit with this number (e.g. our earlier answer was lost).
            return Ok(());
        }
        let path = format!(
            "/packages/merchantId/{}/packagenumber/{number}/intransit",
            self.merchant()
        );
        self.send(
            self.request(Method::POST, Service::Oms, &path)
                .json(&json!({ "trackingNumber": tracking })),
        )
        .await
        .map(|_| ())
    }

    /// Claims modified in the window, by offset (the cursor). The claims list takes minutes
    /// (`yyyy-MM-dd HH:mm`), so the window is widened to whole minutes and cut exactly here.
    pub async fn claims(&self, query: &OrderQuery) -> Result<ClaimPage, ChannelError> {
        let offset: u64 = match query.cursor.as_deref() {
            None => 0,
            Some(c) => c
                .parse()
                .map_err(|_| ChannelError::Invalid(format!("bad Hepsiburada cursor {c}")))?,
        };
        // endDate reads as the start of its minute, so ask up to the next minute.
        let last = query.modified_to_ms.saturating_sub(1);
        let end = last - last.rem_euclid(60_000) + 60_000;
        let path = format!("/claims/merchantId/{}", self.merchant());
        let body = self
            .get(
                Service::Oms,
                &path,
                &[
                    ("offset", offset.to_string()),
                    ("limit", ORDER_PAGE.to_string()),
                    ("beginDate", minute(query.modified_from_ms)),
                    ("endDate", minute(end)),
                ],
            )
            .await?;
        let items: Vec<Value> = body
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| ChannelError::Protocol("claims page without items".into()))?;
        let total = body.get("totalCount").and_then(Value::as_u64).unwrap_or(0);
        let read = items.len() as u64;
        let claims = items
            .iter()
            .map(|c| RemoteClaim {
                claim_id: id_of(c, "claimNumber").unwrap_or_default(),
                order_number: id_of(c, "orderNumber").unwrap_or_default(),
                status: str_of(c, "status").to_owned(),
                created_at_ms: date_of(c, "createdAt"),
                last_modified_ms: date_of(c, "lastModifiedDate"),
                lines: vec![RemoteClaimLine {
                    claim_line_id: id_of(c, "lineItemId").unwrap_or_default(),
                    barcode: str_of(c, "merchantSku").to_owned(),
                    quantity: c.get("quantity").and_then(Value::as_i64).unwrap_or(0),
                    reason: str_of(c, "reason").to_owned(),
                    status: str_of(c, "status").to_owned(),
                }],
            })
            .filter(|c| {
                c.last_modified_ms >= query.modified_from_ms
                    && c.last_modified_ms < query.modified_to_ms
            })
            .collect();
        Ok(ClaimPage {
            claims,
            next: (read > 0 && offset + read < total).then(|| (offset + read).to_string()),
        })
    }

    /// Accepts the claim (Hepsiburada claims cover one line). A claim already accepted is
    /// success: the effect is in place.
    pub async fn approve_claim(
        &self,
        claim: &RemoteClaim,
        line_ids: &[String],
    ) -> Result<(), ChannelError> {
        if !line_ids.is_empty()
            && !claim
                .lines
                .iter()
                .any(|l| line_ids.contains(&l.claim_line_id))
        {
            return Err(ChannelError::Invalid(format!(
                "claim {} has none of the given lines",
                claim.claim_id
            )));
        }
        if claim.status.eq_ignore_ascii_case("Accepted") {
            return Ok(());
        }
        // A claim waiting for pre-approval takes the documented pre-approval step
        // (`preapprovalconfirm`); accept answers only later states.
        let step = if claim.status.eq_ignore_ascii_case("AwaitingPreApproval") {
            "preapprovalconfirm"
        } else {
            "accept"
        };
        let path = format!("/claims/number/{}/{step}", claim.claim_id);
        match self
            .send(
                self.request(Method::POST, Service::Oms, &path)
                    .json(&json!({})),
            )
            .await
        {
            Ok(_) => Ok(()),
            Err(ChannelError::Rejected { code, .. })
                if code == "ClaimAlreadyAccepted" || code == "ClaimAlreadyPreApproved" =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// Maps a non-2xx answer; 4xx bodies give Hepsiburada's own code (mpop's numeric `code`, the
/// other services' `code` word).
fn map_error(status: StatusCode, wait: Option<std::time::Duration>, body: &str) -> ChannelError {
    let code = status.as_u16();
    if matches!(code, 401 | 403 | 429) || status.is_server_error() {
        return ChannelError::from_status(status, wait, body);
    }
    match serde_json::from_str::<Value>(body) {
        Ok(v) if v.get("code").is_some() => ChannelError::Rejected {
            code: id_of(&v, "code").unwrap_or_else(|| code.to_string()),
            message: str_of(&v, "message").chars().take(300).collect(),
        },
        _ => ChannelError::from_status(status, wait, body),
    }
}

/// One order (with all its lines and packages) as the neutral package. `unpaid` is set when
/// the order came from the payment-awaiting list. An order without a number or with an
/// unreadable date is a problem to report, not a package.
fn order_to_package(order: &Value, unpaid: bool) -> Result<RemotePackage, OrderProblem> {
    let number = id_of(order, "orderNumber").unwrap_or_default();
    let problem = |message: String| OrderProblem {
        key: if number.is_empty() {
            "(no order number)".to_owned()
        } else {
            number.clone()
        },
        message,
    };
    if number.is_empty() {
        return Err(problem("order without orderNumber".into()));
    }
    let date = |key: &str| -> Result<i64, OrderProblem> {
        let raw = str_of(order, key);
        parse_date(raw).ok_or_else(|| problem(format!("unreadable {key} {raw:?}")))
    };
    let ordered_at_ms = date("orderDate")?;
    let last_modified_ms = date("lastModifiedDate")?;
    let lines: Vec<RemoteLine> = order
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|l| {
            let sku = str_of(l, "merchantSku").to_owned();
            RemoteLine {
                line_id: id_of(l, "id").unwrap_or_default(),
                barcode: sku.clone(),
                stock_code: Some(sku),
                quantity: l.get("quantity").and_then(Value::as_i64).unwrap_or(0),
                unit_price_minor: l
                    .get("price")
                    .and_then(|p| p.get("amount"))
                    .and_then(minor_units)
                    .unwrap_or(0),
                cancelled: str_of(l, "status").eq_ignore_ascii_case("Cancelled"),
            }
        })
        .collect();
    let package = Hepsiburada::active_package(order);
    let any_open = order
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|l| str_of(l, "status").eq_ignore_ascii_case("Open"));
    let awaiting_payment =
        unpaid || str_of(order, "status").eq_ignore_ascii_case("PaymentAwaiting");
    let status = if !lines.is_empty() && lines.iter().all(|l| l.cancelled) {
        OrderStatus::Cancelled
    } else if awaiting_payment {
        OrderStatus::Unpaid
    } else if any_open {
        OrderStatus::Created
    } else {
        match package
            .map(|p| str_of(p, "status").to_ascii_lowercase())
            .as_deref()
        {
            Some("packed") => {
                if package.is_some_and(|p| !str_of(p, "invoiceNumber").is_empty()) {
                    OrderStatus::Invoiced
                } else {
                    OrderStatus::Picking
                }
            }
            Some("shipped") | Some("intransit") => OrderStatus::Shipped,
            Some("delivered") => OrderStatus::Delivered,
            Some("undelivered") => OrderStatus::Undelivered,
            Some("cancelled") => OrderStatus::Cancelled,
            _ => OrderStatus::Other,
        }
    };
    let total = lines
        .iter()
        .filter(|l| !l.cancelled)
        .map(|l| l.unit_price_minor.saturating_mul(l.quantity))
        .sum();
    let tracking = package
        .map(|p| str_of(p, "trackingNumber").to_owned())
        .filter(|t| !t.is_empty());
    let currency = order
        .get("totalPrice")
        .map(|t| str_of(t, "currency"))
        .filter(|c| !c.is_empty())
        .unwrap_or("TRY")
        .to_owned();
    Ok(RemotePackage {
        package_id: number.clone(),
        order_number: number,
        status,
        platform_status: str_of(order, "status").to_owned(),
        customer_name: str_of(order, "customerName").to_owned(),
        total_minor: total,
        currency,
        ordered_at_ms,
        last_modified_ms,
        cargo_tracking_number: tracking,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_base_url() {
        let prod = Hosts::for_base("https://hepsiburada.com");
        assert_eq!(prod.of(Service::Catalog), "https://mpop.hepsiburada.com");
        assert_eq!(
            prod.of(Service::Listings),
            "https://listing-external.hepsiburada.com"
        );
        assert_eq!(
            prod.of(Service::Oms),
            "https://oms-external.hepsiburada.com"
        );
        let sit = Hosts::for_base("sit");
        assert_eq!(sit.of(Service::Catalog), "https://mpop-sit.hepsiburada.com");
        assert_eq!(
            sit.of(Service::Oms),
            "https://oms-external-sit.hepsiburada.com"
        );
        let local = Hosts::for_base("http://127.0.0.1:4100/");
        assert_eq!(local.of(Service::Listings), "http://127.0.0.1:4100");
        assert_eq!(local.of(Service::Oms), "http://127.0.0.1:4100");
    }

    #[test]
    fn cursor_round_trip() {
        assert_eq!(Phase::parse("packed:50"), Some((Phase::Packed, 50)));
        assert_eq!(Phase::parse("nope:1"), None);
    }
}
