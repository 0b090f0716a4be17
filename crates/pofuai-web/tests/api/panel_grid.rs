//! The seller panel's product grid (sorting with keyset paging, listing status per channel),
//! the integrations page (report chart, webhooks, category mapping) and the API's field
//! errors in the user's language; each over HTTP, with the API underneath.

use pofuai_core::Role;
use pofuai_sandbox::trendyol::{self as ty, TrendyolSim};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, product_body, spawn_app, spawn_app_with};

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn cookie(u: &User) -> String {
    format!("pofuai_token={}", u.token)
}

async fn page(app: &TestApp, u: &User, path: &str) -> (StatusCode, String) {
    let r = browser()
        .get(app.url(path))
        .header(COOKIE, cookie(u))
        .send()
        .await
        .expect("request");
    let status = r.status();
    (status, r.text().await.expect("body"))
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().expect("token").to_string()
}

async fn post_form(
    app: &TestApp,
    u: &User,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser()
        .post(app.url(path))
        .header(COOKIE, cookie(u))
        .form(form)
        .send()
        .await
        .expect("request")
}

/// A product named `name` with one variant at `sale_price` kuruş and `stock` units.
async fn product_at(app: &TestApp, seller: &User, name: &str, sale_price: i64, stock: i64) -> i64 {
    let barcode = format!("8690{:09}", rand_suffix(name, sale_price));
    let mut body = product_body(name, &barcode);
    body["variants"][0]["sale_price"] = json!(sale_price);
    body["variants"][0]["list_price"] = json!(sale_price.max(129990));
    body["variants"][0]["stock"] = json!(stock);
    let r = app.post("/api/products", &seller.token, body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "create {name}");
    r.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id")
}

/// A barcode suffix that differs between the test's products (names differ).
fn rand_suffix(name: &str, price: i64) -> u64 {
    let mut h: u64 = 1469598103934665603;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    (h ^ price as u64) % 1_000_000_000
}

/// Every page of `/api/products?{query}` at `limit` a page, following the cursors.
async fn all_pages(app: &TestApp, seller: &User, query: &str, limit: i64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let mut uri = format!("/api/products?{query}&limit={limit}");
        if let Some(c) = &cursor {
            uri.push_str(&format!("&cursor={c}"));
        }
        let r = app.get(&uri, &seller.token).await;
        assert_eq!(r.status(), StatusCode::OK, "{uri}");
        let body: Value = r.json().await.expect("json");
        out.extend(body["items"].as_array().cloned().unwrap_or_default());
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("paging did not end");
}

fn names(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

const TURKISH_NAMES: [&str; 9] = [
    "Zeytin Yağı",
    "çanta askısı",
    "Ceket",
    "Ilık Su Termosu",
    "İğne Seti",
    "Şal",
    "Saat",
    "Ödül Kupası",
    "Orkide",
];

const IN_TURKISH_ORDER: [&str; 9] = [
    "Ceket",
    "çanta askısı",
    "Ilık Su Termosu",
    "İğne Seti",
    "Orkide",
    "Ödül Kupası",
    "Saat",
    "Şal",
    "Zeytin Yağı",
];

#[tokio::test]
async fn products_sort_by_name_in_turkish_order_across_pages() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    for (i, name) in TURKISH_NAMES.iter().enumerate() {
        product_at(&app, &seller, name, 10_000 + i as i64, 5).await;
    }
    // Two a page: the cursor carries the name's key, so no row is skipped or repeated.
    let asc = all_pages(&app, &seller, "sort=name", 2).await;
    assert_eq!(names(&asc), IN_TURKISH_ORDER);
    let desc = all_pages(&app, &seller, "sort=name&order=desc", 4).await;
    let mut reversed = IN_TURKISH_ORDER.to_vec();
    reversed.reverse();
    assert_eq!(names(&desc), reversed);
    // Filters still apply to a sorted list.
    let found = all_pages(&app, &seller, "sort=name&q=saat", 1).await;
    assert_eq!(names(&found), vec!["Saat"]);
}

#[tokio::test]
async fn products_sort_by_price_stock_and_update_with_ties_kept_in_id_order() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    // Equal prices straddle the page boundaries: the id decides among them.
    let a = product_at(&app, &seller, "Ürün A", 5_000, 7).await;
    let b = product_at(&app, &seller, "Ürün B", 2_000, 1).await;
    let c = product_at(&app, &seller, "Ürün C", 5_000, 3).await;
    let d = product_at(&app, &seller, "Ürün D", 5_000, 9).await;
    let e = product_at(&app, &seller, "Ürün E", 9_000, 0).await;
    let ids = |items: &[Value]| -> Vec<i64> {
        items
            .iter()
            .map(|p| p["id"].as_i64().unwrap_or(0))
            .collect()
    };
    assert_eq!(
        ids(&all_pages(&app, &seller, "sort=price", 2).await),
        vec![b, a, c, d, e]
    );
    assert_eq!(
        ids(&all_pages(&app, &seller, "sort=price&order=desc", 2).await),
        vec![e, d, c, a, b]
    );
    assert_eq!(
        ids(&all_pages(&app, &seller, "sort=stock", 3).await),
        vec![e, b, c, a, d]
    );
    // A change moves a product to the front of "updated".
    app.clock.advance(std::time::Duration::from_secs(60));
    let r = app
        .patch(
            &format!("/api/products/{b}"),
            &seller.token,
            json!({"name": "Ürün B yeni"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let updated = ids(&all_pages(&app, &seller, "sort=updated", 2).await);
    assert_eq!(updated.first(), Some(&b), "{updated:?}");
    assert_eq!(updated.len(), 5);
}

#[tokio::test]
async fn bad_sort_order_cursor_and_listing_values_are_refused_by_field() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let other = app.user(Role::Seller).await;
    let theirs = app.sandbox_trendyol(&other).await;
    for i in 0..3 {
        product_at(&app, &seller, &format!("Ürün {i}"), 1_000 + i, 1).await;
    }
    for (query, field) in [
        ("sort=colour", "sort"),
        ("sort=name&order=up", "order"),
        ("listing=failed", "integration"),
        ("integration=1", "listing"),
        ("listing=gone&integration=1", "listing"),
        (
            &format!("listing=failed&integration={theirs}") as &str,
            "integration",
        ),
        ("integration=abc&listing=failed", "integration"),
        ("sort=price&cursor=zz", "cursor"),
    ] {
        let r = app
            .get(&format!("/api/products?{query}"), &seller.token)
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    // A cursor belongs to its sort: one made for names is refused for prices.
    let r = app
        .get("/api/products?sort=name&limit=1", &seller.token)
        .await;
    let cursor = r.json::<Value>().await.expect("json")["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    for other in ["sort=price", "sort=name&order=desc"] {
        let r = app
            .get(
                &format!("/api/products?{other}&limit=1&cursor={cursor}"),
                &seller.token,
            )
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("cursor"),
        )
        .await;
    }
}

/// Records `status` as the listing of `product`'s first variant on `integration`.
async fn listing(app: &TestApp, integration: i64, product: i64, status: &str) {
    let p = app
        .store
        .product(product, pofuai_store::products::Scope::All)
        .await
        .expect("product");
    let v = &p.variants[0];
    app.store
        .upsert_mapping(
            &pofuai_store::sync::Mapping {
                integration_id: integration,
                product_id: product,
                variant_id: v.id,
                remote_id: None,
                barcode: v.barcode.clone(),
                stock_code: v.stock_code.clone(),
                merchant_sku: None,
                status: status.into(),
                last_pushed_hash: None,
                pushed_quantity: None,
                pushed_sale_price: None,
                pushed_list_price: None,
                last_error: (status == "failed").then(|| "Kategori bulunamadı".to_string()),
                last_synced_at: None,
            },
            app.state.now_ms(),
        )
        .await
        .expect("mapping");
}

#[tokio::test]
async fn products_filter_by_listing_status_on_one_integration() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let trendyol = app.sandbox_trendyol(&seller).await;
    let listed = product_at(&app, &seller, "Listelenen", 1_000, 1).await;
    let failed = product_at(&app, &seller, "Reddedilen", 2_000, 1).await;
    let never = product_at(&app, &seller, "Gönderilmeyen", 3_000, 1).await;
    listing(&app, trendyol, listed, "synced").await;
    listing(&app, trendyol, failed, "failed").await;
    let ids = |items: Vec<Value>| -> Vec<i64> {
        let mut v: Vec<i64> = items
            .iter()
            .map(|p| p["id"].as_i64().unwrap_or(0))
            .collect();
        v.sort();
        v
    };
    let q = |l: &str| format!("integration={trendyol}&listing={l}");
    assert_eq!(
        ids(all_pages(&app, &seller, &q("listed"), 10).await),
        vec![listed]
    );
    assert_eq!(
        ids(all_pages(&app, &seller, &q("failed"), 10).await),
        vec![failed]
    );
    assert_eq!(
        ids(all_pages(&app, &seller, &q("not_listed"), 10).await),
        vec![never]
    );
    assert!(all_pages(&app, &seller, &q("pending"), 10).await.is_empty());
    // A sync job's outcome is seen at once (no cached answer outlives it).
    listing(&app, trendyol, failed, "synced").await;
    assert_eq!(
        ids(all_pages(&app, &seller, &q("listed"), 10).await),
        vec![listed, failed]
    );
    assert!(all_pages(&app, &seller, &q("failed"), 10).await.is_empty());
    // Sorted and filtered together.
    let both = all_pages(&app, &seller, &format!("{}&sort=name", q("listed")), 1).await;
    assert_eq!(names(&both), vec!["Listelenen", "Reddedilen"]);
}

#[tokio::test]
async fn the_openapi_document_has_the_new_parameters_and_routes() {
    let app = spawn_app().await;
    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let params: Vec<String> = doc["paths"]["/api/products"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect();
    for name in ["sort", "order", "listing", "integration", "cursor"] {
        assert!(params.iter().any(|p| p == name), "{name} in {params:?}");
    }
    assert!(doc["paths"]["/api/integrations/{id}/categories"]["get"].is_object());
    assert!(doc["components"]["schemas"]["FieldCode"].is_object());
}

#[tokio::test]
async fn the_products_grid_sorts_by_column_and_filters_by_channel_listing() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let trendyol = app.sandbox_trendyol(&seller).await;
    let mut ids = Vec::new();
    for (i, name) in TURKISH_NAMES.iter().enumerate() {
        ids.push(product_at(&app, &seller, name, 10_000 + i as i64, 5).await);
    }
    listing(&app, trendyol, ids[1], "failed").await;

    let (status, html) = page(&app, &seller, "/products?sort=name").await;
    assert_eq!(status, StatusCode::OK);
    // The rows in Turkish order, the name column marked as the sort, its link reversing it.
    let mut at = 0;
    for name in IN_TURKISH_ORDER {
        let i = html[at..]
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name} after {at} in {html}"));
        at += i;
    }
    assert!(
        html.contains("aria-sort=\"ascending\"><a href=\"/products?sort=name&#38;order=desc\""),
        "{html}"
    );
    assert!(html.contains("data-sort=\"price\"") && html.contains("data-sort=\"updated\""));

    // Price, highest first.
    let (_, html) = page(&app, &seller, "/products?sort=price&order=desc").await;
    let first = html.find(">Orkide</a>").expect("most expensive");
    let second = html.find(">Ödül Kupası</a>").expect("second");
    assert!(first < second);

    // The channel filter: the integrations are offered by name, the listing states by word.
    let (_, html) = page(&app, &seller, "/products").await;
    assert!(html.contains(&format!("<option value=\"{trendyol}\">Trendyol</option>")));
    assert!(html.contains("value=\"not_listed\">Listelenmemiş"));
    let (status, html) = page(
        &app,
        &seller,
        &format!("/products?integration={trendyol}&listing=failed"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(">çanta askısı</a>"), "{html}");
    assert!(!html.contains(">Ceket</a>"), "{html}");

    // A value the API refuses is shown beside its field, with an empty grid.
    let (status, html) = page(&app, &seller, "/products?listing=failed").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"integration-error\""), "{html}");
}

#[tokio::test]
async fn the_grid_pages_a_sorted_list_without_losing_rows() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    // More than one page of the grid (25), with equal names across the boundary.
    for i in 0..30 {
        product_at(&app, &seller, &format!("Şemsiye {}", i % 3), 1_000 + i, 1).await;
    }
    let (_, html) = page(&app, &seller, "/products?sort=name").await;
    let marker = "href=\"/products?";
    let next = html
        .match_indices(marker)
        .map(|(i, _)| &html[i + marker.len()..])
        .find(|rest| rest.split('"').next().unwrap_or("").contains("cursor="))
        .and_then(|rest| rest.split('"').next())
        .expect("a next page link")
        .replace("&#38;", "&");
    assert!(next.contains("sort=name"), "{next}");
    let (status, second) = page(&app, &seller, &format!("/products?{next}")).await;
    assert_eq!(status, StatusCode::OK);
    let rows = |h: &str| h.matches("name=\"ids\"").count();
    assert_eq!(rows(&html) + rows(&second), 30);
}

#[tokio::test]
async fn the_integrations_page_charts_the_report_with_a_data_table() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let trendyol = app.sandbox_trendyol(&seller).await;
    let now = app.state.now_ms();
    for (ms, ok) in [(120, true), (80, true), (400, false), (100, true)] {
        app.store
            .record_channel_call(trendyol, "push_stock", ok, ms, now - 1_000)
            .await
            .expect("call");
    }
    let (status, html) = page(&app, &seller, "/integrations").await;
    assert_eq!(status, StatusCode::OK);
    let report = &html[html.find("id=\"report-h\"").expect("the report section")..];
    // Three charts drawn on the server, hidden from screen readers, which get the table.
    assert_eq!(
        report.matches("<svg class=\"chart\"").count(),
        3,
        "{report}"
    );
    assert!(report.contains("aria-hidden=\"true\""));
    assert!(
        report.contains("<th scope=\"row\">Trendyol</th>"),
        "{report}"
    );
    let table = &report[report.find("<tbody>").expect("table")..];
    let p50 = app
        .get("/api/integrations/report", &seller.token)
        .await
        .json::<Value>()
        .await
        .expect("json")["items"][0]["integration"]["latency_p50_ms"]
        .as_i64()
        .expect("p50");
    assert!(table.contains(&format!("{p50} ms")), "{table}");
    // The latency bars carry their values.
    assert!(report.contains(&format!(">{p50} ms</text>")), "{report}");
}

#[tokio::test]
async fn webhooks_are_made_on_the_integrations_page_with_credentials_shown_once() {
    let app = spawn_app_with(|c| c.sync.public_url = "https://panel.pofuai.test".into()).await;
    let seller = app.user(Role::Seller).await;
    let trendyol = app.sandbox_trendyol(&seller).await;
    let (_, html) = page(&app, &seller, "/integrations").await;
    assert!(html.contains(&format!("action=\"/integrations/{trendyol}/webhooks\"")));
    let token = csrf_of(&html);

    // Without the CSRF token nothing is made.
    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{trendyol}/webhooks"),
        &[("auth", "api_key")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{trendyol}/webhooks"),
        &[("auth", "api_key"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let html = r.text().await.expect("body");
    let hooks: Value = app
        .get(
            &format!("/api/integrations/{trendyol}/webhooks"),
            &seller.token,
        )
        .await
        .json()
        .await
        .expect("json");
    let hook = &hooks["items"][0];
    let url = format!(
        "https://panel.pofuai.test/api/webhooks/trendyol/{}",
        hook["endpoint_token"].as_str().expect("token")
    );
    assert!(html.contains(&format!("<code>{url}</code>")), "{html}");
    let label = "API anahtarı</dt><dd><code>";
    let key_at = html.find(label).expect("the key") + label.len();
    let key = html[key_at..].split('<').next().expect("key").to_string();
    assert_eq!(key.len(), 48, "{key}");

    // The key is the one the endpoint checks, and is never shown again.
    let delivery = app.url(url.trim_start_matches("https://panel.pofuai.test"));
    let deliver = |key: String| {
        let client = app.client.clone();
        let delivery = delivery.clone();
        async move {
            client
                .post(&delivery)
                .header("x-api-key", key)
                .json(&json!({}))
                .send()
                .await
                .expect("delivery")
                .status()
        }
    };
    assert_eq!(deliver("0".repeat(48)).await, StatusCode::UNAUTHORIZED);
    assert_ne!(deliver(key.clone()).await, StatusCode::UNAUTHORIZED);
    let (_, html) = page(&app, &seller, "/integrations").await;
    assert!(!html.contains(&key));
    assert!(
        html.contains(&format!("data-webhook=\"{}\"", hook["id"])),
        "{html}"
    );
    assert!(html.contains("order_packages"));

    // Hepsiburada-only choices are refused by the API and shown beside the field.
    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{trendyol}/webhooks"),
        &[("auth", "carrier_pigeon"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains(&format!("id=\"hook-auth-error-{trendyol}\"")),
        "{html}"
    );

    // Deleting it, with a token.
    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{trendyol}/webhooks/{}/delete", hook["id"]),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let hooks: Value = app
        .get(
            &format!("/api/integrations/{trendyol}/webhooks"),
            &seller.token,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(hooks["items"].as_array().map(Vec::len), Some(0));

    // Another seller's integration is not found.
    let other = app.user(Role::Seller).await;
    let (_, html) = page(&app, &other, "/integrations").await;
    let r = post_form(
        &app,
        &other,
        &format!("/integrations/{trendyol}/webhooks"),
        &[("auth", "basic"), ("_csrf", &csrf_of(&html))],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn categories_are_mapped_to_the_channels_leaves_found_by_search() {
    let sim = TrendyolSim::spawn(ty::SimOptions::trendyol())
        .await
        .expect("simulator");
    let url = sim.base_url().to_string();
    let app = spawn_app_with(move |c| {
        c.sync.sandbox_urls.insert("trendyol".into(), url);
    })
    .await;
    let seller = app.user(Role::Seller).await;
    let o = ty::SimOptions::trendyol();
    let r = app
        .post(
            "/api/integrations",
            &seller.token,
            json!({"integration_type": "marketplace", "integration_name": "trendyol",
                   "config": {"seller_id": o.seller_id, "api_key": o.username,
                              "api_secret": o.password, "environment": "sandbox"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    app.product(&seller, "Kablosuz Kulaklık", "8690000000011")
        .await;

    // The API's search over the channel's leaves.
    let all: Value = app
        .get(
            &format!("/api/integrations/{id}/categories?limit=100"),
            &seller.token,
        )
        .await
        .json()
        .await
        .expect("json");
    let leaves = all["items"].as_array().expect("items").clone();
    assert!(!leaves.is_empty(), "{all}");
    let leaf = &leaves[0];
    let leaf_name = leaf["name"].as_str().expect("name").to_string();
    let leaf_id = leaf["id"].as_str().expect("id").to_string();
    let word: String = leaf_name
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(4)
        .collect();
    let found: Value = app
        .get(
            &format!(
                "/api/integrations/{id}/categories?q={}",
                word.to_lowercase()
            ),
            &seller.token,
        )
        .await
        .json()
        .await
        .expect("json");
    assert!(
        found["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["id"] == leaf["id"]),
        "{found}"
    );
    let r = app
        .get(
            &format!("/api/integrations/{id}/categories?limit=0"),
            &seller.token,
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("limit"),
    )
    .await;

    // The page: our categories offered, the channel's leaves searchable.
    let (status, html) = page(
        &app,
        &seller,
        &format!("/integrations/{id}/categories?cq={}", word.to_lowercase()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<option value=\"Elektronik\">"), "{html}");
    assert!(
        html.contains(&format!("<option value=\"{leaf_id}\"")),
        "{html}"
    );
    let token = csrf_of(&html);

    // A category that is not the channel's is refused beside the field.
    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{id}/categories"),
        &[
            ("category", "Elektronik"),
            ("remote_category_id", "no-such-category"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("id=\"remote-error\"")
    );

    let r = post_form(
        &app,
        &seller,
        &format!("/integrations/{id}/categories"),
        &[
            ("category", "Elektronik"),
            ("remote_category_id", &leaf_id),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mapped: Value = app
        .get(
            &format!("/api/integrations/{id}/category-mappings"),
            &seller.token,
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(mapped["items"][0]["category"], "Elektronik");
    assert_eq!(
        mapped["items"][0]["remote_category_id"].as_str(),
        Some(leaf_id.as_str())
    );
    let (_, html) = page(&app, &seller, &format!("/integrations/{id}/categories")).await;
    assert!(
        html.contains(&format!("<td>Elektronik</td><td>{leaf_name}</td>")),
        "{html}"
    );
}

#[tokio::test]
async fn api_field_errors_are_shown_in_the_users_language() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let vid = product["variants"][0]["id"].as_i64().expect("variant");

    // The API names the problem by a stable code beside its English words.
    let api: Value = app
        .patch(
            &format!("/api/products/{pid}/variants/{vid}"),
            &seller.token,
            json!({"sale_price": 500_000}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        api["error"]["field_codes"]["sale_price"]["code"], "above_list_price",
        "{api}"
    );
    let english = api["error"]["fields"]["sale_price"]
        .as_str()
        .expect("message")
        .to_string();

    // A price above the list price typed by a Turkish seller: told in Turkish.
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}/variants/{vid}"),
        &[("sale_price", "5.000,00"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains("class=\"field-error\">Fiyat: Satış fiyatı liste fiyatından yüksek olamaz."),
        "{html}"
    );
    assert!(!html.contains(&english), "{html}");

    // A stock out of range names its bounds as Turkish numbers.
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}/variants/{vid}"),
        &[("stock", "-5"), ("_csrf", &token)],
    )
    .await;
    let html = r.text().await.expect("body");
    assert!(
        html.contains("class=\"field-error\">Eldeki: 0 ile 10.000.000 arasında olmalı."),
        "{html}"
    );

    // The same refusal for a browser in English.
    let r = browser()
        .post(app.url(&format!("/products/{pid}/variants/{vid}")))
        .header(COOKIE, cookie(&seller))
        .header(ACCEPT_LANGUAGE, "en")
        .form(&[("sale_price", "5000.00"), ("_csrf", &token)])
        .send()
        .await
        .expect("request");
    let html = r.text().await.expect("body");
    assert!(
        html.contains("The sale price must not be above the list price."),
        "{html}"
    );
}
