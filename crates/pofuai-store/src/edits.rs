//! AI product edits: applying an edit records the product's state before and after in
//! ai_product_edits, in the same transaction; reverting restores the state before.

use serde::{Deserialize, Serialize};

use crate::{Store, StoreError, on_pool, on_writer, to_json};

/// SEO fields of a product.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductSeo {
    #[serde(default)]
    pub meta_title: Option<String>,
    #[serde(default)]
    pub meta_description: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// The parts of a product that AI editing changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableState {
    pub description: String,
    pub images: Vec<String>,
    pub seo: ProductSeo,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditRecord {
    pub id: i64,
    pub product_id: i64,
    pub admin_id: i64,
    pub before: EditableState,
    pub after: EditableState,
    pub reverted_at: Option<i64>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct EditRow {
    id: i64,
    product_id: i64,
    admin_id: i64,
    before_state: String,
    after_state: String,
    reverted_at: Option<i64>,
    created_at: i64,
}

fn parse_state(text: &str) -> Result<EditableState, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("edit state: {e}")))
}

impl TryFrom<EditRow> for EditRecord {
    type Error = StoreError;
    fn try_from(r: EditRow) -> Result<EditRecord, StoreError> {
        Ok(EditRecord {
            before: parse_state(&r.before_state)?,
            after: parse_state(&r.after_state)?,
            id: r.id,
            product_id: r.product_id,
            admin_id: r.admin_id,
            reverted_at: r.reverted_at,
            created_at: r.created_at,
        })
    }
}

/// Writes `state` onto the product inside `tx`.
async fn write_state<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    state: &EditableState,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    sqlx::query("UPDATE products SET description = $2, seo = $3, version = version + 1, updated_at = $4 WHERE id = $1")
        .bind(product_id)
        .bind(state.description.as_str())
        .bind(to_json(&state.seo))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    crate::products::replace_images(tx, product_id, &state.images).await
}

impl Store {
    /// The product's SEO fields.
    pub async fn product_seo(&self, product_id: i64) -> Result<ProductSeo, StoreError> {
        let text: Option<String> = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT seo FROM products WHERE id = $1")
                .bind(product_id)
                .fetch_optional(pool)
                .await?
        });
        let text = text.ok_or(StoreError::NotFound)?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("seo: {e}")))
    }

    /// Sets the product to `after` and records the edit; returns the edit's id.
    pub async fn apply_product_edit(
        &self,
        product_id: i64,
        admin_id: i64,
        options: &serde_json::Value,
        before: &EditableState,
        after: &EditableState,
        now: i64,
    ) -> Result<i64, StoreError> {
        let id: i64 = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            write_state(&mut tx, product_id, after, now).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO ai_product_edits (product_id, admin_id, options, before_state, after_state, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(product_id)
            .bind(admin_id)
            .bind(options.to_string())
            .bind(to_json(before))
            .bind(to_json(after))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    pub async fn product_edit(&self, id: i64) -> Result<EditRecord, StoreError> {
        let row: Option<EditRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, product_id, admin_id, before_state, after_state, reverted_at, created_at \
                 FROM ai_product_edits WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Restores the state before the edit. An edit reverts once; a second try is refused.
    pub async fn revert_product_edit(&self, id: i64, now: i64) -> Result<EditRecord, StoreError> {
        let edit = self.product_edit(id).await?;
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let claimed = sqlx::query(
                "UPDATE ai_product_edits SET reverted_at = $2 WHERE id = $1 AND reverted_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                return Err(StoreError::Invalid(pofuai_core::FieldError::new(
                    "edit_id",
                    "this edit was already reverted",
                )));
            }
            write_state(&mut tx, edit.product_id, &edit.before, now).await?;
            tx.commit().await?;
        });
        self.product_edit(id).await
    }
}
