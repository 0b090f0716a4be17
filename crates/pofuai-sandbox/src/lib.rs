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
