//! Buyers' questions: import (with a drafted answer for each new one) and the approved answer's
//! way to the platform.
//!
//! Import reads the questions asked since the last run (minus an overlap, and never more than
//! the two weeks the platform's filter takes) and upserts each by the channel's id, so reading
//! a window twice stores nothing twice; the window reaches back to the oldest question still
//! open here, so one answered or closed on the platform directly is seen at the next import.
//! A new question gets its draft from the product's data (`pofuai_text::answer`) in the same
//! run.
//!
//! Sending is exactly-once in effect: the job marks the step begun in its checkpoint before the
//! request leaves; a resumed job (the request may have arrived although its answer was lost)
//! first asks the platform for the question's status and sends nothing when it is answered.

use std::collections::HashMap;
use std::time::Duration;

use pofuai_channels::{ChannelError, QuestionQuery, RemoteQuestion};
use pofuai_store::StoreError;
use pofuai_store::products::{Product, Scope};
use pofuai_store::questions::{Draft, ImportedQuestion};

use crate::millis;
use crate::worker::{JobCtx, JobError};

/// The platform's filter takes windows of at most two weeks.
const MAX_WINDOW: Duration = Duration::from_secs(14 * 24 * 3600);
/// Questions asked while the last import ran may be listed late.
const OVERLAP: Duration = Duration::from_secs(10 * 60);

/// A catalogue product as the text engine sees it (name, category, brand, attributes, and
/// the variants' options, stock and price).
pub fn text_product(p: &Product) -> pofuai_text::Product {
    let variants: Vec<pofuai_text::VariantFacts> = p
        .variants
        .iter()
        .map(|v| {
            let currency = pofuai_text::money::Currency::from_code(&v.currency)
                .unwrap_or(pofuai_text::money::Currency::Try);
            pofuai_text::VariantFacts {
                attributes: v.attributes.clone().into_iter().collect(),
                available: v.available(),
                sale_price: pofuai_text::money::Money::new(v.sale_price, currency),
                list_price: pofuai_text::money::Money::new(v.list_price, currency),
            }
        })
        .collect();
    pofuai_text::Product::from_catalogue(
        &p.name,
        &p.category,
        &p.brand,
        p.attributes.clone(),
        &variants,
    )
}

/// The draft for a question about `product` (None: not in the catalogue).
pub fn draft(question: &str, product: Option<&Product>) -> Draft {
    let facts = product.map(text_product);
    let seller_text = product.map_or("", |p| p.description.as_str());
    let d = pofuai_text::answer::draft_answer(question, facts.as_ref(), seller_text);
    Draft {
        language: d.language.code().to_string(),
        text: d.text,
        needs_seller: d.needs_seller,
        facts: d.facts,
    }
}

/// The seller's product behind a barcode, if any.
async fn product_of(
    ctx: &JobCtx<'_>,
    barcode: Option<&str>,
) -> Result<Option<Product>, StoreError> {
    let Some(barcode) = barcode else {
        return Ok(None);
    };
    let scope = Scope::Owner(ctx.owner_id());
    let variant = match ctx.engine.store.variant_by_barcode(barcode, scope).await {
        Ok(v) => v,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    match ctx.engine.store.product(variant.product_id, scope).await {
        Ok(p) => Ok(Some(p)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

pub(crate) async fn import(ctx: &mut JobCtx<'_>) -> Result<(), JobError> {
    let now = ctx.now();
    let oldest = now - millis(MAX_WINDOW);
    let from = match ctx
        .engine
        .store
        .cursor(ctx.integration.id, "questions")
        .await?
    {
        Some(mark) => mark.parse::<i64>().unwrap_or(oldest) - millis(OVERLAP),
        None => oldest,
    };
    // Back to the oldest question still open here: the platform lists by the day a question
    // was asked, and one answered in its own panel since must not wait here for an answer.
    let open = ctx
        .engine
        .store
        .oldest_open_question(ctx.integration.id)
        .await?;
    let from = open.map_or(from, |at| at.min(from)).max(oldest);
    let mut products: HashMap<String, Option<Product>> = HashMap::new();
    let mut query = QuestionQuery {
        from_ms: from,
        to_ms: now,
        status: None,
        barcode: None,
        cursor: None,
    };
    loop {
        let connector = ctx.connector.clone();
        let page = ctx
            .call_retrying("questions", || {
                let (c, q) = (connector.clone(), query.clone());
                async move { c.questions(&q).await }
            })
            .await?;
        ctx.progress.total += i64::try_from(page.questions.len()).unwrap_or(0);
        for rq in &page.questions {
            let product = match &rq.barcode {
                Some(b) => {
                    if !products.contains_key(b) {
                        let p = product_of(ctx, Some(b)).await?;
                        products.insert(b.clone(), p);
                    }
                    products.get(b).cloned().flatten()
                }
                None => None,
            };
            store_question(ctx, rq, product.as_ref()).await?;
            ctx.progress.done += 1;
        }
        ctx.save(&serde_json::json!({ "questions_window": [from, now] }))
            .await?;
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    ctx.engine
        .store
        .set_cursor(ctx.integration.id, "questions", &now.to_string(), ctx.now())
        .await?;
    Ok(())
}

async fn store_question(
    ctx: &JobCtx<'_>,
    rq: &RemoteQuestion,
    product: Option<&Product>,
) -> Result<(), JobError> {
    let stored = ctx
        .engine
        .store
        .import_question(
            &ImportedQuestion {
                owner_id: ctx.owner_id(),
                integration_id: ctx.integration.id,
                remote_id: rq.id.clone(),
                product_id: product.map(|p| p.id),
                barcode: rq.barcode.clone(),
                product_name: rq.product_name.clone(),
                question: rq.text.clone(),
                asked_at: rq.created_at_ms,
                platform_status: rq.status.clone(),
                platform_answer: rq.answer.clone(),
            },
            ctx.now(),
        )
        .await?;
    if stored.status == "new" {
        let d = draft(&stored.question, product);
        ctx.engine
            .store
            .set_question_draft(stored.id, &d, ctx.now())
            .await?;
    }
    Ok(())
}

/// Sends the approved answer of question `question_id` once.
pub(crate) async fn answer(ctx: &mut JobCtx<'_>, question_id: i64) -> Result<(), JobError> {
    let engine = ctx.engine;
    let store = &engine.store;
    let q = match store
        .question(question_id, Scope::Owner(ctx.owner_id()))
        .await
    {
        Ok(q) => q,
        Err(StoreError::NotFound) => {
            return Err(JobError::Fail("question no longer exists".into()));
        }
        Err(e) => return Err(e.into()),
    };
    if q.status == "answered" {
        return Ok(());
    }
    if !matches!(q.status.as_str(), "approved" | "sending") {
        return Err(JobError::Fail(format!(
            "the question is {}, not approved",
            q.status
        )));
    }
    let text = q.answer.clone().unwrap_or_else(|| q.draft.clone());
    let resumed = q.status == "sending"
        || ctx
            .resume::<serde_json::Value>()
            .is_some_and(|v| v["sending"] == true);
    store.start_sending_question(q.id, ctx.now()).await?;
    ctx.progress.total = 1;
    if resumed && settled_on_platform(ctx, &q).await? {
        ctx.progress.done = 1;
        return Ok(());
    }
    ctx.save(&serde_json::json!({ "sending": true })).await?;
    let connector = ctx.connector.clone();
    match ctx
        .call(
            "answer_question",
            connector.answer_question(&q.remote_id, &text),
        )
        .await
    {
        Ok(()) => {
            ctx.engine
                .store
                .set_question_answered(q.id, Some(&text), ctx.now())
                .await?;
        }
        Err(e) if e.is_retryable() => return Err(e.into()),
        Err(e) => {
            // Refused: perhaps because an earlier copy got through after all.
            if matches!(e, ChannelError::Rejected { .. }) && settled_on_platform(ctx, &q).await? {
                ctx.progress.done = 1;
                return Ok(());
            }
            ctx.log_error(
                "answer_question",
                Some(&q.remote_id),
                &e.platform_code(),
                &e.to_string(),
            )
            .await;
            ctx.engine
                .store
                .set_question_failed(q.id, &e.to_string(), ctx.now())
                .await?;
            return Err(JobError::Fail(e.to_string()));
        }
    }
    ctx.progress.done = 1;
    Ok(())
}

/// Asks the platform whether the question still waits for an answer. True (and the store
/// updated) when it holds one already or no longer takes one; false when it still waits.
async fn settled_on_platform(
    ctx: &JobCtx<'_>,
    q: &pofuai_store::questions::Question,
) -> Result<bool, JobError> {
    let connector = ctx.connector.clone();
    let (id, asked_at, barcode) = (q.remote_id.clone(), q.asked_at, q.barcode.clone());
    let found = ctx
        .call_retrying("find_question", || {
            let (c, id, barcode) = (connector.clone(), id.clone(), barcode.clone());
            async move { c.find_question(&id, asked_at, barcode.as_deref()).await }
        })
        .await?;
    match found {
        Some(rq) if rq.status == "ANSWERED" => {
            ctx.engine
                .store
                .set_question_answered(q.id, rq.answer.as_deref(), ctx.now())
                .await?;
            Ok(true)
        }
        Some(rq) if rq.status != "WAITING_FOR_ANSWER" => {
            let message = format!("closed on the platform: {}", rq.status);
            ctx.engine
                .store
                .set_question_failed(q.id, &message, ctx.now())
                .await?;
            Err(JobError::Fail(message))
        }
        _ => Ok(false),
    }
}
