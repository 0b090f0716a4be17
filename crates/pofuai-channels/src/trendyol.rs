//! Trendyol connector. STUB: a helper fills this in.

use crate::{ChannelError, Endpoint, model::*};

#[derive(Debug, Clone)]
pub struct Trendyol {
    endpoint: Endpoint,
}

impl Trendyol {
    pub fn new(endpoint: Endpoint) -> Result<Self, ChannelError> {
        Ok(Trendyol { endpoint })
    }

    fn todo(&self) -> ChannelError {
        ChannelError::Invalid(format!("not built yet: {}", self.endpoint.base_url))
    }

    pub async fn test(&self) -> Result<(), ChannelError> {
        Err(self.todo())
    }
    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, ChannelError> {
        Err(self.todo())
    }
    pub async fn category_attributes(
        &self,
        _category_id: &str,
    ) -> Result<Vec<RemoteAttribute>, ChannelError> {
        Err(self.todo())
    }
    pub async fn brand(&self, _name: &str) -> Result<Option<RemoteBrand>, ChannelError> {
        Err(self.todo())
    }
    pub async fn push_products(&self, _items: &[ListingItem]) -> Result<BatchTicket, ChannelError> {
        Err(self.todo())
    }
    pub async fn product_batch(&self, _ticket: &BatchTicket) -> Result<BatchOutcome, ChannelError> {
        Err(self.todo())
    }
    pub async fn existing_products(&self, _keys: &[String]) -> Result<Vec<String>, ChannelError> {
        Err(self.todo())
    }
    pub async fn push_price_stock(
        &self,
        _rows: &[PriceStock],
    ) -> Result<BatchTicket, ChannelError> {
        Err(self.todo())
    }
    pub async fn price_stock_batch(
        &self,
        _ticket: &BatchTicket,
    ) -> Result<BatchOutcome, ChannelError> {
        Err(self.todo())
    }
    pub async fn orders(&self, _query: &OrderQuery) -> Result<OrderPage, ChannelError> {
        Err(self.todo())
    }
    pub async fn update_status(
        &self,
        _package: &RemotePackage,
        _status: &StatusPush,
    ) -> Result<(), ChannelError> {
        Err(self.todo())
    }
    pub async fn update_tracking(
        &self,
        _package: &RemotePackage,
        _tracking_number: &str,
    ) -> Result<(), ChannelError> {
        Err(self.todo())
    }
    pub async fn claims(&self, _query: &OrderQuery) -> Result<ClaimPage, ChannelError> {
        Err(self.todo())
    }
    pub async fn approve_claim(
        &self,
        _claim: &RemoteClaim,
        _line_ids: &[String],
    ) -> Result<(), ChannelError> {
        Err(self.todo())
    }
}
