//! The template studio over HTTP: delete from the gallery (owner only, CSRF), an uploaded
//! photo as the source under the uploads API's limits, a preview that costs no quota, batch
//! generation for the roles that have it, and language names in the language menu.

use pofuai_core::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, spawn_app, spawn_app_with};
use crate::panel::{browser, cookie, csrf_of, page, post_form};

async fn quota_used(app: &TestApp, u: &User) -> i64 {
    let p: Value = app
        .get("/api/ai/permissions", &u.token)
        .await
        .json()
        .await
        .expect("json");
    p["template_quota"]["used"].as_i64().expect("used")
}

async fn history_ids(app: &TestApp, u: &User) -> Vec<i64> {
    let h: Value = app
        .get("/api/ai/history?limit=100", &u.token)
        .await
        .json()
        .await
        .expect("json");
    h["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

async fn make_template(app: &TestApp, u: &User) -> i64 {
    let r = app
        .post(
            "/api/ai/generate-template",
            &u.token,
            json!({"template_type": "instagram_post",
                   "content_data": {"product_name": "Bakır Cezve", "marketing_text": "El yapımı."}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    v["template"]["id"].as_i64().expect("id")
}

/// The studio form as the page sends it (multipart: it has a file input).
fn studio_form(csrf: &str, action: &str, headline: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("_csrf", csrf.to_string())
        .text("action", action.to_string())
        .text("template_type", "instagram_post")
        .text("content_data.product_id", "")
        .text("content_data.product_name", headline.to_string())
        .text("content_data.marketing_text", "El yapımı, bakır.")
        .text("content_data.call_to_action", "")
        .text("content_data.background_style", "gradient")
        .text("color1", "#ff6b6b")
        .text("color2", "#4ecdc4")
        .text("content_data.language", "tr")
        .text("content_data.tone", "sales_focused")
}

async fn post_studio(app: &TestApp, u: &User, form: reqwest::multipart::Form) -> reqwest::Response {
    browser()
        .post(app.url("/templates"))
        .header(COOKIE, cookie(u))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn the_gallery_deletes_ones_own_template_after_confirmation() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let other = app.user(Role::Seller).await;
    let id = make_template(&app, &seller).await;
    let (status, html) = page(&app, &seller, "/templates").await;
    assert_eq!(status, StatusCode::OK);
    let action = format!("action=\"/templates/{id}/delete\"");
    assert!(html.contains(&action), "{html}");
    assert!(
        html.contains("data-confirm="),
        "destructive action asks first"
    );
    let token = csrf_of(&html);

    // Without the CSRF token: refused, nothing deleted.
    let r = post_form(&app, &seller, &format!("/templates/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(history_ids(&app, &seller).await, vec![id]);

    // Someone else's: the API's owner check answers, as for a template that does not exist.
    let (_, other_html) = page(&app, &other, "/templates").await;
    let r = post_form(
        &app,
        &other,
        &format!("/templates/{id}/delete"),
        &[("_csrf", &csrf_of(&other_html))],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(history_ids(&app, &seller).await, vec![id]);
    let r = app
        .delete(&format!("/api/ai/templates/{id}"), &other.token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let used = quota_used(&app, &seller).await;
    let r = post_form(
        &app,
        &seller,
        &format!("/templates/{id}/delete"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/templates?ok=template-deleted");
    assert!(history_ids(&app, &seller).await.is_empty());
    let r = app
        .get(&format!("/api/ai/templates/{id}/image"), &seller.token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A delete does not give the generation back.
    assert_eq!(quota_used(&app, &seller).await, used);
    let (_, html) = page(&app, &seller, "/templates?ok=template-deleted").await;
    assert!(!html.contains(&action), "{html}");
}

#[tokio::test]
async fn an_uploaded_photo_is_the_source_under_the_upload_limits() {
    let app = spawn_app_with(|c| c.max_upload_bytes = 20_000).await;
    let seller = app.user(Role::Seller).await;
    let (_, html) = page(&app, &seller, "/templates").await;
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(html.contains("name=\"source_file\""), "{html}");
    let token = csrf_of(&html);
    let photo =
        || reqwest::multipart::Part::bytes(crate::helpers::png(64, 64)).file_name("kahve.png");

    // Refused by the render (no headline): the upload went through the uploads API and the
    // page keeps it as the source for the next try, with the API's error beside its field.
    let r = post_studio(
        &app,
        &seller,
        studio_form(&token, "generate", "").part("source_file", photo()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"product_name-error\""), "{html}");
    let marker = "name=\"content_data.product_image\" value=\"";
    let start = html.find(marker).expect("the upload kept as the source") + marker.len();
    let path = html[start..].split('"').next().expect("path").to_string();
    assert!(path.starts_with("/uploads/"), "{path}");
    assert!(html.contains(&format!("src=\"{path}\"")), "{html}");

    // With a headline, generated from that upload.
    let form = studio_form(&token, "generate", "Bakır Cezve")
        .text("content_data.product_image", path.clone());
    let r = post_studio(&app, &seller, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/templates?ok=template-made");
    assert_eq!(history_ids(&app, &seller).await.len(), 1);

    // Not an image, and a file over the API's size limit: the uploads API's refusals, beside
    // the file input; nothing generated.
    let r = post_studio(
        &app,
        &seller,
        studio_form(&token, "generate", "Bakır Cezve").part(
            "source_file",
            reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("notlar.txt"),
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"source_file-error\""), "{html}");
    let big = reqwest::multipart::Part::bytes(vec![0x89; 30_000]).file_name("buyuk.png");
    let r = post_studio(
        &app,
        &seller,
        studio_form(&token, "generate", "Bakır Cezve").part("source_file", big),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"source_file-error\""), "{html}");
    assert_eq!(history_ids(&app, &seller).await.len(), 1);

    // Without the CSRF token nothing is uploaded or generated.
    let form = studio_form("", "generate", "Bakır Cezve").part("source_file", photo());
    let r = post_studio(&app, &seller, form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(history_ids(&app, &seller).await.len(), 1);
}

#[tokio::test]
async fn a_preview_shows_the_template_without_using_the_quota() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    let (_, html) = page(&app, &user, "/templates").await;
    assert!(html.contains("value=\"preview\""), "{html}");
    let token = csrf_of(&html);
    let r = post_studio(&app, &user, studio_form(&token, "preview", "Bakır Cezve")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("body");
    assert!(html.contains("src=\"data:image/png;base64,"), "{html}");
    assert!(html.contains("1080×1080"), "the size it will have: {html}");
    assert_eq!(quota_used(&app, &user).await, 0);
    assert!(history_ids(&app, &user).await.is_empty());

    // The preview is held to the same rules as generation, errors beside the field.
    let long = "Ç".repeat(500);
    let r = post_studio(&app, &user, studio_form(&token, "preview", &long)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"product_name-error\""), "{html}");
    assert!(!html.contains("data:image/png;base64,"), "{html}");

    // The API's own preview: also free.
    let r = app
        .post(
            "/api/ai/preview-template",
            &user.token,
            json!({"template_type": "instagram_story", "content_data": {"product_name": "Cezve"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    assert_eq!(
        (v["full_width"].as_i64(), v["full_height"].as_i64()),
        (Some(1080), Some(1920))
    );
    assert!(v["height"].as_i64().expect("height") <= 360);
    assert_eq!(quota_used(&app, &user).await, 0);
}

#[tokio::test]
async fn batch_generation_is_offered_to_the_roles_that_have_it() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let a = app.product(&seller, "Bakır Cezve", "8690000000011").await;
    let b = app.product(&seller, "Döküm Tava", "8690000000028").await;
    let (ida, idb) = (
        a["id"].as_i64().expect("id").to_string(),
        b["id"].as_i64().expect("id").to_string(),
    );
    let (_, html) = page(&app, &seller, "/templates").await;
    assert!(html.contains("action=\"/templates/batch\""), "{html}");
    let token = csrf_of(&html);

    // Nothing chosen: the API's field errors, beside the choices.
    let r = post_form(
        &app,
        &seller,
        "/templates/batch",
        &[("_csrf", &token), ("language", "tr")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"batch-products-error\""), "{html}");

    let r = post_form(
        &app,
        &seller,
        "/templates/batch",
        &[
            ("_csrf", &token),
            ("product_ids", &ida),
            ("product_ids", &idb),
            ("template_types", "instagram_post"),
            ("template_types", "twitter_post"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"batch-outcome\""), "{html}");
    assert_eq!(history_ids(&app, &seller).await.len(), 4);
    assert_eq!(quota_used(&app, &seller).await, 4);

    // A normal user has no bulk operations: no form, and the server refuses anyway.
    let normal = app.user(Role::Normal).await;
    let (_, html) = page(&app, &normal, "/templates").await;
    assert!(!html.contains("action=\"/templates/batch\""), "{html}");
    let r = post_form(
        &app,
        &normal,
        "/templates/batch",
        &[
            ("_csrf", &csrf_of(&html)),
            ("product_ids", &ida),
            ("template_types", "instagram_post"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(history_ids(&app, &normal).await.is_empty());
}

#[tokio::test]
async fn the_language_menu_names_languages_in_their_own_words() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let (_, html) = page(&app, &seller, "/templates").await;
    for (code, name) in [
        ("tr", "Türkçe"),
        ("en", "English"),
        ("de", "Deutsch"),
        ("ar", "العربية"),
    ] {
        assert!(
            html.contains(&format!("value=\"{code}\" lang=\"{code}\"")),
            "{code}: {html}"
        );
        assert!(
            html.contains(&format!(">{name}</option>")),
            "{name}: {html}"
        );
    }
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""), "{html}");
    assert!(!html.contains(">ar</option>"), "{html}");
}
