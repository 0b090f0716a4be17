use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_error, spawn_app};

const SECRET: &str = "trendyol-secret-value-9876";

fn trendyol() -> Value {
    json!({"integration_type": "marketplace", "integration_name": "trendyol",
           "config": {"api_key": "trendyol-key-value-1111", "api_secret": SECRET, "seller_id": 12345, "environment": "sandbox"}})
}

#[tokio::test]
async fn sellers_add_activate_change_and_remove_integrations_with_masked_secrets() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let r = app
        .post("/api/integrations", &seller.token, trendyol())
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let text = r.text().await.unwrap();
    assert!(
        !text.contains(SECRET) && !text.contains("trendyol-key-value"),
        "{text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["config"]["api_secret"], "••••9876");
    assert_eq!(v["config"]["seller_id"], "12345");
    assert_eq!(v["environment"], "sandbox");
    assert_eq!(v["active"], false);
    assert_eq!(v["level"], "full");
    let id = v["id"].as_i64().unwrap();

    let r = app
        .send(
            "POST",
            &format!("/api/integrations/{id}/activate"),
            &seller.token,
            None,
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["active"], true);
    let r = app
        .patch(
            &format!("/api/integrations/{id}"),
            &seller.token,
            json!({"config": {"api_secret": "new-secret-value-5555"}}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["config"]["api_secret"], "••••5555");
    assert_eq!(v["config"]["api_key"], "••••1111", "other secrets kept");
    assert_eq!(v["active"], true);
    let list: Value = app
        .get("/api/integrations", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let r = app
        .send(
            "POST",
            &format!("/api/integrations/{id}/deactivate"),
            &seller.token,
            None,
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["active"], false);

    for f in std::fs::read_dir(app.data_dir()).unwrap().flatten() {
        if f.file_name().to_string_lossy().starts_with("test.db") {
            let bytes = std::fs::read(f.path()).unwrap();
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "plain secret on disk"
            );
        }
    }
    assert_eq!(
        app.delete(&format!("/api/integrations/{id}"), &seller.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.get(&format!("/api/integrations/{id}"), &seller.token)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
}

#[tokio::test]
async fn a_seller_cannot_see_or_use_another_sellers_integration() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let v: Value = app
        .post("/api/integrations", &alice.token, trendyol())
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_i64().unwrap();
    for r in [
        app.get(&format!("/api/integrations/{id}"), &bob.token)
            .await,
        app.patch(
            &format!("/api/integrations/{id}"),
            &bob.token,
            json!({"display_name": "x"}),
        )
        .await,
        app.send(
            "POST",
            &format!("/api/integrations/{id}/activate"),
            &bob.token,
            None,
        )
        .await,
        app.delete(&format!("/api/integrations/{id}"), &bob.token)
            .await,
    ] {
        assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let list: Value = app
        .get("/api/integrations", &bob.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    let admin = app.user(Role::Admin).await;
    assert_eq!(
        app.get(&format!("/api/integrations/{id}"), &admin.token)
            .await
            .status(),
        StatusCode::OK
    );
    for role in [Role::Premium, Role::Normal] {
        let u = app.user(role).await;
        assert_error(
            app.post("/api/integrations", &u.token, trendyol()).await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
        )
        .await;
        assert_error(
            app.get("/api/integrations", &u.token).await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
        )
        .await;
    }
}

#[tokio::test]
async fn config_is_checked_against_the_catalogue() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut b = trendyol();
        f(&mut b);
        b
    };
    let cases = [
        (
            with(&|b| b["integration_name"] = json!("myspace")),
            "integration_name",
        ),
        (
            with(&|b| b["integration_name"] = json!("zalando")),
            "integration_name",
        ),
        (
            with(&|b| b["integration_type"] = json!("crm")),
            "integration_type",
        ),
        (
            with(&|b| {
                b["config"].as_object_mut().unwrap().remove("api_secret");
            }),
            "config.api_secret",
        ),
        (
            with(&|b| b["config"]["password"] = json!("x")),
            "config.password",
        ),
        (
            with(&|b| b["config"]["environment"] = json!("moon")),
            "config.environment",
        ),
        (
            with(&|b| b["config"]["base_url"] = json!("file:///etc/passwd")),
            "config.base_url",
        ),
        (
            with(&|b| b["config"]["api_key"] = json!("")),
            "config.api_key",
        ),
        (
            with(&|b| b["config"]["api_key"] = json!({"nested": 1})),
            "config.api_key",
        ),
        (with(&|b| b["owner_id"] = json!(1)), "owner_id"),
    ];
    for (body, field) in cases {
        let r = app.post("/api/integrations", &seller.token, body).await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
    let list: Value = app
        .get("/api/integrations", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn rotating_the_master_key_keeps_every_secret_readable_under_the_new_key_only() {
    use pofuai_web::secrets::{MasterKey, SecretBox};
    let app = crate::helpers::spawn_app_with(|c| c.master_key = MasterKey([1; 32])).await;
    let seller = app.user(Role::Seller).await;
    let created: Value = app
        .post("/api/integrations", &seller.token, trendyol())
        .await
        .json()
        .await
        .unwrap();
    let (old, new) = (SecretBox::new(&[1; 32]), SecretBox::new(&[2; 32]));
    let count = app
        .store
        .reseal_secrets(|sealed| old.open(sealed).map(|plain| new.seal(&plain)))
        .await
        .unwrap();
    assert_eq!(count, 1);
    let stored = app
        .store
        .integration(
            created["id"].as_i64().unwrap(),
            pofuai_store::products::Scope::All,
        )
        .await
        .unwrap();
    let sealed = stored.secrets.unwrap();
    assert!(old.open(&sealed).is_err(), "the old key no longer opens it");
    let plain = new.open(&sealed).unwrap();
    assert!(plain.contains(SECRET));
    // A wrong key makes the rotation fail as a whole and changes nothing.
    let wrong = SecretBox::new(&[9; 32]);
    assert!(
        app.store
            .reseal_secrets(|s| wrong.open(s).map(|p| old.seal(&p)))
            .await
            .is_err()
    );
    let again = app
        .store
        .integration(
            created["id"].as_i64().unwrap(),
            pofuai_store::products::Scope::All,
        )
        .await
        .unwrap();
    assert_eq!(again.secrets.unwrap(), sealed);
}
