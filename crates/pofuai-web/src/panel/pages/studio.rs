//! The template studio: a form over the API's template generation, the gallery of what the
//! user made (download, newest first) and the quota meter.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::get;
use pofuai_core::Feature;
use serde_json::{Map, Value, json};

use super::{Flash, checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new().route("/templates", get(page).post(generate))
}

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
    v: Values,
    errors: FormErrors,
}

async fn render(
    st: &PanelState,
    sess: &Session,
    flash: Option<&str>,
    v: Values,
    errors: FormErrors,
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
        .map(|h| Shot {
            id: n(h, "id"),
            platform: lang.t(&format!("platform-{}", s(h, "template_type"))),
            when: fmt::rfc3339(lang, &s(h, "created_at")),
            size: format!("{}×{}", n(h, "width"), n(h, "height")),
        })
        .collect();
    let limit = q["limit"].as_i64();
    let used = n(q, "used");
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
        v,
        errors: errors.clone(),
        c,
    });
    if errors.any() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
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
    render(&st, &sess, flash.ok.as_deref(), v, FormErrors::default()).await
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

async fn generate(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::TemplateBasic)?;
    let get = |k: &str| field(&form, k).unwrap_or_default().to_string();
    let v = Values {
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
    };
    match st
        .send(
            &sess,
            Method::POST,
            "/api/ai/generate-template",
            Some(&request(&v)),
        )
        .await?
    {
        Ok(_) => Ok(done("/templates", "template-made")),
        Err(mut e) => {
            // Colours are two inputs in the form and one list in the API.
            if let Some(m) = e.get("content_data.gradient_colors").map(str::to_string) {
                e.fields.insert("color1".into(), m);
            }
            if let Some(m) = e.get("content_data.background_color").map(str::to_string) {
                e.fields.insert("color1".into(), m);
            }
            render(&st, &sess, None, v, e).await
        }
    }
}
