use std::net::SocketAddr;

use axum::Router;
use axum::http::{StatusCode as AxStatus, header};
use axum::response::IntoResponse;
use axum::routing::get;
use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, png, spawn_app, spawn_app_with};

/// A product-like photo: a coloured disc on a light background.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(400, 400, |x, y| {
        let (dx, dy) = (x as f32 - 200.0, y as f32 - 210.0);
        if dx * dx + dy * dy < 120.0 * 120.0 {
            image::Rgb([200, 60, 50])
        } else {
            image::Rgb([240, 240, 236])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn upload_photo(app: &TestApp, user: &User) -> String {
    let r = app.upload(&user.token, photo(), "kahve.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    v["path"].as_str().unwrap().to_string()
}

/// The report's example request, with an uploaded product image.
fn example(image: &str) -> Value {
    json!({"template_type": "instagram_post", "content_data": {
        "product_name": "Premium Kahve Makinesi", "product_image": image, "generate_text": true,
        "background_style": "gradient", "gradient_colors": ["#FF6B6B", "#4ECDC4"],
        "category": "elektronik", "target_audience": "kahve severler"}})
}

async fn image_of(app: &TestApp, user: &User, generated: &Value) -> image::DynamicImage {
    let url = generated["template"]["image_url"].as_str().unwrap();
    let r = app.get(url, &user.token).await;
    assert_eq!(r.status(), StatusCode::OK);
    image::load_from_memory(&r.bytes().await.unwrap()).unwrap()
}

#[tokio::test]
async fn the_reports_example_renders_and_is_recorded() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    let path = upload_photo(&app, &user).await;
    let r = app
        .post("/api/ai/generate-template", &user.token, example(&path))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    let t = &body["template"];
    assert_eq!(
        (t["width"].as_i64(), t["height"].as_i64()),
        (Some(1080), Some(1080))
    );
    assert_eq!(t["format"], "png");
    assert_eq!(t["texts"]["headline"], "Premium Kahve Makinesi");
    let text = t["texts"]["body"].as_str().unwrap();
    assert!(!text.is_empty(), "generated marketing text");
    assert_eq!(body["quota"]["used"], 1);
    assert_eq!(body["quota"]["remaining"], 99);
    let img = image_of(&app, &user, &body).await;
    assert_eq!((img.width(), img.height()), (1080, 1080));

    let history: Value = app
        .get("/api/ai/history", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["items"][0]["id"], t["id"]);
    let usage = app.store.ai_usage(user.id, 5).await.unwrap();
    assert_eq!(
        usage[0],
        ("template_generation".to_string(), "success".to_string())
    );
}

#[tokio::test]
async fn generated_text_differs_between_products_and_follows_the_language() {
    let app = spawn_app().await;
    let user = app.user(Role::Premium).await;
    let mut bodies = Vec::new();
    for (name, lang) in [
        ("Premium Kahve Makinesi", "tr"),
        ("Bambu Havlu Seti", "tr"),
        ("Premium Coffee Machine", "en"),
    ] {
        let req = json!({"template_type": "facebook_post", "content_data": {
            "product_name": name, "language": lang, "category": "ev", "price": 129990}});
        let r = app
            .post("/api/ai/generate-template", &user.token, req)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.unwrap();
        bodies.push(v["template"]["texts"]["body"].as_str().unwrap().to_string());
    }
    assert_ne!(bodies[0], bodies[1]);
    assert_ne!(bodies[0], bodies[2]);
}

#[tokio::test]
async fn every_platform_renders_at_its_size() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    for (t, w, h) in [
        ("instagram_post", 1080, 1080),
        ("instagram_story", 1080, 1920),
        ("facebook_post", 1200, 630),
        ("twitter_post", 1600, 900),
        ("linkedin_post", 1200, 627),
        ("telegram_post", 1280, 720),
        ("whatsapp_status", 1080, 1920),
    ] {
        let req = json!({"template_type": t, "output_format": "jpeg", "content_data": {"product_name": "Döküm Tava 28 cm", "price": 114900, "old_price": 149900}});
        let r = app
            .post("/api/ai/generate-template", &user.token, req)
            .await;
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{t}: {v}");
        assert_eq!(v["template"]["format"], "jpeg");
        let img = image_of(&app, &user, &v).await;
        assert_eq!((img.width(), img.height()), (w, h), "{t}");
    }
}

#[tokio::test]
async fn background_styles_and_formats() {
    let app = spawn_app().await;
    let user = app.user(Role::Premium).await;
    for (content, format) in [
        (
            json!({"background_style": "solid", "background_color": "#1D2330"}),
            "png",
        ),
        (
            json!({"background_style": "gradient", "gradient_type": "radial", "gradient_colors": ["#111111", "#884488", "#FFCC00"]}),
            "webp",
        ),
        (
            json!({"background_style": "gradient", "gradient_angle": 45, "gradient_colors": ["#FF6B6B", "#4ECDC4", "#FFFFFF", "#000000", "#123456"]}),
            "jpeg",
        ),
        (
            json!({"background_style": "texture", "texture": "linen", "background_color": "#EFE6D8", "seed": 7}),
            "png",
        ),
    ] {
        let mut cd = content.clone();
        cd["product_name"] = json!("Seramik Saksı");
        cd["output_format"] = json!(format);
        let r = app
            .post(
                "/api/ai/generate-template",
                &user.token,
                json!({"template_type": "telegram_post", "content_data": cd}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{content}");
        let v: Value = r.json().await.unwrap();
        let url = v["template"]["image_url"].as_str().unwrap();
        let r = app.get(url, &user.token).await;
        let mime = r.headers()["content-type"].to_str().unwrap().to_string();
        assert_eq!(mime, format!("image/{format}"));
        let bytes = r.bytes().await.unwrap();
        assert_eq!(
            image::guess_format(&bytes).unwrap().extensions_str()[0].replace("jpg", "jpeg"),
            format.replace("jpg", "jpeg")
        );
    }
}

#[tokio::test]
async fn the_product_can_be_cut_out_and_enhanced() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let path = upload_photo(&app, &user).await;
    let mut plain = example(&path);
    plain["content_data"]["generate_text"] = json!(false);
    let mut edited = plain.clone();
    edited["content_data"]["remove_background"] = json!(true);
    edited["content_data"]["enhance_image"] = json!(true);
    let a: Value = app
        .post("/api/ai/generate-template", &user.token, plain)
        .await
        .json()
        .await
        .unwrap();
    let r = app
        .post("/api/ai/generate-template", &user.token, edited)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let b: Value = r.json().await.unwrap();
    let (ia, ib) = (
        image_of(&app, &user, &a).await.to_rgb8(),
        image_of(&app, &user, &b).await.to_rgb8(),
    );
    // Without its light studio backdrop, far fewer near-white photo pixels remain on the canvas.
    let light = |img: &image::RgbImage| {
        img.pixels()
            .filter(|p| p.0.iter().all(|c| *c > 225))
            .count()
    };
    assert!(
        light(&ib) * 2 < light(&ia),
        "cut-out {} vs plain {}",
        light(&ib),
        light(&ia)
    );
}

#[tokio::test]
async fn the_same_request_renders_the_same_pixels() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let path = upload_photo(&app, &user).await;
    let mut req = example(&path);
    req["content_data"]["seed"] = json!(42);
    let a: Value = app
        .post("/api/ai/generate-template", &user.token, req.clone())
        .await
        .json()
        .await
        .unwrap();
    let b: Value = app
        .post("/api/ai/generate-template", &user.token, req)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(a["template"]["id"], b["template"]["id"]);
    let ia = image_of(&app, &user, &a).await.to_rgba8();
    let ib = image_of(&app, &user, &b).await.to_rgba8();
    assert!(ia == ib, "identical requests must render identical pixels");
}

#[tokio::test]
async fn normal_users_get_the_basic_set() {
    let app = spawn_app().await;
    let normal = app.user(Role::Normal).await;
    let tex = json!({"template_type": "instagram_post", "content_data": {"product_name": "X", "background_style": "texture"}});
    let r = app
        .post("/api/ai/generate-template", &normal.token, tex.clone())
        .await;
    assert_error(
        r,
        StatusCode::FORBIDDEN,
        "upgrade_required",
        Some("content_data.background_style"),
    )
    .await;
    let wm = json!({"template_type": "instagram_post", "content_data": {"product_name": "X", "watermark": {"text": "Benim Mağazam"}}});
    let r = app
        .post("/api/ai/generate-template", &normal.token, wm.clone())
        .await;
    assert_error(
        r,
        StatusCode::FORBIDDEN,
        "upgrade_required",
        Some("content_data.watermark"),
    )
    .await;
    let r = app
        .post(
            "/api/ai/generate-templates/batch",
            &normal.token,
            json!({"product_ids": [1], "template_types": ["instagram_post"]}),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
    let perms: Value = app
        .get("/api/ai/permissions", &normal.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        perms["template_quota"]["used"], 0,
        "refused requests cost nothing"
    );

    let premium = app.user(Role::Premium).await;
    assert_eq!(
        app.post("/api/ai/generate-template", &premium.token, tex)
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.post("/api/ai/generate-template", &premium.token, wm)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_requests_name_the_field_and_cost_nothing() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let other = app.user(Role::Seller).await;
    let foreign = upload_photo(&app, &other).await;
    let base = |cd: Value| json!({"template_type": "instagram_post", "content_data": cd});
    let cases = [
        (
            json!({"template_type": "tiktok_video", "content_data": {"product_name": "X"}}),
            "template_type",
        ),
        (
            base(json!({"product_name": "X", "gradient_colors": ["#FF0000"]})),
            "content_data.gradient_colors",
        ),
        (
            base(
                json!({"product_name": "X", "gradient_colors": ["#FF0000", "#00FF00", "#0000FF", "#FFFFFF", "#000000", "#111111"]}),
            ),
            "content_data.gradient_colors",
        ),
        (
            base(json!({"product_name": "X", "gradient_colors": ["kırmızı", "#00FF00"]})),
            "content_data.gradient_colors[0]",
        ),
        (
            base(json!({"product_name": "X", "background_style": "plaid"})),
            "content_data.background_style",
        ),
        (
            base(json!({"product_name": "X", "language": "xx"})),
            "content_data.language",
        ),
        (
            base(json!({"product_name": "X", "output_format": "gif"})),
            "content_data.output_format",
        ),
        (
            base(json!({"product_name": "X", "price": 100, "old_price": 50})),
            "content_data.old_price",
        ),
        (
            base(json!({"product_name": "X", "product_image": foreign})),
            "content_data.product_image",
        ),
        (
            base(json!({"product_name": "X", "product_image": "ftp://example.com/a.png"})),
            "content_data.product_image",
        ),
        (
            base(json!({"product_name": "X", "watermark": {"text": "A", "opacity": 2.0}})),
            "content_data.watermark.opacity",
        ),
        (
            base(json!({"product_name": "X", "colour": "red"})),
            "content_data.colour",
        ),
        (base(json!({})), "content_data.product_name"),
        (
            base(json!({"product_id": 999999})),
            "content_data.product_id",
        ),
    ];
    for (req, field) in cases {
        let r = app
            .post("/api/ai/generate-template", &user.token, req.clone())
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let perms: Value = app
        .get("/api/ai/permissions", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(perms["template_quota"]["used"], 0);
}

#[tokio::test]
async fn a_120_character_name_still_renders() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let name = "Çok Fonksiyonlu Paslanmaz Çelik Düdüklü Tencere Seti Yedi Parça İndüksiyon Tabanlı Cam Kapaklı Yapışmaz Granit Kaplama";
    assert!(name.chars().count() >= 115);
    for t in ["instagram_post", "instagram_story", "linkedin_post"] {
        let r = app
            .post(
                "/api/ai/generate-template",
                &user.token,
                json!({"template_type": t, "content_data": {"product_name": name}}),
            )
            .await;
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{t}: {v}");
        assert_eq!(
            v["template"]["texts"]["headline"], name,
            "the name is drawn whole"
        );
    }
}

#[tokio::test]
async fn catalogue_products_supply_name_image_and_price() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let image = upload_photo(&app, &seller).await;
    let mut body = crate::helpers::product_body("Bakır Cezve", "CEZVE-1");
    body["images"] = json!([image]);
    let p: Value = app
        .post("/api/products", &seller.token, body)
        .await
        .json()
        .await
        .unwrap();
    let r = app
        .post(
            "/api/ai/generate-template",
            &seller.token,
            json!({"template_type": "instagram_post", "content_data": {"product_id": p["id"]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["template"]["texts"]["headline"], "Bakır Cezve");
    assert_eq!(v["template"]["product_id"], p["id"]);
    // Another seller cannot use it.
    let bob = app.user(Role::Seller).await;
    let r = app
        .post(
            "/api/ai/generate-template",
            &bob.token,
            json!({"template_type": "instagram_post", "content_data": {"product_id": p["id"]}}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("content_data.product_id"),
    )
    .await;
}

#[tokio::test]
async fn fifty_concurrent_requests_with_five_remaining_make_exactly_five_images() {
    let app = spawn_app_with(|c| c.cpu_queue = 100).await;
    let admin = app.user(Role::Admin).await;
    let user = app.user(Role::Normal).await;
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"template_quota_override": 5}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let req = json!({"template_type": "linkedin_post", "output_format": "jpeg", "content_data": {"product_name": "Yarış", "generate_text": false}});
    let requests = (0..50).map(|_| app.post("/api/ai/generate-template", &user.token, req.clone()));
    let responses = futures::future::join_all(requests).await;
    let mut created = 0;
    let mut refused = 0;
    for r in responses {
        match r.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(r.headers().get("retry-after").is_some());
                let body: Value = r.json().await.unwrap();
                assert_eq!(body["error"]["code"], "quota_exceeded");
                assert_eq!(body["error"]["details"]["limit"], 5);
                assert!(body["error"]["details"]["resets_at"].is_string());
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((created, refused), (5, 45));
    let history: Value = app
        .get("/api/ai/history?limit=100", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["items"].as_array().unwrap().len(), 5);
    let perms: Value = app
        .get("/api/ai/permissions", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(perms["template_quota"]["used"], 5);
    assert_eq!(perms["template_quota"]["remaining"], 0);
}

#[tokio::test]
async fn history_pages_and_templates_belong_to_their_owner() {
    let app = spawn_app().await;
    let alice = app.user(Role::Premium).await;
    let bob = app.user(Role::Premium).await;
    let admin = app.user(Role::Admin).await;
    let mut ids = Vec::new();
    for t in [
        "instagram_post",
        "facebook_post",
        "twitter_post",
        "telegram_post",
        "linkedin_post",
    ] {
        let v: Value = app
            .post("/api/ai/generate-template", &alice.token, json!({"template_type": t, "output_format": "jpeg", "content_data": {"product_name": "Ürün"}}))
            .await
            .json()
            .await
            .unwrap();
        ids.push(v["template"]["id"].as_i64().unwrap());
    }
    let first: Value = app
        .get("/api/ai/history?limit=2", &alice.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let c = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(&format!("/api/ai/history?limit=2&cursor={c}"), &alice.token)
        .await
        .json()
        .await
        .unwrap();
    let c2 = second["next_cursor"].as_str().unwrap();
    let third: Value = app
        .get(
            &format!("/api/ai/history?limit=2&cursor={c2}"),
            &alice.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(third["items"].as_array().unwrap().len(), 1);
    assert!(third["next_cursor"].is_null());
    let filtered: Value = app
        .get("/api/ai/history?template_type=twitter_post", &alice.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);

    let bobs: Value = app
        .get("/api/ai/history", &bob.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(bobs["items"].as_array().unwrap().is_empty());
    let r = app
        .get(&format!("/api/ai/history?user_id={}", alice.id), &bob.token)
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
    for path in [
        format!("/api/ai/templates/{}", ids[0]),
        format!("/api/ai/templates/{}/image", ids[0]),
    ] {
        assert_error(
            app.get(&path, &bob.token).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        )
        .await;
        assert_eq!(app.get(&path, &admin.token).await.status(), StatusCode::OK);
        assert_eq!(app.get(&path, &alice.token).await.status(), StatusCode::OK);
    }
    let all: Value = app
        .get(
            &format!("/api/ai/history?user_id={}", alice.id),
            &admin.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    let r = app
        .get("/api/ai/history?template_type=fax", &alice.token)
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("template_type"),
    )
    .await;
}

#[tokio::test]
async fn batch_renders_products_by_platforms_with_per_item_errors() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let a = app.product(&seller, "Termos Matara", "BATCH-1").await;
    let b = app.product(&seller, "Yoga Matı", "BATCH-2").await;
    let req = json!({"product_ids": [a["id"], b["id"], 999999], "template_types": ["instagram_post", "twitter_post"],
                     "content_data": {"output_format": "jpeg", "language": "tr"}});
    let r = app
        .post("/api/ai/generate-templates/batch", &seller.token, req)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["succeeded"], 4);
    assert_eq!(v["failed"], 2);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    for it in items {
        if it["product_id"] == 999999 {
            assert_eq!(it["status"], "error");
            assert_eq!(it["error"]["code"], "validation_failed");
        } else {
            assert_eq!(it["status"], "ok");
        }
    }
    assert_eq!(v["quota"]["used"], 4);
    let r = app
        .post(
            "/api/ai/generate-templates/batch",
            &seller.token,
            json!({"product_ids": [a["id"]], "template_types": ["fax"]}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("template_types[0]"),
    )
    .await;
    let r = app.post("/api/ai/generate-templates/batch", &seller.token, json!({"product_ids": (0..21).collect::<Vec<_>>(), "template_types": ["instagram_post"]})).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("product_ids"),
    )
    .await;
}

// ---- the guarded fetcher ----

#[tokio::test]
async fn urls_to_private_loopback_and_link_local_addresses_are_refused() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    for url in [
        "https://127.0.0.1/a.png",
        "https://localhost/a.png",
        "https://10.0.0.5/a.png",
        "https://192.168.1.1/a.png",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/a.png",
        "https://0.0.0.0/a.png",
        "http://93.184.216.34/a.png",
    ] {
        let req = json!({"template_type": "instagram_post", "content_data": {"product_name": "X", "product_image": url}});
        let r = app
            .post("/api/ai/generate-template", &user.token, req)
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("content_data.product_image"),
        )
        .await;
    }
}

/// A local image server the test app is allowed to reach (and nothing else on loopback).
async fn image_server() -> SocketAddr {
    let app = Router::new()
        .route(
            "/ok.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], png(64, 64)) }),
        )
        .route("/text", get(|| async { "not an image" }))
        .route("/big", get(|| async { vec![0u8; 3 * 1024 * 1024] }))
        .route(
            "/to-metadata",
            get(|| async {
                (
                    AxStatus::FOUND,
                    [(header::LOCATION, "http://169.254.169.254/latest/meta-data/")],
                )
                    .into_response()
            }),
        )
        .route(
            "/to-loopback",
            get(|| async {
                (
                    AxStatus::FOUND,
                    [(header::LOCATION, "http://127.0.0.1:1/secret")],
                )
                    .into_response()
            }),
        )
        .route(
            "/slow",
            get(|| async {
                std::future::pending::<()>().await;
                "never"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

#[tokio::test]
async fn the_fetcher_checks_redirects_size_time_and_content() {
    let server = image_server().await;
    let app = spawn_app_with(|c| {
        c.fetch_policy.allowed_exceptions = vec![server];
        c.fetch_policy.max_bytes = 1024 * 1024;
        c.fetch_policy.timeout = std::time::Duration::from_millis(1500);
    })
    .await;
    let user = app.user(Role::Seller).await;
    let req = |path: &str| json!({"template_type": "instagram_post", "content_data": {"product_name": "X", "product_image": format!("http://{server}{path}")}});
    let r = app
        .post("/api/ai/generate-template", &user.token, req("/ok.png"))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "the allowed server's image is fetched"
    );
    for (path, words) in [
        ("/to-metadata", "private"),
        ("/to-loopback", "private"),
        ("/big", "larger"),
        ("/slow", "too long"),
        ("/text", "jpeg, png or webp"),
    ] {
        let r = app
            .post("/api/ai/generate-template", &user.token, req(path))
            .await;
        let body = assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("content_data.product_image"),
        )
        .await;
        let msg = body["error"]["fields"]["content_data.product_image"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(msg.contains(words), "{path}: {msg}");
    }
    let perms: Value = app
        .get("/api/ai/permissions", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(perms["template_quota"]["used"], 1);
}

#[tokio::test]
async fn a_long_seller_text_is_kept_whole_and_generated_text_leaves_the_price_to_the_image() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let path = upload_photo(&app, &user).await;
    // 390 characters of the seller's own words: the text area grows before anything is cut.
    let words = "Her sabah taze öğütülmüş çekirdekle barista lezzetinde kahve, ipeksi süt köpüğü, \
        tek dokunuşla temizlenen hazne ve sessiz motor. ";
    let text: String = words.repeat(4).chars().take(390).collect();
    let req = json!({"template_type": "instagram_post", "content_data": {
        "product_name": "Premium Kahve Makinesi", "product_image": path,
        "marketing_text": text.trim(), "price": 129990, "old_price": 174990}});
    let r = app
        .post("/api/ai/generate-template", &user.token, req)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["truncated"], json!([]), "{v}");

    // Generated text on an image with a price tag states neither price nor discount again.
    let req = json!({"template_type": "instagram_post", "content_data": {
        "product_name": "Premium Kahve Makinesi", "price": 129990, "old_price": 174990,
        "category": "Elektronik", "seed": 3}});
    let v: Value = app
        .post("/api/ai/generate-template", &user.token, req)
        .await
        .json()
        .await
        .unwrap();
    let texts = &v["template"]["texts"];
    let written = format!("{} {}", texts["headline"], texts["body"]);
    assert!(
        !written.contains("1.299,90") && !written.contains('%'),
        "price or discount repeated: {written}"
    );
    assert!(v["truncated"].is_array(), "{v}");
}

#[tokio::test]
async fn an_untrusted_cutout_shows_the_photo_on_a_card_with_a_warning() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    // A grey product on a grey backdrop of the same tone: the cut-out cannot be trusted.
    let img = image::RgbImage::from_fn(240, 240, |x, y| {
        let inside = (70..170).contains(&x) && (60..190).contains(&y);
        let v = if inside { 151 } else { 150 };
        image::Rgb([v, v, v + 2])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    let r = app.upload(&user.token, bytes.into_inner(), "gri.png").await;
    let up: Value = r.json().await.unwrap();
    let mut req = example(up["path"].as_str().unwrap());
    req["content_data"]["generate_text"] = json!(false);
    req["content_data"]["remove_background"] = json!(true);
    let r = app
        .post("/api/ai/generate-template", &user.token, req)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["warnings"][0]["code"], "cutout_low_confidence");
    assert_eq!(v["warnings"][0]["field"], "content_data.remove_background");
    assert!(v["warnings"][0]["confidence"].as_f64().unwrap() < 0.5);
    // The photo is on the image whole: its grey fills the middle of the post, where the
    // gradient would show through a (wrongly) transparent cut-out.
    let out = image_of(&app, &user, &v).await.to_rgb8();
    let (w, h) = out.dimensions();
    let centre = out.get_pixel(w / 2, h / 2).0;
    assert!(
        centre.iter().all(|&c| (140..=165).contains(&c)),
        "centre {centre:?}"
    );

    // A photo the cut-out handles well gets no warning.
    let path = upload_photo(&app, &user).await;
    let mut req = example(&path);
    req["content_data"]["generate_text"] = json!(false);
    req["content_data"]["remove_background"] = json!(true);
    let v: Value = app
        .post("/api/ai/generate-template", &user.token, req)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["warnings"], json!([]), "{v}");
}
