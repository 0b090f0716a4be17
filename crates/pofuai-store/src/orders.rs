//! Orders imported from channels, the stock they hold, and returns (claims).
//!
//! Importing is an upsert keyed on (integration, package id), so any number of runs over the
//! same window store each package once. Each line walks one way through its stock states —
//! `none` → `reserved` → `deducted` (shipped) or `released` (cancelled) — and every step
//! adjusts the variant's reserved and on-hand stock in the same transaction, so stock is held
//! exactly once per line however often a package is seen.

use serde::Serialize;

use crate::paging::PageRequest;
use crate::products::Scope;
use crate::{Page, Store, StoreError, on_pool, on_writer, to_json};

/// A package as a channel reported it.
#[derive(Debug, Clone)]
pub struct ImportedPackage {
    pub owner_id: i64,
    pub integration_id: i64,
    pub package_id: String,
    pub order_number: String,
    /// Our normalised status (`created`, `shipped`, `cancelled`, …).
    pub status: String,
    pub platform_status: String,
    pub customer_name: String,
    pub total_minor: i64,
    pub currency: String,
    pub ordered_at: i64,
    pub remote_updated_at: i64,
    pub cargo_tracking_number: Option<String>,
    pub lines: Vec<ImportedLine>,
}

#[derive(Debug, Clone)]
pub struct ImportedLine {
    pub line_id: String,
    pub barcode: String,
    pub stock_code: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub inserted: bool,
    /// False when what we hold is newer than what arrived (the newest value wins).
    pub applied: bool,
    /// Variants whose available stock changed.
    pub variants: Vec<i64>,
    /// Variants this import left with more reserved than on hand (newly or still).
    pub oversold: Vec<i64>,
}

/// An open oversell: a variant with more reserved than on hand.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Oversell {
    pub id: i64,
    pub owner_id: i64,
    pub variant_id: i64,
    pub product_id: i64,
    pub barcode: String,
    pub stock_code: String,
    /// The order whose import found it.
    pub order_id: Option<i64>,
    /// On hand and reserved now (not when found).
    pub on_hand: i64,
    pub reserved: i64,
    pub detected_at: i64,
}

/// An order line holding stock of an oversold variant.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OversoldLine {
    pub order_id: i64,
    pub integration_id: Option<i64>,
    pub channel: Option<String>,
    pub remote_order_number: String,
    pub remote_package_id: String,
    pub order_status: String,
    pub line_id: i64,
    pub remote_line_id: String,
    pub quantity: i64,
    pub ordered_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Order {
    pub id: i64,
    pub owner_id: i64,
    pub integration_id: Option<i64>,
    pub remote_order_number: String,
    pub remote_package_id: String,
    pub status: String,
    pub platform_status: String,
    pub customer_name: String,
    pub total_minor: i64,
    pub currency: String,
    pub cargo_tracking_number: Option<String>,
    pub invoice_number: Option<String>,
    pub invoice_link: Option<String>,
    pub ordered_at: i64,
    pub remote_updated_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    #[sqlx(skip)]
    pub lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrderLine {
    pub id: i64,
    #[serde(skip)]
    pub order_id: i64,
    pub variant_id: Option<i64>,
    pub remote_line_id: String,
    pub barcode: String,
    pub stock_code: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub status: String,
    pub stock_state: String,
}

#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub integration_id: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: i64,
    pub owner_id: i64,
    pub integration_id: i64,
    pub remote_claim_id: String,
    pub order_number: String,
    pub status: String,
    pub lines: serde_json::Value,
    pub remote_updated_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    owner_id: i64,
    integration_id: i64,
    remote_claim_id: String,
    order_number: String,
    status: String,
    lines: String,
    remote_updated_at: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<ClaimRow> for Claim {
    type Error = StoreError;
    fn try_from(r: ClaimRow) -> Result<Claim, StoreError> {
        Ok(Claim {
            lines: serde_json::from_str(&r.lines)
                .map_err(|e| StoreError::Corrupt(format!("claim lines: {e}")))?,
            id: r.id,
            owner_id: r.owner_id,
            integration_id: r.integration_id,
            remote_claim_id: r.remote_claim_id,
            order_number: r.order_number,
            status: r.status,
            remote_updated_at: r.remote_updated_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const ORDER_COLUMNS: &str = "id, owner_id, integration_id, remote_order_number, remote_package_id, status, \
     platform_status, customer_name, total_minor, currency, cargo_tracking_number, invoice_number, \
     invoice_link, ordered_at, remote_updated_at, created_at, updated_at";
const LINE_COLUMNS: &str = "id, order_id, variant_id, remote_line_id, barcode, stock_code, quantity, unit_price_minor, status, stock_state";
const CLAIM_COLUMNS: &str = "id, owner_id, integration_id, remote_claim_id, order_number, status, lines, \
     remote_updated_at, created_at, updated_at";

/// The stock state a line moves to, given where it is and what the package now says; lines
/// never move backwards.
fn next_stock_state(current: &str, order_status: &str, line_cancelled: bool) -> &'static str {
    // An unpaid order is shown but holds nothing until it is paid (Hepsiburada's
    // payment-awaiting list); Trendyol's `awaiting` does reserve, as its docs say.
    if order_status == "unpaid" && !line_cancelled {
        return match current {
            "reserved" => "reserved",
            "deducted" => "deducted",
            "released" => "released",
            _ => "none",
        };
    }
    let wanted = if line_cancelled || order_status == "cancelled" {
        "released"
    } else if matches!(
        order_status,
        "shipped" | "delivered" | "returned" | "undelivered"
    ) {
        "deducted"
    } else {
        "reserved"
    };
    match (current, wanted) {
        ("deducted", _) => "deducted",
        ("released", _) => "released",
        ("none", "released") => "none",
        (_, w) => w,
    }
}

/// (reserved delta, on-hand delta) for a line of `quantity` moving between stock states.
fn stock_delta(from: &str, to: &str, quantity: i64) -> (i64, i64) {
    match (from, to) {
        ("none", "reserved") => (quantity, 0),
        ("none", "deducted") => (0, -quantity),
        ("reserved", "released") => (-quantity, 0),
        ("reserved", "deducted") => (-quantity, -quantity),
        _ => (0, 0),
    }
}

impl Store {
    /// Stores or updates one package and moves its lines' stock. Idempotent.
    pub async fn import_package(
        &self,
        p: &ImportedPackage,
        now: i64,
    ) -> Result<ImportOutcome, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let existing: Option<(i64, i64)> = sqlx::query_as(
                "SELECT id, remote_updated_at FROM orders WHERE integration_id = $1 AND remote_package_id = $2",
            )
            .bind(p.integration_id)
            .bind(&p.package_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((_, held)) = existing
                && held > p.remote_updated_at
            {
                return Ok(ImportOutcome::default());
            }
            // Analytics rollups (analytics.rs): the package's old contribution goes out here
            // and its new one comes in after the lines.
            if let Some((old_id, _)) = existing {
                crate::analytics::rollup_in(&mut tx, old_id, -1).await?;
            }
            let order_id: i64 = sqlx::query_scalar(
                "INSERT INTO orders (owner_id, integration_id, remote_order_number, remote_package_id, status, \
                 platform_status, customer_name, total_minor, currency, cargo_tracking_number, ordered_at, \
                 remote_updated_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
                 ON CONFLICT (integration_id, remote_package_id) DO UPDATE SET status = excluded.status, \
                 platform_status = excluded.platform_status, customer_name = excluded.customer_name, \
                 total_minor = excluded.total_minor, \
                 cargo_tracking_number = COALESCE(excluded.cargo_tracking_number, orders.cargo_tracking_number), \
                 remote_updated_at = excluded.remote_updated_at, updated_at = excluded.updated_at \
                 RETURNING id",
            )
            .bind(p.owner_id)
            .bind(p.integration_id)
            .bind(&p.order_number)
            .bind(&p.package_id)
            .bind(&p.status)
            .bind(&p.platform_status)
            .bind(&p.customer_name)
            .bind(p.total_minor)
            .bind(&p.currency)
            .bind(p.cargo_tracking_number.as_deref())
            .bind(p.ordered_at)
            .bind(p.remote_updated_at)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let mut variants = Vec::new();
            for line in &p.lines {
                let variant: Option<i64> = sqlx::query_scalar(
                    // Some channels (Hepsiburada) name lines by merchant SKU, which is our stock code.
                    "SELECT id FROM product_variants WHERE owner_id = $1 AND (barcode = $2 OR stock_code = $3) \
                     ORDER BY CASE WHEN barcode = $2 THEN 0 ELSE 1 END LIMIT 1",
                )
                .bind(p.owner_id)
                .bind(&line.barcode)
                .bind(line.stock_code.as_deref().unwrap_or(&line.barcode))
                .fetch_optional(&mut *tx)
                .await?;
                let current: Option<String> = sqlx::query_scalar(
                    "SELECT stock_state FROM order_lines WHERE order_id = $1 AND remote_line_id = $2",
                )
                .bind(order_id)
                .bind(&line.line_id)
                .fetch_optional(&mut *tx)
                .await?;
                let from = current.as_deref().unwrap_or("none");
                // A line we cannot match to a variant holds no stock.
                let to = if variant.is_some() {
                    next_stock_state(from, &p.status, line.cancelled)
                } else {
                    from
                };
                let line_status = if line.cancelled {
                    "cancelled"
                } else {
                    p.status.as_str()
                };
                sqlx::query(
                    "INSERT INTO order_lines (order_id, variant_id, remote_line_id, barcode, stock_code, quantity, \
                     unit_price_minor, status, stock_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (order_id, remote_line_id) DO UPDATE SET status = excluded.status, \
                     stock_state = excluded.stock_state",
                )
                .bind(order_id)
                .bind(variant)
                .bind(&line.line_id)
                .bind(&line.barcode)
                .bind(line.stock_code.as_deref())
                .bind(line.quantity)
                .bind(line.unit_price_minor)
                .bind(line_status)
                .bind(to)
                .execute(&mut *tx)
                .await?;
                let (reserved, on_hand) = stock_delta(from, to, line.quantity);
                if let Some(variant) = variant
                    && (reserved != 0 || on_hand != 0)
                {
                    sqlx::query(
                        "UPDATE product_variants SET stock_reserved = CASE WHEN stock_reserved + $2 > 0 THEN stock_reserved + $2 ELSE 0 END, \
                         stock_on_hand = CASE WHEN stock_on_hand + $3 > 0 THEN stock_on_hand + $3 ELSE 0 END, version = version + 1, updated_at = $4 WHERE id = $1",
                    )
                    .bind(variant)
                    .bind(reserved)
                    .bind(on_hand)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    if !variants.contains(&variant) {
                        variants.push(variant);
                    }
                }
            }
            // Oversell: a sale on one channel in the seconds before the others were told can
            // leave more reserved than on hand. Record it (one open row per variant) so the
            // seller sees which orders hold the stock; close it once it is back within.
            let mut oversold = Vec::new();
            for variant in &variants {
                let (on_hand, reserved): (i64, i64) = sqlx::query_as(
                    "SELECT stock_on_hand, stock_reserved FROM product_variants WHERE id = $1",
                )
                .bind(variant)
                .fetch_one(&mut *tx)
                .await?;
                if reserved > on_hand {
                    let updated = sqlx::query(
                        "UPDATE stock_oversells SET on_hand = $2, reserved = $3, updated_at = $4 \
                         WHERE variant_id = $1 AND resolved_at IS NULL",
                    )
                    .bind(variant)
                    .bind(on_hand)
                    .bind(reserved)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if updated == 0 {
                        sqlx::query(
                            "INSERT INTO stock_oversells (owner_id, variant_id, order_id, on_hand, reserved, \
                             detected_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
                        )
                        .bind(p.owner_id)
                        .bind(variant)
                        .bind(order_id)
                        .bind(on_hand)
                        .bind(reserved)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    }
                    oversold.push(*variant);
                } else {
                    sqlx::query(
                        "UPDATE stock_oversells SET resolved_at = $2, on_hand = $3, reserved = $4, updated_at = $2 \
                         WHERE variant_id = $1 AND resolved_at IS NULL",
                    )
                    .bind(variant)
                    .bind(now)
                    .bind(on_hand)
                    .bind(reserved)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            crate::analytics::rollup_in(&mut tx, order_id, 1).await?;
            let channel: Option<String> =
                sqlx::query_scalar("SELECT integration_name FROM integrations WHERE id = $1")
                    .bind(p.integration_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let buyer = crate::analytics::buyer_hash(
                p.owner_id,
                channel.as_deref().unwrap_or("manual"),
                &p.customer_name,
            );
            sqlx::query(crate::analytics::SET_BUYER)
                .bind(order_id)
                .bind(buyer)
                .execute(&mut *tx)
                .await?;
            sqlx::query(crate::analytics::BUMP_SALES_VERSION)
                .bind(p.owner_id)
                .execute(&mut *tx)
                .await?;
            // A new order reaches the seller's open panel pages (events.rs).
            if existing.is_none() {
                let data = serde_json::json!({
                    "order_id": order_id,
                    "integration_id": p.integration_id,
                    "order_number": p.order_number,
                    "status": p.status,
                    "total_minor": p.total_minor,
                    "currency": p.currency,
                });
                crate::events::insert_in(&mut tx, p.owner_id, "order", &data, now).await?;
            }
            tx.commit().await?;
            Ok(ImportOutcome {
                inserted: existing.is_none(),
                applied: true,
                variants,
                oversold,
            })
        })
    }

    pub async fn order(&self, id: i64, scope: Scope) -> Result<Order, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
        );
        let line_sql =
            format!("SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY id");
        on_pool!(self, |pool| {
            let order: Option<Order> = sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?;
            let mut order = order.ok_or(StoreError::NotFound)?;
            order.lines = sqlx::query_as(&line_sql).bind(id).fetch_all(pool).await?;
            Ok(order)
        })
    }

    pub async fn list_orders(
        &self,
        scope: Scope,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<Order>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE ($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR integration_id = $2) \
             AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR id < $4) ORDER BY id DESC LIMIT $5"
        );
        let line_sql =
            format!("SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY id");
        let mut rows: Vec<Order> = on_pool!(self, |pool| {
            let mut rows: Vec<Order> = sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(filter.integration_id)
                .bind(filter.status.as_deref())
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?;
            for order in &mut rows {
                order.lines = sqlx::query_as(&line_sql)
                    .bind(order.id)
                    .fetch_all(pool)
                    .await?;
            }
            rows
        });
        rows.truncate(usize::try_from(page.limit + 1).unwrap_or(usize::MAX));
        Ok(Page::from_rows(rows, page.limit, |o| o.id))
    }

    /// Records what the channel accepted: a new status, invoice number or tracking number.
    pub async fn set_order_fulfilment(
        &self,
        id: i64,
        status: Option<&str>,
        invoice_number: Option<&str>,
        tracking_number: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE orders SET status = COALESCE($2, status), invoice_number = COALESCE($3, invoice_number), \
                 cargo_tracking_number = COALESCE($4, cargo_tracking_number), updated_at = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(status)
            .bind(invoice_number)
            .bind(tracking_number)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records the invoice link the channel accepted with the invoice number.
    pub async fn set_order_invoice_link(
        &self,
        id: i64,
        invoice_link: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query("UPDATE orders SET invoice_link = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(invoice_link)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Open oversells in scope, newest first: variants that still hold more reserved than on
    /// hand (a restock closes one without waiting for the next import).
    pub async fn oversells(&self, scope: Scope) -> Result<Vec<Oversell>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT o.id, o.owner_id, o.variant_id, v.product_id, v.barcode, v.stock_code, o.order_id, \
                 v.stock_on_hand AS on_hand, v.stock_reserved AS reserved, o.detected_at \
                 FROM stock_oversells o JOIN product_variants v ON v.id = o.variant_id \
                 WHERE o.resolved_at IS NULL AND v.stock_reserved > v.stock_on_hand \
                 AND ($1 IS NULL OR o.owner_id = $1) ORDER BY o.id DESC LIMIT 500",
            )
            .bind(scope.owner())
            .fetch_all(pool)
            .await?
        }))
    }

    /// The order lines holding stock of a variant (reserved, not yet shipped or cancelled),
    /// oldest order first: the orders involved when it is oversold. NotFound when the variant
    /// is not in scope.
    pub async fn reserving_lines(
        &self,
        variant_id: i64,
        scope: Scope,
    ) -> Result<Vec<OversoldLine>, StoreError> {
        on_pool!(self, |pool| {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM product_variants WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)",
            )
            .bind(variant_id)
            .bind(scope.owner())
            .fetch_optional(pool)
            .await?;
            if found.is_none() {
                return Err(StoreError::NotFound);
            }
            Ok(sqlx::query_as(
                "SELECT o.id AS order_id, o.integration_id, i.integration_name AS channel, o.remote_order_number, \
                 o.remote_package_id, o.status AS order_status, l.id AS line_id, l.remote_line_id, l.quantity, o.ordered_at \
                 FROM order_lines l JOIN orders o ON o.id = l.order_id \
                 LEFT JOIN integrations i ON i.id = o.integration_id \
                 WHERE l.variant_id = $1 AND l.stock_state = 'reserved' ORDER BY o.ordered_at, l.id",
            )
            .bind(variant_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Stores or updates a claim; the newest remote version wins.
    #[allow(clippy::too_many_arguments)]
    pub async fn upsert_claim(
        &self,
        owner_id: i64,
        integration_id: i64,
        remote_claim_id: &str,
        order_number: &str,
        status: &str,
        lines: &serde_json::Value,
        remote_updated_at: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO order_claims (owner_id, integration_id, remote_claim_id, order_number, status, lines, \
                 remote_updated_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                 ON CONFLICT (integration_id, remote_claim_id) DO UPDATE SET status = excluded.status, \
                 lines = excluded.lines, remote_updated_at = excluded.remote_updated_at, updated_at = excluded.updated_at \
                 WHERE order_claims.remote_updated_at <= excluded.remote_updated_at",
            )
            .bind(owner_id)
            .bind(integration_id)
            .bind(remote_claim_id)
            .bind(order_number)
            .bind(status)
            .bind(to_json(lines))
            .bind(remote_updated_at)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    pub async fn claim(&self, id: i64, scope: Scope) -> Result<Claim, StoreError> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM order_claims WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
        );
        let row: Option<ClaimRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn list_claims(
        &self,
        scope: Scope,
        integration_id: Option<i64>,
        page: PageRequest,
    ) -> Result<Page<Claim>, StoreError> {
        let sql = format!(
            "SELECT {CLAIM_COLUMNS} FROM order_claims WHERE ($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR integration_id = $2) \
             AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
        );
        let rows: Vec<ClaimRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(integration_id)
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        let rows = rows
            .into_iter()
            .map(Claim::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(rows, page.limit, |c| c.id))
    }

    pub async fn set_claim_status(
        &self,
        id: i64,
        status: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query("UPDATE order_claims SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(status)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_move_backwards() {
        assert_eq!(next_stock_state("none", "created", false), "reserved");
        assert_eq!(next_stock_state("reserved", "created", true), "released");
        assert_eq!(next_stock_state("released", "created", false), "released");
        assert_eq!(next_stock_state("reserved", "shipped", false), "deducted");
        assert_eq!(next_stock_state("deducted", "cancelled", false), "deducted");
        assert_eq!(next_stock_state("none", "cancelled", false), "none");
        assert_eq!(next_stock_state("none", "unpaid", false), "none");
        assert_eq!(next_stock_state("none", "awaiting", false), "reserved");
        assert_eq!(next_stock_state("none", "created", false), "reserved");
        assert_eq!(next_stock_state("reserved", "unpaid", false), "reserved");
        assert_eq!(stock_delta("reserved", "deducted", 3), (-3, -3));
        assert_eq!(stock_delta("reserved", "reserved", 3), (0, 0));
    }
}
