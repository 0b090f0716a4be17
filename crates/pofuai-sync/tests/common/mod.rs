//! The rig the engine's tests share: a Trendyol simulator, a fresh store (SQLite, or
//! PostgreSQL with POFUAI_TEST_DATABASE_URL), one seller with an active Trendyol integration,
//! and an engine with short waits.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pofuai_channels::retry::Backoff;
use pofuai_core::Role;
use pofuai_core::clock::Clock;
use pofuai_core::product::{Currency, NewProduct, NewVariant, Prices, VariantChanges};
use pofuai_core::secrets::SecretBox;
use pofuai_sandbox::trendyol::{SimOptions, Strictness, TrendyolSim};
use pofuai_store::Store;
use pofuai_store::integrations::Integration;
use pofuai_store::products::Scope;
use pofuai_store::users::NewUser;
use pofuai_sync::{Engine, SandboxOnly, SyncConfig, Worker};

/// The engine reads the simulator's clock, so a test moves both past the platform's windows
/// (the 15-minute rule, listing lags) at once instead of sleeping.
struct SimTime(pofuai_sandbox::SandboxClock);

impl Clock for SimTime {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }
}

/// What every engine rig shares, whichever simulator it talks to: a fresh store, one seller
/// with one active integration in the sandbox environment, an engine on the simulator's clock.
pub struct Base {
    pub store: Store,
    pub engine: Engine,
    pub seller: i64,
    pub integration: i64,
    /// The database's URL, for a second node on the same database.
    pub url: String,
    _dir: tempfile::TempDir,
}

/// The simulator a rig's integration points at.
pub struct Channel {
    pub name: &'static str,
    pub display_name: &'static str,
    pub base_url: String,
    pub clock: pofuai_sandbox::SandboxClock,
    pub config: BTreeMap<String, String>,
    pub secrets: serde_json::Value,
}

pub struct Rig {
    pub sim: TrendyolSim,
    pub base: Base,
}

impl std::ops::Deref for Rig {
    type Target = Base;
    fn deref(&self) -> &Base {
        &self.base
    }
}

/// A variant the rig created: (variant id, product id, barcode).
#[derive(Debug, Clone)]
pub struct Made {
    pub variant: i64,
    pub product: i64,
    pub barcode: String,
}

/// Short waits for tests; `change` adjusts them.
pub fn test_config(channel: &str, base_url: &str) -> SyncConfig {
    SyncConfig {
        sandbox_urls: BTreeMap::from([(channel.to_string(), base_url.to_string())]),
        backoff: Backoff {
            base: Duration::from_millis(5),
            cap: Duration::from_millis(50),
        },
        lease: Duration::from_millis(1500),
        batch_poll: Duration::from_millis(40),
        batch_poll_first: Duration::from_millis(10),
        batch_polls: 10,
        call_timeout: Duration::from_millis(1500),
        listing_settle: Duration::from_millis(2500),
        duplicate_recheck: Duration::from_millis(200),
        idle_poll: Duration::from_millis(50),
        public_url: "https://panel.pofuai.test".into(),
        ..SyncConfig::default()
    }
}

pub async fn base(channel: Channel, change: impl FnOnce(&mut SyncConfig)) -> Base {
    let dir = tempfile::tempdir().unwrap();
    let url = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let mut config = test_config(channel.name, &channel.base_url);
    change(&mut config);
    let engine = Engine::new(
        store.clone(),
        Arc::new(SimTime(channel.clock)),
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
    let mut integration = store
        .create_integration(
            &Integration {
                id: 0,
                owner_id: seller.id,
                integration_type: "marketplace".into(),
                integration_name: channel.name.into(),
                display_name: channel.display_name.into(),
                config: channel.config,
                secrets: Some(engine.secrets.seal(&channel.secrets.to_string())),
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
    Base {
        store,
        engine,
        seller: seller.id,
        integration: integration.id,
        url,
        _dir: dir,
    }
}

pub async fn rig(strictness: Strictness, change: impl FnOnce(&mut SyncConfig)) -> Rig {
    let sim = TrendyolSim::spawn(SimOptions::trendyol()).await.unwrap();
    sim.set_strictness(strictness);
    let o = SimOptions::trendyol();
    let base = base(
        Channel {
            name: "trendyol",
            display_name: "Trendyol",
            base_url: sim.base_url().to_string(),
            clock: sim.clock.clone(),
            config: BTreeMap::from([("seller_id".to_string(), o.seller_id.clone())]),
            secrets: serde_json::json!({"api_key": o.username, "api_secret": o.password}),
        },
        change,
    )
    .await;
    Rig { sim, base }
}

impl Base {
    /// Another node: its own connections to the same database, its own engine and settings,
    /// nothing in memory shared with the rig's engine.
    pub async fn second_node(&self) -> Engine {
        let store = Store::connect(&self.url).await.unwrap();
        Engine::new(
            store,
            self.engine.clock.clone(),
            SecretBox::new(&[7; 32]),
            self.engine.config.clone(),
            Arc::new(SandboxOnly),
        )
    }

    pub fn now(&self) -> i64 {
        self.engine.now_ms()
    }

    pub async fn enqueue(&self, kind: pofuai_sync::JobKind) -> i64 {
        self.engine
            .enqueue(self.seller, self.integration, kind)
            .await
            .unwrap()
            .id
    }

    /// Runs jobs until none is queued or running, sleeping only until the next one falls due
    /// (deferred jobs wait for the platform). Panics after `limit`.
    pub async fn drive(&self, worker: &str, limit: Duration) {
        let w = Worker::new(self.engine.clone(), worker);
        let started = Instant::now();
        loop {
            w.run_until_idle().await.unwrap();
            let now = self.now();
            match self.store.next_job_due(now).await.unwrap() {
                None => return,
                Some(due) => {
                    assert!(
                        started.elapsed() < limit,
                        "jobs still pending after {limit:?}"
                    );
                    let wait = u64::try_from(due - now).unwrap_or(0).clamp(1, 200);
                    tokio::time::sleep(Duration::from_millis(wait)).await;
                }
            }
        }
    }
}

impl Rig {
    /// `count` products with `variants` variants each, stock 10 + i, Turkish names.
    pub async fn products(&self, count: usize, variants: usize, vat_rate: i64) -> Vec<Made> {
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
                        images: vec![],
                        variants: (0..variants)
                            .map(|v| NewVariant {
                                barcode: format!("869{i:07}{v:03}"),
                                stock_code: format!("KK-{i:06}-{v}"),
                                attributes: BTreeMap::from([(
                                    "Renk".to_string(),
                                    ["Siyah", "Beyaz", "Mavi"][v % 3].to_string(),
                                )]),
                                stock: 10 + (i % 50) as i64,
                                prices: Prices {
                                    list_price: 59_990,
                                    sale_price: 49_990,
                                    currency: Currency::Try,
                                },
                                vat_rate,
                            })
                            .collect(),
                    },
                    self.now(),
                )
                .await
                .unwrap();
            for v in &p.variants {
                made.push(Made {
                    variant: v.id,
                    product: p.id,
                    barcode: v.barcode.clone(),
                });
            }
        }
        made
    }

    pub async fn set_stock(&self, m: &Made, stock: i64) {
        self.store
            .set_stock_on_hand(&[(m.variant, stock)], self.now())
            .await
            .unwrap();
    }

    pub async fn set_sale_price(&self, m: &Made, sale_price: i64) {
        self.store
            .update_variant(
                m.product,
                m.variant,
                Scope::Owner(self.seller),
                &VariantChanges {
                    sale_price: Some(sale_price),
                    ..VariantChanges::default()
                },
                None,
                self.now(),
            )
            .await
            .unwrap();
    }

    /// What the store says the channel should show for a variant: (available, sale, list).
    pub async fn expected(&self, m: &Made) -> (i64, i64, i64) {
        let v = self
            .store
            .variant(m.variant, Scope::Owner(self.seller))
            .await
            .unwrap();
        (v.available(), v.sale_price, v.list_price.max(v.sale_price))
    }

    /// Differences between the store and the simulator, as readable lines.
    pub async fn differences(&self, made: &[Made]) -> Vec<String> {
        let mut out = Vec::new();
        for m in made {
            let want = self.expected(m).await;
            match self.sim.listing(&m.barcode) {
                None => out.push(format!("{} missing", m.barcode)),
                Some(l) => {
                    let got = (l.quantity, l.sale_price_minor, l.list_price_minor);
                    if got != want {
                        out.push(format!("{}: channel {got:?}, store {want:?}", m.barcode));
                    }
                }
            }
            let creates = self.sim.writes.count("product.create", &m.barcode);
            if creates != 1 {
                out.push(format!("{} created {creates} times", m.barcode));
            }
        }
        out
    }
}
