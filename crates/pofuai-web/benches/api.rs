//! Load benchmark: `GET /api/products?limit=20` and `GET /api/products/{id}` under concurrent
//! clients, beside a bare axum handler serving a same-sized JSON body, all measured in this
//! run on this machine, so the ratios show what our layers (auth lookup, store queries,
//! activity recording, serialisation, middleware) cost. SQLite always; PostgreSQL too, in the
//! same run, when POFUAI_TEST_DATABASE_URL names a database. Issue #13's targets are checked
//! at the end: list ≥ 0.25× bare, item ≥ 0.4× bare, p99 ≤ 15 ms on SQLite.
//!
//! `cargo bench -p pofuai-web --bench api` (env: BENCH_SECS=5, BENCH_CLIENTS=32).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use pofuai_core::Role;
use pofuai_core::product::{NewProduct, NewVariant, Prices};
use pofuai_store::users::NewUser;
use pofuai_web::{AppState, Application, Clock, SystemClock, WebConfig};

struct Outcome {
    name: String,
    requests: usize,
    errors: usize,
    rps: f64,
    p50: Duration,
    p99: Duration,
}

async fn load(
    name: &str,
    url: String,
    token: Option<String>,
    clients: usize,
    secs: u64,
) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .expect("client");
    // Warm up connections and caches.
    for _ in 0..clients {
        let mut req = client.get(&url);
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        let _ = req.send().await.map(|r| r.bytes());
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let client = client.clone();
        let url = url.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while Instant::now() < deadline {
                let t0 = Instant::now();
                let mut req = client.get(&url);
                if let Some(t) = &token {
                    req = req.bearer_auth(t);
                }
                match req.send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        latencies.push(t0.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("client task");
        all.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Outcome {
        name: name.to_string(),
        requests: all.len(),
        errors,
        rps: all.len() as f64 / elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

struct Targets {
    list_ratio: f64,
    item_ratio: f64,
    p99_ms: f64,
}

const TARGETS: Targets = Targets {
    list_ratio: 0.25,
    item_ratio: 0.4,
    p99_ms: 15.0,
};

#[tokio::main]
async fn main() {
    let secs: u64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let clients: usize = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut backends = vec![(
        "SQLite",
        format!("sqlite://{}", dir.path().join("bench.db").display()),
    )];
    if std::env::var(pofuai_store::testing::TEST_DATABASE_ENV).is_ok_and(|u| !u.is_empty()) {
        let url = pofuai_store::testing::fresh_url(dir.path())
            .await
            .expect("PostgreSQL schema");
        backends.push(("PostgreSQL", url));
    }
    println!(
        "{clients} concurrent clients, {secs} s per target; built with {} assertions\n",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "no debug"
        }
    );
    let mut verdicts = Vec::new();
    for (name, url) in backends {
        let runs = measure(&url, dir.path(), clients, secs).await;
        println!("== {name}");
        println!(
            "{:<30} {:>10} {:>8} {:>10} {:>10} {:>10}",
            "target", "req/s", "errors", "p50 ms", "p99 ms", "vs bare"
        );
        for (i, r) in runs.iter().enumerate() {
            // Pairs of (bare, ours); the last run is the list again, against the list's bare.
            let baseline = if i == 4 { &runs[0] } else { &runs[i - i % 2] };
            println!(
                "{:<30} {:>10.0} {:>8} {:>10.2} {:>10.2} {:>9.3}x",
                r.name,
                r.rps,
                r.errors,
                r.p50.as_secs_f64() * 1e3,
                r.p99.as_secs_f64() * 1e3,
                r.rps / baseline.rps,
            );
            let _ = r.requests;
        }
        println!();
        let p99 = |r: &Outcome| r.p99.as_secs_f64() * 1e3;
        let (list, item) = (runs[1].rps / runs[0].rps, runs[3].rps / runs[2].rps);
        verdicts.push(format!(
            "{name}: list {list:.3}x bare (target >= {}) {}; item {item:.3}x bare (target >= {}) {}{}",
            TARGETS.list_ratio,
            ok(list >= TARGETS.list_ratio),
            TARGETS.item_ratio,
            ok(item >= TARGETS.item_ratio),
            if name == "SQLite" {
                format!(
                    "; p99 list {:.1} ms, item {:.1} ms (target <= {} ms) {}",
                    p99(&runs[1]),
                    p99(&runs[3]),
                    TARGETS.p99_ms,
                    ok(p99(&runs[1]) <= TARGETS.p99_ms && p99(&runs[3]) <= TARGETS.p99_ms)
                )
            } else {
                String::new()
            }
        ));
    }
    println!("Against issue #13's targets:");
    for v in verdicts {
        println!("  {v}");
    }
}

fn ok(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// Seeds a fresh database at `url`, serves it, and loads the five targets in turn.
async fn measure(url: &str, dir: &std::path::Path, clients: usize, secs: u64) -> Vec<Outcome> {
    let store = pofuai_store::Store::connect(url).await.expect("store");
    store.migrate().await.expect("migrate");
    let now = SystemClock.now_ms();
    let hash = pofuai_web::password::hash("bench-password-1".into())
        .await
        .expect("hash");
    let seller = store
        .create_user(
            NewUser {
                email: "bench@example.com",
                password_hash: &hash,
                display_name: "Bench",
                role: Role::Seller,
            },
            now,
        )
        .await
        .expect("user");
    let mut last_id = 0;
    for i in 0..500 {
        let p = NewProduct {
            name: format!("Ürün {i} Premium Kahve Makinesi"),
            description: "Açıklama ".repeat(20),
            category: ["Elektronik", "Mutfak", "Giyim"][i % 3].to_string(),
            brand: "Pofu Tech".into(),
            attributes: [("Garanti".to_string(), "2 yıl".to_string())].into(),
            images: vec![],
            variants: (0..3)
                .map(|j| NewVariant {
                    barcode: format!("B{i}-{j}"),
                    stock_code: format!("S{i}-{j}"),
                    attributes: [("Renk".to_string(), "Siyah".to_string())].into(),
                    stock: 10,
                    prices: Prices::parse("", 129990, 99990, "TRY").expect("prices"),
                    vat_rate: 20,
                })
                .collect(),
        };
        last_id = store
            .create_product(seller.id, &p, now)
            .await
            .expect("product")
            .id;
    }
    let state = AppState::new(
        store.clone(),
        Arc::new(SystemClock),
        WebConfig {
            data_dir: dir.into(),
            // The rate limits are not what is measured: out of the way.
            rate_limits: pofuai_web::limits::RateLimits {
                global_per_sec: 10_000_000,
                per_ip_per_sec: 10_000_000,
                per_token_per_sec: 10_000_000,
            },
            ..WebConfig::default()
        },
    );
    let app = Application::bind("127.0.0.1:0", state.clone())
        .await
        .expect("bind");
    let addr = app.local_addr().expect("addr");
    tokio::spawn(app.serve(std::future::pending()));

    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("http://{addr}/api/auth/login"))
        .json(&serde_json::json!({"email": "bench@example.com", "password": "bench-password-1"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login json");
    let token = login["token"].as_str().expect("token").to_string();

    // The baseline returns the same bytes our list endpoint returns, from memory.
    let list_body = client
        .get(format!("http://{addr}/api/products?limit=20"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .bytes()
        .await
        .expect("bytes");
    let item_body = client
        .get(format!("http://{addr}/api/products/{last_id}"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("item")
        .bytes()
        .await
        .expect("bytes");
    let bare = Router::new()
        .route(
            "/list",
            get(move || {
                let b = list_body.clone();
                async move { ([("content-type", "application/json")], b) }
            }),
        )
        .route(
            "/item",
            get(move || {
                let b = item_body.clone();
                async move { ([("content-type", "application/json")], b) }
            }),
        );
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind bare");
    let bare_addr = bare_listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(bare_listener, bare).await });

    let mut runs = vec![
        load(
            "bare axum, list-sized JSON",
            format!("http://{bare_addr}/list"),
            None,
            clients,
            secs,
        )
        .await,
        load(
            "GET /api/products?limit=20",
            format!("http://{addr}/api/products?limit=20"),
            Some(token.clone()),
            clients,
            secs,
        )
        .await,
        load(
            "bare axum, item-sized JSON",
            format!("http://{bare_addr}/item"),
            None,
            clients,
            secs,
        )
        .await,
        load(
            "GET /api/products/{id}",
            format!("http://{addr}/api/products/{last_id}"),
            Some(token.clone()),
            clients,
            secs,
        )
        .await,
    ];
    // The cache's worst case short of no cache: the first page changes ten times a second
    // (a stock change of its newest product, as an order import makes), so every answer is
    // read again from the database within 100 ms of being kept.
    let variant = store
        .product(last_id, pofuai_store::products::Scope::All)
        .await
        .expect("product")
        .variants[0]
        .id;
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0.. {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let _ = store
                    .set_stock_on_hand(&[(variant, 10 + n % 2)], SystemClock.now_ms())
                    .await;
            }
        })
    };
    let before = state.answers.stats();
    let reads_before = state.answers.stamp_reads();
    runs.push(
        load(
            "list, page changing 10x/s",
            format!("http://{addr}/api/products?limit=20"),
            Some(token.clone()),
            clients,
            secs,
        )
        .await,
    );
    writer.abort();
    let after = state.answers.stats();
    let cache = store.token_cache_stats();
    println!(
        "token cache: {} hits, {} misses; answer cache: {} hits, {} misses ({} and {} while \
         the page changed); catalogue stamp reads: {} before, {} while the page changed; \
         activities dropped: {}",
        cache.hits,
        cache.misses,
        after.hits,
        after.misses,
        after.hits - before.hits,
        after.misses - before.misses,
        reads_before,
        state.answers.stamp_reads() - reads_before,
        state.activities.dropped()
    );
    state.activities.flush().await;
    runs
}
