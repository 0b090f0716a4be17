//! Integrations: a seller's connection to one system of the catalogue. Secret credentials
//! arrive here already sealed; this module never sees them in plain text.

use std::collections::BTreeMap;

use crate::paging::PageRequest;
use crate::products::Scope;
use crate::{Page, Store, StoreError, on_pool, on_writer, to_json};

#[derive(Debug, Clone)]
pub struct Integration {
    pub id: i64,
    pub owner_id: i64,
    pub integration_type: String,
    pub integration_name: String,
    pub display_name: String,
    /// Non-secret settings (seller id, shop domain, …).
    pub config: BTreeMap<String, String>,
    /// The secret settings as one sealed JSON object.
    pub secrets: Option<Vec<u8>>,
    pub environment: String,
    pub base_url: Option<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct IntegrationRow {
    id: i64,
    owner_id: i64,
    integration_type: String,
    integration_name: String,
    display_name: String,
    config: String,
    secrets: Option<Vec<u8>>,
    environment: String,
    base_url: Option<String>,
    active: bool,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<IntegrationRow> for Integration {
    type Error = StoreError;
    fn try_from(r: IntegrationRow) -> Result<Integration, StoreError> {
        Ok(Integration {
            config: serde_json::from_str(&r.config)
                .map_err(|e| StoreError::Corrupt(format!("integration config: {e}")))?,
            id: r.id,
            owner_id: r.owner_id,
            integration_type: r.integration_type,
            integration_name: r.integration_name,
            display_name: r.display_name,
            secrets: r.secrets,
            environment: r.environment,
            base_url: r.base_url,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const COLUMNS: &str = "id, owner_id, integration_type, integration_name, display_name, config, \
     secrets, environment, base_url, active, created_at, updated_at";

impl Store {
    pub async fn create_integration(
        &self,
        i: &Integration,
        now: i64,
    ) -> Result<Integration, StoreError> {
        let sql = format!(
            "INSERT INTO integrations (owner_id, integration_type, integration_name, display_name, config, \
             secrets, environment, base_url, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $9) RETURNING {COLUMNS}"
        );
        let row: IntegrationRow = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(i.owner_id)
                .bind(&i.integration_type)
                .bind(&i.integration_name)
                .bind(&i.display_name)
                .bind(to_json(&i.config))
                .bind(i.secrets.as_deref())
                .bind(&i.environment)
                .bind(i.base_url.as_deref())
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        row.try_into()
    }

    /// The active integrations in scope, oldest first: what sync fans out to.
    pub async fn active_integrations(&self, scope: Scope) -> Result<Vec<Integration>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM integrations WHERE active AND ($1 IS NULL OR owner_id = $1) ORDER BY id"
        );
        let rows: Vec<IntegrationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(Integration::try_from).collect()
    }

    pub async fn integration(&self, id: i64, scope: Scope) -> Result<Integration, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM integrations WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
        );
        let owner = scope.owner();
        let row: Option<IntegrationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn list_integrations(
        &self,
        scope: Scope,
        page: PageRequest,
    ) -> Result<Page<Integration>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM integrations WHERE ($1 IS NULL OR owner_id = $1) AND ($2 IS NULL OR id < $2) \
             ORDER BY id DESC LIMIT $3"
        );
        let owner = scope.owner();
        let rows: Vec<IntegrationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(owner)
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        let items = rows
            .into_iter()
            .map(Integration::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(items, page.limit, |i| i.id))
    }

    /// Saves changed settings, name, environment, base URL and active flag of `i`.
    pub async fn update_integration(
        &self,
        i: &Integration,
        now: i64,
    ) -> Result<Integration, StoreError> {
        let sql = format!(
            "UPDATE integrations SET display_name = $2, config = $3, secrets = $4, environment = $5, \
             base_url = $6, active = $7, updated_at = $8 WHERE id = $1 RETURNING {COLUMNS}"
        );
        let row: Option<IntegrationRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(i.id)
                .bind(&i.display_name)
                .bind(to_json(&i.config))
                .bind(i.secrets.as_deref())
                .bind(&i.environment)
                .bind(i.base_url.as_deref())
                .bind(i.active)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn delete_integration(&self, id: i64, scope: Scope) -> Result<(), StoreError> {
        let owner = scope.owner();
        let n = on_writer!(self, |pool| {
            sqlx::query("DELETE FROM integrations WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)")
                .bind(id)
                .bind(owner)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
