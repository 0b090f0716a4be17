//! The server loop against slow and silent clients, over raw TCP: every case ends with an
//! answer or a closed connection within the configured limits.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app_with};

/// Generous bound for what must happen within a few hundred milliseconds.
const DEADLINE: Duration = Duration::from_secs(10);

async fn app_with(configure: impl FnOnce(&mut pofuai_web::server::ServerLimits)) -> TestApp {
    spawn_app_with(|c| configure(&mut c.server)).await
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Everything the server sends until it closes the connection, or `None` if it is still
/// open at the deadline.
async fn read_to_close(stream: &mut TcpStream) -> Option<String> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(DEADLINE, stream.read_to_end(&mut out)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn partial_headers_are_cut_off() {
    let app = app_with(|l| l.header_read_timeout = Duration::from_millis(200)).await;
    let mut s = connect(&app).await;
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let answer = read_to_close(&mut s).await.expect("connection still open");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_body_that_never_arrives_is_a_408_in_the_envelope() {
    let app = app_with(|l| l.body_read_timeout = Duration::from_millis(300)).await;
    let mut s = connect(&app).await;
    s.write_all(
        b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 5000\r\n\r\n{\"email\":",
    )
    .await
    .unwrap();
    let answer = read_to_close(&mut s).await.expect("connection still open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(r#"{"error":{"code":"request_timeout""#),
        "{answer}"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = app_with(|l| l.idle_timeout = Duration::from_millis(300)).await;
    let mut s = connect(&app).await;
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut s).await.expect("connection still open");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_get_503_and_capacity_returns() {
    let app = app_with(|l| l.max_connections = 2).await;
    let mut held = vec![connect(&app).await, connect(&app).await];
    // Make sure both are accepted (and counted) before the third arrives.
    for s in &mut held {
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"HTTP/1.1 200");
    }
    let mut third = connect(&app).await;
    let answer = read_to_close(&mut third)
        .await
        .expect("connection still open");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains(r#""code":"busy""#), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after: 1"),
        "{answer}"
    );
    drop(held);
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let r = app.client.get(app.url("/healthz")).send().await;
        if r.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "capacity never came back"
        );
        tokio::task::yield_now().await;
    }
}
