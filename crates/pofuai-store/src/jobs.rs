//! The durable job queue. Work is claimed with a lease (`locked_by`, `locked_until`) that the
//! running worker extends by heartbeat; a lease that runs out — the worker died — makes the job
//! claimable again. Every write a worker makes to its job is fenced on `locked_by`, so a worker
//! that lost its lease cannot overwrite its successor's progress.

use crate::cluster::notify_jobs;
use crate::{Backend, Store, StoreError, on_pool, on_writer};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub owner_id: Option<i64>,
    pub integration_id: Option<i64>,
    pub payload: String,
    pub checkpoint: Option<String>,
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    /// Claims of this job after its worker's lease ran out (the worker died); not attempts.
    pub takeovers: i64,
    pub run_at: i64,
    pub locked_by: Option<String>,
    pub locked_until: Option<i64>,
    pub last_error: Option<String>,
    pub items_done: i64,
    pub items_failed: i64,
    pub items_total: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    kind: String,
    owner_id: Option<i64>,
    integration_id: Option<i64>,
    payload: String,
    checkpoint: Option<String>,
    state: String,
    attempts: i64,
    max_attempts: i64,
    takeovers: i64,
    run_at: i64,
    locked_by: Option<String>,
    locked_until: Option<i64>,
    last_error: Option<String>,
    items_done: i64,
    items_failed: i64,
    items_total: i64,
    created_at: i64,
    updated_at: i64,
    finished_at: Option<i64>,
}

impl From<JobRow> for Job {
    fn from(r: JobRow) -> Job {
        Job {
            id: r.id,
            kind: r.kind,
            owner_id: r.owner_id,
            integration_id: r.integration_id,
            payload: r.payload,
            checkpoint: r.checkpoint,
            state: r.state,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            takeovers: r.takeovers,
            run_at: r.run_at,
            locked_by: r.locked_by,
            locked_until: r.locked_until,
            last_error: r.last_error,
            items_done: r.items_done,
            items_failed: r.items_failed,
            items_total: r.items_total,
            created_at: r.created_at,
            updated_at: r.updated_at,
            finished_at: r.finished_at,
        }
    }
}

const COLUMNS: &str = "id, kind, owner_id, integration_id, payload, checkpoint, state, attempts, \
     max_attempts, takeovers, run_at, locked_by, locked_until, last_error, items_done, items_failed, \
     items_total, created_at, updated_at, finished_at";

/// A job to add to the queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub owner_id: Option<i64>,
    pub integration_id: Option<i64>,
    pub payload: String,
    pub max_attempts: i64,
    pub run_at: i64,
    /// Jobs with the same key coalesce while one is still queued (not yet running).
    pub dedupe_key: Option<String>,
}

/// Progress a worker reports while it runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: i64,
    pub failed: i64,
    pub total: i64,
}

impl Store {
    /// Queues a job; with a dedupe key that is already queued, returns that job instead.
    pub async fn enqueue_job(&self, job: &NewJob, now: i64) -> Result<Job, StoreError> {
        let insert = format!(
            "INSERT INTO jobs (kind, owner_id, integration_id, payload, state, attempts, max_attempts, \
             run_at, dedupe_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $8, $8) \
             ON CONFLICT (dedupe_key) WHERE state = 'queued' DO NOTHING RETURNING {COLUMNS}"
        );
        let existing =
            format!("SELECT {COLUMNS} FROM jobs WHERE dedupe_key = $1 AND state = 'queued'");
        let row: JobRow = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            // A worker may claim the queued job we coalesce into between our INSERT and
            // SELECT (PostgreSQL reads committed rows per statement): then insert again.
            let mut found = None;
            for _ in 0..3 {
                let inserted: Option<JobRow> = sqlx::query_as(&insert)
                    .bind(&job.kind)
                    .bind(job.owner_id)
                    .bind(job.integration_id)
                    .bind(&job.payload)
                    .bind(job.max_attempts)
                    .bind(job.run_at)
                    .bind(job.dedupe_key.as_deref())
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                if inserted.is_some() {
                    found = inserted;
                    break;
                }
                // Coalesced into the queued job; it must not wait longer than this one would.
                // …unless it waits on purpose (a backoff, a platform's Retry-After).
                sqlx::query("UPDATE jobs SET run_at = $2, updated_at = $3 WHERE dedupe_key = $1 AND state = 'queued' AND run_at > $2 AND last_error IS NULL")
                    .bind(job.dedupe_key.as_deref())
                    .bind(job.run_at)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                found = sqlx::query_as(&existing)
                    .bind(job.dedupe_key.as_deref())
                    .fetch_optional(&mut *tx)
                    .await?;
                if found.is_some() {
                    break;
                }
            }
            let Some(row) = found else {
                return Err(StoreError::Busy);
            };
            notify_jobs(&mut *tx).await?;
            tx.commit().await?;
            row
        });
        Ok(row.into())
    }

    pub async fn job(&self, id: i64) -> Result<Job, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        let row: Option<JobRow> = on_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?);
        row.map(Job::from).ok_or(StoreError::NotFound)
    }

    /// Claims the next job that is due, or whose lease ran out, for `worker` until `lease_until`.
    /// Claiming a queued job counts as an attempt; taking over a job whose worker died counts
    /// as a take-over instead (that attempt was counted when it started). None when nothing is ready (or another worker won the
    /// race for it; ask again). A claimed job leaves its dedupe group: a change made while it
    /// runs may come after what it read, so it needs a new job.
    pub async fn claim_job(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Job>, StoreError> {
        const READY: &str =
            "((state = 'queued' AND run_at <= $3) OR (state = 'running' AND locked_until < $3))";
        // The outer condition repeats the inner one: when two workers race for one row, the
        // loser's UPDATE re-checks it after the winner committed and matches nothing.
        let sql = format!(
            "UPDATE jobs SET state = 'running', dedupe_key = NULL, locked_by = $1, locked_until = $2, \
             attempts = attempts + CASE WHEN state = 'queued' THEN 1 ELSE 0 END, \
             takeovers = takeovers + CASE WHEN state = 'running' THEN 1 ELSE 0 END, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs WHERE {READY} ORDER BY run_at, id LIMIT 1) AND {READY} \
             RETURNING {COLUMNS}"
        );
        // PostgreSQL: workers on many nodes claim at once. `FOR UPDATE SKIP LOCKED` lets each
        // take a different row instead of all queueing on the first one and all but one coming
        // back empty. SQLite has one writer at a time: the conditional UPDATE is enough.
        let sql = match &self.backend {
            Backend::Postgres(_) => sql.replace(
                "ORDER BY run_at, id LIMIT 1)",
                "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)",
            ),
            Backend::Sqlite { .. } => sql,
        };
        let row: Option<JobRow> = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<JobRow> = sqlx::query_as(&sql)
                .bind(worker)
                .bind(lease_until)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            job_event_in(&mut tx, row.as_ref(), now).await?;
            tx.commit().await?;
            row
        });
        Ok(row.map(Job::from))
    }

    /// Gives a running job back to the queue, due now, keeping its checkpoint: its worker is
    /// shutting down. The attempt it was in is given back too — stopping is not a failure —
    /// so another worker resumes it at once as if it had never stopped. False when `worker`
    /// no longer holds the job.
    pub async fn release_job(&self, id: i64, worker: &str, now: i64) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let n = sqlx::query(
                "UPDATE jobs SET state = 'queued', \
                 attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, \
                 run_at = $3, locked_by = NULL, locked_until = NULL, updated_at = $3 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            notify_jobs(&mut *tx).await?;
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }

    /// The earliest time a job becomes claimable (a queued job's run_at, or a lease's end);
    /// `now` itself when one is ready already.
    pub async fn next_job_due(&self, now: i64) -> Result<Option<i64>, StoreError> {
        let due: Option<i64> = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT MIN(CASE WHEN state = 'queued' THEN run_at ELSE locked_until + 1 END) \
                 FROM jobs WHERE state IN ('queued', 'running')",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(due.map(|d| d.max(now)))
    }

    /// Extends the lease; false when `worker` no longer holds the job.
    pub async fn heartbeat_job(
        &self,
        id: i64,
        worker: &str,
        lease_until: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET locked_until = $3, updated_at = $4 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(lease_until)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Saves progress and the checkpoint a successor resumes from; false when the lease is lost.
    pub async fn checkpoint_job(
        &self,
        id: i64,
        worker: &str,
        checkpoint: &str,
        progress: Progress,
        now: i64,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE jobs SET checkpoint = $3, items_done = $4, items_failed = $5, items_total = $6, \
                 updated_at = $7 WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING {COLUMNS}",
        );
        let n = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<JobRow> = sqlx::query_as(&sql)
                .bind(id)
                .bind(worker)
                .bind(checkpoint)
                .bind(progress.done)
                .bind(progress.failed)
                .bind(progress.total)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            job_event_in(&mut tx, row.as_ref(), now).await?;
            tx.commit().await?;
            u64::from(row.is_some())
        });
        Ok(n == 1)
    }

    /// Ends the job as `succeeded` or `failed` (a failure retrying cannot fix). Success clears
    /// the error text earlier attempts or deferrals left.
    pub async fn finish_job(
        &self,
        id: i64,
        worker: &str,
        state: JobEnd,
        error: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = $3, \
                 last_error = CASE WHEN $3 = 'succeeded' THEN $4 ELSE COALESCE($4, last_error) END, \
                 locked_by = NULL, \
                 locked_until = NULL, finished_at = $5, updated_at = $5 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING {COLUMNS}",
        );
        let n = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<JobRow> = sqlx::query_as(&sql)
                .bind(id)
                .bind(worker)
                .bind(state.as_str())
                .bind(error)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            job_event_in(&mut tx, row.as_ref(), now).await?;
            tx.commit().await?;
            u64::from(row.is_some())
        });
        Ok(n == 1)
    }

    /// Puts the job back in the queue to run at `run_at` after a retryable failure, or marks
    /// it dead when its attempts are spent. `counts` false gives the attempt back (a deferral,
    /// such as waiting out a platform's duplicate-request window, is not a failure).
    pub async fn retry_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        run_at: i64,
        counts: bool,
        now: i64,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE jobs SET \
                 attempts = CASE WHEN $5 THEN attempts ELSE attempts - 1 END, \
                 state = CASE WHEN $5 AND attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                 finished_at = CASE WHEN $5 AND attempts >= max_attempts THEN $6 ELSE NULL END, \
                 last_error = $3, run_at = $4, locked_by = NULL, locked_until = NULL, updated_at = $6 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING {COLUMNS}",
        );
        let n = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<JobRow> = sqlx::query_as(&sql)
                .bind(id)
                .bind(worker)
                .bind(error)
                .bind(run_at)
                .bind(counts)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            job_event_in(&mut tx, row.as_ref(), now).await?;
            tx.commit().await?;
            u64::from(row.is_some())
        });
        Ok(n == 1)
    }
}

impl Store {
    /// Whether an older job of `kind` for the integration is running under a live lease: jobs
    /// that must not overlap (stock pushes) defer to it. The older one wins, so two that start
    /// together never both give way.
    pub async fn older_job_running(
        &self,
        integration_id: i64,
        kind: &str,
        job_id: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n: i64 = on_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM jobs WHERE integration_id = $1 AND kind = $2 AND id < $3 \
                 AND state = 'running' AND locked_until >= $4",
            )
            .bind(integration_id)
            .bind(kind)
            .bind(job_id)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        Ok(n > 0)
    }

    /// Holds every queued job of an integration until `until`: the platform asked us to slow
    /// down, and another job for it would only be refused too.
    pub async fn hold_integration_jobs(
        &self,
        integration_id: i64,
        until: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET run_at = $2 WHERE integration_id = $1 AND state = 'queued' AND run_at < $2",
            )
            .bind(integration_id)
            .bind(until)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobEnd {
    Succeeded,
    Failed,
}

impl JobEnd {
    fn as_str(self) -> &'static str {
        match self {
            JobEnd::Succeeded => "succeeded",
            JobEnd::Failed => "failed",
        }
    }
}

/// What the panel is told about a job of a seller's: written with the job's change.
fn job_event_data(r: &JobRow) -> serde_json::Value {
    serde_json::json!({
        "job_id": r.id,
        "kind": r.kind,
        "integration_id": r.integration_id,
        "state": r.state,
        "done": r.items_done,
        "failed": r.items_failed,
        "total": r.items_total,
        "error": r.last_error,
    })
}

/// Records a seller's job's new state as an event, in the transaction that changed it.
async fn job_event_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    row: Option<&JobRow>,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if let Some(r) = row
        && let Some(owner) = r.owner_id
    {
        crate::events::insert_in(tx, owner, "job", &job_event_data(r), now).await?;
    }
    Ok(())
}

/// One integration's jobs waiting, running and given up on, and when the next one is due.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct QueueRow {
    pub integration_id: i64,
    pub queued: i64,
    pub running: i64,
    /// Jobs that used up their attempts (`dead`); they stay until an operator looks.
    pub dead: i64,
    /// The earliest `run_at` of a queued job (ms).
    pub next_run_at: Option<i64>,
}

impl Store {
    /// Queue depth per integration of one seller (or all), from one pass over the jobs that
    /// are not finished (`jobs_ready` holds them by state).
    pub async fn integration_queues(
        &self,
        scope: crate::products::Scope,
    ) -> Result<Vec<QueueRow>, StoreError> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT integration_id, \
                 CAST(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) AS BIGINT) AS queued, \
                 CAST(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END) AS BIGINT) AS running, \
                 CAST(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) AS BIGINT) AS dead, \
                 MIN(CASE WHEN state = 'queued' THEN run_at END) AS next_run_at \
                 FROM jobs WHERE state IN ('queued', 'running', 'dead') AND integration_id IS NOT NULL \
                 AND ($1 IS NULL OR owner_id = $1) GROUP BY integration_id ORDER BY integration_id",
            )
            .bind(scope.owner())
            .fetch_all(pool)
            .await?
        }))
    }
}
