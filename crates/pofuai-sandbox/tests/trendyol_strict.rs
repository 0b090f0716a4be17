//! The strict Trendyol simulator (`Strictness`): batches take time, new barcodes are listed
//! only after processing and a lag, duplicate creates are refused, product updates ignore
//! price and stock, and the documented field rules hold. Time moves with the simulator's clock,
//! never with sleeps.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use pofuai_sandbox::trendyol::{SimOptions, Strictness, TrendyolSim};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const UA: &str = "104123 - PofuAiTest";
const PRODUCTS: &str = "/integration/product/sellers/104123/products";
const INVENTORY: &str = "/integration/inventory/sellers/104123/products/price-and-inventory";

async fn strict_sim() -> TrendyolSim {
    let sim = TrendyolSim::spawn(SimOptions::trendyol()).await.unwrap();
    sim.set_strictness(Strictness {
        batch_processing: Duration::from_secs(30),
        listing_lag: Duration::from_secs(60),
        ..Strictness::documented()
    });
    sim
}

async fn send(
    sim: &TrendyolSim,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let o = SimOptions::trendyol();
    let mut r = Client::new()
        .request(method, format!("{}{path}", sim.base_url()))
        .basic_auth(o.username, Some(o.password))
        .header("User-Agent", UA);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The batch's result after two polls (`batch_polls_until_done` is 1: the first poll always
/// answers IN_PROGRESS).
async fn batch(sim: &TrendyolSim, id: &str) -> Value {
    let path = format!("{PRODUCTS}/batch-requests/{id}");
    let mut last = Value::Null;
    for _ in 0..2 {
        let (s, b) = send(sim, Method::GET, &path, None).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        last = b;
    }
    last
}

fn product(barcode: &str) -> Value {
    json!({
        "barcode": barcode, "title": format!("Seramik kupa {barcode}"), "productMainId": "KUPA",
        "brandId": 100_004, "categoryId": 1002, "quantity": 10, "stockCode": format!("SKU-{barcode}"),
        "dimensionalWeight": 1, "description": "El yapımı kupa", "currencyType": "TRY",
        "listPrice": 149.9, "salePrice": 129.9, "vatRate": 20, "cargoCompanyId": 17,
        "images": [{ "url": "https://cdn.example.com/kupa.jpg" }],
        "attributes": [{ "attributeId": 14, "attributeValueId": 14004 }],
    })
}

async fn listed(sim: &TrendyolSim, barcode: &str) -> bool {
    let (s, b) = send(
        sim,
        Method::GET,
        &format!("{PRODUCTS}?barcode={barcode}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["totalElements"] == 1
}

async fn create(sim: &TrendyolSim, items: Vec<Value>) -> String {
    let (s, b) = send(sim, Method::POST, PRODUCTS, Some(json!({ "items": items }))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["batchRequestId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_new_product_is_listed_only_after_its_batch_and_the_lag() {
    let sim = strict_sim().await;
    let id = create(&sim, vec![product("LAG-1")]).await;
    // Processing: the batch says so, the list does not show it, stock is refused for it.
    for _ in 0..3 {
        assert_eq!(batch(&sim, &id).await["status"], "IN_PROGRESS");
    }
    assert!(!listed(&sim, "LAG-1").await);
    let (_, b) = send(
        &sim,
        Method::POST,
        INVENTORY,
        Some(json!({"items": [{"barcode": "LAG-1", "quantity": 3, "salePrice": 129.9, "listPrice": 149.9}]})),
    )
    .await;
    let stock_batch = b["batchRequestId"].as_str().unwrap().to_owned();
    sim.clock.advance(Duration::from_secs(30));
    let done = batch(&sim, &id).await;
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["items"][0]["status"], "SUCCESS");
    let refused = batch(&sim, &stock_batch).await;
    assert_eq!(refused["items"][0]["status"], "FAILED", "{refused}");
    // Processed, but the list lags another minute.
    assert!(!listed(&sim, "LAG-1").await);
    assert!(!sim.is_listed("LAG-1"));
    sim.clock.advance(Duration::from_secs(60));
    assert!(listed(&sim, "LAG-1").await);
    assert_eq!(sim.listing("LAG-1").unwrap().quantity, 10);
}

#[tokio::test]
async fn a_second_create_of_a_barcode_still_processing_is_refused() {
    let sim = strict_sim().await;
    create(&sim, vec![product("DUP-1")]).await;
    let second = create(&sim, vec![product("DUP-1")]).await;
    sim.clock.advance(Duration::from_secs(30));
    let b = batch(&sim, &second).await;
    assert_eq!(b["items"][0]["status"], "FAILED");
    assert!(
        b["items"][0]["failureReasons"][0]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "{b}"
    );
    assert_eq!(sim.writes.count("product.create", "DUP-1"), 1);
}

#[tokio::test]
async fn product_updates_ignore_price_and_stock() {
    let sim = TrendyolSim::spawn(SimOptions::trendyol()).await.unwrap();
    create(&sim, vec![product("UPD-1")]).await;
    let mut changed = product("UPD-1");
    changed["quantity"] = json!(99);
    changed["salePrice"] = json!(9.9);
    changed["listPrice"] = json!(9.9);
    changed["title"] = json!("Yeni başlık");
    let (s, b) = send(
        &sim,
        Method::PUT,
        PRODUCTS,
        Some(json!({ "items": [changed] })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let l = sim.listing("UPD-1").unwrap();
    assert_eq!(l.title, "Yeni başlık");
    assert_eq!((l.quantity, l.sale_price_minor), (10, 12_990));
}

#[tokio::test]
async fn documented_field_rules_are_enforced_when_strict() {
    let sim = strict_sim().await;
    let mut no_currency = product("RULE-1");
    no_currency.as_object_mut().unwrap().remove("currencyType");
    let mut too_many = product("RULE-2");
    too_many["quantity"] = json!(1_000_000);
    let id = create(&sim, vec![no_currency, too_many, product("RULE-3")]).await;
    sim.clock.advance(Duration::from_secs(30));
    let b = batch(&sim, &id).await;
    let reasons = |i: usize| b["items"][i]["failureReasons"].to_string();
    assert!(reasons(0).contains("currencyType"), "{b}");
    assert!(reasons(1).contains("quantity"), "{b}");
    assert_eq!(b["items"][2]["status"], "SUCCESS");
    assert_eq!(b["failedItemCount"], 2);
}
