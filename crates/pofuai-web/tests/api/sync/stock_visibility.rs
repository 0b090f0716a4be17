//! Issue 10, end to end: every Hepsiburada order list moves stock, unpaid orders hold none,
//! invoices carry their link, listings Hepsiburada stocks itself are left alone, refused
//! items wait for a change, unreadable orders are logged, and oversells are told.

use super::*;

async fn sync_orders(rig: &Rig, seller: &User, integration: i64) {
    let views = rig
        .run(
            seller,
            "/api/integrations/sync/orders",
            json!({"integration_ids": [integration]}),
        )
        .await;
    for v in views {
        assert_eq!(v["state"], "succeeded", "{v}");
    }
}

async fn variant(rig: &Rig, barcode: &str) -> pofuai_store::products::Variant {
    rig.app
        .store
        .variant_by_barcode(barcode, pofuai_store::products::Scope::All)
        .await
        .unwrap()
}

async fn errors(rig: &Rig, seller: &User, code: &str) -> Vec<Value> {
    let all: Value = rig
        .app
        .get("/api/integrations/errors?limit=100", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["platform_code"] == code)
        .cloned()
        .collect()
}

async fn post_job(rig: &Rig, seller: &User, path: &str, body: Value) -> Value {
    let r = rig.app.post(path, &seller.token, body).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED, "{path}");
    let job = r.json::<Value>().await.unwrap()["job_id"].as_i64().unwrap();
    rig.drain(seller, &[job]).await.remove(0)
}

#[tokio::test]
async fn hepsiburada_shipped_and_delivered_orders_deduct_their_stock() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 2, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let shipped = rig.hepsiburada.place_order(&[("PT-000000", 3)]).unwrap();
    let delivered = rig.hepsiburada.place_order(&[("PT-000001", 2)]).unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    assert_eq!(variant(&rig, &barcodes[0]).await.stock_reserved, 3);
    let orders = rig.orders(&seller).await;
    for number in [&shipped, &delivered] {
        let order = orders
            .iter()
            .find(|o| o["remote_package_id"] == number.as_str())
            .unwrap();
        let state = post_job(
            &rig,
            &seller,
            &format!("/api/orders/{}/tracking", order["id"]),
            json!({"tracking_number": format!("YK{number}")}),
        )
        .await;
        assert_eq!(state["state"], "succeeded", "{state}");
    }
    rig.hepsiburada.deliver(&delivered).unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    let orders = rig.orders(&seller).await;
    let status = |number: &str| {
        orders
            .iter()
            .find(|o| o["remote_package_id"] == number)
            .unwrap()
            .clone()
    };
    assert_eq!(status(&shipped)["status"], "shipped");
    assert_eq!(status(&delivered)["status"], "delivered");
    assert_eq!(status(&delivered)["lines"][0]["stock_state"], "deducted");
    let v0 = variant(&rig, &barcodes[0]).await;
    assert_eq!((v0.stock_on_hand, v0.stock_reserved), (7, 0));
    let v1 = variant(&rig, &barcodes[1]).await;
    assert_eq!((v1.stock_on_hand, v1.stock_reserved), (8, 0));
}

#[tokio::test]
async fn unpaid_hepsiburada_orders_are_shown_and_reserve_only_once_paid() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 1, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let number = rig
        .hepsiburada
        .place_unpaid_order(&[("PT-000000", 2)])
        .unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    let orders = rig.orders(&seller).await;
    assert_eq!(orders.len(), 1, "the seller sees the unpaid order");
    assert_eq!(orders[0]["remote_package_id"], number.as_str());
    assert_eq!(orders[0]["status"], "unpaid");
    assert_eq!(orders[0]["lines"][0]["stock_state"], "none");
    assert_eq!(variant(&rig, &barcodes[0]).await.stock_reserved, 0);
    rig.hepsiburada.confirm_payment(&number).unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    let orders = rig.orders(&seller).await;
    assert_eq!(orders[0]["status"], "created");
    assert_eq!(orders[0]["lines"][0]["stock_state"], "reserved");
    assert_eq!(variant(&rig, &barcodes[0]).await.stock_reserved, 2);
}

#[tokio::test]
async fn hepsiburada_invoices_carry_their_link() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    rig.products(&seller, 1, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let number = rig.hepsiburada.place_order(&[("PT-000000", 1)]).unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    let order_id = rig.orders(&seller).await[0]["id"].as_i64().unwrap();
    let path = format!("/api/orders/{order_id}/status");
    for (body, field) in [
        (
            json!({"status": "invoiced", "invoice_number": "PFA1"}),
            "invoice_link",
        ),
        (
            json!({"status": "invoiced", "invoice_number": "PFA1", "invoice_link": "ftp://x/y"}),
            "invoice_link",
        ),
        (
            json!({"status": "picking", "invoice_link": "https://efatura.example.com/1"}),
            "invoice_link",
        ),
    ] {
        let r = rig.app.post(&path, &seller.token, body).await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let link = "https://efatura.example.com/PFA1.pdf";
    let view = post_job(
        &rig,
        &seller,
        &path,
        json!({"status": "invoiced", "invoice_number": "PFA1", "invoice_link": link}),
    )
    .await;
    assert_eq!(view["state"], "succeeded", "{view}");
    let remote = rig.hepsiburada.package(&number).unwrap();
    assert_eq!(remote.invoice_number.as_deref(), Some("PFA1"));
    assert_eq!(remote.invoice_link.as_deref(), Some(link));
    let order: Value = rig
        .app
        .get(&format!("/api/orders/{order_id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(order["invoice_link"], link);
    assert_eq!(order["invoice_number"], "PFA1");
}

#[tokio::test]
async fn listings_hepsiburada_fulfils_get_no_stock_or_price_from_us() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 2, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    assert!(rig.hepsiburada.set_fulfilled_by_hb("PT-000000", true));
    for quantity in [4, 3] {
        let r = rig
            .app
            .post(
                "/api/integrations/update/stock",
                &seller.token,
                json!({"items": [
                    {"barcode": barcodes[0], "quantity": quantity},
                    {"barcode": barcodes[1], "quantity": quantity},
                ]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        let jobs: Vec<i64> = r.json::<Value>().await.unwrap()["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["job_id"].as_i64().unwrap())
            .collect();
        for v in rig.drain(&seller, &jobs).await {
            assert_eq!(v["state"], "succeeded", "{v}");
        }
    }
    assert_eq!(rig.hepsiburada.listing("PT-000000").unwrap().quantity, 10);
    assert_eq!(rig.hepsiburada.listing("PT-000001").unwrap().quantity, 3);
    assert!(
        rig.hepsiburada
            .writes
            .of_kind("inventory.fulfilled")
            .is_empty()
    );
    // Told once, not at every push.
    assert_eq!(errors(&rig, &seller, "channel_managed").await.len(), 1);
}

#[tokio::test]
async fn a_refused_item_waits_for_a_change_instead_of_going_out_every_sync() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 1, 0).await;
    // Hepsiburada knows no such brand: its import refuses the item.
    let v = variant(&rig, &barcodes[0]).await;
    let r = rig
        .app
        .patch(
            &format!("/api/products/{}", v.product_id),
            &seller.token,
            json!({"brand": "Bilinmeyen Marka"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for _ in 0..2 {
        rig.run(&seller, "/api/integrations/sync/products", json!({}))
            .await;
    }
    let imports = |rig: &Rig| rig.hepsiburada.writes.all().len() + rig.hepsiburada.listing_count();
    let sent_once = imports(&rig);
    assert_eq!(errors(&rig, &seller, "item_refused").await.len(), 1);
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    assert_eq!(imports(&rig), sent_once);
    assert_eq!(errors(&rig, &seller, "item_refused").await.len(), 1);
    // Once the product changes it goes out again (and is accepted).
    let r = rig
        .app
        .patch(
            &format!("/api/products/{}", v.product_id),
            &seller.token,
            json!({"brand": "Pofu Tech"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    assert!(
        rig.hepsiburada.listing("PT-000000").is_some(),
        "a change goes out"
    );
}

#[tokio::test]
async fn an_order_with_an_unreadable_date_is_logged_not_dropped() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    rig.products(&seller, 1, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let number = rig.hepsiburada.place_order(&[("PT-000000", 1)]).unwrap();
    assert!(
        rig.hepsiburada
            .set_order_date_text(&number, Some("30.11.2026 13:00"))
    );
    sync_orders(&rig, &seller, hb_id).await;
    assert!(rig.orders(&seller).await.is_empty());
    let logged = errors(&rig, &seller, "unreadable_order").await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["item_ref"], number.as_str());
    // Once readable (here: the platform's offset form), it is imported.
    assert!(rig.hepsiburada.set_order_date_text(&number, None));
    sync_orders(&rig, &seller, hb_id).await;
    assert_eq!(rig.orders(&seller).await.len(), 1);
}

#[tokio::test]
async fn an_oversold_variant_raises_an_alert_naming_its_orders() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 1, 0).await;
    let v = variant(&rig, &barcodes[0]).await;
    let r = rig
        .app
        .patch(
            &format!("/api/products/{}/variants/{}", v.product_id, v.id),
            &seller.token,
            json!({"stock": 1}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    // Both channels show 1 and each sells it before hearing of the other's sale.
    rig.trendyol
        .place_order(&[(barcodes[0].as_str(), 1)])
        .unwrap();
    rig.hepsiburada.place_order(&[("PT-000000", 1)]).unwrap();
    sync_orders(&rig, &seller, ty_id).await;
    let none: Value = rig
        .app
        .get("/api/stock/oversells", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none, json!([]));
    sync_orders(&rig, &seller, hb_id).await;

    let view: Value = rig
        .app
        .get(
            &format!("/api/products/{}/variants/{}", v.product_id, v.id),
            &seller.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            view["stock"].as_i64(),
            view["reserved"].as_i64(),
            view["available"].as_i64()
        ),
        (Some(1), Some(2), Some(0))
    );
    let alerts: Value = rig
        .app
        .get("/api/stock/oversells", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["variant_id"], v.id);
    assert_eq!(alerts[0]["short_by"], 1);
    let channels: HashSet<&str> = alerts[0]["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, HashSet::from(["trendyol", "hepsiburada"]));
    assert_eq!(errors(&rig, &seller, "oversold").await.len(), 1);
    let per_variant: Value = rig
        .app
        .get(
            &format!(
                "/api/products/{}/variants/{}/reservations",
                v.product_id, v.id
            ),
            &seller.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(per_variant["oversold"], true);
    assert_eq!(per_variant["orders"].as_array().unwrap().len(), 2);
    // Another seller sees nothing of it.
    let other = rig.app.user(Role::Seller).await;
    let theirs: Value = rig
        .app
        .get("/api/stock/oversells", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs, json!([]));
    let r = rig
        .app
        .get(
            &format!(
                "/api/products/{}/variants/{}/reservations",
                v.product_id, v.id
            ),
            &other.token,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A restock closes the alert.
    let r = rig
        .app
        .patch(
            &format!("/api/products/{}/variants/{}", v.product_id, v.id),
            &seller.token,
            json!({"stock": 5}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let after: Value = rig
        .app
        .get("/api/stock/oversells", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after, json!([]));
}

#[tokio::test]
async fn a_claim_awaiting_pre_approval_is_pre_approved() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    rig.products(&seller, 1, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let order = rig.hepsiburada.place_order(&[("PT-000000", 1)]).unwrap();
    let claim = rig
        .hepsiburada
        .open_claim_awaiting_pre_approval(&order, "PT-000000")
        .unwrap();
    sync_orders(&rig, &seller, hb_id).await;
    let claims: Value = rig
        .app
        .get("/api/claims", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let ours = &claims["items"][0];
    assert_eq!(ours["status"], "AwaitingPreApproval");
    let view = post_job(
        &rig,
        &seller,
        &format!("/api/claims/{}/approve", ours["id"]),
        json!({}),
    )
    .await;
    assert_eq!(view["state"], "succeeded", "{view}");
    assert_eq!(rig.hepsiburada.claim(&claim).unwrap().status, "NewRequest");
}
