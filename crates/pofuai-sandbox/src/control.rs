//! The standalone sandbox: both simulators in one process, each on its own port, and a small
//! control API for whoever drives them from outside (sellers trying an integration, our own
//! crash tests): seed listings, place orders, inject faults, read the write log.
//!
//! Routes, all JSON:
//! - `GET /control` — the simulators' base URLs and the seller credentials they accept.
//! - `POST /control/{platform}/listings` — `{"listings":[{"sku","title","quantity","price_minor"}]}`.
//! - `GET /control/{platform}/listings` — the listed keys (barcodes, merchantSkus).
//! - `POST /control/{platform}/orders` — `{"lines":[{"sku","quantity"}]}` or `{"random":true}`.
//! - `POST /control/trendyol/questions` — `{"questions":[{"sku","text"}]}`: buyers ask about
//!   listed products; returns the question ids. `GET /control/trendyol/questions` lists them
//!   with their status and answer.
//! - `PUT /control/{platform}/faults` — rates and timings (see [`FaultsBody`]), and answers
//!   to lose on purpose.
//! - `GET /control/{platform}/writes` — every write the simulator accepted, in order.
//!
//! `{platform}` is `trendyol` or `hepsiburada`. A bad body is a 422 whose envelope names the
//! field; an unknown platform is a 404.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::hepsiburada::HepsiburadaSim;
use crate::trendyol::TrendyolSim;
use crate::{FaultConfig, Running, SimOptions, Write};

/// Where the standalone sandbox listens: the control API on `control`, the simulators on
/// `trendyol` and `hepsiburada` (port 0: any free port).
#[derive(Debug, Clone)]
pub struct StandaloneOptions {
    pub control: SocketAddr,
    pub trendyol: SocketAddr,
    pub hepsiburada: SocketAddr,
    pub seed: u64,
}

impl StandaloneOptions {
    /// The control API on `control`, the simulators on the next two ports (any free ports
    /// when `control`'s port is 0).
    pub fn at(control: SocketAddr, seed: u64) -> StandaloneOptions {
        let next = |n: u16| {
            let port = if control.port() == 0 {
                0
            } else {
                control.port().saturating_add(n)
            };
            SocketAddr::new(control.ip(), port)
        };
        StandaloneOptions {
            control,
            trendyol: next(1),
            hepsiburada: next(2),
            seed,
        }
    }
}

/// The running standalone sandbox.
pub struct Standalone {
    pub control: Running,
    pub sims: Arc<Sims>,
}

pub struct Sims {
    pub trendyol: TrendyolSim,
    pub hepsiburada: HepsiburadaSim,
}

/// Starts both simulators and the control API.
pub async fn start(options: StandaloneOptions) -> std::io::Result<Standalone> {
    let trendyol = TrendyolSim::spawn(SimOptions {
        addr: options.trendyol,
        seed: options.seed,
        ..SimOptions::trendyol()
    })
    .await?;
    let hepsiburada = HepsiburadaSim::spawn(SimOptions {
        addr: options.hepsiburada,
        seed: options.seed,
        ..SimOptions::hepsiburada()
    })
    .await?;
    let sims = Arc::new(Sims {
        trendyol,
        hepsiburada,
    });
    let control = crate::serve(router(sims.clone()), options.control).await?;
    Ok(Standalone { control, sims })
}

fn router(sims: Arc<Sims>) -> Router {
    Router::new()
        .route("/control", get(describe))
        .route(
            "/control/{platform}/listings",
            get(listings).post(add_listings),
        )
        .route(
            "/control/{platform}/orders",
            axum::routing::post(place_order),
        )
        .route(
            "/control/{platform}/questions",
            get(list_questions).post(ask_questions),
        )
        .route("/control/{platform}/faults", axum::routing::put(set_faults))
        .route("/control/{platform}/writes", get(writes))
        .fallback(|| async {
            error(StatusCode::NOT_FOUND, "not_found", None, "no such route").into_response()
        })
        .with_state(sims)
}

/// A refused control request: its status and the envelope naming the field at fault.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: &'static str,
    field: Option<String>,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = json!({"error": {"code": self.code, "message": self.message}});
        if let Some(field) = self.field {
            body["error"]["field"] = json!(field);
        }
        (self.status, axum::Json(body)).into_response()
    }
}

fn error(status: StatusCode, code: &'static str, field: Option<&str>, message: &str) -> Refusal {
    Refusal {
        status,
        code,
        field: field.map(str::to_owned),
        message: message.to_owned(),
    }
}

type Answer = Result<Response, Refusal>;

#[derive(Debug, Clone, Copy)]
enum Platform {
    Trendyol,
    Hepsiburada,
}

fn platform(name: &str) -> Result<Platform, Refusal> {
    match name {
        "trendyol" => Ok(Platform::Trendyol),
        "hepsiburada" => Ok(Platform::Hepsiburada),
        _ => Err(error(
            StatusCode::NOT_FOUND,
            "not_found",
            Some("platform"),
            "must be trendyol or hepsiburada",
        )),
    }
}

/// Parses a JSON body; a 422 naming the field serde stopped at (or `body`).
fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|e| {
        let message = e.to_string();
        // serde names the field in backticks: "missing field `lines`", "unknown field `x`".
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("field"))
            .unwrap_or("body")
            .to_owned();
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some(&field),
            &message,
        )
    })
}

async fn describe(State(sims): State<Arc<Sims>>) -> Response {
    let ty = sims.trendyol.options_view();
    let hb = sims.hepsiburada.options();
    axum::Json(json!({
        "trendyol": {
            "base_url": sims.trendyol.base_url(),
            "seller_id": ty.seller_id, "api_key": ty.username, "api_secret": ty.password,
        },
        "hepsiburada": {
            "base_url": sims.hepsiburada.base_url(),
            "merchant_id": hb.seller_id, "username": hb.username, "password": hb.password,
        },
    }))
    .into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListingsBody {
    listings: Vec<ListingBody>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListingBody {
    /// Trendyol's barcode, Hepsiburada's merchantSku.
    sku: String,
    title: String,
    quantity: i64,
    price_minor: i64,
}

async fn add_listings(
    State(sims): State<Arc<Sims>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Answer {
    let p = platform(&name)?;
    let body: ListingsBody = parse(&body)?;
    for (i, l) in body.listings.iter().enumerate() {
        let bad = |field: &str, message: &str| {
            error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                Some(&format!("listings[{i}].{field}")),
                message,
            )
        };
        if l.sku.trim().is_empty() || l.sku.len() > 64 {
            return Err(bad("sku", "must be 1 to 64 characters"));
        }
        if l.quantity < 0 {
            return Err(bad("quantity", "must not be negative"));
        }
        if l.price_minor <= 0 {
            return Err(bad("price_minor", "must be positive"));
        }
    }
    for l in &body.listings {
        match p {
            Platform::Trendyol => {
                sims.trendyol
                    .add_listing(&l.sku, &l.title, l.quantity, l.price_minor)
            }
            Platform::Hepsiburada => {
                sims.hepsiburada
                    .add_listing(&l.sku, &l.title, l.quantity, l.price_minor)
            }
        }
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({"added": body.listings.len()})),
    )
        .into_response())
}

async fn listings(State(sims): State<Arc<Sims>>, Path(name): Path<String>) -> Answer {
    let keys = match platform(&name)? {
        Platform::Trendyol => sims.trendyol.barcodes(),
        Platform::Hepsiburada => sims.hepsiburada.merchant_skus(),
    };
    Ok(axum::Json(json!({"count": keys.len(), "keys": keys})).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderBody {
    #[serde(default)]
    lines: Vec<OrderLine>,
    #[serde(default)]
    random: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderLine {
    sku: String,
    quantity: i64,
}

async fn place_order(
    State(sims): State<Arc<Sims>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Answer {
    let p = platform(&name)?;
    let body: OrderBody = parse(&body)?;
    if body.random != body.lines.is_empty() {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("lines"),
            "give either lines or random: true",
        ));
    }
    let lines: Vec<(&str, i64)> = body
        .lines
        .iter()
        .map(|l| (l.sku.as_str(), l.quantity))
        .collect();
    let placed = match (p, body.random) {
        (Platform::Trendyol, true) => sims.trendyol.place_random_order().ok_or_else(no_stock),
        (Platform::Hepsiburada, true) => sims.hepsiburada.place_random_order().ok_or_else(no_stock),
        (Platform::Trendyol, false) => sims.trendyol.place_order(&lines),
        (Platform::Hepsiburada, false) => sims.hepsiburada.place_order(&lines),
    };
    match placed {
        Ok(id) => Ok((StatusCode::CREATED, axum::Json(json!({"order": id}))).into_response()),
        Err(message) => Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("lines"),
            &message,
        )),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsBody {
    questions: Vec<QuestionBody>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionBody {
    /// The listing's barcode.
    sku: String,
    text: String,
}

/// Only Trendyol's simulator has the questions API.
fn questions_platform(name: &str) -> Result<(), Refusal> {
    match platform(name)? {
        Platform::Trendyol => Ok(()),
        Platform::Hepsiburada => Err(error(
            StatusCode::NOT_FOUND,
            "not_found",
            Some("platform"),
            "only trendyol has the questions API",
        )),
    }
}

async fn ask_questions(
    State(sims): State<Arc<Sims>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Answer {
    questions_platform(&name)?;
    let body: QuestionsBody = parse(&body)?;
    if body.questions.is_empty() || body.questions.len() > 1000 {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("questions"),
            "must list 1 to 1000 questions",
        ));
    }
    let listed = sims.trendyol.barcodes();
    for (i, q) in body.questions.iter().enumerate() {
        let bad = |field: &str, message: &str| {
            error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                Some(&format!("questions[{i}].{field}")),
                message,
            )
        };
        if !listed.iter().any(|b| b == &q.sku) {
            return Err(bad("sku", "no listing has this barcode"));
        }
        let n = q.text.trim().chars().count();
        if n == 0 || n > 2000 {
            return Err(bad("text", "must be 1 to 2000 characters"));
        }
    }
    let ids: Vec<i64> = body
        .questions
        .iter()
        .filter_map(|q| sims.trendyol.ask_question(&q.sku, q.text.trim()))
        .collect();
    Ok((StatusCode::CREATED, axum::Json(json!({"ids": ids}))).into_response())
}

async fn list_questions(State(sims): State<Arc<Sims>>, Path(name): Path<String>) -> Answer {
    questions_platform(&name)?;
    let rows: Vec<Value> = sims
        .trendyol
        .questions()
        .iter()
        .map(|q| {
            json!({
                "id": q.id, "sku": q.barcode, "text": q.text, "status": q.status,
                "asked_at_ms": q.created_ms,
                "answer": q.answer.as_ref().map(|(text, _)| text),
            })
        })
        .collect();
    Ok(axum::Json(json!({"questions": rows})).into_response())
}

fn no_stock() -> String {
    "nothing listed is in stock".into()
}

/// Fault rates (0–1 per request) and timings in milliseconds; omitted values are 0 (no
/// fault) or the default timing. `lose_answers` loses the answers of the next `count`
/// requests with that method and path suffix after their write took effect.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultsBody {
    #[serde(default)]
    server_error: f64,
    #[serde(default)]
    rate_limited: f64,
    #[serde(default)]
    hang: f64,
    #[serde(default)]
    lost_response: f64,
    #[serde(default)]
    latency_ms: u64,
    hang_ms: Option<u64>,
    retry_after_ms: Option<u64>,
    #[serde(default)]
    lose_answers: Vec<LoseAnswers>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoseAnswers {
    method: String,
    path_suffix: String,
    count: u32,
}

async fn set_faults(
    State(sims): State<Arc<Sims>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Answer {
    let p = platform(&name)?;
    let body: FaultsBody = parse(&body)?;
    let rates = [
        ("server_error", body.server_error),
        ("rate_limited", body.rate_limited),
        ("hang", body.hang),
        ("lost_response", body.lost_response),
    ];
    for (field, rate) in rates {
        if !(0.0..=1.0).contains(&rate) {
            return Err(error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                Some(field),
                "must be between 0 and 1",
            ));
        }
    }
    if rates.iter().map(|(_, r)| r).sum::<f64>() > 1.0 {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("server_error"),
            "the rates together must not exceed 1",
        ));
    }
    let hour = 3_600_000;
    for (field, ms) in [
        ("latency_ms", Some(body.latency_ms)),
        ("hang_ms", body.hang_ms),
        ("retry_after_ms", body.retry_after_ms),
    ] {
        if ms.is_some_and(|ms| ms > hour) {
            return Err(error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                Some(field),
                "must be at most an hour",
            ));
        }
    }
    let defaults = FaultConfig::default();
    let config = FaultConfig {
        server_error: body.server_error,
        rate_limited: body.rate_limited,
        hang: body.hang,
        lost_response: body.lost_response,
        latency: Duration::from_millis(body.latency_ms),
        hang_for: body
            .hang_ms
            .map_or(defaults.hang_for, Duration::from_millis),
        retry_after: body
            .retry_after_ms
            .map_or(defaults.retry_after, Duration::from_millis),
    };
    let faults = match p {
        Platform::Trendyol => &sims.trendyol.faults,
        Platform::Hepsiburada => &sims.hepsiburada.faults,
    };
    faults.set(config);
    for l in &body.lose_answers {
        faults.lose_answers(&l.method.to_uppercase(), &l.path_suffix, l.count);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn writes(State(sims): State<Arc<Sims>>, Path(name): Path<String>) -> Answer {
    let all = match platform(&name)? {
        Platform::Trendyol => sims.trendyol.writes.all(),
        Platform::Hepsiburada => sims.hepsiburada.writes.all(),
    };
    let rows: Vec<Value> = all.iter().map(write_json).collect();
    Ok(axum::Json(json!({"writes": rows})).into_response())
}

fn write_json(w: &Write) -> Value {
    json!({"kind": w.kind, "key": w.key, "value": w.value, "at_ms": w.at_ms})
}
