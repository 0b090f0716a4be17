//! Prometheus metrics: request counts and latency histograms per route, method and status,
//! kept per application instance (no global recorder, so tests can run many apps at once).

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::MatchedPath;
use axum::http::Method;

use crate::AppState;

const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Per route template: the series of each (method, status) seen on it — a handful, so a
/// list beats a map.
type RouteSeries = Vec<((&'static str, u16), Series)>;

#[derive(Default)]
pub struct Metrics {
    /// Looked up by the borrowed route, so a request allocates nothing once its route has
    /// been seen (this runs on every request, under one lock).
    http: Mutex<HashMap<String, RouteSeries>>,
}

impl Metrics {
    fn observe(&self, method: &'static str, route: &str, status: u16, secs: f64) {
        let mut map = self.http.lock().unwrap_or_else(|p| p.into_inner());
        let series = match map.get_mut(route) {
            Some(series) => series,
            None => map.entry(route.to_string()).or_default(),
        };
        let at = match series.iter().position(|(k, _)| *k == (method, status)) {
            Some(at) => at,
            None => {
                series.push(((method, status), Series::default()));
                series.len() - 1
            }
        };
        let s = &mut series[at].1;
        s.count += 1;
        s.sum += secs;
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                s.buckets[i] += 1;
            }
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let map = self.http.lock().unwrap_or_else(|p| p.into_inner());
        // Sorted, so the exposition is stable between scrapes.
        let mut rows: Vec<((&str, &str, u16), &Series)> = map
            .iter()
            .flat_map(|(route, series)| {
                series
                    .iter()
                    .map(move |((method, status), s)| ((*method, route.as_str(), *status), s))
            })
            .collect();
        rows.sort_by_key(|(key, _)| *key);
        let mut out = String::new();
        out.push_str("# HELP pofuai_http_requests_total HTTP requests served.\n");
        out.push_str("# TYPE pofuai_http_requests_total counter\n");
        for ((m, r, st), s) in &rows {
            let _ = writeln!(
                out,
                "pofuai_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{st}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP pofuai_http_request_duration_seconds Time to produce a response.\n");
        out.push_str("# TYPE pofuai_http_request_duration_seconds histogram\n");
        for ((m, r, st), s) in &rows {
            let labels = format!("method=\"{m}\",route=\"{r}\",status=\"{st}\"");
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "pofuai_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "pofuai_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "pofuai_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "pofuai_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out
    }
}

/// The label for anything a client can invent: methods we do not know, paths no route matches.
const OTHER: &str = "other";

/// Middleware: times each request and records it under its route template and method, never
/// the raw path or an unknown method, so what clients send cannot grow the number of series:
/// it stays bounded by routes × known methods × status codes.
/// Counts one answered request under its route's pattern (not its path, so ids do not make
/// new series) and method.
pub(crate) fn observe(
    state: &AppState,
    method: &Method,
    route: Option<&MatchedPath>,
    status: u16,
    started: Instant,
) {
    state.metrics.observe(
        method_label(method),
        route.map_or(OTHER, MatchedPath::as_str),
        status,
        started.elapsed().as_secs_f64(),
    );
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => OTHER,
    }
}
