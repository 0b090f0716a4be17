//! The OpenAI-compatible client against a fake chat-completions server on 127.0.0.1:0.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use pofuai_text::copy::{CopyRequest, Platform, Tone, generate_copy};
use pofuai_text::money::{Currency, Money};
use pofuai_text::provider::{
    ApiKey, BUILTIN_NAME, BuiltinEngine, OpenAiCompatible, ProviderError, TextProvider,
    copy_with_fallback,
};
use pofuai_text::{Language, Product};
use serde_json::{Value, json};

const KEY: &str = "sk-test-123";
const MODEL: &str = "fake-model";

/// Requests the fake server received, as JSON bodies.
type Seen = Arc<Mutex<Vec<Value>>>;

fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": MODEL,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 42, "completion_tokens": 17, "total_tokens": 59}
    })
}

fn good_copy() -> String {
    json!({
        "headline": "Sabahların yeni yıldızı",
        "body": "Premium Kahve Makinesi ile taze kahve her sabah hazır.",
        "call_to_action": "Hemen keşfedin!",
        "hashtags": ["kahve", "Kahve", "kahve severler"]
    })
    .to_string()
}

async fn ok(
    State(seen): State<Seen>,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> (StatusCode, axum::Json<Value>) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {KEY}") {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": "bad key"})),
        );
    }
    seen.lock().expect("lock").push(body.0);
    (
        StatusCode::OK,
        axum::Json(completion(&format!("```json\n{}\n```", good_copy()))),
    )
}

async fn fail() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

async fn slow() -> axum::Json<Value> {
    tokio::time::sleep(Duration::from_secs(3)).await;
    axum::Json(completion(&good_copy()))
}

async fn prose() -> axum::Json<Value> {
    axum::Json(completion("Sorry, I cannot help with that."))
}

async fn not_chat() -> &'static str {
    "<html>gateway</html>"
}

/// Starts the fake server and returns its base address ("http://127.0.0.1:PORT").
async fn spawn_fake() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/ok/chat/completions", post(ok))
        .route("/fail/chat/completions", post(fail))
        .route("/slow/chat/completions", post(slow))
        .route("/prose/chat/completions", post(prose))
        .route("/html/chat/completions", post(not_chat))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    (format!("http://{addr}"), seen)
}

fn client(base: &str, path: &str, key: &str, timeout_ms: u64) -> OpenAiCompatible {
    OpenAiCompatible::new(
        format!("{base}/{path}/"),
        MODEL,
        ApiKey::new(key),
        Duration::from_millis(timeout_ms),
    )
    .expect("valid config")
}

fn request() -> CopyRequest {
    let mut product = Product::named("Premium Kahve Makinesi");
    product.category = Some("elektronik".into());
    product.target_audience = Some("kahve severler".into());
    product.price = Some(Money::new(129_990, Currency::Try));
    CopyRequest {
        product,
        language: Language::Tr,
        tone: Tone::SalesFocused,
        platform: Platform::Twitter,
        seed: 11,
        price_on_image: false,
    }
}

#[tokio::test]
async fn a_good_answer_is_used_with_its_token_counts() {
    let (base, seen) = spawn_fake().await;
    let provider = client(&base, "ok", KEY, 2_000);
    let (copy, outcome) = copy_with_fallback(&provider, &request()).await;

    assert!(outcome.success && !outcome.fell_back, "{outcome:?}");
    assert_eq!(outcome.provider, MODEL);
    assert_eq!(outcome.prompt_tokens, Some(42));
    assert_eq!(outcome.completion_tokens, Some(17));
    assert!(outcome.latency < Duration::from_secs(2));
    assert_eq!(copy.headline, "Sabahların yeni yıldızı");
    assert_eq!(copy.hashtags, vec!["#Kahve", "#KahveSeverler"]);
    assert!(copy.length <= 280);

    let requests = seen.lock().expect("lock");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["model"], MODEL);
    let user = requests[0]["messages"][1]["content"]
        .as_str()
        .unwrap_or_default();
    assert!(
        user.contains("Premium Kahve Makinesi") && user.contains("1.299,90 TL"),
        "{user}"
    );
    assert!(
        !requests[0].to_string().contains(KEY),
        "key leaked into the body"
    );
}

#[tokio::test]
async fn a_wrong_key_is_a_401_and_falls_back() {
    let (base, _) = spawn_fake().await;
    let provider = client(&base, "ok", "sk-wrong", 2_000);
    let (copy, outcome) = copy_with_fallback(&provider, &request()).await;
    assert_eq!(
        outcome.failure,
        Some(ProviderError::HttpStatus { status: 401 })
    );
    assert_eq!(copy, generate_copy(&request()));
}

#[tokio::test]
async fn a_server_error_falls_back_to_the_builtin_engine() {
    let (base, _) = spawn_fake().await;
    let provider = client(&base, "fail", KEY, 2_000);
    let (copy, outcome) = copy_with_fallback(&provider, &request()).await;
    assert!(!outcome.success && outcome.fell_back);
    assert_eq!(outcome.attempted, MODEL);
    assert_eq!(outcome.provider, BUILTIN_NAME);
    assert_eq!(
        outcome.failure,
        Some(ProviderError::HttpStatus { status: 500 })
    );
    assert_eq!(outcome.prompt_tokens, None);
    assert_eq!(copy, generate_copy(&request()));
}

#[tokio::test]
async fn a_slow_answer_times_out_and_falls_back() {
    let (base, _) = spawn_fake().await;
    let provider = client(&base, "slow", KEY, 300);
    let (copy, outcome) = copy_with_fallback(&provider, &request()).await;
    assert_eq!(outcome.failure, Some(ProviderError::Timeout), "{outcome:?}");
    assert!(
        outcome.latency >= Duration::from_millis(250),
        "{:?}",
        outcome.latency
    );
    assert!(
        outcome.latency < Duration::from_secs(2),
        "{:?}",
        outcome.latency
    );
    assert_eq!(copy, generate_copy(&request()));
}

#[tokio::test]
async fn unusable_answers_are_invalid_responses() {
    let (base, _) = spawn_fake().await;
    for path in ["prose", "html"] {
        let provider = client(&base, path, KEY, 2_000);
        let err = provider
            .marketing_copy(&request())
            .await
            .expect_err("must fail");
        assert_eq!(err.code(), "invalid_response", "{path}: {err}");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Bind and drop to get a port nobody listens on.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let provider = client(&format!("http://{addr}"), "v1", KEY, 2_000);
    let (_, outcome) = copy_with_fallback(&provider, &request()).await;
    let failure = outcome.failure.expect("failed");
    assert_eq!(failure.code(), "transport", "{failure}");
    assert!(!failure.to_string().contains(KEY));
}

#[tokio::test]
async fn the_builtin_engine_is_a_provider_that_never_fails() {
    let (copy, outcome) = copy_with_fallback(&BuiltinEngine, &request()).await;
    assert!(outcome.success && !outcome.fell_back);
    assert_eq!(outcome.provider, BUILTIN_NAME);
    assert_eq!(copy, generate_copy(&request()));
    let providers: Vec<Box<dyn TextProvider>> = vec![Box::new(BuiltinEngine)];
    assert_eq!(providers[0].name(), "builtin");
}
