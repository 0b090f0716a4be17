//! The catalogue as a spreadsheet: export, import with its per-row report, owner isolation,
//! limits, and the panel's import form.

use pofuai_core::Role;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, User, assert_error, spawn_app, spawn_app_with};

async fn export(app: &TestApp, u: &User, format: &str) -> Vec<u8> {
    let r = app
        .get(&format!("/api/products/export?format={format}"), &u.token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.bytes().await.unwrap().to_vec()
}

async fn import(
    app: &TestApp,
    u: &User,
    file: Vec<u8>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(file).file_name("urunler"),
    );
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    app.client
        .post(app.url("/api/products/import"))
        .bearer_auth(&u.token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn import_ok(app: &TestApp, u: &User, file: Vec<u8>, fields: &[(&str, &str)]) -> Value {
    let r = import(app, u, file, fields).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// A seller's catalogue without ids, versions or times, in a stable order.
async fn catalogue(app: &TestApp, u: &User) -> Vec<Value> {
    let list: Value = app
        .get("/api/products?limit=100", &u.token)
        .await
        .json()
        .await
        .unwrap();
    let mut out: Vec<Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let variants: Vec<Value> = p["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    json!([
                        v["barcode"],
                        v["stock_code"],
                        v["attributes"],
                        v["stock"],
                        v["list_price"],
                        v["sale_price"],
                        v["currency"],
                        v["vat_rate"]
                    ])
                })
                .collect();
            json!([
                p["name"],
                p["brand"],
                p["category"],
                p["description"],
                p["attributes"],
                variants
            ])
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

async fn two_products(app: &TestApp, seller: &User) {
    app.product(seller, "Kablosuz Kulaklık", "8690000000011")
        .await;
    let r = app
        .post(
            "/api/products",
            &seller.token,
            json!({
                "name": "Çay Bardağı, 6'lı \"ince belli\"",
                "description": "-İnce belli\nçok satırlı",
                "category": "Mutfak", "brand": "Paşabahçe",
                "variants": [
                    {"barcode": "8690000000028", "stock_code": "CAY-6", "stock": 3,
                     "list_price": 129990, "sale_price": 129990, "attributes": {"Adet": "6"}},
                    {"barcode": "8690000000035", "stock_code": "CAY-12", "stock": 0,
                     "list_price": 250050, "sale_price": 199900, "vat_rate": 10}
                ]
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn export_then_import_gives_the_same_catalogue_in_csv_and_xlsx() {
    let app = spawn_app().await;
    let a = app.user(Role::Seller).await;
    two_products(&app, &a).await;
    let original = catalogue(&app, &a).await;
    for format in ["csv", "xlsx"] {
        let file = export(&app, &a, format).await;
        // Into an empty account: the same catalogue.
        let b = app.user(Role::Seller).await;
        let report = import_ok(&app, &b, file.clone(), &[]).await;
        assert_eq!(report["errors"], json!([]), "{format}: {report}");
        assert_eq!(report["written"], true);
        assert_eq!(report["created_products"], 2);
        assert_eq!(report["created_variants"], 3);
        assert_eq!(catalogue(&app, &b).await, original, "{format}");
        // Back into the same account: every row matches and nothing changes.
        let report = import_ok(&app, &a, file, &[]).await;
        assert_eq!(report["unchanged_rows"], 3, "{format}: {report}");
        assert_eq!(report["updated_variants"], 0);
        assert_eq!(report["created_products"], 0);
    }
    assert_eq!(catalogue(&app, &a).await, original);
}

#[tokio::test]
async fn a_wrong_row_is_reported_by_row_and_field_and_nothing_is_written_unless_asked() {
    let app = spawn_app().await;
    let s = app.user(Role::Seller).await;
    // Turkish Excel's CSV: semicolons, decimal commas; row 3 sells above its list price.
    let file = "barcode;stock_code;name;brand;category;list_price;sale_price;stock\n\
                8690000000011;K-1;Kulaklık;Pofu;Elektronik;1.299,90;999,90;4\n\
                8690000000028;K-2;Hoparlör;Pofu;Elektronik;100;150;1\n"
        .as_bytes()
        .to_vec();
    let report = import_ok(&app, &s, file.clone(), &[]).await;
    assert_eq!(report["written"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["row"], 3);
    assert_eq!(errors[0]["field"], "sale_price");
    assert!(catalogue(&app, &s).await.is_empty());

    let report = import_ok(
        &app,
        &s,
        file.clone(),
        &[("mode", "valid_rows"), ("dry_run", "true")],
    )
    .await;
    assert_eq!(report["written"], false);
    assert_eq!(report["created_products"], 1);
    assert!(
        catalogue(&app, &s).await.is_empty(),
        "a dry run writes nothing"
    );

    let report = import_ok(&app, &s, file, &[("mode", "valid_rows")]).await;
    assert_eq!(report["written"], true);
    assert_eq!(report["created_products"], 1);
    assert_eq!(report["errors"][0]["row"], 3);
    let list = catalogue(&app, &s).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0][5][0][4], 129990, "1.299,90 read as 1299.90 lira");
    assert_eq!(list[0][5][0][5], 99990);
}

#[tokio::test]
async fn a_sheet_with_turkish_column_names_imports_as_the_english_one() {
    let app = spawn_app().await;
    let s = app.user(Role::Seller).await;
    let file =
        "Barkod;STOK KODU;Ürün Adı;Marka;Kategori;Liste Fiyatı;Satış_Fiyatı;Stok;KDV Oranı\n\
                8690000000011;K-1;Kulaklık;Pofu;Elektronik;1.299,90;999,90;4;10\n"
            .as_bytes()
            .to_vec();
    let report = import_ok(&app, &s, file, &[]).await;
    assert_eq!(report["errors"], json!([]), "{report}");
    assert_eq!(report["created_products"], 1);
    let list = catalogue(&app, &s).await;
    assert_eq!(list[0][0], "Kulaklık");
    let variant = &list[0][5][0];
    assert_eq!(variant[0], "8690000000011");
    assert_eq!(variant[1], "K-1");
    assert_eq!(variant[3], 4);
    assert_eq!(variant[4], 129990);
    assert_eq!(variant[5], 99990);
    assert_eq!(variant[7], 10);

    // One column under both names is named twice.
    let report = import_ok(&app, &s, b"barcode,Barkod\n1,1\n".to_vec(), &[]).await;
    assert_eq!(report["errors"][0]["code"], "duplicate_in_file", "{report}");
    assert_eq!(report["errors"][0]["field"], "barcode");
}

#[tokio::test]
async fn an_import_cannot_touch_another_sellers_sku() {
    let app = spawn_app().await;
    let a = app.user(Role::Seller).await;
    let b = app.user(Role::Seller).await;
    let theirs = app.product(&a, "Kablosuz Kulaklık", "8690000000011").await;
    let before = catalogue(&app, &a).await;
    // B names A's product and barcode: B gets a product of its own, A's stays as it was.
    let file = format!(
        "product_key,barcode,stock_code,name,brand,category,list_price,stock\n\
         {},8690000000011,SC-8690000000011,Ele geçirildi,X,Y,1,999\n",
        theirs["id"]
    );
    let report = import_ok(&app, &b, file.into_bytes(), &[]).await;
    assert_eq!(report["created_products"], 1, "{report}");
    assert_eq!(catalogue(&app, &a).await, before);
    assert_eq!(catalogue(&app, &b).await[0][0], "Ele geçirildi");
}

#[tokio::test]
async fn import_limits_and_form_fields_are_named() {
    let app = spawn_app_with(|c| {
        c.import.max_bytes = 2048;
        c.import.max_rows = 2;
    })
    .await;
    let s = app.user(Role::Seller).await;
    let big = vec![b'a'; 4096];
    assert_error(
        import(&app, &s, big, &[]).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        Some("file"),
    )
    .await;
    let rows = b"barcode\n1\n2\n3\n".to_vec();
    assert_error(
        import(&app, &s, rows, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    let one = b"barcode\n1\n".to_vec();
    assert_error(
        import(&app, &s, one.clone(), &[("mode", "some")]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("mode"),
    )
    .await;
    let normal = app.user(Role::Normal).await;
    assert_eq!(
        import(&app, &normal, one, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    // An unknown column is a row-1 error, not a guess.
    let report = import_ok(&app, &s, b"barkod_no\n1\n".to_vec(), &[]).await;
    assert_eq!(report["errors"][0]["code"], "unknown_column");
    assert_eq!(report["errors"][0]["row"], 1);
}

#[tokio::test]
async fn the_panel_import_form_needs_its_csrf_token_and_shows_the_report() {
    let app = spawn_app().await;
    let s = app.user(Role::Seller).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = format!("pofuai_token={}", s.token);
    let html = client
        .get(app.url("/products"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let csrf = html[start..].split('"').next().unwrap().to_string();
    let file = "barcode,stock_code,name,brand,category,list_price,sale_price\n\
                8690000000011,K-1,Kulaklık,Pofu,Elektronik,10,20\n";
    let form = |token: Option<&str>| {
        let mut f = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("u.csv"),
        );
        if let Some(t) = token {
            f = f.text("_csrf", t.to_string());
        }
        f
    };
    let r = client
        .post(app.url("/products/import"))
        .header(COOKIE, &cookie)
        .multipart(form(None))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client
        .post(app.url("/products/import"))
        .header(COOKIE, &cookie)
        .multipart(form(Some(&csrf)))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let page = r.text().await.unwrap();
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &page[page.find("io-title").unwrap_or(0)..]
    );
    assert!(page.contains("sale_price"), "the report names the field");
    assert!(catalogue(&app, &s).await.is_empty());
}
