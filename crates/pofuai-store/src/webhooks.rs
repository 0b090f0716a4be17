//! Inbound webhook endpoints: one per integration and event, addressed by an unguessable
//! token and authenticated the way the platform does (Basic or x-api-key); the secret is sealed
//! before it reaches this module. Deliveries are remembered by key, so a platform's retry is
//! acknowledged without being applied twice.

use serde::Serialize;

use crate::{Store, StoreError, on_pool, on_writer};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub integration_id: i64,
    pub event: String,
    pub endpoint_token: String,
    /// `basic` or `api_key`.
    pub auth_kind: String,
    pub username: Option<String>,
    #[serde(skip)]
    pub auth_secret: Option<Vec<u8>>,
    pub active: bool,
    pub last_received_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, integration_id, event, endpoint_token, auth_kind, username, auth_secret, active, \
     last_received_at, created_at";

/// A webhook to create; its secret is already sealed.
#[derive(Debug, Clone)]
pub struct NewWebhook<'a> {
    pub integration_id: i64,
    pub event: &'a str,
    pub token: &'a str,
    pub auth_kind: &'a str,
    pub username: Option<&'a str>,
    pub sealed_secret: &'a [u8],
}

impl Store {
    pub async fn create_webhook(
        &self,
        w: &NewWebhook<'_>,
        now: i64,
    ) -> Result<Webhook, StoreError> {
        let sql = format!(
            "INSERT INTO integration_webhooks (integration_id, event, endpoint_token, auth_kind, username, auth_secret, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7) RETURNING {COLUMNS}"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(w.integration_id)
                .bind(w.event)
                .bind(w.token)
                .bind(w.auth_kind)
                .bind(w.username)
                .bind(w.sealed_secret)
                .bind(now)
                .fetch_one(pool)
                .await?
        }))
    }

    pub async fn webhooks(&self, integration_id: i64) -> Result<Vec<Webhook>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM integration_webhooks WHERE integration_id = $1 ORDER BY id"
        );
        Ok(on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(integration_id)
            .fetch_all(pool)
            .await?))
    }

    pub async fn webhook_by_token(&self, token: &str) -> Result<Webhook, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM integration_webhooks WHERE endpoint_token = $1 AND active"
        );
        let row: Option<Webhook> = on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(token)
            .fetch_optional(pool)
            .await?);
        row.ok_or(StoreError::NotFound)
    }

    pub async fn delete_webhook(&self, integration_id: i64, id: i64) -> Result<(), StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query("DELETE FROM integration_webhooks WHERE id = $1 AND integration_id = $2")
                .bind(id)
                .bind(integration_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Remembers a delivery; false when this key was already received (a retry).
    pub async fn record_delivery(
        &self,
        webhook_id: i64,
        key: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, delivery_key, received_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (webhook_id, delivery_key) DO NOTHING",
            )
            .bind(webhook_id)
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("UPDATE integration_webhooks SET last_received_at = $2 WHERE id = $1")
                .bind(webhook_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }
}
