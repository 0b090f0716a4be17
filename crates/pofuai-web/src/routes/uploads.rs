//! Image uploads: checked by decoding (not by name or declared type), bounded in bytes and
//! pixels, stored under an unguessable path and served back only to those allowed.

use std::io::Cursor;

use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use image::{ImageFormat, ImageReader, Limits};
use pofuai_core::{Feature, Role};
use pofuai_store::uploads::{NewUpload, UploadViewer};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::blobs::BlobStore;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiMultipart, ApiPath};

pub fn router(body_limit: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload).layer(DefaultBodyLimit::max(body_limit)))
        .routes(routes!(serve_upload))
}

#[derive(Serialize, ToSchema)]
pub struct UploadView {
    /// Use this path in product images and template requests; GET it to download.
    path: String,
    content_type: String,
    byte_size: i64,
    width: i64,
    height: i64,
}

/// What decoding found out about an accepted image.
#[derive(Debug)]
pub struct Inspected {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Accepts JPEG, PNG and WebP only, reads the dimensions from the header and refuses
/// oversize images before allocating for them (decompression bombs), then decodes the whole
/// image under an allocation limit to prove it is not corrupt or cut short. JPEG is decoded
/// in the decoder's strict mode: the lenient mode the `image` crate uses fills a truncated
/// file's missing half with grey and calls it a picture.
pub fn inspect_image(bytes: &[u8], max_pixels: u64) -> Result<Inspected, ApiError> {
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP))
        .ok_or_else(|| {
            ApiError::coded("file", "image_format", "must be a JPEG, PNG or WebP image")
        })?;
    let corrupt = || {
        ApiError::coded(
            "file",
            "image_unreadable",
            "is not a readable image (corrupt or truncated)",
        )
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| corrupt())?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(corrupt());
    }
    if pixels > max_pixels {
        return Err(ApiError::coded(
            "file",
            "image_too_large",
            format!("is {width}×{height} pixels; at most {max_pixels} pixels are accepted"),
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(pixels * 8 + 16 * 1024 * 1024);
    reader.limits(limits);
    if format == ImageFormat::Jpeg {
        let options = zune_core::options::DecoderOptions::default()
            .set_strict_mode(true)
            .set_max_width(width as usize)
            .set_max_height(height as usize);
        zune_jpeg::JpegDecoder::new_with_options(
            zune_core::bytestream::ZCursor::new(bytes),
            options,
        )
        .decode()
        .map_err(|_| corrupt())?;
    } else {
        reader.decode().map_err(|_| corrupt())?;
    }
    Ok(Inspected {
        format,
        width,
        height,
    })
}

fn ext_and_mime(format: ImageFormat) -> (&'static str, &'static str) {
    match format {
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::WebP => ("webp", "image/webp"),
        _ => ("jpg", "image/jpeg"),
    }
}

/// Uploads one image as multipart form field `file`.
#[utoipa::path(post, path = "/api/uploads", tag = "uploads",
    request_body(content_type = "multipart/form-data", description = "Field `file`: a JPEG, PNG or WebP image"),
    responses((status = 201, body = UploadView), (status = 413, body = ErrorEnvelope),
              (status = 415, description = "Not multipart/form-data", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    ApiMultipart(mut multipart): ApiMultipart,
) -> ApiResult<(StatusCode, Json<UploadView>)> {
    auth.require(Feature::Upload)?;
    let limit = state.config.max_upload_bytes;
    let mut data: Option<Vec<u8>> = None;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| multipart_error(e, limit))?;
        let Some(mut field) = field else { break };
        if field.name() != Some("file") {
            return Err(ApiError::field(
                field.name().unwrap_or("body").to_string(),
                "is not a known field; send the image as `file`",
            ));
        }
        if data.is_some() {
            return Err(ApiError::field("file", "send one file per request"));
        }
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, limit))? {
            if buf.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            buf.extend_from_slice(&chunk);
        }
        data = Some(buf);
    }
    let data = data.ok_or_else(|| ApiError::coded("file", "required", "is required"))?;
    if data.is_empty() {
        return Err(ApiError::coded("file", "required", "is empty"));
    }
    let max_pixels = state.config.max_upload_pixels;
    let (data, inspected) = state
        .cpu
        .run(move || inspect_image(&data, max_pixels).map(|i| (data, i)))
        .await??;
    let (ext, mime) = ext_and_mime(inspected.format);
    let path = BlobStore::new_upload_path(ext);
    state
        .blobs
        .put(&path, &data)
        .await
        .map_err(ApiError::internal)?;
    let upload = state
        .store
        .insert_upload(
            NewUpload {
                owner_id: auth.user.id,
                path: &path,
                content_type: mime,
                byte_size: data.len() as i64,
                width: i64::from(inspected.width),
                height: i64::from(inspected.height),
                sha256: &hex::encode(Sha256::digest(&data)),
            },
            state.now_ms(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadView {
            path: upload.path,
            content_type: upload.content_type,
            byte_size: upload.byte_size,
            width: upload.width,
            height: upload.height,
        }),
    ))
}

fn multipart_error(e: axum::extract::multipart::MultipartError, upload_limit: usize) -> ApiError {
    if crate::server::is_body_timeout(&e) {
        ApiError::RequestTimeout
    } else if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge {
            limit: upload_limit,
        }
    } else {
        ApiError::BadRequest {
            code: "malformed_multipart",
            message: e.body_text(),
            field: None,
        }
    }
}

/// Downloads an upload: its owner, admins, and whoever may see a product showing it.
#[utoipa::path(get, path = "/uploads/{name}", tag = "uploads",
    params(("name" = String, Path, description = "File name from the upload's path")),
    responses((status = 200, description = "The image"), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn serve_upload(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(name): ApiPath<String>,
) -> ApiResult<Response> {
    let path = format!("/uploads/{name}");
    let viewer = UploadViewer {
        user_id: auth.user.id,
        admin: auth.role() == Role::Admin,
        catalogue_reader: matches!(auth.role(), Role::Premium | Role::Normal),
    };
    let upload = state.store.readable_upload(&path, viewer).await?;
    let bytes = state
        .blobs
        .get(&upload.path)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&upload.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
