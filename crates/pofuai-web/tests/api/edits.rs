use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, spawn_app};

/// A dim product photo on a light studio background.
fn studio_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(320, 240, |x, y| {
        let (dx, dy) = (x as f32 - 160.0, y as f32 - 125.0);
        if dx * dx / 90.0f32.powi(2) + dy * dy / 70.0f32.powi(2) < 1.0 {
            image::Rgb([70, 40, 30])
        } else {
            image::Rgb([120, 118, 115])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn product_with_image(app: &TestApp, seller: &User) -> Value {
    let up: Value = app
        .upload(&seller.token, studio_photo(), "urun.png")
        .await
        .json()
        .await
        .unwrap();
    let mut body = crate::helpers::product_body("Premium Kahve Makinesi", "EDIT-1");
    body["images"] = json!([up["path"]]);
    body["description"] = json!("Kahve makinesi.");
    app.post("/api/products", &seller.token, body)
        .await
        .json()
        .await
        .unwrap()
}

async fn fetch_png(app: &TestApp, admin: &User, path: &str) -> image::RgbaImage {
    let r = app.get(path, &admin.token).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    image::load_from_memory(&r.bytes().await.unwrap())
        .unwrap()
        .to_rgba8()
}

#[tokio::test]
async fn edit_product_is_for_admins_only() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let p = product_with_image(&app, &seller).await;
    let req = json!({"product_id": p["id"], "seo_optimization": {"meta_title": true}});
    for role in [Role::Seller, Role::Premium, Role::Normal] {
        let u = if role == Role::Seller {
            seller.clone()
        } else {
            app.user(role).await
        };
        let r = app
            .post("/api/ai/edit-product", &u.token, req.clone())
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
        let r = app
            .send("POST", "/api/ai/edits/1/revert", &u.token, None)
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden", None).await;
    }
}

#[tokio::test]
async fn preview_changes_nothing_apply_changes_and_revert_restores() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let admin = app.user(Role::Admin).await;
    let p = product_with_image(&app, &seller).await;
    let id = p["id"].as_i64().unwrap();
    let original_image = p["images"][0].as_str().unwrap().to_string();
    let options = json!({
        "product_id": id,
        "image_editing": {"enhance_quality": true, "remove_background": true,
                          "resize": {"width": 200, "height": 200, "fit": "contain"},
                          "apply_filter": {"name": "warm", "strength": 0.4},
                          "add_watermark": {"text": "Anadolu Ev", "position": "bottom_right", "opacity": 0.5}},
        "description_enhancement": {"optimize_length": {"min": 200, "max": 900}, "add_seo_keywords": true,
                                    "sales_focused": true, "add_technical_details": true},
        "seo_optimization": {"meta_title": true, "meta_description": true, "keywords": ["kaliteli", "uygun fiyat"]}
    });
    let r = app
        .post("/api/ai/edit-product", &admin.token, options.clone())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let preview: Value = r.json().await.unwrap();
    assert_eq!(preview["mode"], "preview");
    assert!(preview["edit_id"].is_null());
    let seo = &preview["seo"];
    assert!(seo["meta_title"].as_str().unwrap().chars().count() <= 60);
    let md = seo["meta_description"].as_str().unwrap().chars().count();
    assert!((120..=160).contains(&md), "{md}");
    assert_eq!(seo["keywords"][0], "kaliteli");
    let html = preview["description"]["after"].as_str().unwrap();
    assert!(
        html.contains("<li>") && html.contains("Garanti"),
        "technical details listed: {html}"
    );
    let edited = fetch_png(
        &app,
        &admin,
        preview["images"][0]["after"].as_str().unwrap(),
    )
    .await;
    assert_eq!(edited.dimensions(), (200, 200));
    assert!(
        edited.pixels().any(|p| p.0[3] < 10),
        "the cut-out leaves transparent background"
    );
    let unchanged: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["description"], "Kahve makinesi.");
    assert_eq!(unchanged["images"][0], original_image.as_str());

    let mut apply = options.clone();
    apply["mode"] = json!("apply");
    let applied: Value = app
        .post("/api/ai/edit-product", &admin.token, apply)
        .await
        .json()
        .await
        .unwrap();
    let edit_id = applied["edit_id"].as_i64().unwrap();
    let changed: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["description"], applied["description"]["after"]);
    assert_ne!(changed["images"][0], original_image.as_str());
    assert_eq!(
        app.get(changed["images"][0].as_str().unwrap(), &seller.token)
            .await
            .status(),
        StatusCode::OK,
        "the owner sees the new image"
    );

    let r = app
        .send(
            "POST",
            &format!("/api/ai/edits/{edit_id}/revert"),
            &admin.token,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let restored: Value = app
        .get(&format!("/api/products/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(restored["description"], "Kahve makinesi.");
    assert_eq!(restored["images"][0], original_image.as_str());
    let r = app
        .send(
            "POST",
            &format!("/api/ai/edits/{edit_id}/revert"),
            &admin.token,
            None,
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("edit_id"),
    )
    .await;
    let r = app
        .send("POST", "/api/ai/edits/999999/revert", &admin.token, None)
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn the_reports_boolean_shape_works() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let admin = app.user(Role::Admin).await;
    let p = product_with_image(&app, &seller).await;
    let req = json!({"product_id": p["id"],
        "image_editing": {"enhance_quality": true, "remove_background": true, "resize": true, "apply_filter": true, "add_watermark": true},
        "description_enhancement": {"optimize_length": true, "add_seo_keywords": true, "sales_focused": true, "add_technical_details": true},
        "seo_optimization": {"meta_title": true, "meta_description": true, "keywords": ["kaliteli", "uygun fiyat"]}});
    let r = app.post("/api/ai/edit-product", &admin.token, req).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let img = fetch_png(&app, &admin, v["images"][0]["after"].as_str().unwrap()).await;
    assert_eq!(img.dimensions(), (1200, 1200));
}

#[tokio::test]
async fn image_operations_each_do_what_they_say() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let admin = app.user(Role::Admin).await;
    let p = product_with_image(&app, &seller).await;
    let original = fetch_png(&app, &admin, p["images"][0].as_str().unwrap()).await;
    let run = |ops: Value| {
        let app = &app;
        let admin = &admin;
        let id = p["id"].clone();
        async move {
            let r = app
                .post(
                    "/api/ai/edit-product",
                    &admin.token,
                    json!({"product_id": id, "image_editing": ops}),
                )
                .await;
            let status = r.status();
            let v: Value = r.json().await.unwrap();
            assert_eq!(status, StatusCode::OK, "{v}");
            fetch_png(app, admin, v["images"][0]["after"].as_str().unwrap()).await
        }
    };
    let luminance_range = |img: &image::RgbaImage| {
        let l: Vec<u32> = img
            .pixels()
            .map(|p| (u32::from(p.0[0]) * 3 + u32::from(p.0[1]) * 6 + u32::from(p.0[2])) / 10)
            .collect();
        l.iter().max().unwrap() - l.iter().min().unwrap()
    };
    let enhanced = run(json!({"enhance_quality": true})).await;
    assert!(
        luminance_range(&enhanced) > luminance_range(&original) + 40,
        "enhance widens the histogram"
    );
    let gray = run(json!({"apply_filter": {"name": "grayscale", "strength": 1.0}})).await;
    assert!(
        gray.pixels()
            .all(|p| p.0[0].abs_diff(p.0[1]) <= 2 && p.0[1].abs_diff(p.0[2]) <= 2)
    );
    let cover = run(json!({"resize": {"width": 100, "height": 300, "fit": "cover"}})).await;
    assert_eq!(cover.dimensions(), (100, 300));
    let marked =
        run(json!({"add_watermark": {"text": "PofuAi", "position": "top_left", "opacity": 1.0}}))
            .await;
    let corner_changed = (0..40)
        .flat_map(|y| (0..120).map(move |x| (x, y)))
        .filter(|(x, y)| marked.get_pixel(*x, *y) != original.get_pixel(*x, *y))
        .count();
    assert!(
        corner_changed > 100,
        "watermark drawn in the top-left corner: {corner_changed}"
    );

    for (ops, field) in [
        (
            json!({"apply_filter": {"name": "psychedelic"}}),
            "image_editing.apply_filter.name",
        ),
        (
            json!({"resize": {"width": 0, "height": 100}}),
            "image_editing.resize.width",
        ),
        (
            json!({"resize": {"width": 100, "height": 90000}}),
            "image_editing.resize.height",
        ),
        (
            json!({"resize": {"width": 100, "height": 100, "fit": "stretchy"}}),
            "image_editing.resize.fit",
        ),
        (
            json!({"apply_filter": {"name": "warm", "strength": 3}}),
            "image_editing.apply_filter.strength",
        ),
        (
            json!({"add_watermark": {"text": "A", "position": "middle"}}),
            "image_editing.add_watermark.position",
        ),
        (json!({"sharpen_more": true}), "image_editing.sharpen_more"),
    ] {
        let r = app
            .post(
                "/api/ai/edit-product",
                &admin.token,
                json!({"product_id": p["id"], "image_editing": ops}),
            )
            .await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let r = app
        .post(
            "/api/ai/edit-product",
            &admin.token,
            json!({"product_id": p["id"], "mode": "yolo", "seo_optimization": {}}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("mode"),
    )
    .await;
    let r = app
        .post(
            "/api/ai/edit-product",
            &admin.token,
            json!({"product_id": 424242, "seo_optimization": {}}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("product_id"),
    )
    .await;
}

/// A grey product on a grey backdrop of the same tone: nothing a cut-out can trust.
fn grey_on_grey_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 240, |x, y| {
        let inside = (70..170).contains(&x) && (60..190).contains(&y);
        let v = if inside { 151 } else { 150 };
        image::Rgb([v, v, v + 2])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn an_untrusted_cutout_is_previewed_with_a_warning_and_applied_only_with_force() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let admin = app.user(Role::Admin).await;
    let up: Value = app
        .upload(&seller.token, grey_on_grey_photo(), "gri.png")
        .await
        .json()
        .await
        .unwrap();
    let mut body = crate::helpers::product_body("Gri Kutu", "EDIT-GREY");
    body["images"] = json!([up["path"]]);
    let p: Value = app
        .post("/api/products", &seller.token, body)
        .await
        .json()
        .await
        .unwrap();
    let req = |mode: &str, force: Option<bool>| {
        let mut v = json!({"product_id": p["id"], "mode": mode,
            "image_editing": {"remove_background": true}});
        if let Some(f) = force {
            v["force"] = json!(f);
        }
        v
    };

    let r = app
        .post("/api/ai/edit-product", &admin.token, req("preview", None))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["warnings"][0]["code"], "cutout_low_confidence");
    assert_eq!(v["warnings"][0]["field"], "image_editing.remove_background");
    assert!(v["images"][0]["cutout_confidence"].as_f64().unwrap() < 0.5);

    let r = app
        .post("/api/ai/edit-product", &admin.token, req("apply", None))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("force"),
    )
    .await;
    let unchanged: Value = app
        .get(&format!("/api/products/{}", p["id"]), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        unchanged["images"], p["images"],
        "a refused apply changes nothing"
    );

    let r = app
        .post(
            "/api/ai/edit-product",
            &admin.token,
            req("apply", Some(true)),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert!(v["edit_id"].as_i64().is_some());
    assert_eq!(v["warnings"][0]["code"], "cutout_low_confidence");
}

#[tokio::test]
async fn a_trusted_cutout_carries_its_confidence_and_no_warning() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let admin = app.user(Role::Admin).await;
    let p = product_with_image(&app, &seller).await;
    let r = app
        .post(
            "/api/ai/edit-product",
            &admin.token,
            json!({"product_id": p["id"], "mode": "apply", "image_editing": {"remove_background": true}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert!(v["images"][0]["cutout_confidence"].as_f64().unwrap() >= 0.5);
    assert_eq!(v["warnings"], json!([]));
}
