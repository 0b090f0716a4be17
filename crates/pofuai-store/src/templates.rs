//! Generated templates (ai_templates) and the AI usage log (ai_usage_logs).

use serde::Serialize;

use crate::paging::PageRequest;
use crate::{Page, Store, StoreError, on_pool, on_writer};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TemplateRecord {
    pub id: i64,
    pub user_id: i64,
    pub product_id: Option<i64>,
    pub template_type: String,
    /// The request as received, JSON.
    pub request: String,
    /// The texts drawn, JSON.
    pub texts: String,
    pub image_path: String,
    pub width: i64,
    pub height: i64,
    pub format: String,
    pub byte_size: i64,
    pub render_ms: i64,
    pub created_at: i64,
}

pub struct NewTemplate<'a> {
    pub user_id: i64,
    pub product_id: Option<i64>,
    pub template_type: &'a str,
    pub request: &'a str,
    pub texts: &'a str,
    pub image_path: &'a str,
    pub width: i64,
    pub height: i64,
    pub format: &'a str,
    pub byte_size: i64,
    pub render_ms: i64,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Only this user's templates; `None` is everyone's (admins).
    pub user_id: Option<i64>,
    pub template_type: Option<String>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

const TEMPLATE_COLUMNS: &str = "id, user_id, product_id, template_type, request, texts, image_path, \
     width, height, format, byte_size, render_ms, created_at";

impl Store {
    /// Stores a rendered template and logs the generation, in one transaction.
    pub async fn insert_template(
        &self,
        new: NewTemplate<'_>,
        now: i64,
    ) -> Result<TemplateRecord, StoreError> {
        let sql = format!(
            "INSERT INTO ai_templates (user_id, product_id, template_type, request, texts, image_path, \
             width, height, format, byte_size, render_ms, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING {TEMPLATE_COLUMNS}"
        );
        let row: TemplateRecord = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: TemplateRecord = sqlx::query_as(&sql)
                .bind(new.user_id)
                .bind(new.product_id)
                .bind(new.template_type)
                .bind(new.request)
                .bind(new.texts)
                .bind(new.image_path)
                .bind(new.width)
                .bind(new.height)
                .bind(new.format)
                .bind(new.byte_size)
                .bind(new.render_ms)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "template_id": row.id,
                "template_type": new.template_type,
                "format": new.format,
                "render_ms": new.render_ms,
            })
            .to_string();
            sqlx::query(
                "INSERT INTO ai_usage_logs (user_id, feature, outcome, detail, created_at) \
                 VALUES ($1, 'template_generation', 'success', $2, $3)",
            )
            .bind(new.user_id)
            .bind(detail)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            row
        });
        Ok(row)
    }

    /// Records an AI call that produced nothing (refused input, render failure, quota).
    pub async fn log_ai_usage(
        &self,
        user_id: i64,
        feature: &str,
        outcome: &str,
        detail: &serde_json::Value,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO ai_usage_logs (user_id, feature, outcome, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(user_id)
            .bind(feature)
            .bind(outcome)
            .bind(detail.to_string())
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Usage log entries of a user, newest first (for tests and the admin's view).
    pub async fn ai_usage(
        &self,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows: Vec<(String, String)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT feature, outcome FROM ai_usage_logs WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    pub async fn template(
        &self,
        id: i64,
        owner: Option<i64>,
    ) -> Result<TemplateRecord, StoreError> {
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM ai_templates WHERE id = $1 AND ($2 IS NULL OR user_id = $2)"
        );
        let row: Option<TemplateRecord> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// Deletes one template record, the owner's own (`owner`) or anyone's (`None`: admins);
    /// returns the image path so the caller can remove the file after the row is gone.
    pub async fn delete_template(&self, id: i64, owner: Option<i64>) -> Result<String, StoreError> {
        let sql = "DELETE FROM ai_templates WHERE id = $1 AND ($2 IS NULL OR user_id = $2) \
                   RETURNING image_path";
        let path: Option<(String,)> = on_writer!(self, |pool| {
            sqlx::query_as(sql)
                .bind(id)
                .bind(owner)
                .fetch_optional(pool)
                .await?
        });
        path.map(|(p,)| p).ok_or(StoreError::NotFound)
    }

    pub async fn template_history(
        &self,
        filter: &HistoryFilter,
        page: PageRequest,
    ) -> Result<Page<TemplateRecord>, StoreError> {
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM ai_templates \
             WHERE ($1 IS NULL OR user_id = $1) AND ($2 IS NULL OR template_type = $2) \
               AND ($3 IS NULL OR created_at >= $3) AND ($4 IS NULL OR created_at < $4) \
               AND ($5 IS NULL OR id < $5) \
             ORDER BY id DESC LIMIT $6"
        );
        let rows: Vec<TemplateRecord> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(filter.user_id)
                .bind(filter.template_type.as_deref())
                .bind(filter.since_ms)
                .bind(filter.until_ms)
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        Ok(Page::from_rows(rows, page.limit, |r| r.id))
    }
}
