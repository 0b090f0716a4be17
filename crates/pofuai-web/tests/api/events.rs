//! Live updates: a seller's job progress reaches an open event stream, a reconnect with
//! `Last-Event-ID` gets what it missed, and another seller gets none of it.

use std::time::Duration;

use pofuai_core::Role;
use pofuai_store::jobs::{NewJob, Progress};
use reqwest::StatusCode;

use crate::helpers::{TestApp, User, spawn_app};

async fn stream(app: &TestApp, u: &User, last: Option<&str>) -> reqwest::Response {
    let mut r = app.client.get(app.url("/api/events")).bearer_auth(&u.token);
    if let Some(l) = last {
        r = r.header("Last-Event-ID", l);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r
}

/// Reads the stream until `needle` arrives (the timeout only bounds a broken test).
async fn read_until(r: &mut reqwest::Response, needle: &str) -> String {
    let mut text = String::new();
    tokio::time::timeout(Duration::from_secs(20), async {
        while !text.contains(needle) {
            let chunk = r.chunk().await.unwrap().expect("the stream stays open");
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{needle} did not arrive; got {text}"));
    text
}

fn ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("id:"))
        .map(|s| s.trim().to_string())
        .collect()
}

#[tokio::test]
async fn job_progress_reaches_its_seller_live_and_after_a_reconnect_and_no_one_else() {
    let app = spawn_app().await;
    let a = app.user(Role::Seller).await;
    let b = app.user(Role::Seller).await;
    let mut live = stream(&app, &a, None).await;
    read_until(&mut live, "event: ready").await;

    // A job of A's, due far ahead so only this test runs it: claimed, then progress.
    let far = 4_000_000_000_000;
    let job = app
        .store
        .enqueue_job(
            &NewJob {
                kind: "test_job".into(),
                owner_id: Some(a.id),
                integration_id: None,
                payload: "{}".into(),
                max_attempts: 3,
                run_at: far,
                dedupe_key: None,
            },
            far - 1,
        )
        .await
        .unwrap();
    let claimed = app
        .store
        .claim_job("test", far, far + 60_000)
        .await
        .unwrap();
    assert_eq!(claimed.map(|j| j.id), Some(job.id));
    let progress = Progress {
        done: 40,
        failed: 0,
        total: 100,
    };
    assert!(
        app.store
            .checkpoint_job(job.id, "test", "{}", progress, far)
            .await
            .unwrap()
    );

    let text = read_until(&mut live, "\"done\":40").await;
    assert!(text.contains("event: job"), "{text}");
    assert!(text.contains("\"state\":\"running\""), "{text}");
    let seen = ids(&text);
    assert_eq!(seen.len(), 2, "{text}");

    // Reconnecting after the first event brings the second, and only it, before `ready`.
    let mut again = stream(&app, &a, Some(&seen[0])).await;
    let text = read_until(&mut again, "event: ready").await;
    assert_eq!(ids(&text), vec![seen[1].clone()], "{text}");
    assert!(text.contains("\"done\":40"));

    // Another seller, from the very beginning: nothing of A's.
    let mut other = stream(&app, &b, Some("0")).await;
    let text = read_until(&mut other, "event: ready").await;
    assert!(!text.contains("event: job"), "{text}");
    assert!(ids(&text).is_empty());
}
