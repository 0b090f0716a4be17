//! The standalone sandbox's control API: seeding listings, placing orders, faults, the write
//! log, and refusals that name the field.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;

use pofuai_sandbox::control::{StandaloneOptions, start};
use serde_json::{Value, json};

#[tokio::test]
async fn listings_seeded_through_the_control_api_can_be_ordered() {
    let sandbox = start(StandaloneOptions::at(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        7,
    ))
    .await
    .unwrap();
    let c = format!("{}/control", sandbox.control.base_url);
    let http = reqwest::Client::new();
    let about: Value = http.get(&c).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        about["trendyol"]["base_url"],
        sandbox.sims.trendyol.base_url()
    );
    assert_eq!(about["hepsiburada"]["username"], "pofuai_hb_demo");

    for platform in ["trendyol", "hepsiburada"] {
        let added = http
            .post(format!("{c}/{platform}/listings"))
            .json(&json!({"listings": [{"sku": "SKU-1", "title": "Cezve", "quantity": 3, "price_minor": 28_990}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 201);
        let listed: Value = http
            .get(format!("{c}/{platform}/listings"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed["keys"], json!(["SKU-1"]));
        let order = http
            .post(format!("{c}/{platform}/orders"))
            .json(&json!({"lines": [{"sku": "SKU-1", "quantity": 2}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(order.status(), 201, "{platform}");
        // Beyond the listing's stock: refused, naming the lines.
        let over: Value = http
            .post(format!("{c}/{platform}/orders"))
            .json(&json!({"lines": [{"sku": "SKU-1", "quantity": 2}]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(over["error"]["field"], "lines", "{platform}: {over}");
    }
    assert_eq!(sandbox.sims.trendyol.packages().len(), 1);

    let refusals = [
        (
            "post",
            "trendyol/listings",
            json!({"listings": [{"sku": "", "title": "x", "quantity": 1, "price_minor": 1}]}),
            "listings[0].sku",
        ),
        (
            "post",
            "trendyol/listings",
            json!({"listings": [], "extra": 1}),
            "extra",
        ),
        ("post", "trendyol/orders", json!({}), "lines"),
        (
            "put",
            "hepsiburada/faults",
            json!({"latency_ms": 4_000_000}),
            "latency_ms",
        ),
        (
            "put",
            "hepsiburada/faults",
            json!({"server_error": 0.6, "hang": 0.6}),
            "server_error",
        ),
    ];
    for (method, path, body, field) in refusals {
        let url = format!("{c}/{path}");
        let request = if method == "put" {
            http.put(url)
        } else {
            http.post(url)
        };
        let answer = request.json(&body).send().await.unwrap();
        assert_eq!(answer.status(), 422, "{path} {body}");
        let envelope: Value = answer.json().await.unwrap();
        assert_eq!(envelope["error"]["field"], field, "{envelope}");
    }
    let unknown = http.get(format!("{c}/amazon/writes")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);

    let faults = http
        .put(format!("{c}/trendyol/faults"))
        .json(&json!({"server_error": 1.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(faults.status(), 204);
    assert_eq!(sandbox.sims.trendyol.faults.config().server_error, 1.0);
    let writes: Value = http
        .get(format!("{c}/trendyol/writes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        writes["writes"],
        json!([]),
        "seeding and buyers write nothing"
    );
}

#[tokio::test]
async fn buyers_questions_are_seeded_and_listed_through_the_control_api() {
    let sandbox = start(StandaloneOptions::at(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        7,
    ))
    .await
    .unwrap();
    let c = format!("{}/control", sandbox.control.base_url);
    let http = reqwest::Client::new();
    let added = http
        .post(format!("{c}/trendyol/listings"))
        .json(&json!({"listings": [{"sku": "CZV-1", "title": "Bakır Cezve", "quantity": 3, "price_minor": 28_990}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let asked = http
        .post(format!("{c}/trendyol/questions"))
        .json(&json!({"questions": [
            {"sku": "CZV-1", "text": "Kaç ml alıyor?"},
            {"sku": "CZV-1", "text": "Is it copper?"}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 201);
    let ids: Value = asked.json().await.unwrap();
    assert_eq!(ids["ids"].as_array().unwrap().len(), 2);
    let listed: Value = http
        .get(format!("{c}/trendyol/questions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = listed["questions"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["status"], "WAITING_FOR_ANSWER");
    assert_eq!(rows[0]["text"], "Kaç ml alıyor?");
    assert_eq!(sandbox.sims.trendyol.questions().len(), 2);
    // Refusals name the field; Hepsiburada has no questions API here.
    for (platform, body, field) in [
        (
            "trendyol",
            json!({"questions": [{"sku": "NOPE", "text": "x"}]}),
            "questions[0].sku",
        ),
        (
            "trendyol",
            json!({"questions": [{"sku": "CZV-1", "text": " "}]}),
            "questions[0].text",
        ),
        ("trendyol", json!({"questions": []}), "questions"),
        ("trendyol", json!({"questions": [], "x": 1}), "x"),
        (
            "hepsiburada",
            json!({"questions": [{"sku": "CZV-1", "text": "x"}]}),
            "platform",
        ),
    ] {
        let r: Value = http
            .post(format!("{c}/{platform}/questions"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(r["error"]["field"], field, "{body}: {r}");
    }
}
