//! The engine against the strict Hepsiburada simulator: imports that take time, listings that
//! lag behind them, lost answers, duplicate creates refused. Nothing is created twice, and the
//! store ends with what the channel holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pofuai_channels::retry::Backoff;
use pofuai_core::Role;
use pofuai_core::clock::Clock;
use pofuai_core::product::{Currency, NewProduct, NewVariant, Prices};
use pofuai_core::secrets::SecretBox;
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::hepsiburada::{HepsiburadaSim, SimOptions, Strictness};
use pofuai_store::Store;
use pofuai_store::integrations::Integration;
use pofuai_store::products::Scope;
use pofuai_store::users::NewUser;
use pofuai_sync::{Engine, JobKind, SandboxOnly, SyncConfig, Worker};

const LIMIT: Duration = Duration::from_secs(60);

struct SimTime(pofuai_sandbox::SandboxClock);

impl Clock for SimTime {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }
}

struct Rig {
    sim: HepsiburadaSim,
    store: Store,
    engine: Engine,
    seller: i64,
    integration: i64,
    _dir: tempfile::TempDir,
}

/// (variant id, merchant SKU)
type Made = (i64, String);

async fn rig(strictness: Strictness, change: impl FnOnce(&mut SyncConfig)) -> Rig {
    let sim = HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap();
    sim.set_strictness(strictness);
    let dir = tempfile::tempdir().unwrap();
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let mut config = SyncConfig {
        sandbox_urls: BTreeMap::from([("hepsiburada".to_string(), sim.base_url().to_string())]),
        backoff: Backoff {
            base: Duration::from_millis(5),
            cap: Duration::from_millis(50),
        },
        lease: Duration::from_millis(1500),
        batch_poll: Duration::from_millis(40),
        batch_poll_first: Duration::from_millis(10),
        batch_polls: 10,
        call_timeout: Duration::from_millis(400),
        listing_settle: Duration::from_millis(2500),
        duplicate_recheck: Duration::from_millis(200),
        idle_poll: Duration::from_millis(50),
        public_url: "https://panel.pofuai.test".into(),
        ..SyncConfig::default()
    };
    change(&mut config);
    let engine = Engine::new(
        store.clone(),
        Arc::new(SimTime(sim.clock.clone())),
        SecretBox::new(&[7; 32]),
        config,
        Arc::new(SandboxOnly),
    );
    let now = engine.now_ms();
    let seller = store
        .create_user(
            NewUser {
                email: "satici@example.com",
                password_hash: "x",
                display_name: "Satıcı",
                role: Role::Seller,
            },
            now,
        )
        .await
        .unwrap();
    let o = SimOptions::hepsiburada();
    let mut integration = store
        .create_integration(
            &Integration {
                id: 0,
                owner_id: seller.id,
                integration_type: "marketplace".into(),
                integration_name: "hepsiburada".into(),
                display_name: "Hepsiburada".into(),
                config: BTreeMap::from([("merchant_id".to_string(), o.seller_id.clone())]),
                secrets: Some(
                    engine.secrets.seal(
                        &serde_json::json!({"username": o.username, "password": o.password})
                            .to_string(),
                    ),
                ),
                environment: "sandbox".into(),
                base_url: None,
                active: true,
                created_at: 0,
                updated_at: 0,
            },
            now,
        )
        .await
        .unwrap();
    integration.active = true;
    store.update_integration(&integration, now).await.unwrap();
    Rig {
        sim,
        store,
        engine,
        seller: seller.id,
        integration: integration.id,
        _dir: dir,
    }
}

impl Rig {
    async fn products(&self, count: usize) -> Vec<Made> {
        // Hepsiburada wants at least one image: an upload of the seller's.
        self.store
            .insert_upload(
                pofuai_store::uploads::NewUpload {
                    owner_id: self.seller,
                    path: "/uploads/kulaklik.png",
                    content_type: "image/png",
                    byte_size: 100,
                    width: 64,
                    height: 64,
                    sha256: "00",
                },
                self.engine.now_ms(),
            )
            .await
            .unwrap();
        let mut made = Vec::new();
        for i in 0..count {
            let p = self
                .store
                .create_product(
                    self.seller,
                    &NewProduct {
                        name: format!("Kablosuz Kulaklık {i}"),
                        description: "Gürültü engelleyici kulaklık.".into(),
                        category: "Elektronik".into(),
                        brand: "Pofu Tech".into(),
                        attributes: BTreeMap::from([(
                            "Garanti Süresi".to_string(),
                            "2 yıl".to_string(),
                        )]),
                        images: vec!["/uploads/kulaklik.png".into()],
                        variants: vec![NewVariant {
                            barcode: format!("869{i:010}"),
                            stock_code: format!("HK-{i:06}"),
                            attributes: BTreeMap::from([("Renk".to_string(), "Siyah".to_string())]),
                            stock: 10 + i as i64,
                            prices: Prices {
                                list_price: 59_990,
                                sale_price: 49_990,
                                currency: Currency::Try,
                            },
                            vat_rate: 20,
                        }],
                    },
                    self.engine.now_ms(),
                )
                .await
                .unwrap();
            made.push((p.variants[0].id, p.variants[0].stock_code.clone()));
        }
        made
    }

    async fn enqueue(&self, kind: JobKind) {
        self.engine
            .enqueue(self.seller, self.integration, kind)
            .await
            .unwrap();
    }

    async fn drive(&self) {
        let w = Worker::new(self.engine.clone(), "w1");
        let started = Instant::now();
        loop {
            w.run_until_idle().await.unwrap();
            let now = self.engine.now_ms();
            match self.store.next_job_due(now).await.unwrap() {
                None => return,
                Some(due) => {
                    assert!(started.elapsed() < LIMIT, "jobs still pending");
                    let wait = u64::try_from(due - now).unwrap_or(0).clamp(1, 200);
                    tokio::time::sleep(Duration::from_millis(wait)).await;
                }
            }
        }
    }

    /// Differences between the store and the simulator, as readable lines.
    async fn differences(&self, made: &[Made]) -> Vec<String> {
        let mut out = Vec::new();
        for (variant, sku) in made {
            let v = self
                .store
                .variant(*variant, Scope::Owner(self.seller))
                .await
                .unwrap();
            let want = (v.available(), v.sale_price);
            match self.sim.listing(sku) {
                None => out.push(format!("{sku} missing")),
                Some(l) => {
                    let got = (l.quantity, l.sale_price_minor);
                    if got != want {
                        out.push(format!("{sku}: channel {got:?}, store {want:?}"));
                    }
                }
            }
            let creates = self.sim.writes.count("product.create", sku);
            if creates != 1 {
                out.push(format!("{sku} created {creates} times"));
            }
        }
        out
    }
}

fn all() -> JobKind {
    JobKind::SyncProducts { product_ids: None }
}

/// An import whose answer is lost while new products are not listed yet: nothing is imported
/// twice, and after stock changes every listing shows the store's available stock.
#[tokio::test]
async fn a_lost_import_answer_while_listings_lag_creates_nothing_twice() {
    let r = rig(Strictness::documented(), |_| {}).await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(6).await;
    r.sim
        .faults
        .lose_answers("POST", "/product/api/products/import", 1);
    r.enqueue(all()).await;
    r.drive().await;
    // Stock changes after the push, while some listings may still lag.
    for (variant, _) in &made[..3] {
        r.store
            .set_stock_on_hand(&[(*variant, 3)], r.engine.now_ms())
            .await
            .unwrap();
    }
    r.engine.enqueue_stock_push(r.seller).await.unwrap();
    r.drive().await;
    // Whatever a lagging listing refused is found by the sweep and sent again.
    for _ in 0..20 {
        if r.differences(&made).await.is_empty() {
            break;
        }
        pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap();
        r.drive().await;
        // The simulator's listings lag by its own clock; move it rather than sleep.
        r.sim.clock.advance(Duration::from_millis(500));
    }
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    // A later sync finds everything in place and creates nothing.
    r.enqueue(all()).await;
    r.drive().await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
}

/// Listings lag longer than the engine waits, so the import is sent again and refused as a
/// duplicate: the product is linked, gets its stock, and no sync loops on importing it.
#[tokio::test]
async fn a_duplicate_import_refused_is_linked_and_gets_its_stock() {
    let r = rig(
        Strictness {
            listing_lag: Duration::from_secs(4),
            ..Strictness::documented()
        },
        |c| c.listing_settle = Duration::from_millis(300),
    )
    .await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(2).await;
    r.sim
        .faults
        .lose_answers("POST", "/product/api/products/import", 1);
    r.enqueue(all()).await;
    r.drive().await;
    for m in r.store.mappings(r.integration).await.unwrap() {
        assert_eq!(m.status, "synced", "{m:?}");
    }
    // The import was sent again (the listing lagged past the settle time) and refused.
    assert_eq!(r.sim.import_times().len(), 2);
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
    r.sim.clock.advance(Duration::from_secs(5));
    pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap();
    r.drive().await;
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    r.enqueue(all()).await;
    r.drive().await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
}
