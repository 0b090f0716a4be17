//! The seller panel over HTTP: every page for every role, the session and CSRF rules, the
//! languages, and forms showing the API's field errors.

use pofuai_core::{Feature, Role};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, User, spawn_app};

/// A browser-like client that does not follow redirects, so tests see them.
pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub(crate) fn cookie(u: &User) -> String {
    format!("pofuai_token={}", u.token)
}

pub(crate) async fn page(app: &TestApp, u: &User, path: &str) -> (StatusCode, String) {
    let r = browser()
        .get(app.url(path))
        .header(COOKIE, cookie(u))
        .send()
        .await
        .expect("request");
    let status = r.status();
    (status, r.text().await.expect("body"))
}

/// The CSRF token the page embeds in its forms.
pub(crate) fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().expect("token").to_string()
}

pub(crate) async fn post_form(
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

#[tokio::test]
async fn every_page_renders_for_every_role_or_is_refused() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let pages: Vec<(String, Feature)> = vec![
        ("/products".into(), Feature::ProductView),
        (format!("/products/{pid}"), Feature::ProductView),
        ("/templates".into(), Feature::TemplateBasic),
        ("/orders".into(), Feature::MultiChannel),
        ("/questions".into(), Feature::MultiChannel),
        ("/integrations".into(), Feature::MultiChannel),
        (
            "/integrations/connect/trendyol".into(),
            Feature::MultiChannel,
        ),
        ("/analytics".into(), Feature::SalesAnalytics),
        ("/assistant".into(), Feature::AiAssistant),
        ("/admin/users".into(), Feature::UserAdmin),
        ("/admin/system".into(), Feature::SystemMetrics),
        (format!("/admin/edit/{pid}"), Feature::AiProductEditing),
        ("/account".into(), Feature::ProductView),
    ];
    for role in Role::ALL {
        let u = if role == Role::Seller {
            seller.clone()
        } else {
            app.user(role).await
        };
        for (path, feature) in &pages {
            let (status, body) = page(&app, &u, path).await;
            if role.can(*feature) {
                assert_eq!(status, StatusCode::OK, "{role} {path}: {body}");
                assert!(
                    body.contains("<html lang=\"tr\""),
                    "{role} {path} is Turkish"
                );
                // The navigation offers exactly what the matrix allows.
                for (name, href, f) in pofuai_web::panel::SECTIONS {
                    let link = format!("<li><a href=\"{href}\"");
                    assert_eq!(
                        body.contains(&link),
                        role.can(*f),
                        "{role} {path}: nav link to {name}"
                    );
                }
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role} {path}");
                assert!(body.contains("yetkiniz yok"), "{role} {path}: {body}");
            }
        }
        // The dashboard: sales roles see it, the others are sent to their first section.
        let (status, body) = page(&app, &u, "/").await;
        if role.can(Feature::SalesAnalytics) {
            assert_eq!(status, StatusCode::OK, "{role} /: {body}");
        } else {
            assert_eq!(status, StatusCode::SEE_OTHER, "{role} /");
        }
    }
}

#[tokio::test]
async fn pages_need_a_session_and_send_strangers_to_login() {
    let app = spawn_app().await;
    let r = browser()
        .get(app.url("/products?q=kulak"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login?next=%2Fproducts%3Fq%3Dkulak");
    let r = browser()
        .get(app.url("/products"))
        .header(COOKIE, "pofuai_token=pfa_not_a_real_token")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The API keeps answering JSON, pages keep answering HTML.
    let r = browser()
        .get(app.url("/api/products"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/json")
    );
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_refuses_a_cross_site_post() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let client = browser();
    // Without the login form's cookie the post is refused: a page elsewhere cannot log the
    // browser into an account of its choosing.
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("email", seller.email.as_str()),
            ("password", PASSWORD),
            ("_csrf", "x"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = client
        .get(app.url("/login?next=/orders"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let set = r.headers()[SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    let pre = set.split(';').next().expect("pair").to_string();
    let html = r.text().await.expect("body");
    let token = csrf_of(&html);
    // Wrong password: the form again, with the message.
    let r = client
        .post(app.url("/login"))
        .header(COOKIE, &pre)
        .form(&[
            ("email", seller.email.as_str()),
            ("password", "yanlis-parola-1"),
            ("_csrf", &token),
            ("next", "/orders"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("E-posta veya parola hatalı")
    );

    let r = client
        .post(app.url("/login"))
        .header(COOKIE, &pre)
        .form(&[
            ("email", seller.email.as_str()),
            ("password", PASSWORD),
            ("_csrf", &token),
            ("next", "/orders"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/orders");
    let session = r.headers()[SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(session.starts_with("pofuai_token=pfa_"), "{session}");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
    assert!(
        !session.contains("Secure"),
        "plain http in tests: {session}"
    );

    // An open redirect through `next` is not possible.
    let r = client
        .get(app.url("/login?next=//evil.example/x"))
        .send()
        .await
        .expect("request");
    let html = r.text().await.expect("body");
    assert!(html.contains("name=\"next\" value=\"/\""), "{html}");
}

#[tokio::test]
async fn a_state_change_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let vid = product["variants"][0]["id"].as_i64().expect("variant");
    let path = format!("/products/{pid}/variants/{vid}");

    for form in [
        vec![("stock", "3")],
        vec![("stock", "3"), ("_csrf", "0000")],
    ] {
        let r = post_form(&app, &seller, &path, &form).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    // Another session's token does not do either.
    let other = app.login_ok(&seller.email, PASSWORD).await;
    let (_, html) = page(
        &app,
        &User {
            token: other,
            ..seller.clone()
        },
        &format!("/products/{pid}"),
    )
    .await;
    let foreign = csrf_of(&html);
    let r = post_form(&app, &seller, &path, &[("stock", "3"), ("_csrf", &foreign)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: Value = app
        .get(&format!("/api/products/{pid}"), &seller.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["variants"][0]["stock"], 10, "nothing changed");

    // With the page's token the same post goes through the API.
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        &path,
        &[
            ("stock", "3"),
            ("sale_price", "1.299,90"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v: Value = app
        .get(&format!("/api/products/{pid}"), &seller.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["variants"][0]["stock"], 3);
    assert_eq!(v["variants"][0]["sale_price"], 129_990);

    // htmx sends the token as a header instead.
    let r = browser()
        .post(app.url("/account"))
        .header(COOKIE, cookie(&seller))
        .header("x-csrf-token", &token)
        .form(&[("language", "en")])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Logging out also needs it.
    let r = post_form(&app, &seller, "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forms_show_the_apis_field_errors_next_to_the_field() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let vid = product["variants"][0]["id"].as_i64().expect("variant");
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);

    // A negative stock: the API's refusal, shown beside the stock field in the user's
    // language (the API's English words only where it names no code).
    let api: Value = app
        .patch(
            &format!("/api/products/{pid}/variants/{vid}"),
            &seller.token,
            serde_json::json!({"stock": -5}),
        )
        .await
        .json()
        .await
        .expect("json");
    let message = api["error"]["fields"]["stock"]
        .as_str()
        .expect("API names stock")
        .to_string();
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}/variants/{vid}"),
        &[("stock", "-5"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert_eq!(api["error"]["field_codes"]["stock"]["code"], "out_of_range");
    assert!(
        html.contains("class=\"field-error\">Eldeki: 0 ile 10.000.000 arasında olmalı."),
        "{html}"
    );
    assert!(!html.contains(&message), "{html}");

    // An empty name on the product form.
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}"),
        &[("name", ""), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains("id=\"name\" name=\"name\" value=\"\" aria-invalid=\"true\""),
        "{html}"
    );
    assert!(html.contains("id=\"name-error\""), "{html}");

    // The template studio: an unknown platform is the API's to refuse.
    let r = post_form(
        &app,
        &seller,
        "/templates",
        &[("template_type", "myspace_post"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("id=\"template_type-error\"")
    );
}

#[tokio::test]
async fn language_comes_from_the_account_then_the_browser() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let r = browser()
        .get(app.url("/products"))
        .header(COOKIE, cookie(&seller))
        .header(ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request");
    let html = r.text().await.expect("body");
    assert!(
        html.contains("<html lang=\"en\"") && html.contains(">Products</a>"),
        "{html}"
    );

    // The live list's words come with the page, in its language (panel.js fills them in).
    let (_, html) = page(&app, &seller, "/").await;
    assert!(html.contains("data-labels=") && html.contains("Başarılı") && html.contains("Kargoda"));
    let (_, html) = page(&app, &seller, "/account").await;
    assert!(html.contains(">Ürünler</a>"));
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        "/account",
        &[("language", "xx"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("id=\"language-error\"")
    );
    let r = post_form(
        &app,
        &seller,
        "/account",
        &[("language", "en"), ("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Saved on the account: English even for a browser asking for Turkish.
    let r = browser()
        .get(app.url("/account"))
        .header(COOKIE, cookie(&seller))
        .header(ACCEPT_LANGUAGE, "tr")
        .send()
        .await
        .expect("request");
    let html = r.text().await.expect("body");
    assert!(
        html.contains("<html lang=\"en\"") && html.contains("My account"),
        "{html}"
    );
}

#[tokio::test]
async fn logout_ends_the_session_and_password_change_ends_the_others() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let second = User {
        token: app.login_ok(&seller.email, PASSWORD).await,
        ..seller.clone()
    };
    let (_, html) = page(&app, &seller, "/account").await;
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        "/account/password",
        &[
            ("current_password", "yanlis-parola-1"),
            ("new_password", "yeni-parola-2026"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("id=\"current_password-error\"")
    );
    let r = post_form(
        &app,
        &seller,
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "kisa"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("id=\"new_password-error\"")
    );
    let r = post_form(
        &app,
        &seller,
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "yeni-parola-2026"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        page(&app, &second, "/account").await.0,
        StatusCode::SEE_OTHER,
        "other session ended"
    );
    assert_eq!(
        page(&app, &seller, "/account").await.0,
        StatusCode::OK,
        "this one stays"
    );
    app.login_ok(&seller.email, "yeni-parola-2026").await;

    let r = post_form(&app, &seller, "/logout", &[("_csrf", &token)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[SET_COOKIE]
            .to_str()
            .unwrap_or_default()
            .contains("Max-Age=0")
    );
    assert_eq!(
        page(&app, &seller, "/account").await.0,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn assets_are_embedded_and_pages_forbid_foreign_scripts() {
    let app = spawn_app().await;
    for (path, kind) in [
        ("/assets/htmx-2.0.8.min.js", "text/javascript"),
        ("/assets/panel.css", "text/css"),
        ("/assets/panel.js", "text/javascript"),
    ] {
        let r = browser().get(app.url(path)).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap_or_default()
                .starts_with(kind)
        );
    }
    let r = browser()
        .get(app.url("/assets/nope.js"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = browser()
        .get(app.url("/login"))
        .send()
        .await
        .expect("request");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
}

#[tokio::test]
async fn the_products_grid_searches_with_turkish_folding_and_bulk_sets_stock() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let a = app
        .product(&seller, "IŞIKLI Çalar Saat", "8690000000011")
        .await;
    app.product(&seller, "Kablosuz Kulaklık", "8690000000028")
        .await;
    let (status, html) = page(&app, &seller, "/products?q=isikli").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("IŞIKLI Çalar Saat") && !html.contains("Kablosuz Kulaklık"),
        "{html}"
    );
    let (status, html) = page(&app, &seller, "/products?stock=bogus").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"stock-error\""), "{html}");

    let token = csrf_of(&html);
    let id = a["id"].as_i64().expect("id").to_string();
    let r = post_form(
        &app,
        &seller,
        "/products/bulk",
        &[
            ("ids", &id),
            ("action", "stock"),
            ("value", "7"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["variants"][0]["stock"], 7);
    let r = post_form(
        &app,
        &seller,
        "/products/bulk",
        &[
            ("ids", &id),
            ("action", "stock"),
            ("value", "yedi"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("id=\"value-error\""));
}

/// Today is not over, so the dashboard does not compare it with the whole of yesterday (which
/// would show every early morning as a fall of 100 %); the longer periods keep their change.
#[tokio::test]
async fn the_dashboard_does_not_compare_an_unfinished_today_with_yesterday() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    app.product(&seller, "Bakır Cezve", "8690000000419").await;
    let integration = app.sandbox_trendyol(&seller).await;
    let yesterday = app.state.now_ms() - 86_400_000;
    app.store
        .import_package(
            &pofuai_store::orders::ImportedPackage {
                owner_id: seller.id,
                integration_id: integration,
                package_id: "P1".into(),
                order_number: "O1".into(),
                status: "delivered".into(),
                platform_status: "Delivered".into(),
                customer_name: "Alıcı".into(),
                total_minor: 10_000,
                currency: "TRY".into(),
                ordered_at: yesterday,
                remote_updated_at: yesterday,
                cargo_tracking_number: None,
                lines: vec![pofuai_store::orders::ImportedLine {
                    line_id: "1".into(),
                    barcode: "8690000000419".into(),
                    stock_code: None,
                    quantity: 1,
                    unit_price_minor: 10_000,
                    cancelled: false,
                }],
            },
            app.state.now_ms(),
        )
        .await
        .unwrap();
    let (status, html) = page(&app, &seller, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("100,00 TL"),
        "yesterday's sale is in the 7 days"
    );
    assert!(!html.contains("%-100"), "{html}");
}

/// The admin's system page: the provider form shows the API's refusal beside the field, a
/// saved provider shows its model and only a hint of its key, and removing it asks first.
#[tokio::test]
async fn the_system_page_sets_the_text_provider_with_errors_beside_the_fields() {
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    let (status, html) = page(&app, &admin, "/admin/system").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"sys-queued\""), "{html}");
    let token = csrf_of(&html);

    let r = post_form(
        &app,
        &admin,
        "/admin/system/provider",
        &[
            ("base_url", "ftp://example"),
            ("model", "llama3"),
            ("timeout_ms", "8000"),
            ("enabled", "on"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains("aria-describedby=\"base_url-error\""),
        "{html}"
    );
    assert!(html.contains("id=\"base_url-error\""), "{html}");
    // What was typed stays in the form.
    assert!(html.contains("value=\"ftp://example\""), "{html}");

    let r = post_form(
        &app,
        &admin,
        "/admin/system/provider",
        &[
            ("base_url", "http://127.0.0.1:9/v1"),
            ("model", "llama3"),
            ("api_key", "sk-secret-123456"),
            ("timeout_ms", "2500"),
            ("enabled", "on"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/admin/system?ok=saved");
    let (_, html) = page(&app, &admin, "/admin/system").await;
    assert!(html.contains("value=\"llama3\""), "{html}");
    assert!(html.contains("value=\"2500\""), "{html}");
    assert!(!html.contains("sk-secret-123456"), "the key is never shown");
    assert!(
        html.contains("action=\"/admin/system/provider/delete\""),
        "{html}"
    );
    assert!(html.contains("data-confirm="), "{html}");

    let r = post_form(
        &app,
        &admin,
        "/admin/system/provider/delete",
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let provider = app.get("/api/admin/ai/provider", &admin.token).await;
    assert_eq!(provider.status(), StatusCode::NOT_FOUND);

    // A seller may not post to it.
    let seller = app.user(Role::Seller).await;
    let (_, html) = page(&app, &seller, "/products").await;
    let r = post_form(
        &app,
        &seller,
        "/admin/system/provider",
        &[
            ("base_url", "http://127.0.0.1:9/v1"),
            ("model", "x"),
            ("_csrf", &csrf_of(&html)),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// The editor's images: one uploaded through the page lands at the end, ↑ moves it to the
/// front, a reordered list (what a drag and drop sends) is saved as sent, remove drops one;
/// a file that is not an image is refused beside the images.
#[tokio::test]
async fn the_product_editor_uploads_reorders_and_removes_images() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let images_of = |p: &Value| -> Vec<String> {
        p["images"]
            .as_array()
            .expect("images")
            .iter()
            .map(|v| v.as_str().expect("path").to_string())
            .collect()
    };
    let app_ref = &app;
    let token_ref = &seller.token;
    let stored = || async move {
        let p: Value = app_ref
            .get(&format!("/api/products/{pid}"), token_ref)
            .await
            .json()
            .await
            .expect("json");
        images_of(&p)
    };
    let first = images_of(&product);
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);
    assert!(html.contains("data-dropzone"), "{html}");

    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
        let form = reqwest::multipart::Form::new()
            .text("_csrf", token.clone())
            .part("file", part);
        browser()
            .post(app.url(&format!("/products/{pid}/images/upload")))
            .header(COOKIE, cookie(&seller))
            .multipart(form)
            .send()
    };
    for (i, size) in [40, 48].into_iter().enumerate() {
        let r = upload(crate::helpers::png(size, size), "yeni.png")
            .await
            .expect("upload");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            r.headers()[LOCATION],
            format!("/products/{pid}?ok=images-saved")
        );
        assert_eq!(stored().await.len(), first.len() + i + 1);
    }
    let after = stored().await;
    assert_eq!(&after[..first.len()], &first[..]);
    let new = after.last().expect("the new image").clone();

    // ↑ on the last image.
    let mut form: Vec<(&str, &str)> = after.iter().map(|p| ("images", p.as_str())).collect();
    let up = format!("{}:up", after.len() - 1);
    form.push(("move", &up));
    form.push(("_csrf", &token));
    let r = post_form(&app, &seller, &format!("/products/{pid}/images"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let moved = stored().await;
    assert_eq!(moved[moved.len() - 2], new, "{moved:?}");

    // A whole new order, as a drag and drop sends it.
    let mut reversed = moved.clone();
    reversed.reverse();
    let mut form: Vec<(&str, &str)> = reversed.iter().map(|p| ("images", p.as_str())).collect();
    form.push(("_csrf", &token));
    post_form(&app, &seller, &format!("/products/{pid}/images"), &form).await;
    assert_eq!(stored().await, reversed);

    // Remove the first.
    let mut form: Vec<(&str, &str)> = reversed.iter().map(|p| ("images", p.as_str())).collect();
    form.push(("remove", "0"));
    form.push(("_csrf", &token));
    post_form(&app, &seller, &format!("/products/{pid}/images"), &form).await;
    assert_eq!(stored().await, reversed[1..].to_vec());

    // Not an image: the uploads API's refusal, beside the images.
    let r = upload(b"not an image".to_vec(), "notlar.txt")
        .await
        .expect("upload");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"images-error\""), "{html}");
    assert_eq!(stored().await, reversed[1..].to_vec());
}
