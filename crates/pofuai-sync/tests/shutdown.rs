//! Graceful shutdown of a worker: a job it holds when told to stop gets the grace period to
//! finish; past it, the job is released — checkpoint kept, attempt given back — and another
//! worker finishes it at once instead of after the lease. Both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::trendyol::Strictness;
use pofuai_store::jobs::Job;
use pofuai_sync::{JobKind, Worker};

/// Waits (polling the store) until the job satisfies `ready`; panics after 15 s.
async fn wait_for(r: &common::Rig, id: i64, what: &str, ready: impl Fn(&Job) -> bool) -> Job {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let job = r.store.job(id).await.unwrap();
        if ready(&job) {
            return job;
        }
        assert!(Instant::now() < deadline, "{what}: {job:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_worker_releases_its_job_and_another_worker_finishes_it() {
    // A lease far longer than the test: only the release lets the second worker in.
    let r = common::rig(Strictness::default(), |c| {
        c.lease = Duration::from_secs(120);
        c.shutdown_grace = Duration::from_millis(50);
    })
    .await;
    let made = r.products(12, 1, 20).await;
    // Slow platform answers keep the first worker busy once it has its plan.
    r.sim.faults.set(FaultConfig {
        latency: Duration::from_millis(300),
        ..FaultConfig::default()
    });
    let id = r.enqueue(JobKind::SyncProducts { product_ids: None }).await;
    let (stop, stopping) = tokio::sync::oneshot::channel::<()>();
    let first = tokio::spawn(Worker::new(r.engine.clone(), "first").run(async {
        let _ = stopping.await;
    }));
    wait_for(&r, id, "the first worker never saved a plan", |j| {
        j.locked_by.as_deref() == Some("first") && j.checkpoint.is_some()
    })
    .await;
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), first)
        .await
        .expect("the worker did not stop within its grace period")
        .unwrap();

    let released = r.store.job(id).await.unwrap();
    assert_eq!(released.state, "queued", "{released:?}");
    assert_eq!(released.locked_by, None);
    assert_eq!(released.attempts, 0, "stopping is not a failed attempt");
    assert_eq!(released.takeovers, 0);
    assert!(
        released.checkpoint.is_some(),
        "the checkpoint stays for the successor"
    );

    r.sim.faults.set(FaultConfig::default());
    let second = r.second_node().await;
    let started = Instant::now();
    let worker = tokio::spawn(Worker::new(second, "second").run(std::future::pending()));
    let done = wait_for(&r, id, "the second worker did not finish the job", |j| {
        j.state == "succeeded"
    })
    .await;
    worker.abort();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "taken over before the lease ran out"
    );
    assert_eq!((done.attempts, done.takeovers), (1, 0), "{done:?}");
    let differences = r.differences(&made).await;
    assert!(differences.is_empty(), "{differences:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_worker_finishes_a_job_that_ends_within_the_grace_period() {
    let r = common::rig(Strictness::default(), |c| {
        c.shutdown_grace = Duration::from_secs(20);
    })
    .await;
    let made = r.products(3, 1, 20).await;
    r.sim.faults.set(FaultConfig {
        latency: Duration::from_millis(100),
        ..FaultConfig::default()
    });
    let id = r.enqueue(JobKind::SyncProducts { product_ids: None }).await;
    let (stop, stopping) = tokio::sync::oneshot::channel::<()>();
    let first = tokio::spawn(Worker::new(r.engine.clone(), "first").run(async {
        let _ = stopping.await;
    }));
    wait_for(&r, id, "the worker never claimed the job", |j| {
        j.locked_by.as_deref() == Some("first")
    })
    .await;
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(20), first)
        .await
        .expect("the worker did not stop")
        .unwrap();
    let job = r.store.job(id).await.unwrap();
    // The simulator finishes a batch at its first poll, so the job ends within the grace.
    assert_eq!(job.state, "succeeded", "{job:?}");
    assert_eq!(job.locked_by, None);
    assert!(r.differences(&made).await.is_empty());
}
