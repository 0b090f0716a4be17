//! `pofuai sandbox` as its own process, and a server pointed at it with `--sandbox-url`: the
//! server is killed (SIGKILL) in the middle of its first product push and started again on the
//! same database; the sandbox's write log then shows every listing created once and none
//! missing. The server's logs on standard error, a file here, are JSON lines without ANSI
//! escapes, and its job and request lines carry their ids. SQLite, or PostgreSQL with
//! POFUAI_TEST_DATABASE_URL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::{field, stdout_lines, tail};

const SELLER: (&str, &str) = ("satici@pofuai.demo", "Demo-Satici-2026");

/// A child process, killed when dropped, whose standard output is read line by line.
struct Proc {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Proc {
    fn spawn(args: &[&str], env: &[(&str, &str)], stderr: &Path) -> Proc {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(stderr)
            .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pofuai"))
            .args(args)
            .env_remove("POFUAI_DATABASE_URL")
            .env_remove("POFUAI_SANDBOX_URL")
            .env_remove("POFUAI_LOG_FORMAT")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        let lines = stdout_lines(&mut child);
        Proc { child, lines }
    }

    /// The first output line starting with `prefix`, within `within`.
    fn line(&self, prefix: &str, within: Duration, log: &Path) -> String {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line starting {prefix:?}; stderr:\n{}", tail(log)),
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

/// GETs `url` (with a bearer token when given) and reads its JSON.
async fn get_json(http: &reqwest::Client, url: String, token: Option<&str>) -> Value {
    let mut request = http.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

/// Product creates in a simulator's write log, by key.
async fn creates(http: &reqwest::Client, control: &str, platform: &str) -> HashMap<String, usize> {
    let writes = get_json(http, format!("{control}/control/{platform}/writes"), None).await;
    let mut out = HashMap::new();
    for w in writes["writes"].as_array().unwrap() {
        if w["kind"] == "product.create" {
            *out.entry(w["key"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_push_leaves_the_external_sandbox_without_duplicates_or_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox_log = dir.path().join("sandbox.log");
    let server_log = dir.path().join("server.log");
    let sandbox = Proc::spawn(&["sandbox", "--bind", "127.0.0.1:0"], &[], &sandbox_log);
    let line = sandbox.line("PofuAi sandbox:", Duration::from_secs(20), &sandbox_log);
    let (control, trendyol, hepsiburada) = (
        field(&line, "control"),
        field(&line, "trendyol"),
        field(&line, "hepsiburada"),
    );
    let http = reqwest::Client::new();

    // The control API: a bad body is a 422 naming the field; then slow answers, so the first
    // push is still running when the server is killed.
    let bad = http
        .put(format!("{control}/control/trendyol/faults"))
        .json(&json!({"hang": 2.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(bad.json::<Value>().await.unwrap()["error"]["field"], "hang");
    for platform in ["trendyol", "hepsiburada"] {
        let set = http
            .put(format!("{control}/control/{platform}/faults"))
            .json(&json!({"latency_ms": 150}))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), 204);
    }

    let data_dir = dir.path().join("data");
    let database = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let (ty_url, hb_url) = (
        format!("trendyol={trendyol}"),
        format!("hepsiburada={hepsiburada}"),
    );
    let args = [
        "serve",
        "--demo",
        "--offline",
        "--bind",
        "127.0.0.1:0",
        "--sandbox-url",
        &ty_url,
        "--sandbox-url",
        &hb_url,
        "--job-lease-secs",
        "2",
        "--log",
        "info,pofuai_web::front=debug",
    ];
    let env = [
        ("POFUAI_DATA_DIR", data_dir.to_str().unwrap()),
        ("POFUAI_DATABASE_URL", database.as_str()),
    ];
    let first = Proc::spawn(&args, &env, &server_log);
    first.line("PofuAi serving on", Duration::from_secs(120), &server_log);
    // Kill it once the first listings were created, while the push goes on.
    let deadline = Instant::now() + Duration::from_secs(60);
    while creates(&http, &control, "trendyol").await.is_empty() {
        assert!(Instant::now() < deadline, "no create reached the sandbox");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(first);
    let at_kill = creates(&http, &control, "trendyol").await.len();

    for platform in ["trendyol", "hepsiburada"] {
        http.put(format!("{control}/control/{platform}/faults"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
    }
    let second = Proc::spawn(&args, &env, &server_log);
    let serving = second.line("PofuAi serving on", Duration::from_secs(60), &server_log);
    let base = serving
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let login = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": SELLER.0, "password": SELLER.1}))
        .send()
        .await
        .unwrap();
    let request_id = login
        .headers()
        .get("x-request-id")
        .expect("every answer carries its request id")
        .to_str()
        .unwrap()
        .to_string();
    let token = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    // Both pushes end (the killed one taken over once its lease ran out).
    let deadline = Instant::now() + Duration::from_secs(90);
    let logs = loop {
        let logs = get_json(
            &http,
            format!("{base}/api/integrations/sync-logs?kind=sync_products&status=succeeded"),
            Some(&token),
        )
        .await;
        if logs["items"].as_array().map_or(0, Vec::len) >= 2 {
            break logs;
        }
        assert!(
            Instant::now() < deadline,
            "pushes not done: {logs}\n{}",
            tail(&server_log)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // The killed process left its push's run open: the kill did come mid-push.
    let open = get_json(
        &http,
        format!("{base}/api/integrations/sync-logs?kind=sync_products&status=running"),
        Some(&token),
    )
    .await;
    assert!(
        !open["items"].as_array().unwrap().is_empty(),
        "the first server had finished before the kill: {logs}"
    );
    drop(second);

    let mut accepted: Vec<usize> = logs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| usize::try_from(l["items_ok"].as_i64().unwrap()).unwrap())
        .collect();
    let mut created_counts = Vec::new();
    for platform in ["trendyol", "hepsiburada"] {
        let created = creates(&http, &control, platform).await;
        let twice: Vec<_> = created.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            twice.is_empty(),
            "{platform}: created more than once: {twice:?}"
        );
        let listed = get_json(
            &http,
            format!("{control}/control/{platform}/listings"),
            None,
        )
        .await;
        let listed = listed["count"].as_u64().unwrap() as usize;
        assert_eq!(
            listed,
            created.len(),
            "{platform}: every listing from one create"
        );
        eprintln!(
            "{platform}: {} created ({at_kill} on Trendyol at the kill)",
            created.len()
        );
        created_counts.push(created.len());
    }
    // Nothing missing: each channel holds exactly the items its push reports accepted.
    accepted.sort_unstable();
    created_counts.sort_unstable();
    assert_eq!(
        accepted, created_counts,
        "accepted by the pushes vs created"
    );

    // Logs: JSON lines, no escapes, job and request ids in their lines.
    let text = std::fs::read_to_string(&server_log).unwrap();
    assert!(!text.contains('\u{1b}'), "ANSI escapes in the log file");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["job.id"].is_i64() && l["job.run"].is_string()),
        "no job line with its ids"
    );
    assert!(
        lines.iter().any(|l| l["request.id"] == request_id.as_str()),
        "no log line of request {request_id}"
    );
}
