//! Admin: users (search, role, quota override, disable) and AI product editing (preview,
//! apply, revert) with a before/after comparison.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use pofuai_core::{Feature, Role};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{checked_form, done, items, n, s};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/admin/users", get(users))
        .route("/admin/users/{id}", post(update_user))
        .route("/admin/edit/{product_id}", get(edit_page).post(edit))
        .route("/admin/edits/{id}/revert", post(revert))
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    email: Option<String>,
    role: Option<String>,
    cursor: Option<String>,
    ok: Option<String>,
}

pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub quota: String,
    pub disabled: bool,
    pub since: String,
}

#[derive(Template)]
#[template(path = "panel/users.html")]
struct UsersPage {
    c: Ctx,
    rows: Vec<UserRow>,
    roles: Vec<(String, String)>,
    email: String,
    role: String,
    next: Option<String>,
    errors: FormErrors,
    error_user: i64,
}

async fn users_page(
    st: &PanelState,
    sess: &Session,
    q: UsersQuery,
    errors: FormErrors,
    error_user: i64,
) -> PanelResult<Response> {
    sess.require(Feature::UserAdmin)?;
    let lang = sess.lang;
    let c = Ctx::new(sess, "users", q.ok.as_deref());
    let mut uri = "/api/admin/users?limit=50".to_string();
    let enc = |v: &str| -> String { form_urlencoded::byte_serialize(v.as_bytes()).collect() };
    if let Some(e) = q.email.as_deref().filter(|e| !e.trim().is_empty()) {
        uri.push_str(&format!("&email={}", enc(e.trim())));
    }
    if let Some(r) = q.role.as_deref().filter(|r| Role::parse(r).is_some()) {
        uri.push_str(&format!("&role={r}"));
    }
    if let Some(cur) = q.cursor.as_deref() {
        uri.push_str(&format!("&cursor={}", enc(cur)));
    }
    let list = st.get(sess, &uri).await?;
    let rows = items(&list)
        .iter()
        .map(|u| UserRow {
            id: n(u, "id"),
            email: s(u, "email"),
            name: s(u, "display_name"),
            role: s(u, "role"),
            quota: u["template_quota_override"]
                .as_i64()
                .map(|q| q.to_string())
                .unwrap_or_default(),
            disabled: u["disabled"].as_bool().unwrap_or(false),
            since: fmt::rfc3339(lang, &s(u, "created_at")),
        })
        .collect();
    let mut res = html(UsersPage {
        roles: Role::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str().to_string(),
                    lang.t(&format!("role-{}", r.as_str())),
                )
            })
            .collect(),
        rows,
        email: q.email.unwrap_or_default(),
        role: q.role.unwrap_or_default(),
        next: list["next_cursor"].as_str().map(str::to_string),
        errors: errors.clone(),
        error_user,
        c,
    });
    if errors.any() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn users(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<UsersQuery>,
) -> PanelResult<Response> {
    users_page(&st, &sess, q, FormErrors::default(), 0).await
}

async fn update_user(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::UserAdmin)?;
    let mut req = Map::new();
    if let Some(r) = field(&form, "role") {
        req.insert("role".into(), json!(r));
    }
    match field(&form, "template_quota_override").map(str::trim) {
        Some("") => {
            req.insert("template_quota_override".into(), Value::Null);
        }
        // Not a number goes to the API as text, to be refused with its field name.
        Some(q) => {
            req.insert(
                "template_quota_override".into(),
                q.parse::<i64>().map_or(json!(q), |v| json!(v)),
            );
        }
        None => {}
    }
    req.insert(
        "disabled".into(),
        json!(field(&form, "disabled") == Some("on")),
    );
    match st
        .send(
            &sess,
            Method::PATCH,
            &format!("/api/admin/users/{id}"),
            Some(&Value::Object(req)),
        )
        .await?
    {
        Ok(_) => Ok(done("/admin/users", "saved")),
        Err(e) => users_page(&st, &sess, UsersQuery::default(), e, id).await,
    }
}

// ---- AI product editing ----

pub struct ImagePair {
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "panel/ai_edit.html")]
struct EditPage {
    c: Ctx,
    product_id: i64,
    product: String,
    images: Vec<ImagePair>,
    before: String,
    after: String,
    notes: Vec<String>,
    seo_title: String,
    seo_description: String,
    edit_id: Option<i64>,
    previewed: bool,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct EditQuery {
    ok: Option<String>,
}

async fn edit_page(
    State(st): State<PanelState>,
    sess: Session,
    Path(product_id): Path<i64>,
    Query(q): Query<EditQuery>,
) -> PanelResult<Response> {
    sess.require(Feature::AiProductEditing)?;
    let p = st
        .get(&sess, &format!("/api/products/{product_id}"))
        .await?;
    Ok(html(EditPage {
        c: Ctx::new(&sess, "products", q.ok.as_deref()),
        product_id,
        product: s(&p, "name"),
        images: vec![],
        before: s(&p, "description"),
        after: String::new(),
        notes: vec![],
        seo_title: String::new(),
        seo_description: String::new(),
        edit_id: None,
        previewed: false,
        errors: FormErrors::default(),
    }))
}

/// The API's edit request from the form's choices.
fn edit_request(product_id: i64, form: &[(String, String)], mode: &str) -> Value {
    let on = |k: &str| field(form, k) == Some("on");
    let mut req = json!({ "product_id": product_id, "mode": mode });
    if on("enhance_quality") || on("remove_background") {
        req["image_editing"] = json!({
            "enhance_quality": on("enhance_quality"),
            "remove_background": on("remove_background"),
        });
    }
    if on("sales_focused") || on("add_technical_details") || on("optimize_length") {
        req["description_enhancement"] = json!({
            "sales_focused": on("sales_focused"),
            "add_technical_details": on("add_technical_details"),
            "optimize_length": on("optimize_length"),
        });
    }
    if on("seo") {
        req["seo_optimization"] = json!({ "meta_title": true, "meta_description": true });
    }
    req
}

async fn edit(
    State(st): State<PanelState>,
    sess: Session,
    Path(product_id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::AiProductEditing)?;
    let mode = if field(&form, "mode") == Some("apply") {
        "apply"
    } else {
        "preview"
    };
    let p = st
        .get(&sess, &format!("/api/products/{product_id}"))
        .await?;
    let c = Ctx::new(&sess, "products", None);
    let req = edit_request(product_id, &form, mode);
    let (result, errors) = match st
        .send(&sess, Method::POST, "/api/ai/edit-product", Some(&req))
        .await?
    {
        Ok(v) => (v, FormErrors::default()),
        Err(e) => (Value::Null, e),
    };
    let mut res = html(EditPage {
        c,
        product_id,
        product: s(&p, "name"),
        images: result["images"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|i| ImagePair {
                before: s(i, "before"),
                after: s(i, "after"),
            })
            .collect(),
        before: if result["description"].is_null() {
            s(&p, "description")
        } else {
            s(&result["description"], "before")
        },
        after: s(&result["description"], "after"),
        notes: result["description"]["notes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        seo_title: s(&result["seo"], "meta_title"),
        seo_description: s(&result["seo"], "meta_description"),
        edit_id: result["edit_id"].as_i64(),
        previewed: !result.is_null(),
        errors: errors.clone(),
    });
    if errors.any() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn revert(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::AiProductEditing)?;
    let product_id: i64 = field(&form, "product_id")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    let back = format!("/admin/edit/{product_id}");
    match st
        .send(
            &sess,
            Method::POST,
            &format!("/api/ai/edits/{id}/revert"),
            None,
        )
        .await?
    {
        Ok(_) => Ok(done(&back, "edit-reverted")),
        Err(_) => Ok(done(&back, "edit-revert-refused")),
    }
}
