//! Seller insights (issue 15): cross-sell bundles from the seller's own orders and the channel
//! comparison with "list where missing", checked against numbers computed by hand from the
//! orders the test imports; another seller's orders never count.

use pofuai_core::Role;
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use pofuai_store::sync::Mapping;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, User, assert_error, spawn_app};

/// An active store-only integration of `platform` (created inactive, then switched on).
async fn integration(app: &TestApp, seller: &User, platform: &str) -> i64 {
    let mut i = app
        .store
        .create_integration(
            &pofuai_store::integrations::Integration {
                id: 0,
                owner_id: seller.id,
                integration_type: "marketplace".into(),
                integration_name: platform.into(),
                display_name: platform.into(),
                config: std::collections::BTreeMap::new(),
                secrets: None,
                environment: "sandbox".into(),
                base_url: None,
                active: true,
                created_at: 0,
                updated_at: 0,
            },
            0,
        )
        .await
        .unwrap();
    i.active = true;
    app.store.update_integration(&i, 0).await.unwrap().id
}

/// One delivered order on `integration` with one unit of each barcode at 50.00 TRY.
async fn order(app: &TestApp, seller: &User, integration: i64, n: usize, barcodes: &[&str]) {
    let now = app.state.now_ms();
    app.store
        .import_package(
            &ImportedPackage {
                owner_id: seller.id,
                integration_id: integration,
                package_id: format!("P{integration}-{n}"),
                order_number: format!("O{integration}-{n}"),
                status: "delivered".into(),
                platform_status: "Delivered".into(),
                customer_name: format!("Alıcı {n}"),
                total_minor: 5_000 * barcodes.len() as i64,
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

async fn listed(app: &TestApp, integration: i64, product: &Value) {
    let variant = &product["variants"][0];
    app.store
        .upsert_mapping(
            &Mapping {
                integration_id: integration,
                product_id: product["id"].as_i64().unwrap(),
                variant_id: variant["id"].as_i64().unwrap(),
                remote_id: None,
                barcode: variant["barcode"].as_str().unwrap().into(),
                stock_code: variant["stock_code"].as_str().unwrap().into(),
                merchant_sku: None,
                status: "synced".into(),
                last_pushed_hash: None,
                pushed_quantity: None,
                pushed_sale_price: None,
                pushed_list_price: None,
                last_error: None,
                last_synced_at: None,
            },
            app.state.now_ms(),
        )
        .await
        .unwrap();
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[tokio::test]
async fn bundles_come_from_the_sellers_own_orders_with_their_numbers() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let other = app.user(Role::Seller).await;
    let ty = integration(&app, &seller, "trendyol").await;
    let cezve = app.product(&seller, "Bakır Cezve", "8690000001001").await;
    let fincan = app.product(&seller, "Fincan Takımı", "8690000001002").await;
    let kahve = app.product(&seller, "Türk Kahvesi", "8690000001003").await;
    app.product(&seller, "Termos", "8690000001004").await;
    // 10 orders: cezve+fincan ×4, cezve+fincan+kahve ×2, kahve ×2, termos, cezve.
    let baskets: Vec<Vec<&str>> = [
        vec![vec!["8690000001001", "8690000001002"]; 4],
        vec![vec!["8690000001001", "8690000001002", "8690000001003"]; 2],
        vec![vec!["8690000001003"]; 2],
        vec![vec!["8690000001004"], vec!["8690000001001"]],
    ]
    .concat();
    for (n, b) in baskets.iter().enumerate() {
        order(&app, &seller, ty, n, b).await;
    }
    // Another seller's orders of look-alike baskets do not count.
    let other_ty = integration(&app, &other, "trendyol").await;
    app.product(&other, "Bakır Cezve", "8690000002001").await;
    app.product(&other, "Fincan Takımı", "8690000002002").await;
    for n in 0..5 {
        order(
            &app,
            &other,
            other_ty,
            n,
            &["8690000002001", "8690000002002"],
        )
        .await;
    }

    let r = app.get("/api/insights/bundles", &seller.token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["orders"], 10);
    let pairs = body["pairs"].as_array().unwrap();
    // Support = orders with both / 10; confidence from the rarer product; lift =
    // confidence / support of the other: {cezve, fincan} 6 orders, fincan (6) → cezve (7):
    // 6/6, lift 1/0.7; {fincan, kahve} 2 orders, kahve (4) → fincan: 2/4, lift 0.5/0.6;
    // {cezve, kahve} 2 orders, kahve → cezve: 2/4, lift 0.5/0.7. Strongest first.
    let ids = |b: &Value| -> Vec<i64> {
        b["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    let (c, f, k) = (
        cezve["id"].as_i64().unwrap(),
        fincan["id"].as_i64().unwrap(),
        kahve["id"].as_i64().unwrap(),
    );
    assert_eq!(pairs.len(), 3, "{body}");
    assert_eq!(ids(&pairs[0]), vec![c, f]);
    assert_eq!(pairs[0]["orders"], 6);
    assert!(close(&pairs[0]["support"], 0.6));
    assert!(close(&pairs[0]["confidence"], 1.0));
    assert!(close(&pairs[0]["lift"], 1.0 / 0.7));
    assert_eq!(pairs[0]["consequent"], c);
    assert_eq!(pairs[0]["products"][0]["name"], "Bakır Cezve");
    assert_eq!(ids(&pairs[1]), vec![f, k]);
    assert!(close(&pairs[1]["lift"], 0.5 / 0.6));
    assert_eq!(ids(&pairs[2]), vec![c, k]);
    assert!(close(&pairs[2]["confidence"], 0.5));
    // The triple: 2 orders; {cezve, kahve} → fincan: 2/2, lift 1/0.6.
    let triples = body["triples"].as_array().unwrap();
    assert_eq!(triples.len(), 1);
    assert_eq!(triples[0]["orders"], 2);
    assert_eq!(triples[0]["consequent"], f);
    assert!(close(&triples[0]["lift"], 1.0 / 0.6));

    // Bounded and validated.
    let r = app
        .get("/api/insights/bundles?limit=1&min_orders=3", &seller.token)
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(body["triples"].as_array().unwrap().len(), 0);
    for (query, field) in [
        ("limit=51", "limit"),
        ("min_orders=0", "min_orders"),
        ("days=0", "days"),
        ("days=731", "days"),
        ("sort=lift", "sort"),
    ] {
        let r = app
            .get(&format!("/api/insights/bundles?{query}"), &seller.token)
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    // The other seller sees only their own pair; naming this seller is a 404.
    let theirs: Value = app
        .get("/api/insights/bundles", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["orders"], 5);
    assert_eq!(theirs["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get(
            &format!("/api/insights/bundles?seller_id={}", seller.id),
            &other.token
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    // Admins name the seller; roles without analytics are refused.
    let admin = app.user(Role::Admin).await;
    let r = app.get("/api/insights/bundles", &admin.token).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("seller_id"),
    )
    .await;
    let by_admin: Value = app
        .get(
            &format!("/api/insights/bundles?seller_id={}", seller.id),
            &admin.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_admin["orders"], 10);
    let premium = app.user(Role::Premium).await;
    assert_eq!(
        app.get("/api/insights/bundles", &premium.token)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn channels_compared_and_products_missing_where_they_would_sell() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let other = app.user(Role::Seller).await;
    let ty = integration(&app, &seller, "trendyol").await;
    let hb = integration(&app, &seller, "hepsiburada").await;
    let cezve = app.product(&seller, "Bakır Cezve", "8690000003001").await;
    let fincan = app.product(&seller, "Fincan Takımı", "8690000003002").await;
    let termos = app.product(&seller, "Termos", "8690000003003").await;
    // Cezve on both channels; fincan only on Hepsiburada; termos only on Trendyol.
    listed(&app, ty, &cezve).await;
    listed(&app, hb, &cezve).await;
    listed(&app, hb, &fincan).await;
    listed(&app, ty, &termos).await;
    // Cezve: 6 on Trendyol, 2 on Hepsiburada. Fincan: 5 on Hepsiburada. Termos: 1 on Trendyol.
    let mut n = 0;
    for (integration, barcode, times) in [
        (ty, "8690000003001", 6),
        (hb, "8690000003001", 2),
        (hb, "8690000003002", 5),
        (ty, "8690000003003", 1),
    ] {
        for _ in 0..times {
            order(&app, &seller, integration, n, &[barcode]).await;
            n += 1;
        }
    }
    // Another seller's sales never appear.
    let other_ty = integration(&app, &other, "trendyol").await;
    app.product(&other, "Başka Ürün", "8690000004001").await;
    for k in 0..9 {
        order(&app, &other, other_ty, k, &["8690000004001"]).await;
    }

    let r = app
        .get("/api/insights/channels?min_units=5", &seller.token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["channels"],
        serde_json::json!(["hepsiburada", "trendyol"])
    );
    let products = body["products"].as_array().unwrap();
    assert_eq!(products.len(), 3, "{body}");
    // Revenue first: cezve 8 × 50 TRY, fincan 5 × 50, termos 1 × 50.
    assert_eq!(products[0]["product_id"], cezve["id"]);
    assert_eq!(products[0]["units"], 8);
    assert_eq!(products[0]["revenue_minor"], 40_000);
    assert_eq!(products[0]["best_channel"], "trendyol");
    let ch = &products[0]["channels"];
    assert_eq!(ch[0]["channel"], "trendyol");
    assert_eq!(ch[0]["units"], 6);
    assert!(close(&ch[0]["unit_share"], 0.75));
    assert_eq!(ch[1]["units"], 2);
    assert_eq!(ch[1]["listed"], true);
    assert_eq!(products[1]["product_id"], fincan["id"]);
    assert_eq!(products[1]["best_channel"], "hepsiburada");
    // Fincan sold 5 on Hepsiburada and is not on Trendyol; termos sold too little (1 < 5);
    // cezve is listed everywhere.
    let missing = body["list_where_missing"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{body}");
    assert_eq!(missing[0]["product_id"], fincan["id"]);
    assert_eq!(missing[0]["name"], "Fincan Takımı");
    assert_eq!(missing[0]["missing_channel"], "trendyol");
    assert_eq!(missing[0]["sold_on"], "hepsiburada");
    assert_eq!(missing[0]["units"], 5);
    assert_eq!(missing[0]["revenue_minor"], 25_000);
    // With a lower bar termos qualifies too (missing on Hepsiburada).
    let body: Value = app
        .get("/api/insights/channels?min_units=1", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let missing = body["list_where_missing"].as_array().unwrap();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[1]["product_id"], termos["id"]);
    assert_eq!(missing[1]["missing_channel"], "hepsiburada");
    // Bounded and validated.
    let body: Value = app
        .get("/api/insights/channels?limit=1", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["products"].as_array().unwrap().len(), 1);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("min_units=0", "min_units"),
        ("days=800", "days"),
        ("days=x", "days"),
    ] {
        let r = app
            .get(&format!("/api/insights/channels?{query}"), &seller.token)
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let theirs: Value = app
        .get("/api/insights/channels", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["products"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["products"][0]["units"], 9);
}
