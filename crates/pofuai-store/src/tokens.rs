//! Login tokens: opaque to clients, stored only as their SHA-256, revocable and expiring.
//! Lookups go through this process's [`crate::token_cache`]; every change that ends or
//! alters a user's sessions appends to the revocation log in its own transaction, which every
//! node reads.

use crate::cluster::AUTH_CHANNEL;
use crate::users::User;
use crate::users::{USER_COLUMNS, UserRow};
use crate::{Store, StoreError, on_pool, on_writer};

/// Key of the advisory lock that orders the writers of the revocation log on
/// PostgreSQL ("pfauth" in ASCII).
const REVOCATION_LOCK: i64 = 0x7066_6175_7468;

/// Appends a row naming `user_id` to the revocation log inside the caller's transaction and,
/// on PostgreSQL, notifies the readers when it commits. Ids come from a sequence before
/// commit there, so a transaction lock taken first makes rows commit in id order and a reader
/// that has seen an id never skips a smaller one committing late (SQLite has one writer).
pub(crate) async fn log_revocation_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    user_id: i64,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let postgres = DB::NAME == "PostgreSQL";
    if postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(REVOCATION_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO auth_revocations (user_id, created_at) VALUES ($1, $2)")
        .bind(user_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if postgres {
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(AUTH_CHANNEL)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    token_expires_at: i64,
}

impl Store {
    pub async fn insert_token(
        &self,
        user_id: i64,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO login_tokens (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(token_hash)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The enabled user a live (unrevoked, unexpired) token belongs to: from this process's
    /// cache while it is fresh (see [`crate::token_cache`]), else from the database.
    pub async fn user_for_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<User>, StoreError> {
        self.watch_revocations();
        if let Some(user) = self.tokens.get(token_hash, now) {
            return Ok(Some(user));
        }
        let generation = self.tokens.generation();
        let columns = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns}, t.expires_at AS token_expires_at \
             FROM login_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND NOT u.disabled"
        );
        let row: Option<TokenUserRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(token_hash)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let user = User::try_from(row.user)?;
        self.tokens
            .insert(token_hash, user.clone(), row.token_expires_at, generation);
        Ok(Some(user))
    }

    /// Revokes one token (a logout); every node stops accepting it within a second.
    pub async fn revoke_token(&self, token_hash: &str, now: i64) -> Result<bool, StoreError> {
        let user: Option<i64> = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let user: Option<i64> = sqlx::query_scalar(
                "UPDATE login_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL \
                 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(user) = user {
                log_revocation_in(&mut tx, user, now).await?;
            }
            tx.commit().await?;
            user
        });
        if let Some(user) = user {
            self.tokens.evict_users(&[user]);
        }
        Ok(user.is_some())
    }
}
