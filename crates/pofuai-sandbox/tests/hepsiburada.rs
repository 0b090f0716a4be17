//! The Hepsiburada simulator enforces its contract: raw HTTP against it.
#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

use std::time::Duration;

use pofuai_sandbox::faults::{Fault, FaultConfig};
use pofuai_sandbox::hepsiburada::{HepsiburadaSim, SimOptions};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const UA: &str = "PofuAi";

async fn sim() -> HepsiburadaSim {
    HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap()
}

struct Api<'a> {
    sim: &'a HepsiburadaSim,
    http: reqwest::Client,
}

impl<'a> Api<'a> {
    fn new(sim: &'a HepsiburadaSim) -> Self {
        Api {
            sim,
            http: reqwest::Client::new(),
        }
    }

    fn mid(&self) -> &str {
        &self.sim.options().seller_id
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let o = self.sim.options();
        self.http
            .request(method, format!("{}{}", self.sim.base_url(), path))
            .basic_auth(&o.username, Some(&o.password))
            .header("User-Agent", UA)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.req(reqwest::Method::GET, path).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .req(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn import_raw(&self, form: Form) -> (u16, Value) {
        let r = self
            .req(reqwest::Method::POST, "/product/api/products/import")
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    async fn import(&self, items: &[Value]) -> (u16, Value) {
        let file = Part::bytes(serde_json::to_vec(items).unwrap())
            .file_name("products.json")
            .mime_str("application/json")
            .unwrap();
        self.import_raw(Form::new().part("file", file)).await
    }

    /// Imports and polls to the final result; returns the status rows.
    async fn import_done(&self, items: &[Value]) -> Vec<Value> {
        let (status, body) = self.import(items).await;
        assert_eq!(status, 200, "{body}");
        let id = body["data"]["trackingId"].as_str().unwrap().to_owned();
        let (_, first) = self
            .get(&format!(
                "/product/api/products/status/{id}?page=0&size=1000"
            ))
            .await;
        assert!(
            first["data"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["importStatus"] == "PROCESSING")
        );
        let (_, done) = self
            .get(&format!(
                "/product/api/products/status/{id}?page=0&size=1000"
            ))
            .await;
        done["data"].as_array().unwrap().clone()
    }
}

fn product(sku: &str, barcode: &str, category: u64, brand: &str) -> Value {
    json!({
        "categoryId": category,
        "merchant": SimOptions::hepsiburada().seller_id,
        "attributes": {
            "merchantSku": sku,
            "VaryantGroupID": "GRP1",
            "Barcode": barcode,
            "UrunAdi": format!("Ürün {sku}"),
            "UrunAciklamasi": "Açıklama",
            "Marka": brand,
            "kg": "1",
            "tax_vat_rate": "20",
            "price": "130,50",
            "stock": "7",
            "Image1": "https://img.example.com/1.jpg",
        }
    })
}

#[tokio::test]
async fn auth_user_agent_and_merchant_are_enforced() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let path = format!("/listings/merchantid/{}?offset=0&limit=10", api.mid());
    let url = format!("{}{}", sim.base_url(), path);

    let bad = api
        .http
        .get(&url)
        .basic_auth("pofuai_hb_demo", Some("wrong"))
        .header("User-Agent", UA)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);

    let o = sim.options();
    let no_agent = api
        .http
        .get(&url)
        .basic_auth(&o.username, Some(&o.password))
        .send()
        .await
        .unwrap();
    assert_eq!(no_agent.status(), 403);

    let trendyol_style = api
        .http
        .get(&url)
        .basic_auth(&o.username, Some(&o.password))
        .header("User-Agent", format!("{} - PofuAi", o.seller_id))
        .send()
        .await
        .unwrap();
    assert_eq!(trendyol_style.status(), 403);

    let (status, _) = api
        .get("/listings/merchantid/00000000-0000-0000-0000-000000000000?offset=0&limit=1")
        .await;
    assert_eq!(status, 403);

    let (status, body) = api.get(&path).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = api
        .get(&format!("/listings/merchantid/{}", api.mid()))
        .await;
    assert_eq!(status, 400, "offset and limit are required");
}

#[tokio::test]
async fn categories_and_attributes() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (status, body) = api
        .get("/product/api/categories/get-all-categories?leaf=true&page=0&size=100")
        .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in [
        "Elektronik",
        "Ev & Yaşam",
        "Giyim",
        "Kitap",
        "Kozmetik",
        "Mutfak",
        "Oyuncak",
        "Spor",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    assert!(!names.contains(&"Tüm Kategoriler"));

    let (status, body) = api.get("/product/api/categories/1/attributes").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 1003);

    let (status, body) = api.get("/product/api/categories/103/attributes").await;
    assert_eq!(status, 200);
    let beden = body["data"]["variantAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Beden")
        .unwrap()
        .clone();
    assert_eq!(beden["mandatory"], true);
    assert_eq!(beden["type"], "enum");
    let (_, values) = api
        .get("/product/api/categories/103/attribute/beden_variant_property/values")
        .await;
    assert_eq!(values["data"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn import_envelope_errors() {
    let sim = sim().await;
    let api = Api::new(&sim);

    let (status, body) = api.import_raw(Form::new().text("other", "x")).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(3003)));

    let txt = Part::bytes(b"[]".to_vec()).file_name("products.csv");
    let (status, body) = api.import_raw(Form::new().part("file", txt)).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(3002)));

    let junk = Part::bytes(b"{not json".to_vec()).file_name("p.json");
    let (status, body) = api.import_raw(Form::new().part("file", junk)).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(3001)));

    let many: Vec<Value> = (0..1001)
        .map(|i| product(&format!("SKU-{i}"), &format!("B{i}"), 102, "Anadolu Ev"))
        .collect();
    let (status, _) = api.import(&many).await;
    assert_eq!(status, 400);
    assert_eq!(sim.listing_count(), 0);

    let (status, body) = api
        .get("/product/api/products/status/no-such-id?page=0&size=10")
        .await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(4000)));
}

#[tokio::test]
async fn import_reports_per_item_failures_and_updates_existing() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let mut dot_price = product("SKU-PRICE", "B-PRICE", 102, "Anadolu Ev");
    dot_price["attributes"]["price"] = json!("130.50");
    let mut long_title = product("SKU-TITLE", "B-TITLE", 102, "Anadolu Ev");
    long_title["attributes"]["UrunAdi"] = json!("x".repeat(201));
    let mut sized = product("SKU-SIZED", "B-SIZED", 103, "Ela Moda");
    sized["attributes"]["beden_variant_property"] = json!("M");
    let mut wrong_size = product("SKU-WSIZE", "B-WSIZE", 103, "Ela Moda");
    wrong_size["attributes"]["beden_variant_property"] = json!("Kocaman");
    let items = vec![
        product("SKU-OK", "B-OK", 102, "Anadolu Ev"),
        sized,
        product("SKU-BRAND", "B-BRAND", 102, "Hiç Duyulmamış"),
        product("SKU-NOSIZE", "B-NOSIZE", 103, "Ela Moda"),
        wrong_size,
        product("SKU-ELEK", "B-ELEK", 101, "Pofu Tech"),
        dot_price,
        long_title,
        product("sku-lower", "B-LOWER", 102, "Anadolu Ev"),
        product("SKU-BARCODE", "B ÇÖP", 102, "Anadolu Ev"),
        product("SKU-DUPBAR", "B-OK", 102, "Anadolu Ev"),
        product("SKU-ROOT", "B-ROOT", 1, "Anadolu Ev"),
        product("SKU-NOCAT", "B-NOCAT", 999, "Anadolu Ev"),
    ];
    let rows = api.import_done(&items).await;
    let row = |sku: &str| rows.iter().find(|r| r["merchantSku"] == sku).unwrap();
    let reasons = |sku: &str| -> Vec<String> {
        row(sku)["validationResults"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["attributeName"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(row("SKU-OK")["importStatus"], "SUCCESS");
    assert!(row("SKU-OK")["hbSku"].as_str().unwrap().starts_with("HBC"));
    assert_eq!(row("SKU-SIZED")["importStatus"], "SUCCESS");
    for (sku, attr) in [
        ("SKU-BRAND", "Marka"),
        ("SKU-NOSIZE", "beden_variant_property"),
        ("SKU-WSIZE", "beden_variant_property"),
        ("SKU-ELEK", "GarantiSuresi"),
        ("SKU-PRICE", "price"),
        ("SKU-TITLE", "UrunAdi"),
        ("sku-lower", "merchantSku"),
        ("SKU-BARCODE", "Barcode"),
        ("SKU-DUPBAR", "Barcode"),
        ("SKU-ROOT", "categoryId"),
        ("SKU-NOCAT", "categoryId"),
    ] {
        assert_eq!(row(sku)["importStatus"], "FAILED", "{sku}");
        assert_eq!(reasons(sku), vec![attr.to_owned()], "{sku}");
    }
    assert_eq!(sim.listing_count(), 2);
    let ok = sim.listing("SKU-OK").unwrap();
    assert_eq!((ok.sale_price_minor, ok.quantity), (13050, 7));
    assert_eq!(sim.writes.count("product.create", "SKU-OK"), 1);
    assert_eq!(sim.writes.of_kind("product.create").len(), 2);

    // Re-importing a merchantSku updates it.
    let mut again = product("SKU-OK", "B-OK", 102, "Anadolu Ev");
    again["attributes"]["UrunAdi"] = json!("Yeni ad");
    let rows = api.import_done(&[again]).await;
    assert_eq!(rows[0]["importStatus"], "SUCCESS");
    assert_eq!(sim.listing("SKU-OK").unwrap().title, "Yeni ad");
    assert_eq!(sim.writes.count("product.update", "SKU-OK"), 1);
    assert_eq!(sim.writes.count("product.create", "SKU-OK"), 1);
}

#[tokio::test]
async fn stock_and_price_uploads() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.import_done(&[
        product("A-1", "BA1", 102, "Anadolu Ev"),
        product("A-2", "BA2", 102, "Anadolu Ev"),
    ])
    .await;
    let base = format!("/listings/merchantid/{}", api.mid());

    let (status, body) = api
        .post_json(
            &format!("{base}/stock-uploads"),
            &json!([
                {"merchantSku": "A-1", "availableStock": 40},
                {"merchantSku": "NOPE", "availableStock": 1},
                {"merchantSku": "A-2", "availableStock": -3},
            ]),
        )
        .await;
    assert_eq!(status, 200);
    let id = body["id"].as_str().unwrap().to_owned();
    // Applied at acceptance.
    assert_eq!(sim.listing("A-1").unwrap().quantity, 40);
    let (_, first) = api.get(&format!("{base}/stock-uploads/id/{id}")).await;
    assert_eq!(first["status"], "PROCESSING");
    let (_, done) = api.get(&format!("{base}/stock-uploads/id/{id}")).await;
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS");
    let errs = done["errors"].as_array().unwrap();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0]["elementNo"], 1);
    assert_eq!(errs[1]["merchantSku"], "A-2");
    assert_eq!(sim.writes.of_kind("inventory").len(), 1);
    // A stock id is not a price id.
    let (status, _) = api.get(&format!("{base}/price-uploads/id/{id}")).await;
    assert_eq!(status, 404);

    let (status, body) = api
        .post_json(
            &format!("{base}/price-uploads"),
            &json!([{"merchantSku": "A-2", "price": 129.9}]),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(sim.listing("A-2").unwrap().sale_price_minor, 12990);
    let id = body["id"].as_str().unwrap().to_owned();
    api.get(&format!("{base}/price-uploads/id/{id}")).await;
    let (_, done) = api.get(&format!("{base}/price-uploads/id/{id}")).await;
    assert_eq!(done["status"], "COMPLETED");

    let (status, body) = api
        .post_json(
            &format!("{base}/price-uploads"),
            &json!([{"merchantSku": "A-2", "price": 1.234}]),
        )
        .await;
    assert_eq!(status, 200);
    let id = body["id"].as_str().unwrap().to_owned();
    api.get(&format!("{base}/price-uploads/id/{id}")).await;
    let (_, done) = api.get(&format!("{base}/price-uploads/id/{id}")).await;
    assert_eq!(done["status"], "FAILED");

    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"merchantSku": format!("S{i}"), "availableStock": 1}))
        .collect();
    let (status, _) = api
        .post_json(&format!("{base}/stock-uploads"), &json!(many))
        .await;
    assert_eq!(status, 400);
    let (status, _) = api
        .post_json(
            &format!("{base}/stock-uploads"),
            &json!({"merchantSku": "A-1"}),
        )
        .await;
    assert_eq!(status, 400);

    let (_, listed) = api
        .get(&format!(
            "{base}?offset=0&limit=10&merchantSkuList=A-2,NOPE"
        ))
        .await;
    assert_eq!(listed["totalCount"], 1);
    assert_eq!(listed["listings"][0]["price"], 129.9);
}

#[tokio::test]
async fn orders_claims_paging_and_rate_limit() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let mut stocked = product("O-1", "BO1", 102, "Anadolu Ev");
    stocked["attributes"]["stock"] = json!("100");
    api.import_done(&[stocked]).await;
    for _ in 0..5 {
        sim.place_order(&[("O-1", 2)]).unwrap();
    }
    let mid = api.mid().to_owned();
    let (status, _) = api.get(&format!("/orders/merchantId/{mid}?offset=0")).await;
    assert_eq!(status, 400);
    let (status, _) = api
        .get(&format!("/orders/merchantId/{mid}?offset=0&limit=101"))
        .await;
    assert_eq!(status, 400);
    let (status, page) = api
        .get(&format!("/orders/merchantId/{mid}?offset=3&limit=2"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["totalCount"], 5);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["items"][0]["price"]["amount"], 130.5);

    let (status, body) = api.get(&format!("/claims/merchantId/{mid}?offset=0")).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "LimitCannotBeEmpty");

    // A window in the future holds nothing.
    sim.clock.advance(Duration::from_secs(1));
    let future = "2999-01-01T00:00:00Z";
    let (_, page) = api
        .get(&format!(
            "/orders/merchantId/{mid}?offset=0&limit=10&beginDate={future}"
        ))
        .await;
    assert_eq!(page["totalCount"], 0);

    // oms endpoints: 120 per minute each (our simulator's choice).
    let path = format!("/claims/merchantId/{mid}?offset=0&limit=10");
    for _ in 0..119 {
        let (status, _) = api.get(&path).await;
        assert_eq!(status, 200);
    }
    let r = api.req(reqwest::Method::GET, &path).send().await.unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    // Other endpoints have their own window.
    let (status, _) = api
        .get(&format!("/orders/merchantId/{mid}?offset=0&limit=1"))
        .await;
    assert_eq!(status, 200);
    sim.clock.advance(Duration::from_secs(61));
    let (status, _) = api.get(&path).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn packing_invoice_intransit_and_claims() {
    let sim = sim().await;
    let api = Api::new(&sim);
    assert_eq!(sim.place_random_order(), None, "nothing listed yet");
    api.import_done(&[
        product("P-1", "BP1", 102, "Anadolu Ev"),
        product("P-2", "BP2", 102, "Anadolu Ev"),
    ])
    .await;
    let random = sim.place_random_order().unwrap();
    let random = sim.package(&random).unwrap();
    assert_eq!(random.status, "Open");
    assert!((1..=2).contains(&random.lines.len()));
    assert!(random.lines.iter().all(|l| l.unit_price_minor == 13050));
    assert!(sim.place_order(&[("NOPE", 1)]).is_err());
    let order = sim.place_order(&[("P-1", 1), ("P-2", 1)]).unwrap();
    sim.cancel_line(&order, "P-2").unwrap();
    let mid = api.mid().to_owned();
    let (_, cancelled) = api
        .get(&format!(
            "/orders/merchantId/{mid}/cancelled?offset=0&limit=10"
        ))
        .await;
    assert_eq!(cancelled["totalCount"], 1);
    let lines = sim.package(&order).unwrap().lines;
    let (live, dead) = (&lines[0].line_id, &lines[1].line_id);

    let (status, _) = api
        .post_json(
            &format!("/packages/merchantId/{mid}"),
            &json!({"lineItems": [dead]}),
        )
        .await;
    assert_eq!(status, 400, "a cancelled line cannot be packed");
    let (status, body) = api
        .post_json(
            &format!("/packages/merchantId/{mid}"),
            &json!({"lineItems": [live]}),
        )
        .await;
    assert_eq!(status, 201);
    let pn = body["packageNumber"].as_str().unwrap().to_owned();
    assert_eq!(sim.package(&order).unwrap().status, "Packed");
    let (status, _) = api
        .post_json(
            &format!("/packages/merchantId/{mid}"),
            &json!({"lineItems": [live]}),
        )
        .await;
    assert_eq!(status, 400, "packing twice is refused");

    let r = api
        .req(
            reqwest::Method::PUT,
            &format!("/packages/merchantId/{mid}/packagenumber/{pn}/invoice"),
        )
        .json(&json!({"serialNumber": "PFA2026000000001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        400,
        "the invoice link is required with the number"
    );
    let r = api
        .req(
            reqwest::Method::PUT,
            &format!("/packages/merchantId/{mid}/packagenumber/{pn}/invoice"),
        )
        .json(&json!({
            "serialNumber": "PFA2026000000001",
            "invoiceLink": "https://efatura.example.com/PFA2026000000001.pdf",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (status, _) = api
        .post_json(
            &format!("/packages/merchantId/{mid}/packagenumber/{pn}/intransit"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = api
        .post_json(
            &format!("/packages/merchantId/{mid}/packagenumber/{pn}/intransit"),
            &json!({"trackingNumber": "YK123"}),
        )
        .await;
    assert_eq!(status, 200);
    let p = sim.package(&order).unwrap();
    assert_eq!(p.status, "Shipped");
    assert_eq!(p.tracking_number.as_deref(), Some("YK123"));
    assert_eq!(p.invoice_number.as_deref(), Some("PFA2026000000001"));
    assert_eq!(sim.writes.count("package.status", &order), 2);
    assert_eq!(sim.writes.count("package.tracking", &order), 1);

    let claim = sim.open_claim(&order, "P-1").unwrap();
    assert!(sim.open_claim(&order, "P-2").is_none(), "cancelled line");
    let (status, _) = api
        .post_json(&format!("/claims/number/{claim}/accept"), &json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = api
        .post_json(&format!("/claims/number/{claim}/accept"), &json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("ClaimAlreadyAccepted"))
    );
    assert_eq!(sim.claim(&claim).unwrap().status, "Accepted");
    assert_eq!(sim.writes.count("claim.approve", &claim), 1);
}

#[tokio::test]
async fn faults_are_injected_and_lost_answers_still_apply() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.import_done(&[product("F-1", "BF1", 102, "Anadolu Ev")])
        .await;
    let base = format!("/listings/merchantid/{}", api.mid());

    sim.faults.set(FaultConfig {
        server_error: 1.0,
        ..FaultConfig::default()
    });
    let (status, _) = api
        .post_json(
            &format!("{base}/stock-uploads"),
            &json!([{"merchantSku": "F-1", "availableStock": 99}]),
        )
        .await;
    assert_eq!(status, 503);
    assert_eq!(sim.listing("F-1").unwrap().quantity, 7, "nothing applied");

    sim.faults.set(FaultConfig {
        lost_response: 1.0,
        hang_for: Duration::from_secs(5),
        ..FaultConfig::default()
    });
    let lost = api
        .req(reqwest::Method::POST, &format!("{base}/stock-uploads"))
        .timeout(Duration::from_secs(1))
        .json(&json!([{"merchantSku": "F-1", "availableStock": 99}]))
        .send()
        .await;
    assert!(lost.unwrap_err().is_timeout());
    assert_eq!(sim.listing("F-1").unwrap().quantity, 99, "applied anyway");
    assert_eq!(
        sim.faults.injected(),
        vec![Fault::ServerError, Fault::LostResponse]
    );
}

#[tokio::test]
async fn each_order_stage_has_its_own_list() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.import_done(&[product("S-1", "BS1", 102, "Anadolu Ev")])
        .await;
    let mid = api.mid().to_owned();
    // Buyers order within what the listing shows (7), and each sale lowers it.
    assert!(sim.place_order(&[("S-1", 8)]).is_err());
    let unpaid = sim.place_unpaid_order(&[("S-1", 1)]).unwrap();
    let packed = sim.place_order(&[("S-1", 1)]).unwrap();
    let shipped = sim.place_order(&[("S-1", 1)]).unwrap();
    let delivered = sim.place_order(&[("S-1", 1)]).unwrap();
    assert_eq!(sim.listing("S-1").unwrap().quantity, 3);
    let list = |suffix: &str| {
        let api = &api;
        let path = format!("/{suffix}?offset=0&limit=10");
        async move {
            let (status, body) = api.get(&path).await;
            assert_eq!(status, 200, "{path}: {body}");
            let rows = body
                .get("items")
                .cloned()
                .unwrap_or(body)
                .as_array()
                .unwrap()
                .clone();
            let mut numbers: Vec<String> = rows
                .iter()
                .map(|r| r["orderNumber"].as_str().unwrap().to_owned())
                .collect();
            numbers.sort();
            numbers
        }
    };
    assert_eq!(
        list(&format!("orders/merchantId/{mid}/paymentawaiting")).await,
        [unpaid.as_str()]
    );
    let (status, body) = api
        .get(&format!("/orders/merchantId/{mid}/ordernumber/{unpaid}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "PaymentAwaiting");
    assert!(
        body["orderDate"].as_str().unwrap().ends_with("+03:00"),
        "{body}"
    );
    for number in [&packed, &shipped, &delivered] {
        let line = sim.package(number).unwrap().lines[0].line_id.clone();
        let (status, body) = api
            .post_json(
                &format!("/packages/merchantId/{mid}"),
                &json!({ "lineItems": [line] }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        if number != &packed {
            let pn = body["packageNumber"].as_str().unwrap().to_owned();
            let (status, _) = api
                .post_json(
                    &format!("/packages/merchantId/{mid}/packagenumber/{pn}/intransit"),
                    &json!({ "trackingNumber": format!("YK{number}") }),
                )
                .await;
            assert_eq!(status, 200);
        }
    }
    sim.deliver(&delivered).unwrap();
    assert!(
        sim.deliver(&packed).is_err(),
        "only shipped packages are delivered"
    );
    assert_eq!(
        list(&format!("packages/merchantId/{mid}")).await,
        [packed.as_str()]
    );
    assert_eq!(
        list(&format!("packages/merchantId/{mid}/shipped")).await,
        [shipped.as_str()]
    );
    assert_eq!(
        list(&format!("packages/merchantId/{mid}/delivered")).await,
        [delivered.as_str()]
    );
    assert!(
        list(&format!("packages/merchantId/{mid}/undelivered"))
            .await
            .is_empty()
    );
    // The unpaid order cannot be packed and is not on the open list until paid.
    let line = sim.package(&unpaid).unwrap().lines[0].line_id.clone();
    let (status, body) = api
        .post_json(
            &format!("/packages/merchantId/{mid}"),
            &json!({ "lineItems": [line] }),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(list(&format!("orders/merchantId/{mid}")).await.is_empty());
    sim.confirm_payment(&unpaid).unwrap();
    assert_eq!(list(&format!("orders/merchantId/{mid}")).await, [unpaid]);
}
