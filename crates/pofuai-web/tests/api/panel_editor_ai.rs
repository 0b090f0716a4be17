//! The product editor's AI description and SEO over HTTP: a proposal shown as a word-level
//! difference, saved through `PATCH /api/products/{id}` with `If-Match`, so a product changed
//! meanwhile is not overwritten.

use pofuai_core::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, spawn_app};
use crate::panel::{csrf_of, page, post_form};

/// Undoes the template engine's escaping of an attribute value.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every hidden input of the save form, in order (repeated names kept).
fn save_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("/ai/save\"").expect("the save form");
    let form = &html[start..html[start..].find("</form>").expect("form end") + start];
    let mut out = Vec::new();
    for chunk in form.split("<input type=\"hidden\" name=\"").skip(1) {
        let name = chunk.split('"').next().expect("name").to_string();
        let value = chunk
            .split("value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .expect("value");
        out.push((name, unescape(value)));
    }
    out
}

async fn stored(app: &TestApp, u: &User, pid: i64) -> Value {
    app.get(&format!("/api/products/{pid}"), &u.token)
        .await
        .json()
        .await
        .expect("json")
}

async fn seo_of(app: &TestApp, u: &User, pid: i64) -> Value {
    let r = app
        .post(
            &format!("/api/products/{pid}/ai-proposal"),
            &u.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    v["seo_before"].clone()
}

#[tokio::test]
async fn an_ai_proposal_is_shown_as_a_word_diff_and_saved_with_if_match() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    assert!(
        html.contains(&format!("action=\"/products/{pid}/ai#ai\"")),
        "{html}"
    );
    let token = csrf_of(&html);

    // Asking changes nothing.
    let before = stored(&app, &seller, pid).await;
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}/ai"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("body");
    assert_eq!(stored(&app, &seller, pid).await, before);
    // Word-level marks that say what they are without colour.
    assert!(html.contains("data-diff=\"description\""), "{html}");
    assert!(html.contains("<ins><span class=\"sr-only\">["), "{html}");
    let fields = save_fields(&html);
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .expect(k)
    };
    let version = get("version");
    assert_eq!(version, before["version"].to_string());
    let description = get("description");
    assert_ne!(description, before["description"].as_str().expect("text"));
    let keywords: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "keywords")
        .map(|(_, v)| v.clone())
        .collect();
    assert!(!keywords.is_empty());

    // Without the CSRF token: refused.
    let mut form: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(n, _)| n != "_csrf")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    form.push(("apply_description", "1"));
    form.push(("apply_seo", "1"));
    let r = post_form(&app, &seller, &format!("/products/{pid}/ai/save"), &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, &seller, pid).await, before);

    // A field the API refuses: its error beside the field, nothing saved.
    let long = "Başlık ".repeat(40);
    let mut bad: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| {
            if n == "meta_title" {
                (n.as_str(), long.as_str())
            } else {
                (n.as_str(), v.as_str())
            }
        })
        .collect();
    bad.push(("apply_seo", "1"));
    let r = post_form(&app, &seller, &format!("/products/{pid}/ai/save"), &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("class=\"field-error\""), "{html}");
    assert_eq!(stored(&app, &seller, pid).await, before);

    // Someone changes the product meanwhile: the save is refused, their change stays, and a
    // new proposal is shown.
    let r = app
        .patch(
            &format!("/api/products/{pid}"),
            &seller.token,
            json!({"description": "Başka sekmeden yazılan açıklama."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    all.push(("apply_description", "1"));
    all.push(("apply_seo", "1"));
    let r = post_form(&app, &seller, &format!("/products/{pid}/ai/save"), &all).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.expect("body");
    let now = stored(&app, &seller, pid).await;
    assert_eq!(now["description"], "Başka sekmeden yazılan açıklama.");
    let fresh = save_fields(&html);
    let fresh_version = fresh
        .iter()
        .find(|(n, _)| n == "version")
        .map(|(_, v)| v.clone())
        .expect("version");
    assert_eq!(fresh_version, now["version"].to_string());

    // The new proposal saves.
    let mut form: Vec<(&str, &str)> = fresh
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    form.push(("apply_description", "1"));
    form.push(("apply_seo", "1"));
    let r = post_form(&app, &seller, &format!("/products/{pid}/ai/save"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[LOCATION],
        format!("/products/{pid}?ok=ai-saved")
    );
    let saved = stored(&app, &seller, pid).await;
    let proposed = fresh
        .iter()
        .find(|(n, _)| n == "description")
        .map(|(_, v)| v.clone())
        .expect("description");
    assert_eq!(saved["description"].as_str(), Some(proposed.as_str()));
    let seo = seo_of(&app, &seller, pid).await;
    let title = fresh
        .iter()
        .find(|(n, _)| n == "meta_title")
        .map(|(_, v)| v.clone())
        .expect("title");
    assert_eq!(seo["meta_title"].as_str(), Some(title.as_str()));
    assert!(!seo["keywords"].as_array().expect("keywords").is_empty());
}

#[tokio::test]
async fn only_the_chosen_parts_are_saved_and_other_sellers_get_nothing() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);
    let r = post_form(
        &app,
        &seller,
        &format!("/products/{pid}/ai"),
        &[("_csrf", &token)],
    )
    .await;
    let fields = save_fields(&r.text().await.expect("body"));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain([("apply_seo", "1")])
        .collect();
    let r = post_form(&app, &seller, &format!("/products/{pid}/ai/save"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = stored(&app, &seller, pid).await;
    assert_eq!(saved["description"], product["description"]);
    assert!(seo_of(&app, &seller, pid).await["meta_title"].is_string());

    // Another seller's product: the API's owner check.
    let other = app.user(Role::Seller).await;
    let r = app
        .post(
            &format!("/api/products/{pid}/ai-proposal"),
            &other.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A premium user has no product management: no proposal section, no proposal.
    let premium = app.user(Role::Premium).await;
    let r = app
        .post(
            &format!("/api/products/{pid}/ai-proposal"),
            &premium.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_fields_form_does_not_overwrite_a_newer_product() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let product = app
        .product(&seller, "Kablosuz Kulaklık Pro", "8690000000011")
        .await;
    let pid = product["id"].as_i64().expect("id");
    let (_, html) = page(&app, &seller, &format!("/products/{pid}")).await;
    let token = csrf_of(&html);
    let version = product["version"].to_string();
    assert!(
        html.contains(&format!("name=\"version\" value=\"{version}\"")),
        "{html}"
    );
    // Another tab renames it after this form was shown.
    let r = app
        .patch(
            &format!("/api/products/{pid}"),
            &seller.token,
            json!({"name": "Kablosuz Kulaklık Pro 2"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let form = [
        ("_csrf", token.as_str()),
        ("version", version.as_str()),
        ("name", "Eski sekmedeki ad"),
        ("description", "Eski sekmedeki açıklama"),
    ];
    let r = post_form(&app, &seller, &format!("/products/{pid}"), &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(
        html.contains("Kablosuz Kulaklık Pro 2"),
        "shown as it is now: {html}"
    );
    let now = stored(&app, &seller, pid).await;
    assert_eq!(now["name"], "Kablosuz Kulaklık Pro 2");

    // From the version shown now, the save goes through.
    let fresh = now["version"].to_string();
    let form = [
        ("_csrf", token.as_str()),
        ("version", fresh.as_str()),
        ("name", "Kablosuz Kulaklık Pro 3"),
    ];
    let r = post_form(&app, &seller, &format!("/products/{pid}"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        stored(&app, &seller, pid).await["name"],
        "Kablosuz Kulaklık Pro 3"
    );
}
