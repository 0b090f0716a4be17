//! Concurrent writers: every acknowledged change is kept, nobody meets a locked database, stock
//! moves atomically, and clients that ask for it get optimistic concurrency (ETag/If-Match).
//! These run on SQLite and, in CI, on PostgreSQL like every test.

use futures::future::join_all;
use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, spawn_app};

const VARIANTS: usize = 6;

async fn product_with_variants(app: &TestApp, seller: &User) -> Value {
    let variants: Vec<Value> = (0..VARIANTS)
        .map(|i| {
            json!({"barcode": format!("869000000{i:04}"), "stock_code": format!("SC-{i}"),
                   "stock": 10, "list_price": 129990, "sale_price": 99990})
        })
        .collect();
    let r = app
        .post(
            "/api/products",
            &seller.token,
            json!({"name": "Bakır Cezve", "category": "Mutfak", "brand": "Anadolu Ev",
                   "variants": variants}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

/// One writer's change: the path it patches and the body it sends.
fn writers(product: &Value) -> Vec<(String, Value)> {
    let id = product["id"].as_i64().unwrap();
    let vid = |i: usize| product["variants"][i]["id"].as_i64().unwrap();
    let mut out = vec![
        (format!("/api/products/{id}"), json!({"name": "Yeni Ad"})),
        (
            format!("/api/products/{id}"),
            json!({"description": "Yeni açıklama"}),
        ),
        (format!("/api/products/{id}"), json!({"category": "Ev"})),
        (
            format!("/api/products/{id}"),
            json!({"brand": "Yeni Marka"}),
        ),
        (
            format!("/api/products/{id}"),
            json!({"attributes": {"Malzeme": "Bakır"}}),
        ),
    ];
    for i in 0..VARIANTS - 1 {
        let path = format!("/api/products/{id}/variants/{}", vid(i));
        let n = i as i64;
        for body in [
            json!({"barcode": format!("NEW-B-{i}")}),
            json!({"stock_code": format!("NEW-S-{i}")}),
            json!({"attributes": {"Renk": format!("renk-{i}")}}),
            json!({"stock": 100 + n}),
            json!({"list_price": 200000 + n}),
            json!({"sale_price": 50000 + n}),
            json!({"currency": "EUR"}),
            json!({"vat_rate": 10}),
        ] {
            out.push((path.clone(), body));
        }
    }
    let last = format!("/api/products/{id}/variants/{}", vid(VARIANTS - 1));
    for _ in 0..5 {
        out.push((last.clone(), json!({"stock_delta": 1})));
    }
    out
}

#[tokio::test]
async fn fifty_concurrent_writers_of_one_product_keep_every_acknowledged_change() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = product_with_variants(&app, &seller).await;
    let writes = writers(&product);
    assert_eq!(writes.len(), 50);
    let answers = join_all(
        writes
            .iter()
            .map(|(path, body)| app.patch(path, &seller.token, body.clone())),
    )
    .await;
    for (r, (path, body)) in answers.into_iter().zip(&writes) {
        let status = r.status();
        let text = r.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "PATCH {path} {body}: {text}");
    }

    let id = product["id"].as_i64().unwrap();
    let after: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["name"], "Yeni Ad");
    assert_eq!(after["description"], "Yeni açıklama");
    assert_eq!(after["category"], "Ev");
    assert_eq!(after["brand"], "Yeni Marka");
    assert_eq!(after["attributes"], json!({"Malzeme": "Bakır"}));
    assert_eq!(after["version"], 6, "five changes after creation");
    for i in 0..VARIANTS - 1 {
        let v = &after["variants"][i];
        let n = i as i64;
        assert_eq!(v["barcode"], format!("NEW-B-{i}"), "variant {i}: {v}");
        assert_eq!(v["stock_code"], format!("NEW-S-{i}"), "variant {i}: {v}");
        assert_eq!(
            v["attributes"],
            json!({"Renk": format!("renk-{i}")}),
            "variant {i}"
        );
        assert_eq!(v["stock"], 100 + n, "variant {i}");
        assert_eq!(v["list_price"], 200000 + n, "variant {i}");
        assert_eq!(v["sale_price"], 50000 + n, "variant {i}");
        assert_eq!(v["currency"], "EUR", "variant {i}");
        assert_eq!(v["vat_rate"], 10, "variant {i}");
        assert_eq!(v["version"], 9, "eight changes after creation, variant {i}");
    }
    let last = &after["variants"][VARIANTS - 1];
    assert_eq!(last["stock"], 15, "five atomic increments of one");
    // The search column was rebuilt from the final name and codes, whatever the order.
    let found: Value = app
        .get("/api/products?q=NEW-S-3", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"][0]["name"], "Yeni Ad");
}

#[tokio::test]
async fn twenty_concurrent_patches_of_one_variant_all_succeed() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = product_with_variants(&app, &seller).await;
    let path = format!(
        "/api/products/{}/variants/{}",
        product["id"], product["variants"][0]["id"]
    );
    let answers = join_all((0..20).map(|i| {
        let body = if i % 2 == 0 {
            json!({"stock_delta": -1})
        } else {
            json!({"list_price": 130000 + i})
        };
        app.patch(&path, &seller.token, body)
    }))
    .await;
    for r in answers {
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
    let v: Value = app.get(&path, &seller.token).await.json().await.unwrap();
    assert_eq!(v["stock"], 0, "ten decrements of one from ten");
    assert_eq!(v["version"], 21);
}

#[tokio::test]
async fn stock_deltas_never_go_below_zero_or_with_an_absolute_count() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = product_with_variants(&app, &seller).await;
    let path = format!(
        "/api/products/{}/variants/{}",
        product["id"], product["variants"][0]["id"]
    );
    let r = app
        .patch(&path, &seller.token, json!({"stock_delta": -11}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("stock_delta"),
    )
    .await;
    let r = app
        .patch(&path, &seller.token, json!({"stock": 3, "stock_delta": 1}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("stock_delta"),
    )
    .await;
    let v: Value = app.get(&path, &seller.token).await.json().await.unwrap();
    assert_eq!(v["stock"], 10);
    assert_eq!(v["version"], 1, "refused changes write nothing");
}

#[tokio::test]
async fn if_match_with_a_stale_etag_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = product_with_variants(&app, &seller).await;
    let id = product["id"].as_i64().unwrap();
    let r = app.get(&format!("/api/products/{id}"), &seller.token).await;
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(tag, "\"1\"");

    let patch_if = |path: String, tag: String, body: Value| {
        let req = app
            .client
            .patch(app.url(&path))
            .bearer_auth(&seller.token)
            .header("if-match", tag)
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let path = format!("/api/products/{id}");
    let r = patch_if(path.clone(), tag.clone(), json!({"name": "Birinci"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    // A second writer who read version 1 is refused instead of overwriting.
    let r = patch_if(path.clone(), tag.clone(), json!({"name": "İkinci"})).await;
    assert_error(
        r,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        None,
    )
    .await;
    let r = patch_if(path.clone(), "*".into(), json!({"brand": "Marka"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = patch_if(path.clone(), "3".into(), json!({"brand": "Marka"})).await;
    assert_error(
        r,
        StatusCode::BAD_REQUEST,
        "invalid_header",
        Some("If-Match"),
    )
    .await;
    let after: Value = app.get(&path, &seller.token).await.json().await.unwrap();
    assert_eq!(after["name"], "Birinci");

    let vpath = format!(
        "/api/products/{id}/variants/{}",
        product["variants"][1]["id"]
    );
    let r = app.get(&vpath, &seller.token).await;
    let vtag = r.headers()["etag"].to_str().unwrap().to_string();
    let r = patch_if(vpath.clone(), vtag.clone(), json!({"stock": 4})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = patch_if(vpath.clone(), vtag, json!({"stock": 5})).await;
    assert_error(
        r,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        None,
    )
    .await;
    // Another seller's variant stays a 404, version or not.
    let other = app.user(Role::Seller).await;
    let r = app
        .client
        .patch(app.url(&vpath))
        .bearer_auth(&other.token)
        .header("if-match", "\"1\"")
        .json(&json!({"stock": 1}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
}
