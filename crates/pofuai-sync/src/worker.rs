//! The worker: claims due jobs, keeps their lease alive, runs them, and files the outcome —
//! done, retry later with backoff (or when the platform said), or dead after too many attempts.

use std::time::{Duration, Instant};

use pofuai_channels::{ChannelError, Connector};
use pofuai_store::StoreError;
use pofuai_store::cluster::JobWakeups;
use pofuai_store::integrations::Integration;
use pofuai_store::jobs::{Job, JobEnd, Progress};
use pofuai_store::products::Scope;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::jobs::JobKind;
use crate::{Engine, millis, orders, products, questions, stock};

/// Lease take-overs after which a job is given up (its workers keep dying on it).
const MAX_TAKEOVERS: i64 = 50;

/// Sent on `Engine::job_events` whenever a job saves progress or ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEvent {
    pub job_id: i64,
    pub state: String,
    pub progress: Progress,
}

/// Why an attempt stopped short of finishing.
#[derive(Debug)]
pub(crate) enum JobError {
    /// Try again after `after` (the platform's word) or the backoff; `counts` false when this
    /// is a planned wait rather than a failure.
    Retry {
        error: String,
        after: Option<Duration>,
        counts: bool,
    },
    /// Retrying cannot help (bad credentials, no connector, a refused request).
    Fail(String),
    /// Another worker holds the job now; stop without writing anything.
    LostLease,
}

impl JobError {
    pub(crate) fn wait(reason: impl Into<String>, after: Duration) -> JobError {
        JobError::Retry {
            error: reason.into(),
            after: Some(after),
            counts: false,
        }
    }
}

impl From<StoreError> for JobError {
    fn from(e: StoreError) -> JobError {
        JobError::Retry {
            error: format!("database: {e}"),
            after: None,
            counts: true,
        }
    }
}

impl From<ChannelError> for JobError {
    fn from(e: ChannelError) -> JobError {
        match e {
            ChannelError::RateLimited { retry_after } => JobError::Retry {
                error: e.to_string(),
                after: retry_after,
                counts: true,
            },
            ChannelError::Transient(_) => JobError::Retry {
                error: e.to_string(),
                after: None,
                counts: true,
            },
            other => JobError::Fail(other.to_string()),
        }
    }
}

/// What a running job can reach: its row, integration, connector, and fenced writes.
pub(crate) struct JobCtx<'a> {
    pub engine: &'a Engine,
    pub job: &'a Job,
    pub worker: &'a str,
    pub integration: Integration,
    pub connector: Connector,
    pub progress: Progress,
}

impl JobCtx<'_> {
    pub fn now(&self) -> i64 {
        self.engine.now_ms()
    }

    pub fn owner_id(&self) -> i64 {
        self.integration.owner_id
    }

    /// The checkpoint a previous attempt left, if any.
    pub fn resume<T: DeserializeOwned>(&self) -> Option<T> {
        self.job
            .checkpoint
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
    }

    /// Saves the checkpoint and progress; fails with LostLease if the job is no longer ours.
    pub async fn save<T: Serialize>(&self, checkpoint: &T) -> Result<(), JobError> {
        let text = serde_json::to_string(checkpoint).map_err(|e| JobError::Fail(e.to_string()))?;
        let ours = self
            .engine
            .store
            .checkpoint_job(self.job.id, self.worker, &text, self.progress, self.now())
            .await?;
        if !ours {
            return Err(JobError::LostLease);
        }
        let _ = self.engine.job_events.send(JobEvent {
            job_id: self.job.id,
            state: "running".into(),
            progress: self.progress,
        });
        Ok(())
    }

    /// Runs one platform call, recording its latency and outcome for the report.
    pub async fn call<T>(
        &self,
        operation: &str,
        call: impl std::future::Future<Output = Result<T, ChannelError>>,
    ) -> Result<T, ChannelError> {
        let started = Instant::now();
        let result = call.await;
        let elapsed = millis(started.elapsed());
        if let Err(e) = self
            .engine
            .store
            .record_channel_call(
                self.integration.id,
                operation,
                result.is_ok(),
                elapsed,
                self.now(),
            )
            .await
        {
            tracing::warn!(error = %e, "could not record a channel call");
        }
        if let Err(e) = &result {
            tracing::info!(integration.id = self.integration.id, operation, error = %e, "channel call failed");
            // Refusals are logged where their item is known; passing failures are logged
            // here, and marked resolved once the job gets through.
            if e.is_retryable() {
                self.log_error(operation, None, &e.platform_code(), &e.to_string())
                    .await;
            }
        }
        result
    }

    /// A call that is safe to repeat, retried quickly within the attempt.
    pub async fn call_retrying<T, F, Fut>(
        &self,
        operation: &str,
        mut call: F,
    ) -> Result<T, ChannelError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ChannelError>>,
    {
        let sync = &self.engine.config;
        pofuai_channels::retry::retrying(sync.backoff, sync.call_attempts, || {
            self.call(operation, call())
        })
        .await
    }

    /// Files a per-item or per-call failure for the seller to see, retry or resolve.
    pub async fn log_error(&self, operation: &str, item: Option<&str>, code: &str, message: &str) {
        if let Err(e) = self
            .engine
            .store
            .log_integration_error(
                self.integration.id,
                Some(self.job.id),
                operation,
                item,
                Some(code),
                message,
                self.now(),
            )
            .await
        {
            tracing::warn!(error = %e, "could not log an integration error");
        }
    }
}

pub struct Worker {
    engine: Engine,
    id: String,
}

/// Runs started by this process, for run ids.
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What one step of the worker loop did.
enum Step {
    Ran(i64),
    Idle,
    Stopped,
}

async fn next_wakeup(wakeups: &mut Option<JobWakeups>) -> Result<(), StoreError> {
    match wakeups {
        Some(w) => w.recv().await.map(drop),
        None => std::future::pending().await,
    }
}

impl Worker {
    pub fn new(engine: Engine, id: impl Into<String>) -> Worker {
        Worker {
            engine,
            id: id.into(),
        }
    }

    /// Claims and runs one due job; None when nothing was due.
    pub async fn run_once(&self) -> Result<Option<i64>, StoreError> {
        let never = std::future::pending::<()>();
        tokio::pin!(never);
        match self.step(never, &mut false).await? {
            Step::Ran(id) => Ok(Some(id)),
            Step::Idle | Step::Stopped => Ok(None),
        }
    }

    /// Runs jobs until none is due now.
    pub async fn run_until_idle(&self) -> Result<usize, StoreError> {
        let mut n = 0;
        while self.run_once().await?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Runs until `shutdown`, waking when a job is queued locally or (on PostgreSQL) on any
    /// node, when a delayed job falls due, or every `idle_poll` as the fallback.
    ///
    /// On `shutdown` it claims nothing more; a job it is running gets `shutdown_grace` to
    /// finish, then is stopped where it stands and released: its checkpoint stays, the attempt
    /// is given back, and it is due at once for another worker. Stopping mid-job is safe for
    /// the same reason a crash is — every step is in the checkpoint before it is taken.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut stopped = false;
        let mut wakeups = match self.engine.store.listen_for_jobs().await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "no job notifications; polling");
                None
            }
        };
        loop {
            loop {
                match self.step(shutdown.as_mut(), &mut stopped).await {
                    Ok(Step::Ran(_)) => {}
                    Ok(Step::Idle) => break,
                    Ok(Step::Stopped) => return,
                    Err(e) => {
                        tracing::error!(error = %e, "job worker could not reach the database");
                        break;
                    }
                }
            }
            let now = self.engine.now_ms();
            let idle = self.engine.config.idle_poll;
            let wait = match self.engine.store.next_job_due(now).await {
                Ok(Some(due)) => {
                    Duration::from_millis(u64::try_from(due - now).unwrap_or(0)).min(idle)
                }
                _ => idle,
            };
            tokio::select! {
                () = &mut shutdown, if !stopped => return,
                _ = self.engine.jobs_notify.notified() => {}
                woken = next_wakeup(&mut wakeups) => {
                    if let Err(e) = woken {
                        // sqlx reconnects on the next receive; until then, polling covers.
                        tracing::warn!(error = %e, "job notifications interrupted");
                    }
                }
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Claims one job and runs it, unless `shutdown` comes first; a job running when it
    /// comes gets the grace period, then is released.
    async fn step(
        &self,
        mut shutdown: std::pin::Pin<&mut impl std::future::Future<Output = ()>>,
        stopped: &mut bool,
    ) -> Result<Step, StoreError> {
        if *stopped {
            return Ok(Step::Stopped);
        }
        let now = self.engine.now_ms();
        let lease = millis(self.engine.config.lease);
        let Some(job) = self
            .engine
            .store
            .claim_job(&self.id, now, now + lease)
            .await?
        else {
            return Ok(Step::Idle);
        };
        let id = job.id;
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Every line this run logs carries the job and the run: a job that runs twice (a
        // retry, a take-over) shows as two runs of one job.
        let span = tracing::info_span!(
            "job",
            job.id = id,
            job.kind = %job.kind,
            job.run = %format!("{}:{run}", self.id),
        );
        let running = async {
            tracing::info!(
                attempt = job.attempts,
                takeovers = job.takeovers,
                "job started"
            );
            tokio::select! {
                outcome = self.attempt(&job) => outcome,
                lost = self.heartbeat(id) => lost,
            }
        }
        .instrument(span.clone());
        // Boxed so that dropping it really stops the run before its lease is released.
        let mut running = Box::pin(running);
        let outcome = tokio::select! {
            outcome = &mut running => Some(outcome),
            () = shutdown.as_mut() => None,
        };
        let outcome = match outcome {
            Some(outcome) => outcome,
            None => {
                *stopped = true;
                let grace = self.engine.config.shutdown_grace;
                span.in_scope(|| tracing::info!(?grace, "shutting down: letting the job finish"));
                match tokio::time::timeout(grace, &mut running).await {
                    Ok(outcome) => {
                        self.file(&job, outcome).instrument(span).await?;
                        return Ok(Step::Stopped);
                    }
                    Err(_) => {
                        // Dropping the run stops it between two awaits, like a crash would.
                        drop(running);
                        let released = self
                            .engine
                            .store
                            .release_job(id, &self.id, self.engine.now_ms())
                            .await?;
                        span.in_scope(|| {
                            tracing::info!(released, "shutting down: job released to the queue");
                        });
                        let _ = self.engine.job_events.send(JobEvent {
                            job_id: id,
                            state: "queued".into(),
                            progress: Progress::default(),
                        });
                        return Ok(Step::Stopped);
                    }
                }
            }
        };
        self.file(&job, outcome).instrument(span).await?;
        Ok(Step::Ran(id))
    }

    /// Extends the lease every third of it; returns only when the lease was lost.
    async fn heartbeat(&self, id: i64) -> Result<(), JobError> {
        let lease = self.engine.config.lease;
        loop {
            tokio::time::sleep(lease / 3).await;
            let now = self.engine.now_ms();
            match self
                .engine
                .store
                .heartbeat_job(id, &self.id, now + millis(lease), now)
                .await
            {
                Ok(true) => {}
                Ok(false) => return Err(JobError::LostLease),
                Err(e) => tracing::warn!(error = %e, job.id = id, "heartbeat failed"),
            }
        }
    }

    async fn attempt(&self, job: &Job) -> Result<(), JobError> {
        // Take-overs are not attempts, but a job that kills every worker running it must end.
        if job.takeovers > MAX_TAKEOVERS {
            return Err(JobError::Fail(format!(
                "the worker running this job stopped {} times",
                job.takeovers
            )));
        }
        let kind: JobKind = serde_json::from_str(&job.payload)
            .map_err(|e| JobError::Fail(format!("unreadable job payload: {e}")))?;
        let integration_id = job
            .integration_id
            .ok_or_else(|| JobError::Fail("job has no integration".into()))?;
        let integration = match self
            .engine
            .store
            .integration(integration_id, Scope::All)
            .await
        {
            Ok(i) => i,
            Err(StoreError::NotFound) => {
                return Err(JobError::Fail("integration was deleted".into()));
            }
            Err(e) => return Err(e.into()),
        };
        if !integration.active {
            return Err(JobError::Fail("integration is not active".into()));
        }
        let connector = self
            .engine
            .connector_for(&integration)
            .await
            .map_err(|e| JobError::Fail(e.to_string()))?
            .ok_or_else(|| {
                JobError::Fail(format!("no connector for {}", integration.integration_name))
            })?;
        let mut ctx = JobCtx {
            engine: &self.engine,
            job,
            worker: &self.id,
            integration,
            connector,
            progress: Progress {
                done: job.items_done,
                failed: job.items_failed,
                total: job.items_total,
            },
        };
        let log = self
            .engine
            .store
            .start_sync_log(ctx.integration.id, Some(job.id), kind.name(), ctx.now())
            .await?;
        let result = match &kind {
            JobKind::SyncProducts { product_ids } => {
                products::run(&mut ctx, product_ids.as_deref()).await
            }
            JobKind::PushStock => stock::run(&mut ctx).await,
            JobKind::SyncOrders => orders::import(&mut ctx).await,
            JobKind::PushStatus {
                order_id,
                status,
                invoice_number,
                invoice_link,
            } => {
                orders::push_status(
                    &mut ctx,
                    *order_id,
                    status,
                    invoice_number.as_deref(),
                    invoice_link.as_deref(),
                )
                .await
            }
            JobKind::PushTracking {
                order_id,
                tracking_number,
            } => orders::push_tracking(&mut ctx, *order_id, tracking_number).await,
            JobKind::ApproveClaim { claim_id } => orders::approve_claim(&mut ctx, *claim_id).await,
            JobKind::ImportQuestions => questions::import(&mut ctx).await,
            JobKind::AnswerQuestion { question_id } => {
                questions::answer(&mut ctx, *question_id).await
            }
        };
        let (status, message) = match &result {
            Ok(()) => ("succeeded", None),
            Err(JobError::Retry {
                error,
                counts: false,
                ..
            }) => ("deferred", Some(error.clone())),
            Err(JobError::Retry { error, .. }) => ("retrying", Some(error.clone())),
            Err(JobError::Fail(error)) => ("failed", Some(error.clone())),
            Err(JobError::LostLease) => ("abandoned", None),
        };
        let p = ctx.progress;
        self.engine
            .store
            .finish_sync_log(
                log,
                status,
                p.total,
                p.done,
                p.failed,
                message.as_deref(),
                self.engine.now_ms(),
            )
            .await?;
        if let Err(JobError::Fail(error)) = &result {
            ctx.log_error(kind.name(), None, "job_failed", error).await;
        }
        result
    }

    async fn file(&self, job: &Job, outcome: Result<(), JobError>) -> Result<(), StoreError> {
        let store = &self.engine.store;
        let now = self.engine.now_ms();
        let state = match outcome {
            Ok(()) => {
                store
                    .finish_job(job.id, &self.id, JobEnd::Succeeded, None, now)
                    .await?;
                store.resolve_passing_errors(job.id).await?;
                "succeeded"
            }
            Err(JobError::Fail(error)) => {
                store
                    .finish_job(job.id, &self.id, JobEnd::Failed, Some(&error), now)
                    .await?;
                "failed"
            }
            Err(JobError::Retry {
                error,
                after,
                counts,
            }) => {
                let attempt = u32::try_from(job.attempts).unwrap_or(u32::MAX);
                let wait = after.unwrap_or_else(|| {
                    self.engine
                        .config
                        .backoff
                        .delay(attempt, &ChannelError::Transient(String::new()))
                });
                store
                    .retry_job(job.id, &self.id, &error, now + millis(wait), counts, now)
                    .await?;
                // The platform asked us to wait (429): its other queued jobs wait too. A
                // job's own planned wait (a batch still processing, a push that must not
                // overlap) holds nothing else.
                if let (true, Some(_), Some(integration)) = (counts, after, job.integration_id) {
                    store
                        .hold_integration_jobs(integration, now + millis(wait))
                        .await?;
                }
                if counts && job.attempts >= job.max_attempts {
                    "dead"
                } else {
                    "queued"
                }
            }
            Err(JobError::LostLease) => return Ok(()),
        };
        // An answer whose job ended without sending it goes back to the seller as failed.
        if matches!(state, "failed" | "dead")
            && let Ok(JobKind::AnswerQuestion { question_id }) =
                serde_json::from_str::<JobKind>(&job.payload)
        {
            let error = store
                .job(job.id)
                .await
                .ok()
                .and_then(|j| j.last_error)
                .unwrap_or_else(|| "the answer could not be sent".into());
            store.set_question_failed(question_id, &error, now).await?;
        }
        let progress = store.job(job.id).await.map(|j| Progress {
            done: j.items_done,
            failed: j.items_failed,
            total: j.items_total,
        })?;
        let _ = self.engine.job_events.send(JobEvent {
            job_id: job.id,
            state: state.into(),
            progress,
        });
        Ok(())
    }
}
