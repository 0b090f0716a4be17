//! Page benchmark: how long the server takes to render each panel page, and how many bytes
//! a page costs, on the demo data with SQLite (issue #12: p95 ≤ 30 ms for the dashboard and the
//! product grid; ≤ 150 KB per page, images excluded).
//!
//! It starts this crate's own binary as `pofuai serve --demo --offline` (the same demo a
//! seller gets: 18 months of orders, both sandbox channels) on a free loopback port with a
//! fresh data directory, signs in as the demo seller and the admin, and requests each page
//! one at a time over a kept-alive connection. Beside the pages it measures, in the same
//! run, `/healthz` (the floor: connection, routing, middleware) and the JSON API of the same
//! data (`/api/products?limit=25`, what the grid shows), so the figures can be read relative
//! to this machine as well as absolutely.
//!
//!   cargo bench -p pofuai --bench pages         # BENCH_N=200 requests per page
//!
//! Not a test: it reports, it does not fail on a slow machine.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    _dir: tempfile::TempDir,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_pofuai"))
        .args(["serve", "--demo", "--offline"])
        .env("POFUAI_DATA_DIR", dir.path().join("data"))
        .env("POFUAI_BIND", format!("127.0.0.1:{port}"))
        .env("POFUAI_LOG", "warn")
        // The benchmark measures rendering, not the rate limiter.
        .env("POFUAI_RATE_LIMIT_GLOBAL", "1000000")
        .env("POFUAI_RATE_LIMIT_PER_IP", "1000000")
        .env("POFUAI_RATE_LIMIT_PER_TOKEN", "1000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start pofuai");
    // The demo's 18 months of orders are imported in the background after the server is up;
    // the dashboard is measured on the full history, so wait for the line saying it landed.
    let mut child = child;
    let stdout = child.stdout.take().expect("piped stdout");
    let (history_tx, history_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with("demo history:") {
                let _ = history_tx.send(line);
            }
        }
    });
    let server = Server {
        child,
        _dir: dir,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(Instant::now() < deadline, "the demo server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    match history_rx.recv_timeout(Duration::from_secs(600)) {
        Ok(line) => eprintln!("{line}"),
        Err(e) => panic!("the demo history was not imported: {e}"),
    }
    server
}

/// The session cookie of the demo account, from the API's login.
async fn session(client: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login");
    assert!(
        res.status().is_success(),
        "login of {email}: {}",
        res.status()
    );
    res.headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

struct Row {
    name: String,
    p50: f64,
    p95: f64,
    p99: f64,
    bytes: usize,
}

async fn measure(client: &reqwest::Client, url: &str, cookie: &str, n: usize) -> (Vec<f64>, usize) {
    let mut bytes = 0;
    for _ in 0..5 {
        let r = client
            .get(url)
            .header("cookie", cookie)
            .send()
            .await
            .expect("warm-up");
        assert!(r.status().is_success(), "{url}: {}", r.status());
        bytes = r.bytes().await.expect("body").len();
    }
    let mut ms = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        let r = client
            .get(url)
            .header("cookie", cookie)
            .send()
            .await
            .expect("request");
        let status = r.status();
        let _ = r.bytes().await.expect("body");
        ms.push(t0.elapsed().as_secs_f64() * 1e3);
        assert!(status.is_success(), "{url}: {status}");
    }
    ms.sort_by(f64::total_cmp);
    (ms, bytes)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let server = start().await;
    let base = server.base.clone();
    // One connection, kept alive: the time is the server's, not the handshake's.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let seller = session(&client, &base, "satici@pofuai.demo", "Demo-Satici-2026").await;
    let admin = session(&client, &base, "yonetici@pofuai.demo", "Demo-Yonetici-2026").await;
    let first: serde_json::Value = client
        .get(format!("{base}/api/products?limit=1"))
        .header("cookie", &seller)
        .send()
        .await
        .expect("products")
        .json()
        .await
        .expect("json");
    let product = first["items"][0]["id"].as_i64().expect("a demo product");

    // Assets every page loads once (cached afterwards), counted into a first visit's bytes.
    let mut assets = 0;
    for a in ["panel.css", "panel.js", "htmx-2.0.8.min.js"] {
        assets += client
            .get(format!("{base}/assets/{a}"))
            .send()
            .await
            .expect("asset")
            .bytes()
            .await
            .expect("asset body")
            .len();
    }

    let targets: Vec<(String, String, &String)> = vec![
        ("GET /healthz (floor)".into(), "/healthz".into(), &seller),
        (
            "GET /api/products?limit=25 (JSON)".into(),
            "/api/products?limit=25".into(),
            &seller,
        ),
        ("dashboard /".into(), "/".into(), &seller),
        ("product grid /products".into(), "/products".into(), &seller),
        (
            "grid search ?q=kahve".into(),
            "/products?q=kahve".into(),
            &seller,
        ),
        (
            "product editor".into(),
            format!("/products/{product}"),
            &seller,
        ),
        ("template studio".into(), "/templates".into(), &seller),
        ("orders".into(), "/orders".into(), &seller),
        ("integrations".into(), "/integrations".into(), &seller),
        ("analytics".into(), "/analytics".into(), &seller),
        ("account".into(), "/account".into(), &seller),
        ("buyers' questions".into(), "/questions".into(), &seller),
        ("assistant".into(), "/assistant".into(), &seller),
        ("users (admin)".into(), "/admin/users".into(), &admin),
        ("system (admin)".into(), "/admin/system".into(), &admin),
        (
            "GET /api/recommendations".into(),
            "/api/recommendations".into(),
            &seller,
        ),
        (
            "GET /api/products/{id}/related".into(),
            format!("/api/products/{product}/related"),
            &seller,
        ),
    ];
    let mut rows = Vec::new();
    for (name, path, cookie) in targets {
        let (ms, bytes) = measure(&client, &format!("{base}{path}"), cookie, n).await;
        rows.push(Row {
            name,
            p50: pct(&ms, 0.50),
            p95: pct(&ms, 0.95),
            p99: pct(&ms, 0.99),
            bytes,
        });
    }
    let floor = rows[0].p50.max(0.001);
    let json = rows[1].p50.max(0.001);
    println!("SQLite, demo data, {n} sequential requests per page, one kept-alive connection");
    println!(
        "assets loaded once per visit (css + js + htmx): {:.1} KB\n",
        assets as f64 / 1024.0
    );
    println!(
        "{:<36} {:>8} {:>8} {:>10} {:>10} {:>10} {:>14}",
        "target", "p50 ms", "p95 ms", "p50/floor", "p50/JSON", "HTML KB", "+assets KB"
    );
    for r in &rows {
        println!(
            "{:<36} {:>8.2} {:>8.2} {:>9.1}x {:>9.1}x {:>10.1} {:>14.1}",
            r.name,
            r.p50,
            r.p95,
            r.p50 / floor,
            r.p50 / json,
            r.bytes as f64 / 1024.0,
            (r.bytes + assets) as f64 / 1024.0,
        );
    }
    for r in rows
        .iter()
        .filter(|r| r.name.starts_with("dashboard") || r.name.starts_with("product grid"))
    {
        let verdict = if r.p95 <= 30.0 { "within" } else { "OVER" };
        println!(
            "target p95 <= 30 ms: {} {verdict} ({:.2} ms)",
            r.name, r.p95
        );
    }
    for r in rows
        .iter()
        .filter(|r| r.name.contains("recommendations") || r.name.contains("related"))
    {
        let verdict = if r.p99 <= 20.0 { "within" } else { "OVER" };
        println!(
            "target p99 <= 20 ms: {} {verdict} ({:.2} ms)",
            r.name, r.p99
        );
    }
    drop(server);
}
