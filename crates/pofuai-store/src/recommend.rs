//! What the recommendation models learn from: product activities of every user and the
//! baskets of imported orders, bounded in age and rows; and which suggested products a caller
//! may see.

use crate::error::StoreError;
use crate::products::Scope;
use crate::{Store, on_pool};

/// A user did something with a product (`view`, `edit`, `create`, `generate`, …).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductActivity {
    pub user_id: i64,
    pub product_id: i64,
    pub kind: String,
    pub created_at: i64,
}

/// A product in an imported order (one row per order and product).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BasketLine {
    pub order_id: i64,
    pub product_id: i64,
    pub ordered_at: i64,
}

impl Store {
    /// Product activities since `since_ms`, newest first, at most `limit`.
    pub async fn product_activities(
        &self,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<ProductActivity>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT a.user_id, a.product_id, a.kind, a.created_at FROM user_activities a \
                 JOIN products p ON p.id = a.product_id \
                 WHERE a.created_at >= $1 AND a.kind <> 'delete' ORDER BY a.id DESC LIMIT $2",
            )
            .bind(since_ms)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The products of imported orders since `since_ms` (cancelled lines left out), newest
    /// first, at most `limit` rows.
    pub async fn basket_lines(
        &self,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<BasketLine>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT o.id AS order_id, v.product_id, o.ordered_at FROM orders o \
                 JOIN order_lines l ON l.order_id = o.id \
                 JOIN product_variants v ON v.id = l.variant_id \
                 WHERE o.ordered_at >= $1 AND l.status <> 'cancelled' \
                 ORDER BY o.ordered_at DESC, o.id DESC LIMIT $2",
            )
            .bind(since_ms)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Of `ids`, those the scope may see, with their names, in the order given.
    pub async fn visible_product_names(
        &self,
        ids: &[i64],
        scope: Scope,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        // The ids are integers we format ourselves, never text from a request.
        let sql = format!(
            "SELECT id, name FROM products WHERE id IN ({list}) AND ($1 IS NULL OR owner_id = $1)"
        );
        let rows: Vec<(i64, String)> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .fetch_all(pool)
                .await?
        });
        let mut out = Vec::with_capacity(rows.len());
        for id in ids {
            if let Some(row) = rows.iter().find(|(found, _)| found == id) {
                out.push(row.clone());
            }
        }
        Ok(out)
    }
}
