//! The product grid (search with Turkish folding, filters, keyset paging, bulk price and
//! stock) and the product editor (fields, variants with stock, listing status per channel,
//! suggestions with one-click apply).

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use pofuai_core::Feature;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Flash, checked_form, done, items, n, s};
use crate::panel::diff::{self, Piece};
use crate::panel::session::Session;
use crate::panel::{Ctx, FormErrors, PanelResult, PanelState, field, fmt, html};

pub fn routes() -> Router<PanelState> {
    Router::new()
        .route("/products", get(grid))
        .route("/products/bulk", post(bulk))
        // The API holds the file to its own (smaller) limit and names the field; this only
        // bounds what the page reads before passing it on.
        .route(
            "/products/import",
            post(import).layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
        .route("/products/{id}", get(editor).post(save_product))
        .route("/products/{id}/variants/{vid}", post(save_variant))
        .route("/products/{id}/apply", post(apply_suggestion))
        .route("/products/{id}/ai", post(ai_propose))
        .route("/products/{id}/ai/save", post(ai_save))
        .route("/products/{id}/images", post(save_images))
        .route(
            "/products/{id}/images/upload",
            post(upload_image).layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
}

#[derive(Deserialize, Default)]
pub struct GridQuery {
    q: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    stock: Option<String>,
    /// The integration whose listing state `listing` filters by.
    integration: Option<String>,
    listing: Option<String>,
    sort: Option<String>,
    order: Option<String>,
    cursor: Option<String>,
    ok: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub variants: usize,
    pub stock: i64,
    pub price: String,
    pub updated: String,
    pub low: bool,
}

/// A sortable column's header: its link (the other direction when it is the current sort)
/// and its `aria-sort`.
pub struct SortHead {
    pub key: &'static str,
    pub label: String,
    pub href: String,
    pub aria: &'static str,
    pub arrow: &'static str,
}

#[derive(Template)]
#[template(path = "panel/products.html")]
struct GridPage {
    c: Ctx,
    rows: Vec<Row>,
    q: String,
    category: String,
    brand: String,
    stock: String,
    integration: String,
    listing: String,
    /// The seller's integrations for the listing filter (empty without multi-channel).
    integrations: Vec<(String, String)>,
    sort: String,
    order: String,
    heads: Vec<SortHead>,
    next: Option<String>,
    next_query: String,
    can_manage: bool,
    errors: FormErrors,
    /// The grid's filters as `&k=v…`, for the export links.
    export_query: String,
    report: Option<ImportView>,
}

/// The API's import report, as the grid shows it.
pub struct ImportView {
    pub summary: String,
    pub errors: Vec<(i64, String, String)>,
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The API's product list query for the grid's filters, listing filter and order; unknown
/// values are passed on for the API to refuse with its field error.
fn list_query(q: &GridQuery, cursor: Option<&str>) -> String {
    let mut parts = vec!["limit=25".to_string()];
    for (k, v) in [
        ("q", &q.q),
        ("category", &q.category),
        ("brand", &q.brand),
        ("stock", &q.stock),
        ("integration", &q.integration),
        ("listing", &q.listing),
        ("sort", &q.sort),
        ("order", &q.order),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            parts.push(format!("{k}={}", enc(v)));
        }
    }
    if let Some(c) = cursor {
        parts.push(format!("cursor={}", enc(c)));
    }
    parts.join("&")
}

/// The filters the export takes (it has no order or listing filter), as `&k=v…`.
fn export_query(q: &GridQuery) -> String {
    [
        ("q", &q.q),
        ("category", &q.category),
        ("brand", &q.brand),
        ("stock", &q.stock),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| format!("&{k}={}", enc(v)))
    })
    .collect()
}

/// The headers of the sortable columns: each links to the grid, filters kept, sorted by it
/// (first page), in the other direction when it is already the sort.
fn sort_heads(lang: crate::panel::i18n::Lang, q: &GridQuery) -> Vec<SortHead> {
    let current = q.sort.as_deref().unwrap_or("newest");
    [
        ("name", "col-product", false),
        ("price", "col-price", false),
        ("stock", "col-available", false),
        ("updated", "col-updated", true),
    ]
    .into_iter()
    .map(|(key, label, descends)| {
        let on = current == key;
        let descending = match q.order.as_deref() {
            Some(o) => o == "desc",
            None => descends,
        };
        let next_order = if on {
            if descending { "asc" } else { "desc" }
        } else if descends {
            "desc"
        } else {
            "asc"
        };
        let target = GridQuery {
            q: q.q.clone(),
            category: q.category.clone(),
            brand: q.brand.clone(),
            stock: q.stock.clone(),
            integration: q.integration.clone(),
            listing: q.listing.clone(),
            sort: Some(key.to_string()),
            order: Some(next_order.to_string()),
            ..GridQuery::default()
        };
        let (aria, arrow) = match (on, descending) {
            (false, _) => ("none", ""),
            (true, true) => ("descending", " ↓"),
            (true, false) => ("ascending", " ↑"),
        };
        SortHead {
            key,
            label: lang.t(label),
            href: format!(
                "/products?{}",
                list_query(&target, None).replacen("limit=25&", "", 1)
            ),
            aria,
            arrow,
        }
    })
    .collect()
}

fn row(lang: crate::panel::i18n::Lang, p: &Value) -> Row {
    let variants = p["variants"].as_array().cloned().unwrap_or_default();
    let min_price = variants
        .iter()
        .map(|v| n(v, "sale_price"))
        .min()
        .unwrap_or(0);
    let stock: i64 = variants
        .iter()
        .map(|v| v["available"].as_i64().unwrap_or_else(|| n(v, "stock")))
        .sum();
    Row {
        id: n(p, "id"),
        name: s(p, "name"),
        category: s(p, "category"),
        brand: s(p, "brand"),
        variants: variants.len(),
        stock,
        price: fmt::money(lang, min_price, "TRY"),
        updated: fmt::rfc3339(lang, &s(p, "updated_at")),
        low: stock <= pofuai_core::product::LOW_STOCK,
    }
}

async fn grid_page(
    st: &PanelState,
    sess: &Session,
    q: GridQuery,
    errors: FormErrors,
    report: Option<ImportView>,
) -> PanelResult<Response> {
    sess.require(Feature::ProductView)?;
    let c = Ctx::new(sess, "products", q.ok.as_deref());
    let a = st
        .call(
            Some(&sess.token),
            Method::GET,
            &format!("/api/products?{}", list_query(&q, q.cursor.as_deref())),
            None,
            None,
        )
        .await?;
    // A refused filter is shown next to it, with an empty grid.
    let (list, errors) = if a.status == StatusCode::UNPROCESSABLE_ENTITY {
        (Value::Null, FormErrors::localised(&a.body, sess.lang))
    } else if a.status.is_success() {
        (a.body, errors)
    } else {
        return Err(crate::panel::PanelError::from_api(
            sess.lang, a.status, &a.body,
        ));
    };
    let rows = items(&list).iter().map(|p| row(sess.lang, p)).collect();
    let next = list["next_cursor"].as_str().map(str::to_string);
    let next_query = next
        .as_deref()
        .map(|cur| list_query(&q, Some(cur)).replacen("limit=25&", "", 1))
        .unwrap_or_default();
    let export_query = export_query(&q);
    let failed = report.as_ref().is_some_and(|r| !r.errors.is_empty());
    let integrations = if sess.can(Feature::MultiChannel) {
        st.get_opt(sess, "/api/integrations?limit=100")
            .await
            .map(|l| {
                items(&l)
                    .iter()
                    .map(|i| (n(i, "id").to_string(), s(i, "display_name")))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let heads = sort_heads(sess.lang, &q);
    let mut res = html(GridPage {
        export_query,
        integrations,
        heads,
        integration: q.integration.unwrap_or_default(),
        listing: q.listing.unwrap_or_default(),
        sort: q.sort.unwrap_or_default(),
        order: q.order.unwrap_or_default(),
        report,
        can_manage: sess.can(Feature::ProductManage),
        rows,
        q: q.q.unwrap_or_default(),
        category: q.category.unwrap_or_default(),
        brand: q.brand.unwrap_or_default(),
        stock: q.stock.unwrap_or_default(),
        next,
        next_query,
        errors: errors.clone(),
        c,
    });
    if errors.any() || failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

async fn grid(
    State(st): State<PanelState>,
    sess: Session,
    Query(q): Query<GridQuery>,
) -> PanelResult<Response> {
    grid_page(&st, &sess, q, FormErrors::default(), None).await
}

/// Bulk price or stock for the selected products' variants, each through the API's variant
/// update (so each change is validated and pushed to the channels as a single edit would be).
async fn bulk(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    let ids: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let fail = |field: &str, key: &str| {
        let mut e = FormErrors::default();
        e.fields.insert(field.to_string(), sess.lang.t(key));
        e
    };
    let change = match (field(&form, "action"), field(&form, "value")) {
        (Some("price"), Some(v)) => match parse_price(v) {
            Some(minor) => json!({"sale_price": minor}),
            None => {
                return refused(&st, &sess, fail("value", "bulk-bad-price")).await;
            }
        },
        (Some("stock"), Some(v)) => match v.trim().parse::<i64>() {
            Ok(stock) => json!({"stock": stock}),
            Err(_) => return refused(&st, &sess, fail("value", "bulk-bad-stock")).await,
        },
        _ => return refused(&st, &sess, fail("action", "bulk-bad-action")).await,
    };
    if ids.is_empty() {
        return refused(&st, &sess, fail("ids", "bulk-none-selected")).await;
    }
    for id in ids.iter().take(100) {
        let product = st.get(&sess, &format!("/api/products/{id}")).await?;
        for v in product["variants"].as_array().cloned().unwrap_or_default() {
            let uri = format!("/api/products/{id}/variants/{}", n(&v, "id"));
            if let Err(mut e) = st.send(&sess, Method::PATCH, &uri, Some(&change)).await? {
                // The API names `stock`/`sale_price`; the grid's field is `value`.
                if let Some(m) = e.fields.values().next().cloned() {
                    e.fields.insert("value".into(), m);
                }
                return refused(&st, &sess, e).await;
            }
        }
    }
    Ok(done("/products", "bulk-done"))
}

async fn refused(st: &PanelState, sess: &Session, e: FormErrors) -> PanelResult<Response> {
    grid_page(st, sess, GridQuery::default(), e, None).await
}

/// The import form: the file and the choices are passed on to `POST /api/products/import`
/// as they came, and its report (or its refusal of the file) is shown on the grid.
async fn import(
    State(st): State<PanelState>,
    sess: Session,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> PanelResult<Response> {
    let mut csrf = None;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let too_large = || {
        let mut e = FormErrors::default();
        e.fields.insert("file".into(), sess.lang.t("io-too-large"));
        e
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return refused(&st, &sess, too_large()).await,
        };
        let name = field.name().unwrap_or("").to_string();
        let Ok(bytes) = field.bytes().await else {
            return refused(&st, &sess, too_large()).await;
        };
        match name.as_str() {
            "_csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" | "mode" | "dry_run" => parts.push((name, bytes.to_vec())),
            _ => {}
        }
    }
    sess.check_csrf(&headers, &[("_csrf".to_string(), csrf.unwrap_or_default())])?;
    sess.require(Feature::ProductManage)?;
    let (ctype, body) = multipart_body(&parts);
    let a = st
        .call_with(
            Some(&sess.token),
            Method::POST,
            "/api/products/import",
            Some((ctype, axum::body::Body::from(body))),
            None,
        )
        .await?;
    match a.status.as_u16() {
        200 => {
            let r = &a.body;
            let lang = sess.lang;
            let count = |k: &str| fluent_bundle::FluentValue::from(r[k].as_i64().unwrap_or(0));
            let key = match (r["written"].as_bool(), r["dry_run"].as_bool()) {
                (Some(true), _) => "io-written",
                (_, Some(true)) => "io-dry-run-done",
                _ => "io-not-written",
            };
            let summary = crate::panel::i18n::ta(
                lang,
                key,
                &[
                    ("rows", count("rows")),
                    ("created", count("created_products")),
                    ("variants", count("created_variants")),
                    ("updated", count("updated_variants")),
                    ("products", count("updated_products")),
                    ("unchanged", count("unchanged_rows")),
                    (
                        "errors",
                        fluent_bundle::FluentValue::from(
                            r["errors"].as_array().map_or(0, Vec::len) as i64,
                        ),
                    ),
                ],
            );
            let errors = r["errors"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|e| (n(e, "row"), s(e, "field"), s(e, "message")))
                .collect();
            let report = ImportView { summary, errors };
            grid_page(
                &st,
                &sess,
                GridQuery::default(),
                FormErrors::default(),
                Some(report),
            )
            .await
        }
        400 | 413 | 415 | 422 => refused(&st, &sess, FormErrors::of(&a.body)).await,
        _ => Err(crate::panel::PanelError::from_api(
            sess.lang, a.status, &a.body,
        )),
    }
}

/// A multipart/form-data body of `parts`, under a random boundary.
fn multipart_body(parts: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = format!("pofuai-{}", hex::encode(rand::random::<[u8; 16]>()));
    let mut body = Vec::new();
    for (name, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let file = if name == "file" {
            "; filename=\"import\""
        } else {
            ""
        };
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// "1.299,90" or "1299.90" or "1299" (lira) as kuruş.
pub fn parse_price(v: &str) -> Option<i64> {
    let v = v.trim().trim_end_matches("TL").trim();
    let normalised = if v.contains(',') {
        v.replace('.', "").replace(',', ".")
    } else {
        v.to_string()
    };
    let (whole, frac) = match normalised.split_once('.') {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (normalised.clone(), String::new()),
    };
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    whole.checked_mul(100)?.checked_add(frac)
}

// ---- editor ----

pub struct VariantRow {
    pub id: i64,
    pub label: String,
    pub stock_code: String,
    pub barcode: String,
    pub stock: i64,
    pub reserved: String,
    pub available: String,
    pub price: String,
    pub price_input: String,
}

pub struct ChannelRow {
    pub channel: String,
    pub stock_code: String,
    pub barcode: String,
    /// The quantity the channel last accepted, so a seller sees a stock change arrive.
    pub on_channel: String,
    pub status: String,
    pub synced: String,
    pub error: String,
}

pub struct Suggestion {
    pub index: usize,
    pub severity: String,
    pub message: String,
    pub proposed: Option<String>,
    pub can_apply: bool,
}

#[derive(Template)]
#[template(path = "panel/product.html")]
struct EditorPage {
    c: Ctx,
    id: i64,
    name: String,
    description: String,
    category: String,
    brand: String,
    /// The version the fields form shows; sent back as `If-Match` when saved.
    version: i64,
    attributes: Vec<(String, String)>,
    images: Vec<String>,
    variants: Vec<VariantRow>,
    channels: Vec<ChannelRow>,
    suggestions: Vec<Suggestion>,
    can_manage: bool,
    can_ai_edit: bool,
    /// Sellers (and admins) may ask for an AI description and SEO for the product.
    can_ai_texts: bool,
    ai: Option<AiView>,
    errors: FormErrors,
    variant_errors: Option<(i64, FormErrors)>,
}

/// An AI proposal shown as differences from what is stored, with the values a save sends.
pub struct AiView {
    /// The product version the proposal was made from; the save sends it as `If-Match`.
    pub version: i64,
    pub description: Vec<Piece>,
    pub description_new: String,
    pub title: Vec<Piece>,
    pub title_new: String,
    pub meta: Vec<Piece>,
    pub meta_new: String,
    pub keywords: Vec<Piece>,
    pub keywords_new: Vec<String>,
    pub apply_description: bool,
    pub apply_seo: bool,
    /// The product changed after the proposal was made: nothing was saved, this is a new one.
    pub stale: bool,
    pub errors: FormErrors,
}

/// What a save form sent, shown again after a refusal.
struct AiSent {
    version: i64,
    description: String,
    meta_title: String,
    meta_description: String,
    keywords: Vec<String>,
    apply_description: bool,
    apply_seo: bool,
}

fn description_words(html: &str) -> String {
    pofuai_text::describe::html_to_text(html).join(" ")
}

/// The view of `GET`'s proposal (`p`), with what a refused save sent in place of the proposal.
fn ai_view(p: &Value, sent: Option<AiSent>, stale: bool, errors: FormErrors) -> AiView {
    let before = &p["seo_before"];
    let after = &p["seo_after"];
    let kw = |v: &Value| -> Vec<String> {
        v["keywords"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let sent = sent.unwrap_or_else(|| AiSent {
        version: n(p, "version"),
        description: s(&p["description"], "after"),
        meta_title: s(after, "meta_title"),
        meta_description: s(after, "meta_description"),
        keywords: kw(after),
        apply_description: true,
        apply_seo: true,
    });
    AiView {
        version: sent.version,
        description: diff::words(
            &description_words(&s(&p["description"], "before")),
            &description_words(&sent.description),
        ),
        description_new: sent.description,
        title: diff::words(&s(before, "meta_title"), &sent.meta_title),
        title_new: sent.meta_title,
        meta: diff::words(&s(before, "meta_description"), &sent.meta_description),
        meta_new: sent.meta_description,
        keywords: diff::words(&kw(before).join(", "), &sent.keywords.join(", ")),
        keywords_new: sent.keywords,
        apply_description: sent.apply_description,
        apply_seo: sent.apply_seo,
        stale,
        errors,
    }
}

fn price_input(minor: i64) -> String {
    format!("{},{:02}", minor / 100, minor % 100)
}

/// Changes the product through the API, then back to its editor with `message`; refused, the
/// editor again with the API's errors beside the fields and what was `typed`.
async fn patch_product(
    st: &PanelState,
    sess: &Session,
    id: i64,
    change: &Value,
    message: &str,
    typed: &[(String, String)],
) -> PanelResult<Response> {
    match st
        .send(
            sess,
            Method::PATCH,
            &format!("/api/products/{id}"),
            Some(change),
        )
        .await?
    {
        Ok(_) => Ok(done(&format!("/products/{id}"), message)),
        Err(e) => editor_page(st, sess, id, None, e, None, typed).await,
    }
}

async fn editor_page(
    st: &PanelState,
    sess: &Session,
    id: i64,
    flash: Option<&str>,
    errors: FormErrors,
    variant_errors: Option<(i64, FormErrors)>,
    typed: &[(String, String)],
) -> PanelResult<Response> {
    editor_page_with(st, sess, id, flash, errors, variant_errors, typed, None).await
}

/// The editor with a fresh AI proposal open: after asking for one, or when saving one could
/// not be done (`stale`: the product changed; `sent`: what the seller chose, kept).
async fn proposal_page(
    st: &PanelState,
    sess: &Session,
    id: i64,
    sent: Option<AiSent>,
    stale: bool,
    errors: FormErrors,
) -> PanelResult<Response> {
    let p = proposal(st, sess, id).await?;
    let view = ai_view(&p, sent, stale, errors);
    editor_page_with(
        st,
        sess,
        id,
        None,
        FormErrors::default(),
        None,
        &[],
        Some(view),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn editor_page_with(
    st: &PanelState,
    sess: &Session,
    id: i64,
    flash: Option<&str>,
    errors: FormErrors,
    variant_errors: Option<(i64, FormErrors)>,
    typed: &[(String, String)],
    ai: Option<AiView>,
) -> PanelResult<Response> {
    sess.require(Feature::ProductView)?;
    // After a refusal the form shows what was typed, not what is stored.
    let value = |p: &Value, k: &str| field(typed, k).map_or_else(|| s(p, k), str::to_string);
    let lang = sess.lang;
    let c = Ctx::new(sess, "products", flash);
    let p = st.get(sess, &format!("/api/products/{id}")).await?;
    let variants = p["variants"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| {
            let opt = |k: &str| v[k].as_i64().map_or("—".to_string(), |x| x.to_string());
            VariantRow {
                id: n(v, "id"),
                label: v["attributes"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, x)| format!("{k}: {}", x.as_str().unwrap_or_default()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                stock_code: s(v, "stock_code"),
                barcode: s(v, "barcode"),
                stock: n(v, "stock"),
                reserved: opt("reserved"),
                available: opt("available"),
                price: fmt::money(lang, n(v, "sale_price"), &s(v, "currency")),
                price_input: price_input(n(v, "sale_price")),
            }
        })
        .collect();
    let mut channels = Vec::new();
    if sess.can(Feature::MultiChannel)
        && let Some(ch) = st
            .get_opt(sess, &format!("/api/products/{id}/channels"))
            .await
    {
        // A mapping names its integration by id; the seller knows it by its display name.
        let names: Vec<(i64, String)> = st
            .get_opt(sess, "/api/integrations?limit=100")
            .await
            .map(|l| {
                items(&l)
                    .iter()
                    .map(|i| (n(i, "id"), s(i, "display_name")))
                    .collect()
            })
            .unwrap_or_default();
        for m in items(&ch) {
            let integration = n(&m, "integration_id");
            channels.push(ChannelRow {
                channel: names
                    .iter()
                    .find(|(i, _)| *i == integration)
                    .map_or_else(|| format!("#{integration}"), |(_, name)| name.clone()),
                stock_code: s(&m, "stock_code"),
                barcode: s(&m, "barcode"),
                on_channel: m["pushed_quantity"]
                    .as_i64()
                    .map_or_else(|| "—".to_string(), |q| fmt::int(lang, q)),
                status: lang.t(&format!(
                    "listing-status-{}",
                    listing_status_key(&s(&m, "status"))
                )),
                synced: m["last_synced_at"]
                    .as_i64()
                    .map_or_else(|| "—".to_string(), |t| fmt::datetime(lang, t)),
                error: s(&m, "last_error"),
            });
        }
    }
    let mut suggestions = Vec::new();
    if sess.can(Feature::ProductSuggestions)
        && let Some(sg) = st
            .get_opt(sess, &format!("/api/products/{id}/suggestions"))
            .await
    {
        for (index, f) in sg["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let proposed = match &f["proposed"] {
                Value::Null => None,
                Value::String(x) => Some(x.clone()),
                other => Some(other.to_string()),
            };
            suggestions.push(Suggestion {
                index,
                severity: s(f, "severity"),
                message: s(f, "message"),
                can_apply: proposed.is_some()
                    && APPLICABLE.contains(&s(f, "field").as_str())
                    && sess.can(Feature::ProductManage),
                proposed,
            });
        }
    }
    let attributes = p["attributes"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let ai_stale = ai.as_ref().is_some_and(|a| a.stale);
    let ai_refused = ai.as_ref().is_some_and(|a| a.errors.any());
    let mut res = html(EditorPage {
        id,
        name: value(&p, "name"),
        description: value(&p, "description"),
        category: value(&p, "category"),
        brand: value(&p, "brand"),
        // After a refusal, the version the seller's typing was based on, so saving again
        // still cannot overwrite the newer product unseen.
        version: field(typed, "version")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| n(&p, "version")),
        attributes,
        images: p["images"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        variants,
        channels,
        suggestions,
        can_manage: sess.can(Feature::ProductManage),
        can_ai_edit: sess.can(Feature::AiProductEditing),
        can_ai_texts: sess.can(Feature::ProductManage) && sess.can(Feature::ProductSuggestions),
        ai,
        errors: errors.clone(),
        variant_errors: variant_errors.clone(),
        c,
    });
    if errors.any() || variant_errors.is_some() || ai_refused {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    } else if ai_stale {
        *res.status_mut() = StatusCode::CONFLICT;
    }
    Ok(res)
}

/// Asks the API for an AI description and SEO; shown as differences, nothing saved yet.
async fn ai_propose(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    proposal_page(&st, &sess, id, None, false, FormErrors::default()).await
}

async fn proposal(st: &PanelState, sess: &Session, id: i64) -> PanelResult<Value> {
    match st
        .send(
            sess,
            Method::POST,
            &format!("/api/products/{id}/ai-proposal"),
            None,
        )
        .await?
    {
        Ok(p) => Ok(p),
        Err(e) => Err(crate::panel::PanelError::Page {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            lang: sess.lang,
            title_key: "error-request",
            detail: e.message,
        }),
    }
}

/// Saves the accepted parts of a proposal through `PATCH /api/products/{id}` with `If-Match`
/// on the version the proposal was made from: a product changed meanwhile is not overwritten,
/// the seller gets a new proposal to look at instead.
async fn ai_save(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    let get = |k: &str| field(&form, k).unwrap_or_default().to_string();
    let sent = AiSent {
        // Not a number: no version can match, so the API refuses rather than overwrites.
        version: get("version").trim().parse().unwrap_or(0),
        description: get("description"),
        meta_title: get("meta_title"),
        meta_description: get("meta_description"),
        keywords: form
            .iter()
            .filter(|(k, _)| k == "keywords")
            .map(|(_, v)| v.clone())
            .collect(),
        apply_description: field(&form, "apply_description").is_some(),
        apply_seo: field(&form, "apply_seo").is_some(),
    };
    let mut change = Map::new();
    if sent.apply_description {
        change.insert("description".into(), json!(sent.description));
    }
    if sent.apply_seo {
        change.insert(
            "seo".into(),
            json!({
                "meta_title": sent.meta_title,
                "meta_description": sent.meta_description,
                "keywords": sent.keywords,
            }),
        );
    }
    if change.is_empty() {
        let e = FormErrors {
            message: Some(sess.lang.t("ai-choose")),
            ..FormErrors::default()
        };
        return proposal_page(&st, &sess, id, Some(sent), false, e).await;
    }
    if sent.version < 1 {
        // No version the API could match; the same answer a stale one gets.
        return proposal_page(&st, &sess, id, None, true, FormErrors::default()).await;
    }
    match st
        .send_if_match(
            &sess,
            Method::PATCH,
            &format!("/api/products/{id}"),
            &Value::Object(change),
            sent.version,
        )
        .await?
    {
        Ok(_) => Ok(done(&format!("/products/{id}"), "ai-saved")),
        Err(e) if e.code.as_deref() == Some("precondition_failed") => {
            proposal_page(&st, &sess, id, None, true, FormErrors::default()).await
        }
        Err(e) => proposal_page(&st, &sess, id, Some(sent), false, e).await,
    }
}

/// The translation key suffix of a mapping's status (unknown ones shown as "other").
fn listing_status_key(status: &str) -> &'static str {
    match status {
        "pending" => "pending",
        "synced" => "synced",
        "failed" => "failed",
        "channel_managed" => "channel_managed",
        _ => "other",
    }
}

/// Product fields a suggestion's proposed value can be written to.
const APPLICABLE: &[&str] = &["name", "description", "attributes", "brand", "category"];

async fn editor(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    Query(flash): Query<Flash>,
) -> PanelResult<Response> {
    editor_page(
        &st,
        &sess,
        id,
        flash.ok.as_deref(),
        FormErrors::default(),
        None,
        &[],
    )
    .await
}

async fn save_product(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    let mut req = Map::new();
    for k in ["name", "description", "category", "brand"] {
        if let Some(v) = field(&form, k) {
            req.insert(k.to_string(), json!(v));
        }
    }
    // The version the form was rendered from: a product changed since (another tab, a
    // colleague, an applied proposal) is not overwritten with the older text.
    let Some(version) = field(&form, "version").and_then(|v| v.trim().parse::<i64>().ok()) else {
        return patch_product(&st, &sess, id, &Value::Object(req), "saved", &form).await;
    };
    let uri = format!("/api/products/{id}");
    match st
        .send_if_match(&sess, Method::PATCH, &uri, &Value::Object(req), version)
        .await?
    {
        Ok(_) => Ok(done(&format!("/products/{id}"), "saved")),
        // Shown as it is now (with its new version), so what changed is what the seller sees.
        Err(e) if e.code.as_deref() == Some("precondition_failed") => {
            let stale = FormErrors {
                message: Some(sess.lang.t("product-stale")),
                ..FormErrors::default()
            };
            editor_page(&st, &sess, id, None, stale, None, &[]).await
        }
        Err(e) => editor_page(&st, &sess, id, None, e, None, &form).await,
    }
}

async fn save_variant(
    State(st): State<PanelState>,
    sess: Session,
    Path((id, vid)): Path<(i64, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    let mut req = Map::new();
    let mut local = FormErrors::default();
    if let Some(v) = field(&form, "stock") {
        match v.trim().parse::<i64>() {
            Ok(x) => {
                req.insert("stock".into(), json!(x));
            }
            Err(_) => {
                local
                    .fields
                    .insert("stock".into(), sess.lang.t("bulk-bad-stock"));
            }
        }
    }
    if let Some(v) = field(&form, "sale_price") {
        match parse_price(v) {
            Some(x) => {
                req.insert("sale_price".into(), json!(x));
            }
            None => {
                local
                    .fields
                    .insert("sale_price".into(), sess.lang.t("bulk-bad-price"));
            }
        }
    }
    if local.any() {
        return editor_page(
            &st,
            &sess,
            id,
            None,
            FormErrors::default(),
            Some((vid, local)),
            &[],
        )
        .await;
    }
    match st
        .send(
            &sess,
            Method::PATCH,
            &format!("/api/products/{id}/variants/{vid}"),
            Some(&Value::Object(req)),
        )
        .await?
    {
        Ok(_) => Ok(done(&format!("/products/{id}"), "saved")),
        Err(e) => {
            editor_page(
                &st,
                &sess,
                id,
                None,
                FormErrors::default(),
                Some((vid, e)),
                &[],
            )
            .await
        }
    }
}

/// Writes a suggestion's proposed value to its field, read fresh from the API (never from
/// the form, so a page cannot smuggle another value in).
async fn apply_suggestion(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    sess.require(Feature::ProductSuggestions)?;
    let index: usize = field(&form, "index")
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let sg = st
        .get(&sess, &format!("/api/products/{id}/suggestions"))
        .await?;
    let Some(f) = sg["findings"]
        .as_array()
        .and_then(|a| a.get(index))
        .cloned()
    else {
        return Ok(done(&format!("/products/{id}"), "suggestion-gone"));
    };
    let target = s(&f, "field");
    if !APPLICABLE.contains(&target.as_str()) || f["proposed"].is_null() {
        return Ok(done(&format!("/products/{id}"), "suggestion-gone"));
    }
    let value = if target == "attributes" {
        // The proposal names attributes to add; the product keeps the ones it has.
        let p = st.get(&sess, &format!("/api/products/{id}")).await?;
        let mut merged = p["attributes"].as_object().cloned().unwrap_or_default();
        if let Some(add) = f["proposed"].as_object() {
            for (k, v) in add {
                merged.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Value::Object(merged)
    } else {
        f["proposed"].clone()
    };
    let req = json!({ target.clone(): value });
    patch_product(&st, &sess, id, &req, "suggestion-applied", &[]).await
}

/// The images in a new order, or with one moved or removed: the list comes as the page showed
/// it (`images`, in order), a drag and drop sends it reordered, and the ↑ / ↓ / remove buttons
/// (usable without a mouse or script) name one image by its place.
async fn save_images(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> PanelResult<Response> {
    let form = checked_form(&sess, &headers, &body)?;
    sess.require(Feature::ProductManage)?;
    let mut images: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "images")
        .map(|(_, v)| v.clone())
        .collect();
    let place = |v: &str| v.parse::<usize>().ok().filter(|i| *i < images.len());
    if let Some((i, dir)) = field(&form, "move").and_then(|m| m.split_once(':'))
        && let Some(i) = place(i)
    {
        match dir {
            "up" if i > 0 => images.swap(i, i - 1),
            "down" if i + 1 < images.len() => images.swap(i, i + 1),
            _ => {}
        }
    } else if let Some(i) = field(&form, "remove").and_then(place) {
        images.remove(i);
    }
    let req = json!({ "images": images });
    patch_product(&st, &sess, id, &req, "images-saved", &[]).await
}

/// A new image (chosen, or dropped on the page): stored through the uploads API, then
/// added at the end of the product's images.
async fn upload_image(
    State(st): State<PanelState>,
    sess: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> PanelResult<Response> {
    let mut csrf = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let refuse = |key: &str| {
        let mut e = FormErrors::default();
        e.fields.insert("images".into(), sess.lang.t(key));
        e
    };
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return editor_page(&st, &sess, id, None, refuse("io-too-large"), None, &[]).await;
            }
        };
        let name = part.name().unwrap_or("").to_string();
        let filename = part.file_name().unwrap_or("image").to_string();
        let Ok(bytes) = part.bytes().await else {
            return editor_page(&st, &sess, id, None, refuse("io-too-large"), None, &[]).await;
        };
        match name.as_str() {
            "_csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" if !bytes.is_empty() => file = Some((filename, bytes.to_vec())),
            _ => {}
        }
    }
    sess.check_csrf(&headers, &[("_csrf".to_string(), csrf.unwrap_or_default())])?;
    sess.require(Feature::ProductManage)?;
    let Some((filename, bytes)) = file else {
        return editor_page(&st, &sess, id, None, refuse("images-choose"), None, &[]).await;
    };
    let path = match upload(&st, &sess, &filename, &bytes, "images").await? {
        Ok(path) => path,
        Err(e) => return editor_page(&st, &sess, id, None, e, None, &[]).await,
    };
    let product = st.get(&sess, &format!("/api/products/{id}")).await?;
    let mut images: Vec<Value> = product["images"].as_array().cloned().unwrap_or_default();
    images.push(json!(path));
    patch_product(
        &st,
        &sess,
        id,
        &json!({ "images": images }),
        "images-saved",
        &[],
    )
    .await
}

/// Stores a photo through the uploads API (its size, pixel and format limits) and answers its
/// path, or the API's refusal as form errors beside `field` (the API names its field `file`,
/// and a refusal of the whole upload, such as too large, is about the file all the same).
pub(super) async fn upload(
    st: &PanelState,
    sess: &Session,
    filename: &str,
    bytes: &[u8],
    field: &str,
) -> PanelResult<Result<String, FormErrors>> {
    let (ctype, body) = upload_body(filename, bytes);
    let a = st
        .call_with(
            Some(&sess.token),
            Method::POST,
            "/api/uploads",
            Some((ctype, axum::body::Body::from(body))),
            None,
        )
        .await?;
    if a.status.is_success() {
        return Ok(Ok(s(&a.body, "path")));
    }
    let mut e = FormErrors::localised(&a.body, sess.lang);
    if let Some(m) = e.fields.remove("file") {
        e.fields.insert(field.into(), m);
    }
    if e.fields.is_empty()
        && let Some(m) = e.message.take()
    {
        e.fields.insert(field.into(), m);
    }
    if !e.any() {
        return Err(crate::panel::PanelError::from_api(
            sess.lang, a.status, &a.body,
        ));
    }
    Ok(Err(e))
}

/// One file as `multipart/form-data` under the name the uploads API takes (`file`).
pub(super) fn upload_body(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = format!("pofuai-{}", hex::encode(rand::random::<[u8; 16]>()));
    // The name is only a label; quotes and line breaks in it would break the part header.
    let safe: String = filename
        .chars()
        .filter(|c| !matches!(c, '"' | '\r' | '\n' | '\\'))
        .collect();
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{safe}\"\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[cfg(test)]
mod tests {
    use super::parse_price;

    #[test]
    fn prices_in_turkish_and_plain_notation() {
        assert_eq!(parse_price("1.299,90"), Some(129_990));
        assert_eq!(parse_price("1299.9"), Some(129_990));
        assert_eq!(parse_price("1299"), Some(129_900));
        assert_eq!(parse_price("12,5 TL"), Some(1_250));
        assert_eq!(parse_price("-5"), None);
        assert_eq!(parse_price("1,234"), None);
        assert_eq!(parse_price("abc"), None);
    }
}
