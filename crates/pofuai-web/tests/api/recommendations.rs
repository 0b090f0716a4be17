//! Recommendations (issue #15): what a user looks at next follows what people with the same
//! activity looked at, related products come from shared orders and shared viewers, a new
//! user gets the popular products, and no seller is ever shown another seller's product.

use pofuai_core::Role;
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, User, assert_error, spawn_app};

async fn ids(app: &TestApp, path: &str, user: &User, key: &str) -> Vec<i64> {
    let r = app.get(path, &user.token).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let body: Value = r.json().await.unwrap();
    ids_of(&body[key])
}

/// `GET /api/recommendations…`: its basis and the suggested product ids.
async fn recommended(app: &TestApp, path: &str, user: &User) -> (String, Vec<i64>) {
    let r = app.get(path, &user.token).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let body: Value = r.json().await.unwrap();
    let basis = body["basis"].as_str().unwrap().to_string();
    (basis, ids_of(&body["items"]))
}

fn ids_of(items: &Value) -> Vec<i64> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["product_id"].as_i64().unwrap())
        .collect()
}

async fn view(app: &TestApp, user: &User, product: i64) {
    let r = app
        .get(&format!("/api/products/{product}"), &user.token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_reader_is_shown_what_people_who_viewed_the_same_looked_at_next() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let mut p = Vec::new();
    for (i, name) in ["Bakır Cezve", "Türk Kahvesi", "Çay Bardağı", "Semaver"]
        .iter()
        .enumerate()
    {
        let made = app.product(&seller, name, &format!("86900000001{i}")).await;
        p.push(made["id"].as_i64().unwrap());
    }
    // Coffee people look at the pot and the coffee; tea people at glasses and the samovar.
    for _ in 0..4 {
        let u = app.user(Role::Normal).await;
        view(&app, &u, p[0]).await;
        view(&app, &u, p[1]).await;
    }
    for _ in 0..2 {
        let u = app.user(Role::Normal).await;
        view(&app, &u, p[2]).await;
        view(&app, &u, p[3]).await;
    }
    let newcomer = app.user(Role::Premium).await;
    let (basis, popular) = recommended(&app, "/api/recommendations?limit=2", &newcomer).await;
    assert_eq!(basis, "popular");
    assert_eq!(popular.len(), 2);
    assert!(
        popular.iter().all(|id| [p[0], p[1]].contains(id)),
        "{popular:?}"
    );

    let reader = app.user(Role::Normal).await;
    view(&app, &reader, p[2]).await;
    let next = ids(&app, "/api/recommendations?limit=3", &reader, "items").await;
    assert_eq!(next[0], p[3], "{next:?}");
    assert!(!next.contains(&p[2]), "just viewed: {next:?}");

    let related = ids(
        &app,
        &format!("/api/products/{}/related", p[0]),
        &reader,
        "viewed_together",
    )
    .await;
    assert_eq!(related.first(), Some(&p[1]), "{related:?}");

    let r = app.get("/api/recommendations?limit=0", &reader.token).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("limit"),
    )
    .await;
}

async fn order(app: &TestApp, seller: &User, integration: i64, n: usize, barcodes: &[&str]) {
    let now = app.state.now_ms();
    app.store
        .import_package(
            &ImportedPackage {
                owner_id: seller.id,
                integration_id: integration,
                package_id: format!("P{n}"),
                order_number: format!("O{n}"),
                status: "delivered".into(),
                platform_status: "Delivered".into(),
                customer_name: "Alıcı".into(),
                total_minor: 10_000,
                currency: "TRY".into(),
                ordered_at: now - 3_600_000,
                remote_updated_at: now - 3_600_000,
                cargo_tracking_number: None,
                lines: barcodes
                    .iter()
                    .enumerate()
                    .map(|(k, b)| ImportedLine {
                        line_id: k.to_string(),
                        barcode: (*b).to_string(),
                        stock_code: None,
                        quantity: 1,
                        unit_price_minor: 5_000,
                        cancelled: false,
                    })
                    .collect(),
            },
            now,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_newcomer_is_shown_the_best_sellers() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let slow = app.product(&seller, "Semaver", "8690000000310").await;
    let fast = app.product(&seller, "Türk Kahvesi", "8690000000327").await;
    let integration = app.sandbox_trendyol(&seller).await;
    for n in 0..3 {
        order(&app, &seller, integration, n, &["8690000000327"]).await;
    }
    order(&app, &seller, integration, 3, &["8690000000310"]).await;
    let reader = app.user(Role::Normal).await;
    let (basis, got) = recommended(&app, "/api/recommendations", &reader).await;
    assert_eq!(basis, "popular");
    assert_eq!(
        got,
        vec![fast["id"].as_i64().unwrap(), slow["id"].as_i64().unwrap()]
    );
    // A reader whose activity the fitted model has not seen yet still gets the best sellers.
    view(&app, &reader, fast["id"].as_i64().unwrap()).await;
    let (basis, got) = recommended(&app, "/api/recommendations", &reader).await;
    assert_eq!(basis, "history");
    assert_eq!(got.first(), slow["id"].as_i64().as_ref());
}

#[tokio::test]
async fn bought_together_comes_from_orders_and_never_shows_another_sellers_product() {
    let app = spawn_app().await;
    let a = app.user(Role::Seller).await;
    let b = app.user(Role::Seller).await;
    let cezve = app.product(&a, "Bakır Cezve", "8690000000211").await;
    let kahve = app.product(&a, "Türk Kahvesi", "8690000000228").await;
    let fincan = app.product(&b, "Porselen Fincan", "8690000000235").await;
    let id = |v: &Value| v["id"].as_i64().unwrap();
    let integration = app.sandbox_trendyol(&a).await;
    for n in 0..3 {
        order(
            &app,
            &a,
            integration,
            n,
            &["8690000000211", "8690000000228"],
        )
        .await;
    }
    // The other seller's product is viewed by the same people as seller A's.
    for _ in 0..3 {
        let u = app.user(Role::Normal).await;
        view(&app, &u, id(&cezve)).await;
        view(&app, &u, id(&fincan)).await;
    }
    let path = format!("/api/products/{}/related", id(&cezve));
    assert_eq!(
        ids(&app, &path, &a, "bought_together").await,
        vec![id(&kahve)]
    );
    let viewed = ids(&app, &path, &a, "viewed_together").await;
    assert!(!viewed.contains(&id(&fincan)), "{viewed:?}");
    // A reader of the whole catalogue does see it.
    let reader = app.user(Role::Normal).await;
    assert!(
        ids(&app, &path, &reader, "viewed_together")
            .await
            .contains(&id(&fincan))
    );
    // Seller B may not ask about seller A's product at all, nor see it suggested.
    let r = app.get(&path, &b.token).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    view(&app, &b, id(&fincan)).await;
    let mine = ids(&app, "/api/recommendations", &b, "items").await;
    assert!(mine.iter().all(|p| *p == id(&fincan)), "{mine:?}");
}
