//! Sales analytics over daily rollups. `sales_daily` (seller, day, channel, variant) and
//! `sales_daily_orders` (seller, day, channel) are kept by the order import in the same
//! transaction as the order itself: the package's old contribution is subtracted before the
//! upsert and its new one added after, so a re-imported or changed package is counted once,
//! as it now is. Days are Istanbul calendar days (UTC+3, Turkey's time all year since 2016)
//! numbered from 1970-01-01.

use serde::Serialize;

use crate::products::Scope;
use crate::{Store, StoreError, on_pool, on_writer};

/// Milliseconds to add to a UTC instant to read it in Istanbul.
pub const ISTANBUL_OFFSET_MS: i64 = 3 * 3600 * 1000;
pub const DAY_MS: i64 = 86_400_000;

/// The Istanbul day number of an instant.
pub fn day_of(ms: i64) -> i64 {
    (ms + ISTANBUL_OFFSET_MS).div_euclid(DAY_MS)
}

/// Adds (`$2` = 1) or removes (`$2` = −1) the contribution of order `$1` to the rollups.
pub(crate) const ROLLUP: [&str; 2] = [
    "INSERT INTO sales_daily (owner_id, day, channel, product_id, variant_id, units, revenue_minor, lines, \
     returned_units, returned_minor, cancelled_units) \
     SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0), \
     $2 * CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity END) AS BIGINT), \
     $2 * CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity * l.unit_price_minor END) AS BIGINT), \
     $2 * CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE 1 END) AS BIGINT), \
     $2 * CAST(SUM(CASE WHEN l.status = 'returned' THEN l.quantity ELSE 0 END) AS BIGINT), \
     $2 * CAST(SUM(CASE WHEN l.status = 'returned' THEN l.quantity * l.unit_price_minor ELSE 0 END) AS BIGINT), \
     $2 * CAST(SUM(CASE WHEN l.status = 'cancelled' THEN l.quantity ELSE 0 END) AS BIGINT) \
     FROM order_lines l JOIN orders o ON o.id = l.order_id \
     LEFT JOIN integrations i ON i.id = o.integration_id \
     LEFT JOIN product_variants v ON v.id = l.variant_id \
     WHERE l.order_id = $1 \
     GROUP BY o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0) \
     ON CONFLICT (owner_id, day, channel, product_id, variant_id) DO UPDATE SET \
     units = sales_daily.units + excluded.units, revenue_minor = sales_daily.revenue_minor + excluded.revenue_minor, \
     lines = sales_daily.lines + excluded.lines, returned_units = sales_daily.returned_units + excluded.returned_units, \
     returned_minor = sales_daily.returned_minor + excluded.returned_minor, \
     cancelled_units = sales_daily.cancelled_units + excluded.cancelled_units",
    "INSERT INTO sales_daily_orders (owner_id, day, channel, orders, units, revenue_minor, returned_orders, \
     returned_units, cancelled_orders) \
     SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     $2 * (CASE WHEN o.status = 'cancelled' THEN 0 ELSE 1 END), \
     $2 * COALESCE((SELECT CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity END) AS BIGINT) \
        FROM order_lines l WHERE l.order_id = o.id), 0), \
     $2 * COALESCE((SELECT CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity * l.unit_price_minor END) AS BIGINT) \
        FROM order_lines l WHERE l.order_id = o.id), 0), \
     $2 * (CASE WHEN o.status = 'returned' THEN 1 ELSE 0 END), \
     $2 * COALESCE((SELECT CAST(SUM(CASE WHEN l.status = 'returned' THEN l.quantity ELSE 0 END) AS BIGINT) \
        FROM order_lines l WHERE l.order_id = o.id), 0), \
     $2 * (CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) \
     FROM orders o LEFT JOIN integrations i ON i.id = o.integration_id WHERE o.id = $1 \
     ON CONFLICT (owner_id, day, channel) DO UPDATE SET orders = sales_daily_orders.orders + excluded.orders, \
     units = sales_daily_orders.units + excluded.units, \
     revenue_minor = sales_daily_orders.revenue_minor + excluded.revenue_minor, \
     returned_orders = sales_daily_orders.returned_orders + excluded.returned_orders, \
     returned_units = sales_daily_orders.returned_units + excluded.returned_units, \
     cancelled_orders = sales_daily_orders.cancelled_orders + excluded.cancelled_orders",
];

/// Both rollups of every order of seller `$1` (or of all when NULL), into empty tables: the
/// same sums as [`ROLLUP`] adds order by order.
const REBUILD: [&str; 2] = [
    "INSERT INTO sales_daily (owner_id, day, channel, product_id, variant_id, units, revenue_minor, lines, \
     returned_units, returned_minor, cancelled_units) \
     SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0), \
     CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity END) AS BIGINT), \
     CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity * l.unit_price_minor END) AS BIGINT), \
     CAST(SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE 1 END) AS BIGINT), \
     CAST(SUM(CASE WHEN l.status = 'returned' THEN l.quantity ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN l.status = 'returned' THEN l.quantity * l.unit_price_minor ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN l.status = 'cancelled' THEN l.quantity ELSE 0 END) AS BIGINT) \
     FROM order_lines l JOIN orders o ON o.id = l.order_id \
     LEFT JOIN integrations i ON i.id = o.integration_id \
     LEFT JOIN product_variants v ON v.id = l.variant_id \
     WHERE ($1 IS NULL OR o.owner_id = $1) \
     GROUP BY o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0)",
    "INSERT INTO sales_daily_orders (owner_id, day, channel, orders, units, revenue_minor, returned_orders, \
     returned_units, cancelled_orders) \
     SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'), \
     CAST(SUM(CASE WHEN o.status = 'cancelled' THEN 0 ELSE 1 END) AS BIGINT), \
     CAST(SUM(COALESCE(t.units, 0)) AS BIGINT), CAST(SUM(COALESCE(t.revenue_minor, 0)) AS BIGINT), \
     CAST(SUM(CASE WHEN o.status = 'returned' THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(SUM(COALESCE(t.returned_units, 0)) AS BIGINT), \
     CAST(SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS BIGINT) \
     FROM orders o LEFT JOIN integrations i ON i.id = o.integration_id \
     LEFT JOIN (SELECT l.order_id, \
        SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity END) AS units, \
        SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity * l.unit_price_minor END) AS revenue_minor, \
        SUM(CASE WHEN l.status = 'returned' THEN l.quantity ELSE 0 END) AS returned_units \
        FROM order_lines l GROUP BY l.order_id) t ON t.order_id = o.id \
     WHERE ($1 IS NULL OR o.owner_id = $1) \
     GROUP BY o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual')",
];

/// After an import: the order's (`$1`) buyer key (`$2`).
pub(crate) const SET_BUYER: &str = "UPDATE orders SET buyer_hash = $2 WHERE id = $1";

/// After an import: the seller's (`$1`) sales changed.
pub(crate) const BUMP_SALES_VERSION: &str = "INSERT INTO insight_runs (owner_id, sales_version) VALUES ($1, 1) \
     ON CONFLICT (owner_id) DO UPDATE SET sales_version = insight_runs.sales_version + 1";

/// The key a buyer's orders share: a SHA-256 of the seller, the channel and the buyer as the
/// channel names them (case and spacing folded), so buyers group per seller and channel and
/// nothing readable reaches analytics.
pub fn buyer_hash(owner_id: i64, channel: &str, buyer: &str) -> String {
    use sha2::{Digest, Sha256};
    let folded: String = pofuai_core::search::fold(buyer)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let digest = Sha256::digest(format!("{owner_id}\u{1f}{channel}\u{1f}{folded}").as_bytes());
    hex::encode(&digest[..16])
}

/// The figures every analytics view adds up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Measures {
    pub orders: i64,
    pub units: i64,
    pub revenue_minor: i64,
    pub returned_units: i64,
}

/// One day of one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DayRow {
    pub day: i64,
    pub channel: String,
    pub orders: i64,
    pub units: i64,
    pub revenue_minor: i64,
    pub returned_units: i64,
}

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Channel,
    Category,
    Brand,
    Product,
    Variant,
}

impl Dimension {
    fn key_sql(self) -> &'static str {
        match self {
            Dimension::Channel => "s.channel",
            Dimension::Category => "COALESCE(p.category, '')",
            Dimension::Brand => "COALESCE(p.brand, '')",
            Dimension::Product => "CAST(s.product_id AS TEXT)",
            Dimension::Variant => "CAST(s.variant_id AS TEXT)",
        }
    }

    fn label_sql(self) -> &'static str {
        match self {
            Dimension::Channel => "s.channel",
            Dimension::Category => "COALESCE(p.category, '')",
            Dimension::Brand => "COALESCE(p.brand, '')",
            Dimension::Product => "COALESCE(p.name, '')",
            Dimension::Variant => "COALESCE(p.name, '') || ' ' || COALESCE(v.stock_code, '')",
        }
    }
}

/// Restricts item-level queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFilter {
    pub channel: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub product_id: Option<i64>,
}

impl ItemFilter {
    pub fn is_empty(&self) -> bool {
        self.category.is_none() && self.brand.is_none() && self.product_id.is_none()
    }
}

/// A breakdown row: one group in the current and in the previous period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct GroupRow {
    pub key: String,
    pub label: String,
    pub units: i64,
    pub revenue_minor: i64,
    pub lines: i64,
    pub returned_units: i64,
    pub previous_units: i64,
    pub previous_revenue_minor: i64,
}

/// Days `[from, to]`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub from: i64,
    pub to: i64,
}

const ITEM_WHERE: &str = "($1 IS NULL OR s.owner_id = $1) AND s.day BETWEEN $2 AND $3 \
     AND ($4 IS NULL OR s.channel = $4) AND ($5 IS NULL OR p.category = $5) \
     AND ($6 IS NULL OR p.brand = $6) AND ($7 IS NULL OR s.product_id = $7)";

impl Store {
    /// Per day and channel: orders, units, revenue and returns, from the order rollup.
    pub async fn sales_days(
        &self,
        scope: Scope,
        range: DayRange,
        channel: Option<&str>,
    ) -> Result<Vec<DayRow>, StoreError> {
        let sql = "SELECT day, channel, CAST(SUM(orders) AS BIGINT) AS orders, CAST(SUM(units) AS BIGINT) AS units, \
             CAST(SUM(revenue_minor) AS BIGINT) AS revenue_minor, CAST(SUM(returned_units) AS BIGINT) AS returned_units \
             FROM sales_daily_orders WHERE ($1 IS NULL OR owner_id = $1) AND day BETWEEN $2 AND $3 \
             AND ($4 IS NULL OR channel = $4) GROUP BY day, channel ORDER BY day, channel";
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(sql)
                .bind(scope.owner())
                .bind(range.from)
                .bind(range.to)
                .bind(channel)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Per day: units and revenue of the items a filter selects (orders are counted as the
    /// lines that hold the items).
    pub async fn sales_item_days(
        &self,
        scope: Scope,
        range: DayRange,
        filter: &ItemFilter,
    ) -> Result<Vec<DayRow>, StoreError> {
        let sql = format!(
            "SELECT s.day AS day, '' AS channel, CAST(SUM(s.lines) AS BIGINT) AS orders, CAST(SUM(s.units) AS BIGINT) AS units, \
             CAST(SUM(s.revenue_minor) AS BIGINT) AS revenue_minor, CAST(SUM(s.returned_units) AS BIGINT) AS returned_units \
             FROM sales_daily s LEFT JOIN products p ON p.id = s.product_id WHERE {ITEM_WHERE} \
             GROUP BY s.day ORDER BY s.day"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(range.from)
                .bind(range.to)
                .bind(filter.channel.as_deref())
                .bind(filter.category.as_deref())
                .bind(filter.brand.as_deref())
                .bind(filter.product_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Groups of `by` in the current period beside the previous one, ordered by current
    /// revenue (or, with `by_change`, by the change in revenue, largest first; `ascending`
    /// turns either order round).
    pub async fn sales_breakdown(
        &self,
        scope: Scope,
        q: &Breakdown<'_>,
    ) -> Result<Vec<GroupRow>, StoreError> {
        let (key, label) = (q.by.key_sql(), q.by.label_sql());
        let (current, previous, filter) = (q.current, q.previous, q.filter);
        let order_sql = match q.order {
            BreakdownOrder::Revenue => "t.revenue_minor DESC",
            BreakdownOrder::Growth => "t.revenue_minor - t.previous_revenue_minor DESC",
            BreakdownOrder::Decline => "t.revenue_minor - t.previous_revenue_minor ASC",
        };
        let sql = format!(
            "SELECT {key} AS key, MIN({label}) AS label, \
             CAST(SUM(CASE WHEN s.day >= $8 THEN s.units ELSE 0 END) AS BIGINT) AS units, \
             CAST(SUM(CASE WHEN s.day >= $8 THEN s.revenue_minor ELSE 0 END) AS BIGINT) AS revenue_minor, \
             CAST(SUM(CASE WHEN s.day >= $8 THEN s.lines ELSE 0 END) AS BIGINT) AS lines, \
             CAST(SUM(CASE WHEN s.day >= $8 THEN s.returned_units ELSE 0 END) AS BIGINT) AS returned_units, \
             CAST(SUM(CASE WHEN s.day <= $9 THEN s.units ELSE 0 END) AS BIGINT) AS previous_units, \
             CAST(SUM(CASE WHEN s.day <= $9 THEN s.revenue_minor ELSE 0 END) AS BIGINT) AS previous_revenue_minor \
             FROM sales_daily s LEFT JOIN products p ON p.id = s.product_id \
             LEFT JOIN product_variants v ON v.id = s.variant_id \
             WHERE {ITEM_WHERE} AND (s.day >= $8 OR s.day <= $9) \
             GROUP BY {key}"
        );
        let sql = format!("SELECT * FROM ({sql}) t ORDER BY {order_sql}, t.key LIMIT $10");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(previous.from.min(current.from))
                .bind(current.to)
                .bind(filter.channel.as_deref())
                .bind(filter.category.as_deref())
                .bind(filter.brand.as_deref())
                .bind(filter.product_id)
                .bind(current.from)
                .bind(previous.to)
                .bind(q.limit)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Daily units per variant of one seller since `from_day`, for forecasting.
    pub async fn variant_daily_units(
        &self,
        owner_id: i64,
        from_day: i64,
    ) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT variant_id, day, CAST(SUM(units) AS BIGINT) FROM sales_daily \
                 WHERE owner_id = $1 AND day >= $2 AND variant_id <> 0 \
                 GROUP BY variant_id, day ORDER BY variant_id, day",
            )
            .bind(owner_id)
            .bind(from_day)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Rebuilds both rollups of one seller (or all) from the orders, set-based (one pass
    /// over the orders rather than one per order, so a million lines take seconds): for
    /// recovery, and the yardstick the incremental maintenance is tested against.
    pub async fn rebuild_sales_rollups(&self, scope: Scope) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for table in ["sales_daily", "sales_daily_orders"] {
                sqlx::query(&format!(
                    "DELETE FROM {table} WHERE ($1 IS NULL OR owner_id = $1)"
                ))
                .bind(scope.owner())
                .execute(&mut *tx)
                .await?;
            }
            for sql in REBUILD {
                sqlx::query(sql)
                    .bind(scope.owner())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every rollup row of a seller, for comparing two ways of building them.
    pub async fn sales_rollup_rows(
        &self,
        owner_id: i64,
    ) -> Result<(Vec<GroupRow>, Vec<DayRow>), StoreError> {
        let items: Vec<GroupRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT CAST(day AS TEXT) || '/' || channel || '/' || CAST(variant_id AS TEXT) AS key, \
                 CAST(product_id AS TEXT) AS label, units, revenue_minor, lines, returned_units, \
                 cancelled_units AS previous_units, returned_minor AS previous_revenue_minor \
                 FROM sales_daily WHERE owner_id = $1 AND (units <> 0 OR lines <> 0 OR cancelled_units <> 0 \
                 OR returned_units <> 0) ORDER BY day, channel, variant_id",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        let days = self
            .sales_days(
                Scope::Owner(owner_id),
                DayRange {
                    from: i64::MIN / 2,
                    to: i64::MAX / 2,
                },
                None,
            )
            .await?
            .into_iter()
            .filter(|d| d.orders != 0 || d.units != 0 || d.revenue_minor != 0)
            .collect();
        Ok((items, days))
    }
}

/// What a breakdown asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breakdown<'a> {
    pub by: Dimension,
    pub current: DayRange,
    pub previous: DayRange,
    pub filter: &'a ItemFilter,
    pub order: BreakdownOrder,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakdownOrder {
    Revenue,
    Growth,
    Decline,
}
