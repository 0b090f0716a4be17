//! What the insight refresher computes off the request path (forecasts, customer insights),
//! the lease it computes under, replenishment policies and purchase orders.

use serde::Serialize;

use crate::products::Scope;
use crate::{Store, StoreError, on_pool, on_writer};

/// One stored forecast: `level` is `variant`, `product` or `category`, `item_key` its id or
/// name; `body` the forecast as JSON (dates, point, lower, upper, backtest).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ForecastRow {
    pub owner_id: i64,
    pub level: String,
    pub item_key: String,
    pub model: String,
    pub detail: String,
    pub mase: Option<f64>,
    pub body: String,
    pub computed_at: i64,
}

/// A seller whose sales changed since the insights were last computed, claimed for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsightClaim {
    pub owner_id: i64,
    pub sales_version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StockPolicyRow {
    pub scope: String,
    pub scope_key: String,
    pub lead_time_days: i64,
    pub review_period_days: i64,
    pub service_level: f64,
    pub min_order: i64,
    pub pack_size: i64,
    pub updated_at: i64,
}

/// A variant's stock as replenishment sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StockItem {
    pub variant_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub category: String,
    pub barcode: String,
    pub stock_code: String,
    pub supplier: Option<String>,
    pub stock_on_hand: i64,
    pub stock_reserved: i64,
    pub on_order: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PurchaseOrder {
    pub id: i64,
    pub owner_id: i64,
    pub variant_id: i64,
    pub quantity: i64,
    pub supplier: Option<String>,
    pub expected_at: Option<i64>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const PO_COLUMNS: &str =
    "id, owner_id, variant_id, quantity, supplier, expected_at, status, created_at, updated_at";

impl Store {
    /// Claims a seller whose sales moved past the last computed version (or whose lease ran
    /// out), for `worker` until `lease_until`.
    pub async fn claim_insight_run(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<InsightClaim>, StoreError> {
        const READY: &str =
            "(sales_version > computed_version AND (locked_until IS NULL OR locked_until < $3))";
        let sql = format!(
            "UPDATE insight_runs SET locked_by = $1, locked_until = $2 \
             WHERE owner_id = (SELECT owner_id FROM insight_runs WHERE {READY} ORDER BY owner_id LIMIT 1) \
             AND {READY} RETURNING owner_id, sales_version"
        );
        let row: Option<(i64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(worker)
                .bind(lease_until)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(owner_id, sales_version)| InsightClaim {
            owner_id,
            sales_version,
        }))
    }

    /// Queues a recomputation of one seller's insights.
    pub async fn request_insight_run(&self, owner_id: i64) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            sqlx::query(crate::analytics::BUMP_SALES_VERSION)
                .bind(owner_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Stores a seller's forecasts and customer insights in one transaction, fenced on the
    /// lease: a worker that lost it writes nothing. Returns whether it was written.
    pub async fn finish_insight_run(
        &self,
        worker: &str,
        claim: InsightClaim,
        forecasts: &[ForecastRow],
        customers: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let held = sqlx::query(
                "UPDATE insight_runs SET computed_version = $3, locked_by = NULL, locked_until = NULL, \
                 computed_at = $4, customers = $5, last_error = NULL WHERE owner_id = $1 AND locked_by = $2",
            )
            .bind(claim.owner_id)
            .bind(worker)
            .bind(claim.sales_version)
            .bind(now)
            .bind(customers)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if held != 1 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM insight_forecasts WHERE owner_id = $1")
                .bind(claim.owner_id)
                .execute(&mut *tx)
                .await?;
            for f in forecasts {
                sqlx::query(
                    "INSERT INTO insight_forecasts (owner_id, level, item_key, model, detail, mase, body, computed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(claim.owner_id)
                .bind(&f.level)
                .bind(&f.item_key)
                .bind(&f.model)
                .bind(&f.detail)
                .bind(f.mase)
                .bind(&f.body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Releases a lease after a failure, keeping the error for the operator.
    pub async fn fail_insight_run(
        &self,
        worker: &str,
        owner_id: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE insight_runs SET locked_by = NULL, locked_until = NULL, last_error = $3 \
                 WHERE owner_id = $1 AND locked_by = $2",
            )
            .bind(owner_id)
            .bind(worker)
            .bind(error)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn stored_forecast(
        &self,
        scope: Scope,
        owner_id: i64,
        level: &str,
        item_key: &str,
    ) -> Result<ForecastRow, StoreError> {
        let row: Option<ForecastRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT owner_id, level, item_key, model, detail, mase, body, computed_at FROM insight_forecasts \
                 WHERE owner_id = $1 AND level = $2 AND item_key = $3 AND ($4 IS NULL OR owner_id = $4)",
            )
            .bind(owner_id)
            .bind(level)
            .bind(item_key)
            .bind(scope.owner())
            .fetch_optional(pool)
            .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// Stored forecasts of one level, best backtest first.
    pub async fn list_forecasts(
        &self,
        scope: Scope,
        level: &str,
        limit: i64,
    ) -> Result<Vec<ForecastRow>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT owner_id, level, item_key, model, detail, mase, '' AS body, computed_at FROM insight_forecasts \
                 WHERE ($1 IS NULL OR owner_id = $1) AND level = $2 ORDER BY owner_id, item_key LIMIT $3",
            )
            .bind(scope.owner())
            .bind(level)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The daily forecast bodies of a seller's variants, by variant id.
    pub async fn variant_forecasts(&self, owner_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let rows: Vec<(String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT item_key, body FROM insight_forecasts WHERE owner_id = $1 AND level = 'variant'",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(k, b)| k.parse().ok().map(|id| (id, b)))
            .collect())
    }

    /// The customer insights of a seller as last computed, and when.
    pub async fn customer_insights(
        &self,
        owner_id: i64,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row: Option<(Option<String>, Option<i64>)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT customers, computed_at FROM insight_runs WHERE owner_id = $1")
                .bind(owner_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.and_then(|(c, at)| c.zip(at)))
    }

    /// Every order of a seller that was not cancelled: (buyer key, ordered at, total).
    pub async fn customer_orders(
        &self,
        owner_id: i64,
    ) -> Result<Vec<(String, i64, i64)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT buyer_hash, ordered_at, total_minor FROM orders WHERE owner_id = $1 \
                 AND buyer_hash IS NOT NULL AND status <> 'cancelled' ORDER BY ordered_at",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Sellers (ids) with any sales.
    pub async fn sellers_with_sales(&self) -> Result<Vec<i64>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT owner_id FROM insight_runs ORDER BY owner_id")
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn set_stock_policy(
        &self,
        owner_id: i64,
        p: &StockPolicyRow,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO stock_policies (owner_id, scope, scope_key, lead_time_days, review_period_days, \
                 service_level, min_order, pack_size, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (owner_id, scope, scope_key) DO UPDATE SET lead_time_days = excluded.lead_time_days, \
                 review_period_days = excluded.review_period_days, service_level = excluded.service_level, \
                 min_order = excluded.min_order, pack_size = excluded.pack_size, updated_at = excluded.updated_at",
            )
            .bind(owner_id)
            .bind(&p.scope)
            .bind(&p.scope_key)
            .bind(p.lead_time_days)
            .bind(p.review_period_days)
            .bind(p.service_level)
            .bind(p.min_order)
            .bind(p.pack_size)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn stock_policies(&self, owner_id: i64) -> Result<Vec<StockPolicyRow>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT scope, scope_key, lead_time_days, review_period_days, service_level, min_order, pack_size, \
                 updated_at FROM stock_policies WHERE owner_id = $1 ORDER BY scope, scope_key",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Names the supplier of a product the caller may manage (None clears it).
    pub async fn set_product_supplier(
        &self,
        scope: Scope,
        product_id: i64,
        supplier: Option<&str>,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let owner: Option<i64> = sqlx::query_scalar(
                "SELECT owner_id FROM products WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)",
            )
            .bind(product_id)
            .bind(scope.owner())
            .fetch_optional(&mut *tx)
            .await?;
            let owner = owner.ok_or(StoreError::NotFound)?;
            match supplier {
                Some(s) => {
                    sqlx::query(
                        "INSERT INTO product_suppliers (product_id, owner_id, supplier) VALUES ($1, $2, $3) \
                         ON CONFLICT (product_id) DO UPDATE SET supplier = excluded.supplier",
                    )
                    .bind(product_id)
                    .bind(owner)
                    .bind(s)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM product_suppliers WHERE product_id = $1")
                        .bind(product_id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every variant of a seller with its stock, supplier and open purchase orders.
    pub async fn stock_items(&self, owner_id: i64) -> Result<Vec<StockItem>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT v.id AS variant_id, p.id AS product_id, p.name AS product_name, p.category, v.barcode, \
                 v.stock_code, s.supplier, v.stock_on_hand, v.stock_reserved, \
                 COALESCE((SELECT CAST(SUM(quantity) AS BIGINT) FROM purchase_orders po \
                    WHERE po.variant_id = v.id AND po.status = 'open'), 0) AS on_order \
                 FROM product_variants v JOIN products p ON p.id = v.product_id \
                 LEFT JOIN product_suppliers s ON s.product_id = p.id \
                 WHERE v.owner_id = $1 ORDER BY v.id",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Records an order placed with a supplier for a variant the caller may manage.
    pub async fn create_purchase_order(
        &self,
        scope: Scope,
        variant_id: i64,
        quantity: i64,
        supplier: Option<&str>,
        expected_at: Option<i64>,
        now: i64,
    ) -> Result<PurchaseOrder, StoreError> {
        let sql = format!(
            "INSERT INTO purchase_orders (owner_id, variant_id, quantity, supplier, expected_at, status, created_at, updated_at) \
             SELECT owner_id, id, $3, $4, $5, 'open', $6, $6 FROM product_variants WHERE id = $1 AND ($2 IS NULL OR owner_id = $2) \
             RETURNING {PO_COLUMNS}"
        );
        let row: Option<PurchaseOrder> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(variant_id)
                .bind(scope.owner())
                .bind(quantity)
                .bind(supplier)
                .bind(expected_at)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    pub async fn list_purchase_orders(
        &self,
        scope: Scope,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<PurchaseOrder>, StoreError> {
        let sql = format!(
            "SELECT {PO_COLUMNS} FROM purchase_orders WHERE ($1 IS NULL OR owner_id = $1) \
             AND ($2 IS NULL OR status = $2) ORDER BY id DESC LIMIT $3"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(status)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Closes an open purchase order: `received` adds its quantity to the variant's stock on
    /// hand in the same transaction; `cancelled` only closes it. Returns the variant's owner.
    pub async fn close_purchase_order(
        &self,
        scope: Scope,
        id: i64,
        status: &str,
        now: i64,
    ) -> Result<PurchaseOrder, StoreError> {
        let sql = format!(
            "UPDATE purchase_orders SET status = $3, updated_at = $4 WHERE id = $1 \
             AND ($2 IS NULL OR owner_id = $2) AND status = 'open' RETURNING {PO_COLUMNS}"
        );
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let po: Option<PurchaseOrder> = sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .bind(status)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(po) = po else {
                let exists: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM purchase_orders WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)",
                )
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(&mut *tx)
                .await?;
                return Err(match exists {
                    Some(_) => StoreError::Invalid(pofuai_core::FieldError::new(
                        "status",
                        "the purchase order is already closed",
                    )),
                    None => StoreError::NotFound,
                });
            };
            if status == "received" {
                sqlx::query(
                    "UPDATE product_variants SET stock_on_hand = stock_on_hand + $2, updated_at = $3 WHERE id = $1",
                )
                .bind(po.variant_id)
                .bind(po.quantity)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(po)
        })
    }
}
