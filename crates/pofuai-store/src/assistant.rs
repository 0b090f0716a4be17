//! The assistant's memory: conversations per user, their messages, and the actions it
//! proposed. Every read and write is fenced on the owner; an action is confirmed by one
//! conditional update (proposed, not expired, this owner), so it runs at most once.

use serde::Serialize;

use crate::paging::PageRequest;
use crate::{Page, Store, StoreError, on_pool, on_writer};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Conversation {
    pub id: i64,
    pub owner_id: i64,
    pub title: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    /// `user` or `assistant`.
    pub role: String,
    pub text: String,
    /// JSON: links, actions and how the answer was made.
    pub data: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Action {
    pub id: i64,
    pub owner_id: i64,
    pub conversation_id: i64,
    pub kind: String,
    /// JSON.
    pub params: String,
    pub label: String,
    /// `proposed`, `running` (confirmed, being carried out), `done` or `failed`.
    pub status: String,
    /// JSON, once carried out.
    pub result: Option<String>,
    pub expires_at: i64,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

/// An action to propose.
#[derive(Debug, Clone)]
pub struct NewAction {
    pub kind: String,
    pub params: String,
    pub label: String,
}

/// Why a confirmation did not take the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmRefusal {
    AlreadyConfirmed,
    Expired,
}

const CONVERSATION_COLUMNS: &str = "id, owner_id, title, created_at, updated_at";
const MESSAGE_COLUMNS: &str = "id, conversation_id, role, text, data, created_at";
const ACTION_COLUMNS: &str = "id, owner_id, conversation_id, kind, params, label, status, result, \
     expires_at, created_at, confirmed_at";

impl Store {
    pub async fn create_conversation(
        &self,
        owner_id: i64,
        title: &str,
        now: i64,
    ) -> Result<Conversation, StoreError> {
        let sql = format!(
            "INSERT INTO assistant_conversations (owner_id, title, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) RETURNING {CONVERSATION_COLUMNS}"
        );
        Ok(on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(owner_id)
                .bind(title)
                .bind(now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// One of the owner's conversations; another user's does not exist.
    pub async fn conversation(&self, owner_id: i64, id: i64) -> Result<Conversation, StoreError> {
        let sql = format!(
            "SELECT {CONVERSATION_COLUMNS} FROM assistant_conversations WHERE id = $1 AND owner_id = $2"
        );
        let row: Option<Conversation> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner_id)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// The owner's conversations, newest first.
    pub async fn conversations(
        &self,
        owner_id: i64,
        page: PageRequest,
    ) -> Result<Page<Conversation>, StoreError> {
        let sql = format!(
            "SELECT {CONVERSATION_COLUMNS} FROM assistant_conversations WHERE owner_id = $1 \
             AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3"
        );
        let rows: Vec<Conversation> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(owner_id)
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        Ok(Page::from_rows(rows, page.limit, |c| c.id))
    }

    /// Adds a message to one of the owner's conversations (404 for anyone else's).
    pub async fn add_message(
        &self,
        owner_id: i64,
        conversation_id: i64,
        role: &str,
        text: &str,
        data: &str,
        now: i64,
    ) -> Result<Message, StoreError> {
        let sql = format!(
            "INSERT INTO assistant_messages (conversation_id, owner_id, role, text, data, created_at) \
             SELECT id, owner_id, $3, $4, $5, $6 FROM assistant_conversations WHERE id = $1 AND owner_id = $2 \
             RETURNING {MESSAGE_COLUMNS}"
        );
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<Message> = sqlx::query_as(&sql)
                .bind(conversation_id)
                .bind(owner_id)
                .bind(role)
                .bind(text)
                .bind(data)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            let row = row.ok_or(StoreError::NotFound)?;
            sqlx::query("UPDATE assistant_conversations SET updated_at = $2 WHERE id = $1")
                .bind(conversation_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(row)
        })
    }

    /// The last `limit` messages of one of the owner's conversations, oldest first.
    pub async fn messages(
        &self,
        owner_id: i64,
        conversation_id: i64,
        limit: i64,
    ) -> Result<Vec<Message>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM assistant_messages WHERE conversation_id = $1 AND owner_id = $2 \
             ORDER BY id DESC LIMIT $3"
        );
        let mut rows: Vec<Message> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(conversation_id)
                .bind(owner_id)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        rows.reverse();
        Ok(rows)
    }

    /// Stores proposed actions of a conversation of the owner, valid until `expires_at`.
    pub async fn propose_actions(
        &self,
        owner_id: i64,
        conversation_id: i64,
        actions: &[NewAction],
        expires_at: i64,
        now: i64,
    ) -> Result<Vec<Action>, StoreError> {
        let sql = format!(
            "INSERT INTO assistant_actions (owner_id, conversation_id, kind, params, label, status, expires_at, created_at) \
             SELECT owner_id, id, $3, $4, $5, 'proposed', $6, $7 FROM assistant_conversations WHERE id = $1 AND owner_id = $2 \
             RETURNING {ACTION_COLUMNS}"
        );
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut out = Vec::with_capacity(actions.len());
            for a in actions {
                let row: Option<Action> = sqlx::query_as(&sql)
                    .bind(conversation_id)
                    .bind(owner_id)
                    .bind(&a.kind)
                    .bind(&a.params)
                    .bind(&a.label)
                    .bind(expires_at)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                out.push(row.ok_or(StoreError::NotFound)?);
            }
            tx.commit().await?;
            Ok(out)
        })
    }

    /// Takes a proposed action of the owner for carrying out: one conditional update, so two
    /// confirmations never both win. Another user's action does not exist (NotFound).
    pub async fn confirm_action(
        &self,
        owner_id: i64,
        id: i64,
        now: i64,
    ) -> Result<Result<Action, ConfirmRefusal>, StoreError> {
        let sql = format!(
            "UPDATE assistant_actions SET status = 'running', confirmed_at = $3 \
             WHERE id = $1 AND owner_id = $2 AND status = 'proposed' AND expires_at > $3 \
             RETURNING {ACTION_COLUMNS}"
        );
        let taken: Option<Action> = on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner_id)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        if let Some(a) = taken {
            return Ok(Ok(a));
        }
        let existing = self.action(owner_id, id).await?;
        Ok(Err(if existing.status == "proposed" {
            ConfirmRefusal::Expired
        } else {
            ConfirmRefusal::AlreadyConfirmed
        }))
    }

    /// Records how a confirmed action ended: `done` or `failed`, with its result.
    pub async fn finish_action(
        &self,
        owner_id: i64,
        id: i64,
        status: &str,
        result: &str,
    ) -> Result<Action, StoreError> {
        let sql = format!(
            "UPDATE assistant_actions SET status = $3, result = $4 WHERE id = $1 AND owner_id = $2 \
             AND status = 'running' RETURNING {ACTION_COLUMNS}"
        );
        let row: Option<Action> = on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner_id)
                .bind(status)
                .bind(result)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    pub async fn action(&self, owner_id: i64, id: i64) -> Result<Action, StoreError> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM assistant_actions WHERE id = $1 AND owner_id = $2"
        );
        let row: Option<Action> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(owner_id)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// The actions proposed in one of the owner's conversations, oldest first (bounded).
    pub async fn conversation_actions(
        &self,
        owner_id: i64,
        conversation_id: i64,
    ) -> Result<Vec<Action>, StoreError> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM assistant_actions WHERE conversation_id = $1 AND owner_id = $2 \
             ORDER BY id LIMIT 500"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(conversation_id)
                .bind(owner_id)
                .fetch_all(pool)
                .await?
        }))
    }
}
