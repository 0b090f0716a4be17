//! Analytics endpoints over one million order lines: loads two years of synthetic orders of
//! one seller (4,000 variants, two channels, ~400,000 orders) straight into the order tables,
//! rebuilds the daily rollups from them, then times each `/api/analytics/...` view the panel
//! and the assistant use, one request after another, beside `/healthz` (the floor) in the same
//! run.
//!
//! `cargo bench -p pofuai-web --bench analytics` (env: BENCH_LINES=1000000, BENCH_N=40,
//! POFUAI_TEST_DATABASE_URL to run on PostgreSQL instead of SQLite).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use pofuai_core::Role;
use pofuai_core::product::{NewProduct, NewVariant, Prices};
use pofuai_store::integrations::Integration;
use pofuai_store::testing::{BulkOrders, bulk_orders};
use pofuai_store::users::NewUser;
use pofuai_web::{AppState, Application, Clock, SystemClock, WebConfig};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

async fn user(store: &pofuai_store::Store, email: &str, role: Role, now: i64) -> i64 {
    let hash = pofuai_web::password::hash("bench-password-1".into())
        .await
        .expect("hash");
    store
        .create_user(
            NewUser {
                email,
                password_hash: &hash,
                display_name: "Bench",
                role,
            },
            now,
        )
        .await
        .expect("user")
        .id
}

async fn token(client: &reqwest::Client, base: &str, email: &str) -> String {
    let login: serde_json::Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"email": email, "password": "bench-password-1"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login json");
    login["token"].as_str().expect("token").to_string()
}

/// p50, p95 and the largest of `n` requests made one after another.
async fn time(client: &reqwest::Client, url: &str, token: Option<&str>, n: usize) -> [Duration; 3] {
    let mut took = Vec::with_capacity(n);
    for i in 0..n + 3 {
        let mut req = client.get(url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let t0 = Instant::now();
        let res = req.send().await.expect("request");
        let status = res.status();
        let body = res.bytes().await.expect("body");
        assert!(
            status.is_success(),
            "{url}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        // The first three warm caches and connections.
        if i >= 3 {
            took.push(t0.elapsed());
        }
    }
    took.sort();
    let at = |p: f64| took[((took.len() as f64 * p) as usize).min(took.len() - 1)];
    [at(0.5), at(0.95), took[took.len() - 1]]
}

#[tokio::main]
async fn main() {
    let lines: usize = env_or("BENCH_LINES", 1_000_000);
    let n: usize = env_or("BENCH_N", 40);
    let dir = tempfile::tempdir().expect("tempdir");
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .expect("store");
    let now = SystemClock.now_ms();
    let seller = user(&store, "seller@example.com", Role::Seller, now).await;
    user(&store, "admin@example.com", Role::Admin, now).await;

    let t0 = Instant::now();
    let mut integrations = Vec::new();
    for (name, display) in [("trendyol", "Trendyol"), ("hepsiburada", "Hepsiburada")] {
        let created = store
            .create_integration(
                &Integration {
                    id: 0,
                    owner_id: seller,
                    integration_type: "marketplace".into(),
                    integration_name: name.into(),
                    display_name: display.into(),
                    config: Default::default(),
                    secrets: None,
                    environment: "sandbox".into(),
                    base_url: None,
                    active: true,
                    created_at: now,
                    updated_at: now,
                },
                now,
            )
            .await
            .expect("integration");
        integrations.push(created.id);
    }
    let mut variants = Vec::new();
    for i in 0..2_000 {
        let price = 4_990 + (i as i64 * 7_919) % 250_000;
        let product = store
            .create_product(
                seller,
                &NewProduct {
                    name: format!("Ürün {i}"),
                    description: "Açıklama".into(),
                    category: format!("Kategori {}", i % 20),
                    brand: format!("Marka {}", i % 40),
                    attributes: Default::default(),
                    images: vec![],
                    variants: (0..2)
                        .map(|j| NewVariant {
                            barcode: format!("BN{i}-{j}"),
                            stock_code: format!("SC{i}-{j}"),
                            attributes: [("Beden".to_string(), ["S", "M"][j].to_string())].into(),
                            stock: 50,
                            prices: Prices::parse("", price, price, "TRY").expect("prices"),
                            vat_rate: 20,
                        })
                        .collect(),
                },
                now,
            )
            .await
            .expect("product");
        variants.extend(
            product
                .variants
                .iter()
                .map(|v| (v.id, v.barcode.clone(), price)),
        );
    }
    let catalogue = t0.elapsed();
    let days = 730;
    let t1 = Instant::now();
    let orders = bulk_orders(
        &store,
        &BulkOrders {
            owner_id: seller,
            integrations: &integrations,
            variants: &variants,
            first_ms: now - days * 86_400_000,
            days,
            lines,
            buyers: 60_000,
            seed: 7,
        },
    )
    .await
    .expect("orders");
    let loaded = t1.elapsed();
    let t2 = Instant::now();
    store
        .rebuild_sales_rollups(pofuai_store::products::Scope::Owner(seller))
        .await
        .expect("rebuild");
    let rebuilt = t2.elapsed();

    let state = AppState::new(
        store.clone(),
        Arc::new(SystemClock),
        WebConfig {
            data_dir: dir.path().into(),
            // One client asking as fast as it can is what is measured, not the limiter.
            rate_limits: pofuai_web::limits::RateLimits {
                global_per_sec: 1_000_000,
                per_ip_per_sec: 1_000_000,
                per_token_per_sec: 1_000_000,
            },
            ..WebConfig::default()
        },
    );
    let app = Application::bind("127.0.0.1:0", state).await.expect("bind");
    let base = format!("http://{}", app.local_addr().expect("addr"));
    tokio::spawn(app.serve(std::future::pending()));
    let client = reqwest::Client::new();
    let seller_token = token(&client, &base, "seller@example.com").await;
    let admin_token = token(&client, &base, "admin@example.com").await;

    let today = Utc::now().date_naive();
    let year_ago = today - Days::new(364);
    let views: Vec<(String, String, &str)> = vec![
        ("/healthz (floor)".into(), "/healthz".into(), ""),
        (
            "summary, 30 days".into(),
            "/api/analytics/summary".into(),
            "s",
        ),
        (
            "summary, 365 days".into(),
            format!("/api/analytics/summary?from={year_ago}"),
            "s",
        ),
        (
            "sales by day, 30 days, per channel".into(),
            "/api/analytics/sales?interval=day&group_by=channel".into(),
            "s",
        ),
        (
            "sales by week, 365 days".into(),
            format!("/api/analytics/sales?interval=week&from={year_ago}"),
            "s",
        ),
        (
            "sales by month, 365 days, one category".into(),
            format!("/api/analytics/sales?interval=month&from={year_ago}&category=Kategori%203"),
            "s",
        ),
        (
            "breakdown by channel, 30 days".into(),
            "/api/analytics/breakdown?by=channel".into(),
            "s",
        ),
        (
            "breakdown by category, 365 days".into(),
            format!("/api/analytics/breakdown?by=category&from={year_ago}"),
            "s",
        ),
        (
            "breakdown by brand, 30 days".into(),
            "/api/analytics/breakdown?by=brand".into(),
            "s",
        ),
        (
            "breakdown by product, 30 days".into(),
            "/api/analytics/breakdown?by=product&limit=50".into(),
            "s",
        ),
        (
            "breakdown by product, 365 days".into(),
            format!("/api/analytics/breakdown?by=product&from={year_ago}&limit=50"),
            "s",
        ),
        (
            "movers, 30 days".into(),
            "/api/analytics/movers".into(),
            "s",
        ),
        (
            "admin: summary of all sellers, 30 days".into(),
            "/api/analytics/summary".into(),
            "a",
        ),
    ];

    println!(
        "backend: {:?}; {} products, {} variants, {orders} orders, {lines} lines over {days} days",
        store.dialect(),
        variants.len() / 2,
        variants.len()
    );
    println!(
        "setup: catalogue {:.1} s, orders loaded and rolled up {:.1} s, rollups rebuilt again {:.1} s\n",
        catalogue.as_secs_f64(),
        loaded.as_secs_f64(),
        rebuilt.as_secs_f64()
    );
    println!(
        "{:<42} {:>8} {:>8} {:>8} {:>12}",
        "view", "p50 ms", "p95 ms", "max ms", "p95/floor"
    );
    let mut floor = None;
    for (name, path, who) in &views {
        let tok = match *who {
            "s" => Some(seller_token.as_str()),
            "a" => Some(admin_token.as_str()),
            _ => None,
        };
        let [p50, p95, max] = time(&client, &format!("{base}{path}"), tok, n).await;
        let floor = *floor.get_or_insert(p95);
        println!(
            "{:<42} {:>8.2} {:>8.2} {:>8.2} {:>11.0}x",
            name,
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            p95.as_secs_f64() / floor.as_secs_f64()
        );
    }
}
