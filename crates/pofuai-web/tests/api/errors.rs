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

/// Garbage of every kind gets the JSON envelope with a status and code that say what is wrong.
#[tokio::test]
async fn every_garbage_input_is_answered_in_the_envelope() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let t = seller.token.as_str();
    let big = vec![b'x'; 1024 * 1024 + 10];
    let multipart_bad_field = "--b\r\nContent-Disposition: form-data; name=\"resim\"; filename=\"a.png\"\r\n\r\nxx\r\n--b--\r\n";
    let multipart_cut =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nxx";
    // (method, path, content type, body, bearer, status, code)
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Vec<u8>,
        bool,
        u16,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "POST",
            "/api/uploads",
            Some("text/plain"),
            b"hello".to_vec(),
            true,
            415,
            "unsupported_media_type",
        ),
        (
            "POST",
            "/api/uploads",
            Some("application/json"),
            b"{}".to_vec(),
            true,
            415,
            "unsupported_media_type",
        ),
        (
            "POST",
            "/api/uploads",
            None,
            b"raw".to_vec(),
            true,
            415,
            "unsupported_media_type",
        ),
        (
            "POST",
            "/api/uploads",
            Some("multipart/form-data"),
            b"x".to_vec(),
            true,
            400,
            "malformed_multipart",
        ),
        (
            "POST",
            "/api/uploads",
            Some("multipart/form-data; boundary=b"),
            multipart_cut.as_bytes().to_vec(),
            true,
            400,
            "malformed_multipart",
        ),
        (
            "POST",
            "/api/uploads",
            Some("multipart/form-data; boundary=b"),
            multipart_bad_field.as_bytes().to_vec(),
            true,
            422,
            "validation_failed",
        ),
        (
            "DELETE",
            "/api/auth/login",
            None,
            vec![],
            false,
            405,
            "method_not_allowed",
        ),
        (
            "PUT",
            "/api/products",
            Some("application/json"),
            b"{}".to_vec(),
            true,
            405,
            "method_not_allowed",
        ),
        (
            "BREW",
            "/api/products",
            None,
            vec![],
            true,
            405,
            "method_not_allowed",
        ),
        ("BREW", "/nowhere", None, vec![], true, 404, "not_found"),
        ("GET", "/nowhere", None, vec![], false, 404, "not_found"),
        (
            "GET",
            "/api/products?limit=abc",
            None,
            vec![],
            true,
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/products?cursor=-1",
            None,
            vec![],
            true,
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/products?colour=red",
            None,
            vec![],
            true,
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/products?%ZZ=1",
            None,
            vec![],
            true,
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/products/abc",
            None,
            vec![],
            true,
            400,
            "invalid_path",
        ),
        (
            "GET",
            "/api/products/99999999999999999999999",
            None,
            vec![],
            true,
            400,
            "invalid_path",
        ),
        (
            "GET",
            "/api/ai/templates/x/image",
            None,
            vec![],
            true,
            400,
            "invalid_path",
        ),
        (
            "POST",
            "/api/products",
            Some("text/plain"),
            b"{}".to_vec(),
            true,
            415,
            "unsupported_media_type",
        ),
        (
            "POST",
            "/api/products",
            Some("application/json"),
            vec![0xff, 0xfe, b'{'],
            true,
            400,
            "malformed_json",
        ),
        (
            "POST",
            "/api/products",
            Some("application/json"),
            b"null".to_vec(),
            true,
            422,
            "validation_failed",
        ),
        (
            "POST",
            "/api/auth/login",
            Some("application/json"),
            big,
            false,
            413,
            "payload_too_large",
        ),
        ("GET", "/api/me", None, vec![], false, 401, "unauthorized"),
        (
            "GET",
            "/uploads/..%2F..%2Fetc%2Fpasswd",
            None,
            vec![],
            true,
            404,
            "not_found",
        ),
    ];
    for (method, path, content_type, body, bearer, status, code) in cases {
        let mut req = app
            .client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(path),
            )
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        if bearer {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let what = format!("{method} {path}");
        assert_eq!(r.status().as_u16(), status, "{what}");
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(ct.as_deref(), Some("application/json"), "{what}");
        let body: serde_json::Value = r.json().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}"
        );
    }
    // 405 still says what is allowed.
    let r = app
        .client
        .delete(app.url("/api/auth/login"))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("allow").is_some());
}
