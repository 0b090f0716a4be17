//! What several nodes on one database coordinate through it: wake-ups over PostgreSQL's
//! LISTEN/NOTIFY (queued jobs, new events, token revocations), periodic tasks that run once
//! per period across the cluster, and the lock that lets nodes that start together migrate
//! one after the other.

use sqlx::postgres::PgListener;

use crate::{Backend, Store, StoreError};

/// The NOTIFY channel on which queued (or released) jobs wake workers on every node.
pub(crate) const JOBS_CHANNEL: &str = "pofuai_jobs";
/// The NOTIFY channel on which a new event wakes the event streams of every node; the payload
/// is the event's owner id.
pub(crate) const EVENTS_CHANNEL: &str = "pofuai_events";
/// The NOTIFY channel on which a new row of the revocation log wakes its readers.
pub(crate) const AUTH_CHANNEL: &str = "pofuai_auth";

/// The advisory lock held while migrating (an arbitrary constant: "pofuai" in ASCII).
pub(crate) const MIGRATION_LOCK: i64 = 0x706f_6675_6169;

/// A connection on which a job write can announce itself.
pub(crate) trait JobsChannel {
    fn notify_jobs(&mut self) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

impl JobsChannel for sqlx::SqliteConnection {
    /// One process per SQLite database: its worker is woken in memory by the engine.
    async fn notify_jobs(&mut self) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

impl JobsChannel for sqlx::PgConnection {
    /// Delivered when the transaction commits, so a woken worker finds the job.
    async fn notify_jobs(&mut self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(JOBS_CHANNEL)
            .execute(self)
            .await?;
        Ok(())
    }
}

pub(crate) async fn notify_jobs<C: JobsChannel + ?Sized>(conn: &mut C) -> Result<(), sqlx::Error> {
    conn.notify_jobs().await
}

/// Notifications of one channel from every node on the database.
pub struct Wakeups {
    listener: PgListener,
}

/// Wake-ups for job workers: a job was queued or released somewhere in the cluster.
pub type JobWakeups = Wakeups;

impl Wakeups {
    /// Waits for the next notification and returns its payload. An error means the connection
    /// dropped; sqlx reconnects on the next call, and notifications sent meanwhile are lost,
    /// so every listener polls too.
    pub async fn recv(&mut self) -> Result<String, StoreError> {
        Ok(self.listener.recv().await?.payload().to_string())
    }
}

impl Store {
    /// Listens on `channel`; None on SQLite, which has no notifications.
    pub(crate) async fn listen(&self, channel: &str) -> Result<Option<Wakeups>, StoreError> {
        match &self.backend {
            Backend::Sqlite { .. } => Ok(None),
            Backend::Postgres(pool) => {
                let mut listener = PgListener::connect_with(pool).await?;
                listener.listen(channel).await?;
                Ok(Some(Wakeups { listener }))
            }
        }
    }

    /// Listens for job wake-ups; None on SQLite, where the one process wakes its own worker.
    pub async fn listen_for_jobs(&self) -> Result<Option<JobWakeups>, StoreError> {
        self.listen(JOBS_CHANNEL).await
    }

    /// Listens for new events of any owner (each payload is the owner's id), so a node's
    /// event streams wake when another node or a worker writes one; None on SQLite, where
    /// streams poll.
    pub async fn listen_for_events(&self) -> Result<Option<Wakeups>, StoreError> {
        self.listen(EVENTS_CHANNEL).await
    }

    /// Takes this period's turn at the periodic task `name` for `node`: true for exactly one
    /// caller per `every_ms` across every node on the database (the first to ask once the
    /// period is over), which then runs the task. One conditional upsert; a concurrent caller
    /// re-checks the row its winner wrote and gets false.
    pub async fn take_periodic_turn(
        &self,
        name: &str,
        node: &str,
        every_ms: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let won: Option<String> = crate::on_writer!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO periodic_tasks (name, next_run_at, run_by, updated_at) \
                 VALUES ($1, $4 + $3, $2, $4) \
                 ON CONFLICT (name) DO UPDATE SET next_run_at = $4 + $3, run_by = $2, updated_at = $4 \
                 WHERE periodic_tasks.next_run_at <= $4 \
                 RETURNING name",
            )
            .bind(name)
            .bind(node)
            .bind(every_ms)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(won.is_some())
    }
}
