//! The platform-neutral model the sync engine speaks. Money is in minor units (kuruş) and times
//! in epoch milliseconds, as everywhere else in PofuAi; connectors convert at the edge.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteCategory {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// Products can only be listed in leaf categories.
    pub leaf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteAttribute {
    pub id: String,
    pub name: String,
    pub required: bool,
    /// Free text is accepted instead of one of `values`.
    pub allow_custom: bool,
    pub values: Vec<RemoteAttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteAttributeValue {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteBrand {
    pub id: String,
    pub name: String,
}

/// An attribute value already mapped to the platform's ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingAttribute {
    pub attribute_id: String,
    /// The platform's value id, when the value is one of its list.
    pub value_id: Option<String>,
    /// Free text (or the value's name, for platforms keyed by name).
    pub value: String,
}

/// One sellable variant, ready for a platform: category, brand and attributes are already
/// mapped to the platform's references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingItem {
    pub barcode: String,
    /// Our stock code; Trendyol `stockCode`, Hepsiburada `merchantSku`.
    pub stock_code: String,
    /// Groups variants of one product (Trendyol `productMainId`, Hepsiburada `VaryantGroupID`).
    pub group_code: String,
    pub title: String,
    pub description: String,
    pub brand: RemoteBrand,
    pub category_id: String,
    pub attributes: Vec<ListingAttribute>,
    /// HTTPS image URLs, at most 8 (Trendyol) / 5 (Hepsiburada); connectors cut the rest.
    pub images: Vec<String>,
    pub quantity: i64,
    pub sale_price_minor: i64,
    /// The crossed-out price; at least `sale_price_minor`.
    pub list_price_minor: i64,
    pub vat_rate: u8,
    pub currency: String,
    /// Desi.
    pub dimensional_weight: u32,
    /// Whether the platform already lists this item, when the caller knows (from its own
    /// records); None makes the connector ask the platform. Not part of the content.
    #[serde(skip)]
    pub listed: Option<bool>,
}

impl ListingItem {
    /// The key the platform knows the item by in batch results and listings.
    pub fn key<'a>(&'a self, connector: &crate::Connector) -> &'a str {
        connector.item_key(&self.barcode, &self.stock_code)
    }
}

/// A price and stock row. Platforms take both together or separately; connectors decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceStock {
    pub barcode: String,
    pub stock_code: String,
    pub quantity: i64,
    pub sale_price_minor: i64,
    pub list_price_minor: i64,
}

/// The handle of an asynchronous platform batch. Opaque to callers; stored in job checkpoints so
/// a restarted worker polls the batch instead of sending it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchTicket(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    /// False while the platform is still processing; poll again later.
    pub done: bool,
    pub items: Vec<ItemOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    /// Barcode (Trendyol) or merchantSku (Hepsiburada): see [`ListingItem::key`].
    pub key: String,
    pub ok: bool,
    /// The platform's id for the item, when it gives one (Hepsiburada hbSku).
    pub remote_id: Option<String>,
    /// The platform's reasons, verbatim, when `ok` is false.
    pub errors: Vec<String>,
    /// The platform manages this item's stock and price itself (a Hepsiburada listing
    /// fulfilled by Hepsiburada): nothing was written, and nothing should be.
    #[serde(default)]
    pub channel_managed: bool,
}

/// One page of order packages, by last-modified window and cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderQuery {
    /// Inclusive lower bound on the package's last modification.
    pub modified_from_ms: i64,
    /// Exclusive upper bound.
    pub modified_to_ms: i64,
    /// The connector's own paging state from the previous [`OrderPage::next`]; None for the first page.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub packages: Vec<RemotePackage>,
    /// Paging state for the next page; None when this was the last.
    pub next: Option<String>,
    /// Orders on this page the connector could not read (an unreadable date, a missing
    /// number): never dropped silently, the caller logs each one.
    #[serde(default)]
    pub problems: Vec<OrderProblem>,
}

/// An order the platform listed that the connector could not turn into a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderProblem {
    /// The order number (or whatever identifies the row).
    pub key: String,
    pub message: String,
}

/// Our normalised view of the platform's package status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Payment not confirmed: reserve stock, do not ship (Trendyol's `Awaiting`).
    Awaiting,
    /// Payment not made yet (Hepsiburada's payment-awaiting list): shown to the seller, holds
    /// no stock until it is paid.
    Unpaid,
    Created,
    Picking,
    Invoiced,
    Shipped,
    Delivered,
    Undelivered,
    Cancelled,
    Returned,
    Other,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Awaiting => "awaiting",
            OrderStatus::Unpaid => "unpaid",
            OrderStatus::Created => "created",
            OrderStatus::Picking => "picking",
            OrderStatus::Invoiced => "invoiced",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Undelivered => "undelivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Returned => "returned",
            OrderStatus::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemotePackage {
    /// Trendyol shipmentPackageId; Hepsiburada package number (or the order number while the
    /// lines are not packed yet).
    pub package_id: String,
    pub order_number: String,
    pub status: OrderStatus,
    /// The platform's own status word, kept for display and debugging.
    pub platform_status: String,
    pub customer_name: String,
    pub total_minor: i64,
    pub currency: String,
    pub ordered_at_ms: i64,
    pub last_modified_ms: i64,
    pub cargo_tracking_number: Option<String>,
    pub lines: Vec<RemoteLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteLine {
    pub line_id: String,
    pub barcode: String,
    pub stock_code: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub cancelled: bool,
}

/// What a seller may set on a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StatusPush {
    Picking,
    /// Trendyol takes the invoice number as optional; Hepsiburada wants the invoice link with
    /// the number.
    Invoiced {
        #[serde(default)]
        invoice_number: Option<String>,
        #[serde(default)]
        invoice_link: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimPage {
    pub claims: Vec<RemoteClaim>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteClaim {
    pub claim_id: String,
    pub order_number: String,
    pub status: String,
    pub created_at_ms: i64,
    pub last_modified_ms: i64,
    pub lines: Vec<RemoteClaimLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteClaimLine {
    pub claim_line_id: String,
    pub barcode: String,
    pub quantity: i64,
    pub reason: String,
    pub status: String,
}

/// A buyer's question about a product (Trendyol qna).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteQuestion {
    pub id: String,
    pub barcode: Option<String>,
    pub product_name: String,
    pub text: String,
    /// The platform's word: `WAITING_FOR_ANSWER`, `ANSWERED`, …
    pub status: String,
    pub created_at_ms: i64,
    pub answer: Option<String>,
}

/// Questions asked in a window, optionally in one status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuestionQuery {
    pub from_ms: i64,
    pub to_ms: i64,
    pub status: Option<String>,
    /// Only the questions about this barcode.
    #[serde(default)]
    pub barcode: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionPage {
    pub questions: Vec<RemoteQuestion>,
    pub next: Option<String>,
}
