//! Trendyol seller API simulator ("Partner API", `/integration/...`), following §1 of
//! `shared/reference/platform-apis.md`. It is the test oracle for the Trendyol connector: it
//! enforces paths, methods, Basic auth, the mandatory User-Agent, field rules, batch limits,
//! asynchronous batches with per-item failures, per-endpoint rate limits, the 15-minute
//! duplicate rule of price-and-inventory and the order paging limits.
//!
//! Tests and the demo drive the buyer side through methods on [`TrendyolSim`] (place an order,
//! cancel a line, open a claim) and read state back (listings, packages, claims).

mod api;
mod extra;
mod seed;
mod strict;

pub use strict::Strictness;

pub use extra::{ListingFlags, SimQuestion};

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::{Faults, RateLimiter, Running, SandboxClock, WriteLog};

pub use crate::SimOptions;

/// A product the simulated seller has listed, keyed by barcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimListing {
    pub barcode: String,
    pub title: String,
    pub stock_code: String,
    pub product_main_id: String,
    pub brand_id: i64,
    pub category_id: i64,
    pub description: String,
    pub images: Vec<String>,
    /// (attributeId, attributeValueId or custom text)
    pub attributes: Vec<(i64, String)>,
    pub quantity: i64,
    pub sale_price_minor: i64,
    pub list_price_minor: i64,
    pub vat_rate: u8,
    pub cargo_company_id: i64,
    /// The simulator approves products when it accepts them; approved products keep their
    /// brand and category on updates, as the platform requires.
    pub approved: bool,
    pub created_ms: i64,
    pub last_modified_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimLine {
    pub id: String,
    pub barcode: String,
    pub merchant_sku: String,
    pub product_name: String,
    /// `productColor` and `productSize`: the listing's colour and size attribute values.
    pub product_color: Option<String>,
    pub product_size: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// `orderLineItemStatusName`: Created, Picking, Invoiced, Cancelled, ...
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimPackage {
    /// shipmentPackageId.
    pub id: String,
    pub order_number: String,
    pub status: String,
    pub customer_first_name: String,
    pub customer_last_name: String,
    pub tracking_number: Option<String>,
    pub invoice_number: Option<String>,
    pub lines: Vec<SimLine>,
    pub order_date_ms: i64,
    pub last_modified_ms: i64,
    /// (createdDate, status), oldest first.
    pub history: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimClaimItem {
    /// claimLineItemId: the id approve takes.
    pub id: String,
    pub line_id: String,
    pub barcode: String,
    pub reason: String,
    /// Created, WaitingInAction, Accepted, ...
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimClaim {
    pub id: String,
    pub order_number: String,
    pub package_id: String,
    pub items: Vec<SimClaimItem>,
    pub claim_date_ms: i64,
    pub last_modified_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Category {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct CategoryAttribute {
    pub id: i64,
    pub name: String,
    pub required: bool,
    pub allow_custom: bool,
    pub varianter: bool,
    pub slicer: bool,
    pub values: Vec<(i64, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Batch {
    pub id: String,
    /// ProductCreate, ProductUpdate, PriceAndInventoryUpdate (`batchRequestType`).
    pub kind: &'static str,
    pub created_ms: i64,
    pub polls: u32,
    /// (requestItem as sent, failure reasons; empty = SUCCESS)
    pub items: Vec<(serde_json::Value, Vec<String>)>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub categories: Vec<Category>,
    pub attributes: HashMap<i64, Vec<CategoryAttribute>>,
    pub brands: Vec<(i64, String)>,
    pub listings: BTreeMap<String, SimListing>,
    pub batches: HashMap<String, Batch>,
    /// Canonical price-and-inventory bodies accepted, with when: the 15-minute rule.
    pub inventory_bodies: HashMap<String, i64>,
    pub packages: BTreeMap<i64, SimPackage>,
    pub claims: BTreeMap<String, SimClaim>,
    /// Panel-side listing states (archived, rejected, blacklisted), by barcode.
    pub flags: HashMap<String, ListingFlags>,
    pub questions: BTreeMap<i64, SimQuestion>,
    pub rng: StdRng,
    pub next_package: i64,
    pub next_line: i64,
    pub next_order: i64,
    pub next_claim_item: i64,
}

impl State {
    pub fn is_leaf(&self, id: i64) -> bool {
        self.categories.iter().any(|c| c.id == id)
            && !self.categories.iter().any(|c| c.parent_id == Some(id))
    }

    /// A UUID from the seeded generator, so runs replay.
    pub fn new_uuid(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.r#gen();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// Trendyol's batchRequestId shape: `<uuid>-<epoch ms>`.
    pub fn new_batch_id(&mut self, now_ms: i64) -> String {
        format!("{}-{now_ms}", self.new_uuid())
    }
}

pub(crate) struct Shared {
    pub options: SimOptions,
    pub state: Mutex<State>,
    pub limiter: RateLimiter,
    pub clock: SandboxClock,
    pub writes: Arc<WriteLog>,
    /// Locked after `state` when both are needed.
    pub strict: Mutex<strict::Strict>,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
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

/// A running Trendyol simulator.
pub struct TrendyolSim {
    pub running: Running,
    pub faults: Arc<Faults>,
    pub writes: Arc<WriteLog>,
    pub clock: SandboxClock,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for TrendyolSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrendyolSim")
            .field("base_url", &self.running.base_url)
            .field("seller_id", &self.shared.options.seller_id)
            .finish_non_exhaustive()
    }
}

impl TrendyolSim {
    /// The least time the requests served so far could have taken under the rate limits.
    pub fn minimum_time_allowed(&self) -> std::time::Duration {
        self.shared.limiter.minimum_time()
    }

    /// Per rate-limit key (`{endpoint}/10s`, `{endpoint}/min`): the most requests clients
    /// offered in any one window, and how many the limit refused with 429. Injected 429
    /// faults are not counted here.
    pub fn rate_limit_stats(&self) -> std::collections::HashMap<String, crate::limits::Offered> {
        self.shared.limiter.offered()
    }

    pub async fn spawn(options: SimOptions) -> std::io::Result<Self> {
        let faults = Arc::new(Faults::new(options.seed));
        let writes = Arc::new(WriteLog::default());
        let clock = SandboxClock::default();
        let state = seed::initial_state(options.seed);
        let shared = Arc::new(Shared {
            options: options.clone(),
            state: Mutex::new(state),
            limiter: RateLimiter::default(),
            clock: clock.clone(),
            writes: writes.clone(),
            strict: Mutex::new(strict::Strict::default()),
        });
        let router = api::router(shared.clone(), faults.clone());
        let running = crate::serve(router, options.addr).await?;
        Ok(TrendyolSim {
            running,
            faults,
            writes,
            clock,
            shared,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.running.base_url
    }

    /// The options it was started with (seller and credentials).
    pub fn options_view(&self) -> &SimOptions {
        &self.shared.options
    }

    pub fn seller_id(&self) -> &str {
        &self.shared.options.seller_id
    }

    /// Switches the time and field rules of [`Strictness`]; applies to requests from now on.
    pub fn set_strictness(&self, strictness: Strictness) {
        self.shared.strict().strictness = strictness;
    }

    /// Whether the product list shows `barcode` now (held and past its listing lag).
    pub fn is_listed(&self, barcode: &str) -> bool {
        let now = self.clock.now_ms();
        let held = self.shared.lock().listings.contains_key(barcode);
        held && self.shared.strict().listed(barcode, now)
    }

    pub fn listing_count(&self) -> usize {
        self.shared.lock().listings.len()
    }

    pub fn listing(&self, barcode: &str) -> Option<SimListing> {
        self.shared.lock().listings.get(barcode).cloned()
    }

    /// Every listed barcode, sorted.
    pub fn barcodes(&self) -> Vec<String> {
        self.shared.lock().listings.keys().cloned().collect()
    }

    /// Lists a product directly (no HTTP, no write log): for tests and demos that need
    /// listings to order from.
    pub fn add_listing(&self, barcode: &str, title: &str, quantity: i64, sale_price_minor: i64) {
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let brand_id = state.brands.first().map(|b| b.0).unwrap_or(0);
        state.listings.insert(
            barcode.to_owned(),
            SimListing {
                barcode: barcode.to_owned(),
                title: title.to_owned(),
                stock_code: format!("SKU-{barcode}"),
                product_main_id: barcode.to_owned(),
                brand_id,
                category_id: seed::EV_YASAM,
                description: String::new(),
                images: Vec::new(),
                attributes: Vec::new(),
                quantity,
                sale_price_minor,
                list_price_minor: sale_price_minor,
                vat_rate: 20,
                cargo_company_id: 17,
                approved: true,
                created_ms: now,
                last_modified_ms: now,
            },
        );
    }

    /// A buyer orders `lines` of (barcode, quantity). The price is the listing's sale price.
    /// Returns the shipmentPackageId. A marketplace sells only what the listing shows: a line
    /// above the listing's stock is refused, and each sale lowers the listing's stock.
    pub fn place_order(&self, lines: &[(&str, i64)]) -> Result<String, String> {
        if lines.is_empty() {
            return Err("an order needs at least one line".into());
        }
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let mut sim_lines = Vec::new();
        for (barcode, quantity) in lines {
            if *quantity <= 0 {
                return Err(format!("quantity of {barcode} must be positive"));
            }
            let listing = state
                .listings
                .get(*barcode)
                .ok_or_else(|| format!("{barcode} is not listed"))?
                .clone();
            let wanted: i64 = lines
                .iter()
                .filter(|(b, _)| b == barcode)
                .map(|(_, q)| *q)
                .sum();
            if wanted > listing.quantity {
                return Err(format!(
                    "{barcode}: the listing shows {} in stock, {wanted} ordered",
                    listing.quantity
                ));
            }
            let (color, size) = api::colour_and_size(&state, &listing);
            state.next_line += 1;
            sim_lines.push(SimLine {
                id: state.next_line.to_string(),
                barcode: listing.barcode.clone(),
                merchant_sku: listing.stock_code.clone(),
                product_name: listing.title.clone(),
                product_color: color,
                product_size: size,
                quantity: *quantity,
                unit_price_minor: listing.sale_price_minor,
                status: "Created".into(),
            });
        }
        for (barcode, quantity) in lines {
            if let Some(l) = state.listings.get_mut(*barcode) {
                l.quantity -= quantity;
                l.last_modified_ms = now;
            }
        }
        let first = seed::FIRST_NAMES
            .choose(&mut state.rng)
            .copied()
            .unwrap_or("Ayşe");
        let last = seed::LAST_NAMES
            .choose(&mut state.rng)
            .copied()
            .unwrap_or("Yılmaz");
        state.next_package += 1;
        state.next_order += 1;
        let id = state.next_package;
        let package = SimPackage {
            id: id.to_string(),
            order_number: state.next_order.to_string(),
            status: "Created".into(),
            customer_first_name: first.into(),
            customer_last_name: last.into(),
            tracking_number: None,
            invoice_number: None,
            lines: sim_lines,
            order_date_ms: now,
            last_modified_ms: now,
            history: vec![(now, "Created".into())],
        };
        state.packages.insert(id, package);
        Ok(id.to_string())
    }

    /// Orders 1–3 random listed products in stock, 1–2 of each and never more than the
    /// listing shows (the demo's order ticker). None when nothing is in stock.
    pub fn place_random_order(&self) -> Option<String> {
        let picks: Vec<(String, i64)> = {
            let mut state = self.shared.lock();
            let stocked: Vec<(String, i64)> = state
                .listings
                .values()
                .filter(|l| l.quantity > 0)
                .map(|l| (l.barcode.clone(), l.quantity))
                .collect();
            if stocked.is_empty() {
                return None;
            }
            let count = state.rng.gen_range(1..=3usize).min(stocked.len());
            let chosen: Vec<(String, i64)> = stocked
                .choose_multiple(&mut state.rng, count)
                .cloned()
                .collect();
            chosen
                .into_iter()
                .map(|(b, stock)| {
                    let q = state.rng.gen_range(1..=2.min(stock));
                    (b, q)
                })
                .collect()
        };
        let lines: Vec<(&str, i64)> = picks.iter().map(|(b, q)| (b.as_str(), *q)).collect();
        self.place_order(&lines).ok()
    }

    /// The buyer (or the platform) cancels the line with `barcode`. The old package becomes
    /// Cancelled with all its lines; the remaining lines move to a new package with a new id
    /// and the same orderNumber, whose id is returned. When no line remains, the old id is
    /// returned. None when the package or an active line with that barcode is not found, or the
    /// package is past the point where lines can be cancelled.
    pub fn cancel_line(&self, package_id: &str, barcode: &str) -> Option<String> {
        let id: i64 = package_id.parse().ok()?;
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let old = state.packages.get(&id)?.clone();
        if !matches!(
            old.status.as_str(),
            "Awaiting" | "Created" | "Picking" | "Invoiced"
        ) {
            return None;
        }
        let position = old
            .lines
            .iter()
            .position(|l| l.barcode == barcode && l.status != "Cancelled")?;
        let remaining: Vec<SimLine> = old
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| *i != position && l.status != "Cancelled")
            .map(|(_, l)| l.clone())
            .collect();
        if let Some(p) = state.packages.get_mut(&id) {
            p.status = "Cancelled".into();
            for line in &mut p.lines {
                line.status = "Cancelled".into();
            }
            p.last_modified_ms = now;
            p.history.push((now, "Cancelled".into()));
        }
        if remaining.is_empty() {
            return Some(id.to_string());
        }
        state.next_package += 1;
        let new_id = state.next_package;
        let package = SimPackage {
            id: new_id.to_string(),
            // A re-created package gets a new cargo barcode: the tracking number is not carried.
            tracking_number: None,
            lines: remaining,
            last_modified_ms: now,
            history: vec![(now, old.status.clone())],
            ..old
        };
        state.packages.insert(new_id, package);
        Some(new_id.to_string())
    }

    /// The buyer opens a return on the line with `barcode`: one claim item per unit.
    pub fn open_claim(&self, package_id: &str, barcode: &str) -> Option<String> {
        let id: i64 = package_id.parse().ok()?;
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let package = state.packages.get(&id)?.clone();
        let line = package
            .lines
            .iter()
            .find(|l| l.barcode == barcode && l.status != "Cancelled")?
            .clone();
        let reason = seed::CLAIM_REASONS
            .choose(&mut state.rng)
            .copied()
            .unwrap_or("Vazgeçtim");
        let mut items = Vec::new();
        for _ in 0..line.quantity.max(1) {
            state.next_claim_item += 1;
            items.push(SimClaimItem {
                id: state.next_claim_item.to_string(),
                line_id: line.id.clone(),
                barcode: line.barcode.clone(),
                reason: reason.into(),
                status: "WaitingInAction".into(),
            });
        }
        let claim_id = state.new_uuid();
        state.claims.insert(
            claim_id.clone(),
            SimClaim {
                id: claim_id.clone(),
                order_number: package.order_number.clone(),
                package_id: package.id.clone(),
                items,
                claim_date_ms: now,
                last_modified_ms: now,
            },
        );
        Some(claim_id)
    }

    /// Moves a package to any status, as the carrier or the platform would (Shipped,
    /// Delivered, ...). Not a seller action: nothing is written to the write log.
    pub fn set_package_status(&self, package_id: &str, status: &str) -> bool {
        let Ok(id) = package_id.parse::<i64>() else {
            return false;
        };
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let Some(p) = state.packages.get_mut(&id) else {
            return false;
        };
        p.status = status.to_owned();
        for line in &mut p.lines {
            if line.status != "Cancelled" {
                line.status = status.to_owned();
            }
        }
        p.last_modified_ms = now;
        p.history.push((now, status.to_owned()));
        true
    }

    pub fn package(&self, package_id: &str) -> Option<SimPackage> {
        let id: i64 = package_id.parse().ok()?;
        self.shared.lock().packages.get(&id).cloned()
    }

    /// Every package, oldest id first.
    pub fn packages(&self) -> Vec<SimPackage> {
        self.shared.lock().packages.values().cloned().collect()
    }

    pub fn claim(&self, claim_id: &str) -> Option<SimClaim> {
        self.shared.lock().claims.get(claim_id).cloned()
    }

    /// Sets a listing's panel-side states (archived, rejected, blacklisted).
    pub fn set_listing_flags(&self, barcode: &str, flags: ListingFlags) -> bool {
        let mut state = self.shared.lock();
        if !state.listings.contains_key(barcode) {
            return false;
        }
        state.flags.insert(barcode.to_owned(), flags);
        true
    }

    /// Sets whether a listing is approved (content review passed).
    pub fn set_approved(&self, barcode: &str, approved: bool) -> bool {
        let mut state = self.shared.lock();
        match state.listings.get_mut(barcode) {
            Some(l) => {
                l.approved = approved;
                true
            }
            None => false,
        }
    }

    /// A buyer asks a question about a listed product; returns the question id.
    pub fn ask_question(&self, barcode: &str, text: &str) -> Option<i64> {
        let now = self.clock.now_ms();
        let mut state = self.shared.lock();
        let listing = state.listings.get(barcode)?.clone();
        let id = 5_000_000 + i64::try_from(state.questions.len()).unwrap_or(0) + 1;
        let user = seed::FIRST_NAMES
            .choose(&mut state.rng)
            .copied()
            .unwrap_or("Ayşe");
        state.questions.insert(
            id,
            SimQuestion {
                id,
                barcode: barcode.to_owned(),
                product_name: listing.title,
                product_main_id: listing.product_main_id,
                text: text.to_owned(),
                user_name: format!("{}***", user.chars().next().unwrap_or('A')),
                created_ms: now,
                status: "WAITING_FOR_ANSWER".into(),
                answer: None,
            },
        );
        Some(id)
    }

    /// Every question, oldest id first.
    pub fn questions(&self) -> Vec<SimQuestion> {
        self.shared.lock().questions.values().cloned().collect()
    }

    /// Sets a question's platform status (REPORTED, REJECTED, UNANSWERED, …) as the platform's
    /// moderation would; false when there is no such question.
    pub fn set_question_status(&self, id: i64, status: &str) -> bool {
        match self.shared.lock().questions.get_mut(&id) {
            Some(q) => {
                q.status = status.to_owned();
                true
            }
            None => false,
        }
    }

    /// Answers a question as the seller would in the platform's own panel, at simulator time
    /// `at`; false when there is no such question.
    pub fn answer_in_panel(&self, id: i64, text: &str, at: i64) -> bool {
        match self.shared.lock().questions.get_mut(&id) {
            Some(q) => {
                q.status = "ANSWERED".into();
                q.answer = Some((text.to_owned(), at));
                true
            }
            None => false,
        }
    }

    pub fn question(&self, id: i64) -> Option<SimQuestion> {
        self.shared.lock().questions.get(&id).cloned()
    }

    /// How many batches (product and price/stock) the simulator accepted.
    pub fn batch_count(&self) -> usize {
        self.shared.lock().batches.len()
    }

    /// Product batches (creates and updates) in the order accepted: (accepted at, processing
    /// finished at, items), in simulator milliseconds. Shows how many were processing at once.
    pub fn product_batch_times(&self) -> Vec<(i64, i64, usize)> {
        let state = self.shared.lock();
        let strict = self.shared.strict();
        let mut out: Vec<(i64, i64, usize)> = state
            .batches
            .values()
            .filter(|b| b.kind != "PriceAndInventoryUpdate")
            .map(|b| {
                (
                    b.created_ms,
                    strict.processed_at(b.created_ms),
                    b.items.len(),
                )
            })
            .collect();
        out.sort_unstable();
        out
    }
}
