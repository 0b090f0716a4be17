use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_error, product_body, spawn_app};

#[tokio::test]
async fn sellers_create_read_update_and_delete_their_products() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let created = app
        .product(&seller, "Premium Kahve Makinesi", "8690000000012")
        .await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["owner_id"], seller.id);
    assert_eq!(created["variants"][0]["sale_price"], 99990);
    assert_eq!(created["variants"][0]["currency"], "TRY");
    assert_eq!(created["total_stock"], 10);

    let r = app
        .patch(
            &format!("/api/products/{id}"),
            &seller.token,
            json!({"name": "Kahve Makinesi Pro", "attributes": {"Güç": "1450 W"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["name"], "Kahve Makinesi Pro");
    assert_eq!(got["attributes"]["Güç"], "1450 W");
    assert_eq!(got["brand"], "Pofu Tech", "untouched fields stay");

    let vid = got["variants"][0]["id"].as_i64().unwrap();
    let r = app
        .patch(
            &format!("/api/products/{id}/variants/{vid}"),
            &seller.token,
            json!({"stock": 0, "sale_price": 89990}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["stock"], 0);
    assert_eq!(v["sale_price"], 89990);
    assert_eq!(v["list_price"], 129990);

    assert_eq!(
        app.delete(&format!("/api/products/{id}"), &seller.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.get(&format!("/api/products/{id}"), &seller.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
}

#[tokio::test]
async fn a_seller_cannot_see_change_or_delete_another_sellers_product() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let p = app.product(&alice, "Alice'in Ürünü", "ALICE-1").await;
    let id = p["id"].as_i64().unwrap();
    let vid = p["variants"][0]["id"].as_i64().unwrap();

    for r in [
        app.get(&format!("/api/products/{id}"), &bob.token).await,
        app.get(&format!("/api/products/{id}/variants"), &bob.token)
            .await,
        app.patch(
            &format!("/api/products/{id}"),
            &bob.token,
            json!({"name": "Çalındı"}),
        )
        .await,
        app.patch(
            &format!("/api/products/{id}/variants/{vid}"),
            &bob.token,
            json!({"stock": 0}),
        )
        .await,
        app.post(
            &format!("/api/products/{id}/variants"),
            &bob.token,
            json!({"barcode": "B1", "stock_code": "B1", "list_price": 1}),
        )
        .await,
        app.delete(&format!("/api/products/{id}/variants/{vid}"), &bob.token)
            .await,
        app.delete(&format!("/api/products/{id}"), &bob.token).await,
    ] {
        assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let list: Value = app
        .get("/api/products", &bob.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());

    let still: Value = app
        .get(&format!("/api/products/{id}"), &alice.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["name"], "Alice'in Ürünü");
    assert_eq!(still["variants"][0]["stock"], 10);
}

#[tokio::test]
async fn admins_see_and_change_every_product_and_viewers_see_the_catalogue() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    app.product(&alice, "A", "A-1").await;
    let b = app.product(&bob, "B", "B-1").await;
    for role in [Role::Admin, Role::Premium, Role::Normal] {
        let u = app.user(role).await;
        let list: Value = app
            .get("/api/products", &u.token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 2, "{role}");
    }
    let admin = app.user(Role::Admin).await;
    let r = app
        .patch(
            &format!("/api/products/{}", b["id"]),
            &admin.token,
            json!({"brand": "Düzeltildi"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got: Value = r.json().await.unwrap();
    assert_eq!(got["owner_id"], bob.id, "an admin's edit keeps the owner");
}

#[tokio::test]
async fn no_body_can_set_owner_or_ids() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let mut body = product_body("Sahte", "FAKE-1");
    body["owner_id"] = json!(bob.id);
    let r = app.post("/api/products", &alice.token, body).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("owner_id"),
    )
    .await;

    let p = app.product(&alice, "Gerçek", "REAL-1").await;
    let id = p["id"].as_i64().unwrap();
    for (field, value) in [
        ("owner_id", json!(bob.id)),
        ("id", json!(1)),
        ("created_at", json!("2020-01-01T00:00:00Z")),
    ] {
        let r = app
            .patch(
                &format!("/api/products/{id}"),
                &alice.token,
                json!({ field: value }),
            )
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let vid = p["variants"][0]["id"].as_i64().unwrap();
    let r = app
        .patch(
            &format!("/api/products/{id}/variants/{vid}"),
            &alice.token,
            json!({"product_id": 99}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("product_id"),
    )
    .await;
    let mine: Value = app
        .get(&format!("/api/products/{id}"), &alice.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["owner_id"], alice.id);
}

#[tokio::test]
async fn product_validation_names_every_bad_field() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let body = json!({
        "name": "",
        "category": "x".repeat(101),
        "brand": "Marka",
        "variants": [
            {"barcode": "bad code", "stock_code": "OK-1", "list_price": 100, "sale_price": 200},
            {"barcode": "DUP", "stock_code": "OK-2", "list_price": -5, "vat_rate": 101, "stock": -1},
            {"barcode": "DUP", "stock_code": "OK-3", "list_price": 100, "currency": "TRL"}
        ]
    });
    let r = app.post("/api/products", &seller.token, body).await;
    let err = assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        None,
    )
    .await;
    let fields = err["error"]["fields"].as_object().unwrap();
    for f in [
        "name",
        "category",
        "variants[0].barcode",
        "variants[0].sale_price",
        "variants[1].list_price",
        "variants[2].currency",
        "variants[1].vat_rate",
        "variants[1].stock",
        "variants[2].barcode",
    ] {
        assert!(fields.contains_key(f), "{f} missing from {err}");
    }
    let r = app
        .post(
            "/api/products",
            &seller.token,
            json!({"name": "A", "category": "B", "brand": "C", "variants": []}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("variants"),
    )
    .await;
    let list: Value = app
        .get("/api/products", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing half-created"
    );
}

#[tokio::test]
async fn barcodes_are_unique_per_seller() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let p = app.product(&alice, "Bir", "SAME-1").await;
    let mut body = product_body("İki", "SAME-1");
    body["variants"][0]["stock_code"] = json!("OTHER-STOCK-CODE");
    let r = app.post("/api/products", &alice.token, body).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("variants[0].barcode"),
    )
    .await;
    // Another seller may sell the same GTIN.
    app.product(&bob, "Bob'un", "SAME-1").await;
    let id = p["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/products/{id}/variants"),
            &alice.token,
            json!({"barcode": "SAME-1", "stock_code": "NEW", "list_price": 10}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("barcode"),
    )
    .await;
}

#[tokio::test]
async fn a_lone_sale_price_above_the_stored_list_price_is_refused() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let p = app.product(&seller, "Fiyat", "PRICE-1").await;
    let (id, vid) = (
        p["id"].as_i64().unwrap(),
        p["variants"][0]["id"].as_i64().unwrap(),
    );
    let r = app
        .patch(
            &format!("/api/products/{id}/variants/{vid}"),
            &seller.token,
            json!({"sale_price": 200000}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("sale_price"),
    )
    .await;
}

#[tokio::test]
async fn the_last_variant_cannot_be_deleted() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let p = app.product(&seller, "Tek", "ONE-1").await;
    let (id, vid) = (
        p["id"].as_i64().unwrap(),
        p["variants"][0]["id"].as_i64().unwrap(),
    );
    let r = app
        .delete(&format!("/api/products/{id}/variants/{vid}"), &seller.token)
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("variant_id"),
    )
    .await;
}

#[tokio::test]
async fn paging_walks_every_product_once_within_bounds() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    for i in 0..7 {
        app.product(&seller, &format!("Ürün {i}"), &format!("PAGE-{i}"))
            .await;
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/products?limit=3&cursor={c}"),
            None => "/api/products?limit=3".to_string(),
        };
        let page: Value = app.get(&path, &seller.token).await.json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        for it in items {
            assert!(
                seen.insert(it["id"].as_i64().unwrap()),
                "duplicate across pages"
            );
        }
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(pages, 3);

    for bad in [
        "limit=0",
        "limit=101",
        "limit=-1",
        "limit=abc",
        "cursor=xyz",
        "cursor=-5",
    ] {
        let r = app
            .get(&format!("/api/products?{bad}"), &seller.token)
            .await;
        let field = bad.split('=').next().unwrap();
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let r = app.get("/api/products?colour=red", &seller.token).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("colour"),
    )
    .await;
    let r = app.get("/api/products?stock=plenty", &seller.token).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("stock"),
    )
    .await;
}

#[tokio::test]
async fn filters_by_text_category_brand_and_stock() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let mk = |name: &str, category: &str, brand: &str, barcode: &str, stock: i64| {
        json!({"name": name, "category": category, "brand": brand,
               "variants": [{"barcode": barcode, "stock_code": format!("S-{barcode}"), "list_price": 1000, "stock": stock}]})
    };
    for body in [
        mk("IŞIKLI Ayna", "Ev & Yaşam", "Anadolu Ev", "F1", 0),
        mk("Çelik Çaydanlık", "Mutfak", "Anadolu Ev", "F2", 3),
        mk("Kablosuz Kulaklık", "Elektronik", "Sesli", "F3", 50),
    ] {
        assert_eq!(
            app.post("/api/products", &seller.token, body)
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let names = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    let q = |path: &'static str| {
        let app = &app;
        let token = seller.token.clone();
        async move { names(app.get(path, &token).await.json().await.unwrap()) }
    };
    assert_eq!(q("/api/products?q=isikli").await, vec!["IŞIKLI Ayna"]);
    assert_eq!(
        q("/api/products?q=%C3%A7aydanl%C4%B1k").await,
        vec!["Çelik Çaydanlık"]
    );
    assert_eq!(
        q("/api/products?q=S-F3").await,
        vec!["Kablosuz Kulaklık"],
        "stock codes are searchable"
    );
    assert_eq!(
        q("/api/products?q=%25").await,
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    assert_eq!(
        q("/api/products?category=Mutfak").await,
        vec!["Çelik Çaydanlık"]
    );
    assert_eq!(q("/api/products?brand=Anadolu%20Ev").await.len(), 2);
    assert_eq!(
        q("/api/products?stock=out_of_stock").await,
        vec!["IŞIKLI Ayna"]
    );
    assert_eq!(q("/api/products?stock=low").await, vec!["Çelik Çaydanlık"]);
    assert_eq!(q("/api/products?stock=in_stock").await.len(), 2);
    assert_eq!(
        q("/api/products?brand=Anadolu%20Ev&stock=in_stock").await,
        vec!["Çelik Çaydanlık"]
    );
}

#[tokio::test]
async fn views_edits_and_searches_are_recorded_as_activities() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let viewer = app.user(Role::Normal).await;
    let p = app.product(&seller, "Kayıt", "ACT-1").await;
    let id = p["id"].as_i64().unwrap();
    app.get(&format!("/api/products/{id}"), &viewer.token).await;
    app.get("/api/products?q=kay%C4%B1t", &viewer.token).await;
    app.patch(
        &format!("/api/products/{id}"),
        &seller.token,
        json!({"brand": "Yeni"}),
    )
    .await;

    // Recorded off the request path, in batches: written once flushed.
    app.state.activities.flush().await;
    let viewer_acts = app.store.activities(viewer.id, 10).await.unwrap();
    let kinds: Vec<_> = viewer_acts
        .iter()
        .map(|a| (a.kind.as_str(), a.product_id, a.query.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        vec![("search", None, Some("kayıt")), ("view", Some(id), None)]
    );
    let seller_acts = app.store.activities(seller.id, 10).await.unwrap();
    assert_eq!(seller_acts[0].kind, "edit");
    assert_eq!(seller_acts[1].kind, "create");
}

#[tokio::test]
async fn a_product_viewed_again_soon_is_one_view_and_a_later_view_is_another() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let viewer = app.user(Role::Normal).await;
    let other = app.user(Role::Normal).await;
    let a = app.product(&seller, "Tekrar", "REP-1").await["id"]
        .as_i64()
        .unwrap();
    let b = app.product(&seller, "Başka", "REP-2").await["id"]
        .as_i64()
        .unwrap();
    let view = |user: &str, id: i64| {
        let (app, user) = (&app, user.to_string());
        async move {
            let r = app.get(&format!("/api/products/{id}"), &user).await;
            assert_eq!(r.status(), StatusCode::OK);
        }
    };
    for _ in 0..5 {
        view(&viewer.token, a).await;
    }
    view(&viewer.token, b).await;
    view(&other.token, a).await;
    app.clock.advance(std::time::Duration::from_secs(29 * 60));
    view(&viewer.token, a).await;
    app.clock.advance(std::time::Duration::from_secs(2 * 60));
    view(&viewer.token, a).await;

    app.state.activities.flush().await;
    let views = |acts: Vec<pofuai_store::products::Activity>| {
        let mut v: Vec<_> = acts
            .iter()
            .filter(|x| x.kind == "view")
            .filter_map(|x| x.product_id)
            .collect();
        v.sort_unstable();
        v
    };
    // Five reloads are one view; a view 31 minutes after the recorded one is a new one.
    let mut expected = vec![a, a, b];
    expected.sort_unstable();
    assert_eq!(
        views(app.store.activities(viewer.id, 20).await.unwrap()),
        expected
    );
    assert_eq!(
        views(app.store.activities(other.id, 20).await.unwrap()),
        vec![a]
    );
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_creates_once() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let post = |key: &str, body: serde_json::Value| {
        app.client
            .post(app.url("/api/products"))
            .bearer_auth(&seller.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let body = crate::helpers::product_body("Tekrar", "IDEM-1");
    let first = post("anahtar-1", body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: serde_json::Value = first.json().await.unwrap();
    let again = post("anahtar-1", body.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(
        again["id"], first["id"],
        "the same answer, not a second product"
    );
    let list: serde_json::Value = app
        .get("/api/products", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // The same key with another body is refused; a new key creates.
    let other = crate::helpers::product_body("Başka", "IDEM-2");
    let r = post("anahtar-1", other.clone()).await.unwrap();
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("Idempotency-Key"),
    )
    .await;
    assert_eq!(
        post("anahtar-2", other).await.unwrap().status(),
        StatusCode::CREATED
    );
    // Another account's key space is its own; after 24 hours a key is new again.
    app.clock
        .advance(std::time::Duration::from_secs(24 * 3600 + 1));
    let body3 = crate::helpers::product_body("Yarın", "IDEM-3");
    let r = post("anahtar-1", body3).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().get("idempotent-replayed").is_none());
    let r = post("bad key with spaces", body.clone()).await.unwrap();
    assert_error(
        r,
        StatusCode::BAD_REQUEST,
        "invalid_header",
        Some("Idempotency-Key"),
    )
    .await;
}
