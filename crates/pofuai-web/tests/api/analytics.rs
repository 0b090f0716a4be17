//! Sales analytics, forecasts, predictive stock and customer insights: figures add up, every
//! endpoint keeps sellers apart, and bad parameters name their field.

use pofuai_core::Role;
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, spawn_app};

const DAY: i64 = 86_400_000;

struct Shop {
    user: User,
    variant_id: i64,
    product_id: i64,
    barcode: String,
}

async fn shop(app: &TestApp, barcode: &str) -> Shop {
    let user = app.user(Role::Seller).await;
    let product = app.product(&user, "Bakır Cezve", barcode).await;
    Shop {
        variant_id: product["variants"][0]["id"].as_i64().unwrap(),
        product_id: product["id"].as_i64().unwrap(),
        barcode: barcode.to_string(),
        user,
    }
}

/// `days` of orders ending yesterday: `per_day` orders of 1 unit at 100.00 TL, one buyer in
/// three coming back.
async fn sell(app: &TestApp, shop: &Shop, days: i64, per_day: i64) -> i64 {
    let integration = app.sandbox_trendyol(&shop.user).await;
    let now = app.state.now_ms();
    let mut n = 0;
    for d in 1..=days {
        for k in 0..per_day {
            n += 1;
            let at = now - d * DAY;
            app.store
                .import_package(
                    &ImportedPackage {
                        owner_id: shop.user.id,
                        integration_id: integration,
                        package_id: format!("{}-{d}-{k}", shop.barcode),
                        order_number: format!("O{n}"),
                        status: "delivered".into(),
                        platform_status: "Delivered".into(),
                        customer_name: format!("Alıcı {}", n % 7),
                        total_minor: 10_000,
                        currency: "TRY".into(),
                        ordered_at: at,
                        remote_updated_at: at,
                        cargo_tracking_number: None,
                        lines: vec![ImportedLine {
                            line_id: "1".into(),
                            barcode: shop.barcode.clone(),
                            stock_code: None,
                            quantity: 1,
                            unit_price_minor: 10_000,
                            cancelled: false,
                        }],
                    },
                    now,
                )
                .await
                .unwrap();
        }
    }
    n
}

async fn json_of(app: &TestApp, path: &str, token: &str) -> Value {
    let r = app.get(path, token).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn sellers_see_their_own_sales_and_admins_everyones() {
    let app = spawn_app().await;
    let a = shop(&app, "8690000000012").await;
    let b = shop(&app, "8690000000029").await;
    sell(&app, &a, 10, 2).await;
    sell(&app, &b, 10, 1).await;
    let admin = app.user(Role::Admin).await;

    let s = json_of(&app, "/api/analytics/summary", &a.user.token).await;
    assert_eq!(s["current"]["orders"], 20);
    assert_eq!(s["current"]["revenue_minor"], 200_000);
    assert_eq!(s["current"]["average_basket_minor"], 10_000);
    let s = json_of(&app, "/api/analytics/summary", &b.user.token).await;
    assert_eq!(s["current"]["orders"], 10);
    let all = json_of(&app, "/api/analytics/summary", &admin.token).await;
    assert_eq!(all["current"]["orders"], 30);
    let one = json_of(
        &app,
        &format!("/api/analytics/summary?seller_id={}", b.user.id),
        &admin.token,
    )
    .await;
    assert_eq!(one["current"]["orders"], 10);

    let weekly = json_of(
        &app,
        "/api/analytics/sales?interval=week&group_by=channel",
        &a.user.token,
    )
    .await;
    let units: i64 = weekly["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["units"].as_i64().unwrap())
        .sum();
    assert_eq!(units, 20);
    assert!(
        weekly["points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["channel"] == "trendyol")
    );
    let by = json_of(&app, "/api/analytics/breakdown?by=category", &a.user.token).await;
    assert_eq!(by["items"][0]["label"], "Elektronik");
    assert_eq!(by["items"][0]["current"]["units"], 20);
    let filtered = json_of(
        &app,
        &format!("/api/analytics/sales?product_id={}", b.product_id),
        &a.user.token,
    )
    .await;
    assert_eq!(
        filtered["points"],
        json!([]),
        "another seller's product adds nothing"
    );
    let movers = json_of(&app, "/api/analytics/movers", &a.user.token).await;
    assert_eq!(movers["top"][0]["key"], a.product_id.to_string());
}

#[tokio::test]
async fn every_analytics_endpoint_hides_other_sellers() {
    let app = spawn_app().await;
    let a = shop(&app, "8690000000012").await;
    let b = shop(&app, "8690000000029").await;
    sell(&app, &b, 5, 1).await;
    let other = b.user.id;
    let t = &a.user.token;
    for path in [
        "/api/analytics/summary",
        "/api/analytics/overview",
        "/api/analytics/sales",
        "/api/analytics/breakdown",
        "/api/analytics/movers",
        "/api/analytics/forecasts",
        "/api/analytics/stock",
        "/api/analytics/stock/policies",
        "/api/analytics/customers",
    ] {
        let r = app.get(&format!("{path}?seller_id={other}"), t).await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let r = app
        .get(
            &format!(
                "/api/analytics/forecast?level=variant&key={}&seller_id={other}",
                b.variant_id
            ),
            t,
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let r = app
        .get(
            &format!("/api/analytics/forecast?level=variant&key={}", b.variant_id),
            t,
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let r = app
        .post(
            "/api/analytics/forecasts/refresh",
            t,
            json!({"seller_id": other}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let policy = json!({"scope": "product", "key": b.product_id.to_string(), "lead_time_days": 5,
        "review_period_days": 7, "service_level": 0.95});
    let r = app
        .send("PUT", "/api/analytics/stock/policies", t, Some(policy))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let r = app
        .send(
            "PUT",
            &format!("/api/analytics/stock/suppliers/{}", b.product_id),
            t,
            Some(json!({"supplier": "X"})),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let r = app
        .post(
            "/api/analytics/purchase-orders",
            t,
            json!({"variant_id": b.variant_id, "quantity": 5}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let theirs = app
        .post(
            "/api/analytics/purchase-orders",
            &b.user.token,
            json!({"variant_id": b.variant_id, "quantity": 5}),
        )
        .await;
    assert_eq!(theirs.status(), StatusCode::CREATED);
    let po: Value = theirs.json().await.unwrap();
    let r = app
        .post(
            &format!("/api/analytics/purchase-orders/{}/close", po["id"]),
            t,
            json!({"status": "received"}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    let mine = json_of(&app, "/api/analytics/purchase-orders", t).await;
    assert_eq!(mine["items"], json!([]));
    let s = json_of(&app, "/api/analytics/summary", t).await;
    assert_eq!(s["current"]["orders"], 0, "B's orders are not A's");
    for role in [Role::Premium, Role::Normal] {
        let u = app.user(role).await;
        let r = app.get("/api/analytics/summary", &u.token).await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
        let r = app.get("/api/analytics/customers", &u.token).await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
    }
}

#[tokio::test]
async fn bad_parameters_name_their_field() {
    let app = spawn_app().await;
    let a = shop(&app, "8690000000012").await;
    let admin = app.user(Role::Admin).await;
    let t = &a.user.token;
    for (path, field) in [
        ("/api/analytics/summary?from=2025-13-01", "from"),
        ("/api/analytics/summary?to=yesterday", "to"),
        (
            "/api/analytics/summary?from=2025-02-01&to=2025-01-01",
            "from",
        ),
        (
            "/api/analytics/summary?from=2010-01-01&to=2025-01-01",
            "from",
        ),
        ("/api/analytics/summary?seller_id=abc", "seller_id"),
        ("/api/analytics/sales?interval=year", "interval"),
        ("/api/analytics/sales?group_by=brand", "group_by"),
        ("/api/analytics/breakdown?by=colour", "by"),
        ("/api/analytics/breakdown?limit=0", "limit"),
        ("/api/analytics/movers?limit=101", "limit"),
        ("/api/analytics/forecasts?level=shelf", "level"),
        ("/api/analytics/forecast?level=variant", "key"),
        ("/api/analytics/stock?format=xml", "format"),
        ("/api/analytics/stock?only=some", "only"),
        ("/api/analytics/purchase-orders?status=lost", "status"),
        ("/api/analytics/summary?colour=red", "colour"),
    ] {
        let r = app.get(path, t).await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let r = app.get("/api/analytics/stock", &admin.token).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("seller_id"),
    )
    .await;
    let bad_policy = json!({"scope": "default", "lead_time_days": 5, "review_period_days": 0,
        "service_level": 1.5, "pack_size": 0});
    let r = app
        .send("PUT", "/api/analytics/stock/policies", t, Some(bad_policy))
        .await;
    let body = assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("service_level"),
    )
    .await;
    for f in ["review_period_days", "pack_size"] {
        assert!(body["error"]["fields"].get(f).is_some(), "{f} in {body}");
    }
    let r = app
        .post(
            "/api/analytics/purchase-orders",
            t,
            json!({"variant_id": a.variant_id, "quantity": 0}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("quantity"),
    )
    .await;
    let r = app
        .post(
            "/api/analytics/purchase-orders",
            t,
            json!({"variant_id": a.variant_id, "quantity": 3, "expected_at": "soon"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("expected_at"),
    )
    .await;
}

#[tokio::test]
async fn forecasts_feed_the_reorder_list() {
    let app = spawn_app().await;
    let a = shop(&app, "8690000000012").await;
    let t = &a.user.token;
    sell(&app, &a, 60, 3).await;
    let refresher = pofuai_web::insight::Refresher::new(app.state.clone(), "test");
    assert_eq!(refresher.run_until_idle().await.unwrap(), 1);
    assert_eq!(
        refresher.run_until_idle().await.unwrap(),
        0,
        "nothing changed since"
    );

    let f = json_of(
        &app,
        &format!("/api/analytics/forecast?level=variant&key={}", a.variant_id),
        t,
    )
    .await;
    assert!(
        pofuai_web::insight::is_model(f["model"].as_str().unwrap()),
        "{}",
        f["model"]
    );
    let point = f["forecast"].as_array().unwrap();
    assert_eq!(point.len(), pofuai_web::insight::HORIZON_DAYS);
    let daily = point[0].as_f64().unwrap();
    assert!((2.0..=4.0).contains(&daily), "three a day: {daily}");
    for i in 0..point.len() {
        let (lo, p, hi) = (
            f["lower"][i].as_f64().unwrap(),
            point[i].as_f64().unwrap(),
            f["upper"][i].as_f64().unwrap(),
        );
        assert!(lo <= p && p <= hi);
    }
    assert!(f["backtest"]["mase"].is_number(), "{}", f["backtest"]);
    let weekly = json_of(
        &app,
        &format!(
            "/api/analytics/forecast?level=product_week&key={}",
            a.product_id
        ),
        t,
    )
    .await;
    assert_eq!(
        weekly["forecast"].as_array().unwrap().len(),
        pofuai_web::insight::HORIZON_WEEKS
    );

    // The delivered orders used up the 10 in stock: it runs out inside the 5-day lead time.
    let policy = json!({"scope": "default", "lead_time_days": 5, "review_period_days": 7,
        "service_level": 0.95, "min_order": 10, "pack_size": 6});
    let r = app
        .send("PUT", "/api/analytics/stock/policies", t, Some(policy))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = json_of(&app, "/api/analytics/stock?only=alerts", t).await;
    let item = &list["items"][0];
    assert_eq!(item["variant_id"], a.variant_id);
    let qty = item["advice"]["order_quantity"].as_i64().unwrap();
    assert!(
        qty >= 36 && qty % 6 == 0,
        "12 days of about 3 a day plus safety, in packs of 6: {qty}"
    );
    assert!(item["advice"]["days_of_cover"].as_f64().unwrap() < 5.0);

    // Ordering it puts the quantity on order, and the suggestion drops.
    let r = app
        .post(
            "/api/analytics/purchase-orders",
            t,
            json!({"variant_id": a.variant_id, "quantity": qty, "supplier": "Anadolu Bakır"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let po: Value = r.json().await.unwrap();
    let list = json_of(&app, "/api/analytics/stock", t).await;
    assert_eq!(list["items"][0]["on_order"], qty);
    assert_eq!(list["items"][0]["advice"]["order_quantity"], 0);
    let csv = app.get("/api/analytics/stock?format=csv", t).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("variant_id,barcode,stock_code,product,supplier,on_hand"));
    assert_eq!(text.lines().count(), 2);
    let scope = pofuai_store::products::Scope::All;
    let before = app
        .store
        .variant(a.variant_id, scope)
        .await
        .unwrap()
        .stock_on_hand;
    let r = app
        .post(
            &format!("/api/analytics/purchase-orders/{}/close", po["id"]),
            t,
            json!({"status": "received"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v = app.store.variant(a.variant_id, scope).await.unwrap();
    assert_eq!(v.stock_on_hand, before + qty, "received stock is on hand");
    let r = app
        .post(
            &format!("/api/analytics/purchase-orders/{}/close", po["id"]),
            t,
            json!({"status": "cancelled"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    )
    .await;

    let c = json_of(&app, "/api/analytics/customers", t).await;
    assert_eq!(c["customers"], 7, "seven buyers by name");
    assert!(
        c["segments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"].is_string())
    );
    assert!(c["repeat_rate"].as_f64().unwrap() > 0.9);

    // The panel's analytics page names the segments in the user's language and shows the
    // cohort table, one row per month of first purchases.
    let html = app
        .client
        .get(app.url("/analytics"))
        .header(reqwest::header::COOKIE, format!("pofuai_token={t}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first = &c["segments"][0]["segment"];
    let names = [
        ("champions", "Şampiyonlar"),
        ("loyal", "Sadık müşteriler"),
        ("new", "Yeni müşteriler"),
        ("potential_loyalists", "Potansiyel sadıklar"),
        ("promising", "Umut vaat edenler"),
    ];
    if let Some((_, tr)) = names.iter().find(|(k, _)| first == k) {
        assert!(html.contains(tr), "{first} as {tr}");
    }
    assert!(!html.contains("segment-"), "no untranslated key");
    let table = &html[html.find("class=\"cohorts\"").expect("cohort table")..];
    let rows = table[..table.find("</table>").unwrap()]
        .matches("<th scope=\"row\">")
        .count();
    assert_eq!(rows, c["cohorts"].as_array().unwrap().len());
}

#[tokio::test]
async fn the_openapi_document_lists_the_analytics_endpoints() {
    let app = spawn_app().await;
    let spec: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/analytics/summary",
        "/api/analytics/overview",
        "/api/analytics/sales",
        "/api/analytics/breakdown",
        "/api/analytics/movers",
        "/api/analytics/forecasts",
        "/api/analytics/forecast",
        "/api/analytics/stock",
        "/api/analytics/stock/policies",
        "/api/analytics/purchase-orders",
        "/api/analytics/customers",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} missing");
    }
}

/// The overview is the summary, the channel breakdown and the daily sales by channel of each
/// period, read at once: every figure equals what those endpoints answer on their own.
#[tokio::test]
async fn the_overview_equals_the_summary_breakdown_and_sales_it_replaces() {
    let app = spawn_app().await;
    let a = shop(&app, "8690000000012").await;
    sell(&app, &a, 40, 2).await;
    let b = shop(&app, "8690000000029").await;
    sell(&app, &b, 5, 1).await;
    let today = chrono::DateTime::from_timestamp_millis(app.state.now_ms())
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Istanbul)
        .date_naive();
    let o = json_of(
        &app,
        &format!("/api/analytics/overview?days=1,7,30&to={today}"),
        &a.user.token,
    )
    .await;
    let periods = o["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 3);
    for (p, days) in periods.iter().zip([1i64, 7, 30]) {
        assert_eq!(p["days"], days);
        let from = today - chrono::Duration::days(days - 1);
        let q = format!("from={from}&to={today}");
        let summary = json_of(&app, &format!("/api/analytics/summary?{q}"), &a.user.token).await;
        assert_eq!(p["summary"], summary, "{days} days");
        let breakdown = json_of(
            &app,
            &format!("/api/analytics/breakdown?by=channel&{q}"),
            &a.user.token,
        )
        .await;
        assert_eq!(p["channels"], breakdown["items"], "{days} days");
    }
    // The 7 and 30 days hold sales (ending yesterday), beside earlier ones for the change.
    assert_eq!(periods[1]["summary"]["current"]["orders"], 12);
    assert_eq!(periods[2]["summary"]["current"]["orders"], 58);
    assert!(periods[1]["summary"]["change"]["revenue_minor"].is_number());
    let from = today - chrono::Duration::days(29);
    let sales = json_of(
        &app,
        &format!("/api/analytics/sales?from={from}&to={today}&group_by=channel"),
        &a.user.token,
    )
    .await;
    assert_eq!(o["daily"], sales["points"]);

    // Another seller's figures stay out; bad lists name their field.
    let theirs = json_of(&app, "/api/analytics/overview?days=30", &b.user.token).await;
    assert_eq!(theirs["periods"][0]["summary"]["current"]["orders"], 5);
    for bad in ["0", "1,2,3,4,5,6", "x", "367", ""] {
        let r = app
            .get(
                &format!("/api/analytics/overview?days={bad}"),
                &a.user.token,
            )
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("days"),
        )
        .await;
    }
}
