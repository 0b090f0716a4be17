use std::time::Duration;

use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_error, spawn_app};

#[tokio::test]
async fn register_creates_a_normal_user_who_can_log_in() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&json!({"email": " Ayse@Example.com ", "password": PASSWORD, "display_name": "Ayşe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["role"], "normal");
    assert_eq!(body["email"], "ayse@example.com");
    assert!(body.get("password_hash").is_none());

    let r = app.login("ayse@example.com", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let set_cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    let login: Value = r.json().await.unwrap();
    assert_eq!(login["token_type"], "Bearer");
    assert!(login["expires_at"].as_str().is_some());
    let me: Value = app
        .get("/api/me", login["token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ayse@example.com");
    assert_eq!(me["display_name"], "Ayşe");
}

#[tokio::test]
async fn the_stored_token_is_a_hash_not_the_token() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    // The token itself must not be usable from the database: look for it in every table.
    let hash = pofuai_web::auth::token_hash(&user.token);
    assert_ne!(hash, user.token);
    assert!(
        app.store
            .user_for_token(&user.token, app.clock_now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.store
            .user_for_token(&hash, app.clock_now())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn duplicate_email_is_a_conflict_on_email() {
    let app = spawn_app().await;
    let body = json!({"email": "a@example.com", "password": PASSWORD});
    let r = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let again = json!({"email": "A@EXAMPLE.COM", "password": PASSWORD});
    let r = app
        .client
        .post(app.url("/api/auth/register"))
        .json(&again)
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "conflict", Some("email")).await;
}

#[tokio::test]
async fn registration_cannot_choose_role_or_quota() {
    let app = spawn_app().await;
    for (field, value) in [
        ("role", json!("admin")),
        ("template_quota_override", json!(100000)),
        ("id", json!(1)),
        ("disabled", json!(false)),
    ] {
        let mut body = json!({"email": format!("{field}@example.com"), "password": PASSWORD});
        body[field] = value;
        let r = app
            .client
            .post(app.url("/api/auth/register"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
        assert!(
            app.store
                .user_by_email(&format!("{field}@example.com"))
                .await
                .unwrap()
                .is_none(),
            "refused registration must create nothing"
        );
    }
}

#[tokio::test]
async fn registration_validates_email_and_password() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email": "not-an-email", "password": PASSWORD}),
            "email",
        ),
        (json!({"email": "a@b", "password": PASSWORD}), "email"),
        (
            json!({"email": "ok@example.com", "password": "short"}),
            "password",
        ),
        (
            json!({"email": "ok@example.com", "password": "x".repeat(129)}),
            "password",
        ),
        (json!({"password": PASSWORD}), "email"),
        (
            json!({"email": "ok@example.com", "password": PASSWORD, "display_name": ""}),
            "display_name",
        ),
    ];
    for (body, field) in cases {
        let r = app
            .client
            .post(app.url("/api/auth/register"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some(field),
        )
        .await;
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    let wrong = app.login(&user.email, "yanlis-parola-999").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials", None).await;
    let unknown = app.login("nobody@example.com", PASSWORD).await;
    assert_error(
        unknown,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        None,
    )
    .await;
}

#[tokio::test]
async fn logout_revokes_the_token() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    assert_eq!(
        app.get("/api/me", &user.token).await.status(),
        StatusCode::OK
    );
    let other_session = app.login_ok(&user.email, PASSWORD).await;
    let r = app
        .send("POST", "/api/auth/logout", &user.token, None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.get("/api/me", &user.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    )
    .await;
    // Only the presented token is revoked.
    assert_eq!(
        app.get("/api/me", &other_session).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tokens_expire() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    app.clock.advance(Duration::from_secs(29 * 24 * 3600));
    assert_eq!(
        app.get("/api/me", &user.token).await.status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert_error(
        app.get("/api/me", &user.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    )
    .await;
}

#[tokio::test]
async fn missing_garbage_and_malformed_tokens_are_unauthorized() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/api/me")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthorized", None).await;
    for header in [
        "Bearer nope",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        &"Bearer x".repeat(100),
    ] {
        let r = app
            .client
            .get(app.url("/api/me"))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::UNAUTHORIZED, "unauthorized", None).await;
    }
}

#[tokio::test]
async fn the_cookie_authenticates_like_the_header() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    let r = app
        .client
        .get(app.url("/api/me"))
        .header("cookie", format!("theme=dark; pofuai_token={}", user.token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn disabled_accounts_lose_their_tokens_and_cannot_log_in() {
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    let user = app.user(Role::Seller).await;
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_error(
        app.get("/api/me", &user.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
    )
    .await;
    assert_error(
        app.login(&user.email, PASSWORD).await,
        StatusCode::FORBIDDEN,
        "account_disabled",
        None,
    )
    .await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    for _ in 0..5 {
        let r = app.login(&user.email, "yanlis-parola-999").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = app.login(&user.email, PASSWORD).await;
    assert!(r.headers().get("retry-after").is_some());
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited", None).await;
    app.clock.advance(Duration::from_secs(16 * 60));
    assert_eq!(
        app.login(&user.email, PASSWORD).await.status(),
        StatusCode::OK
    );
}

/// A client connecting from another loopback address: another client address for the server.
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .build()
        .unwrap()
}

async fn login_from(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_attacker_failing_at_an_account_does_not_lock_out_its_owner() {
    let app = spawn_app().await;
    let owner = app.user(Role::Seller).await;
    let attacker = client_from([127, 0, 0, 2]);
    for _ in 0..12 {
        let r = login_from(&app, &attacker, &owner.email, "tahmin-parola-1").await;
        assert!(
            matches!(
                r.status(),
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{}",
            r.status()
        );
    }
    let r = login_from(&app, &attacker, &owner.email, PASSWORD).await;
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited", None).await;
    // The owner, from a client that has not been failing, gets through at once.
    let r = login_from(&app, &client_from([127, 0, 0, 3]), &owner.email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn spraying_e_mails_from_one_client_meets_doubling_delays() {
    let app = spawn_app().await;
    let sprayer = client_from([127, 0, 0, 4]);
    let mut n = 0;
    let mut attempt = || {
        n += 1;
        format!("kurban{n}@example.com")
    };
    for _ in 0..5 {
        let r = login_from(&app, &sprayer, &attempt(), "parola-parola").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    for expected_wait in [1, 2, 4, 8] {
        let r = login_from(&app, &sprayer, &attempt(), "parola-parola").await;
        assert_eq!(
            r.headers()["retry-after"],
            expected_wait.to_string().as_str()
        );
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited", None).await;
        app.clock.advance(Duration::from_secs(expected_wait));
        let r = login_from(&app, &sprayer, &attempt(), "parola-parola").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Another client is not slowed by this one.
    let r = login_from(
        &app,
        &client_from([127, 0, 0, 5]),
        "x@example.com",
        "parola-parola",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unknown_e_mail_costs_one_verification_like_a_wrong_password() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    let before = app.state.passwords.computed();
    let r = app.login("nobody@example.com", "yanlis-parola-999").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.state.passwords.computed(), before + 1);
    let r = app.login(&user.email, "yanlis-parola-999").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.state.passwords.computed(), before + 2);
}

#[tokio::test]
async fn a_login_flood_waits_for_the_password_slots_and_then_is_busy() {
    let app = crate::helpers::spawn_app_with(|c| {
        c.password_slots = 1;
        c.password_wait = Duration::from_millis(1);
        c.login_failures_allowed = 1000;
    })
    .await;
    let emails: Vec<String> = (0..16).map(|i| format!("yok{i}@example.com")).collect();
    let answers =
        futures::future::join_all(emails.iter().map(|e| app.login(e, "parola-parola"))).await;
    let mut busy = 0;
    for r in answers {
        match r.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(r.headers().get("retry-after").is_some());
                assert_error(r, StatusCode::SERVICE_UNAVAILABLE, "busy", None).await;
                busy += 1;
            }
            other => panic!("{other}"),
        }
    }
    assert!(busy > 0, "sixteen logins at once on one slot with no wait");
    assert_eq!(
        app.state.passwords.buffers_allocated(),
        1,
        "one slot, one buffer of argon2 memory"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_secure_behind_https() {
    for secure in [false, true] {
        let app = crate::helpers::spawn_app_with(|c| c.secure_cookies = secure).await;
        let user = app.user(Role::Normal).await;
        let r = app.login(&user.email, PASSWORD).await;
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("pofuai_token=pfa_"), "{cookie}");
        assert!(cookie.contains("; HttpOnly"), "{cookie}");
        assert!(cookie.contains("; SameSite=Strict"), "{cookie}");
        assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
        let r = app
            .send("POST", "/api/auth/logout", &user.token, None)
            .await;
        let cleared = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(cleared.contains("; Secure"), secure, "{cleared}");
    }
}

#[tokio::test]
async fn admins_change_roles_and_quotas_but_not_their_own_role() {
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    let user = app.user(Role::Normal).await;
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"role": "premium", "template_quota_override": 5}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let perms: Value = app
        .get("/api/ai/permissions", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(perms["role"], "premium");
    assert_eq!(perms["template_quota"]["limit"], 5);
    // null clears the override: back to the role's default.
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"template_quota_override": null}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let perms: Value = app
        .get("/api/ai/permissions", &user.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(perms["template_quota"]["limit"], 1000);

    let r = app
        .patch(
            &format!("/api/admin/users/{}", admin.id),
            &admin.token,
            json!({"role": "normal"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("role"),
    )
    .await;
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"role": "root"}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("role"),
    )
    .await;
    let r = app
        .patch(
            &format!("/api/admin/users/{}", user.id),
            &admin.token,
            json!({"template_quota_override": -1}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("template_quota_override"),
    )
    .await;
    let r = app
        .patch(
            "/api/admin/users/999999",
            &admin.token,
            json!({"disabled": false}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn admin_user_list_pages_and_filters() {
    let app = spawn_app().await;
    let admin = app.user(Role::Admin).await;
    for _ in 0..4 {
        app.user(Role::Seller).await;
    }
    let first: Value = app
        .get("/api/admin/users?limit=3", &admin.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(
            &format!("/api/admin/users?limit=3&cursor={cursor}"),
            &admin.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert!(second["next_cursor"].is_null());
    let sellers: Value = app
        .get("/api/admin/users?role=seller", &admin.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sellers["items"].as_array().unwrap().len(), 4);
}

impl crate::helpers::TestApp {
    pub fn clock_now(&self) -> i64 {
        use pofuai_web::Clock;
        self.clock.now_ms()
    }
}
