//! Issue #13's "done when", with the real binary: two `serve --no-worker` nodes and two
//! `worker` processes on one PostgreSQL database (and moto's S3 server when
//! POFUAI_TEST_S3_ENDPOINT names one), a standalone `pofuai sandbox` as both channels. The
//! push, stock and order flows run through the two nodes; the worker holding the Trendyol
//! push is killed with SIGKILL in the middle of it; at the end the sandbox's write log shows
//! every listing created once, none missing, and the stock the store holds. An event written
//! by a worker process, and a revocation made on one node, reach the other node.
//!
//! Needs PostgreSQL (several processes on one SQLite file is not a deployment we offer): it
//! says so and passes when POFUAI_TEST_DATABASE_URL is not a postgres URL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::{field, stdout_lines, tail};

const PRODUCTS: usize = 40;
const SELLER: (&str, &str) = ("satici@dugumler.test", "Dugum-Satici-2026");

/// A child process, killed when dropped, whose standard output is read line by line and whose
/// standard error (JSON log lines) goes to a file.
struct Proc {
    name: String,
    child: Child,
    lines: mpsc::Receiver<String>,
    log: PathBuf,
}

impl Proc {
    fn spawn(name: &str, args: &[&str], env: &[(String, String)], dir: &Path) -> Proc {
        let log = dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let data = dir.join(format!("data-{name}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_pofuai"))
            .args(args)
            .env_remove("POFUAI_DATABASE_URL")
            .env_remove("POFUAI_SANDBOX_URL")
            .env_remove("POFUAI_MASTER_KEY")
            .env_remove("POFUAI_LOG_FORMAT")
            .env("POFUAI_DATA_DIR", &data)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::from(file))
            .spawn()
            .unwrap();
        let lines = stdout_lines(&mut child);
        Proc {
            name: name.to_string(),
            child,
            lines,
            log,
        }
    }

    /// The first output line containing `needle`, within `within`.
    fn line(&self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!(
                    "{}: no line with {needle:?}; its log:\n{}",
                    self.name,
                    tail(&self.log)
                ),
            }
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 50 ms until it gives a value; panics with `what` after `within`.
async fn eventually<T, F, Fut>(what: &str, within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A node's HTTP API as the seller.
#[derive(Clone)]
struct Node {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Node {
    async fn get(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    async fn status(&self, path: &str) -> u16 {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

/// What a simulator's write log says: creates per key, and the last quantity written per key.
struct WriteLog {
    creates: HashMap<String, usize>,
    quantity: HashMap<String, i64>,
}

async fn write_log(http: &reqwest::Client, control: &str, platform: &str) -> WriteLog {
    let writes: Value = http
        .get(format!("{control}/control/{platform}/writes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut log = WriteLog {
        creates: HashMap::new(),
        quantity: HashMap::new(),
    };
    for w in writes["writes"].as_array().unwrap() {
        let key = w["key"].as_str().unwrap().to_string();
        if w["kind"] == "product.create" {
            *log.creates.entry(key.clone()).or_insert(0) += 1;
        }
        // Trendyol writes `quantity=`, Hepsiburada `stock=` (create) and `availableStock=`.
        let value = w["value"].as_str().unwrap_or_default();
        for word in value.split_whitespace() {
            for prefix in ["quantity=", "stock=", "availableStock="] {
                if let Some(n) = word.strip_prefix(prefix).and_then(|n| n.parse().ok()) {
                    log.quantity.insert(key.clone(), n);
                }
            }
        }
    }
    log
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The Trendyol barcode and Hepsiburada merchant SKU (our stock code) of product `i`.
fn codes(i: usize) -> (String, String) {
    (format!("869{:010}", 7_000 + i), format!("DG-{i:05}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_and_two_workers_lose_nothing_when_a_worker_dies_mid_push() {
    let database_base = std::env::var(pofuai_store::testing::TEST_DATABASE_ENV).unwrap_or_default();
    if !database_base.starts_with("postgres") {
        eprintln!(
            "skipped: several nodes need PostgreSQL; set {} to a postgres:// URL",
            pofuai_store::testing::TEST_DATABASE_ENV
        );
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let database = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let http = reqwest::Client::new();

    let sandbox = Proc::spawn(
        "sandbox",
        &["sandbox", "--bind", "127.0.0.1:0"],
        &[],
        dir.path(),
    );
    let line = sandbox.line("PofuAi sandbox:", Duration::from_secs(20));
    let (control, trendyol, hepsiburada) = (
        field(&line, "control"),
        field(&line, "trendyol"),
        field(&line, "hepsiburada"),
    );

    let mut env: Vec<(String, String)> = [
        ("POFUAI_DATABASE_URL", database.clone()),
        ("POFUAI_MASTER_KEY", hex::encode(pofuai_web::random_key())),
        (
            "POFUAI_SANDBOX_URL",
            format!("trendyol={trendyol},hepsiburada={hepsiburada}"),
        ),
        ("POFUAI_OFFLINE", "true".into()),
        ("POFUAI_PUBLIC_URL", "https://panel.dugumler.test".into()),
        ("POFUAI_JOB_LEASE_SECS", "2".into()),
        ("POFUAI_SHUTDOWN_GRACE_SECS", "2".into()),
        ("POFUAI_RATE_LIMIT_GLOBAL", "100000".into()),
        ("POFUAI_RATE_LIMIT_PER_IP", "100000".into()),
        ("POFUAI_RATE_LIMIT_PER_TOKEN", "100000".into()),
        ("POFUAI_LOG", "info".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    // Files in moto's bucket when CI runs it: a node reads what the other stored.
    let s3 = std::env::var("POFUAI_TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty());
    if let Some(endpoint) = &s3 {
        let bucket = format!("pofuai-nodes-{}", std::process::id());
        let created = http
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .unwrap();
        assert!(created.status().is_success(), "{}", created.status());
        for (k, v) in [
            ("POFUAI_S3_BUCKET", bucket.as_str()),
            ("POFUAI_S3_ENDPOINT", endpoint.as_str()),
            ("POFUAI_S3_ACCESS_KEY_ID", "testing"),
            ("POFUAI_S3_SECRET_ACCESS_KEY", "testing"),
        ] {
            env.push((k.to_string(), v.to_string()));
        }
    } else {
        eprintln!("POFUAI_TEST_S3_ENDPOINT unset: files stay in each node's data directory");
    }

    // The schema, the first admin and the seller exist before the nodes start together.
    for args in [
        vec!["migrate"],
        vec![
            "user",
            "create",
            "--role",
            "admin",
            "--email",
            "yonetici@dugumler.test",
            "--password",
            "Dugum-Yonetici-2026",
        ],
        vec![
            "user",
            "create",
            "--role",
            "seller",
            "--email",
            SELLER.0,
            "--password",
            SELLER.1,
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_pofuai"))
            .args(&args)
            .env("POFUAI_DATA_DIR", dir.path().join("data-cli"))
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let serve = ["serve", "--no-worker", "--bind", "127.0.0.1:0"];
    let node_a = Proc::spawn("node-a", &serve, &env, dir.path());
    let node_b = Proc::spawn("node-b", &serve, &env, dir.path());
    let mut workers = vec![
        Proc::spawn("worker-1", &["worker"], &env, dir.path()),
        Proc::spawn("worker-2", &["worker"], &env, dir.path()),
    ];
    let mut bases = Vec::new();
    for node in [&node_a, &node_b] {
        let line = node.line("PofuAi serving on", Duration::from_secs(60));
        bases.push(
            line.split_whitespace()
                .find(|w| w.starts_with("http://"))
                .unwrap()
                .to_string(),
        );
    }
    for w in &workers {
        w.line("PofuAi worker running", Duration::from_secs(60));
    }
    let login: Value = http
        .post(format!("{}/api/auth/login", bases[0]))
        .json(&json!({"email": SELLER.0, "password": SELLER.1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_string();
    let a = Node {
        base: bases[0].clone(),
        token: token.clone(),
        http: http.clone(),
    };
    let b = Node {
        base: bases[1].clone(),
        token,
        http: http.clone(),
    };

    // An event stream on node B, from now on; every event it gets is kept.
    let seen = Arc::new(Mutex::new(String::new()));
    {
        let mut stream = http
            .get(format!("{}/api/events", b.base))
            .bearer_auth(&b.token)
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), 200);
        let seen = seen.clone();
        tokio::spawn(async move {
            while let Ok(Some(chunk)) = stream.chunk().await {
                seen.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk));
            }
        });
    }
    eventually("node B's stream is ready", Duration::from_secs(10), || {
        let ready = seen.lock().unwrap().contains("event: ready");
        async move { ready.then_some(()) }
    })
    .await;

    // An image uploaded through node A; with the bucket, node B serves it.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(png()).file_name("urun.png"),
    );
    let uploaded: Value = http
        .post(format!("{}/api/uploads", a.base))
        .bearer_auth(&a.token)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let image = uploaded["path"].as_str().unwrap().to_string();
    if s3.is_some() {
        let r = http
            .get(format!("{}{image}", b.base))
            .bearer_auth(&b.token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            200,
            "node B serves node A's upload from the bucket"
        );
        assert_eq!(r.bytes().await.unwrap().to_vec(), png());
    }

    // Both channels connected through node A, products created through both nodes.
    let described: Value = http
        .get(format!("{control}/control"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (ty, hb) = (&described["trendyol"], &described["hepsiburada"]);
    let mut integrations = BTreeMap::new();
    for (name, config) in [
        (
            "trendyol",
            json!({"seller_id": ty["seller_id"], "api_key": ty["api_key"],
                   "api_secret": ty["api_secret"], "environment": "sandbox"}),
        ),
        (
            "hepsiburada",
            json!({"merchant_id": hb["merchant_id"], "username": hb["username"],
                   "password": hb["password"], "environment": "sandbox"}),
        ),
    ] {
        let created = a
            .post(
                "/api/integrations",
                json!({"integration_type": "marketplace", "integration_name": name, "config": config}),
            )
            .await;
        let id = created["id"].as_i64().unwrap();
        a.post(&format!("/api/integrations/{id}/activate"), json!({}))
            .await;
        integrations.insert(name, id);
    }
    let mut variant_ids = Vec::new();
    for i in 0..PRODUCTS {
        let (barcode, stock_code) = codes(i);
        let node = if i % 2 == 0 { &a } else { &b };
        let created = node
            .post(
                "/api/products",
                json!({
                    "name": format!("Kablosuz Kulaklık Model {i}"),
                    "description": "Aktif gürültü engelleme, 30 saat pil.",
                    "category": "Elektronik",
                    "brand": "Pofu Tech",
                    "attributes": {"Garanti Süresi": "2 yıl"},
                    "images": [image],
                    "variants": [{
                        "barcode": barcode, "stock_code": stock_code, "stock": 10,
                        "list_price": 149900, "sale_price": 129990, "currency": "TRY",
                        "vat_rate": 20, "attributes": {"Renk": "Siyah"}
                    }]
                }),
            )
            .await;
        variant_ids.push(created["variants"][0]["id"].as_i64().unwrap());
    }

    // The push, slowed down by the sandbox so that it is still going when its worker dies.
    let store = pofuai_store::Store::connect(&database).await.unwrap();
    for platform in ["trendyol", "hepsiburada"] {
        let r = http
            .put(format!("{control}/control/{platform}/faults"))
            .json(&json!({"latency_ms": 400}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
    let started_jobs = a.post("/api/integrations/sync/products", json!({})).await;
    let jobs: BTreeMap<i64, i64> = started_jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["integration_id"].as_i64().unwrap(),
                j["job_id"].as_i64().unwrap(),
            )
        })
        .collect();
    let trendyol_job = jobs[&integrations["trendyol"]];

    // Once Trendyol has its first listing, the worker running that push is killed.
    let deadline = Instant::now() + Duration::from_secs(40);
    let holder: u32 = loop {
        let job = store.job(trendyol_job).await.unwrap();
        if !write_log(&http, &control, "trendyol")
            .await
            .creates
            .is_empty()
        {
            break job
                .locked_by
                .as_deref()
                .and_then(|l| l.rsplit('-').next())
                .and_then(|pid| pid.parse().ok())
                .expect("the running job names its worker");
        }
        assert!(Instant::now() < deadline, "no create reached Trendyol");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let victim = workers
        .iter()
        .position(|w| w.child.id() == holder)
        .expect("one of our workers holds it");
    let mut killed = workers.remove(victim);
    killed.child.kill().unwrap(); // SIGKILL: no release, no last checkpoint
    killed.child.wait().unwrap();
    let at_kill = store.job(trendyol_job).await.unwrap();
    assert_eq!(
        at_kill.state, "running",
        "the push had ended before the kill"
    );
    eprintln!(
        "killed {} holding job {trendyol_job} after {:.1} s, {} of {PRODUCTS} items done",
        killed.name,
        started.elapsed().as_secs_f64(),
        at_kill.items_done
    );
    for platform in ["trendyol", "hepsiburada"] {
        http.put(format!("{control}/control/{platform}/faults"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
    }

    // The other worker takes the push over once the lease runs out; node B reports both done.
    for (name, job) in &jobs {
        eventually(
            &format!("push job {job} ({name}) succeeded"),
            Duration::from_secs(40),
            || {
                let b = b.clone();
                async move {
                    let j = b.get(&format!("/api/jobs/{job}")).await;
                    (j["state"] == "succeeded").then_some(())
                }
            },
        )
        .await;
    }
    assert!(
        store.job(trendyol_job).await.unwrap().takeovers >= 1,
        "the surviving worker took the push over"
    );
    for (platform, key) in [("trendyol", 0), ("hepsiburada", 1)] {
        let log = write_log(&http, &control, platform).await;
        let twice: Vec<_> = log.creates.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{platform}: created twice: {twice:?}");
        for i in 0..PRODUCTS {
            let (barcode, stock_code) = codes(i);
            let k = if key == 0 { barcode } else { stock_code };
            assert_eq!(log.creates.get(&k), Some(&1), "{platform}: {k} missing");
        }
        let listed: Value = http
            .get(format!("{control}/control/{platform}/listings"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed["count"], PRODUCTS, "{platform}: listings");
    }

    // Stock set through node B reaches both channels.
    let items: Vec<Value> = (0..5)
        .map(|i| json!({"variant_id": variant_ids[i], "quantity": 3 + i}))
        .collect();
    b.post("/api/integrations/update/stock", json!({"items": items}))
        .await;
    for i in 0..5 {
        let (barcode, stock_code) = codes(i);
        for (platform, k) in [("trendyol", barcode), ("hepsiburada", stock_code)] {
            let want = 3 + i as i64;
            eventually(
                &format!("{platform} {k} at stock {want}"),
                Duration::from_secs(20),
                || {
                    let (http, control, k) = (http.clone(), control.clone(), k.clone());
                    async move {
                        let log = write_log(&http, &control, platform).await;
                        (log.quantity.get(&k) == Some(&want)).then_some(())
                    }
                },
            )
            .await;
        }
    }

    // An order on Trendyol, imported through node A, reserves stock, which Hepsiburada hears;
    // node B lists it, and node B's event stream got the worker's event of it.
    let (barcode, stock_code) = codes(10);
    let placed = http
        .post(format!("{control}/control/trendyol/orders"))
        .json(&json!({"lines": [{"sku": barcode, "quantity": 2}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 201);
    let package = placed.json::<Value>().await.unwrap()["order"]
        .as_str()
        .unwrap()
        .to_string();
    a.post(
        "/api/integrations/sync/orders",
        json!({"integration_ids": [integrations["trendyol"]]}),
    )
    .await;
    let order = eventually("the order on node B", Duration::from_secs(20), || {
        let b = b.clone();
        async move {
            let orders = b.get("/api/orders").await;
            orders["items"].as_array().unwrap().first().cloned()
        }
    })
    .await;
    assert_eq!(order["remote_package_id"], package.as_str());
    assert_eq!(order["lines"][0]["stock_state"], "reserved");
    eventually(
        "Hepsiburada hears the reservation",
        Duration::from_secs(20),
        || {
            let (http, control, k) = (http.clone(), control.clone(), stock_code.clone());
            async move {
                let log = write_log(&http, &control, "hepsiburada").await;
                (log.quantity.get(&k) == Some(&8)).then_some(())
            }
        },
    )
    .await;
    for platform in ["trendyol", "hepsiburada"] {
        let log = write_log(&http, &control, platform).await;
        assert_eq!(
            log.creates.len(),
            PRODUCTS,
            "{platform}: nothing more created"
        );
        assert!(
            log.creates.values().all(|n| *n == 1),
            "{platform}: no duplicate"
        );
    }
    eventually(
        "node B's stream has the order and the pushes' progress",
        Duration::from_secs(10),
        || {
            let text = seen.lock().unwrap().clone();
            let trendyol_job = trendyol_job.to_string();
            async move {
                (text.contains("event: order")
                    && text.contains(&format!("\"job_id\":{trendyol_job}"))
                    && text.contains("\"state\":\"succeeded\""))
                .then_some(())
            }
        },
    )
    .await;

    // A logout on node A ends the session on node B within a second.
    assert_eq!(b.status("/api/me").await, 200);
    let r = http
        .post(format!("{}/api/auth/logout", a.base))
        .bearer_auth(&a.token)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "logout: {}", r.status());
    eventually(
        "node B refuses the logged-out token",
        Duration::from_secs(1),
        || {
            let b = b.clone();
            async move { (b.status("/api/me").await == 401).then_some(()) }
        },
    )
    .await;

    drop((node_a, node_b, workers, killed, sandbox));
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
}
