//! The strict Hepsiburada simulator (`hepsiburada::Strictness`): imports and uploads take
//! time, a new merchantSku is listed only after its import is processed and a lag, a second
//! create of a merchantSku still in process is refused, an import leaves a listed product's
//! price and stock alone, an import's stock is bounded, and a lost answer still applies the
//! write. Time moves with the simulator's clock, never with sleeps.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::hepsiburada::{HepsiburadaSim, SimOptions, Strictness};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const UA: &str = "PofuAi";

async fn strict_sim() -> HepsiburadaSim {
    let sim = HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap();
    sim.set_strictness(Strictness {
        batch_processing: Duration::from_secs(30),
        listing_lag: Duration::from_secs(60),
        ..Strictness::documented()
    });
    sim
}

fn req(sim: &HepsiburadaSim, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    let o = sim.options();
    reqwest::Client::new()
        .request(method, format!("{}{}", sim.base_url(), path))
        .basic_auth(&o.username, Some(&o.password))
        .header("User-Agent", UA)
}

async fn get(sim: &HepsiburadaSim, path: &str) -> Value {
    let r = req(sim, reqwest::Method::GET, path).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

async fn import(sim: &HepsiburadaSim, items: &[Value]) -> String {
    let file = Part::bytes(serde_json::to_vec(items).unwrap())
        .file_name("products.json")
        .mime_str("application/json")
        .unwrap();
    let r = req(sim, reqwest::Method::POST, "/product/api/products/import")
        .multipart(Form::new().part("file", file))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    body["data"]["trackingId"].as_str().unwrap().to_owned()
}

/// The import's rows after two polls (`batch_polls_until_done` is 1: the first poll always
/// answers PROCESSING).
async fn import_rows(sim: &HepsiburadaSim, id: &str) -> Vec<Value> {
    let path = format!("/product/api/products/status/{id}?page=0&size=1000");
    get(sim, &path).await;
    get(sim, &path).await["data"].as_array().unwrap().clone()
}

async fn stock_upload(sim: &HepsiburadaSim, sku: &str, stock: i64) -> String {
    let path = format!(
        "/listings/merchantid/{}/stock-uploads",
        sim.options().seller_id
    );
    let r = req(sim, reqwest::Method::POST, &path)
        .json(&json!([{"merchantSku": sku, "availableStock": stock}]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

async fn upload_result(sim: &HepsiburadaSim, id: &str) -> Value {
    let path = format!(
        "/listings/merchantid/{}/stock-uploads/id/{id}",
        sim.options().seller_id
    );
    get(sim, &path).await;
    get(sim, &path).await
}

async fn listed(sim: &HepsiburadaSim, sku: &str) -> bool {
    let path = format!(
        "/listings/merchantid/{}?offset=0&limit=10&merchantSkuList={sku}",
        sim.options().seller_id
    );
    get(sim, &path).await["totalCount"] == 1
}

fn product(sku: &str, stock: &str) -> Value {
    json!({
        "categoryId": 102,
        "merchant": SimOptions::hepsiburada().seller_id,
        "attributes": {
            "merchantSku": sku, "VaryantGroupID": "GRP1", "Barcode": format!("B{sku}"),
            "UrunAdi": format!("Ürün {sku}"), "UrunAciklamasi": "Açıklama", "Marka": "Anadolu Ev",
            "kg": "1", "tax_vat_rate": "20", "price": "130,50", "stock": stock,
            "Image1": "https://img.example.com/1.jpg",
        }
    })
}

#[tokio::test]
async fn a_new_product_is_listed_only_after_its_import_and_the_lag() {
    let sim = strict_sim().await;
    let id = import(&sim, &[product("LAG-1", "7")]).await;
    // Processing: the import says so, the listings do not show it, stock is refused for it.
    for _ in 0..3 {
        assert!(
            import_rows(&sim, &id)
                .await
                .iter()
                .all(|r| r["importStatus"] == "PROCESSING")
        );
    }
    assert!(!listed(&sim, "LAG-1").await);
    let early = stock_upload(&sim, "LAG-1", 3).await;
    sim.clock.advance(Duration::from_secs(30));
    let rows = import_rows(&sim, &id).await;
    assert_eq!(rows[0]["importStatus"], "SUCCESS", "{rows:?}");
    let refused = upload_result(&sim, &early).await;
    assert_eq!(refused["status"], "FAILED", "{refused}");
    // Processed, but the listings lag another minute.
    assert!(!listed(&sim, "LAG-1").await);
    assert!(!sim.is_listed("LAG-1"));
    sim.clock.advance(Duration::from_secs(60));
    assert!(listed(&sim, "LAG-1").await);
    assert_eq!(
        sim.listing("LAG-1").unwrap().quantity,
        7,
        "the early stock was not applied"
    );
    let later = stock_upload(&sim, "LAG-1", 3).await;
    // An upload processes for its time too.
    assert_eq!(upload_result(&sim, &later).await["status"], "PROCESSING");
    sim.clock.advance(Duration::from_secs(30));
    assert_eq!(upload_result(&sim, &later).await["status"], "COMPLETED");
    assert_eq!(sim.listing("LAG-1").unwrap().quantity, 3);
}

#[tokio::test]
async fn a_second_create_while_the_first_is_in_process_is_refused_naming_the_sku() {
    let sim = strict_sim().await;
    // The first import's answer is lost after it was applied.
    sim.faults
        .lose_answers("POST", "/product/api/products/import", 1);
    let file = Part::bytes(serde_json::to_vec(&[product("DUP-1", "5")]).unwrap())
        .file_name("products.json")
        .mime_str("application/json")
        .unwrap();
    let lost = req(&sim, reqwest::Method::POST, "/product/api/products/import")
        .timeout(Duration::from_secs(1))
        .multipart(Form::new().part("file", file))
        .send()
        .await;
    assert!(lost.is_err(), "the answer should have been lost");
    assert!(sim.listing("DUP-1").is_some(), "applied anyway");
    assert!(!listed(&sim, "DUP-1").await, "but not listed yet");
    // A client that takes "not listed" for "absent" sends it again: refused.
    let id = import(&sim, &[product("DUP-1", "5")]).await;
    sim.clock.advance(Duration::from_secs(30));
    let rows = import_rows(&sim, &id).await;
    assert_eq!(rows[0]["importStatus"], "FAILED");
    assert_eq!(
        rows[0]["validationResults"][0]["attributeName"],
        "merchantSku"
    );
    let message = rows[0]["validationResults"][0]["message"].as_str().unwrap();
    assert!(message.contains("zaten"), "{message}");
    assert_eq!(sim.writes.count("product.create", "DUP-1"), 1);
}

#[tokio::test]
async fn an_import_of_a_listed_product_keeps_its_price_and_stock() {
    let sim = strict_sim().await;
    let id = import(&sim, &[product("KEEP-1", "7")]).await;
    sim.clock.advance(Duration::from_secs(90));
    assert_eq!(import_rows(&sim, &id).await[0]["importStatus"], "SUCCESS");
    let mut changed = product("KEEP-1", "50");
    changed["attributes"]["price"] = json!("99,90");
    changed["attributes"]["UrunAdi"] = json!("Yeni ad");
    let id = import(&sim, &[changed]).await;
    sim.clock.advance(Duration::from_secs(30));
    assert_eq!(import_rows(&sim, &id).await[0]["importStatus"], "SUCCESS");
    let l = sim.listing("KEEP-1").unwrap();
    assert_eq!(l.title, "Yeni ad");
    assert_eq!((l.quantity, l.sale_price_minor), (7, 13050));
}

#[tokio::test]
async fn an_import_stock_above_the_bound_is_refused_naming_stock() {
    let sim = strict_sim().await;
    let id = import(
        &sim,
        &[product("BIG-1", "100001"), product("OK-1", "100000")],
    )
    .await;
    sim.clock.advance(Duration::from_secs(30));
    let rows = import_rows(&sim, &id).await;
    let row = |sku: &str| {
        rows.iter()
            .find(|r| r["merchantSku"] == sku)
            .unwrap()
            .clone()
    };
    assert_eq!(row("BIG-1")["importStatus"], "FAILED");
    assert_eq!(
        row("BIG-1")["validationResults"][0]["attributeName"],
        "stock"
    );
    assert_eq!(row("OK-1")["importStatus"], "SUCCESS");
}

#[tokio::test]
async fn the_forgiving_default_is_unchanged() {
    let sim = HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap();
    sim.faults.set(FaultConfig::default());
    let id = import(&sim, &[product("FREE-1", "7")]).await;
    assert!(listed(&sim, "FREE-1").await, "listed at once");
    assert_eq!(import_rows(&sim, &id).await[0]["importStatus"], "SUCCESS");
}
