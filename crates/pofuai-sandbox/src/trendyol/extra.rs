//! The parts of the Trendyol simulator found missing by driving it with third-party clients:
//! the product list's filters, the questions API (qna) and the v2 category attributes.

// Handlers return the HTTP answer itself as the error of their checks; its size is irrelevant.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::api::{
    Params, Reply, bad_request, json_body, leaf_category, not_found, ok, page_and_size, paged,
};
use super::{Shared, SimListing, State as SimState};

/// Listing states the seller panel shows but the create/update API does not set: archived,
/// rejected by content review, blacklisted by the platform.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListingFlags {
    pub archived: bool,
    pub rejected: bool,
    pub blacklisted: bool,
}

/// A buyer's question about a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimQuestion {
    pub id: i64,
    pub barcode: String,
    pub product_name: String,
    pub product_main_id: String,
    pub text: String,
    pub user_name: String,
    pub created_ms: i64,
    /// `WAITING_FOR_ANSWER`, then `ANSWERED`.
    pub status: String,
    pub answer: Option<(String, i64)>,
}

fn flag(q: &HashMap<String, String>, name: &str) -> Result<Option<bool>, axum::response::Response> {
    match q.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(bad_request(format!(
            "{name} true ya da false olmalıdır: {other}"
        ))),
    }
}

fn millis(
    q: &HashMap<String, String>,
    name: &str,
) -> Result<Option<i64>, axum::response::Response> {
    match q.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| bad_request(format!("{name} epoch milisaniye olmalıdır"))),
    }
}

/// The filterProducts query (platform-apis.md §1 Products, List): every documented filter,
/// each refused with 400 when it cannot be read.
pub(crate) struct ProductFilter {
    approved: Option<bool>,
    product_main_id: Option<String>,
    start: Option<i64>,
    end: Option<i64>,
    by_modification: bool,
    archived: Option<bool>,
    on_sale: Option<bool>,
    rejected: Option<bool>,
    blacklisted: Option<bool>,
    brand_ids: Option<HashSet<i64>>,
}

impl ProductFilter {
    pub(crate) fn parse(q: &HashMap<String, String>) -> Result<Self, axum::response::Response> {
        let by_modification = match q.get("dateQueryType").map(|v| v.trim()) {
            None | Some("") | Some("CREATED_DATE") => false,
            Some("LAST_MODIFIED_DATE") => true,
            Some(other) => {
                return Err(bad_request(format!(
                    "dateQueryType CREATED_DATE ya da LAST_MODIFIED_DATE olmalıdır: {other}"
                )));
            }
        };
        let start = millis(q, "startDate")?;
        let end = millis(q, "endDate")?;
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            return Err(bad_request("endDate startDate'ten önce olamaz."));
        }
        let brand_ids = match q
            .get("brandIds")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            None => None,
            Some(list) => Some(
                list.split(',')
                    .map(|b| b.trim().parse::<i64>())
                    .collect::<Result<HashSet<_>, _>>()
                    .map_err(|_| bad_request("brandIds virgülle ayrılmış sayılar olmalıdır"))?,
            ),
        };
        Ok(ProductFilter {
            approved: flag(q, "approved")?,
            product_main_id: q
                .get("productMainId")
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            start,
            end,
            by_modification,
            archived: flag(q, "archived")?,
            on_sale: flag(q, "onSale")?,
            rejected: flag(q, "rejected")?,
            blacklisted: flag(q, "blacklisted")?,
            brand_ids,
        })
    }

    pub(crate) fn keeps(&self, state: &SimState, l: &SimListing) -> bool {
        let flags = state.flags.get(&l.barcode).copied().unwrap_or_default();
        let date = if self.by_modification {
            l.last_modified_ms
        } else {
            l.created_ms
        };
        self.approved.is_none_or(|a| l.approved == a)
            && self
                .product_main_id
                .as_ref()
                .is_none_or(|m| &l.product_main_id == m)
            && self.start.is_none_or(|s| date >= s)
            && self.end.is_none_or(|e| date <= e)
            && self.archived.is_none_or(|a| flags.archived == a)
            && self.on_sale.is_none_or(|o| on_sale(l, flags) == o)
            && self.rejected.is_none_or(|r| flags.rejected == r)
            && self.blacklisted.is_none_or(|b| flags.blacklisted == b)
            && self
                .brand_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&l.brand_id))
    }
}

/// A listing is on sale when it is approved, not archived, rejected or blacklisted, and in
/// stock (our reading of the panel's "Satışta").
pub(crate) fn on_sale(l: &SimListing, flags: ListingFlags) -> bool {
    l.approved && !flags.archived && !flags.rejected && !flags.blacklisted && l.quantity > 0
}

/// The flag fields of a listing row.
pub(crate) fn flag_fields(state: &SimState, l: &SimListing) -> [(&'static str, Value); 4] {
    let flags = state.flags.get(&l.barcode).copied().unwrap_or_default();
    [
        ("archived", json!(flags.archived)),
        ("rejected", json!(flags.rejected)),
        ("blacklisted", json!(flags.blacklisted)),
        ("onSale", json!(on_sale(l, flags))),
    ]
}

// ---------------------------------------------------------------------------------------------
// Questions: `GET /integration/qna/sellers/{sellerId}/questions/filter` and
// `POST .../questions/{id}/answers` with `{"text"}` (Trendyol's "Müşteri Sorularını Çekme" and
// "Müşteri Sorularını Cevaplama" pages as transcribed by third-party clients [client]):
// `supplierId` required; `size` default 20, at most 50; a window of at most two weeks, the
// last week without dates; statuses WAITING_FOR_ANSWER, ANSWERED, REPORTED, REJECTED,
// UNANSWERED; `orderByField` CreatedDate or LastModifiedDate. An answer is 10 to 2000
// characters, only a question WAITING_FOR_ANSWER takes one, and the reply is `{"answerId"}`.

const ANSWER_MIN: usize = 10;
const ANSWER_MAX: usize = 2000;
const QUESTION_PAGE_DEFAULT: i64 = 20;
const QUESTION_PAGE_MAX: i64 = 50;
const WEEK_MS: i64 = 7 * 24 * 3_600_000;
const STATUSES: [&str; 5] = [
    "WAITING_FOR_ANSWER",
    "ANSWERED",
    "REPORTED",
    "REJECTED",
    "UNANSWERED",
];

fn question_json(q: &SimQuestion) -> Value {
    json!({
        "id": q.id,
        "text": q.text,
        "status": q.status,
        "creationDate": q.created_ms,
        "productName": q.product_name,
        "productMainId": q.product_main_id,
        "barcode": q.barcode,
        "userName": q.user_name,
        "showUserName": true,
        "public": true,
        "answer": q.answer.as_ref().map(|(text, at)| json!({ "text": text, "creationDate": at })),
    })
}

/// When the question last changed: its answer, else its creation.
fn last_modified(q: &SimQuestion) -> i64 {
    q.answer.as_ref().map_or(q.created_ms, |(_, at)| *at)
}

pub(crate) async fn questions(
    State(s): State<Arc<Shared>>,
    Path(seller): Path<String>,
    headers: HeaderMap,
    Query(mut q): Params,
) -> Reply {
    s.guard(&headers, Some(&seller), "questions")?;
    match q.get("supplierId").map(|v| v.trim()) {
        None | Some("") => return Err(bad_request("supplierId zorunludur.")),
        Some(v) if v != seller => {
            return Err(bad_request(format!("supplierId satıcıyla uyuşmuyor: {v}")));
        }
        Some(_) => {}
    }
    if q.get("size").is_none_or(|v| v.trim().is_empty()) {
        q.insert("size".into(), QUESTION_PAGE_DEFAULT.to_string());
    }
    let (page, size) = page_and_size(&q, QUESTION_PAGE_MAX)?;
    let now = s.clock.now_ms();
    let (start, end) = match (millis(&q, "startDate")?, millis(&q, "endDate")?) {
        (None, None) => (now - WEEK_MS, now),
        (Some(st), None) => (st, st + 2 * WEEK_MS),
        (None, Some(en)) => (en - 2 * WEEK_MS, en),
        (Some(st), Some(en)) => (st, en),
    };
    if end < start {
        return Err(bad_request("endDate startDate'ten önce olamaz."));
    }
    if end - start > 2 * WEEK_MS {
        return Err(bad_request(
            "startDate ile endDate arası en fazla iki hafta olabilir.",
        ));
    }
    let status = match q.get("status").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) if STATUSES.contains(&v) => Some(v),
        Some(other) => return Err(bad_request(format!("status geçersiz: {other}"))),
    };
    let by_modification = match q.get("orderByField").map(|v| v.trim()) {
        None | Some("") | Some("CreatedDate") => false,
        Some("LastModifiedDate") => true,
        Some(other) => return Err(bad_request(format!("orderByField geçersiz: {other}"))),
    };
    let barcode = q.get("barcode").map(|v| v.trim()).filter(|v| !v.is_empty());
    let descending = match q.get("orderByDirection").map(String::as_str) {
        None | Some("") | Some("DESC") => true,
        Some("ASC") => false,
        Some(other) => return Err(bad_request(format!("orderByDirection geçersiz: {other}"))),
    };
    let state = s.lock();
    let mut all: Vec<&SimQuestion> = state
        .questions
        .values()
        .filter(|x| x.created_ms >= start && x.created_ms <= end)
        .filter(|x| status.is_none_or(|st| x.status == st))
        .filter(|x| barcode.is_none_or(|b| x.barcode == b))
        .collect();
    if by_modification {
        all.sort_by_key(|x| (last_modified(x), x.id));
    } else {
        all.sort_by_key(|x| (x.created_ms, x.id));
    }
    if descending {
        all.reverse();
    }
    let (content, total, total_pages) = paged(&all, page, size);
    ok(json!({
        "page": page, "size": size, "totalPages": total_pages, "totalElements": total,
        "content": content.into_iter().map(question_json).collect::<Vec<_>>(),
    }))
}

pub(crate) async fn answer(
    State(s): State<Arc<Shared>>,
    Path((seller, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    s.guard(&headers, Some(&seller), "questions.answer")?;
    let body = json_body(&body)?;
    let text = body
        .get("text")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    let length = text.chars().count();
    if length == 0 {
        return Err(bad_request("Bir cevap giriniz."));
    }
    if length < ANSWER_MIN {
        return Err(bad_request(format!(
            "Cevabınız {ANSWER_MIN} karakterden uzun olmalıdır."
        )));
    }
    if length > ANSWER_MAX {
        return Err(bad_request(format!(
            "Cevabınız {ANSWER_MAX} karakterden uzun olamaz."
        )));
    }
    let id: i64 = id
        .parse()
        .map_err(|_| not_found(format!("Soru bulunamadı: {id}")))?;
    let now = s.clock.now_ms();
    let mut state = s.lock();
    let answer_id = 9_000_000 + i64::try_from(state.questions.len()).unwrap_or(0) * 7 + id % 7;
    let Some(question) = state.questions.get_mut(&id) else {
        return Err(not_found(format!("Soru bulunamadı: {id}")));
    };
    match question.status.as_str() {
        "WAITING_FOR_ANSWER" => {}
        "ANSWERED" => {
            return Err(bad_request(
                "Bu soru daha önce cevaplandı. Cevaplanmış sorular tekrar cevaplanamaz.",
            ));
        }
        other => return Err(bad_request(format!("Bu soru cevaplanamaz: {other}"))),
    }
    question.status = "ANSWERED".into();
    question.answer = Some((text.to_owned(), now));
    s.writes
        .record("question.answer", id.to_string(), text.to_owned(), now);
    ok(json!({ "answerId": answer_id }))
}

// ---------------------------------------------------------------------------------------------
// v2 category attributes: `GET /integration/product/categories/{categoryId}/attributes` and
// `.../attributes/{attributeId}/values` [client: lonca]. v2 lists the attributes with their
// flags (adding allowMultipleAttributeValues) and serves the values separately, paged.

pub(crate) async fn attributes_v2(
    State(s): State<Arc<Shared>>,
    Path(category): Path<String>,
    headers: HeaderMap,
) -> Reply {
    s.guard(&headers, None, "attributes")?;
    let state = s.lock();
    let category = leaf_category(&state, &category)?;
    let id = category.id;
    let list: Vec<Value> = state
        .attributes
        .get(&id)
        .into_iter()
        .flatten()
        .map(|a| {
            json!({
                "attribute": { "id": a.id, "name": a.name },
                "required": a.required,
                "allowCustom": a.allow_custom,
                "varianter": a.varianter,
                "slicer": a.slicer,
                // Only free-text attributes take several values here (our choice).
                "allowMultipleAttributeValues": a.allow_custom && !a.varianter && !a.slicer,
            })
        })
        .collect();
    ok(json!({
        "id": id,
        "name": category.name,
        "displayName": category.name,
        "categoryAttributes": list,
    }))
}

pub(crate) async fn attribute_values_v2(
    State(s): State<Arc<Shared>>,
    Path((category, attribute)): Path<(String, String)>,
    headers: HeaderMap,
    Query(q): Params,
) -> Reply {
    s.guard(&headers, None, "attributes")?;
    let (page, size) = page_and_size(&q, 1000)?;
    let category: i64 = category
        .parse()
        .map_err(|_| bad_request("categoryId sayı olmalıdır"))?;
    let attribute: i64 = attribute
        .parse()
        .map_err(|_| bad_request("attributeId sayı olmalıdır"))?;
    let state = s.lock();
    let Some(definition) = state
        .attributes
        .get(&category)
        .and_then(|list| list.iter().find(|a| a.id == attribute))
    else {
        return Err(not_found(format!(
            "Özellik bulunamadı: categoryId={category} attributeId={attribute}"
        )));
    };
    let (content, total, total_pages) = paged(&definition.values, page, size);
    ok(json!({
        "page": page, "size": size, "totalPages": total_pages, "totalElements": total,
        "content": content.into_iter()
            .map(|(vid, name)| json!({ "id": vid, "name": name }))
            .collect::<Vec<_>>(),
    }))
}
