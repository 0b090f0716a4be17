use std::sync::Arc;

use pofuai_core::Role;
use pofuai_store::Store;
use pofuai_store::users::NewUser;
use pofuai_web::{AppState, Application, Clock, ManualClock, WebConfig};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "dogru-parola-123";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub store: Store,
    pub state: AppState,
    /// The database every node of this app connects to.
    pub database_url: String,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A logged-in user of the test app.
#[derive(Clone)]
pub struct User {
    pub id: i64,
    pub token: String,
    pub email: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut WebConfig)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = pofuai_store::testing::fresh_url(dir.path())
        .await
        .expect("test database");
    let store = Store::connect(&database_url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::starting_now();
    let mut config = WebConfig {
        data_dir: dir.path().to_path_buf(),
        max_upload_bytes: 2 * 1024 * 1024,
        max_upload_pixels: 4_000_000,
        login_failures_allowed: 5,
        // Tests fire many requests from one address and token; the limits have their own test.
        rate_limits: pofuai_web::limits::RateLimits {
            global_per_sec: 1_000_000,
            per_ip_per_sec: 1_000_000,
            per_token_per_sec: 1_000_000,
        },
        ..WebConfig::default()
    };
    configure(&mut config);
    serve(store, database_url, clock, config, dir).await
}

/// Serves an app on port 0 until the returned `TestApp` is dropped.
async fn serve(
    store: Store,
    database_url: String,
    clock: ManualClock,
    config: WebConfig,
    dir: tempfile::TempDir,
) -> TestApp {
    let state = AppState::new(store.clone(), Arc::new(clock.clone()), config);
    let app = Application::bind("127.0.0.1:0", state.clone())
        .await
        .expect("bind");
    let addr = app.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.serve(async {
        let _ = rx.await;
    }));
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        clock,
        store,
        state,
        database_url,
        _dir: dir,
        shutdown: Some(tx),
    }
}

impl TestApp {
    /// Another node on this app's database and clock, with its own (empty) data directory, its
    /// own connections and nothing in memory shared with this one (no token cache either).
    pub async fn second_node(&self, configure: impl FnOnce(&mut WebConfig)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = self.state.config.clone();
        config.data_dir = dir.path().to_path_buf();
        configure(&mut config);
        let store = Store::connect(&self.database_url)
            .await
            .expect("second connection");
        serve(
            store,
            self.database_url.clone(),
            self.clock.clone(),
            config,
            dir,
        )
        .await
    }

    /// A Trendyol integration of `seller` in the sandbox environment, straight in the store
    /// (no credentials: for tests that import orders themselves).
    pub async fn sandbox_trendyol(&self, seller: &User) -> i64 {
        self.store
            .create_integration(
                &pofuai_store::integrations::Integration {
                    id: 0,
                    owner_id: seller.id,
                    integration_type: "marketplace".into(),
                    integration_name: "trendyol".into(),
                    display_name: "Trendyol".into(),
                    config: std::collections::BTreeMap::new(),
                    secrets: None,
                    environment: "sandbox".into(),
                    base_url: None,
                    active: true,
                    created_at: 0,
                    updated_at: 0,
                },
                0,
            )
            .await
            .expect("integration")
            .id
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Creates an account with `role` directly in the store and logs it in over HTTP.
    pub async fn user(&self, role: Role) -> User {
        let n = self.store.count_users().await.expect("count");
        let email = format!("{}{}@example.com", role.as_str(), n + 1);
        let hash = pofuai_web::password::hash(PASSWORD.to_string())
            .await
            .expect("hash");
        let created = self
            .store
            .create_user(
                NewUser {
                    email: &email,
                    password_hash: &hash,
                    display_name: "Test",
                    role,
                },
                self.clock.now_ms(),
            )
            .await
            .expect("create user");
        let token = self.login_ok(&email, PASSWORD).await;
        User {
            id: created.id,
            token,
            email,
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request")
    }

    pub async fn login_ok(&self, email: &str, password: &str) -> String {
        let r = self.login(email, password).await;
        assert_eq!(r.status(), StatusCode::OK, "login of {email}");
        let body: Value = r.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request")
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.send("POST", path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.send("PATCH", path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.send("DELETE", path, token, None).await
    }

    /// Creates a product for `seller` and returns its JSON.
    pub async fn product(&self, seller: &User, name: &str, barcode: &str) -> Value {
        let r = self
            .post("/api/products", &seller.token, product_body(name, barcode))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create {name}");
        r.json().await.expect("json")
    }

    pub async fn upload(&self, token: &str, bytes: Vec<u8>, file_name: &str) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        self.client
            .post(self.url("/api/uploads"))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("request")
    }
}

pub fn product_body(name: &str, barcode: &str) -> Value {
    json!({
        "name": name,
        "description": "Açıklama",
        "category": "Elektronik",
        "brand": "Pofu Tech",
        "attributes": {"Garanti": "2 yıl"},
        "variants": [{
            "barcode": barcode,
            "stock_code": format!("SC-{barcode}"),
            "stock": 10,
            "list_price": 129990,
            "sale_price": 99990,
            "currency": "TRY",
            "vat_rate": 20,
            "attributes": {"Renk": "Siyah"}
        }]
    })
}

/// Asserts the error envelope: status, code and (when given) the field it names.
pub async fn assert_error(
    r: Response,
    status: StatusCode,
    code: &str,
    field: Option<&str>,
) -> Value {
    assert_eq!(r.status(), status, "status");
    let body: Value = r.json().await.expect("error body is JSON");
    assert_eq!(body["error"]["code"], code, "code in {body}");
    if let Some(f) = field {
        assert!(
            body["error"]["fields"].get(f).is_some(),
            "field {f} not named in {body}"
        );
    }
    body
}

/// A small valid PNG of the given size.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}
