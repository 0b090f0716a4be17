//! What the sync engine remembers between runs: product mappings with the values last pushed,
//! cursors, cached platform lookups, category mappings, recent request bodies, call timings,
//! sync logs and per-item errors.

use serde::Serialize;

use crate::paging::PageRequest;
use crate::products::Scope;
use crate::{Page, Store, StoreError, on_pool, on_writer};

/// Our variant's link to a channel's item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Mapping {
    pub integration_id: i64,
    pub product_id: i64,
    pub variant_id: i64,
    pub remote_id: Option<String>,
    pub barcode: String,
    pub stock_code: String,
    pub merchant_sku: Option<String>,
    /// `pending` (sent, outcome unknown), `synced`, `failed`, `channel_managed` (the platform
    /// stocks the listing itself; stock pushes leave it out).
    pub status: String,
    pub last_pushed_hash: Option<String>,
    pub pushed_quantity: Option<i64>,
    pub pushed_sale_price: Option<i64>,
    pub pushed_list_price: Option<i64>,
    pub last_error: Option<String>,
    pub last_synced_at: Option<i64>,
}

const MAPPING_COLUMNS: &str = "integration_id, product_id, variant_id, remote_id, barcode, stock_code, \
     merchant_sku, status, last_pushed_hash, pushed_quantity, pushed_sale_price, pushed_list_price, \
     last_error, last_synced_at";

/// A variant whose available stock or price differs from what its channel last accepted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaleRow {
    pub variant_id: i64,
    pub barcode: String,
    pub stock_code: String,
    pub available: i64,
    pub sale_price: i64,
    pub list_price: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SyncLog {
    pub id: i64,
    pub integration_id: i64,
    pub job_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub items_total: i64,
    pub items_ok: i64,
    pub items_failed: i64,
    pub duration_ms: i64,
    pub message: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct SyncLogFilter {
    pub integration_id: Option<i64>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ErrorLog {
    pub id: i64,
    pub integration_id: i64,
    pub job_id: Option<i64>,
    pub operation: String,
    pub item_ref: Option<String>,
    pub platform_code: Option<String>,
    pub message: String,
    pub resolved: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct ErrorFilter {
    pub integration_id: Option<i64>,
    pub resolved: Option<bool>,
}

/// One integration's health over a period. Runs still going count in neither `runs` nor
/// `runs_succeeded`.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub integration_id: i64,
    pub integration_name: String,
    pub display_name: String,
    pub runs: i64,
    pub runs_succeeded: i64,
    pub items_ok: i64,
    pub items_failed: i64,
    pub calls: i64,
    pub calls_failed: i64,
    /// Median and 95th percentile call latency in milliseconds; None without calls.
    pub latency_p50_ms: Option<i64>,
    pub latency_p95_ms: Option<i64>,
    pub errors: i64,
    pub errors_unresolved: i64,
}

impl Store {
    pub async fn mappings(&self, integration_id: i64) -> Result<Vec<Mapping>, StoreError> {
        let sql = format!(
            "SELECT {MAPPING_COLUMNS} FROM product_mappings WHERE integration_id = $1 ORDER BY variant_id"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(integration_id)
            .fetch_all(pool)
            .await?))
    }

    /// Every channel's item for one product's variants: the product across platforms.
    pub async fn product_mappings(&self, product_id: i64) -> Result<Vec<Mapping>, StoreError> {
        let sql = format!(
            "SELECT {MAPPING_COLUMNS} FROM product_mappings WHERE product_id = $1 ORDER BY variant_id, integration_id"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(product_id)
            .fetch_all(pool)
            .await?))
    }

    /// Creates or replaces the mapping of `m.variant_id` on `m.integration_id`.
    pub async fn upsert_mapping(&self, m: &Mapping, now: i64) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO product_mappings (integration_id, product_id, variant_id, remote_id, barcode, \
                 stock_code, merchant_sku, status, last_pushed_hash, pushed_quantity, pushed_sale_price, \
                 pushed_list_price, last_error, last_synced_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
                 ON CONFLICT (integration_id, variant_id) DO UPDATE SET \
                 remote_id = COALESCE(excluded.remote_id, product_mappings.remote_id), \
                 barcode = excluded.barcode, stock_code = excluded.stock_code, \
                 merchant_sku = excluded.merchant_sku, status = excluded.status, \
                 last_pushed_hash = excluded.last_pushed_hash, pushed_quantity = excluded.pushed_quantity, \
                 pushed_sale_price = excluded.pushed_sale_price, pushed_list_price = excluded.pushed_list_price, \
                 last_error = excluded.last_error, \
                 last_synced_at = COALESCE(excluded.last_synced_at, product_mappings.last_synced_at), \
                 updated_at = excluded.updated_at",
            )
            .bind(m.integration_id)
            .bind(m.product_id)
            .bind(m.variant_id)
            .bind(m.remote_id.as_deref())
            .bind(&m.barcode)
            .bind(&m.stock_code)
            .bind(m.merchant_sku.as_deref())
            .bind(&m.status)
            .bind(m.last_pushed_hash.as_deref())
            .bind(m.pushed_quantity)
            .bind(m.pushed_sale_price)
            .bind(m.pushed_list_price)
            .bind(m.last_error.as_deref())
            .bind(m.last_synced_at)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records that a product update with content `hash` was accepted, leaving the quantity
    /// and prices the stock push recorded, and when it sent them, untouched (an update does
    /// not change them).
    pub async fn mark_content_pushed(
        &self,
        integration_id: i64,
        variant_id: i64,
        hash: &str,
        remote_id: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE product_mappings SET status = 'synced', last_pushed_hash = $3, \
                 remote_id = COALESCE($4, remote_id), last_error = NULL, updated_at = $5 WHERE integration_id = $1 AND variant_id = $2",
            )
            .bind(integration_id)
            .bind(variant_id)
            .bind(hash)
            .bind(remote_id)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Sets only the error text of a mapping: a listing whose content could not be sent keeps
    /// its status and the values the stock push recorded.
    pub async fn set_mapping_error(
        &self,
        integration_id: i64,
        variant_id: i64,
        error: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE product_mappings SET last_error = $3, updated_at = $4 \
                 WHERE integration_id = $1 AND variant_id = $2",
            )
            .bind(integration_id)
            .bind(variant_id)
            .bind(error)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Active integrations (owner, id) with at least one synced variant whose available stock
    /// or prices differ from what the channel last accepted: the stale-row sweep's work list.
    pub async fn integrations_with_stale_price_stock(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT i.owner_id, i.id FROM integrations i WHERE i.active AND EXISTS ( \
                 SELECT 1 FROM product_mappings m JOIN product_variants v ON v.id = m.variant_id \
                 WHERE m.integration_id = i.id AND m.status = 'synced' AND ( \
                   m.pushed_quantity IS NULL OR m.pushed_sale_price IS NULL OR m.pushed_list_price IS NULL \
                   OR m.pushed_quantity <> (CASE WHEN v.stock_on_hand > v.stock_reserved THEN v.stock_on_hand - v.stock_reserved ELSE 0 END) \
                   OR m.pushed_sale_price <> v.sale_price OR m.pushed_list_price <> v.list_price)) \
                 ORDER BY i.id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Synced variants of the integration whose available stock or prices differ from the
    /// values the channel last accepted: the only rows a stock push sends.
    pub async fn stale_price_stock(
        &self,
        integration_id: i64,
    ) -> Result<Vec<StaleRow>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT v.id AS variant_id, v.barcode, v.stock_code, \
                 CASE WHEN v.stock_on_hand > v.stock_reserved THEN v.stock_on_hand - v.stock_reserved ELSE 0 END AS available, \
                 v.sale_price, v.list_price \
                 FROM product_mappings m JOIN product_variants v ON v.id = m.variant_id \
                 WHERE m.integration_id = $1 AND m.status = 'synced' AND ( \
                   m.pushed_quantity IS NULL OR m.pushed_sale_price IS NULL OR m.pushed_list_price IS NULL \
                   OR m.pushed_quantity <> (CASE WHEN v.stock_on_hand > v.stock_reserved THEN v.stock_on_hand - v.stock_reserved ELSE 0 END) \
                   OR m.pushed_sale_price <> v.sale_price OR m.pushed_list_price <> v.list_price) \
                 ORDER BY v.id",
            )
            .bind(integration_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Marks a mapping as managed by the channel (a listing the platform stocks itself): stock
    /// pushes leave it out. True when it was not marked already.
    pub async fn set_mapping_channel_managed(
        &self,
        integration_id: i64,
        variant_id: i64,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE product_mappings SET status = 'channel_managed', last_error = $3, updated_at = $4 \
                 WHERE integration_id = $1 AND variant_id = $2 AND status <> 'channel_managed'",
            )
            .bind(integration_id)
            .bind(variant_id)
            .bind(reason)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }

    /// Records the values a channel accepted for these variants, sent at `sent_at`. A row
    /// whose recorded values were sent later is left alone: the platform applied those last.
    pub async fn mark_price_stock_pushed(
        &self,
        integration_id: i64,
        rows: &[StaleRow],
        sent_at: i64,
    ) -> Result<(), StoreError> {
        let now = sent_at;
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for r in rows {
                sqlx::query(
                    "UPDATE product_mappings SET pushed_quantity = $3, pushed_sale_price = $4, \
                     pushed_list_price = $5, last_synced_at = $6, updated_at = $6 \
                     WHERE integration_id = $1 AND variant_id = $2 \
                     AND (last_synced_at IS NULL OR last_synced_at <= $6)",
                )
                .bind(integration_id)
                .bind(r.variant_id)
                .bind(r.available)
                .bind(r.sale_price)
                .bind(r.list_price)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn cursor(
        &self,
        integration_id: i64,
        kind: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT value FROM integration_cursors WHERE integration_id = $1 AND kind = $2",
            )
            .bind(integration_id)
            .bind(kind)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn set_cursor(
        &self,
        integration_id: i64,
        kind: &str,
        value: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO integration_cursors (integration_id, kind, value, updated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (integration_id, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(integration_id)
            .bind(kind)
            .bind(value)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// A cached platform lookup fetched after `fresh_after`, if any.
    pub async fn lookup(
        &self,
        integration_id: i64,
        key: &str,
        fresh_after: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT value FROM channel_lookups WHERE integration_id = $1 AND lookup_key = $2 AND fetched_at > $3",
            )
            .bind(integration_id)
            .bind(key)
            .bind(fresh_after)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn put_lookup(
        &self,
        integration_id: i64,
        key: &str,
        value: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO channel_lookups (integration_id, lookup_key, value, fetched_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (integration_id, lookup_key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at",
            )
            .bind(integration_id)
            .bind(key)
            .bind(value)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The channel category our `category` maps to: (remote id, remote name).
    pub async fn category_mapping(
        &self,
        integration_id: i64,
        category: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT remote_category_id, remote_name FROM category_mappings WHERE integration_id = $1 AND category = $2",
            )
            .bind(integration_id)
            .bind(category)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn category_mappings(
        &self,
        integration_id: i64,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT category, remote_category_id, remote_name FROM category_mappings WHERE integration_id = $1 ORDER BY category",
            )
            .bind(integration_id)
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn set_category_mapping(
        &self,
        integration_id: i64,
        category: &str,
        remote_id: &str,
        remote_name: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO category_mappings (integration_id, category, remote_category_id, remote_name, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (integration_id, category) DO UPDATE SET \
                 remote_category_id = excluded.remote_category_id, remote_name = excluded.remote_name, updated_at = excluded.updated_at",
            )
            .bind(integration_id)
            .bind(category)
            .bind(remote_id)
            .bind(remote_name)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// When this exact request body was last sent to the integration, if after `since`.
    pub async fn request_sent_since(
        &self,
        integration_id: i64,
        body_hash: &str,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT sent_at FROM channel_requests WHERE integration_id = $1 AND body_hash = $2 AND sent_at > $3",
            )
            .bind(integration_id)
            .bind(body_hash)
            .bind(since)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Notes a request body as sent, forgetting those older than `forget_before`.
    pub async fn record_request(
        &self,
        integration_id: i64,
        body_hash: &str,
        now: i64,
        forget_before: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM channel_requests WHERE integration_id = $1 AND sent_at < $2")
                .bind(integration_id)
                .bind(forget_before)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO channel_requests (integration_id, body_hash, sent_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (integration_id, body_hash) DO UPDATE SET sent_at = excluded.sent_at",
            )
            .bind(integration_id)
            .bind(body_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn record_channel_call(
        &self,
        integration_id: i64,
        operation: &str,
        ok: bool,
        duration_ms: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query("INSERT INTO channel_calls (integration_id, operation, ok, duration_ms, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(integration_id)
                .bind(operation)
                .bind(ok)
                .bind(duration_ms)
                .bind(at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn start_sync_log(
        &self,
        integration_id: i64,
        job_id: Option<i64>,
        kind: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(on_writer!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO sync_logs (integration_id, job_id, kind, status, started_at) VALUES ($1, $2, $3, 'running', $4) RETURNING id",
            )
            .bind(integration_id)
            .bind(job_id)
            .bind(kind)
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn finish_sync_log(
        &self,
        id: i64,
        status: &str,
        total: i64,
        ok: i64,
        failed: i64,
        message: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE sync_logs SET status = $2, items_total = $3, items_ok = $4, items_failed = $5, \
                 message = $6, finished_at = $7, duration_ms = $7 - started_at WHERE id = $1",
            )
            .bind(id)
            .bind(status)
            .bind(total)
            .bind(ok)
            .bind(failed)
            .bind(message)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn sync_logs(
        &self,
        scope: Scope,
        filter: &SyncLogFilter,
        page: PageRequest,
    ) -> Result<Page<SyncLog>, StoreError> {
        let rows: Vec<SyncLog> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.integration_id, l.job_id, l.kind, l.status, l.items_total, l.items_ok, l.items_failed, \
                 l.duration_ms, l.message, l.started_at, l.finished_at \
                 FROM sync_logs l JOIN integrations i ON i.id = l.integration_id \
                 WHERE ($1 IS NULL OR i.owner_id = $1) AND ($2 IS NULL OR l.integration_id = $2) \
                 AND ($3 IS NULL OR l.kind = $3) AND ($4 IS NULL OR l.status = $4) \
                 AND ($5 IS NULL OR l.started_at >= $5) AND ($6 IS NULL OR l.started_at < $6) \
                 AND ($7 IS NULL OR l.id < $7) ORDER BY l.id DESC LIMIT $8",
            )
            .bind(scope.owner())
            .bind(filter.integration_id)
            .bind(filter.kind.as_deref())
            .bind(filter.status.as_deref())
            .bind(filter.from)
            .bind(filter.to)
            .bind(page.before_id)
            .bind(page.limit + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, page.limit, |l| l.id))
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn log_integration_error(
        &self,
        integration_id: i64,
        job_id: Option<i64>,
        operation: &str,
        item_ref: Option<&str>,
        platform_code: Option<&str>,
        message: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO integration_error_logs (integration_id, job_id, operation, item_ref, platform_code, message, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(integration_id)
            .bind(job_id)
            .bind(operation)
            .bind(item_ref)
            .bind(platform_code)
            .bind(message)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn integration_errors(
        &self,
        scope: Scope,
        filter: &ErrorFilter,
        page: PageRequest,
    ) -> Result<Page<ErrorLog>, StoreError> {
        let rows: Vec<ErrorLog> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT e.id, e.integration_id, e.job_id, e.operation, e.item_ref, e.platform_code, e.message, \
                 e.resolved, e.created_at FROM integration_error_logs e JOIN integrations i ON i.id = e.integration_id \
                 WHERE ($1 IS NULL OR i.owner_id = $1) AND ($2 IS NULL OR e.integration_id = $2) \
                 AND ($3 IS NULL OR e.resolved = $3) AND ($4 IS NULL OR e.id < $4) ORDER BY e.id DESC LIMIT $5",
            )
            .bind(scope.owner())
            .bind(filter.integration_id)
            .bind(filter.resolved)
            .bind(page.before_id)
            .bind(page.limit + 1)
            .fetch_all(pool)
            .await?
        });
        Ok(Page::from_rows(rows, page.limit, |e| e.id))
    }

    pub async fn integration_error(&self, id: i64, scope: Scope) -> Result<ErrorLog, StoreError> {
        let row: Option<ErrorLog> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT e.id, e.integration_id, e.job_id, e.operation, e.item_ref, e.platform_code, e.message, \
                 e.resolved, e.created_at FROM integration_error_logs e JOIN integrations i ON i.id = e.integration_id \
                 WHERE e.id = $1 AND ($2 IS NULL OR i.owner_id = $2)",
            )
            .bind(id)
            .bind(scope.owner())
            .fetch_optional(pool)
            .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    pub async fn resolve_integration_error(
        &self,
        id: i64,
        scope: Scope,
    ) -> Result<ErrorLog, StoreError> {
        let error = self.integration_error(id, scope).await?;
        on_writer!(self, |pool| {
            sqlx::query("UPDATE integration_error_logs SET resolved = TRUE WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(ErrorLog {
            resolved: true,
            ..error
        })
    }

    /// Marks a job's retryable failures (429s, timeouts, 5xx) resolved: the job got through.
    pub async fn resolve_passing_errors(&self, job_id: i64) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE integration_error_logs SET resolved = TRUE \
                 WHERE job_id = $1 AND platform_code IN ('429', 'transient')",
            )
            .bind(job_id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Per-integration health between `from` and `to` (ms).
    pub async fn integration_report(
        &self,
        scope: Scope,
        from: i64,
        to: i64,
    ) -> Result<Vec<ReportRow>, StoreError> {
        type Head = (i64, String, String, i64, i64, i64, i64, i64, i64, i64, i64);
        let heads: Vec<Head> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT i.id, i.integration_name, i.display_name, \
                 (SELECT COUNT(*) FROM sync_logs l WHERE l.integration_id = i.id AND l.started_at >= $2 AND l.started_at < $3 AND l.status <> 'running'), \
                 (SELECT COUNT(*) FROM sync_logs l WHERE l.integration_id = i.id AND l.started_at >= $2 AND l.started_at < $3 AND l.status = 'succeeded'), \
                 (SELECT CAST(COALESCE(SUM(l.items_ok), 0) AS BIGINT) FROM sync_logs l WHERE l.integration_id = i.id AND l.started_at >= $2 AND l.started_at < $3), \
                 (SELECT CAST(COALESCE(SUM(l.items_failed), 0) AS BIGINT) FROM sync_logs l WHERE l.integration_id = i.id AND l.started_at >= $2 AND l.started_at < $3), \
                 (SELECT COUNT(*) FROM channel_calls c WHERE c.integration_id = i.id AND c.at >= $2 AND c.at < $3), \
                 (SELECT COUNT(*) FROM channel_calls c WHERE c.integration_id = i.id AND c.at >= $2 AND c.at < $3 AND NOT c.ok), \
                 (SELECT COUNT(*) FROM integration_error_logs e WHERE e.integration_id = i.id AND e.created_at >= $2 AND e.created_at < $3), \
                 (SELECT COUNT(*) FROM integration_error_logs e WHERE e.integration_id = i.id AND e.created_at >= $2 AND e.created_at < $3 AND NOT e.resolved) \
                 FROM integrations i WHERE ($1 IS NULL OR i.owner_id = $1) ORDER BY i.id",
            )
            .bind(scope.owner())
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut out = Vec::with_capacity(heads.len());
        for (
            id,
            name,
            display,
            runs,
            runs_ok,
            items_ok,
            items_failed,
            calls,
            calls_failed,
            errors,
            open,
        ) in heads
        {
            let mut latencies: Vec<i64> = on_pool!(self, |pool| {
                sqlx::query_scalar(
                    "SELECT duration_ms FROM channel_calls WHERE integration_id = $1 AND at >= $2 AND at < $3 ORDER BY duration_ms LIMIT 100000",
                )
                .bind(id)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
            });
            latencies.sort_unstable();
            let pick = |q: f64| -> Option<i64> {
                if latencies.is_empty() {
                    return None;
                }
                let rank = ((latencies.len() as f64) * q).ceil() as usize;
                latencies.get(rank.clamp(1, latencies.len()) - 1).copied()
            };
            out.push(ReportRow {
                integration_id: id,
                integration_name: name,
                display_name: display,
                runs,
                runs_succeeded: runs_ok,
                items_ok,
                items_failed,
                calls,
                calls_failed,
                latency_p50_ms: pick(0.5),
                latency_p95_ms: pick(0.95),
                errors,
                errors_unresolved: open,
            });
        }
        Ok(out)
    }
}
