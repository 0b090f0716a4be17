//! A write whose caller goes away (a client disconnects, a timeout fires) at any point must
//! leave the store writable: on SQLite all writes share one connection, so a transaction left
//! open on it by a cancelled caller would fail every write after it.

#![allow(clippy::unwrap_used)]

use pofuai_core::Role;
use pofuai_store::users::NewUser;

async fn yields(n: usize) {
    for _ in 0..n {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_cancelled_at_any_point_leave_the_store_writable() {
    let dir = tempfile::tempdir().unwrap();
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let user = store
        .create_user(
            NewUser {
                email: "a@example.com",
                password_hash: "x",
                display_name: "a",
                role: Role::Seller,
            },
            0,
        )
        .await
        .unwrap();
    let data = serde_json::json!({"n": 1});
    let mut finished = 0;
    // Each write is dropped after a different number of scheduler turns, so some are dropped
    // while waiting for the connection, some while beginning, some mid-transaction.
    for i in 0..400 {
        tokio::select! {
            biased;
            r = store.record_event(user.id, "job", &data, i) => {
                r.unwrap();
                finished += 1;
            }
            _ = yields(i as usize % 23) => {}
        }
    }
    // Whatever was cut short, the next writes go through.
    for i in 0..5 {
        store
            .record_event(user.id, "job", &data, 1000 + i)
            .await
            .unwrap();
    }
    // A write cut short after its commit was sent may still have landed.
    let events = store.events_after(user.id, 0, 1000).await.unwrap();
    assert!(
        events.len() >= finished + 5,
        "{} < {finished} + 5",
        events.len()
    );
}
