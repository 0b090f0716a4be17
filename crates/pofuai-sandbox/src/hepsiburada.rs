//! Hepsiburada simulator (platform-apis.md §2).
//!
//! Hepsiburada has one host per service (mpop for the catalogue, listing-external for price and
//! stock, oms-external for orders, packages and claims). This simulator serves all of them on
//! ONE listener: the paths do not overlap, so a connector pointed at [`HepsiburadaSim::base_url`]
//! appends each service's paths to the same base.
//!
//! Enforced contract: exact paths and methods; HTTP Basic `username:password` (401); a
//! User-Agent holding the bare integrator name (403 without one, and 403 for the Trendyol-style
//! `"{merchantId} - name"`, which lonca reports SIT refusing on some services — we follow that
//! report); the merchantId in the path must be the authenticated merchant's (403); the
//! catalogue import as multipart/form-data with a `file` part holding a JSON array (3001 invalid
//! content, 3002 invalid file type, 3003 missing file); per-item validation results; at most 1000
//! items per write call (400 above); asynchronous imports and uploads polled by id (4000 for an
//! unknown trackingId); required `limit` on order, claim and listing lists; rate limits.
//!
//! Rate limits: Hepsiburada documents none for these endpoints. The limits here copy the lonca
//! client's self-throttle (listings 600/min, orders and claims 120/min, counted per endpoint);
//! they, the 429 status and its Retry-After header are our simulator's choice.

// Handlers return the HTTP answer itself as the error of their checks; its size is irrelevant.
#![allow(clippy::result_large_err)]

mod catalog;
mod listings;
mod oms;
mod seed;
mod strict;
mod wire;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::routing::{get, post, put};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::{Faults, Running, SandboxClock, WriteLog, faults};

pub use seed::{BRANDS, CUSTOMER_NAMES};
pub use strict::Strictness;

pub use crate::SimOptions;

/// A listing as the simulator holds it (keyed by merchantSku).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimListing {
    pub merchant_sku: String,
    pub hb_sku: String,
    pub barcode: String,
    pub title: String,
    pub description: String,
    pub brand: String,
    pub category_id: u64,
    pub group_code: String,
    /// Category attributes as sent (attribute id → value).
    pub attributes: BTreeMap<String, String>,
    pub images: Vec<String>,
    pub vat_rate: u32,
    pub quantity: i64,
    pub sale_price_minor: i64,
    /// Hepsiburada listings carry one price; this equals `sale_price_minor`.
    pub list_price_minor: i64,
    pub last_modified_ms: i64,
    /// `isFulfilledByHB`: Hepsiburada stocks this listing in its own warehouse. A stock or
    /// price upload still overwrites it, as the platform notes warn; the simulator records
    /// such a write as `inventory.fulfilled` so tests can see it happened.
    pub fulfilled_by_hb: bool,
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimLine {
    pub line_id: String,
    pub merchant_sku: String,
    pub hb_sku: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// `Open` (waiting to be packed), `Packed`, `Shipped`, `Cancelled`.
    pub status: String,
    pub package_number: Option<String>,
}

impl SimLine {
    pub fn cancelled(&self) -> bool {
        self.status == "Cancelled"
    }
}

/// An order with its package, as the connector reports it: `package_id` is the order number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimPackage {
    pub order_number: String,
    /// `Open` while lines wait to be packed, else the package's status (`Packed`, `Shipped`),
    /// `Cancelled` when every line is.
    pub status: String,
    pub package_number: Option<String>,
    pub tracking_number: Option<String>,
    pub invoice_number: Option<String>,
    pub invoice_link: Option<String>,
    pub customer_name: String,
    pub ordered_at_ms: i64,
    pub last_modified_ms: i64,
    pub lines: Vec<SimLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimClaim {
    pub claim_number: String,
    pub order_number: String,
    pub line_id: String,
    pub merchant_sku: String,
    pub quantity: i64,
    pub reason: String,
    /// `NewRequest`, then `Accepted` once the merchant accepts it; `AwaitingPreApproval`
    /// moves to `NewRequest` by `preapprovalconfirm`.
    pub status: String,
    pub created_at_ms: i64,
    pub last_modified_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Category {
    pub id: u64,
    pub name: String,
    pub parent: Option<u64>,
    pub leaf: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub id: &'static str,
    pub name: &'static str,
    pub mandatory: bool,
    /// `enum` (only `values`) or `string` (free text).
    pub kind: &'static str,
    pub values: &'static [&'static str],
    /// `base`, `attributes` or `variantAttributes` (the groups of the attributes answer).
    pub group: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct ImportItem {
    pub merchant_sku: String,
    pub hb_sku: Option<String>,
    pub success: bool,
    pub product_status: &'static str,
    pub validation: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct Import {
    pub items: Vec<ImportItem>,
    pub polls: u32,
    pub created_at_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct RowError {
    pub element_no: usize,
    pub merchant_sku: Option<String>,
    pub hb_sku: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Upload {
    pub kind: &'static str,
    pub total: usize,
    pub errors: Vec<RowError>,
    pub polls: u32,
    pub created_at_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub number: String,
    /// False while the order is on the payment-awaiting list.
    pub paid: bool,
    /// A date text to serve instead of the formatted dates (tests of date forms).
    pub date_text: Option<String>,
    pub customer_name: String,
    pub ordered_at_ms: i64,
    pub last_modified_ms: i64,
    pub lines: Vec<SimLine>,
}

#[derive(Debug, Clone)]
pub(crate) struct Package {
    pub number: String,
    pub order_number: String,
    pub line_ids: Vec<String>,
    /// `Packed`, `Shipped`, `Delivered`, `Undelivered`, `Cancelled`.
    pub status: String,
    pub invoice_number: Option<String>,
    pub invoice_link: Option<String>,
    pub tracking_number: Option<String>,
    pub cargo_company: String,
    pub last_modified_ms: i64,
}

pub(crate) struct State {
    pub categories: Vec<Category>,
    pub brands: Vec<String>,
    pub listings: BTreeMap<String, SimListing>,
    /// Barcode → merchantSku.
    pub barcodes: HashMap<String, String>,
    pub imports: HashMap<String, Import>,
    pub uploads: HashMap<String, Upload>,
    pub orders: BTreeMap<String, Order>,
    pub packages: BTreeMap<String, Package>,
    pub claims: BTreeMap<String, SimClaim>,
    pub rng: StdRng,
    pub counter: u64,
}

impl State {
    pub fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// A UUID-shaped id from the seeded generator (so runs replay).
    pub fn uuid(&mut self) -> String {
        let a: u32 = self.rng.r#gen();
        let b: u16 = self.rng.r#gen();
        let c: u16 = self.rng.r#gen::<u16>() & 0x0fff | 0x4000;
        let d: u16 = self.rng.r#gen::<u16>() & 0x3fff | 0x8000;
        let e: u64 = self.rng.r#gen::<u64>() & 0xffff_ffff_ffff;
        format!("{a:08x}-{b:04x}-{c:04x}-{d:04x}-{e:012x}")
    }

    pub fn category(&self, id: u64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The category and its ancestors, nearest first.
    pub fn lineage(&self, id: u64) -> Vec<&Category> {
        let mut out = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            match self.category(id) {
                Some(c) if out.len() < 16 => {
                    next = c.parent;
                    out.push(c);
                }
                _ => break,
            }
        }
        out
    }

    pub fn package_view(&self, order: &Order) -> SimPackage {
        let package = order
            .lines
            .iter()
            .find_map(|l| l.package_number.as_ref())
            .and_then(|pn| self.packages.get(pn));
        let status = if order.lines.iter().all(SimLine::cancelled) {
            "Cancelled".to_owned()
        } else if !order.paid {
            "PaymentAwaiting".to_owned()
        } else if order.lines.iter().any(|l| l.status == "Open") {
            "Open".to_owned()
        } else {
            package.map_or_else(|| "Open".to_owned(), |p| p.status.clone())
        };
        SimPackage {
            order_number: order.number.clone(),
            status,
            package_number: package.map(|p| p.number.clone()),
            tracking_number: package.and_then(|p| p.tracking_number.clone()),
            invoice_number: package.and_then(|p| p.invoice_number.clone()),
            invoice_link: package.and_then(|p| p.invoice_link.clone()),
            customer_name: order.customer_name.clone(),
            ordered_at_ms: order.ordered_at_ms,
            last_modified_ms: order.last_modified_ms,
            lines: order.lines.clone(),
        }
    }
}

pub(crate) struct Inner {
    pub options: SimOptions,
    pub state: Mutex<State>,
    pub limits: crate::RateLimiter,
    pub writes: Arc<WriteLog>,
    pub clock: SandboxClock,
    /// Locked after `state` when both are needed.
    pub strict: Mutex<strict::Strict>,
}

impl Inner {
    pub fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn strict(&self) -> MutexGuard<'_, strict::Strict> {
        self.strict
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running simulator: its server, its state and its switches.
pub struct HepsiburadaSim {
    pub running: Running,
    pub faults: Arc<Faults>,
    pub writes: Arc<WriteLog>,
    pub clock: SandboxClock,
    inner: Arc<Inner>,
}

impl std::fmt::Debug for HepsiburadaSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HepsiburadaSim")
            .field("base_url", &self.running.base_url)
            .finish_non_exhaustive()
    }
}

impl HepsiburadaSim {
    pub async fn spawn(options: SimOptions) -> std::io::Result<Self> {
        let faults = Arc::new(Faults::new(options.seed));
        let writes = Arc::new(WriteLog::default());
        let clock = SandboxClock::default();
        let state = State {
            categories: seed::categories(),
            brands: BRANDS.iter().map(|b| (*b).to_owned()).collect(),
            listings: BTreeMap::new(),
            barcodes: HashMap::new(),
            imports: HashMap::new(),
            uploads: HashMap::new(),
            orders: BTreeMap::new(),
            packages: BTreeMap::new(),
            claims: BTreeMap::new(),
            rng: StdRng::seed_from_u64(options.seed),
            counter: 0,
        };
        let addr = options.addr;
        let inner = Arc::new(Inner {
            options,
            state: Mutex::new(state),
            limits: crate::RateLimiter::default(),
            writes: writes.clone(),
            clock: clock.clone(),
            strict: Mutex::new(strict::Strict::default()),
        });
        let running = crate::serve(router(inner.clone(), faults.clone()), addr).await?;
        Ok(HepsiburadaSim {
            running,
            faults,
            writes,
            clock,
            inner,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.running.base_url
    }

    pub fn options(&self) -> &SimOptions {
        &self.inner.options
    }

    /// Switches the time and field rules of [`Strictness`]; applies to requests from now on.
    pub fn set_strictness(&self, strictness: Strictness) {
        self.inner.strict().strictness = strictness;
    }

    /// Whether the listings show `merchant_sku` now (held and past its listing lag).
    pub fn is_listed(&self, merchant_sku: &str) -> bool {
        let now = self.clock.now_ms();
        let held = self.inner.state().listings.contains_key(merchant_sku);
        held && self.inner.strict().listed(merchant_sku, now)
    }

    /// Imports (catalogue) accepted so far: (accepted at, processing finished at, items), in
    /// simulator milliseconds, oldest first.
    pub fn import_times(&self) -> Vec<(i64, i64, usize)> {
        let state = self.inner.state();
        let strict = self.inner.strict();
        let mut out: Vec<(i64, i64, usize)> = state
            .imports
            .values()
            .map(|i| {
                (
                    i.created_at_ms,
                    strict.processed_at(i.created_at_ms),
                    i.items.len(),
                )
            })
            .collect();
        out.sort_unstable();
        out
    }

    pub fn listing_count(&self) -> usize {
        self.inner.state().listings.len()
    }

    /// Lists a product directly (no HTTP, no write log): for tests and the standalone
    /// sandbox's control API, which need listings to order from.
    pub fn add_listing(&self, merchant_sku: &str, title: &str, quantity: i64, price_minor: i64) {
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        let brand = state.brands.first().cloned().unwrap_or_default();
        let category_id = state.categories.iter().find(|c| c.leaf).map_or(0, |c| c.id);
        let hb_sku = format!("HBCV{:010X}", 0x1_0000 + state.next());
        state
            .barcodes
            .insert(merchant_sku.to_owned(), merchant_sku.to_owned());
        state.listings.insert(
            merchant_sku.to_owned(),
            SimListing {
                merchant_sku: merchant_sku.to_owned(),
                hb_sku,
                barcode: merchant_sku.to_owned(),
                title: title.to_owned(),
                description: String::new(),
                brand,
                category_id,
                group_code: String::new(),
                attributes: BTreeMap::new(),
                images: Vec::new(),
                vat_rate: 20,
                quantity,
                sale_price_minor: price_minor,
                list_price_minor: price_minor,
                last_modified_ms: now,
                fulfilled_by_hb: false,
            },
        );
    }

    /// Every listed merchantSku, sorted.
    pub fn merchant_skus(&self) -> Vec<String> {
        self.inner.state().listings.keys().cloned().collect()
    }

    /// A listing by merchantSku.
    pub fn listing(&self, merchant_sku: &str) -> Option<SimListing> {
        self.inner.state().listings.get(merchant_sku).cloned()
    }

    /// The brands the catalogue knows (Hepsiburada takes brands by name).
    pub fn brands(&self) -> Vec<String> {
        self.inner.state().brands.clone()
    }

    /// Places a paid order for listed products: `(merchantSku, quantity)` lines, prices from the
    /// listings. Returns the order number (the connector's `RemotePackage.package_id`).
    /// A marketplace sells only what the listing shows: a line above the listing's stock is
    /// refused, and each sale lowers the listing's stock.
    pub fn place_order(&self, lines: &[(&str, i64)]) -> Result<String, String> {
        self.place(lines, true)
    }

    /// An order whose payment is awaited: it is on the `paymentawaiting` list until
    /// [`HepsiburadaSim::confirm_payment`]. Its lines already hold the listing's stock.
    pub fn place_unpaid_order(&self, lines: &[(&str, i64)]) -> Result<String, String> {
        self.place(lines, false)
    }

    /// The payment of an awaiting order arrives: it moves to the open list.
    pub fn confirm_payment(&self, order_number: &str) -> Result<(), String> {
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        let order = state
            .orders
            .get_mut(order_number)
            .ok_or_else(|| format!("{order_number}: no such order"))?;
        if order.paid {
            return Err(format!("{order_number}: already paid"));
        }
        order.paid = true;
        order.last_modified_ms = now;
        Ok(())
    }

    /// Serves `text` as the order's dates (orderDate, lastModifiedDate) instead of the
    /// simulator's own form, to test the date forms a connector must read.
    pub fn set_order_date_text(&self, order_number: &str, text: Option<&str>) -> bool {
        let mut state = self.inner.state();
        match state.orders.get_mut(order_number) {
            Some(o) => {
                o.date_text = text.map(str::to_owned);
                true
            }
            None => false,
        }
    }

    /// Marks the listing as fulfilled by Hepsiburada (`isFulfilledByHB`).
    pub fn set_fulfilled_by_hb(&self, merchant_sku: &str, fulfilled: bool) -> bool {
        let mut state = self.inner.state();
        match state.listings.get_mut(merchant_sku) {
            Some(l) => {
                l.fulfilled_by_hb = fulfilled;
                true
            }
            None => false,
        }
    }

    /// The carrier delivers the shipped package of the order (a platform-side event).
    pub fn deliver(&self, order_number: &str) -> Result<(), String> {
        self.finish_delivery(order_number, "Delivered")
    }

    /// The carrier could not deliver the shipped package of the order.
    pub fn undeliver(&self, order_number: &str) -> Result<(), String> {
        self.finish_delivery(order_number, "Undelivered")
    }

    fn finish_delivery(&self, order_number: &str, status: &str) -> Result<(), String> {
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        oms::finish_delivery(&mut state, order_number, status, now)?;
        self.writes.record(
            "package.status",
            order_number.to_owned(),
            status.to_owned(),
            now,
        );
        Ok(())
    }

    fn place(&self, lines: &[(&str, i64)], paid: bool) -> Result<String, String> {
        if lines.is_empty() {
            return Err("an order needs at least one line".into());
        }
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        let mut built = Vec::new();
        for (sku, quantity) in lines {
            if *quantity <= 0 {
                return Err(format!("{sku}: quantity must be positive"));
            }
            let listing = state
                .listings
                .get(*sku)
                .cloned()
                .ok_or_else(|| format!("{sku}: no such listing"))?;
            let wanted: i64 = lines
                .iter()
                .filter(|(s, _)| s == sku)
                .map(|(_, q)| *q)
                .sum();
            if wanted > listing.quantity {
                return Err(format!(
                    "{sku}: the listing shows {} in stock, {wanted} ordered",
                    listing.quantity
                ));
            }
            built.push((listing, *quantity));
        }
        for (listing, quantity) in &built {
            if let Some(l) = state.listings.get_mut(&listing.merchant_sku) {
                l.quantity -= quantity;
                l.last_modified_ms = now;
            }
        }
        let number = format!("{}", 4_100_000_000u64 + state.next());
        let customer = CUSTOMER_NAMES
            .choose(&mut state.rng)
            .copied()
            .unwrap_or("Ayşe Yılmaz")
            .to_owned();
        let lines = built
            .into_iter()
            .map(|(listing, quantity)| SimLine {
                line_id: state.uuid(),
                merchant_sku: listing.merchant_sku,
                hb_sku: listing.hb_sku,
                quantity,
                unit_price_minor: listing.sale_price_minor,
                status: "Open".into(),
                package_number: None,
            })
            .collect();
        state.orders.insert(
            number.clone(),
            Order {
                number: number.clone(),
                paid,
                date_text: None,
                customer_name: customer,
                ordered_at_ms: now,
                last_modified_ms: now,
                lines,
            },
        );
        Ok(number)
    }

    /// An order of one to three random listed products in stock, each within what its
    /// listing shows (for the demo's ticker).
    pub fn place_random_order(&self) -> Option<String> {
        let lines: Vec<(String, i64)> = {
            let mut state = self.inner.state();
            let stocked: Vec<(String, i64)> = state
                .listings
                .values()
                .filter(|l| l.quantity > 0)
                .map(|l| (l.merchant_sku.clone(), l.quantity))
                .collect();
            if stocked.is_empty() {
                return None;
            }
            let count = state.rng.gen_range(1..=3.min(stocked.len()));
            let picked: Vec<(String, i64)> = stocked
                .choose_multiple(&mut state.rng, count)
                .cloned()
                .collect();
            picked
                .into_iter()
                .map(|(s, stock)| {
                    let q = state.rng.gen_range(1..=3.min(stock));
                    (s, q)
                })
                .collect()
        };
        let borrowed: Vec<(&str, i64)> = lines.iter().map(|(s, q)| (s.as_str(), *q)).collect();
        self.place_order(&borrowed).ok()
    }

    /// The customer cancels the first live line of `merchant_sku` in order `package_id`.
    /// Returns the order number, which stays the package id.
    pub fn cancel_line(&self, package_id: &str, merchant_sku: &str) -> Option<String> {
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        let order = state.orders.get_mut(package_id)?;
        let line = order
            .lines
            .iter_mut()
            .find(|l| l.merchant_sku == merchant_sku && !l.cancelled())?;
        line.status = "Cancelled".into();
        let package_number = line.package_number.clone();
        order.last_modified_ms = now;
        let order_lines = order.lines.clone();
        if let Some(pn) = package_number
            && let Some(package) = state.packages.get_mut(&pn)
        {
            let all_cancelled = package.line_ids.iter().all(|id| {
                order_lines
                    .iter()
                    .any(|l| &l.line_id == id && l.cancelled())
            });
            if all_cancelled {
                package.status = "Cancelled".into();
            }
            package.last_modified_ms = now;
        }
        Some(package_id.to_owned())
    }

    /// The customer opens a return on the line of `merchant_sku` in order `package_id`.
    pub fn open_claim(&self, package_id: &str, merchant_sku: &str) -> Option<String> {
        self.claim_with_status(package_id, merchant_sku, "NewRequest")
    }

    /// A return that waits for the merchant's pre-approval (`AwaitingPreApproval`): it must be
    /// pre-approved (`preapprovalconfirm`) before anything else.
    pub fn open_claim_awaiting_pre_approval(
        &self,
        package_id: &str,
        merchant_sku: &str,
    ) -> Option<String> {
        self.claim_with_status(package_id, merchant_sku, "AwaitingPreApproval")
    }

    fn claim_with_status(
        &self,
        package_id: &str,
        merchant_sku: &str,
        status: &str,
    ) -> Option<String> {
        let now = self.clock.now_ms();
        let mut state = self.inner.state();
        let line = state
            .orders
            .get(package_id)?
            .lines
            .iter()
            .find(|l| l.merchant_sku == merchant_sku && !l.cancelled())?
            .clone();
        let number = format!("{}", 7_200_000_000u64 + state.next());
        let reason = [
            "Beden uymadı",
            "Ürün hasarlı geldi",
            "Vazgeçtim",
            "Yanlış ürün",
        ]
        .choose(&mut state.rng)
        .copied()
        .unwrap_or("Vazgeçtim")
        .to_owned();
        state.claims.insert(
            number.clone(),
            SimClaim {
                claim_number: number.clone(),
                order_number: package_id.to_owned(),
                line_id: line.line_id,
                merchant_sku: line.merchant_sku,
                quantity: line.quantity,
                reason,
                status: status.into(),
                created_at_ms: now,
                last_modified_ms: now,
            },
        );
        Some(number)
    }

    /// An order and its package by order number.
    pub fn package(&self, package_id: &str) -> Option<SimPackage> {
        let state = self.inner.state();
        let order = state.orders.get(package_id)?;
        Some(state.package_view(order))
    }

    pub fn claim(&self, claim_id: &str) -> Option<SimClaim> {
        self.inner.state().claims.get(claim_id).cloned()
    }
}

fn router(inner: Arc<Inner>, faults: Arc<Faults>) -> Router {
    let api = Router::new()
        // mpop: catalogue and categories.
        .route(
            "/product/api/categories/get-all-categories",
            get(catalog::categories),
        )
        .route(
            "/product/api/categories/{category_id}/attributes",
            get(catalog::attributes),
        )
        .route(
            "/product/api/categories/{category_id}/attribute/{attribute_id}/values",
            get(catalog::attribute_values),
        )
        .route("/product/api/products/import", post(catalog::import))
        .route(
            "/product/api/products/status/{tracking_id}",
            get(catalog::status),
        )
        .route(
            "/product/api/products/all-products-of-merchant/{merchant_id}",
            get(catalog::all_products),
        )
        // listing-external: listings, stock and price uploads.
        .route("/listings/merchantid/{merchant_id}", get(listings::list))
        .route(
            "/listings/merchantid/{merchant_id}/stock-uploads",
            post(listings::stock_upload),
        )
        .route(
            "/listings/merchantid/{merchant_id}/stock-uploads/id/{id}",
            get(listings::stock_result),
        )
        .route(
            "/listings/merchantid/{merchant_id}/price-uploads",
            post(listings::price_upload),
        )
        .route(
            "/listings/merchantid/{merchant_id}/price-uploads/id/{id}",
            get(listings::price_result),
        )
        // oms-external: orders, packages, claims.
        .route("/orders/merchantId/{merchant_id}", get(oms::open_orders))
        .route(
            "/orders/merchantId/{merchant_id}/cancelled",
            get(oms::cancelled_orders),
        )
        .route(
            "/orders/merchantId/{merchant_id}/paymentawaiting",
            get(oms::payment_awaiting_orders),
        )
        .route(
            "/packages/merchantId/{merchant_id}/shipped",
            get(oms::shipped_packages),
        )
        .route(
            "/packages/merchantId/{merchant_id}/delivered",
            get(oms::delivered_packages),
        )
        .route(
            "/packages/merchantId/{merchant_id}/undelivered",
            get(oms::undelivered_packages),
        )
        .route(
            "/orders/merchantId/{merchant_id}/ordernumber/{order_number}",
            get(oms::order_detail),
        )
        .route(
            "/packages/merchantId/{merchant_id}",
            get(oms::packages).post(oms::pack),
        )
        .route(
            "/packages/merchantId/{merchant_id}/packagenumber/{package_number}",
            get(oms::package_detail),
        )
        .route(
            "/packages/merchantId/{merchant_id}/packagenumber/{package_number}/invoice",
            put(oms::invoice),
        )
        .route(
            "/packages/merchantId/{merchant_id}/packagenumber/{package_number}/intransit",
            post(oms::intransit),
        )
        .route("/claims/merchantId/{merchant_id}", get(oms::claims))
        .route(
            "/claims/number/{claim_number}/accept",
            post(oms::accept_claim),
        )
        .route(
            "/claims/number/{claim_number}/preapprovalconfirm",
            post(oms::preapprove_claim),
        )
        .with_state(inner);
    api.layer(axum::middleware::from_fn_with_state(faults, faults::inject))
}
