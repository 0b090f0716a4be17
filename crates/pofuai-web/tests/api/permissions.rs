use pofuai_core::{Feature, Role};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{product_body, spawn_app};

/// Method, path, body, the roles allowed, and their success status.
type Route<'a> = (&'a str, String, Option<Value>, &'a [Role], StatusCode);

/// Every role against every route of the permission matrix: allowed roles get a success,
/// the others 403 — and a refused write changes nothing.
#[tokio::test]
async fn every_role_against_every_route() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let target = app.user(Role::Normal).await;
    let product = app.product(&seller, "Matris Ürünü", "MATRIX-1").await;
    let pid = product["id"].as_i64().unwrap();
    let vid = product["variants"][0]["id"].as_i64().unwrap();

    use Role::{Admin, Normal, Premium, Seller};
    let all: &[Role] = &[Admin, Seller, Premium, Normal];
    let managers: &[Role] = &[Admin, Seller];
    let admins: &[Role] = &[Admin];

    let mut serial = 0;
    for role in Role::ALL {
        // The seller of the product acts as the "seller" role, so owner checks pass.
        let user = if role == Seller {
            seller.clone()
        } else {
            app.user(role).await
        };
        let routes: Vec<Route> = vec![
            ("GET", "/api/me".into(), None, all, StatusCode::OK),
            (
                "GET",
                "/api/ai/permissions".into(),
                None,
                all,
                StatusCode::OK,
            ),
            ("GET", "/api/products".into(), None, all, StatusCode::OK),
            (
                "GET",
                format!("/api/products/{pid}"),
                None,
                all,
                StatusCode::OK,
            ),
            (
                "GET",
                format!("/api/products/{pid}/variants"),
                None,
                all,
                StatusCode::OK,
            ),
            (
                "POST",
                "/api/products".into(),
                Some(product_body("Yeni", &format!("NEW-{}", role.as_str()))),
                managers,
                StatusCode::CREATED,
            ),
            (
                "PATCH",
                format!("/api/products/{pid}"),
                Some(json!({"description": format!("by {}", role.as_str())})),
                managers,
                StatusCode::OK,
            ),
            (
                "POST",
                format!("/api/products/{pid}/variants"),
                Some(
                    json!({"barcode": format!("VAR-{}", role.as_str()), "stock_code": format!("VSC-{}", role.as_str()), "list_price": 1000}),
                ),
                managers,
                StatusCode::CREATED,
            ),
            (
                "PATCH",
                format!("/api/products/{pid}/variants/{vid}"),
                Some(json!({"stock": 7})),
                managers,
                StatusCode::OK,
            ),
            (
                "GET",
                "/api/admin/users".into(),
                None,
                admins,
                StatusCode::OK,
            ),
            (
                "PATCH",
                format!("/api/admin/users/{}", target.id),
                Some(json!({"display_name": "Değişti"})),
                admins,
                StatusCode::OK,
            ),
        ];
        for (method, path, body, allowed, ok) in routes {
            let r = app.send(method, &path, &user.token, body).await;
            if allowed.contains(&role) {
                assert_eq!(r.status(), ok, "{role} {method} {path} should be allowed");
            } else {
                assert_eq!(
                    r.status(),
                    StatusCode::FORBIDDEN,
                    "{role} {method} {path} should be refused"
                );
                let body: Value = r.json().await.unwrap();
                assert_eq!(body["error"]["code"], "forbidden");
            }
        }

        // Deletes, each on a fresh object so allowed and refused runs do not interfere.
        serial += 1;
        let victim = app
            .product(&seller, "Silinecek", &format!("DEL-{serial}"))
            .await;
        let victim_id = victim["id"].as_i64().unwrap();
        let r = app
            .post(&format!("/api/products/{victim_id}/variants"), &seller.token,
                  json!({"barcode": format!("DELV-{serial}"), "stock_code": format!("DELVS-{serial}"), "list_price": 500}))
            .await;
        let extra: Value = r.json().await.unwrap();
        let extra_id = extra["id"].as_i64().unwrap();
        let r = app
            .delete(
                &format!("/api/products/{victim_id}/variants/{extra_id}"),
                &user.token,
            )
            .await;
        let r2 = app
            .delete(&format!("/api/products/{victim_id}"), &user.token)
            .await;
        let still_there = app
            .get(&format!("/api/products/{victim_id}"), &seller.token)
            .await
            .status();
        if managers.contains(&role) {
            assert_eq!(r.status(), StatusCode::NO_CONTENT, "{role} delete variant");
            assert_eq!(r2.status(), StatusCode::NO_CONTENT, "{role} delete product");
            assert_eq!(still_there, StatusCode::NOT_FOUND);
        } else {
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role} delete variant");
            assert_eq!(r2.status(), StatusCode::FORBIDDEN, "{role} delete product");
            assert_eq!(
                still_there,
                StatusCode::OK,
                "refused delete must not delete"
            );
        }

        let r = app
            .upload(&user.token, crate::helpers::png(8, 8), "a.png")
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{role} upload");
    }

    // Refused writes changed nothing.
    let after: Value = app
        .get(&format!("/api/products/{pid}"), &seller.token)
        .await
        .json()
        .await
        .unwrap();
    let desc = after["description"].as_str().unwrap();
    assert!(desc == "by admin" || desc == "by seller", "{desc}");
}

#[tokio::test]
async fn permissions_report_role_features_and_quota() {
    let app = spawn_app().await;
    for (role, limit) in [
        (Role::Normal, json!(100)),
        (Role::Premium, json!(1000)),
        (Role::Seller, json!(1000)),
        (Role::Admin, Value::Null),
    ] {
        let user = app.user(role).await;
        let body: Value = app
            .get("/api/ai/permissions", &user.token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["role"], role.as_str());
        let q = &body["template_quota"];
        assert_eq!(q["limit"], limit, "{role}");
        assert_eq!(q["used"], 0);
        assert_eq!(q["remaining"], limit);
        assert!(
            q["resets_at"].as_str().unwrap().ends_with('Z')
                || q["resets_at"].as_str().unwrap().contains("+00:00")
        );
        let features: Vec<&str> = body["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        for f in [
            Feature::AiProductEditing,
            Feature::MultiChannel,
            Feature::BulkOperations,
            Feature::TemplateBasic,
        ] {
            assert_eq!(features.contains(&f.as_str()), role.can(f), "{role} {f:?}");
        }
    }
}

#[tokio::test]
async fn the_integration_catalogue_is_for_sellers_and_admins() {
    let app = spawn_app().await;
    for role in [Role::Seller, Role::Admin] {
        let u = app.user(role).await;
        let v: Value = app
            .get("/api/integrations/available", &u.token)
            .await
            .json()
            .await
            .unwrap();
        let systems = v["systems"].as_array().unwrap();
        assert_eq!(systems.len(), 55);
        assert_eq!(v["categories"].as_array().unwrap().len(), 7);
        let trendyol = systems.iter().find(|s| s["name"] == "trendyol").unwrap();
        assert_eq!(trendyol["category"], "marketplace");
        assert_eq!(trendyol["level"], "full");
        assert_eq!(
            trendyol["credentials"][0],
            json!({"name": "api_key", "secret": true, "required": true})
        );
    }
    for role in [Role::Premium, Role::Normal] {
        let u = app.user(role).await;
        assert_eq!(
            app.get("/api/integrations/available", &u.token)
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }
}
