//! The API's coded field errors, told in Turkish beside the field in several panel forms:
//! the studio (a bad colour, a file that is no image), the integration connect form and the
//! password form.

use pofuai_core::Role;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::{User, spawn_app};
use crate::panel::{browser, cookie, csrf_of, page, post_form};

fn studio_form(csrf: &str, color1: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("_csrf", csrf.to_string())
        .text("action", "preview")
        .text("template_type", "instagram_post")
        .text("content_data.product_id", "")
        .text("content_data.product_name", "Bakır Cezve")
        .text("content_data.marketing_text", "El yapımı, bakır.")
        .text("content_data.call_to_action", "")
        .text("content_data.background_style", "gradient")
        .text("color1", color1.to_string())
        .text("color2", "#4ecdc4")
        .text("content_data.language", "tr")
        .text("content_data.tone", "sales_focused")
}

async fn post_studio(app: &TestApp, u: &User, form: reqwest::multipart::Form) -> String {
    let r = browser()
        .post(app.url("/templates"))
        .header(COOKIE, cookie(u))
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    r.text().await.expect("body")
}

#[tokio::test]
async fn coded_api_errors_are_told_in_turkish_beside_the_field() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;

    // The studio: a colour that is no colour. The API still says it in English for its
    // own clients, with the code the panel translates.
    let api: Value = app
        .post(
            "/api/ai/preview-template",
            &seller.token,
            json!({"template_type": "instagram_post",
                   "content_data": {"product_name": "Bakır Cezve",
                                    "background_style": "gradient",
                                    "gradient_colors": ["kırmızı", "#4ecdc4"]}}),
        )
        .await
        .json()
        .await
        .expect("json");
    let codes = &api["error"]["field_codes"];
    let (field, code) = codes
        .as_object()
        .and_then(|c| c.iter().next())
        .expect("a coded field");
    assert!(field.starts_with("content_data.gradient_colors"), "{api}");
    assert_eq!(code["code"], "invalid_colour", "{api}");
    let english = api["error"]["fields"][field]
        .as_str()
        .expect("message")
        .to_string();
    assert!(english.contains("invalid colour"), "{english}");

    let (_, html) = page(&app, &seller, "/templates").await;
    let token = csrf_of(&html);
    let html = post_studio(&app, &seller, studio_form(&token, "kırmızı")).await;
    assert!(
        html.contains(
            "class=\"field-error\" id=\"color-error\">#RGB, #RRGGBB ya da #RRGGBBAA biçiminde bir renk olmalı."
        ),
        "{html}"
    );
    assert!(!html.contains(&english), "{html}");

    // The studio's photo: a file that is no image, refused by the uploads API.
    let html = post_studio(
        &app,
        &seller,
        studio_form(&token, "#ff6b6b").part(
            "source_file",
            reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("notlar.txt"),
        ),
    )
    .await;
    assert!(
        html.contains("id=\"source_file-error\">JPEG, PNG ya da WebP görsel olmalı."),
        "{html}"
    );

    // The connect form: an environment the channel does not have.
    let (_, html) = page(&app, &seller, "/integrations/connect/trendyol").await;
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        "/integrations/connect/trendyol",
        &[
            ("display_name", "Trendyol mağazam"),
            ("config.api_key", "anahtar"),
            ("config.api_secret", "gizli"),
            ("config.seller_id", "12345"),
            ("config.environment", "canli"),
            ("_csrf", &token),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains("class=\"field-error\">Sunulan seçeneklerden biri olmalı."),
        "{html}"
    );
    assert!(!html.contains("must be production"), "{html}");

    // The password form: a wrong current password.
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
    let html = r.text().await.expect("body");
    assert!(
        html.contains("id=\"current_password-error\">Parola yanlış."),
        "{html}"
    );
}
