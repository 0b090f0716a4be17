//! Product push: plan once, then send the plan chunk by chunk.
//!
//! The plan (which variants go in which chunk) and each chunk's state are saved in the job's
//! checkpoint before the platform is called. A chunk is `pending` (not sent), `sending` (a
//! request may have left — a lost answer looks exactly like this), `sent` (the platform gave a
//! batch id: only poll it) or `done`. A successor that finds a chunk `sending` asks the
//! platform which of its new items exist and sends only the rest, so no item is created twice.

use std::collections::HashMap;

use pofuai_channels::{BatchTicket, ChannelError, ListingItem};
use pofuai_store::paging::PageRequest;
use pofuai_store::products::{Product, ProductFilter, Scope, Variant};
use pofuai_store::sync::Mapping;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::mapping::Mapper;
use crate::worker::{JobCtx, JobError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ChunkState {
    Pending,
    Sending,
    Sent,
    Done,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Chunk {
    variants: Vec<i64>,
    state: ChunkState,
    ticket: Option<BatchTicket>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Plan {
    chunks: Vec<Chunk>,
}

pub(crate) fn content_hash(item: &ListingItem) -> String {
    let json = serde_json::to_vec(item).unwrap_or_default();
    hex::encode(Sha256::digest(&json))
}

/// Every product of the owner (or the chosen ones), with their variants.
async fn load(
    ctx: &JobCtx<'_>,
    ids: Option<&[i64]>,
) -> Result<HashMap<i64, (Product, Variant)>, JobError> {
    let store = &ctx.engine.store;
    let scope = Scope::Owner(ctx.owner_id());
    let mut products = Vec::new();
    if let Some(ids) = ids {
        for id in ids {
            match store.product(*id, scope).await {
                Ok(p) => products.push(p),
                Err(pofuai_store::StoreError::NotFound) => {
                    ctx.log_error(
                        "sync_products",
                        Some(&id.to_string()),
                        "not_found",
                        "product no longer exists",
                    )
                    .await
                }
                Err(e) => return Err(e.into()),
            }
        }
    } else {
        let mut page = PageRequest::first(100);
        loop {
            let rows = store
                .list_products(scope, &ProductFilter::default(), page)
                .await?;
            products.extend(rows.items);
            match rows.next_cursor.as_deref().and_then(|c| c.parse().ok()) {
                Some(before) => page.before_id = Some(before),
                None => break,
            }
        }
    }
    let mut by_variant = HashMap::new();
    for p in products {
        for v in &p.variants {
            by_variant.insert(v.id, (p.clone(), v.clone()));
        }
    }
    Ok(by_variant)
}

async fn mappings(ctx: &JobCtx<'_>) -> Result<HashMap<i64, Mapping>, JobError> {
    Ok(ctx
        .engine
        .store
        .mappings(ctx.integration.id)
        .await?
        .into_iter()
        .map(|m| (m.variant_id, m))
        .collect())
}

fn mapping_for(ctx: &JobCtx<'_>, p: &Product, v: &Variant, status: &str) -> Mapping {
    Mapping {
        integration_id: ctx.integration.id,
        product_id: p.id,
        variant_id: v.id,
        remote_id: None,
        barcode: v.barcode.clone(),
        stock_code: v.stock_code.clone(),
        merchant_sku: Some(v.stock_code.clone()),
        status: status.into(),
        last_pushed_hash: None,
        pushed_quantity: None,
        pushed_sale_price: None,
        pushed_list_price: None,
        last_error: None,
        last_synced_at: None,
    }
}

pub(crate) async fn run(ctx: &mut JobCtx<'_>, ids: Option<&[i64]>) -> Result<(), JobError> {
    let sources = load(ctx, ids).await?;
    let mut existing = mappings(ctx).await?;
    let mut mapper = Mapper::new();
    let mut plan: Plan = match ctx.resume() {
        Some(plan) => plan,
        None => {
            let plan = make_plan(ctx, &mut mapper, &sources, &existing).await?;
            ctx.save(&plan).await?;
            // Planning recorded what the platform already lists.
            existing = mappings(ctx).await?;
            plan
        }
    };
    for index in 0..plan.chunks.len() {
        while plan.chunks[index].state != ChunkState::Done {
            step(ctx, &mut mapper, &sources, &existing, &mut plan, index).await?;
        }
    }
    Ok(())
}

async fn make_plan(
    ctx: &mut JobCtx<'_>,
    mapper: &mut Mapper,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
) -> Result<Plan, JobError> {
    let mut ids: Vec<i64> = sources.keys().copied().collect();
    ids.sort_unstable();
    let mut send = Vec::new();
    for id in ids {
        let (p, v) = &sources[&id];
        match mapper.listing(ctx, p, v).await? {
            Ok(item) => {
                // Unchanged since the last push: accepted then (synced, or stocked by the
                // platform itself), or refused then — the same content would be refused
                // again, so it waits for a change instead of going out every sync.
                let hash = content_hash(&item);
                let unchanged = existing.get(&id).is_some_and(|m| {
                    matches!(m.status.as_str(), "synced" | "channel_managed" | "failed")
                        && m.last_pushed_hash.as_deref() == Some(&hash)
                });
                if unchanged {
                    continue;
                }
                let refusals = ctx.connector.refusals(&item);
                if refusals.is_empty() {
                    send.push(id);
                    continue;
                }
                // What the platform would refuse fails here, naming the field, without a
                // round trip.
                for problem in &refusals {
                    ctx.log_error("sync_products", Some(&v.barcode), "not_sendable", problem)
                        .await;
                }
                let mut m = match existing.get(&id) {
                    Some(old) if old.status == "synced" => old.clone(),
                    _ => mapping_for(ctx, p, v, "failed"),
                };
                if let Some(old) = existing.get(&id) {
                    m.remote_id = old.remote_id.clone();
                }
                m.last_error = Some(refusals.join("; "));
                m.last_pushed_hash = Some(hash);
                ctx.engine.store.upsert_mapping(&m, ctx.now()).await?;
                ctx.progress.failed += 1;
            }
            Err(problems) => {
                let message = problems.join("; ");
                for problem in &problems {
                    ctx.log_error("sync_products", Some(&v.barcode), "not_sendable", problem)
                        .await;
                }
                let mut m = mapping_for(ctx, p, v, "failed");
                m.last_error = Some(message);
                if let Some(old) = existing.get(&id) {
                    m.remote_id = old.remote_id.clone();
                }
                ctx.engine.store.upsert_mapping(&m, ctx.now()).await?;
                ctx.progress.failed += 1;
            }
        }
    }
    // Items we never linked may already be listed (by hand, or by another tool): ask the
    // platform once for all of them, so each chunk knows what to create and what to update.
    let unlinked: Vec<(i64, String)> = send
        .iter()
        .filter(|id| !existing.contains_key(id))
        .map(|id| {
            let (_, v) = &sources[id];
            (
                *id,
                ctx.connector
                    .item_key(&v.barcode, &v.stock_code)
                    .to_string(),
            )
        })
        .collect();
    if !unlinked.is_empty() {
        let keys: Vec<String> = unlinked.iter().map(|(_, k)| k.clone()).collect();
        let connector = ctx.connector.clone();
        let listed = ctx
            .call_retrying("existing_products", || {
                let (c, k) = (connector.clone(), keys.clone());
                async move { c.existing_products(&k).await }
            })
            .await?;
        for (id, key) in &unlinked {
            if listed.contains(key) {
                let (p, v) = &sources[id];
                ctx.engine
                    .store
                    .upsert_mapping(&mapping_for(ctx, p, v, "synced"), ctx.now())
                    .await?;
            }
        }
    }
    ctx.progress.total = ctx.progress.failed + i64::try_from(send.len()).unwrap_or(i64::MAX);
    let chunks = send
        .chunks(ctx.connector.max_batch())
        .map(|c| Chunk {
            variants: c.to_vec(),
            state: ChunkState::Pending,
            ticket: None,
        })
        .collect();
    Ok(Plan { chunks })
}

/// Advances one chunk by one state.
async fn step(
    ctx: &mut JobCtx<'_>,
    mapper: &mut Mapper,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    plan: &mut Plan,
    index: usize,
) -> Result<(), JobError> {
    let chunk = plan.chunks[index].clone();
    match chunk.state {
        ChunkState::Done => Ok(()),
        ChunkState::Pending => {
            let items = items_of(ctx, mapper, sources, existing, &chunk.variants).await?;
            if items.is_empty() {
                plan.chunks[index].state = ChunkState::Done;
                return ctx.save(plan).await;
            }
            plan.chunks[index].state = ChunkState::Sending;
            ctx.save(plan).await?;
            let items: Vec<ListingItem> = items.into_iter().map(|(_, item)| item).collect();
            match ctx
                .call("push_products", ctx.connector.push_products(&items))
                .await
            {
                Ok(ticket) => {
                    plan.chunks[index].state = ChunkState::Sent;
                    plan.chunks[index].ticket = Some(ticket);
                    ctx.save(plan).await
                }
                Err(e @ ChannelError::RateLimited { .. }) => {
                    // Refused before it was read: nothing reached the platform.
                    plan.chunks[index].state = ChunkState::Pending;
                    ctx.save(plan).await?;
                    Err(e.into())
                }
                Err(e) if e.is_retryable() => Err(e.into()),
                Err(e) => {
                    for v in &chunk.variants {
                        if let Some((p, var)) = sources.get(v) {
                            fail_item(
                                ctx,
                                p,
                                var,
                                existing,
                                &e.platform_code(),
                                &e.to_string(),
                                None,
                            )
                            .await?;
                        }
                    }
                    plan.chunks[index].state = ChunkState::Done;
                    ctx.save(plan).await
                }
            }
        }
        ChunkState::Sending => {
            // The previous attempt may or may not have delivered this chunk. New items the
            // platform now holds were delivered: count them, send only the others.
            let items = items_of(ctx, mapper, sources, existing, &chunk.variants).await?;
            let keys: Vec<String> = items
                .iter()
                .filter(|(id, _)| existing.get(id).is_none_or(|m| m.status != "synced"))
                .map(|(_, item)| item.key(&ctx.connector).to_string())
                .collect();
            let connector = ctx.connector.clone();
            let present = ctx
                .call_retrying("existing_products", || {
                    let (c, k) = (connector.clone(), keys.clone());
                    async move { c.existing_products(&k).await }
                })
                .await?;
            let mut rest = Vec::new();
            for (id, item) in items {
                if present.iter().any(|k| k == item.key(&ctx.connector))
                    && keys.iter().any(|k| k == item.key(&ctx.connector))
                {
                    let (p, v) = &sources[&id];
                    accept(ctx, p, v, &item, None).await?;
                } else {
                    rest.push(id);
                }
            }
            plan.chunks[index] = Chunk {
                state: if rest.is_empty() {
                    ChunkState::Done
                } else {
                    ChunkState::Pending
                },
                variants: rest,
                ticket: None,
            };
            ctx.save(plan).await
        }
        ChunkState::Sent => {
            let Some(ticket) = chunk.ticket.clone() else {
                plan.chunks[index].state = ChunkState::Pending;
                return ctx.save(plan).await;
            };
            let sync = ctx.engine.config.clone();
            for poll in 0..sync.batch_polls {
                let connector = ctx.connector.clone();
                let outcome = ctx
                    .call_retrying("product_batch", || {
                        let (c, t) = (connector.clone(), ticket.clone());
                        async move { c.product_batch(&t).await }
                    })
                    .await?;
                if outcome.done {
                    let items = items_of(ctx, mapper, sources, existing, &chunk.variants).await?;
                    for (id, item) in items {
                        let (p, v) = &sources[&id];
                        match outcome
                            .items
                            .iter()
                            .find(|o| o.key == item.key(&ctx.connector))
                        {
                            Some(o) if o.ok => {
                                accept(ctx, p, v, &item, o.remote_id.clone()).await?
                            }
                            Some(o) => {
                                let reasons = if o.errors.is_empty() {
                                    "refused without a reason".to_string()
                                } else {
                                    o.errors.join("; ")
                                };
                                let hash = Some(content_hash(&item));
                                fail_item(ctx, p, v, existing, "item_refused", &reasons, hash)
                                    .await?;
                            }
                            None => {
                                fail_item(
                                    ctx,
                                    p,
                                    v,
                                    existing,
                                    "no_result",
                                    "the platform's batch result does not list this item",
                                    None,
                                )
                                .await?
                            }
                        }
                    }
                    plan.chunks[index].state = ChunkState::Done;
                    return ctx.save(plan).await;
                }
                if poll + 1 < sync.batch_polls {
                    tokio::time::sleep(sync.batch_poll).await;
                }
            }
            Err(JobError::wait(
                "the platform is still processing the batch",
                sync.batch_poll,
            ))
        }
    }
}

/// The chunk's variants as listings, built afresh (the newest product data wins); variants
/// that can no longer be sent are failed and dropped.
async fn items_of(
    ctx: &mut JobCtx<'_>,
    mapper: &mut Mapper,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    variants: &[i64],
) -> Result<Vec<(i64, ListingItem)>, JobError> {
    let mut out = Vec::with_capacity(variants.len());
    for id in variants {
        let Some((p, v)) = sources.get(id) else {
            ctx.progress.failed += 1;
            continue;
        };
        match mapper.listing(ctx, p, v).await? {
            Ok(mut item) => {
                item.listed = Some(existing.get(id).is_some_and(|m| m.status == "synced"));
                out.push((*id, item))
            }
            Err(problems) => {
                ctx.log_error(
                    "sync_products",
                    Some(&v.barcode),
                    "not_sendable",
                    &problems.join("; "),
                )
                .await;
                ctx.progress.failed += 1;
            }
        }
    }
    Ok(out)
}

async fn accept(
    ctx: &mut JobCtx<'_>,
    p: &Product,
    v: &Variant,
    item: &ListingItem,
    remote_id: Option<String>,
) -> Result<(), JobError> {
    let now = ctx.now();
    let mut m = mapping_for(ctx, p, v, "synced");
    m.remote_id = remote_id;
    m.last_pushed_hash = Some(content_hash(item));
    m.pushed_quantity = Some(item.quantity);
    m.pushed_sale_price = Some(item.sale_price_minor);
    m.pushed_list_price = Some(item.list_price_minor);
    m.last_synced_at = Some(now);
    ctx.engine.store.upsert_mapping(&m, now).await?;
    ctx.progress.done += 1;
    Ok(())
}

async fn fail_item(
    ctx: &mut JobCtx<'_>,
    p: &Product,
    v: &Variant,
    existing: &HashMap<i64, Mapping>,
    code: &str,
    message: &str,
    refused_hash: Option<String>,
) -> Result<(), JobError> {
    ctx.log_error("sync_products", Some(&v.barcode), code, message)
        .await;
    // An item the channel already lists stays synced for stock; only its content failed.
    let mut m = match existing.get(&v.id) {
        Some(old) if old.status == "synced" => old.clone(),
        _ => mapping_for(ctx, p, v, "failed"),
    };
    m.last_error = Some(message.to_string());
    // The platform's verdict on this content: remembered so the same content is not sent
    // again (see make_plan).
    if refused_hash.is_some() {
        m.last_pushed_hash = refused_hash;
    }
    ctx.engine.store.upsert_mapping(&m, ctx.now()).await?;
    ctx.progress.failed += 1;
    Ok(())
}
