//! Local simulators of Trendyol's and Hepsiburada's seller APIs.
//!
//! They enforce the documented contract (`../shared/reference/platform-apis.md`): paths, Basic
//! auth, the mandatory User-Agent, field rules, batch limits, asynchronous batches with per-item
//! failures, rate limits answering 429, paging limits. Faults (latency, 5xx, 429, hangs, and
//! answers lost after the write took effect) are injected from a seeded generator so a failing
//! test can be replayed.
//!
//! Tests and the demo run them in-process: `spawn` returns a handle with the base URL, the
//! simulator's state (to seed data and inspect every write it accepted) and its fault switch.

pub mod clock;
pub mod control;
pub mod faults;
pub mod hepsiburada;
pub mod limits;
pub mod trendyol;
pub mod writes;

use std::net::SocketAddr;

pub use clock::SandboxClock;
pub use faults::{FaultConfig, Faults};
pub use limits::RateLimiter;
pub use writes::{Write, WriteLog};

/// How to start a simulator: where, with which seed, and the one seller it serves.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub addr: SocketAddr,
    /// Seeds the fault generator and every random choice of the simulator (ids, names).
    pub seed: u64,
    /// Trendyol's sellerId, Hepsiburada's merchantId (a UUID).
    pub seller_id: String,
    /// Basic auth user (Trendyol's API key).
    pub username: String,
    /// Basic auth password (Trendyol's API secret).
    pub password: String,
    /// How many polls of an asynchronous batch answer "in progress" before the final result.
    pub batch_polls_until_done: u32,
}

impl SimOptions {
    fn local(seller_id: &str, username: &str, password: &str) -> SimOptions {
        SimOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 1,
            seller_id: seller_id.into(),
            username: username.into(),
            password: password.into(),
            batch_polls_until_done: 1,
        }
    }

    /// A Trendyol simulator on a free local port with the demo seller.
    pub fn trendyol() -> SimOptions {
        SimOptions::local("104123", "pofu-demo-api-key", "pofu-demo-api-secret")
    }

    /// A Hepsiburada simulator on a free local port with the demo merchant.
    pub fn hepsiburada() -> SimOptions {
        SimOptions::local(
            "6d3a6c4e-58f1-4d0b-9c5e-2b7a1f0e9d41",
            "pofuai_hb_demo",
            "hb-demo-secret",
        )
    }
}

/// A running simulator.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `router` on `addr` (port 0 picks a free one) in a background task.
pub async fn serve(router: axum::Router, addr: SocketAddr) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "sandbox server stopped");
        }
    });
    Ok(Running {
        addr,
        base_url: format!("http://{addr}"),
        task,
    })
}
