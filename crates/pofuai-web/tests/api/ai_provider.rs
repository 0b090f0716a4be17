use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::http::{HeaderMap, StatusCode as AxStatus};
use axum::routing::post;
use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_error, spawn_app};

const KEY: &str = "sk-test-very-secret-key-4321";

struct Fake {
    failing: AtomicBool,
    calls: AtomicUsize,
}

/// An OpenAI-compatible chat-completions server on localhost.
async fn fake_llm() -> (SocketAddr, Arc<Fake>) {
    let fake = Arc::new(Fake {
        failing: AtomicBool::new(false),
        calls: AtomicUsize::new(0),
    });
    let f = fake.clone();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |headers: HeaderMap, _body: String| {
            let f = f.clone();
            async move {
                f.calls.fetch_add(1, Ordering::SeqCst);
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
                if auth != format!("Bearer {KEY}") {
                    return (AxStatus::UNAUTHORIZED, "bad key".to_string());
                }
                if f.failing.load(Ordering::SeqCst) {
                    return (AxStatus::INTERNAL_SERVER_ERROR, "boom".to_string());
                }
                let content = json!({"headline": "Sabahların yıldızı", "body": "Modelden gelen özel metin.",
                                     "call_to_action": "Keşfet", "hashtags": ["kahve"]}).to_string();
                let reply = json!({"id": "x", "object": "chat.completion", "model": "fake",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 42, "completion_tokens": 17, "total_tokens": 59}});
                (AxStatus::OK, reply.to_string())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, fake)
}

#[tokio::test]
async fn provider_text_is_used_and_failures_fall_back_with_metrics() {
    let (addr, fake) = fake_llm().await;
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    let user = app.user(Role::Premium).await;

    let r = app
        .send("PUT", "/api/admin/ai/provider", &admin.token,
              Some(json!({"base_url": format!("http://{addr}/v1"), "model": "fake-model", "api_key": KEY, "timeout_ms": 2000})))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(!text.contains(KEY), "the key is never echoed: {text}");
    let shown: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(shown["api_key"], "••••4321");
    let shown = app
        .get("/api/admin/ai/provider", &admin.token)
        .await
        .text()
        .await
        .unwrap();
    assert!(!shown.contains(KEY));

    let req = json!({"template_type": "instagram_post", "content_data": {"product_name": "Premium Kahve Makinesi"}});
    let v: Value = app
        .post("/api/ai/generate-template", &user.token, req.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["template"]["texts"]["body"], "Modelden gelen özel metin.");
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);

    fake.failing.store(true, Ordering::SeqCst);
    let r = app
        .post("/api/ai/generate-template", &user.token, req)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "a failing provider does not fail the request"
    );
    let v: Value = r.json().await.unwrap();
    assert_ne!(
        v["template"]["texts"]["body"], "Modelden gelen özel metin.",
        "the built-in engine answered"
    );

    let m: Value = app
        .get("/api/admin/ai/metrics", &admin.token)
        .await
        .json()
        .await
        .unwrap();
    let rows = m["rows"].as_array().unwrap();
    let row = |outcome: &str| {
        rows.iter()
            .find(|r| r["provider"] == "openai_compatible" && r["outcome"] == outcome)
            .unwrap_or_else(|| panic!("{outcome} in {m}"))
            .clone()
    };
    let ok = row("success");
    assert_eq!(
        (
            ok["calls"].as_i64(),
            ok["prompt_tokens"].as_i64(),
            ok["completion_tokens"].as_i64()
        ),
        (Some(1), Some(42), Some(17))
    );
    assert_eq!(row("fallback")["calls"], 1);
    assert_eq!(ok["feature"], "marketing_copy");

    // The key is sealed in the database file, never in plain text.
    let db = std::fs::read_dir(app.data_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("test.db"))
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect::<Vec<_>>();
    for bytes in db {
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "plain key in the database file"
        );
    }

    assert_eq!(
        app.delete("/api/admin/ai/provider", &admin.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.get("/api/admin/ai/provider", &admin.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
}

#[tokio::test]
async fn ai_settings_are_for_admins_and_validated() {
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    for role in [Role::Seller, Role::Premium, Role::Normal] {
        let u = app.user(role).await;
        assert_error(
            app.get("/api/admin/ai/metrics", &u.token).await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
        )
        .await;
        let r = app
            .send(
                "PUT",
                "/api/admin/ai/provider",
                &u.token,
                Some(json!({"base_url": "http://x/v1", "model": "m"})),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
    }
    for (body, field) in [
        (json!({"base_url": "ftp://x", "model": "m"}), "base_url"),
        (
            json!({"base_url": "http://127.0.0.1:1/v1", "model": ""}),
            "model",
        ),
        (
            json!({"base_url": "http://127.0.0.1:1/v1", "model": "m", "timeout_ms": 5}),
            "timeout_ms",
        ),
        (
            json!({"base_url": "http://127.0.0.1:1/v1", "model": "m", "temperature": 2}),
            "temperature",
        ),
    ] {
        let r = app
            .send("PUT", "/api/admin/ai/provider", &admin.token, Some(body))
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
}

/// Offline, the configured provider is never called (it could be anywhere) and image URLs are
/// refused before any DNS lookup, unless they name an excepted local address literally.
#[tokio::test]
async fn offline_calls_no_provider_and_fetches_only_excepted_addresses() {
    let (addr, fake) = fake_llm().await;
    let app = crate::helpers::spawn_app_with(|c| c.fetch_policy.offline = true).await;
    let admin = app.user(Role::Admin).await;
    let user = app.user(Role::Premium).await;
    let r = app
        .send("PUT", "/api/admin/ai/provider", &admin.token,
              Some(json!({"base_url": format!("http://{addr}/v1"), "model": "fake-model", "api_key": KEY})))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let req = json!({"template_type": "instagram_post", "content_data": {"product_name": "Premium Kahve Makinesi"}});
    let r = app
        .post("/api/ai/generate-template", &user.token, req)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_ne!(v["template"]["texts"]["body"], "Modelden gelen özel metin.");
    assert_eq!(
        fake.calls.load(Ordering::SeqCst),
        0,
        "no call left the server"
    );

    // A name that resolves nowhere would answer "could not be resolved" if it were looked up.
    let req = json!({"template_type": "instagram_post", "content_data": {
        "product_name": "X", "product_image": "https://images.invalid/a.png"}});
    let seller = app.user(Role::Seller).await;
    let r = app
        .post("/api/ai/generate-template", &seller.token, req)
        .await;
    let body = assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("content_data.product_image"),
    )
    .await;
    let msg = body["error"]["fields"]["content_data.product_image"]
        .as_str()
        .unwrap();
    assert!(msg.contains("offline"), "{msg}");
}
