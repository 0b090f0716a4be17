use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn suggestions_rank_findings_with_fixes_for_the_owner_only() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let up: Value = app
        .upload(&seller.token, crate::helpers::png(300, 300), "k.png")
        .await
        .json()
        .await
        .unwrap();
    let body = json!({
        "name": "Cezve", "description": "<p>Bakır.</p>", "category": "Mutfak", "brand": "Anadolu Ev",
        "images": [up["path"]],
        "variants": [{"barcode": "CZV-1", "stock_code": "CZV-1", "list_price": 900000, "sale_price": 900000}]
    });
    let p: Value = app
        .post("/api/products", &seller.token, body)
        .await
        .json()
        .await
        .unwrap();
    for (i, price) in [10000, 11000, 12000, 14000].iter().enumerate() {
        let other = json!({"name": format!("Mutfak ürünü {i}"), "category": "Mutfak", "brand": "Anadolu Ev",
            "variants": [{"barcode": format!("M{i}"), "stock_code": format!("M{i}"), "list_price": price}]});
        assert_eq!(
            app.post("/api/products", &seller.token, other)
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let id = p["id"].as_i64().unwrap();
    let r = app
        .get(&format!("/api/products/{id}/suggestions"), &seller.token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let findings = v["findings"].as_array().unwrap();
    let code = |c: &str| {
        findings
            .iter()
            .find(|f| f["code"] == c)
            .unwrap_or_else(|| panic!("{c} in {v}"))
            .clone()
    };
    // Mutfak asks for Malzeme, but no channel refuses a listing without it: not blocking.
    assert_eq!(findings[0]["severity"], "important");
    let asked = code("recommended_attributes");
    assert_eq!(asked["proposed"], json!(["Malzeme"]));
    assert_eq!(asked["severity"], "important");
    let title = code("title_too_short")["proposed"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.starts_with("Anadolu Ev Cezve"), "{title}");
    let html = code("thin_description")["proposed"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(html.contains("<p>") && html.len() > 150, "{html}");
    assert!(!html.contains("<script"));
    code("too_few_images");
    code("low_resolution_images");
    code("invalid_barcode");
    // 9,000 TL among 100–140 TL neighbours of the same brand: an outlier, and it says why.
    let price = code("price_far_from_neighbours");
    let proposed = price["proposed"].as_i64().unwrap();
    assert!((11000..=12000).contains(&proposed), "{price}");
    assert!(
        price["message"].as_str().unwrap().contains("same brand"),
        "{price}"
    );

    let other = app.user(Role::Seller).await;
    assert_error(
        app.get(&format!("/api/products/{id}/suggestions"), &other.token)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
    let premium = app.user(Role::Premium).await;
    assert_error(
        app.get(&format!("/api/products/{id}/suggestions"), &premium.token)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
    )
    .await;
    let admin = app.user(Role::Admin).await;
    assert_eq!(
        app.get(&format!("/api/products/{id}/suggestions"), &admin.token)
            .await
            .status(),
        StatusCode::OK
    );
}
