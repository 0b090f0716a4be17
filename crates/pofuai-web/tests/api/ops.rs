use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    let r = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    for _ in 0..3 {
        app.get("/api/products/12345", &user.token).await;
    }
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("pofuai_http_requests_total{method=\"GET\",route=\"/api/products/{id}\",status=\"404\"} 3"),
        "{text}"
    );
    assert!(!text.contains("12345"), "raw ids must not become labels");
    assert!(text.contains("pofuai_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn invented_methods_and_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    let metrics = || async {
        app.client
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = metrics().await;
    for i in 0..60 {
        let method = reqwest::Method::from_bytes(format!("X{i}Y").as_bytes()).unwrap();
        let path = if i % 2 == 0 {
            "/api/products".to_string()
        } else {
            format!("/nowhere/{i}")
        };
        app.client
            .request(method, app.url(&path))
            .send()
            .await
            .unwrap();
        app.client
            .get(app.url(&format!("/nowhere-{i}")))
            .send()
            .await
            .unwrap();
    }
    let after = metrics().await;
    let series = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("pofuai_http_requests_total{"))
            .count()
    };
    assert!(
        !after.contains("X1Y") && !after.contains("nowhere"),
        "{after}"
    );
    assert!(
        after.contains("method=\"other\",route=\"other\""),
        "invented methods on unknown paths: {after}"
    );
    assert!(
        series(&after) <= series(&before) + 4,
        "120 invented requests added {} series",
        series(&after) - series(&before)
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = spawn_app().await;
    let spec: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = spec["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/auth/register", "post"),
        ("/api/auth/login", "post"),
        ("/api/auth/logout", "post"),
        ("/api/me", "get"),
        ("/api/admin/users", "get"),
        ("/api/admin/users/{id}", "patch"),
        ("/api/ai/permissions", "get"),
        ("/api/products", "get"),
        ("/api/products", "post"),
        ("/api/products/{id}", "get"),
        ("/api/products/{id}", "patch"),
        ("/api/products/{id}", "delete"),
        ("/api/products/{id}/variants", "post"),
        ("/api/products/{id}/variants/{variant_id}", "patch"),
        ("/api/products/{id}/variants/{variant_id}", "delete"),
        ("/api/uploads", "post"),
        ("/uploads/{name}", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert!(spec["components"]["schemas"].get("ProductView").is_some());
    assert!(
        spec["components"]["securitySchemes"]
            .get("bearer")
            .is_some()
    );
    let docs = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(html.contains("/api/openapi.json"));
    assert!(
        !html.contains("https://"),
        "the docs page must work offline"
    );
}
