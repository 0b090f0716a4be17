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

/// The month of a day number, counted `year * 12 + month - 1` (the proleptic Gregorian
/// calendar, as in H. Hinnant's `civil_from_days`).
pub fn month_of_day(day: i64) -> i64 {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year * 12 + month - 1
}

/// The day number of the first day of a month as [`month_of_day`] counts it.
pub fn first_day_of_month(month: i64) -> i64 {
    let (year, m) = (month.div_euclid(12), month.rem_euclid(12) + 1);
    let y = year - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A period as the rollups hold it: the whole months inside it from `sales_monthly`, the
/// days before and after them from `sales_daily`. A year is then about 12 rows per product
/// and channel instead of 365 per variant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    days: Vec<DayRange>,
    months: Option<(i64, i64)>,
}

fn parts(range: DayRange) -> Parts {
    let first = month_of_day(range.from)
        + i64::from(first_day_of_month(month_of_day(range.from)) != range.from);
    let last = month_of_day(range.to + 1) - 1;
    if first > last || range.from > range.to {
        return Parts {
            days: vec![range],
            months: None,
        };
    }
    let head = DayRange {
        from: range.from,
        to: first_day_of_month(first) - 1,
    };
    let tail = DayRange {
        from: first_day_of_month(last + 1),
        to: range.to,
    };
    Parts {
        days: [head, tail]
            .into_iter()
            .filter(|r| r.from <= r.to)
            .collect(),
        months: Some((first, last)),
    }
}

/// Adds (`$2` = 1) or removes (`$2` = −1) the contribution of order `$1` to the rollups.
const ROLLUP: [&str; 2] = [
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

/// Adds (`$2` = 1) or removes (`$2` = −1) the contribution of order `$1` to the monthly
/// product rollup, in month `$3`.
const ROLLUP_MONTHLY: &str = "INSERT INTO sales_monthly (owner_id, month, channel, product_id, units, revenue_minor, \
     lines, returned_units, returned_minor, cancelled_units) \
     SELECT o.owner_id, $3, COALESCE(i.integration_name, 'manual'), COALESCE(v.product_id, 0), \
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
     GROUP BY o.owner_id, COALESCE(i.integration_name, 'manual'), COALESCE(v.product_id, 0) \
     ON CONFLICT (owner_id, month, channel, product_id) DO UPDATE SET \
     units = sales_monthly.units + excluded.units, revenue_minor = sales_monthly.revenue_minor + excluded.revenue_minor, \
     lines = sales_monthly.lines + excluded.lines, returned_units = sales_monthly.returned_units + excluded.returned_units, \
     returned_minor = sales_monthly.returned_minor + excluded.returned_minor, \
     cancelled_units = sales_monthly.cancelled_units + excluded.cancelled_units";

/// Adds (`sign` = 1) or removes (−1) an order's contribution to every rollup, inside the
/// import's transaction.
pub(crate) async fn rollup_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    order_id: i64,
    sign: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
{
    for sql in ROLLUP {
        sqlx::query(sql)
            .bind(order_id)
            .bind(sign)
            .execute(&mut **tx)
            .await?;
    }
    let (ordered_at,): (i64,) = sqlx::query_as("SELECT ordered_at FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(ROLLUP_MONTHLY)
        .bind(order_id)
        .bind(sign)
        .bind(month_of_day(day_of(ordered_at)))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The monthly rollup of month `$2` (first day `$3`, last `$4`) of seller `$1` (or all),
/// from the daily one.
const REBUILD_MONTH: &str = "INSERT INTO sales_monthly (owner_id, month, channel, product_id, units, revenue_minor, \
     lines, returned_units, returned_minor, cancelled_units) \
     SELECT owner_id, $2, channel, product_id, CAST(SUM(units) AS BIGINT), CAST(SUM(revenue_minor) AS BIGINT), \
     CAST(SUM(lines) AS BIGINT), CAST(SUM(returned_units) AS BIGINT), CAST(SUM(returned_minor) AS BIGINT), \
     CAST(SUM(cancelled_units) AS BIGINT) FROM sales_daily \
     WHERE ($1 IS NULL OR owner_id = $1) AND day BETWEEN $3 AND $4 \
     GROUP BY owner_id, channel, product_id";

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

/// The select of item rows for one period (`cur`, an SQL expression over `x`: 1 for a row of
/// the current period, 0 for the previous), as a `UNION ALL` over its parts. Integers are ours and written into the
/// text; the filter's texts are the parameters `binds` numbers.
fn item_rows(
    scope: Scope,
    range: DayRange,
    cur: &str,
    filter: &ItemFilter,
    binds: &mut Binds,
    use_months: bool,
) -> String {
    let owner = |alias: &str| match scope.owner() {
        Some(id) => format!("{alias}.owner_id = {id}"),
        None => "1 = 1".to_string(),
    };
    let mut conditions = String::new();
    if let Some(ch) = &filter.channel {
        conditions += &format!(" AND x.channel = {}", binds.push(ch));
    }
    if filter.category.is_some() || filter.brand.is_some() || filter.product_id.is_some() {
        let mut products = String::from("SELECT id FROM products WHERE 1 = 1");
        if let Some(c) = &filter.category {
            products += &format!(" AND category = {}", binds.push(c));
        }
        if let Some(b) = &filter.brand {
            products += &format!(" AND brand = {}", binds.push(b));
        }
        if let Some(id) = filter.product_id {
            products += &format!(" AND id = {id}");
        }
        conditions += &format!(" AND x.product_id IN ({products})");
    }
    let measures = "x.units, x.revenue_minor, x.lines, x.returned_units";
    let parts = if use_months {
        parts(range)
    } else {
        Parts {
            days: vec![range],
            months: None,
        }
    };
    let mut selects: Vec<String> = parts
        .days
        .iter()
        .map(|d| {
            format!(
                "SELECT {cur} AS cur, x.day AS day, x.channel AS channel, x.product_id AS product_id, \
                 x.variant_id AS variant_id, {measures} FROM sales_daily x \
                 WHERE {} AND x.day BETWEEN {} AND {}{conditions}",
                owner("x"),
                d.from,
                d.to
            )
        })
        .collect();
    if let Some((first, last)) = parts.months {
        // A whole month's row stands on the month's first day.
        let day_of_month = (first..=last)
            .map(|m| format!("WHEN {m} THEN {}", first_day_of_month(m)))
            .collect::<Vec<_>>()
            .join(" ");
        selects.push(format!(
            "SELECT {cur} AS cur, CAST(CASE x.month {day_of_month} END AS BIGINT) AS day, x.channel AS channel, \
             x.product_id AS product_id, CAST(0 AS BIGINT) AS variant_id, {measures} FROM sales_monthly x \
             WHERE {} AND x.month BETWEEN {first} AND {last}{conditions}",
            owner("x")
        ));
    }
    selects.join(" UNION ALL ")
}

/// The groups of a breakdown (without order or limit) as SQL, and the texts it binds: rows
/// summed by the fewest columns the dimension needs (sorting for GROUP BY is most of the
/// cost), then joined to the catalogue once per group.
fn groups_sql(scope: Scope, q: &Breakdown<'_>, binds: &mut Binds) -> String {
    let (key, label) = (q.by.key_sql(), q.by.label_sql());
    // Months hold no variants.
    let use_months = q.by != Dimension::Variant;
    let no_months = |r: DayRange| !use_months || parts(r).months.is_none();
    let rows =
        if q.previous.to + 1 == q.current.from && no_months(q.current) && no_months(q.previous) {
            // Two adjacent short periods: one range read.
            let both = DayRange {
                from: q.previous.from,
                to: q.current.to,
            };
            let cur = format!("CASE WHEN x.day >= {} THEN 1 ELSE 0 END", q.current.from);
            item_rows(scope, both, &cur, q.filter, binds, false)
        } else {
            let current = item_rows(scope, q.current, "1", q.filter, binds, use_months);
            let previous = item_rows(scope, q.previous, "0", q.filter, binds, use_months);
            format!("{current} UNION ALL {previous}")
        };
    // Summed by the fewest columns the dimension needs (sorting for GROUP BY is most of
    // the cost), then joined to the catalogue once per group.
    let (inner, group) = match q.by {
        Dimension::Channel => (
            "x.channel AS channel, CAST(0 AS BIGINT) AS product_id, CAST(0 AS BIGINT) AS variant_id",
            "x.channel",
        ),
        Dimension::Variant => (
            "'' AS channel, MIN(x.product_id) AS product_id, x.variant_id AS variant_id",
            "x.variant_id",
        ),
        _ => (
            "'' AS channel, x.product_id AS product_id, CAST(0 AS BIGINT) AS variant_id",
            "x.product_id",
        ),
    };
    let joins = match q.by {
        Dimension::Channel => "",
        Dimension::Variant => {
            "LEFT JOIN products p ON p.id = s.product_id LEFT JOIN product_variants v ON v.id = s.variant_id"
        }
        _ => "LEFT JOIN products p ON p.id = s.product_id",
    };
    format!(
        "SELECT {key} AS key, MIN({label}) AS label, \
         CAST(SUM(s.units) AS BIGINT) AS units, CAST(SUM(s.revenue_minor) AS BIGINT) AS revenue_minor, \
         CAST(SUM(s.lines) AS BIGINT) AS lines, CAST(SUM(s.returned_units) AS BIGINT) AS returned_units, \
         CAST(SUM(s.previous_units) AS BIGINT) AS previous_units, \
         CAST(SUM(s.previous_revenue_minor) AS BIGINT) AS previous_revenue_minor \
         FROM (SELECT {inner}, \
            SUM(CASE WHEN x.cur = 1 THEN x.units ELSE 0 END) AS units, \
            SUM(CASE WHEN x.cur = 1 THEN x.revenue_minor ELSE 0 END) AS revenue_minor, \
            SUM(CASE WHEN x.cur = 1 THEN x.lines ELSE 0 END) AS lines, \
            SUM(CASE WHEN x.cur = 1 THEN x.returned_units ELSE 0 END) AS returned_units, \
            SUM(CASE WHEN x.cur = 0 THEN x.units ELSE 0 END) AS previous_units, \
            SUM(CASE WHEN x.cur = 0 THEN x.revenue_minor ELSE 0 END) AS previous_revenue_minor \
            FROM ({rows}) x GROUP BY {group}) s \
         {joins} GROUP BY {key}"
    )
}

/// A mover row and the list it belongs to (0: grew most, 1: fell most).
#[derive(sqlx::FromRow)]
struct SidedRow {
    side: i64,
    #[sqlx(flatten)]
    row: GroupRow,
}

/// Text parameters of a built query, numbered as they are added.
#[derive(Default)]
struct Binds(Vec<String>);

impl Binds {
    fn push(&mut self, value: &str) -> String {
        self.0.push(value.to_string());
        format!("${}", self.0.len())
    }
}

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

    /// Per day and channel from the item rollup: `orders` counts the order lines (as the
    /// channel breakdown does), with units, revenue and returns.
    pub async fn sales_channel_days(
        &self,
        scope: Scope,
        range: DayRange,
    ) -> Result<Vec<DayRow>, StoreError> {
        let sql = "SELECT day, channel, CAST(SUM(lines) AS BIGINT) AS orders, CAST(SUM(units) AS BIGINT) AS units, \
             CAST(SUM(revenue_minor) AS BIGINT) AS revenue_minor, CAST(SUM(returned_units) AS BIGINT) AS returned_units \
             FROM sales_daily WHERE ($1 IS NULL OR owner_id = $1) AND day BETWEEN $2 AND $3 \
             GROUP BY day, channel ORDER BY day, channel";
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(sql)
                .bind(scope.owner())
                .bind(range.from)
                .bind(range.to)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Per day: units and revenue of the items a filter selects (orders are counted as the
    /// lines that hold the items). With `whole_months`, a whole month inside the range comes
    /// as one row on its first day, for callers that sum by month anyway.
    pub async fn sales_item_days(
        &self,
        scope: Scope,
        range: DayRange,
        filter: &ItemFilter,
        whole_months: bool,
    ) -> Result<Vec<DayRow>, StoreError> {
        let mut binds = Binds::default();
        let rows = item_rows(scope, range, "1", filter, &mut binds, whole_months);
        let sql = format!(
            "SELECT s.day AS day, '' AS channel, CAST(SUM(s.lines) AS BIGINT) AS orders, \
             CAST(SUM(s.units) AS BIGINT) AS units, CAST(SUM(s.revenue_minor) AS BIGINT) AS revenue_minor, \
             CAST(SUM(s.returned_units) AS BIGINT) AS returned_units \
             FROM ({rows}) s GROUP BY s.day ORDER BY s.day"
        );
        Ok(on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for b in &binds.0 {
                q = q.bind(b);
            }
            q.fetch_all(pool).await?
        }))
    }

    /// Groups of `by` in the current period beside the previous one, ordered by current
    /// revenue or by the change in revenue (largest rise or largest fall first).
    pub async fn sales_breakdown(
        &self,
        scope: Scope,
        q: &Breakdown<'_>,
    ) -> Result<Vec<GroupRow>, StoreError> {
        let order_sql = match q.order {
            BreakdownOrder::Revenue => "t.revenue_minor DESC",
            BreakdownOrder::Growth => "t.revenue_minor - t.previous_revenue_minor DESC",
            BreakdownOrder::Decline => "t.revenue_minor - t.previous_revenue_minor ASC",
        };
        let mut binds = Binds::default();
        let groups = groups_sql(scope, q, &mut binds);
        let sql = format!(
            "SELECT * FROM ({groups}) t ORDER BY {order_sql}, t.key LIMIT {}",
            q.limit.clamp(1, 1000)
        );
        Ok(on_pool!(self, |pool| {
            let mut query = sqlx::query_as(&sql);
            for b in &binds.0 {
                query = query.bind(b);
            }
            query.fetch_all(pool).await?
        }))
    }

    /// The `q.limit` groups whose revenue grew most and those that fell most, from one pass
    /// over the rollups (`q.order` is not used).
    pub async fn sales_movers(
        &self,
        scope: Scope,
        q: &Breakdown<'_>,
    ) -> Result<(Vec<GroupRow>, Vec<GroupRow>), StoreError> {
        let mut binds = Binds::default();
        let groups = groups_sql(scope, q, &mut binds);
        let limit = q.limit.clamp(1, 1000);
        let change = "t.revenue_minor - t.previous_revenue_minor";
        let sql = format!(
            "WITH t AS MATERIALIZED ({groups}) \
             SELECT * FROM (SELECT CAST(0 AS BIGINT) AS side, t.* FROM t ORDER BY {change} DESC, t.key LIMIT {limit}) a \
             UNION ALL \
             SELECT * FROM (SELECT CAST(1 AS BIGINT) AS side, t.* FROM t ORDER BY {change} ASC, t.key LIMIT {limit}) b"
        );
        let rows: Vec<SidedRow> = on_pool!(self, |pool| {
            let mut query = sqlx::query_as(&sql);
            for b in &binds.0 {
                query = query.bind(b);
            }
            query.fetch_all(pool).await?
        });
        let (top, bottom): (Vec<SidedRow>, Vec<SidedRow>) =
            rows.into_iter().partition(|r| r.side == 0);
        Ok((
            top.into_iter().map(|r| r.row).collect(),
            bottom.into_iter().map(|r| r.row).collect(),
        ))
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
            for table in ["sales_daily", "sales_daily_orders", "sales_monthly"] {
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
            let (first, last): (Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT MIN(day), MAX(day) FROM sales_daily WHERE ($1 IS NULL OR owner_id = $1)",
            )
            .bind(scope.owner())
            .fetch_one(&mut *tx)
            .await?;
            if let (Some(first), Some(last)) = (first, last) {
                for month in month_of_day(first)..=month_of_day(last) {
                    sqlx::query(REBUILD_MONTH)
                        .bind(scope.owner())
                        .bind(month)
                        .bind(first_day_of_month(month))
                        .bind(first_day_of_month(month + 1) - 1)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every rollup row of a seller, for comparing two ways of building them.
    pub async fn sales_rollup_rows(
        &self,
        owner_id: i64,
    ) -> Result<(Vec<GroupRow>, Vec<DayRow>, Vec<GroupRow>), StoreError> {
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
        let months: Vec<GroupRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT CAST(month AS TEXT) || '/' || channel || '/' || CAST(product_id AS TEXT) AS key, \
                 CAST(product_id AS TEXT) AS label, units, revenue_minor, lines, returned_units, \
                 cancelled_units AS previous_units, returned_minor AS previous_revenue_minor \
                 FROM sales_monthly WHERE owner_id = $1 AND (units <> 0 OR lines <> 0 OR cancelled_units <> 0 \
                 OR returned_units <> 0) ORDER BY month, channel, product_id",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        Ok((items, days, months))
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
