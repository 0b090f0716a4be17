//! Buyers' product questions imported from a channel, the answer drafted for each, and its way
//! to the platform: `new → drafted → approved → sending → answered | failed`.
//!
//! Import is an upsert by (integration, the channel's question id): a re-import changes only the
//! platform's side (its status, and `answered` when the platform says so), never the draft or
//! the seller's edits. Every change of our side is one conditional UPDATE on the current status,
//! so two requests racing (an edit and an approval) cannot both win.

use pofuai_core::FieldError;
use serde::Serialize;

use crate::paging::{Page, PageRequest};
use crate::products::Scope;
use crate::{Store, StoreError, on_pool, on_writer};

/// Our states of a question, in the order it moves through them.
pub const STATUSES: [&str; 6] = [
    "new", "drafted", "approved", "sending", "answered", "failed",
];

/// States in which the draft may still be edited and approved.
const EDITABLE: &str = "('new', 'drafted', 'failed')";

/// A question as the connector read it.
#[derive(Debug, Clone)]
pub struct ImportedQuestion {
    pub owner_id: i64,
    pub integration_id: i64,
    pub remote_id: String,
    pub product_id: Option<i64>,
    pub barcode: Option<String>,
    pub product_name: String,
    pub question: String,
    pub asked_at: i64,
    /// The platform's word (`WAITING_FOR_ANSWER`, `ANSWERED`, …).
    pub platform_status: String,
    /// The platform's answer, when it holds one.
    pub platform_answer: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub owner_id: i64,
    pub integration_id: i64,
    pub remote_id: String,
    pub product_id: Option<i64>,
    pub barcode: Option<String>,
    pub product_name: String,
    pub question: String,
    pub asked_at: i64,
    pub platform_status: String,
    /// `tr` or `en`: the language of the question and of the draft.
    pub language: String,
    pub status: String,
    pub draft: String,
    /// The product's data could not answer: the draft only says the seller will check.
    pub needs_seller: bool,
    /// The product facts the draft states ("Malzeme: Bakır").
    pub facts: Vec<String>,
    /// The text sent (or being sent) to the platform.
    pub answer: Option<String>,
    pub error: Option<String>,
    pub job_id: Option<i64>,
    pub answered_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A drafted answer to store with a new question.
#[derive(Debug, Clone)]
pub struct Draft {
    pub language: String,
    pub text: String,
    pub needs_seller: bool,
    pub facts: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct QuestionFilter {
    pub status: Option<String>,
    pub integration_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    owner_id: i64,
    integration_id: i64,
    remote_id: String,
    product_id: Option<i64>,
    barcode: Option<String>,
    product_name: String,
    question: String,
    asked_at: i64,
    platform_status: String,
    language: String,
    status: String,
    draft: String,
    needs_seller: bool,
    facts: String,
    answer: Option<String>,
    error: Option<String>,
    job_id: Option<i64>,
    answered_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl From<QuestionRow> for Question {
    fn from(r: QuestionRow) -> Question {
        Question {
            id: r.id,
            owner_id: r.owner_id,
            integration_id: r.integration_id,
            remote_id: r.remote_id,
            product_id: r.product_id,
            barcode: r.barcode,
            product_name: r.product_name,
            question: r.question,
            asked_at: r.asked_at,
            platform_status: r.platform_status,
            language: r.language,
            status: r.status,
            draft: r.draft,
            needs_seller: r.needs_seller,
            facts: serde_json::from_str(&r.facts).unwrap_or_default(),
            answer: r.answer,
            error: r.error,
            job_id: r.job_id,
            answered_at: r.answered_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str = "id, owner_id, integration_id, remote_id, product_id, barcode, product_name, question, \
     asked_at, platform_status, language, status, draft, needs_seller, facts, answer, error, job_id, \
     answered_at, created_at, updated_at";

/// Platform states in which a question can no longer be answered.
fn closed(platform_status: &str) -> bool {
    matches!(platform_status, "REJECTED" | "REPORTED" | "UNANSWERED")
}

impl Store {
    /// Stores a question the channel listed, or updates the platform's side of a known one.
    /// A new question starts as `new` (answered or closed ones as `answered` / `failed`);
    /// returns the row as stored.
    pub async fn import_question(
        &self,
        q: &ImportedQuestion,
        now: i64,
    ) -> Result<Question, StoreError> {
        let answered = q.platform_status == "ANSWERED";
        let (status, error) = if answered {
            ("answered", None)
        } else if closed(&q.platform_status) {
            (
                "failed",
                Some(format!("closed on the platform: {}", q.platform_status)),
            )
        } else {
            ("new", None)
        };
        let sql = format!(
            "INSERT INTO buyer_questions (owner_id, integration_id, remote_id, product_id, barcode, product_name, \
             question, asked_at, platform_status, language, status, draft, needs_seller, facts, answer, error, \
             answered_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'tr', $10, '', FALSE, '[]', $11, $12, $13, $14, $14) \
             ON CONFLICT (integration_id, remote_id) DO UPDATE SET \
               platform_status = excluded.platform_status, \
               status = CASE WHEN excluded.platform_status = 'ANSWERED' THEN 'answered' \
                             WHEN buyer_questions.status <> 'answered' AND excluded.status = 'failed' THEN 'failed' \
                             ELSE buyer_questions.status END, \
               answer = CASE WHEN excluded.platform_status = 'ANSWERED' \
                             THEN COALESCE(excluded.answer, buyer_questions.answer) ELSE buyer_questions.answer END, \
               error = CASE WHEN buyer_questions.status <> 'answered' AND excluded.status = 'failed' \
                            THEN excluded.error ELSE buyer_questions.error END, \
               answered_at = CASE WHEN excluded.platform_status = 'ANSWERED' \
                             THEN COALESCE(buyer_questions.answered_at, excluded.answered_at) \
                             ELSE buyer_questions.answered_at END, \
               updated_at = excluded.updated_at \
             RETURNING {COLUMNS}"
        );
        let row: QuestionRow = on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(q.owner_id)
                .bind(q.integration_id)
                .bind(&q.remote_id)
                .bind(q.product_id)
                .bind(&q.barcode)
                .bind(&q.product_name)
                .bind(&q.question)
                .bind(q.asked_at)
                .bind(&q.platform_status)
                .bind(status)
                .bind(if answered {
                    q.platform_answer.clone()
                } else {
                    None
                })
                .bind(error)
                .bind(answered.then_some(now))
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        Ok(row.into())
    }

    /// Stores the drafted answer of a `new` question; false when it had one already.
    pub async fn set_question_draft(
        &self,
        id: i64,
        draft: &Draft,
        now: i64,
    ) -> Result<bool, StoreError> {
        let facts = serde_json::to_string(&draft.facts).unwrap_or_else(|_| "[]".into());
        let n = on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE buyer_questions SET status = 'drafted', language = $2, draft = $3, needs_seller = $4, \
                 facts = $5, updated_at = $6 WHERE id = $1 AND status = 'new'",
            )
            .bind(id)
            .bind(&draft.language)
            .bind(&draft.text)
            .bind(draft.needs_seller)
            .bind(facts)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    pub async fn question(&self, id: i64, scope: Scope) -> Result<Question, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM buyer_questions WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
        );
        let row: Option<QuestionRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?
        });
        row.map(Question::from).ok_or(StoreError::NotFound)
    }

    /// Questions newest first, keyset-paged by id.
    pub async fn list_questions(
        &self,
        scope: Scope,
        filter: &QuestionFilter,
        page: PageRequest,
    ) -> Result<Page<Question>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM buyer_questions WHERE ($1 IS NULL OR owner_id = $1) \
             AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR integration_id = $3) \
             AND ($4 IS NULL OR id < $4) ORDER BY id DESC LIMIT $5"
        );
        let rows: Vec<QuestionRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(&filter.status)
                .bind(filter.integration_id)
                .bind(page.before_id)
                .bind(page.limit + 1)
                .fetch_all(pool)
                .await?
        });
        let rows = rows.into_iter().map(Question::from).collect();
        Ok(Page::from_rows(rows, page.limit, |q: &Question| q.id))
    }

    /// Questions still waiting for an answer, oldest asked first (platforms rank sellers by
    /// answer time), at most `limit`; and how many there are in all.
    pub async fn unanswered_questions(
        &self,
        scope: Scope,
        limit: i64,
    ) -> Result<(Vec<Question>, i64), StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM buyer_questions WHERE ($1 IS NULL OR owner_id = $1) \
             AND status <> 'answered' AND platform_status = 'WAITING_FOR_ANSWER' \
             ORDER BY asked_at, id LIMIT $2"
        );
        let count_sql = "SELECT COUNT(*) FROM buyer_questions WHERE ($1 IS NULL OR owner_id = $1) \
             AND status <> 'answered' AND platform_status = 'WAITING_FOR_ANSWER'";
        let (rows, count): (Vec<QuestionRow>, i64) = on_pool!(self, |pool| {
            let rows = sqlx::query_as(&sql)
                .bind(scope.owner())
                .bind(limit.clamp(1, 100))
                .fetch_all(pool)
                .await?;
            let count: i64 = sqlx::query_scalar(count_sql)
                .bind(scope.owner())
                .fetch_one(pool)
                .await?;
            (rows, count)
        });
        Ok((rows.into_iter().map(Question::from).collect(), count))
    }

    /// Replaces the draft of a question that is not yet on its way.
    pub async fn edit_question_draft(
        &self,
        id: i64,
        scope: Scope,
        text: &str,
        now: i64,
    ) -> Result<Question, StoreError> {
        let sql = format!(
            "UPDATE buyer_questions SET draft = $3, status = CASE WHEN status = 'new' THEN 'drafted' ELSE status END, \
             updated_at = $4 WHERE id = $1 AND ($2 IS NULL OR owner_id = $2) AND status IN {EDITABLE} \
             RETURNING {COLUMNS}"
        );
        let row: Option<QuestionRow> = on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .bind(text)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        match row {
            Some(r) => Ok(r.into()),
            None => Err(self.why_not_editable(id, scope).await),
        }
    }

    async fn why_not_editable(&self, id: i64, scope: Scope) -> StoreError {
        match self.question(id, scope).await {
            Ok(q) => StoreError::Invalid(FieldError::new(
                "status",
                format!("a question that is {} cannot be changed", q.status),
            )),
            Err(e) => e,
        }
    }

    /// Approves the draft as the answer: the question becomes `approved` with the draft as its
    /// answer. Also takes an `approved` question whose job was never queued (the queueing
    /// failed after the approval).
    pub async fn approve_question(
        &self,
        id: i64,
        scope: Scope,
        now: i64,
    ) -> Result<Question, StoreError> {
        let sql = format!(
            "UPDATE buyer_questions SET status = 'approved', answer = draft, error = NULL, job_id = NULL, updated_at = $3 \
             WHERE id = $1 AND ($2 IS NULL OR owner_id = $2) AND platform_status = 'WAITING_FOR_ANSWER' \
             AND (status IN {EDITABLE} OR (status = 'approved' AND job_id IS NULL)) RETURNING {COLUMNS}"
        );
        let row: Option<QuestionRow> = on_writer!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        match row {
            Some(r) => Ok(r.into()),
            None => match self.question(id, scope).await {
                Ok(q) if q.platform_status != "WAITING_FOR_ANSWER" => {
                    Err(StoreError::Invalid(FieldError::new(
                        "status",
                        format!(
                            "the platform no longer takes an answer ({})",
                            q.platform_status
                        ),
                    )))
                }
                Ok(_) => Err(self.why_not_editable(id, scope).await),
                Err(e) => Err(e),
            },
        }
    }

    /// Records the job that sends an approved answer.
    pub async fn set_question_job(&self, id: i64, job_id: i64, now: i64) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE buyer_questions SET job_id = $2, updated_at = $3 WHERE id = $1 AND status = 'approved'",
            )
            .bind(id)
            .bind(job_id)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The sending job took the question: `approved` (or a resumed `sending`) → `sending`.
    /// False when the question is in no state to be sent.
    pub async fn start_sending_question(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE buyer_questions SET status = 'sending', updated_at = $2 \
                 WHERE id = $1 AND status IN ('approved', 'sending')",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// When the oldest question of an integration that still waits for an answer (on the
    /// platform, and ours not given) was asked: the import reads back to it, so an answer the
    /// seller gave in the platform's own panel, or a moderation that closed it, shows here.
    pub async fn oldest_open_question(
        &self,
        integration_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        let at: Option<i64> = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT MIN(asked_at) FROM buyer_questions \
                 WHERE integration_id = $1 AND status <> 'answered' \
                   AND platform_status = 'WAITING_FOR_ANSWER'",
            )
            .bind(integration_id)
            .fetch_one(pool)
            .await?
        });
        Ok(at)
    }

    /// The platform holds the answer.
    pub async fn set_question_answered(
        &self,
        id: i64,
        answer: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE buyer_questions SET status = 'answered', platform_status = 'ANSWERED', \
                 answer = COALESCE($2, answer), error = NULL, answered_at = COALESCE(answered_at, $3), updated_at = $3 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(answer)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Sending failed for good; the seller may edit and approve again.
    pub async fn set_question_failed(
        &self,
        id: i64,
        error: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE buyer_questions SET status = 'failed', error = $2, updated_at = $3 \
                 WHERE id = $1 AND status <> 'answered'",
            )
            .bind(id)
            .bind(error)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
