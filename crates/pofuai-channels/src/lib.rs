//! Sales-channel connectors.
//!
//! Each connector speaks one platform's documented seller API (see
//! `../shared/reference/platform-apis.md`) and translates it to the platform-neutral model in
//! [`model`]. Connectors hold no state beyond an HTTP client and credentials: what was pushed,
//! mappings, cursors and retries belong to the caller (the sync engine in `pofuai-web`), which
//! keeps them durable.
//!
//! Connectors do not retry on their own. A call either succeeds or returns a [`ChannelError`]
//! that says whether retrying can help and, for 429, how long the platform asked us to wait;
//! [`retry::Backoff`] is the one policy callers use.

pub mod error;
pub mod hepsiburada;
pub mod model;
pub mod pacer;
pub mod retry;
pub mod trendyol;

use std::time::Duration;

pub use error::ChannelError;
pub use model::*;

/// Where and as whom a connector talks.
#[derive(Clone)]
pub struct Endpoint {
    /// Scheme and host (and an optional path prefix), without a trailing slash, e.g.
    /// `https://apigw.trendyol.com` or a local simulator's `http://127.0.0.1:4100`.
    pub base_url: String,
    /// The seller's id on the platform (Trendyol sellerId, Hepsiburada merchantId).
    pub seller_id: String,
    pub username: String,
    pub password: String,
    /// Sent as the integrator part of the User-Agent.
    pub integrator: String,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// The address the base URL's host was checked to resolve to; connections go there and
    /// nowhere else, so a DNS answer that changes after the check cannot redirect them.
    pub pinned: Option<std::net::SocketAddr>,
}

impl Endpoint {
    /// The HTTP client settings every connector starts from: timeout, pinned address, no redirects (a platform
    /// API never redirects a write; following one could leak credentials to another host).
    pub fn client_builder(&self) -> Result<reqwest::ClientBuilder, ChannelError> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(addr) = self.pinned {
            let url = url::Url::parse(&self.base_url)
                .map_err(|e| ChannelError::Invalid(format!("base URL: {e}")))?;
            if let Some(host) = url.host_str() {
                builder = builder.resolve(host, addr);
            }
        }
        Ok(builder)
    }
}

impl std::fmt::Debug for Endpoint {
    // Credentials never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("seller_id", &self.seller_id)
            .field("username", &"<redacted>")
            .field("password", &"<redacted>")
            .field("integrator", &self.integrator)
            .field("timeout", &self.timeout)
            .field("pinned", &self.pinned)
            .finish()
    }
}

/// The connectors we implement fully. Enum dispatch keeps the calls `async fn` without boxing.
#[derive(Debug, Clone)]
pub enum Connector {
    Trendyol(trendyol::Trendyol),
    Hepsiburada(hepsiburada::Hepsiburada),
}

/// Dispatches a method call to whichever connector this is.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Connector::Trendyol(c) => c.$method($($arg),*).await,
            Connector::Hepsiburada(c) => c.$method($($arg),*).await,
        }
    };
}

impl Connector {
    /// Builds the connector for a catalogue name (`trendyol`, `hepsiburada`), or None when we
    /// have no connector for it.
    pub fn for_platform(name: &str, endpoint: Endpoint) -> Result<Option<Connector>, ChannelError> {
        Ok(match name {
            "trendyol" => Some(Connector::Trendyol(trendyol::Trendyol::new(endpoint)?)),
            "hepsiburada" => Some(Connector::Hepsiburada(hepsiburada::Hepsiburada::new(
                endpoint,
            )?)),
            _ => None,
        })
    }

    /// Gives the connector the gate its requests take turns at (see [`pacer`]). Only
    /// Trendyol documents a per-endpoint limit; Hepsiburada's listings publish none.
    pub fn with_pacer(self, pacer: std::sync::Arc<dyn pacer::PaceGate>) -> Connector {
        match self {
            Connector::Trendyol(c) => Connector::Trendyol(c.with_pacer(pacer)),
            other => other,
        }
    }

    pub fn platform(&self) -> &'static str {
        match self {
            Connector::Trendyol(_) => "trendyol",
            Connector::Hepsiburada(_) => "hepsiburada",
        }
    }

    /// The key the platform knows an item by, in batch results and listings: the barcode on
    /// Trendyol, the merchant SKU (our stock code) on Hepsiburada.
    pub fn item_key<'a>(&self, barcode: &'a str, stock_code: &'a str) -> &'a str {
        match self {
            Connector::Trendyol(_) => barcode,
            Connector::Hepsiburada(_) => stock_code,
        }
    }

    /// What the platform would refuse in `item`, each problem naming the field, so it is
    /// never sent. Hepsiburada's rules live with its connector.
    pub fn listing_problems(&self, item: &ListingItem) -> Vec<String> {
        match self {
            Connector::Trendyol(_) => trendyol::listing_problems(item),
            Connector::Hepsiburada(_) => Vec::new(),
        }
    }

    /// Whether a failed create item's reasons say the platform already holds the item: the
    /// caller links it rather than create it again.
    pub fn is_duplicate_create(&self, errors: &[String]) -> bool {
        match self {
            Connector::Trendyol(_) => trendyol::is_duplicate_create(errors),
            Connector::Hepsiburada(_) => errors.iter().any(|e| {
                let e = e.to_lowercase();
                e.contains("already exists") || e.contains("zaten")
            }),
        }
    }

    /// The largest batch one write call accepts.
    pub fn max_batch(&self) -> usize {
        1000
    }

    /// What the platform would refuse in this item, each naming its field, so the caller can
    /// fail it without a round trip. Empty when nothing is known to be refused.
    pub fn refusals(&self, item: &ListingItem) -> Vec<String> {
        match self {
            Connector::Trendyol(_) => Vec::new(),
            Connector::Hepsiburada(_) => hepsiburada::Hepsiburada::refusals(item),
        }
    }

    /// Tries the credentials with a cheap authenticated read.
    pub async fn test(&self) -> Result<(), ChannelError> {
        dispatch!(self.test())
    }

    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, ChannelError> {
        dispatch!(self.categories())
    }

    pub async fn category_attributes(
        &self,
        category_id: &str,
    ) -> Result<Vec<RemoteAttribute>, ChannelError> {
        dispatch!(self.category_attributes(category_id))
    }

    /// Resolves a brand name to the platform's brand reference, None when unknown.
    pub async fn brand(&self, name: &str) -> Result<Option<RemoteBrand>, ChannelError> {
        dispatch!(self.brand(name))
    }

    /// Starts an asynchronous create-or-update of at most [`Connector::max_batch`] listings.
    pub async fn push_products(&self, items: &[ListingItem]) -> Result<BatchTicket, ChannelError> {
        dispatch!(self.push_products(items))
    }

    pub async fn product_batch(&self, ticket: &BatchTicket) -> Result<BatchOutcome, ChannelError> {
        dispatch!(self.product_batch(ticket))
    }

    /// Which of these keys (barcode on Trendyol, merchantSku on Hepsiburada) the platform
    /// already holds: used to reconcile a push whose answer was lost.
    pub async fn existing_products(&self, keys: &[String]) -> Result<Vec<String>, ChannelError> {
        dispatch!(self.existing_products(keys))
    }

    pub async fn push_price_stock(&self, rows: &[PriceStock]) -> Result<BatchTicket, ChannelError> {
        dispatch!(self.push_price_stock(rows))
    }

    pub async fn price_stock_batch(
        &self,
        ticket: &BatchTicket,
    ) -> Result<BatchOutcome, ChannelError> {
        dispatch!(self.price_stock_batch(ticket))
    }

    pub async fn orders(&self, query: &OrderQuery) -> Result<OrderPage, ChannelError> {
        dispatch!(self.orders(query))
    }

    pub async fn update_status(
        &self,
        package: &RemotePackage,
        status: &StatusPush,
    ) -> Result<(), ChannelError> {
        dispatch!(self.update_status(package, status))
    }

    pub async fn update_tracking(
        &self,
        package: &RemotePackage,
        tracking_number: &str,
    ) -> Result<(), ChannelError> {
        dispatch!(self.update_tracking(package, tracking_number))
    }

    pub async fn claims(&self, query: &OrderQuery) -> Result<ClaimPage, ChannelError> {
        dispatch!(self.claims(query))
    }

    /// Buyers' questions (Trendyol only; other connectors refuse).
    pub async fn questions(&self, query: &QuestionQuery) -> Result<QuestionPage, ChannelError> {
        match self {
            Connector::Trendyol(c) => c.questions(query).await,
            Connector::Hepsiburada(_) => Err(ChannelError::Invalid(
                "questions are not supported for Hepsiburada yet".into(),
            )),
        }
    }

    /// One question as the platform holds it now (see `Trendyol::find_question`).
    pub async fn find_question(
        &self,
        question_id: &str,
        asked_at_ms: i64,
        barcode: Option<&str>,
    ) -> Result<Option<RemoteQuestion>, ChannelError> {
        match self {
            Connector::Trendyol(c) => c.find_question(question_id, asked_at_ms, barcode).await,
            Connector::Hepsiburada(_) => Err(ChannelError::Invalid(
                "questions are not supported for Hepsiburada yet".into(),
            )),
        }
    }

    pub async fn answer_question(&self, question_id: &str, text: &str) -> Result<(), ChannelError> {
        match self {
            Connector::Trendyol(c) => c.answer_question(question_id, text).await,
            Connector::Hepsiburada(_) => Err(ChannelError::Invalid(
                "questions are not supported for Hepsiburada yet".into(),
            )),
        }
    }

    pub async fn approve_claim(
        &self,
        claim: &RemoteClaim,
        line_ids: &[String],
    ) -> Result<(), ChannelError> {
        dispatch!(self.approve_claim(claim, line_ids))
    }
}
