//! The processes of a deployment: nodes started together on one fresh database all migrate,
//! and `pofuai worker` and `pofuai serve --no-worker` stop cleanly on SIGTERM.

#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn pofuai(data_dir: &std::path::Path, database: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pofuai"));
    c.env("POFUAI_DATA_DIR", data_dir)
        .env("POFUAI_DATABASE_URL", database)
        .env_remove("POFUAI_MASTER_KEY")
        .env_remove("POFUAI_SANDBOX_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

#[tokio::test]
async fn processes_migrating_one_fresh_database_together_all_succeed() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let database = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
        // Four at once: each switches the new file to WAL on connecting, which can fail at
        // once with BUSY (no busy handler); every one must still start.
        let children: Vec<_> = (0..4)
            .map(|_| {
                pofuai(dir.path(), &database)
                    .arg("migrate")
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[tokio::test]
async fn worker_and_api_only_server_stop_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let database = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let migrated = pofuai(dir.path(), &database)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(migrated.status.success());
    let mut children = Vec::new();
    for args in [
        vec!["worker"],
        vec!["serve", "--no-worker", "--bind", "127.0.0.1:0"],
    ] {
        let mut child = pofuai(dir.path(), &database).args(&args).spawn().unwrap();
        // Ready once it has said so on standard output.
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            let n = std::io::BufRead::read_line(&mut out, &mut line).unwrap();
            assert!(n > 0, "{args:?} ended before it was ready");
            if line.contains("worker running") || line.contains("serving on") {
                break;
            }
        }
        children.push((args, child));
    }
    for (args, mut child) in children {
        let term = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(term.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "{args:?} did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{args:?}: {status}");
    }
}
