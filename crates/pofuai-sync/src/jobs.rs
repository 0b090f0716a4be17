//! Job kinds, their payloads, and queueing.

use serde::{Deserialize, Serialize};

use pofuai_store::StoreError;
use pofuai_store::jobs::{Job, NewJob};
use pofuai_store::products::Scope;

use crate::Engine;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    /// Create or update listings; `product_ids` None means every product of the owner.
    SyncProducts {
        product_ids: Option<Vec<i64>>,
    },
    /// Send changed price and stock rows.
    PushStock,
    /// Import orders and claims changed since the last run.
    SyncOrders,
    PushStatus {
        order_id: i64,
        status: String,
        invoice_number: Option<String>,
        /// The invoice's link (Hepsiburada wants it with the number).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invoice_link: Option<String>,
    },
    PushTracking {
        order_id: i64,
        tracking_number: String,
    },
    ApproveClaim {
        claim_id: i64,
    },
    /// Import buyers' questions asked since the last run, drafting an answer for new ones.
    ImportQuestions,
    /// Send a question's approved answer.
    AnswerQuestion {
        question_id: i64,
    },
}

impl JobKind {
    pub fn name(&self) -> &'static str {
        match self {
            JobKind::SyncProducts { .. } => "sync_products",
            JobKind::PushStock => "push_stock",
            JobKind::SyncOrders => "sync_orders",
            JobKind::PushStatus { .. } => "push_status",
            JobKind::PushTracking { .. } => "push_tracking",
            JobKind::ApproveClaim { .. } => "approve_claim",
            JobKind::ImportQuestions => "import_questions",
            JobKind::AnswerQuestion { .. } => "answer_question",
        }
    }

    /// Jobs that only need to run once however often they are asked for while queued.
    fn dedupe_key(&self, integration_id: i64) -> Option<String> {
        match self {
            JobKind::PushStock | JobKind::SyncOrders | JobKind::ImportQuestions => {
                Some(format!("{}:{integration_id}", self.name()))
            }
            JobKind::AnswerQuestion { question_id } => {
                Some(format!("answer_question:{question_id}"))
            }
            JobKind::SyncProducts { product_ids: None } => {
                Some(format!("sync_products:{integration_id}"))
            }
            _ => None,
        }
    }
}

impl Engine {
    /// Queues `kind` for one integration and wakes the local worker.
    pub async fn enqueue(
        &self,
        owner_id: i64,
        integration_id: i64,
        kind: JobKind,
    ) -> Result<Job, StoreError> {
        let now = self.now_ms();
        let job = self
            .store
            .enqueue_job(
                &NewJob {
                    kind: kind.name().to_string(),
                    owner_id: Some(owner_id),
                    integration_id: Some(integration_id),
                    payload: serde_json::to_string(&kind).unwrap_or_else(|_| "{}".into()),
                    max_attempts: self.config.max_attempts,
                    run_at: now,
                    dedupe_key: kind.dedupe_key(integration_id),
                },
                now,
            )
            .await?;
        self.jobs_notify.notify_waiters();
        self.jobs_notify.notify_one();
        Ok(job)
    }

    /// Queues a stock push to every active connected integration of `owner_id` (coalesced
    /// with any push still waiting): called whenever available stock or a price may have
    /// changed.
    pub async fn enqueue_stock_push(&self, owner_id: i64) -> Result<Vec<Job>, StoreError> {
        let mut jobs = Vec::new();
        for i in self
            .store
            .active_integrations(Scope::Owner(owner_id))
            .await?
        {
            if crate::has_connector(&i.integration_name) {
                jobs.push(self.enqueue(owner_id, i.id, JobKind::PushStock).await?);
            }
        }
        Ok(jobs)
    }
}
