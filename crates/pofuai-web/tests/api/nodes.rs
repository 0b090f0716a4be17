//! Two nodes on one database, each with its own connections and token cache: a logout, a
//! role change or a disabled account on one node takes effect on the other within a second,
//! and an event written through one node reaches an event stream on the other (on PostgreSQL
//! by its notification alone: the streams' polling is turned off). SQLite, or PostgreSQL with
//! POFUAI_TEST_DATABASE_URL.

use std::time::{Duration, Instant};

use pofuai_core::Role;
use pofuai_store::Dialect;
use pofuai_web::Clock;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, User, spawn_app};

/// Polls `path` on `node` as `user` until it answers `want`; fails after `within` of
/// `since`. Returns how long it took.
async fn answers_within(
    node: &TestApp,
    user: &User,
    path: &str,
    want: StatusCode,
    since: Instant,
    within: Duration,
) -> Duration {
    loop {
        let got = node.get(path, &user.token).await.status();
        if got == want {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < within,
            "{path} still answers {got}, not {want}, after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Requests on `node` until its token cache answers them (its reader of the revocation log
/// has caught up), so the test measures revocation against a warm cache.
async fn warm(node: &TestApp, user: &User) {
    let start = Instant::now();
    loop {
        let before = node.store.token_cache_stats().hits;
        assert_eq!(
            node.get("/api/me", &user.token).await.status(),
            StatusCode::OK
        );
        if node.store.token_cache_stats().hits > before {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the token cache never served a lookup"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_logout_on_one_node_ends_the_session_on_the_other_within_a_second() {
    let a = spawn_app().await;
    let b = a.second_node(|_| {}).await;
    let seller = a.user(Role::Seller).await;
    let other_session = a.login_ok(&seller.email, crate::helpers::PASSWORD).await;
    warm(&b, &seller).await;
    let mut stream = b
        .client
        .get(b.url("/api/events"))
        .bearer_auth(&seller.token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    let r = a.post("/api/auth/logout", &seller.token, json!({})).await;
    assert!(r.status().is_success(), "{}", r.status());
    let logged_out = Instant::now();
    let took = answers_within(
        &b,
        &seller,
        "/api/me",
        StatusCode::UNAUTHORIZED,
        logged_out,
        Duration::from_secs(1),
    )
    .await;
    eprintln!("logout seen on the other node after {took:?}");
    // The other node's open event stream of that session ends too (at its next look).
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while stream.chunk().await.ok().flatten().is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the revoked session's stream stays open");
    // Only that token: the seller's other session goes on, on both nodes.
    for node in [&a, &b] {
        let r = node.get("/api/me", &other_session).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn a_role_change_and_a_disabled_account_reach_the_other_node_within_a_second() {
    let a = spawn_app().await;
    let b = a.second_node(|_| {}).await;
    let admin = a.user(Role::Admin).await;
    let seller = a.user(Role::Seller).await;
    assert_eq!(
        b.get("/api/integrations", &seller.token).await.status(),
        StatusCode::OK
    );
    warm(&b, &seller).await;

    // Demoted on A: B stops letting them at a seller's feature.
    let r = a
        .patch(
            &format!("/api/admin/users/{}", seller.id),
            &admin.token,
            json!({"role": "normal"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    answers_within(
        &b,
        &seller,
        "/api/integrations",
        StatusCode::FORBIDDEN,
        Instant::now(),
        Duration::from_secs(1),
    )
    .await;

    // Disabled on A: B refuses the token altogether.
    warm(&b, &seller).await;
    let r = a
        .patch(
            &format!("/api/admin/users/{}", seller.id),
            &admin.token,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    answers_within(
        &b,
        &seller,
        "/api/me",
        StatusCode::UNAUTHORIZED,
        Instant::now(),
        Duration::from_secs(1),
    )
    .await;
}

#[tokio::test]
async fn an_event_written_through_one_node_reaches_a_stream_on_the_other() {
    let postgres = std::env::var(pofuai_store::testing::TEST_DATABASE_ENV)
        .is_ok_and(|u| u.starts_with("postgres"));
    // On PostgreSQL the notification alone must wake the stream: no polling within the test.
    let poll = if postgres {
        Duration::from_secs(600)
    } else {
        Duration::from_millis(200)
    };
    let a = crate::helpers::spawn_app_with(|c| c.events_poll = poll).await;
    let b = a.second_node(|_| {}).await;
    assert_eq!(
        a.store.dialect() == Dialect::Postgres,
        postgres,
        "the backend is the one the environment names"
    );
    let seller = a.user(Role::Seller).await;
    let mut stream = b
        .client
        .get(b.url("/api/events"))
        .bearer_auth(&seller.token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let mut text = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !text.contains("event: ready") {
        let chunk = tokio::time::timeout_at(deadline.into(), stream.chunk())
            .await
            .expect("ready in time")
            .unwrap()
            .expect("open stream");
        text.push_str(&String::from_utf8_lossy(&chunk));
    }

    let now = a.clock.now_ms();
    a.store
        .record_event(
            seller.id,
            "job",
            &json!({"job_id": 4242, "state": "running"}),
            now,
        )
        .await
        .unwrap();
    let written = Instant::now();
    let within = Duration::from_secs(3);
    while !text.contains("\"job_id\":4242") {
        let left = within.saturating_sub(written.elapsed());
        let chunk = tokio::time::timeout(left, stream.chunk())
            .await
            .unwrap_or_else(|_| panic!("the event did not reach the other node: {text}"))
            .unwrap()
            .expect("open stream");
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    eprintln!("event reached the other node after {:?}", written.elapsed());
}
