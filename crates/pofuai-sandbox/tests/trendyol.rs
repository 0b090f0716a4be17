//! The Trendyol simulator enforces the documented contract: spoken to with raw HTTP.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::trendyol::{SimOptions, TrendyolSim};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const UA: &str = "104123 - PofuAiTest";

async fn sim() -> TrendyolSim {
    TrendyolSim::spawn(SimOptions::trendyol()).await.unwrap()
}

fn creds() -> (String, String) {
    let o = SimOptions::trendyol();
    (o.username, o.password)
}

struct Api<'a> {
    sim: &'a TrendyolSim,
    http: Client,
}

impl<'a> Api<'a> {
    fn new(sim: &'a TrendyolSim) -> Self {
        Api {
            sim,
            http: Client::new(),
        }
    }

    fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let (u, p) = creds();
        self.http
            .request(method, format!("{}{path}", self.sim.base_url()))
            .basic_auth(u, Some(p))
            .header("User-Agent", UA)
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut r = self.req(method, path);
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

    async fn poll_until_done(&self, id: &str) -> Value {
        for _ in 0..10 {
            let (s, b) = self
                .send(
                    Method::GET,
                    &format!("/integration/product/sellers/104123/products/batch-requests/{id}"),
                    None,
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{b}");
            if b["status"] == "COMPLETED" {
                return b;
            }
            assert_eq!(b["status"], "IN_PROGRESS");
        }
        panic!("batch never completed");
    }
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

const PRODUCTS: &str = "/integration/product/sellers/104123/products";
const INVENTORY: &str = "/integration/inventory/sellers/104123/products/price-and-inventory";
const ORDERS: &str = "/integration/order/sellers/104123/orders";

#[tokio::test]
async fn auth_user_agent_and_seller_are_enforced() {
    let sim = sim().await;
    let http = Client::new();
    let url = format!("{}/integration/sellers/104123/addresses", sim.base_url());
    // No User-Agent: 403.
    let r = http
        .get(&url)
        .basic_auth("pofu-demo-api-key", Some("pofu-demo-api-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A User-Agent not in "{sellerId} - {Integrator}" form: 403.
    let r = http
        .get(&url)
        .basic_auth("pofu-demo-api-key", Some("pofu-demo-api-secret"))
        .header("User-Agent", "curl/8.0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Bad secret: 401 with Trendyol's exception name.
    let r = http
        .get(&url)
        .basic_auth("pofu-demo-api-key", Some("wrong"))
        .header("User-Agent", UA)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("ClientApiAuthenticationException")
    );
    // Another seller's path: 403.
    let api = Api::new(&sim);
    let (s, _) = api
        .send(Method::GET, "/integration/sellers/999/addresses", None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // All good.
    let (s, b) = api
        .send(Method::GET, "/integration/sellers/104123/addresses", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(!b["supplierAddresses"].as_array().unwrap().is_empty());
    // Wrong method on a real path is not served.
    let (s, _) = api.send(Method::DELETE, ORDERS, None).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn catalogue_has_the_seeded_tree_attributes_and_brands() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (s, tree) = api
        .send(Method::GET, "/integration/product/product-categories", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let root = &tree["categories"][0];
    assert_eq!(root["name"], "Tüm Kategoriler");
    let children: Vec<&str> = root["subCategories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for name in [
        "Elektronik",
        "Ev & Yaşam",
        "Giyim",
        "Kitap",
        "Kozmetik",
        "Mutfak",
        "Oyuncak",
        "Spor",
    ] {
        assert!(children.contains(&name), "{name}");
    }
    let (_, attrs) = api
        .send(
            Method::GET,
            "/integration/product/product-categories/1003/attributes",
            None,
        )
        .await;
    let beden = attrs["categoryAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"]["name"] == "Beden")
        .unwrap();
    assert_eq!(beden["required"], true);
    assert_eq!(beden["allowCustom"], false);
    assert_eq!(beden["attributeValues"].as_array().unwrap().len(), 6);
    let (s, _) = api
        .send(
            Method::GET,
            "/integration/product/product-categories/1000/attributes",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "not a leaf");
    let (_, brands) = api
        .send(
            Method::GET,
            "/integration/product/brands/by-name?name=toros",
            None,
        )
        .await;
    assert_eq!(brands.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn batches_report_per_item_failures_and_apply_only_good_items() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let mut long_title = product("BAD-TITLE");
    long_title["title"] = json!("x".repeat(101));
    let mut cheap_list = product("BAD-PRICE");
    cheap_list["listPrice"] = json!(99.9);
    let mut bad_chars = product("BAD BARCODE!");
    bad_chars["productMainId"] = json!("X");
    let mut no_brand = product("BAD-BRAND");
    no_brand["brandId"] = json!(1);
    let mut no_category = product("BAD-CATEGORY");
    no_category["categoryId"] = json!(424242);
    let mut no_size = product("BAD-GIYIM");
    no_size["categoryId"] = json!(1003);
    let mut bad_value = product("BAD-VALUE");
    bad_value["categoryId"] = json!(1003);
    bad_value["attributes"] = json!([{ "attributeId": 338, "customAttributeValue": "Kocaman" }]);
    let mut bad_vat = product("BAD-VAT");
    bad_vat["vatRate"] = json!(18);
    let mut http_image = product("BAD-IMAGE");
    http_image["images"] = json!([{ "url": "http://cdn.example.com/a.jpg" }]);
    let mut nine_images = product("BAD-NINE");
    nine_images["images"] = json!(vec![json!({ "url": "https://cdn.example.com/a.jpg" }); 9]);
    let items = vec![
        product("GOOD-1"),
        long_title,
        cheap_list,
        bad_chars,
        no_brand,
        no_category,
        no_size,
        bad_value,
        bad_vat,
        http_image,
        nine_images,
    ];
    let (s, b) = api
        .send(Method::POST, PRODUCTS, Some(json!({ "items": items })))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let id = b["batchRequestId"].as_str().unwrap().to_owned();
    // The effect is applied on acceptance, before any poll.
    assert!(sim.listing("GOOD-1").is_some());
    assert_eq!(sim.listing_count(), 1);
    let result = api.poll_until_done(&id).await;
    let by_barcode = |b: &str| {
        result["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["requestItem"]["barcode"] == b)
            .unwrap()
            .clone()
    };
    assert_eq!(by_barcode("GOOD-1")["status"], "SUCCESS");
    let expect = [
        ("BAD-TITLE", "en fazla 100"),
        ("BAD-PRICE", "listPrice"),
        ("BAD BARCODE!", "yalnızca harf"),
        ("BAD-BRAND", "Marka bulunamadı"),
        ("BAD-CATEGORY", "Kategori bulunamadı"),
        ("BAD-GIYIM", "Zorunlu özellik eksik: Beden"),
        ("BAD-VALUE", "serbest değer girilemez"),
        ("BAD-VAT", "vatRate"),
        ("BAD-IMAGE", "https"),
        ("BAD-NINE", "En fazla 8"),
    ];
    for (barcode, reason) in expect {
        let item = by_barcode(barcode);
        assert_eq!(item["status"], "FAILED", "{barcode}");
        let reasons = item["failureReasons"].to_string();
        assert!(reasons.contains(reason), "{barcode}: {reasons}");
    }
    // Creating the same barcode again fails per item and writes nothing.
    let (_, b) = api
        .send(
            Method::POST,
            PRODUCTS,
            Some(json!({ "items": [product("GOOD-1")] })),
        )
        .await;
    let again = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(again["items"][0]["status"], "FAILED");
    assert!(
        again["items"][0]["failureReasons"]
            .to_string()
            .contains("already exists")
    );
    assert_eq!(sim.writes.count("product.create", "GOOD-1"), 1);
    assert_eq!(sim.writes.of_kind("product.create").len(), 1);
    // Updating an unknown barcode fails; updating the known one works and keeps the price.
    let mut renamed = product("GOOD-1");
    renamed["title"] = json!("Yeni ad");
    renamed["salePrice"] = json!(1.0);
    let (_, b) = api
        .send(
            Method::PUT,
            PRODUCTS,
            Some(json!({ "items": [renamed, product("NOPE")] })),
        )
        .await;
    let upd = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(upd["items"][0]["status"], "SUCCESS");
    assert_eq!(upd["items"][1]["status"], "FAILED");
    let listing = sim.listing("GOOD-1").unwrap();
    assert_eq!(listing.title, "Yeni ad");
    assert_eq!(listing.sale_price_minor, 12990);
    assert_eq!(sim.writes.count("product.update", "GOOD-1"), 1);
}

#[tokio::test]
async fn envelopes_over_1000_items_or_malformed_are_refused_whole() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let items: Vec<Value> = (0..1001).map(|i| product(&format!("B{i}"))).collect();
    let (s, _) = api
        .send(Method::POST, PRODUCTS, Some(json!({ "items": items })))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let rows: Vec<Value> = (0..1001)
        .map(|i| json!({ "barcode": format!("B{i}"), "quantity": 1 }))
        .collect();
    let (s, _) = api
        .send(Method::POST, INVENTORY, Some(json!({ "items": rows })))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = api
        .send(Method::POST, PRODUCTS, Some(json!({ "things": [] })))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(sim.listing_count(), 0);
    assert_eq!(sim.batch_count(), 0);
}

#[tokio::test]
async fn identical_price_stock_body_within_15_minutes_is_refused() {
    let sim = sim().await;
    sim.add_listing("KUPA-1", "Kupa", 3, 10000);
    let api = Api::new(&sim);
    let body = json!({ "items": [
        { "barcode": "KUPA-1", "quantity": 7, "salePrice": 89.9, "listPrice": 99.9 },
        { "barcode": "UNKNOWN", "quantity": 1, "salePrice": 1, "listPrice": 1 },
    ]});
    let (s, b) = api.send(Method::POST, INVENTORY, Some(body.clone())).await;
    assert_eq!(s, StatusCode::OK);
    let l = sim.listing("KUPA-1").unwrap();
    assert_eq!(
        (l.quantity, l.sale_price_minor, l.list_price_minor),
        (7, 8990, 9990)
    );
    let result = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(result["items"][0]["status"], "SUCCESS");
    assert_eq!(result["items"][1]["status"], "FAILED");
    let (s, b) = api.send(Method::POST, INVENTORY, Some(body.clone())).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        b.to_string()
            .contains("15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!")
    );
    assert_eq!(sim.writes.count("inventory", "KUPA-1"), 1);
    // A different body is fine; listPrice below salePrice fails per item.
    let (_, b) = api
        .send(
            Method::POST,
            INVENTORY,
            Some(json!({ "items": [
                { "barcode": "KUPA-1", "salePrice": 120, "listPrice": 100 }
            ]})),
        )
        .await;
    let r = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(r["items"][0]["status"], "FAILED");
    assert_eq!(sim.writes.count("inventory", "KUPA-1"), 1);
    // 15 minutes later the same body is accepted again.
    sim.clock.advance(Duration::from_secs(15 * 60 + 1));
    let (s, _) = api.send(Method::POST, INVENTORY, Some(body)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(sim.writes.count("inventory", "KUPA-1"), 2);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let sim = sim().await;
    let api = Api::new(&sim);
    // categories: 50 per minute.
    for _ in 0..50 {
        let (s, _) = api
            .send(Method::GET, "/integration/product/product-categories", None)
            .await;
        assert_eq!(s, StatusCode::OK);
    }
    let r = api
        .req(Method::GET, "/integration/product/product-categories")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: f64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1.0..=60.0).contains(&wait), "{wait}");
    // Other endpoints are counted separately.
    let (s, _) = api
        .send(Method::GET, "/integration/sellers/104123/addresses", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    sim.clock.advance(Duration::from_secs(61));
    let (s, _) = api
        .send(Method::GET, "/integration/product/product-categories", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    // The general rule: 50 per 10 seconds on one endpoint (addresses has no table entry).
    // (the earlier addresses call is more than 10 s old on the simulator's clock by now)
    for _ in 0..50 {
        api.send(Method::GET, "/integration/sellers/104123/addresses", None)
            .await;
    }
    let (s, _) = api
        .send(Method::GET, "/integration/sellers/104123/addresses", None)
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn order_paging_limits() {
    let sim = sim().await;
    sim.add_listing("KUPA-1", "Kupa", 10, 10000);
    let api = Api::new(&sim);
    let (s, _) = api
        .send(Method::GET, &format!("{ORDERS}?page=0&size=201"), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = api
        .send(Method::GET, &format!("{ORDERS}?page=49&size=200"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = api
        .send(Method::GET, &format!("{ORDERS}?page=50&size=200"), None)
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "past 10,000 records");
    let old = sim.clock.now_ms() - 91 * 24 * 3600 * 1000;
    let (s, _) = api
        .send(
            Method::GET,
            &format!("{ORDERS}?startDate={old}&endDate={}", sim.clock.now_ms()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "more than 3 months back");
    let (s, _) = api
        .send(
            Method::GET,
            &format!("{ORDERS}?orderByField=OrderDate"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    for _ in 0..5 {
        sim.place_order(&[("KUPA-1", 1)]).unwrap();
    }
    let (s, b) = api
        .send(
            Method::GET,
            &format!("{ORDERS}?page=1&size=2&orderByField=PackageLastModifiedDate"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["totalElements"], 5);
    assert_eq!(b["totalPages"], 3);
    assert_eq!(b["content"].as_array().unwrap().len(), 2);
    assert_eq!(b["content"][0]["lines"][0]["price"], json!(100.0));
}

#[tokio::test]
async fn package_status_rules_and_cancellation() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 3, 10000);
    sim.add_listing("B", "Tabak", 3, 5000);
    let api = Api::new(&sim);
    let id = sim.place_order(&[("A", 1), ("B", 2)]).unwrap();
    let p = sim.package(&id).unwrap();
    let lines: Vec<Value> = p
        .lines
        .iter()
        .map(|l| json!({ "lineId": l.id.parse::<i64>().unwrap(), "quantity": l.quantity }))
        .collect();
    let path = format!("/integration/order/sellers/104123/shipment-packages/{id}");
    let push = |status: &str| json!({ "lines": lines, "params": { "invoiceNumber": "INV-1" }, "status": status });
    let (s, _) = api.send(Method::PUT, &path, Some(push("Shipped"))).await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "sellers push only Picking and Invoiced"
    );
    let (s, _) = api.send(Method::PUT, &path, Some(push("Invoiced"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "Invoiced only from Picking");
    let (s, _) = api
        .send(
            Method::PUT,
            &path,
            Some(json!({ "lines": [lines[0]], "params": {}, "status": "Picking" })),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "every line must be sent");
    let (s, _) = api.send(Method::PUT, &path, Some(push("Picking"))).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = api.send(Method::PUT, &path, Some(push("Picking"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "Picking only from Created");
    assert_eq!(sim.writes.count("package.status", &id), 1);
    // Cancel one line: a new package with a new id and the same order number.
    let new_id = sim.cancel_line(&id, "A").unwrap();
    assert_ne!(new_id, id);
    let old = sim.package(&id).unwrap();
    assert_eq!(old.status, "Cancelled");
    assert!(old.lines.iter().all(|l| l.status == "Cancelled"));
    let new = sim.package(&new_id).unwrap();
    assert_eq!(new.order_number, old.order_number);
    assert_eq!(new.status, "Picking");
    assert_eq!(new.lines.len(), 1);
    assert_eq!(new.lines[0].barcode, "B");
    // Pushing to the cancelled package is refused.
    let (s, _) = api.send(Method::PUT, &path, Some(push("Invoiced"))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn faults_are_injected_and_observable() {
    let sim = sim().await;
    let api = Api::new(&sim);
    sim.faults.set(FaultConfig {
        server_error: 1.0,
        ..FaultConfig::default()
    });
    let (s, _) = api
        .send(Method::GET, "/integration/product/product-categories", None)
        .await;
    assert!(s.is_server_error());
    assert_eq!(sim.faults.injected().len(), 1);
    // A lost answer: the write takes effect, the caller only sees its own timeout.
    sim.faults.set(FaultConfig {
        lost_response: 1.0,
        hang_for: Duration::from_secs(3),
        ..FaultConfig::default()
    });
    let r = api
        .req(Method::POST, PRODUCTS)
        .json(&json!({ "items": [product("LOST-1")] }))
        .timeout(Duration::from_millis(1000))
        .send()
        .await;
    assert!(r.is_err());
    assert!(sim.listing("LOST-1").is_some());
    assert_eq!(sim.writes.count("product.create", "LOST-1"), 1);
}

#[tokio::test]
async fn the_product_list_applies_every_documented_filter() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let mut items = vec![product("F-1"), product("F-2"), product("F-3")];
    items[2]["productMainId"] = json!("TABAK");
    items[2]["brandId"] = json!(100_001);
    let (s, b) = api
        .send(Method::POST, PRODUCTS, Some(json!({ "items": items })))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    api.poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    let created = sim.listing("F-1").unwrap().created_ms;
    sim.clock.advance(Duration::from_secs(10));
    assert!(sim.set_approved("F-2", false));
    assert!(sim.set_listing_flags(
        "F-1",
        pofuai_sandbox::trendyol::ListingFlags {
            archived: true,
            ..Default::default()
        }
    ));
    assert!(sim.set_listing_flags(
        "F-3",
        pofuai_sandbox::trendyol::ListingFlags {
            rejected: true,
            blacklisted: true,
            ..Default::default()
        }
    ));
    let later = sim.clock.now_ms();
    let barcodes = |query: String| {
        let api = &api;
        async move {
            let (s, b) = api
                .send(Method::GET, &format!("{PRODUCTS}?size=50&{query}"), None)
                .await;
            assert_eq!(s, StatusCode::OK, "{query}: {b}");
            let mut out: Vec<String> = b["content"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["barcode"].as_str().unwrap().to_owned())
                .collect();
            out.sort();
            out
        }
    };
    assert_eq!(barcodes("approved=false".into()).await, ["F-2"]);
    assert_eq!(barcodes("approved=true".into()).await, ["F-1", "F-3"]);
    assert_eq!(barcodes("productMainId=TABAK".into()).await, ["F-3"]);
    assert_eq!(barcodes("archived=true".into()).await, ["F-1"]);
    assert_eq!(barcodes("rejected=true".into()).await, ["F-3"]);
    assert_eq!(barcodes("blacklisted=false".into()).await, ["F-1", "F-2"]);
    assert_eq!(barcodes("onSale=true".into()).await, Vec::<String>::new());
    assert_eq!(barcodes("brandIds=100001,100002".into()).await, ["F-3"]);
    assert_eq!(
        barcodes(format!("startDate={created}&endDate={created}")).await,
        ["F-1", "F-2", "F-3"]
    );
    assert_eq!(
        barcodes(format!("startDate={}", created + 1)).await,
        Vec::<String>::new()
    );
    // set_approved does not modify; an update does.
    let mut update = product("F-1");
    update["title"] = json!("Seramik kupa F-1 yeni");
    let (s, b) = api
        .send(Method::PUT, PRODUCTS, Some(json!({ "items": [update] })))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    api.poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(
        barcodes(format!(
            "dateQueryType=LAST_MODIFIED_DATE&startDate={later}"
        ))
        .await,
        ["F-1"]
    );
    for bad in [
        "approved=yes",
        "dateQueryType=UPDATED",
        "brandIds=a,b",
        "startDate=x",
        "startDate=10&endDate=5",
    ] {
        let (s, _) = api
            .send(Method::GET, &format!("{PRODUCTS}?{bad}"), None)
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
    }
    let row = {
        let (_, b) = api
            .send(Method::GET, &format!("{PRODUCTS}?barcode=F-3"), None)
            .await;
        b["content"][0].clone()
    };
    assert_eq!(row["rejected"], true);
    assert_eq!(row["blacklisted"], true);
    assert_eq!(row["archived"], false);
    assert_eq!(row["onSale"], false);
}

#[tokio::test]
async fn approved_products_keep_their_main_id_and_variant_attributes() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (_, b) = api
        .send(
            Method::GET,
            "/integration/product/product-categories/1002/attributes",
            None,
        )
        .await;
    let varianter = b["categoryAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["varianter"] == true || a["slicer"] == true)
        .cloned()
        .expect("the category has a varianter or slicer attribute");
    let attribute_id = varianter["attribute"]["id"].as_i64().unwrap();
    let values = varianter["attributeValues"].as_array().unwrap();
    let with_value = |value: &Value| {
        let mut p = product("AP-1");
        p["attributes"] = json!([
            { "attributeId": 14, "attributeValueId": 14004 },
            { "attributeId": attribute_id, "attributeValueId": value["id"] },
        ]);
        p
    };
    let (_, b) = api
        .send(
            Method::POST,
            PRODUCTS,
            Some(json!({ "items": [with_value(&values[0])] })),
        )
        .await;
    let done = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(done["items"][0]["status"], "SUCCESS", "{done}");
    let mut moved = with_value(&values[0]);
    moved["productMainId"] = json!("BASKA");
    let changed = with_value(&values[1]);
    let same = with_value(&values[0]);
    for (item, ok) in [(moved, false), (changed, false), (same, true)] {
        let (s, b) = api
            .send(Method::PUT, PRODUCTS, Some(json!({ "items": [item] })))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let done = api
            .poll_until_done(b["batchRequestId"].as_str().unwrap())
            .await;
        let status = &done["items"][0]["status"];
        assert_eq!(status == "SUCCESS", ok, "{done}");
    }
    assert_eq!(sim.listing("AP-1").unwrap().product_main_id, "KUPA");
    // An unapproved product may still change them.
    assert!(sim.set_approved("AP-1", false));
    let mut moved = with_value(&values[1]);
    moved["productMainId"] = json!("BASKA");
    let (_, b) = api
        .send(Method::PUT, PRODUCTS, Some(json!({ "items": [moved] })))
        .await;
    let done = api
        .poll_until_done(b["batchRequestId"].as_str().unwrap())
        .await;
    assert_eq!(done["items"][0]["status"], "SUCCESS", "{done}");
}

#[tokio::test]
async fn packages_carry_the_documented_fields_and_gmt3_order_dates() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 3, 10000);
    let api = Api::new(&sim);
    let id = sim.place_order(&[("A", 2)]).unwrap();
    let package = sim.package(&id).unwrap();
    let (s, b) = api.send(Method::GET, ORDERS, None).await;
    assert_eq!(s, StatusCode::OK);
    let p = &b["content"][0];
    assert_eq!(
        p["orderDate"].as_i64().unwrap(),
        package.order_date_ms + 3 * 3_600_000,
        "orderDate is GMT+3 milliseconds"
    );
    assert_eq!(
        p["lastModifiedDate"].as_i64().unwrap(),
        package.last_modified_ms
    );
    for field in [
        "invoiceAddress",
        "customerEmail",
        "customerId",
        "agreedDeliveryDate",
        "estimatedDeliveryStartDate",
        "estimatedDeliveryEndDate",
        "cargoSenderNumber",
        "tcIdentityNumber",
        "micro",
        "warehouseId",
    ] {
        assert!(
            p.get(field).is_some_and(|v| !v.is_null()),
            "{field} missing: {p}"
        );
    }
    for field in ["cargoTrackingLink", "taxNumber", "invoiceLink"] {
        assert!(p.get(field).is_some(), "{field} missing: {p}");
    }
    let line = &p["lines"][0];
    assert!(line.get("productColor").is_some() && line.get("productSize").is_some());
    // Invoiced without an invoice number is accepted (the number is optional).
    let lines = json!([{ "lineId": line["id"], "quantity": 2 }]);
    let path = format!("/integration/order/sellers/104123/shipment-packages/{id}");
    for status in ["Picking", "Invoiced"] {
        let (s, b) = api
            .send(
                Method::PUT,
                &path,
                Some(json!({ "lines": lines, "params": {}, "status": status })),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{status}: {b}");
    }
    assert_eq!(sim.package(&id).unwrap().status, "Invoiced");
}

#[tokio::test]
async fn buyers_order_within_the_listing_stock_which_each_sale_lowers() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 3, 10000);
    sim.add_listing("B", "Tabak", 1, 5000);
    assert!(sim.place_order(&[("B", 2)]).is_err(), "the listing shows 1");
    sim.place_order(&[("A", 2)]).unwrap();
    assert_eq!(sim.listing("A").unwrap().quantity, 1);
    assert!(sim.place_order(&[("A", 1), ("A", 1)]).is_err());
    for _ in 0..50 {
        sim.place_random_order();
    }
    assert_eq!(sim.listing("A").unwrap().quantity, 0);
    assert_eq!(sim.listing("B").unwrap().quantity, 0);
    assert_eq!(sim.place_random_order(), None, "nothing left to sell");
    let sold: i64 = sim
        .packages()
        .iter()
        .flat_map(|p| p.lines.iter())
        .map(|l| l.quantity)
        .sum();
    assert_eq!(sold, 4, "exactly what the listings showed");
}

#[tokio::test]
async fn questions_are_listed_filtered_and_answered() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 3, 10000);
    let api = Api::new(&sim);
    let first = sim
        .ask_question("A", "Bulaşık makinesinde yıkanabilir mi?")
        .unwrap();
    sim.clock.advance(Duration::from_secs(1));
    let second = sim.ask_question("A", "Kaç ml?").unwrap();
    const QNA: &str = "/integration/qna/sellers/104123/questions";
    // supplierId is required (Trendyol's questions page).
    let (s, _) = api.send(Method::GET, &format!("{QNA}/filter"), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, b) = api
        .send(
            Method::GET,
            &format!("{QNA}/filter?supplierId=104123&orderByDirection=ASC"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["totalElements"], 2);
    assert_eq!(b["content"][0]["id"], first);
    assert_eq!(b["content"][0]["status"], "WAITING_FOR_ANSWER");
    let (s, _) = api
        .send(
            Method::POST,
            &format!("{QNA}/{first}/answers"),
            Some(json!({ "text": "Evet" })),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "too short");
    let answer = "Evet, bulaşık makinesinde yıkanabilir.";
    let (s, b) = api
        .send(
            Method::POST,
            &format!("{QNA}/{first}/answers"),
            Some(json!({ "text": answer })),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, _) = api
        .send(
            Method::POST,
            &format!("{QNA}/{first}/answers"),
            Some(json!({ "text": answer })),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "answered already");
    let (_, b) = api
        .send(
            Method::GET,
            &format!("{QNA}/filter?supplierId=104123&status=WAITING_FOR_ANSWER"),
            None,
        )
        .await;
    assert_eq!(b["totalElements"], 1);
    assert_eq!(b["content"][0]["id"], second);
    assert_eq!(sim.question(first).unwrap().answer.unwrap().0, answer);
    let (s, _) = api
        .send(
            Method::GET,
            &format!("{QNA}/filter?supplierId=104123&status=NOPE"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn v2_category_attributes_and_their_values_are_served() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (s, b) = api
        .send(
            Method::GET,
            "/integration/product/categories/1002/attributes",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let attrs = b["categoryAttributes"].as_array().unwrap();
    assert!(!attrs.is_empty());
    assert!(
        attrs
            .iter()
            .all(|a| a.get("allowMultipleAttributeValues").is_some())
    );
    let material = attrs.iter().find(|a| a["attribute"]["id"] == 14).unwrap();
    assert_eq!(material["required"], false, "{material}");
    assert_eq!(material["allowCustom"], true, "{material}");
    assert!(
        material.get("attributeValues").is_none(),
        "v2 serves values separately"
    );
    let (s, b) = api
        .send(
            Method::GET,
            "/integration/product/categories/1002/attributes/14/values?size=2",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["content"].as_array().unwrap().len(), 2);
    assert!(b["totalElements"].as_i64().unwrap() > 2);
    let (s, _) = api
        .send(
            Method::GET,
            "/integration/product/categories/1002/attributes/999/values",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
