use pofuai_core::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_error, png, spawn_app};

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `w`×`h` pixels but that carries almost no data.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    // IHDR starts at byte 8: length(4) "IHDR"(4) width(4) height(4) ... crc after 13 data bytes.
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

#[tokio::test]
async fn an_uploaded_image_is_served_back_to_its_owner() {
    let app = spawn_app().await;
    let seller = app.user(Role::Seller).await;
    let bytes = png(64, 48);
    let r = app.upload(&seller.token, bytes.clone(), "urun.png").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let up: Value = r.json().await.unwrap();
    let path = up["path"].as_str().unwrap();
    assert!(
        path.starts_with("/uploads/") && path.ends_with(".png"),
        "{path}"
    );
    assert_eq!(up["width"], 64);
    assert_eq!(up["height"], 48);
    let r = app.get(path, &seller.token).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().to_vec(), bytes);
    // Without a token: 401.
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_seller_cannot_read_an_upload_but_catalogue_readers_see_product_images() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let normal = app.user(Role::Normal).await;
    let up: Value = app
        .upload(&alice.token, png(16, 16), "a.png")
        .await
        .json()
        .await
        .unwrap();
    let path = up["path"].as_str().unwrap().to_string();
    assert_error(
        app.get(&path, &bob.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
    assert_error(
        app.get(&path, &normal.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;

    let mut body = crate::helpers::product_body("Resimli", "IMG-1");
    body["images"] = json!([path]);
    let r = app.post("/api/products", &alice.token, body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let product: Value = r.json().await.unwrap();
    assert_eq!(product["images"][0], path.as_str());
    assert_eq!(
        app.get(&path, &normal.token).await.status(),
        StatusCode::OK,
        "visible with its product"
    );
    assert_error(
        app.get(&path, &bob.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
    )
    .await;
    let admin = app.user(Role::Admin).await;
    assert_eq!(app.get(&path, &admin.token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_product_cannot_use_someone_elses_upload() {
    let app = spawn_app().await;
    let alice = app.user(Role::Seller).await;
    let bob = app.user(Role::Seller).await;
    let up: Value = app
        .upload(&alice.token, png(16, 16), "a.png")
        .await
        .json()
        .await
        .unwrap();
    let mut body = crate::helpers::product_body("Çalıntı Resim", "STEAL-1");
    body["images"] = json!([up["path"]]);
    let r = app.post("/api/products", &bob.token, body).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("images[0]"),
    )
    .await;
    let mut body = crate::helpers::product_body("Uydurma", "STEAL-2");
    body["images"] = json!(["/uploads/0000.png"]);
    let r = app.post("/api/products", &bob.token, body).await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("images[0]"),
    )
    .await;
}

#[tokio::test]
async fn bad_uploads_get_clear_errors() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    // Not an image, whatever its name says.
    let r = app
        .upload(
            &user.token,
            b"<html>not an image</html>".to_vec(),
            "photo.png",
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    // A GIF is an image, but not one we take.
    let r = app
        .upload(
            &user.token,
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "a.gif",
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    // A truncated PNG: right magic, corrupt body.
    let mut truncated = png(200, 200);
    truncated.truncate(truncated.len() / 2);
    let r = app.upload(&user.token, truncated, "half.png").await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    // Empty.
    let r = app.upload(&user.token, Vec::new(), "empty.png").await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    // Wrong field name.
    let form =
        reqwest::multipart::Form::new().part("image", reqwest::multipart::Part::bytes(png(4, 4)));
    let r = app
        .client
        .post(app.url("/api/uploads"))
        .bearer_auth(&user.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("image"),
    )
    .await;
}

#[tokio::test]
async fn decompression_bombs_are_refused_before_decoding() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    // A header claiming 50000×50000 (2.5 gigapixels) with almost no data.
    let r = app
        .upload(&user.token, png_claiming(50_000, 50_000), "bomb.png")
        .await;
    let body = assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
    assert!(
        body["error"]["fields"]["file"]
            .as_str()
            .unwrap()
            .contains("50000")
    );
    // A real, highly compressible image above the test's 4-megapixel limit: a few KB of bytes.
    let real_bomb = {
        let img = image::GrayImage::new(2500, 2000);
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    assert!(real_bomb.len() < 100_000);
    let r = app.upload(&user.token, real_bomb, "zeros.png").await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("file"),
    )
    .await;
}

#[tokio::test]
async fn uploads_over_the_byte_limit_are_a_413() {
    let app = spawn_app().await;
    let user = app.user(Role::Normal).await;
    // The test app allows 2 MiB.
    let mut big = png(8, 8);
    big.resize(3 * 1024 * 1024, 0);
    let r = app.upload(&user.token, big, "big.png").await;
    assert_error(r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None).await;
}

/// A photo-like image with detail throughout, so that every half of its file holds pixels.
fn noisy(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let v = x
            .wrapping_mul(2_654_435_761)
            .wrapping_add(y.wrapping_mul(40_503));
        image::Rgb([(v >> 3) as u8, (v >> 11) as u8, (v >> 19) as u8])
    })
}

#[tokio::test]
async fn truncated_images_of_every_format_are_refused_and_whole_ones_accepted() {
    let app = spawn_app().await;
    let user = app.user(Role::Seller).await;
    let img = noisy(160, 120);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&img)
        .unwrap();
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(img.as_raw(), 160, 120, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut png_bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png_bytes, image::ImageFormat::Png)
        .unwrap();
    for (name, bytes) in [
        ("a.jpg", jpeg),
        ("a.webp", webp),
        ("a.png", png_bytes.into_inner()),
    ] {
        let half = bytes[..bytes.len() / 2].to_vec();
        let r = app.upload(&user.token, half, name).await;
        assert_error(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("file"),
        )
        .await;
        let r = app.upload(&user.token, bytes, name).await;
        assert_eq!(r.status(), StatusCode::CREATED, "whole {name}");
    }
}

/// Issue #13: with `POFUAI_TEST_S3_ENDPOINT` set (`.ci/run` starts moto's S3 server), files live
/// in the bucket: a second node on the same database and bucket, with its own empty data
/// directory, serves what the first stored, with the same owner checks, and neither node's
/// data directory holds the file.
#[tokio::test]
async fn with_a_bucket_a_second_node_serves_what_the_first_stored() {
    let Some(endpoint) = std::env::var("POFUAI_TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
    else {
        return;
    };
    let bucket = format!(
        "pofuai-test-{}",
        pofuai_web::blobs::BlobStore::new_upload_path("png")
            .trim_start_matches("/uploads/")
            .trim_end_matches(".png")
    );
    // The store creates no buckets; an operator does. moto takes an unsigned create.
    let created = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let s3 = pofuai_web::blobs::S3Settings {
        endpoint: Some(endpoint),
        bucket,
        region: "us-east-1".into(),
        access_key_id: Some("testing".into()),
        secret_access_key: Some("testing".into()),
    };
    let bucket_store = || Some(pofuai_web::blobs::BlobStore::s3(&s3).unwrap());
    let first = crate::helpers::spawn_app_with(|c| c.object_store = bucket_store()).await;
    let second = first.second_node(|c| c.object_store = bucket_store()).await;
    let seller = first.user(Role::Seller).await;
    let other = first.user(Role::Seller).await;
    let bytes = png(40, 30);
    let r = first.upload(&seller.token, bytes.clone(), "urun.png").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let up: Value = r.json().await.unwrap();
    let path = up["path"].as_str().unwrap();

    let r = second.get(path, &seller.token).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().to_vec(), bytes);
    let r = second.get(path, &other.token).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for node in [&first, &second] {
        assert!(!node.data_dir().join("uploads").exists());
    }
}
