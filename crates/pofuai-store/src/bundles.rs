//! What the seller insights (cross-sell bundles, the channel comparison) read: one seller's
//! order baskets, their sales per product and channel from the daily rollup, and where each
//! product is listed.

use crate::error::StoreError;
use crate::{Store, on_pool};

/// One product's sales on one channel over a period (from `sales_daily`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProductChannelSales {
    pub product_id: i64,
    pub channel: String,
    pub units: i64,
    pub revenue_minor: i64,
}

impl Store {
    /// The seller's orders since `since_ms` as baskets of distinct products (cancelled lines
    /// and unmatched lines left out), newest orders first, at most `max_orders` orders.
    pub async fn seller_baskets(
        &self,
        owner_id: i64,
        since_ms: i64,
        max_orders: i64,
    ) -> Result<Vec<Vec<i64>>, StoreError> {
        let rows: Vec<(i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT l.order_id, v.product_id FROM order_lines l \
                 JOIN product_variants v ON v.id = l.variant_id \
                 WHERE l.status <> 'cancelled' AND l.order_id IN ( \
                   SELECT o.id FROM orders o WHERE o.owner_id = $1 AND o.ordered_at >= $2 \
                   AND o.status <> 'cancelled' ORDER BY o.ordered_at DESC, o.id DESC LIMIT $3) \
                 ORDER BY l.order_id, v.product_id",
            )
            .bind(owner_id)
            .bind(since_ms)
            .bind(max_orders)
            .fetch_all(pool)
            .await?
        });
        let mut baskets: Vec<Vec<i64>> = Vec::new();
        let mut current: Option<i64> = None;
        for (order_id, product_id) in rows {
            if current != Some(order_id) {
                baskets.push(Vec::new());
                current = Some(order_id);
            }
            if let Some(b) = baskets.last_mut() {
                b.push(product_id);
            }
        }
        Ok(baskets)
    }

    /// Units (sold minus returned) and revenue per product and channel over the Istanbul days
    /// `from_day..=to_day`, from the daily rollup.
    pub async fn product_channel_sales(
        &self,
        owner_id: i64,
        from_day: i64,
        to_day: i64,
    ) -> Result<Vec<ProductChannelSales>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT product_id, channel, CAST(SUM(units - returned_units) AS BIGINT) AS units, \
                 CAST(SUM(revenue_minor - returned_minor) AS BIGINT) AS revenue_minor \
                 FROM sales_daily WHERE owner_id = $1 AND day >= $2 AND day <= $3 \
                 GROUP BY product_id, channel ORDER BY product_id, channel",
            )
            .bind(owner_id)
            .bind(from_day)
            .bind(to_day)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The seller's active sales channels (marketplaces, shops, social commerce) and the
    /// (product, channel) pairs listed there.
    pub async fn seller_listings(
        &self,
        owner_id: i64,
    ) -> Result<(Vec<String>, Vec<(i64, String)>), StoreError> {
        let (channels, listed): (Vec<(String,)>, Vec<(i64, String)>) = on_pool!(self, |pool| {
            let channels = sqlx::query_as(
                "SELECT DISTINCT integration_name FROM integrations WHERE owner_id = $1 AND active \
                 AND integration_type IN ('marketplace', 'ecommerce', 'social_commerce') \
                 ORDER BY integration_name",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?;
            let listed = sqlx::query_as(
                "SELECT DISTINCT m.product_id, i.integration_name FROM product_mappings m \
                 JOIN integrations i ON i.id = m.integration_id \
                 WHERE i.owner_id = $1 AND i.active AND m.status IN ('synced', 'channel_managed') \
                 ORDER BY m.product_id, i.integration_name",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?;
            (channels, listed)
        });
        Ok((channels.into_iter().map(|(c,)| c).collect(), listed))
    }
}
