//! The template studio: a form over the API's template generation (a catalogue product or an
//! uploaded photo as the source), a preview that costs no quota, batch generation for roles
//! with bulk operations, the gallery of what the user made (download, delete, newest first)
//! and the quota meter.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use pofuai_core::Feature;
use serde_json::{Map, Value, json};

use super::{Flash, checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelError, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        // The API holds an uploaded photo to its own (smaller) limit and names the field; this
        // only bounds what the page reads before passing it on.
        .route(
            "/templates",
            get(page)
                .post(generate)
                .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
        .route("/templates/batch", post(batch))
        .route("/templates/{id}/delete", post(delete))
}

/// The languages templates can be written in, by their own names (a Turkish seller making
/// an Arabic post reads "العربية" in either panel language), with the direction they run.
pub const LANGUAGES: [(&str, &str, &str); 4] = [
    ("tr", "Türkçe", "ltr"),
    ("en", "English", "ltr"),
    ("de", "Deutsch", "ltr"),
    ("ar", "العربية", "rtl"),
];

pub const PLATFORMS: [&str; 7] = [
    "instagram_post",
    "instagram_story",
    "facebook_post",
    "twitter_post",
    "linkedin_post",
    "telegram_post",
    "whatsapp_status",
];

pub struct Shot {
    pub id: i64,
    pub label: String,
    pub platform: String,
    pub when: String,
    pub size: String,
}

/// What the form showed, to show it again after a refusal.
#[derive(Default, Clone)]
pub struct Values {
    pub template_type: String,
    pub product_id: String,
    pub product_name: String,
    pub marketing_text: String,
    pub call_to_action: String,
    pub background_style: String,
    pub color1: String,
    pub color2: String,
    pub language: String,
    pub tone: String,
    /// An upload path (`/uploads/…`) used as the source photo instead of a product's.
    pub product_image: String,
}

/// A preview the API rendered: small, not stored, no quota used.
pub struct Preview {
    pub data_url: String,
    pub width: i64,
    pub height: i64,
    pub full: String,
    pub truncated: bool,
}

/// What a batch did: counts and each failure with the API's reason.
pub struct BatchOutcome {
    pub succeeded: i64,
    pub failed: i64,
    pub failures: Vec<String>,
}

/// The batch form's choices, to show them again.
#[derive(Default)]
pub struct BatchValues {
    pub product_ids: Vec<String>,
    pub template_types: Vec<String>,
    pub language: String,
}

#[derive(Template)]
#[template(path = "panel/studio.html")]
struct Page {
    c: Ctx,
    platforms: Vec<(String, String)>,
    products: Vec<(i64, String)>,
    shots: Vec<Shot>,
    quota_used: i64,
    quota_limit: Option<i64>,
    quota_full: bool,
    textures: bool,
    languages: Vec<(String, String, String)>,
    v: Values,
    errors: FormErrors,
    preview: Option<Preview>,
    /// The source is an upload the page may show (a path of ours, not any text sent back).
    source_shown: bool,
    batch_allowed: bool,
    bv: BatchValues,
    batch_errors: FormErrors,
    batch_outcome: Option<BatchOutcome>,
}

/// What a render adds to the bare page.
#[derive(Default)]
struct Extra {
    errors: FormErrors,
    preview: Option<Preview>,
    bv: Option<BatchValues>,
    batch_errors: FormErrors,
    batch_outcome: Option<BatchOutcome>,
}

async fn render(
    st: &PanelState,
    sess: &Session,
    flash: Option<&str>,
    v: Values,
    extra: Extra,
) -> PanelResult<Response> {
    sess.require(Feature::TemplateBasic)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "templates", flash);
    let perms = st.get(sess, "/api/ai/permissions").await?;
    let q = &perms["template_quota"];
    let products = st
        .get_opt(sess, "/api/products?limit=100")
        .await
        .map(|p| {
            items(&p)
                .iter()
                .map(|x| (n(x, "id"), s(x, "name")))
                .collect()
        })
        .unwrap_or_default();
    let history = st.get(sess, "/api/ai/history?limit=24").await?;
    let shots = items(&history)
        .iter()
        .map(|h| {
            let platform = lang.t(&format!("platform-{}", s(h, "template_type")));
            let when = fmt::rfc3339(lang, &s(h, "created_at"));
            Shot {
                id: n(h, "id"),
                label: format!("{platform} · {when}"),
                platform,
                when,
                size: format!("{}×{}", n(h, "width"), n(h, "height")),
            }
        })
        .collect();
    let limit = q["limit"].as_i64();
    let used = n(q, "used");
    let status = if extra.errors.any() || extra.batch_errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let source_shown = is_upload_path(&v.product_image);
    let mut res = html(Page {
        platforms: PLATFORMS
            .iter()
            .map(|p| (p.to_string(), lang.t(&format!("platform-{p}"))))
            .collect(),
        products,
        shots,
        quota_used: used,
        quota_limit: limit,
        quota_full: limit.is_some_and(|l| used >= l),
        textures: sess.can(Feature::TemplateAdvanced),
        languages: LANGUAGES
            .iter()
            .map(|(code, name, dir)| (code.to_string(), name.to_string(), dir.to_string()))
            .collect(),
        source_shown,
        v,
        errors: extra.errors,
        preview: extra.preview,
        batch_allowed: sess.can(Feature::BulkOperations),
        bv: extra.bv.unwrap_or_else(|| BatchValues {
            language: "tr".into(),
            ..BatchValues::default()
        }),
        batch_errors: extra.batch_errors,
        batch_outcome: extra.batch_outcome,
        c,
    });
    *res.status_mut() = status;
    Ok(res)
}

/// Only paths the uploads API hands out are shown as images.
fn is_upload_path(p: &str) -> bool {
    p.strip_prefix("/uploads/").is_some_and(|name| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    })
}

async fn page(
    State(st): State<PanelState>,
    sess: Session,
    Query(flash): Query<Flash>,
) -> PanelResult<Response> {
    let v = Values {
        template_type: "instagram_post".into(),
        background_style: "gradient".into(),
        color1: "#ff6b6b".into(),
        color2: "#4ecdc4".into(),
        language: "tr".into(),
        tone: "sales_focused".into(),
        ..Values::default()
    };
    render(&st, &sess, flash.ok.as_deref(), v, Extra::default()).await
}

/// The API's request from the form; empty fields are left out so the API's defaults apply.
fn request(v: &Values) -> Value {
    let mut cd = Map::new();
    let mut put = |k: &str, x: &str| {
        if !x.trim().is_empty() {
            cd.insert(k.to_string(), json!(x.trim()));
        }
    };
    put("product_name", &v.product_name);
    put("marketing_text", &v.marketing_text);
    put("call_to_action", &v.call_to_action);
    put("background_style", &v.background_style);
    put("language", &v.language);
    put("tone", &v.tone);
    put("product_image", &v.product_image);
    if v.background_style == "solid" || v.background_style == "texture" {
        put("background_color", &v.color1);
    } else {
        cd.insert("gradient_colors".into(), json!([v.color1, v.color2]));
    }
    if !v.product_id.is_empty() {
        // Not a number is the API's to refuse, with its field name.
        let id = v
            .product_id
            .parse::<i64>()
            .map_or(json!(v.product_id), |i| json!(i));
        cd.insert("product_id".into(), id);
    }
    json!({ "template_type": v.template_type, "content_data": cd })
}

/// The studio form's fields and the chosen photo, from either encoding: the page sends
/// multipart (it has a file input), scripts and tests may send a plain form.
async fn read_form(
    headers: &HeaderMap,
    req: Request,
) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), &'static str> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ctype.starts_with("multipart/form-data") {
        let body = axum::body::to_bytes(req.into_body(), 1024 * 1024)
            .await
            .map_err(|_| "io-too-large")?;
        return Ok((crate::panel::parse_form(&body), None));
    }
    let mut mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|_| "io-too-large")?;
    let mut form = Vec::new();
    let mut file = None;
    loop {
        let part = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err("io-too-large"),
        };
        let name = part.name().unwrap_or("").to_string();
        let filename = part.file_name().map(str::to_string);
        let bytes = part.bytes().await.map_err(|_| "io-too-large")?;
        match filename {
            Some(f) if name == "source_file" => {
                if !bytes.is_empty() {
                    file = Some((f, bytes.to_vec()));
                }
            }
            _ => form.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((form, file))
}

fn values_of(form: &[(String, String)]) -> Values {
    let get = |k: &str| field(form, k).unwrap_or_default().to_string();
    Values {
        template_type: get("template_type"),
        product_id: get("content_data.product_id"),
        product_name: get("content_data.product_name"),
        marketing_text: get("content_data.marketing_text"),
        call_to_action: get("content_data.call_to_action"),
        background_style: get("content_data.background_style"),
        color1: get("color1"),
        color2: get("color2"),
        language: get("content_data.language"),
        tone: get("content_data.tone"),
        product_image: if field(form, "drop_image").is_some() {
            String::new()
        } else {
            get("content_data.product_image")
        },
    }
}

/// Generates (costs one of the quota) or previews (costs nothing, stores nothing) the form.
async fn generate(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    req: Request,
) -> PanelResult<Response> {
    let (form, file) = match read_form(&headers, req).await {
        Ok(f) => f,
        // Unreadable: nothing (not even the CSRF token) can be trusted, so nothing is done.
        Err(key) => {
            let mut e = FormErrors::default();
            e.fields.insert("source_file".into(), sess.lang.t(key));
            return render(
                &st,
                &sess,
                None,
                Values::default(),
                Extra {
                    errors: e,
                    ..Extra::default()
                },
            )
            .await;
        }
    };
    sess.check_csrf(&headers, &form)?;
    sess.require(Feature::TemplateBasic)?;
    let mut v = values_of(&form);
    if let Some((filename, bytes)) = file {
        // Through the uploads API: its size, pixel and format limits, its field error.
        match super::products::upload(&st, &sess, &filename, &bytes, "source_file").await? {
            Ok(path) => v.product_image = path,
            Err(errors) => {
                return render(
                    &st,
                    &sess,
                    None,
                    v,
                    Extra {
                        errors,
                        ..Extra::default()
                    },
                )
                .await;
            }
        }
    }
    let preview = field(&form, "action") == Some("preview");
    let uri = if preview {
        "/api/ai/preview-template"
    } else {
        "/api/ai/generate-template"
    };
    match st
        .send(&sess, Method::POST, uri, Some(&request(&v)))
        .await?
    {
        Ok(body) if preview => {
            let shown = Preview {
                data_url: format!("data:image/png;base64,{}", s(&body, "png_base64")),
                width: n(&body, "width"),
                height: n(&body, "height"),
                full: format!("{}×{}", n(&body, "full_width"), n(&body, "full_height")),
                truncated: body["truncated"].as_array().is_some_and(|t| !t.is_empty()),
            };
            render(
                &st,
                &sess,
                None,
                v,
                Extra {
                    preview: Some(shown),
                    ..Extra::default()
                },
            )
            .await
        }
        Ok(_) => Ok(done("/templates", "template-made")),
        Err(mut e) => {
            // Colours are two inputs in the form and one list in the API.
            if let Some(m) = e.get("content_data.gradient_colors").map(str::to_string) {
                e.fields.insert("color1".into(), m);
            }
            if let Some(m) = e.get("content_data.background_color").map(str::to_string) {
                e.fields.insert("color1".into(), m);
            }
            // The photo is chosen with the file input.
            if let Some(m) = e.fields.remove("content_data.product_image") {
                e.fields.insert("source_file".into(), m);
            }
            render(
                &st,
                &sess,
                None,
                v,
                Extra {
                    errors: e,
                    ..Extra::default()
                },
            )
            .await
        }
    }
}

/// Many products × platforms in one call, for roles with bulk operations (the API decides).
async fn batch(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::BulkOperations)?;
    let all = |k: &str| -> Vec<String> {
        form.iter()
            .filter(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let bv = BatchValues {
        product_ids: all("product_ids"),
        template_types: all("template_types"),
        language: field(&form, "language").unwrap_or("tr").to_string(),
    };
    // Not a number is the API's to refuse, with its field name.
    let ids: Vec<Value> = bv
        .product_ids
        .iter()
        .map(|x| x.parse::<i64>().map_or(json!(x), |i| json!(i)))
        .collect();
    let req = json!({
        "product_ids": ids,
        "template_types": bv.template_types,
        "content_data": { "language": bv.language },
    });
    let v = Values {
        template_type: "instagram_post".into(),
        background_style: "gradient".into(),
        color1: "#ff6b6b".into(),
        color2: "#4ecdc4".into(),
        language: "tr".into(),
        tone: "sales_focused".into(),
        ..Values::default()
    };
    match st
        .send(
            &sess,
            Method::POST,
            "/api/ai/generate-templates/batch",
            Some(&req),
        )
        .await?
    {
        Ok(body) => {
            let names: std::collections::HashMap<i64, String> = st
                .get_opt(&sess, "/api/products?limit=100")
                .await
                .map(|p| {
                    items(&p)
                        .iter()
                        .map(|x| (n(x, "id"), s(x, "name")))
                        .collect()
                })
                .unwrap_or_default();
            let failures = items(&body)
                .iter()
                .filter(|i| i["status"] != "ok")
                .map(|i| {
                    let pid = n(i, "product_id");
                    let name = names
                        .get(&pid)
                        .cloned()
                        .unwrap_or_else(|| format!("#{pid}"));
                    let platform = sess.lang.t(&format!("platform-{}", s(i, "template_type")));
                    let why = i["error"]["error"]["message"]
                        .as_str()
                        .or_else(|| i["error"]["message"].as_str())
                        .unwrap_or_default();
                    format!("{name} · {platform}: {why}")
                })
                .collect();
            let outcome = BatchOutcome {
                succeeded: n(&body, "succeeded"),
                failed: n(&body, "failed"),
                failures,
            };
            render(
                &st,
                &sess,
                None,
                v,
                Extra {
                    bv: Some(bv),
                    batch_outcome: Some(outcome),
                    ..Extra::default()
                },
            )
            .await
        }
        Err(e) => {
            render(
                &st,
                &sess,
                None,
                v,
                Extra {
                    bv: Some(bv),
                    batch_errors: e,
                    ..Extra::default()
                },
            )
            .await
        }
    }
}

/// Deletes one template of the gallery; the API checks it is the user's own (admins: any).
async fn delete(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::TemplateBasic)?;
    match st
        .send(
            &sess,
            Method::DELETE,
            &format!("/api/ai/templates/{id}"),
            None,
        )
        .await?
    {
        Ok(_) => Ok(done("/templates", "template-deleted")),
        Err(e) => Err(PanelError::Page {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            lang: sess.lang,
            title_key: "error-request",
            detail: e.message,
        }),
    }
}
