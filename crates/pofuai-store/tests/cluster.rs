//! Several nodes on one database: job claims never collide, migrations started together both
//! succeed, a periodic task gets one turn per period, and (on PostgreSQL) a job queued by one
//! node wakes the others. Runs on SQLite, and on PostgreSQL with POFUAI_TEST_DATABASE_URL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::time::Duration;

use pofuai_store::jobs::NewJob;
use pofuai_store::{Dialect, Store};

async fn two_nodes(dir: &std::path::Path) -> (Store, Store) {
    let url = pofuai_store::testing::fresh_url(dir).await.unwrap();
    let a = Store::connect(&url).await.unwrap();
    a.migrate().await.unwrap();
    let b = Store::connect(&url).await.unwrap();
    (a, b)
}

fn job(n: usize) -> NewJob {
    NewJob {
        kind: "push_stock".into(),
        owner_id: None,
        integration_id: None,
        payload: format!("{{\"n\":{n}}}"),
        max_attempts: 3,
        run_at: 0,
        dedupe_key: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_process_opening_a_file_another_is_writing_waits_its_turn() {
    // Another process is writing to a new file in rollback-journal mode (it has not switched
    // it to WAL yet). Switching to WAL needs the file to itself, and SQLite answers BUSY at
    // once there instead of calling the busy handler; opening must wait, not fail.
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let url = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    if !url.starts_with("sqlite:") {
        return;
    }
    let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
        .unwrap()
        .create_if_missing(true);
    let mut other = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE other_process (a INTEGER)")
        .execute(&mut other)
        .await
        .unwrap();
    let opening = tokio::spawn({
        let url = url.clone();
        async move { Store::connect(&url).await.map(|_| ()) }
    });
    // The writer holds the file for a while, as a migration or an import would.
    tokio::time::sleep(Duration::from_millis(300)).await;
    sqlx::query("COMMIT").execute(&mut other).await.unwrap();
    opening.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_claimers_on_two_nodes_never_claim_a_job_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_nodes(dir.path()).await;
    const JOBS: usize = 60;
    for n in 0..JOBS {
        a.enqueue_job(&job(n), 1).await.unwrap();
    }
    // Four claimers per node, each claiming until the queue is empty; leases far in the
    // future, so nothing is claimed again by take-over.
    let mut claimers = Vec::new();
    for (node, store) in [("a", &a), ("b", &b)] {
        for c in 0..4 {
            let store = store.clone();
            let worker = format!("{node}{c}");
            claimers.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(j) = store.claim_job(&worker, 10, 1_000_000).await.unwrap() {
                    assert_eq!(j.locked_by.as_deref(), Some(worker.as_str()));
                    mine.push(j.id);
                }
                mine
            }));
        }
    }
    let mut all = Vec::new();
    let mut per_claimer = Vec::new();
    for c in claimers {
        let mine = c.await.unwrap();
        per_claimer.push(mine.len());
        all.extend(mine);
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), JOBS, "claims per claimer: {per_claimer:?}");
    assert_eq!(distinct.len(), JOBS, "a job was claimed twice");
    eprintln!("{:?}: claims per claimer {per_claimer:?}", a.dialect());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_that_start_together_both_migrate() {
    // PostgreSQL: an advisory lock; SQLite (`serve` and `worker` on one file): a lock file.
    let dir = tempfile::tempdir().unwrap();
    let url = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let a = Store::connect(&url).await.unwrap();
    let b = Store::connect(&url).await.unwrap();
    let (ra, rb) = tokio::join!(a.migrate(), b.migrate());
    ra.unwrap();
    rb.unwrap();
    // Both see the whole schema, and the next start has nothing to do.
    a.enqueue_job(&job(1), 1).await.unwrap();
    assert!(b.claim_job("b", 2, 100).await.unwrap().is_some());
    a.migrate().await.unwrap();
}

#[tokio::test]
async fn a_periodic_task_gets_one_turn_per_period_across_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_nodes(dir.path()).await;
    let every = 1_000;
    let turns = |now: i64| {
        let (a, b) = (a.clone(), b.clone());
        async move {
            let (ta, tb) = tokio::join!(
                a.take_periodic_turn("order_imports", "a", every, now),
                b.take_periodic_turn("order_imports", "b", every, now),
            );
            usize::from(ta.unwrap()) + usize::from(tb.unwrap())
        }
    };
    assert_eq!(
        turns(10_000).await,
        1,
        "the first asking takes the first turn"
    );
    assert_eq!(turns(10_500).await, 0, "nothing within the period");
    assert_eq!(turns(11_000).await, 1, "one turn once the period is over");
    assert_eq!(turns(11_999).await, 0);
    // Another task keeps its own periods.
    assert!(
        a.take_periodic_turn("stale_sweep", "a", every, 11_999)
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_queued_on_one_node_wakes_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_nodes(dir.path()).await;
    let listening = b.listen_for_jobs().await.unwrap();
    let Some(mut wakeups) = listening else {
        assert_eq!(
            b.dialect(),
            Dialect::Sqlite,
            "only SQLite has no notifications"
        );
        return;
    };
    a.enqueue_job(&job(1), 1).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), wakeups.recv())
        .await
        .expect("no wake-up within 5 s")
        .unwrap();
    // A released job wakes them too: another worker can take it at once.
    let claimed = a.claim_job("a", 2, 1_000_000).await.unwrap().unwrap();
    assert!(a.release_job(claimed.id, "a", 3).await.unwrap());
    tokio::time::timeout(Duration::from_secs(5), wakeups.recv())
        .await
        .expect("no wake-up for the release")
        .unwrap();
}

#[tokio::test]
async fn a_released_job_keeps_its_checkpoint_and_its_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_nodes(dir.path()).await;
    let queued = a.enqueue_job(&job(1), 1).await.unwrap();
    let claimed = a.claim_job("a", 2, 1_000_000).await.unwrap().unwrap();
    assert_eq!(claimed.attempts, 1);
    let progress = pofuai_store::jobs::Progress {
        done: 1,
        failed: 0,
        total: 3,
    };
    assert!(
        a.checkpoint_job(queued.id, "a", "{\"step\":1}", progress, 3)
            .await
            .unwrap()
    );
    assert!(
        !b.release_job(queued.id, "b", 4).await.unwrap(),
        "not b's to release"
    );
    assert!(a.release_job(queued.id, "a", 4).await.unwrap());
    let released = a.job(queued.id).await.unwrap();
    assert_eq!(released.state, "queued");
    assert_eq!(released.locked_by, None);
    assert_eq!(released.attempts, 0, "stopping is not a failed attempt");
    assert_eq!(released.checkpoint.as_deref(), Some("{\"step\":1}"));
    assert_eq!(released.run_at, 4, "due at once");
    // Another node takes it over, well before the old lease would have run out.
    let again = b.claim_job("b", 5, 1_000_000).await.unwrap().unwrap();
    assert_eq!(again.id, queued.id);
    assert_eq!((again.attempts, again.takeovers), (1, 0));
    assert!(
        !a.heartbeat_job(queued.id, "a", 10, 6).await.unwrap(),
        "a's writes are fenced off"
    );
}
