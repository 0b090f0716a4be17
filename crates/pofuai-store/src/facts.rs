//! Owner-scoped reads the assistant's tools need beyond the other modules': every method
//! takes the owner's id and filters on it in SQL, and none takes free-form query text, so no
//! wording of a question can widen what it reads.

use serde::Serialize;

use crate::{Store, StoreError, on_pool};

/// How many of the owner's listings on a channel are in a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ListingCount {
    pub channel: String,
    pub status: String,
    pub listings: i64,
}

/// A product of the owner, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProductName {
    pub id: i64,
    pub name: String,
}

/// A listing the channel refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct FailedListing {
    pub product_id: i64,
    pub name: String,
    pub channel: String,
    pub error: Option<String>,
}

/// An unresolved sync error of one of the owner's integrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct OpenSyncError {
    pub id: i64,
    pub channel: String,
    pub operation: String,
    pub message: String,
    pub created_at: i64,
}

impl Store {
    /// The owner's product names (at most `limit`, newest first).
    pub async fn owner_product_names(
        &self,
        owner_id: i64,
        limit: i64,
    ) -> Result<Vec<ProductName>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name FROM products WHERE owner_id = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(owner_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The owner's channels with an active integration (`trendyol`, `hepsiburada`, …).
    pub async fn owner_channels(&self, owner_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT DISTINCT integration_name FROM integrations WHERE owner_id = $1 AND active \
                 ORDER BY integration_name",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The lines (JSON arrays) of the owner's claims last changed in `[from, to)` ms.
    pub async fn owner_claim_lines(
        &self,
        owner_id: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT lines FROM order_claims WHERE owner_id = $1 AND remote_updated_at >= $2 \
                 AND remote_updated_at < $3 ORDER BY id LIMIT 5000",
            )
            .bind(owner_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Listings per channel and status.
    pub async fn owner_listing_counts(
        &self,
        owner_id: i64,
    ) -> Result<Vec<ListingCount>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT i.integration_name AS channel, m.status, COUNT(*) AS listings \
                 FROM product_mappings m JOIN integrations i ON i.id = m.integration_id \
                 WHERE i.owner_id = $1 GROUP BY i.integration_name, m.status \
                 ORDER BY i.integration_name, m.status",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The owner's products with no listing on `channel` (at most `limit`).
    pub async fn owner_unlisted_products(
        &self,
        owner_id: i64,
        channel: &str,
        limit: i64,
    ) -> Result<Vec<ProductName>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT p.id, p.name FROM products p WHERE p.owner_id = $1 AND NOT EXISTS ( \
                 SELECT 1 FROM product_mappings m JOIN integrations i ON i.id = m.integration_id \
                 WHERE m.product_id = p.id AND i.owner_id = $1 AND i.integration_name = $2) \
                 ORDER BY p.id LIMIT $3",
            )
            .bind(owner_id)
            .bind(channel)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The owner's listings a channel refused (at most `limit`).
    pub async fn owner_failed_listings(
        &self,
        owner_id: i64,
        channel: Option<&str>,
        limit: i64,
    ) -> Result<Vec<FailedListing>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT p.id AS product_id, MIN(p.name) AS name, i.integration_name AS channel, \
                 MIN(m.last_error) AS error \
                 FROM product_mappings m JOIN integrations i ON i.id = m.integration_id \
                 JOIN products p ON p.id = m.product_id \
                 WHERE i.owner_id = $1 AND p.owner_id = $1 AND m.status = 'failed' \
                 AND ($2 IS NULL OR i.integration_name = $2) \
                 GROUP BY p.id, i.integration_name ORDER BY p.id LIMIT $3",
            )
            .bind(owner_id)
            .bind(channel)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The owner's unresolved sync errors, newest first, and how many there are in all.
    pub async fn owner_open_sync_errors(
        &self,
        owner_id: i64,
        limit: i64,
    ) -> Result<(i64, Vec<OpenSyncError>), StoreError> {
        let (count, rows) = on_pool!(self, |pool| {
            let count: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM integration_error_logs e JOIN integrations i ON i.id = e.integration_id \
                 WHERE i.owner_id = $1 AND NOT e.resolved",
            )
            .bind(owner_id)
            .fetch_one(pool)
            .await?;
            let rows: Vec<OpenSyncError> = sqlx::query_as(
                "SELECT e.id, i.integration_name AS channel, e.operation, e.message, e.created_at \
                 FROM integration_error_logs e JOIN integrations i ON i.id = e.integration_id \
                 WHERE i.owner_id = $1 AND NOT e.resolved ORDER BY e.id DESC LIMIT $2",
            )
            .bind(owner_id)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            (count, rows)
        });
        Ok((count, rows))
    }

    /// Templates the user generated in `[from, to)` ms, per template type.
    pub async fn owner_templates_made(
        &self,
        user_id: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT template_type, COUNT(*) FROM ai_templates WHERE user_id = $1 \
                 AND created_at >= $2 AND created_at < $3 GROUP BY template_type ORDER BY template_type",
            )
            .bind(user_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        }))
    }
}
