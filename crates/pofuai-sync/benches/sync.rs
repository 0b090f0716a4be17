//! Sync benchmark: pushes 10,000 products to the Trendyol simulator, then streams stock
//! changes, through the real job worker, store and connector.
//!
//! Prints the push's wall time beside the least time the simulator's rate limits allow for
//! the requests it needed (measured from the requests actually served), and the latency from
//! a stock change to the simulator applying it, p50 and p99.
//!
//! `cargo bench -p pofuai-sync --bench sync` (env: BENCH_PRODUCTS=10000, BENCH_CHANGES=300,
//! BENCH_CHANGE_EVERY_MS=20, POFUAI_TEST_DATABASE_URL for PostgreSQL).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pofuai_core::Role;
use pofuai_core::clock::{Clock, SystemClock};
use pofuai_core::product::{Currency, NewProduct, NewVariant, Prices};
use pofuai_core::secrets::SecretBox;
use pofuai_sandbox::trendyol::{SimOptions, Strictness, TrendyolSim};
use pofuai_store::integrations::Integration;
use pofuai_store::users::NewUser;
use pofuai_sync::{Engine, JobKind, SandboxOnly, SyncConfig, Worker};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[i64], q: f64) -> i64 {
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let products = env("BENCH_PRODUCTS", 10_000);
    let changes = env("BENCH_CHANGES", 300);
    let every = Duration::from_millis(env("BENCH_CHANGE_EVERY_MS", 20) as u64);

    let b = setup(products, Strictness::default(), |c| {
        c.batch_poll = Duration::from_millis(50)
    })
    .await;
    let (push, worker) = b.push().await;
    let (sim, store, engine, seller, variants) =
        (&b.sim, &b.store, &b.engine, &b.seller, &b.variants);
    let floor = sim.minimum_time_allowed();
    println!(
        "push {products} products: {:.2} s wall; rate limits allow at least {:.2} s for the requests it made ({} create batches); {:.0} products/s",
        push.as_secs_f64(),
        floor.as_secs_f64(),
        sim.writes.of_kind("product.create").len().div_ceil(1000),
        products as f64 / push.as_secs_f64()
    );

    // A stream of stock changes: each sets a distinct quantity so its arrival is unambiguous.
    let mut changed_at: HashMap<(String, i64), i64> = HashMap::new();
    let before = sim.writes.of_kind("inventory").len();
    for n in 0..changes {
        let (variant, barcode) = &variants[(n * 7919) % variants.len()];
        let quantity = 1_000 + n as i64;
        let t = SystemClock.now_ms();
        store
            .set_stock_on_hand(&[(*variant, quantity)], t)
            .await
            .expect("stock");
        engine.enqueue_stock_push(seller.id).await.expect("push");
        changed_at.insert((barcode.clone(), quantity), t);
        tokio::time::sleep(every).await;
    }
    // Wait for the last change to land (each has a distinct value, so count them).
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut latencies = Vec::new();
    loop {
        let writes = sim.writes.of_kind("inventory");
        latencies.clear();
        for w in &writes[before..] {
            let quantity = w
                .value
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix("quantity="))
                .and_then(|q| q.parse::<i64>().ok());
            if let Some(q) = quantity
                && let Some(t) = changed_at.get(&(w.key.clone(), q))
            {
                latencies.push(w.at_ms - t);
            }
        }
        if latencies.len() >= changes || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    latencies.sort_unstable();
    println!(
        "stock propagation over {} changes every {} ms: p50 {} ms, p99 {} ms ({} of {} arrived)",
        changes,
        every.as_millis(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.len(),
        changes
    );

    worker.abort();
    drop(b);
    default_poll_comparison().await;
}

/// The push at the default poll settings (first poll at once, then 250 ms doubling to 2 s),
/// against a platform that processes each batch for `BENCH_PROCESSING_MS`: batches in flight
/// as configured, against the sequential push (one batch at a time) with the same polls and
/// with the flat 2 s poll it had before, all measured in this run.
async fn default_poll_comparison() {
    let products = env("BENCH_POLL_PRODUCTS", 3_000);
    let processing = Duration::from_millis(env("BENCH_PROCESSING_MS", 1_000) as u64);
    let strictness = Strictness {
        batch_processing: processing,
        listing_lag: Duration::ZERO,
        ..Strictness::documented()
    };
    let default = SyncConfig::default();
    let mut runs = Vec::new();
    for (name, in_flight, first) in [
        ("sequential, flat 2 s poll", 1, default.batch_poll),
        ("sequential, polls from 250 ms", 1, default.batch_poll_first),
        (
            "default (in flight, polls from 250 ms)",
            default.batch_in_flight,
            default.batch_poll_first,
        ),
    ] {
        let b = setup(products, strictness.clone(), |c| {
            c.batch_in_flight = in_flight;
            c.batch_poll_first = first;
        })
        .await;
        let (wall, worker) = b.push().await;
        worker.abort();
        println!(
            "push {products} products at the default poll settings, batches processing {} ms, {name}: {:.2} s wall",
            processing.as_millis(),
            wall.as_secs_f64()
        );
        runs.push(wall);
    }
    println!(
        "default push against sequential: {:.2}x faster than with the flat 2 s poll, {:.2}x faster than sequential with the same polls",
        runs[0].as_secs_f64() / runs[2].as_secs_f64(),
        runs[1].as_secs_f64() / runs[2].as_secs_f64()
    );
}

/// A simulator, a store with one seller, a Trendyol integration and `products` products.
struct Bench {
    sim: TrendyolSim,
    store: pofuai_store::Store,
    engine: Engine,
    seller: pofuai_store::users::User,
    integration: Integration,
    variants: Vec<(i64, String)>,
    _dir: tempfile::TempDir,
}

async fn setup(
    products: usize,
    strictness: Strictness,
    change: impl FnOnce(&mut SyncConfig),
) -> Bench {
    let sim = TrendyolSim::spawn(SimOptions::trendyol())
        .await
        .expect("simulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .expect("store");
    sim.set_strictness(strictness);
    let mut config = SyncConfig {
        sandbox_urls: BTreeMap::from([("trendyol".to_string(), sim.base_url().to_string())]),
        public_url: "https://bench.pofuai.local".into(),
        ..SyncConfig::default()
    };
    change(&mut config);
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        SecretBox::new(&[7; 32]),
        config,
        Arc::new(SandboxOnly),
    );
    let now = SystemClock.now_ms();
    let seller = store
        .create_user(
            NewUser {
                email: "bench@example.com",
                password_hash: "x",
                display_name: "Bench",
                role: Role::Seller,
            },
            now,
        )
        .await
        .expect("seller");
    let o = SimOptions::trendyol();
    let mut integration = store
        .create_integration(
            &Integration {
                id: 0,
                owner_id: seller.id,
                integration_type: "marketplace".into(),
                integration_name: "trendyol".into(),
                display_name: "Trendyol".into(),
                config: BTreeMap::from([("seller_id".to_string(), o.seller_id.clone())]),
                secrets: Some(
                    engine.secrets.seal(
                        &serde_json::json!({"api_key": o.username, "api_secret": o.password})
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
        .expect("integration");
    integration.active = true;
    store
        .update_integration(&integration, now)
        .await
        .expect("activate");

    eprintln!("creating {products} products…");
    let mut variants = Vec::with_capacity(products);
    for i in 0..products {
        let p = store
            .create_product(
                seller.id,
                &NewProduct {
                    name: format!("Bench Ürün {i}"),
                    description: "Karşılaştırma ürünü.".into(),
                    category: "Elektronik".into(),
                    brand: "Pofu Tech".into(),
                    attributes: BTreeMap::from([(
                        "Garanti Süresi".to_string(),
                        "2 yıl".to_string(),
                    )]),
                    images: vec![],
                    variants: vec![NewVariant {
                        barcode: format!("869{i:010}"),
                        stock_code: format!("BN-{i:06}"),
                        attributes: BTreeMap::new(),
                        stock: 100,
                        prices: Prices {
                            list_price: 19_990,
                            sale_price: 17_990,
                            currency: Currency::Try,
                        },
                        vat_rate: 20,
                    }],
                },
                now,
            )
            .await
            .expect("product");
        variants.push((p.variants[0].id, p.variants[0].barcode.clone()));
    }

    Bench {
        sim,
        store,
        engine,
        seller,
        integration,
        variants,
        _dir: dir,
    }
}

impl Bench {
    /// Pushes every product through a worker; the wall time from queueing to success, and
    /// the worker, still running.
    async fn push(&self) -> (Duration, tokio::task::JoinHandle<()>) {
        let (sim, engine, seller, integration) =
            (&self.sim, &self.engine, &self.seller, &self.integration);
        let products = self.variants.len();
        let mut events = engine.job_events.subscribe();
        let worker = tokio::spawn(Worker::new(engine.clone(), "bench").run(std::future::pending()));
        let started = Instant::now();
        let job = engine
            .enqueue(
                seller.id,
                integration.id,
                JobKind::SyncProducts { product_ids: None },
            )
            .await
            .expect("enqueue");
        loop {
            let e = events.recv().await.expect("events");
            if e.job_id == job.id && e.state != "running" && e.state != "queued" {
                assert_eq!(e.state, "succeeded", "push ended {e:?}");
                break;
            }
        }
        let push = started.elapsed();
        assert_eq!(sim.listing_count(), products, "every product listed");
        (push, worker)
    }
}
