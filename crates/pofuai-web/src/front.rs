//! The one layer every request passes on its way to its route: request id and log span,
//! rate limits, `Idempotency-Key`, a panic turned into a 500, metrics, and the error
//! envelope for answers that are not ours (axum's own rejections, a bare 405).
//!
//! These were seven middleware layers; each `from_fn` layer clones the stack beneath it and
//! boxes a service and a future per request, which cost the busiest reads about as much as
//! their handler. One layer does the same work in the same order with one boxed future.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tower::{Layer, Service, ServiceExt};
use tracing::Instrument;

use crate::error::ApiError;
use crate::{AppState, error, idempotency, limits, metrics, request_id};

/// Puts [`Front`] before a route.
#[derive(Clone)]
pub struct FrontLayer {
    state: AppState,
}

impl FrontLayer {
    pub fn new(state: AppState) -> FrontLayer {
        FrontLayer { state }
    }
}

impl<S> Layer<S> for FrontLayer {
    type Service = Front<S>;

    fn layer(&self, inner: S) -> Front<S> {
        Front {
            state: self.state.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct Front<S> {
    state: AppState,
    inner: S,
}

impl<S> Service<Request> for Front<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        // The service that was made ready answers; its clone waits for the next call.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let state = self.state.clone();
        let id = request_id::assign(&mut req);
        let span = request_id::span(&id, &req);
        Box::pin(
            async move {
                let head = req.method() == Method::HEAD;
                let method = req.method().clone();
                let route = req.extensions().get::<MatchedPath>().cloned();
                let started = Instant::now();
                let response = match AssertUnwindSafe(admitted(&state, inner, req))
                    .catch_unwind()
                    .await
                {
                    Ok(response) => response,
                    Err(panic) => error::panic_response(panic),
                };
                let status = response.status();
                metrics::observe(&state, &method, route.as_ref(), status.as_u16(), started);
                // Server errors are logged where they arise, with their cause.
                tracing::debug!(
                    status = status.as_u16(),
                    latency_ms = started.elapsed().as_secs_f64() * 1e3,
                    "request finished"
                );
                let mut response = error::ensure_envelope(head, response).await;
                response.headers_mut().insert(request_id::HEADER, id);
                Ok(response)
            }
            .instrument(span),
        )
    }
}

/// The rate limits, then the route (through its idempotency key, if it has one).
async fn admitted<S>(state: &AppState, inner: S, req: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    if let Err(retry_after_secs) = limits::check(state, &req) {
        return ApiError::RateLimited { retry_after_secs }.into_response();
    }
    if idempotency::applies(&req) {
        return idempotency::idempotent(state, req, inner).await;
    }
    match inner.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;

    use super::*;
    use crate::{SystemClock, WebConfig};

    async fn boom() -> &'static str {
        panic!("boom")
    }

    async fn app(dir: &std::path::Path) -> (Router, AppState) {
        let url = format!("sqlite://{}", dir.join("front.db").display());
        let store = pofuai_store::Store::connect(&url).await.expect("store");
        let state = AppState::new(
            store,
            Arc::new(SystemClock),
            WebConfig {
                data_dir: dir.into(),
                ..WebConfig::default()
            },
        );
        let router = Router::new()
            .route("/boom", get(boom))
            .route("/ok", get(|| async { "fine" }))
            .layer(FrontLayer::new(state.clone()));
        (router, state)
    }

    async fn call(router: &Router, path: &str, id: Option<&str>) -> Response {
        let mut req = Request::get(path);
        if let Some(id) = id {
            req = req.header(request_id::HEADER, id);
        }
        router
            .clone()
            .oneshot(req.body(Body::empty()).expect("request"))
            .await
            .expect("infallible")
    }

    fn id_of(response: &Response) -> String {
        response.headers()[request_id::HEADER]
            .to_str()
            .expect("ascii")
            .to_string()
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_in_the_envelope_with_its_request_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (router, state) = app(dir.path()).await;
        let response = call(&router, "/boom", Some("trace-7")).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(id_of(&response), "trace-7");
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(body["error"]["code"], "internal", "{body}");
        let metrics = state.metrics.render();
        assert!(
            metrics.contains(
                r#"pofuai_http_requests_total{method="GET",route="/boom",status="500"} 1"#
            ),
            "the panic is counted: {metrics}"
        );
        // The server goes on answering.
        assert_eq!(call(&router, "/ok", None).await.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn every_answer_carries_a_request_id_and_a_malformed_one_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (router, _) = app(dir.path()).await;
        let fresh = id_of(&call(&router, "/ok", None).await);
        assert_eq!(fresh.len(), 16, "{fresh}");
        assert_ne!(fresh, id_of(&call(&router, "/ok", None).await));
        assert_eq!(
            id_of(&call(&router, "/ok", Some("lb-1.a_B")).await),
            "lb-1.a_B"
        );
        let replaced = id_of(&call(&router, "/ok", Some("a\"}{")).await);
        assert_ne!(replaced, "a\"}{");
        assert_eq!(replaced.len(), 16);
    }

    #[tokio::test]
    async fn a_bare_axum_rejection_gets_the_envelope() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (router, _) = app(dir.path()).await;
        let response = router
            .clone()
            .oneshot(Request::post("/ok").body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(body["error"]["code"], "method_not_allowed", "{body}");
    }
}
