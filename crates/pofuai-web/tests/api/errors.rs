use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_error, spawn_app};

async fn raw_post(
    app: &crate::helpers::TestApp,
    path: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    for body in ["{", "{\"name\": }", "", "[1,2", "nul", "{\"name\": \"a\","] {
        let r = raw_post(
            &app,
            "/api/products",
            &seller.token,
            "application/json",
            body.as_bytes().to_vec(),
        )
        .await;
        assert_error(r, StatusCode::BAD_REQUEST, "malformed_json", None).await;
    }
}

#[tokio::test]
async fn wrong_types_name_the_field_path() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let cases = [
        (
            json!({"name": 5, "category": "a", "brand": "b", "variants": []}),
            "name",
        ),
        (
            json!({"name": "a", "category": "a", "brand": "b", "variants": [{"barcode": "B", "stock_code": "S", "list_price": "çok"}]}),
            "variants[0].list_price",
        ),
        (
            json!({"name": "a", "category": "a", "brand": "b", "variants": [{"barcode": "B", "stock_code": "S", "list_price": 1.5}]}),
            "variants[0].list_price",
        ),
        (
            json!({"name": "a", "category": "a", "brand": "b", "attributes": {"k": 1}, "variants": []}),
            "attributes.k",
        ),
        (
            json!({"name": "a", "category": "a", "brand": "b", "variants": {}}),
            "variants",
        ),
        (json!([1, 2]), "body"),
    ];
    for (body, field) in cases {
        let r = app.post("/api/products", &seller.token, body).await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
}

#[tokio::test]
async fn missing_and_unknown_fields_are_named() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let r = app
        .post(
            "/api/products",
            &seller.token,
            json!({"category": "a", "brand": "b", "variants": []}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("name"),
    )
    .await;
    let r = app
        .post("/api/products", &seller.token, json!({"name": "a", "category": "a", "brand": "b", "variants": [{"stock_code": "S", "list_price": 1}]}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("variants[0].barcode"),
    )
    .await;
    let r = app
        .post(
            "/api/products",
            &seller.token,
            json!({"name": "a", "category": "a", "brand": "b", "colour": "red", "variants": []}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("colour"),
    )
    .await;
}

#[tokio::test]
async fn oversize_bodies_are_a_413() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let huge = json!({"name": "a", "category": "a", "brand": "b", "description": "x".repeat(2 * 1024 * 1024), "variants": []});
    let r = app.post("/api/products", &seller.token, huge).await;
    assert_error(r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None).await;
    // Long but within the body limit: the field's own limit answers.
    let long = json!({"name": "a", "category": "a", "brand": "b", "description": "x".repeat(30_001),
                      "variants": [{"barcode": "B", "stock_code": "S", "list_price": 1}]});
    let r = app.post("/api/products", &seller.token, long).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("description"),
    )
    .await;
}

#[tokio::test]
async fn json_routes_require_a_json_content_type() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let r = raw_post(
        &app,
        "/api/products",
        &seller.token,
        "text/plain",
        b"{}".to_vec(),
    )
    .await;
    assert_error(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        None,
    )
    .await;
}

#[tokio::test]
async fn unknown_ids_are_404_and_malformed_ids_name_the_parameter() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    assert_error(
        app.get("/api/products/987654", &seller.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
    assert_error(
        app.get("/api/products/abc", &seller.token).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
        Some("id"),
    )
    .await;
    let p = app.product(&seller, "Ürün", "ID-1").await;
    let r = app
        .patch(
            &format!("/api/products/{}/variants/x", p["id"]),
            &seller.token,
            json!({"stock": 1}),
        )
        .await;
    assert_error(
        r,
        StatusCode::BAD_REQUEST,
        "invalid_path",
        Some("variant_id"),
    )
    .await;
    let r = app
        .patch(
            &format!("/api/products/{}/variants/424242", p["id"]),
            &seller.token,
            json!({"stock": 1}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_error(
        app.get("/api/nothing-here", &seller.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
}
