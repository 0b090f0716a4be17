//! Channel sync end to end: the real connectors against the Trendyol and Hepsiburada
//! simulators, jobs run by a real worker over the test's database.
//!
//! Time: the app's clock is manual. A job that must wait (backoff, a platform's window) is
//! due only when the test moves the clock, so `drain` runs the worker until nothing is due,
//! then moves the clock a minute and goes again, until the jobs it watches have ended.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use pofuai_channels::retry::Backoff;
use pofuai_core::Role;
use pofuai_core::product::{Currency, NewProduct, NewVariant, Prices};
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::hepsiburada::{self as hb, HepsiburadaSim};
use pofuai_sandbox::trendyol::{self as ty, TrendyolSim};
use pofuai_sync::Worker;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, spawn_app_with};

struct Rig {
    app: TestApp,
    trendyol: TrendyolSim,
    hepsiburada: HepsiburadaSim,
}

async fn rig() -> Rig {
    let trendyol = TrendyolSim::spawn(ty::SimOptions::trendyol())
        .await
        .unwrap();
    let hepsiburada = HepsiburadaSim::spawn(hb::SimOptions::hepsiburada())
        .await
        .unwrap();
    let (ty_url, hb_url) = (
        trendyol.base_url().to_string(),
        hepsiburada.base_url().to_string(),
    );
    let app = spawn_app_with(move |c| {
        c.sync.sandbox_urls.insert("trendyol".into(), ty_url);
        c.sync.sandbox_urls.insert("hepsiburada".into(), hb_url);
        c.sync.backoff = Backoff {
            base: Duration::from_millis(5),
            cap: Duration::from_millis(40),
        };
        c.sync.batch_poll = Duration::from_millis(5);
        // Generous for a loaded CI machine; injected hangs outlast it.
        c.sync.call_timeout = Duration::from_millis(1500);
        c.sync.public_url = "https://panel.pofuai.test".into();
    })
    .await;
    Rig {
        app,
        trendyol,
        hepsiburada,
    }
}

impl Rig {
    /// Adds and activates a sandbox integration of `platform` for `seller`.
    async fn connect(&self, seller: &User, platform: &str) -> i64 {
        let config = match platform {
            "trendyol" => {
                let o = ty::SimOptions::trendyol();
                json!({"seller_id": o.seller_id, "api_key": o.username, "api_secret": o.password, "environment": "sandbox"})
            }
            _ => {
                let o = hb::SimOptions::hepsiburada();
                json!({"merchant_id": o.seller_id, "username": o.username, "password": o.password, "environment": "sandbox"})
            }
        };
        let r = self
            .app
            .post("/api/integrations", &seller.token, json!({"integration_type": "marketplace", "integration_name": platform, "config": config}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let r = self
            .app
            .post(
                &format!("/api/integrations/{id}/activate"),
                &seller.token,
                json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        id
    }

    /// Creates `n` sendable electronics products, one variant each; returns their barcodes.
    async fn products(&self, seller: &User, n: usize, start: usize) -> Vec<String> {
        let r = self
            .app
            .upload(&seller.token, crate::helpers::png(64, 64), "urun.png")
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let image = r.json::<Value>().await.unwrap()["path"]
            .as_str()
            .unwrap()
            .to_string();
        let mut barcodes = Vec::new();
        for i in start..start + n {
            let barcode = format!("869{:010}", i);
            let product = NewProduct {
                name: format!("Kablosuz Kulaklık Model {i}"),
                description: "Aktif gürültü engelleme, 30 saat pil.".into(),
                category: "Elektronik".into(),
                brand: "Pofu Tech".into(),
                attributes: BTreeMap::from([("Garanti Süresi".to_string(), "2 yıl".to_string())]),
                images: vec![image.clone()],
                variants: vec![NewVariant {
                    barcode: barcode.clone(),
                    stock_code: format!("PT-{i:06}"),
                    attributes: BTreeMap::from([("Renk".to_string(), "Siyah".to_string())]),
                    stock: 10,
                    prices: Prices {
                        list_price: 149_900,
                        sale_price: 129_990,
                        currency: Currency::Try,
                    },
                    vat_rate: 20,
                }],
            };
            self.app
                .store
                .create_product(seller.id, &product, self.app.clock.now())
                .await
                .unwrap();
            barcodes.push(barcode);
        }
        barcodes
    }

    /// Runs jobs until every job in `ids` has ended, moving the clock when only waiting jobs
    /// remain. Returns their final views.
    async fn drain(&self, seller: &User, ids: &[i64]) -> Vec<Value> {
        let worker = Worker::new(self.app.state.engine.clone(), "test-worker");
        for _ in 0..200 {
            worker.run_until_idle().await.unwrap();
            let mut views = Vec::new();
            for id in ids {
                views.push(self.job(seller, *id).await);
            }
            // Jobs these queued (stock pushes after an import) must end too.
            let others_pending = self
                .app
                .store
                .next_job_due(self.app.clock.now())
                .await
                .unwrap()
                .is_some();
            if !others_pending
                && views.iter().all(|v| {
                    ["succeeded", "failed", "dead"].contains(&v["state"].as_str().unwrap())
                })
            {
                return views;
            }
            self.app.clock.advance(Duration::from_secs(60));
        }
        panic!("jobs {ids:?} did not end");
    }

    /// Starts jobs through `path` and runs them to their end.
    async fn run(&self, seller: &User, path: &str, body: Value) -> Vec<Value> {
        let jobs = self.start(seller, path, body).await;
        self.drain(seller, &jobs).await
    }

    async fn job(&self, seller: &User, id: i64) -> Value {
        let r = self
            .app
            .get(&format!("/api/jobs/{id}"), &seller.token)
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn start(&self, seller: &User, path: &str, body: Value) -> Vec<i64> {
        // The simulators keep real time while the app's clock stands still; let it catch up
        // with what happened on the platform since the last step.
        let real = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let behind = real - self.app.clock.now();
        if behind > -1000 {
            self.app
                .clock
                .advance(Duration::from_millis((behind + 1000) as u64));
        }
        let r = self.app.post(path, &seller.token, body).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED, "{path}");
        let body: Value = r.json().await.unwrap();
        body["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["job_id"].as_i64().unwrap())
            .collect()
    }

    async fn orders(&self, seller: &User) -> Vec<Value> {
        let r = self.app.get("/api/orders?limit=100", &seller.token).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.unwrap()["items"]
            .as_array()
            .unwrap()
            .clone()
    }
}

trait Now {
    fn now(&self) -> i64;
}
impl Now for pofuai_web::ManualClock {
    fn now(&self) -> i64 {
        use pofuai_web::Clock;
        self.now_ms()
    }
}

#[tokio::test]
async fn two_thousand_products_reach_trendyol_once_and_an_unchanged_catalogue_sends_nothing() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let integration = rig.connect(&seller, "trendyol").await;
    let barcodes = rig.products(&seller, 2000, 0).await;

    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    assert_eq!(jobs.len(), 1);
    let view = &rig.drain(&seller, &jobs).await[0];
    assert_eq!(view["state"], "succeeded", "{view}");
    assert_eq!(view["progress"]["done"], 2000);
    assert_eq!(view["progress"]["failed"], 0);

    assert_eq!(rig.trendyol.listing_count(), 2000);
    let creates = rig.trendyol.writes.of_kind("product.create");
    assert_eq!(creates.len(), 2000);
    let unique: HashSet<_> = creates.iter().map(|w| w.key.clone()).collect();
    assert_eq!(unique.len(), 2000);
    let listed = rig.trendyol.listing(&barcodes[1234]).unwrap();
    assert_eq!(
        (
            listed.quantity,
            listed.sale_price_minor,
            listed.list_price_minor
        ),
        (10, 129_990, 149_900)
    );

    // Nothing changed: a second sync sends no product at all.
    let again = rig
        .start(
            &seller,
            "/api/integrations/sync/products",
            json!({"integration_ids": [integration]}),
        )
        .await;
    let view = &rig.drain(&seller, &again).await[0];
    assert_eq!(view["state"], "succeeded");
    assert_eq!(view["progress"]["total"], 0);
    assert_eq!(rig.trendyol.writes.all().len(), 2000);

    let logs: Value = rig
        .app
        .get(
            "/api/integrations/sync-logs?kind=sync_products",
            &seller.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let logs = logs["items"].as_array().unwrap();
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[1]["items_ok"], 2000);
    assert_eq!(logs[1]["status"], "succeeded");
}

#[tokio::test]
async fn products_reach_hepsiburada_with_merchant_skus() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "hepsiburada").await;
    rig.products(&seller, 150, 0).await;
    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let view = &rig.drain(&seller, &jobs).await[0];
    let errors = rig
        .app
        .get("/api/integrations/errors", &seller.token)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(view["state"], "succeeded", "{view}");
    assert_eq!(view["progress"]["done"], 150, "{errors}");
    assert_eq!(rig.hepsiburada.listing_count(), 150);
    let l = rig.hepsiburada.listing("PT-000042").unwrap();
    assert_eq!((l.quantity, l.sale_price_minor), (10, 129_990));
}

#[tokio::test]
async fn a_missing_required_attribute_is_refused_before_sending_and_names_it() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "trendyol").await;
    let shirt = NewProduct {
        name: "Organik Pamuk Tişört".into(),
        description: "Yumuşak dokulu.".into(),
        category: "Giyim".into(),
        brand: "Boğaziçi Tekstil".into(),
        attributes: BTreeMap::new(),
        images: vec![],
        variants: vec![NewVariant {
            barcode: "8691111111111".into(),
            stock_code: "BT-1".into(),
            attributes: BTreeMap::from([("Renk".to_string(), "Beyaz".to_string())]),
            stock: 3,
            prices: Prices {
                list_price: 29_990,
                sale_price: 29_990,
                currency: Currency::Try,
            },
            vat_rate: 10,
        }],
    };
    rig.app
        .store
        .create_product(seller.id, &shirt, rig.app.clock.now())
        .await
        .unwrap();
    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let view = &rig.drain(&seller, &jobs).await[0];
    assert_eq!(view["state"], "succeeded");
    assert_eq!(view["progress"]["failed"], 1);
    assert_eq!(rig.trendyol.listing_count(), 0, "nothing was sent");
    let errors: Value = rig
        .app
        .get("/api/integrations/errors", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let first = &errors["items"][0];
    assert_eq!(first["item_ref"], "8691111111111");
    assert!(
        first["message"].as_str().unwrap().contains("Beden"),
        "{first}"
    );

    // Resolve it; it leaves the unresolved list.
    let id = first["id"].as_i64().unwrap();
    let r = rig
        .app
        .post(
            &format!("/api/integrations/errors/{id}/resolve"),
            &seller.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let open: Value = rig
        .app
        .get("/api/integrations/errors?resolved=false", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id)
    );
}

#[tokio::test]
async fn stock_changes_and_orders_reach_every_channel() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 5, 0).await;
    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    for v in rig.drain(&seller, &jobs).await {
        assert_eq!(v["state"], "succeeded", "{v}");
    }

    // A stock change by barcode reaches both channels.
    let r = rig
        .app
        .post(
            "/api/integrations/update/stock",
            &seller.token,
            json!({"items": [{"barcode": barcodes[0], "quantity": 7}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["updated"], 1);
    let jobs: Vec<i64> = body["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["job_id"].as_i64().unwrap())
        .collect();
    assert_eq!(jobs.len(), 2);
    rig.drain(&seller, &jobs).await;
    assert_eq!(rig.trendyol.listing(&barcodes[0]).unwrap().quantity, 7);
    assert_eq!(rig.hepsiburada.listing("PT-000000").unwrap().quantity, 7);
    // One product, two channels: each variant is linked on both.
    let variant = rig
        .app
        .store
        .variant_by_barcode(&barcodes[0], pofuai_store::products::Scope::All)
        .await
        .unwrap();
    let channels: Value = rig
        .app
        .get(
            &format!("/api/products/{}/channels", variant.product_id),
            &seller.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let items = channels["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{channels}");
    assert!(items.iter().all(|m| m["status"] == "synced"
        && m["pushed_quantity"] == 7
        && m["barcode"] == barcodes[0].as_str()));
    let other = rig.app.user(Role::Seller).await;
    let r = rig
        .app
        .get(
            &format!("/api/products/{}/channels", variant.product_id),
            &other.token,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Only the changed row was sent.
    assert_eq!(rig.trendyol.writes.of_kind("inventory").len(), 1);

    // An order on Trendyol reserves stock; Hepsiburada hears the new available count.
    let package = rig
        .trendyol
        .place_order(&[(barcodes[1].as_str(), 3)])
        .unwrap();
    rig.run(
        &seller,
        "/api/integrations/sync/orders",
        json!({"integration_ids": [ty_id]}),
    )
    .await;
    let orders = rig.orders(&seller).await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["remote_package_id"], package.as_str());
    assert_eq!(orders[0]["lines"][0]["stock_state"], "reserved");
    // Every run so far went through at once: a perfect report, with call latencies.
    let report: Value = rig
        .app
        .get("/api/integrations/report", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    for row in report["items"].as_array().unwrap() {
        assert_eq!(row["success_rate"], 1.0, "{row}");
        assert!(row["integration"]["runs"].as_i64().unwrap() >= 2, "{row}");
        assert!(row["integration"]["latency_p50_ms"].is_i64(), "{row}");
        assert_eq!(row["integration"]["errors"], 0, "{row}");
    }
    // The import queued stock pushes; drain ran them.
    assert_eq!(rig.hepsiburada.listing("PT-000001").unwrap().quantity, 7);
    assert_eq!(rig.trendyol.listing(&barcodes[1]).unwrap().quantity, 7);
}

#[tokio::test]
async fn orders_imported_twice_are_stored_once_and_a_cancelled_line_releases_stock() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    let barcodes = rig.products(&seller, 3, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;

    let p1 = rig
        .trendyol
        .place_order(&[(barcodes[0].as_str(), 1), (barcodes[1].as_str(), 2)])
        .unwrap();
    rig.trendyol
        .place_order(&[(barcodes[2].as_str(), 1)])
        .unwrap();
    for _ in 0..2 {
        rig.run(
            &seller,
            "/api/integrations/sync/orders",
            json!({"integration_ids": [ty_id]}),
        )
        .await;
    }
    assert_eq!(rig.orders(&seller).await.len(), 2);
    let variant = rig
        .app
        .store
        .variant_by_barcode(&barcodes[1], pofuai_store::products::Scope::All)
        .await
        .unwrap();
    assert_eq!((variant.stock_on_hand, variant.stock_reserved), (10, 2));

    // Cancelling a line re-creates the package under a new id.
    let p2 = rig.trendyol.cancel_line(&p1, &barcodes[1]).unwrap();
    assert_ne!(p1, p2);
    rig.run(
        &seller,
        "/api/integrations/sync/orders",
        json!({"integration_ids": [ty_id]}),
    )
    .await;
    let orders = rig.orders(&seller).await;
    assert_eq!(orders.len(), 3);
    let old = orders
        .iter()
        .find(|o| o["remote_package_id"] == p1.as_str())
        .unwrap();
    assert_eq!(old["status"], "cancelled");
    let variant = rig
        .app
        .store
        .variant_by_barcode(&barcodes[1], pofuai_store::products::Scope::All)
        .await
        .unwrap();
    assert_eq!(
        variant.stock_reserved, 0,
        "the cancelled line no longer holds stock"
    );
    let kept = rig
        .app
        .store
        .variant_by_barcode(&barcodes[0], pofuai_store::products::Scope::All)
        .await
        .unwrap();
    assert_eq!(
        kept.stock_reserved, 1,
        "the re-created package holds its line once"
    );
}

#[tokio::test]
async fn status_tracking_and_claims_reach_the_platform() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    let barcodes = rig.products(&seller, 1, 0).await;
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    let package = rig
        .trendyol
        .place_order(&[(barcodes[0].as_str(), 1)])
        .unwrap();
    rig.run(
        &seller,
        "/api/integrations/sync/orders",
        json!({"integration_ids": [ty_id]}),
    )
    .await;
    let order_id = rig.orders(&seller).await[0]["id"].as_i64().unwrap();

    let r = rig
        .app
        .post(
            &format!("/api/orders/{order_id}/status"),
            &seller.token,
            json!({"status": "shipped"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    )
    .await;
    let r = rig
        .app
        .post(
            &format!("/api/orders/{order_id}/status"),
            &seller.token,
            json!({"status": "invoiced"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("invoice_number"),
    )
    .await;

    for body in [
        json!({"status": "picking"}),
        json!({"status": "invoiced", "invoice_number": "PFA2026000001"}),
    ] {
        let r = rig
            .app
            .post(
                &format!("/api/orders/{order_id}/status"),
                &seller.token,
                body,
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        let job = r.json::<Value>().await.unwrap()["job_id"].as_i64().unwrap();
        assert_eq!(rig.drain(&seller, &[job]).await[0]["state"], "succeeded");
    }
    let remote = rig.trendyol.package(&package).unwrap();
    assert_eq!(remote.status, "Invoiced");
    assert_eq!(remote.invoice_number.as_deref(), Some("PFA2026000001"));

    let r = rig
        .app
        .post(
            &format!("/api/orders/{order_id}/tracking"),
            &seller.token,
            json!({"tracking_number": "YK123456789"}),
        )
        .await;
    let job = r.json::<Value>().await.unwrap()["job_id"].as_i64().unwrap();
    assert_eq!(rig.drain(&seller, &[job]).await[0]["state"], "succeeded");
    assert_eq!(
        rig.trendyol
            .package(&package)
            .unwrap()
            .tracking_number
            .as_deref(),
        Some("YK123456789")
    );
    let order: Value = rig
        .app
        .get(&format!("/api/orders/{order_id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(order["status"], "invoiced");
    assert_eq!(order["cargo_tracking_number"], "YK123456789");

    // A return: imported, then approved on the platform.
    let claim_id = rig.trendyol.open_claim(&package, &barcodes[0]).unwrap();
    rig.run(
        &seller,
        "/api/integrations/sync/orders",
        json!({"integration_ids": [ty_id]}),
    )
    .await;
    let claims: Value = rig
        .app
        .get("/api/claims", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let claim = &claims["items"][0];
    assert_eq!(claim["remote_claim_id"], claim_id.as_str());
    let r = rig
        .app
        .post(
            &format!("/api/claims/{}/approve", claim["id"]),
            &seller.token,
            json!({}),
        )
        .await;
    let job = r.json::<Value>().await.unwrap()["job_id"].as_i64().unwrap();
    assert_eq!(rig.drain(&seller, &[job]).await[0]["state"], "succeeded");
    let remote = rig.trendyol.claim(&claim_id).unwrap();
    assert!(
        remote.items.iter().all(|i| i.status == "Accepted"),
        "{remote:?}"
    );
}

#[tokio::test]
async fn with_a_fifth_of_calls_failing_everything_still_ends_synced_and_failures_are_logged() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    let hb_id = rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 300, 0).await;
    for sim_faults in [&rig.trendyol.faults, &rig.hepsiburada.faults] {
        sim_faults.set(FaultConfig {
            hang_for: Duration::from_millis(2000),
            retry_after: Duration::from_secs(1),
            ..FaultConfig::mixed(0.2)
        });
    }
    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    for v in rig.drain(&seller, &jobs).await {
        assert_eq!(v["state"], "succeeded", "{v}");
    }
    assert_eq!(rig.trendyol.listing_count(), 300);
    assert_eq!(rig.hepsiburada.listing_count(), 300);
    for b in &barcodes {
        assert!(
            rig.trendyol.writes.count("product.create", b) <= 1,
            "{b} created twice"
        );
    }

    let r = rig
        .app
        .post(
            "/api/integrations/update/stock",
            &seller.token,
            json!({"items": [{"barcode": barcodes[9], "quantity": 2}]}),
        )
        .await;
    let jobs: Vec<i64> = r.json::<Value>().await.unwrap()["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["job_id"].as_i64().unwrap())
        .collect();
    rig.drain(&seller, &jobs).await;
    assert_eq!(rig.trendyol.listing(&barcodes[9]).unwrap().quantity, 2);
    assert_eq!(rig.hepsiburada.listing("PT-000009").unwrap().quantity, 2);

    rig.trendyol
        .place_order(&[(barcodes[3].as_str(), 1)])
        .unwrap();
    rig.hepsiburada.place_order(&[("PT-000004", 1)]).unwrap();
    rig.run(
        &seller,
        "/api/integrations/sync/orders",
        json!({"integration_ids": [ty_id, hb_id]}),
    )
    .await;
    assert_eq!(rig.orders(&seller).await.len(), 2);

    assert!(
        !rig.trendyol.faults.injected().is_empty() && !rig.hepsiburada.faults.injected().is_empty()
    );
    // Failed calls are on record: in the report and as retried runs in the sync log.
    let report: Value = rig
        .app
        .get("/api/integrations/report", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let failed_calls: i64 = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["integration"]["calls_failed"].as_i64().unwrap())
        .sum();
    assert!(failed_calls > 0, "{report}");
    for row in report["items"].as_array().unwrap() {
        let rate = row["success_rate"].as_f64().unwrap();
        assert!(
            rate > 0.0 && rate < 1.0,
            "retried runs lower the rate: {row}"
        );
    }
    let retried: Value = rig
        .app
        .get("/api/integrations/sync-logs?status=retrying", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(!retried["items"].as_array().unwrap().is_empty());
    // Each failed call is in the error log, resolved because its job got through.
    let mut logged = 0;
    let mut cursor = String::new();
    loop {
        let page: Value = rig
            .app
            .get(
                &format!("/api/integrations/errors?limit=100{cursor}"),
                &seller.token,
            )
            .await
            .json()
            .await
            .unwrap();
        for e in page["items"].as_array().unwrap() {
            assert!(
                ["429", "transient"].contains(&e["platform_code"].as_str().unwrap()),
                "{e}"
            );
            assert_eq!(e["resolved"], true, "{e}");
            logged += 1;
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    // Every passing failure has its row; the rest of the failed calls were answers the engine
    // settles itself (the duplicate refusal of a resent lost request).
    assert!(
        logged > 0 && logged <= failed_calls,
        "{logged} rows for {failed_calls} failed calls"
    );
}

#[tokio::test]
async fn a_worker_killed_mid_push_is_resumed_by_another_without_duplicate_writes() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "trendyol").await;
    rig.products(&seller, 2000, 0).await;
    let jobs = rig
        .start(&seller, "/api/integrations/sync/products", json!({}))
        .await;

    let mut events = rig.app.state.engine.job_events.subscribe();
    let doomed = Worker::new(rig.app.state.engine.clone(), "doomed");
    let task = tokio::spawn(async move { doomed.run_once().await });
    // Saves: the plan, chunk 1 sending, chunk 1 sent. Kill it then, mid-job.
    let mut saves = 0;
    while saves < 3 {
        let e = events.recv().await.unwrap();
        if e.job_id == jobs[0] {
            saves += 1;
        }
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let half = rig.job(&seller, jobs[0]).await;
    assert_eq!(
        half["state"], "running",
        "the dead worker still holds the lease"
    );

    // The lease runs out; the next worker takes the job over and finishes it.
    rig.app.clock.advance(Duration::from_secs(61));
    let view = &rig.drain(&seller, &jobs).await[0];
    assert_eq!(view["state"], "succeeded", "{view}");
    // A take-over is not a failed attempt (issue 10, item 5).
    assert_eq!(view["attempts"], 1, "{view}");
    assert_eq!(rig.trendyol.listing_count(), 2000);
    let creates = rig.trendyol.writes.of_kind("product.create");
    let unique: HashSet<_> = creates.iter().map(|w| w.key.clone()).collect();
    assert_eq!(
        (creates.len(), unique.len()),
        (2000, 2000),
        "no product was created twice"
    );
}

#[tokio::test]
async fn credentials_never_appear_in_answers_and_the_test_endpoint_tries_them() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let id = rig.connect(&seller, "trendyol").await;
    let secret = ty::SimOptions::trendyol().password;
    let r = rig
        .app
        .post(
            &format!("/api/integrations/{id}/test"),
            &seller.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.contains("\"ok\":true"), "{text}");
    assert!(!text.contains(&secret));

    // Wrong secret: the platform's refusal is reported, not an error of ours.
    let r = rig
        .app
        .patch(
            &format!("/api/integrations/{id}"),
            &seller.token,
            json!({"config": {"api_secret": "yanlis-sifre"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r: Value = rig
        .app
        .post(
            &format!("/api/integrations/{id}/test"),
            &seller.token,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["ok"], false);
    assert_eq!(r["code"], "unauthorized");
    let jobs = rig
        .start(&seller, "/api/integrations/sync/orders", json!({}))
        .await;
    let view = &rig.drain(&seller, &jobs).await[0];
    assert_eq!(
        view["state"], "failed",
        "bad credentials are not retried: {view}"
    );

    for path in [
        "/api/integrations",
        "/api/integrations/sync-logs",
        "/api/integrations/errors",
        "/api/integrations/report",
        &format!("/api/jobs/{}", jobs[0]),
    ] {
        let text = rig.app.get(path, &seller.token).await.text().await.unwrap();
        assert!(
            !text.contains(&secret) && !text.contains("yanlis-sifre"),
            "{path}: {text}"
        );
    }
}

#[tokio::test]
async fn a_seller_cannot_see_or_use_another_sellers_integration_or_jobs() {
    let rig = rig().await;
    let owner = rig.app.user(Role::Seller).await;
    let other = rig.app.user(Role::Seller).await;
    let id = rig.connect(&owner, "trendyol").await;
    let jobs = rig
        .start(&owner, "/api/integrations/sync/orders", json!({}))
        .await;

    let r = rig
        .app
        .post(
            "/api/integrations/sync/products",
            &other.token,
            json!({"integration_ids": [id]}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("integration_ids[0]"),
    )
    .await;
    for path in [
        format!("/api/jobs/{}", jobs[0]),
        format!("/api/integrations/{id}/category-mappings"),
        format!("/api/integrations/{id}/webhooks"),
    ] {
        let r = rig.app.get(&path, &other.token).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = rig
        .app
        .post(
            &format!("/api/integrations/{id}/test"),
            &other.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let logs: Value = rig
        .app
        .get("/api/integrations/sync-logs", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(logs["items"].as_array().unwrap().is_empty());

    let premium = rig.app.user(Role::Premium).await;
    let r = rig
        .app
        .post("/api/integrations/sync/orders", &premium.token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn webhooks_authenticate_like_the_platform_and_ignore_repeats() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let id = rig.connect(&seller, "trendyol").await;
    let r = rig
        .app
        .post(
            &format!("/api/integrations/{id}/webhooks"),
            &seller.token,
            json!({"auth": "api_key"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let hook: Value = r.json().await.unwrap();
    let key = hook["credentials"]["api_key"].as_str().unwrap().to_string();
    let path = hook["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("https://panel.pofuai.test")
        .to_string();
    let listed = rig
        .app
        .get(&format!("/api/integrations/{id}/webhooks"), &seller.token)
        .await
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(&key), "the key is shown once only");

    let barcodes = rig.products(&seller, 1, 0).await;
    let now = rig.app.clock.now();
    // Trendyol's delivery is the package itself, as in the orders list.
    let package = json!({
        "id": 3001, "orderNumber": "10001", "status": "Created",
        "customerFirstName": "Ayşe", "customerLastName": "Yılmaz",
        "totalPrice": 259.98, "currencyCode": "TRY", "orderDate": now, "lastModifiedDate": now,
        "lines": [{"id": 77, "quantity": 2, "barcode": barcodes[0], "merchantSku": "PT-000000",
                   "price": 129.99, "orderLineItemStatusName": "Created"}]
    });
    let deliver = |k: &str, body: &Value| {
        rig.app
            .client
            .post(rig.app.url(&path))
            .header("x-api-key", k)
            .json(body)
            .send()
    };
    assert_eq!(
        deliver("yanlis", &package).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let first: Value = deliver(&key, &package).await.unwrap().json().await.unwrap();
    assert_eq!(first["duplicate"], false);
    let again: Value = deliver(&key, &package).await.unwrap().json().await.unwrap();
    assert_eq!(again["duplicate"], true);

    // The package is stored at once and holds its stock, once.
    let orders = rig.orders(&seller).await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["remote_package_id"], "3001");
    assert_eq!(orders[0]["customer_name"], "Ayşe Yılmaz");
    let variant = rig
        .app
        .store
        .variant_by_barcode(&barcodes[0], pofuai_store::products::Scope::All)
        .await
        .unwrap();
    assert_eq!(variant.stock_reserved, 2);

    // What cannot be read as a package queues an order import instead.
    let odd: Value = deliver(&key, &json!({"event": "unknown"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(odd["duplicate"], false);
    let worker = Worker::new(rig.app.state.engine.clone(), "w");
    worker.run_until_idle().await.unwrap();
    let logs: Value = rig
        .app
        .get(
            "/api/integrations/sync-logs?kind=sync_orders",
            &seller.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(logs["items"].as_array().unwrap().len(), 1, "{logs}");
    assert_eq!(logs["items"][0]["status"], "succeeded");

    let r = rig
        .app
        .post(
            &format!("/api/integrations/{id}/webhooks"),
            &seller.token,
            json!({"auth": "hmac"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("auth"),
    )
    .await;
}

#[tokio::test]
async fn sync_requests_name_the_wrong_field() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let r = rig
        .app
        .post("/api/integrations/sync/products", &seller.token, json!({}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("integration_ids"),
    )
    .await;
    rig.connect(&seller, "trendyol").await;
    let r = rig
        .app
        .post(
            "/api/integrations/sync/products",
            &seller.token,
            json!({"product_ids": [999999]}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("product_ids[0]"),
    )
    .await;
    let r = rig
        .app
        .post(
            "/api/integrations/update/stock",
            &seller.token,
            json!({"items": [{"barcode": "x", "variant_id": 1, "quantity": 1}]}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("items[0]"),
    )
    .await;
    let r = rig
        .app
        .post(
            "/api/integrations/update/stock",
            &seller.token,
            json!({"items": [{"barcode": "8690000000000", "quantity": -1}]}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("items[0].quantity"),
    )
    .await;
    let r = rig
        .app
        .post(
            "/api/integrations/update/stock",
            &seller.token,
            json!({"items": []}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("items"),
    )
    .await;
    let r = rig
        .app
        .get("/api/integrations/sync-logs?kind=everything", &seller.token)
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kind"),
    )
    .await;
}

/// Captured log output, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn credentials_stay_out_of_every_log_line_and_the_database_file_while_syncing() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || sink.clone())
        .finish();
    // The test's runtime is single-threaded, so the server, the simulators and the worker all
    // log through this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    rig.connect(&seller, "trendyol").await;
    rig.connect(&seller, "hepsiburada").await;
    let barcodes = rig.products(&seller, 3, 0).await;
    rig.trendyol.faults.set(FaultConfig {
        server_error: 0.3,
        ..FaultConfig::default()
    });
    rig.run(&seller, "/api/integrations/sync/products", json!({}))
        .await;
    rig.trendyol
        .place_order(&[(barcodes[0].as_str(), 1)])
        .unwrap();
    rig.run(&seller, "/api/integrations/sync/orders", json!({}))
        .await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("channel call failed"),
        "the failures were logged"
    );
    let secrets = [
        ty::SimOptions::trendyol().password,
        hb::SimOptions::hepsiburada().password,
    ];
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret in the logs");
    }
    for f in std::fs::read_dir(rig.app.data_dir()).unwrap().flatten() {
        if f.file_name().to_string_lossy().starts_with("test.db") {
            let bytes = std::fs::read(f.path()).unwrap();
            for secret in &secrets {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "a secret on disk"
                );
            }
        }
    }
}

// Issue 10: Hepsiburada order lists, invoices, fulfilment and stock the seller can see.
mod stock_visibility;

// Issue 15: buyers' questions imported, drafted, approved and answered once.
mod questions;

/// The report's queue: jobs waiting per integration and when the next is due, for its owner
/// only; once the worker has run them, nothing is left waiting.
#[tokio::test]
async fn the_report_shows_each_integrations_queue_to_its_owner() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let ty_id = rig.connect(&seller, "trendyol").await;
    rig.products(&seller, 2, 0).await;
    let queue_of = |report: &Value, id: i64| -> Value {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["integration"]["integration_id"] == id)
            .map(|r| r["queue"].clone())
            .unwrap_or(Value::Null)
    };
    let jobs = rig
        .start(
            &seller,
            "/api/integrations/sync/products",
            json!({"integration_ids": [ty_id]}),
        )
        .await;
    assert!(!jobs.is_empty());
    let report: Value = rig
        .app
        .get("/api/integrations/report", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let queue = queue_of(&report, ty_id);
    assert!(queue["queued"].as_i64().unwrap() >= 1, "{report}");
    assert_eq!(queue["running"], 0, "{report}");
    assert_eq!(queue["dead"], 0, "{report}");
    assert!(queue["next_run_at"].is_i64(), "{report}");
    // Another seller sees neither the integration nor its queue.
    let other = rig.app.user(Role::Seller).await;
    let theirs: Value = rig
        .app
        .get("/api/integrations/report", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue_of(&theirs, ty_id), Value::Null, "{theirs}");

    rig.drain(&seller, &jobs).await;
    let report: Value = rig
        .app
        .get("/api/integrations/report", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let queue = queue_of(&report, ty_id);
    assert_eq!(queue["queued"], 0, "{report}");
    assert_eq!(queue["running"], 0, "{report}");
    assert!(queue["next_run_at"].is_null(), "{report}");
}
