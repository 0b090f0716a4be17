//! Support for test suites: a fresh, isolated database per test on either backend.

use std::path::Path;

use crate::{Store, StoreError};

/// The environment variable that points the test suites at PostgreSQL, e.g.
/// `postgres://postgres@127.0.0.1:5432/pofuai_ci`. Unset: every test uses its own SQLite file.
pub const TEST_DATABASE_ENV: &str = "POFUAI_TEST_DATABASE_URL";

/// A migrated store no other test shares: a SQLite file in `dir`, or, when
/// [`TEST_DATABASE_ENV`] is set, a new schema of that PostgreSQL database selected through
/// the connection's `search_path`.
pub async fn fresh_store(dir: &Path) -> Result<Store, StoreError> {
    let store = Store::connect(&fresh_url(dir).await?).await?;
    store.migrate().await?;
    Ok(store)
}

/// The URL of a database no other test shares (see [`fresh_store`]), not yet migrated: for
/// tests that connect to it more than once, as separate nodes would.
pub async fn fresh_url(dir: &Path) -> Result<String, StoreError> {
    Ok(match std::env::var(TEST_DATABASE_ENV) {
        Ok(base) if !base.is_empty() => {
            let schema = format!("t_{}", unique_suffix());
            let admin = sqlx::PgPool::connect(&base).await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await?;
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
        _ => format!("sqlite://{}", dir.join("test.db").display()),
    })
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// What [`bulk_orders`] generates: orders of one seller spread over `days` days from
/// `first_ms`, with about `lines` order lines in all (1–4 per order), over the given
/// integrations and variants `(variant id, barcode, unit price in minor units)`.
#[derive(Debug, Clone)]
pub struct BulkOrders<'a> {
    pub owner_id: i64,
    pub integrations: &'a [i64],
    pub variants: &'a [(i64, String, i64)],
    pub first_ms: i64,
    pub days: i64,
    pub lines: usize,
    pub buyers: usize,
    pub seed: u64,
}

/// Loads synthetic order history straight into the order tables in large batches, then
/// rebuilds the sales rollups from it: for benchmarks that need a million order lines, which
/// the import path (one package per transaction, as channels deliver them) would take far
/// longer to write. Returns the number of orders.
pub async fn bulk_orders(store: &Store, spec: &BulkOrders<'_>) -> Result<usize, StoreError> {
    use crate::analytics::{DAY_MS, buyer_hash};
    use crate::products::Scope;
    use crate::{on_pool, on_writer};

    struct Line<'v> {
        variant: &'v (i64, String, i64),
        quantity: i64,
    }
    struct Order<'v> {
        number: String,
        integration: i64,
        status: &'static str,
        buyer: String,
        at: i64,
        lines: Vec<Line<'v>>,
    }

    if spec.integrations.is_empty() || spec.variants.is_empty() || spec.days < 1 {
        return Ok(0);
    }
    // xorshift64*: deterministic for a seed, and enough for synthetic history.
    let mut state = spec.seed.max(1);
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut written_lines, mut orders) = (0usize, 0usize);
    while written_lines < spec.lines {
        let mut batch: Vec<Order<'_>> = Vec::with_capacity(2000);
        while batch.len() < 2000 && written_lines < spec.lines {
            let n = 1 + (next() * 4.0) as usize;
            // Skewed towards the front of the catalogue and towards recent days, as real
            // sales are (a few best sellers, a growing shop).
            let lines = (0..n.min(spec.lines - written_lines))
                .map(|_| Line {
                    variant: &spec.variants
                        [((next().powi(2)) * spec.variants.len() as f64) as usize],
                    quantity: 1 + (next() * next() * 3.0) as i64,
                })
                .collect::<Vec<_>>();
            written_lines += lines.len();
            let day = (next().powf(0.8) * spec.days as f64) as i64;
            let roll = next();
            batch.push(Order {
                number: format!("BULK-{}-{orders}", spec.seed),
                integration: spec.integrations[orders % spec.integrations.len()],
                status: if roll < 0.05 {
                    "cancelled"
                } else if roll < 0.10 {
                    "returned"
                } else {
                    "delivered"
                },
                buyer: format!("Alıcı {}", (next() * spec.buyers.max(1) as f64) as usize),
                at: spec.first_ms + day * DAY_MS + (next() * DAY_MS as f64) as i64,
                lines,
            });
            orders += 1;
        }
        on_writer!(store, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids = std::collections::HashMap::new();
            for chunk in batch.chunks(500) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO orders (owner_id, integration_id, remote_order_number, remote_package_id, \
                     status, customer_name, total_minor, currency, ordered_at, remote_updated_at, created_at, \
                     updated_at, buyer_hash) ",
                );
                q.push_values(chunk, |mut b, o| {
                    let total: i64 = o.lines.iter().map(|l| l.quantity * l.variant.2).sum();
                    b.push_bind(spec.owner_id)
                        .push_bind(o.integration)
                        .push_bind(o.number.clone())
                        .push_bind(o.number.clone())
                        .push_bind(o.status)
                        .push_bind(o.buyer.clone())
                        .push_bind(total)
                        .push_bind("TRY")
                        .push_bind(o.at)
                        .push_bind(o.at)
                        .push_bind(o.at)
                        .push_bind(o.at)
                        .push_bind(buyer_hash(
                            spec.owner_id,
                            &o.integration.to_string(),
                            &o.buyer,
                        ));
                });
                q.push(" RETURNING id, remote_package_id");
                let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                ids.extend(rows.into_iter().map(|(id, number)| (number, id)));
            }
            let lines: Vec<(i64, &'static str, usize, &Line<'_>)> = batch
                .iter()
                .flat_map(|o| {
                    let id = ids.get(&o.number).copied().unwrap_or(0);
                    o.lines
                        .iter()
                        .enumerate()
                        .map(move |(k, l)| (id, o.status, k, l))
                })
                .collect();
            for chunk in lines.chunks(500) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO order_lines (order_id, variant_id, remote_line_id, barcode, quantity, \
                     unit_price_minor, status) ",
                );
                q.push_values(chunk, |mut b, (id, status, k, l)| {
                    b.push_bind(*id)
                        .push_bind(l.variant.0)
                        .push_bind(k.to_string())
                        .push_bind(l.variant.1.clone())
                        .push_bind(l.quantity)
                        .push_bind(l.variant.2)
                        .push_bind(*status);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
    }
    store
        .rebuild_sales_rollups(Scope::Owner(spec.owner_id))
        .await?;
    // What autovacuum does on PostgreSQL by the time a real shop has a million lines:
    // planner statistics, and the visibility map that lets the rollups' covering indexes
    // answer alone. (SQLite keeps no statistics unless asked; the product does not ask.)
    if store.dialect() == crate::Dialect::Postgres {
        on_pool!(store, |pool| {
            sqlx::query(
                "VACUUM ANALYZE orders, order_lines, sales_daily, sales_daily_orders, sales_monthly, \
                 products, product_variants",
            )
            .execute(pool)
            .await?;
        });
    }
    Ok(orders)
}
