//! Accounts: creation, lookup, admin changes.

use pofuai_core::Role;
use serde::Serialize;

use crate::paging::PageRequest;
use crate::{Page, Store, StoreError, on_pool, on_writer};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub template_quota_override: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    disabled: bool,
    template_quota_override: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User, StoreError> {
        Ok(User {
            role: Role::parse(&r.role)
                .ok_or_else(|| StoreError::Corrupt(format!("role {}", r.role)))?,
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            disabled: r.disabled,
            template_quota_override: r.template_quota_override,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub(crate) const USER_COLUMNS: &str =
    "id, email, display_name, role, disabled, template_quota_override, created_at, updated_at";

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: Role,
}

/// What an admin may change on an account. `None` leaves a field as it is; the quota's
/// inner `None` clears the override.
#[derive(Debug, Default)]
pub struct UserChanges {
    pub role: Option<Role>,
    pub template_quota_override: Option<Option<i64>>,
    pub disabled: Option<bool>,
    pub display_name: Option<String>,
}

impl Store {
    pub async fn create_user(&self, new: NewUser<'_>, now: i64) -> Result<User, StoreError> {
        let sql = format!(
            "INSERT INTO users (email, password_hash, display_name, role, disabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, FALSE, $5, $5) RETURNING {USER_COLUMNS}"
        );
        let row: UserRow = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(new.email)
                .bind(new.password_hash)
                .bind(new.display_name)
                .bind(new.role.as_str())
                .bind(now)
                .fetch_one(pool)
                .await
                .map_err(|e| StoreError::on_unique(e, &[("email", "email")]))?
        });
        row.try_into()
    }

    /// The user and their password hash, for login.
    pub async fn user_with_password(
        &self,
        email: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1");
        let row: Option<(UserRow, String)> = on_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(email)
                .fetch_optional(pool)
                .await?
                .map(|row| {
                    use sqlx::{FromRow, Row};
                    Ok::<_, sqlx::Error>((UserRow::from_row(&row)?, row.try_get("password_hash")?))
                })
                .transpose()?
        });
        row.map(|(u, h)| Ok((u.try_into()?, h))).transpose()
    }

    pub async fn user(&self, id: i64) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let row: Option<UserRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(email)
                .fetch_optional(pool)
                .await?
        });
        row.map(User::try_from).transpose()
    }

    pub async fn list_users(
        &self,
        page: PageRequest,
        role: Option<Role>,
        email_contains: Option<&str>,
    ) -> Result<Page<User>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users \
             WHERE ($1 IS NULL OR id < $1) AND ($2 IS NULL OR role = $2) \
               AND ($3 IS NULL OR email LIKE $3 ESCAPE '\\') \
             ORDER BY id DESC LIMIT $4"
        );
        let pattern = email_contains.map(|e| crate::like_pattern(&e.to_lowercase()));
        let rows: Vec<UserRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(page.before_id)
                .bind(role.map(Role::as_str))
                .bind(pattern.as_deref())
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        let users = rows
            .into_iter()
            .map(User::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_rows(users, page.limit, |u| u.id))
    }

    /// Applies an admin's changes; disabling an account also revokes all its tokens. Every
    /// change is logged as a revocation, so no node keeps serving the account's old role.
    pub async fn update_user(
        &self,
        id: i64,
        changes: UserChanges,
        now: i64,
    ) -> Result<User, StoreError> {
        let sql = format!(
            "UPDATE users SET \
               role = COALESCE($2, role), \
               disabled = COALESCE($3, disabled), \
               template_quota_override = CASE WHEN $4 THEN $5 ELSE template_quota_override END, \
               display_name = COALESCE($6, display_name), \
               updated_at = $7 \
             WHERE id = $1 RETURNING {USER_COLUMNS}"
        );
        let (set_quota, quota) = match changes.template_quota_override {
            Some(q) => (true, q),
            None => (false, None),
        };
        let row: Option<UserRow> = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<UserRow> = sqlx::query_as(&sql)
                .bind(id)
                .bind(changes.role.map(Role::as_str))
                .bind(changes.disabled)
                .bind(set_quota)
                .bind(quota)
                .bind(changes.display_name.as_deref())
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if changes.disabled == Some(true) {
                sqlx::query(
                    "UPDATE login_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            if row.is_some() {
                // Cached sessions of the account carry its old role and flags.
                crate::tokens::log_revocation_in(&mut tx, id, now).await?;
            }
            tx.commit().await?;
            row
        });
        self.tokens.evict_users(&[id]);
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let n: i64 = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(pool)
                .await?
        });
        Ok(n)
    }
}

impl Store {
    pub async fn count_users_with_role(&self, role: Role) -> Result<i64, StoreError> {
        let n: i64 = on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1")
                .bind(role.as_str())
                .fetch_one(pool)
                .await?
        });
        Ok(n)
    }
}
