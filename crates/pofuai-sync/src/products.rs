//! Product push: plan once, then send the plan chunk by chunk, with up to
//! `SyncConfig::batch_in_flight` batches processing on the platform at once.
//!
//! The plan (which variants go in which chunk) and each chunk's state are saved in the job's
//! checkpoint before the platform is called. A chunk is `pending` (not sent), `sending` (a
//! request may have left — a lost answer looks exactly like this), `sent` (the platform gave a
//! batch id: only poll it) or `done`.
//!
//! What a chunk carried is recorded per item (`Sent`: content hash, and for creates the
//! quantity and prices) before the request leaves; when the batch is done, exactly those
//! values are marked accepted, never a listing rebuilt from products that changed meanwhile.
//! A product update does not change price or stock on the platforms we speak to, so the
//! content hash leaves them out: price and stock travel only through the stock push.
//!
//! A successor that finds a chunk `sending` asks the product list which of its new items
//! exist. Trendyol lists a barcode only after its batch is processed, so "not listed" is
//! unknown, not absent: the job waits up to `SyncConfig::listing_settle` after the send
//! before sending the rest again. If a re-sent create still meets the earlier one, the
//! platform refuses it as a duplicate; that barcode is then linked as existing and its stock
//! pushed, never created again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use pofuai_channels::{BatchTicket, ChannelError, ListingItem};
use pofuai_store::paging::PageRequest;
use pofuai_store::products::{Product, ProductFilter, Scope, Variant};
use pofuai_store::sync::Mapping;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::mapping::Mapper;
use crate::millis;
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
    /// What the request carried, item by item; written before it leaves.
    #[serde(default)]
    sent: Vec<Sent>,
    /// When the request left (ms), to bound how long a listing may lag behind it.
    #[serde(default)]
    sending_since: Option<i64>,
}

/// One item as a chunk sent it: the only values `accept` may record.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sent {
    variant: i64,
    /// Barcode or merchant SKU: how batch results and listings name it.
    key: String,
    hash: String,
    /// A create carries quantity and prices; an update carries neither.
    create: bool,
    quantity: i64,
    sale_price: i64,
    list_price: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Plan {
    chunks: Vec<Chunk>,
}

/// The hash of what a product update sends: everything but quantity and prices, which a
/// product update does not change (they go through the stock push).
pub(crate) fn content_hash(item: &ListingItem) -> String {
    let mut content = item.clone();
    content.quantity = 0;
    content.sale_price_minor = 0;
    content.list_price_minor = 0;
    let json = serde_json::to_vec(&content).unwrap_or_default();
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
    run_chunks(ctx, &mut mapper, &sources, &existing, &mut plan).await?;
    // Price and stock travel only through the stock push: queue one for whatever differs
    // from what the channel holds (price changes, linked listings).
    if !ctx
        .engine
        .store
        .stale_price_stock(ctx.integration.id)
        .await?
        .is_empty()
    {
        ctx.engine
            .enqueue(
                ctx.owner_id(),
                ctx.integration.id,
                crate::JobKind::PushStock,
            )
            .await?;
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
                // A listing the channel already holds stays synced for stock; only its
                // content could not be sent.
                match existing.get(&id) {
                    Some(old) if old.status == "synced" => {
                        ctx.engine
                            .store
                            .set_mapping_error(ctx.integration.id, id, Some(&message), ctx.now())
                            .await?
                    }
                    old => {
                        let mut m = mapping_for(ctx, p, v, "failed");
                        m.remote_id = old.and_then(|o| o.remote_id.clone());
                        m.last_error = Some(message);
                        ctx.engine.store.upsert_mapping(&m, ctx.now()).await?;
                    }
                }
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
        .chunks(
            ctx.connector
                .max_batch()
                .min(ctx.engine.config.batch_items)
                .max(1),
        )
        .map(|c| Chunk {
            variants: c.to_vec(),
            state: ChunkState::Pending,
            ticket: None,
            sent: Vec::new(),
            sending_since: None,
        })
        .collect();
    Ok(Plan { chunks })
}

/// When to poll a chunk in flight next, the wait after that, and its polls in this attempt.
struct Polling {
    at: Instant,
    delay: Duration,
    polls: u32,
}

/// Sends chunks while fewer than `SyncConfig::batch_in_flight` of them are processing on the
/// platform, and polls those in flight, each from `batch_poll_first` doubling up to
/// `batch_poll`: the platform works on the next batches while we wait for the first, instead
/// of the push waiting out every batch in turn. Each chunk's state and what it carried are in
/// the checkpoint before its request leaves, as with one chunk at a time, so a successor
/// finds every batch in flight by its ticket.
async fn run_chunks(
    ctx: &mut JobCtx<'_>,
    mapper: &mut Mapper,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    plan: &mut Plan,
) -> Result<(), JobError> {
    let sync = ctx.engine.config.clone();
    let max_in_flight = sync.batch_in_flight.max(1);
    let first = sync.batch_poll_first.min(sync.batch_poll);
    // Requests whose answer we never saw are settled before anything new is sent.
    for index in 0..plan.chunks.len() {
        if plan.chunks[index].state == ChunkState::Sending {
            resume_sending(ctx, sources, existing, plan, index).await?;
        }
    }
    let mut polling: HashMap<usize, Polling> = HashMap::new();
    loop {
        let in_flight = |plan: &Plan| {
            plan.chunks
                .iter()
                .filter(|c| c.state == ChunkState::Sent)
                .count()
        };
        while in_flight(plan) < max_in_flight {
            let Some(index) = plan
                .chunks
                .iter()
                .position(|c| c.state == ChunkState::Pending)
            else {
                break;
            };
            send_chunk(ctx, mapper, sources, existing, plan, index).await?;
        }
        // The chunk in flight that is due first; batches from an earlier attempt are polled
        // at once, new ones right after they are sent (a first answer is cheap).
        let now = Instant::now();
        let mut next: Option<(usize, Instant)> = None;
        for (index, chunk) in plan.chunks.iter().enumerate() {
            if chunk.state != ChunkState::Sent {
                polling.remove(&index);
                continue;
            }
            let at = polling
                .entry(index)
                .or_insert(Polling {
                    at: now,
                    delay: first,
                    polls: 0,
                })
                .at;
            if next.is_none_or(|(_, best)| at < best) {
                next = Some((index, at));
            }
        }
        let Some((index, at)) = next else {
            if plan.chunks.iter().all(|c| c.state == ChunkState::Done) {
                return Ok(());
            }
            if plan.chunks.iter().any(|c| c.state == ChunkState::Pending) {
                continue;
            }
            // Not reachable by the states above; never spin on it.
            return Err(JobError::Fail(
                "product push: a chunk is in no state that can advance".into(),
            ));
        };
        tokio::time::sleep_until(at.into()).await;
        let done = poll_chunk(ctx, sources, existing, plan, index).await?;
        if done || plan.chunks[index].state != ChunkState::Sent {
            polling.remove(&index);
            continue;
        }
        let Some(p) = polling.get_mut(&index) else {
            continue;
        };
        p.polls += 1;
        if p.polls >= sync.batch_polls {
            return Err(JobError::wait(
                "the platform is still processing the batch",
                sync.batch_poll,
            ));
        }
        p.at = Instant::now() + p.delay;
        p.delay = (p.delay * 2).min(sync.batch_poll);
    }
}

/// Sends a pending chunk: records what it carries, then sends it; `Sent` with the platform's
/// ticket, or `Done` when nothing in it could be sent.
async fn send_chunk(
    ctx: &mut JobCtx<'_>,
    mapper: &mut Mapper,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    plan: &mut Plan,
    index: usize,
) -> Result<(), JobError> {
    let chunk = plan.chunks[index].clone();
    let items = items_of(ctx, mapper, sources, existing, &chunk.variants).await?;
    if items.is_empty() {
        plan.chunks[index].state = ChunkState::Done;
        return ctx.save(plan).await;
    }
    let sent: Vec<Sent> = items
        .iter()
        .map(|(id, item)| Sent {
            variant: *id,
            key: item.key(&ctx.connector).to_string(),
            hash: content_hash(item),
            create: item.listed != Some(true),
            quantity: item.quantity,
            sale_price: item.sale_price_minor,
            list_price: item.list_price_minor,
        })
        .collect();
    plan.chunks[index].state = ChunkState::Sending;
    plan.chunks[index].variants = items.iter().map(|(id, _)| *id).collect();
    plan.chunks[index].sent = sent;
    plan.chunks[index].sending_since = Some(ctx.now());
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
            plan.chunks[index].sent.clear();
            ctx.save(plan).await?;
            Err(e.into())
        }
        Err(e) if e.is_retryable() => Err(e.into()),
        Err(e) => {
            for v in &plan.chunks[index].variants.clone() {
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

/// Polls a chunk in flight once; true when its batch is done and its results recorded.
async fn poll_chunk(
    ctx: &mut JobCtx<'_>,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    plan: &mut Plan,
    index: usize,
) -> Result<bool, JobError> {
    let chunk = plan.chunks[index].clone();
    let Some(ticket) = chunk.ticket.clone() else {
        plan.chunks[index].state = ChunkState::Pending;
        ctx.save(plan).await?;
        return Ok(false);
    };
    let connector = ctx.connector.clone();
    let outcome = ctx
        .call_retrying("product_batch", || {
            let (c, t) = (connector.clone(), ticket.clone());
            async move { c.product_batch(&t).await }
        })
        .await?;
    if !outcome.done {
        return Ok(false);
    }
    for sent in &chunk.sent {
        let Some((p, v)) = sources.get(&sent.variant) else {
            continue;
        };
        match outcome.items.iter().find(|o| o.key == sent.key) {
            Some(o) if o.ok => accept(ctx, p, v, sent, existing, o.remote_id.clone()).await?,
            Some(o) if sent.create && ctx.connector.is_duplicate_create(&o.errors) => {
                // Our earlier create (whose answer was lost) got there first.
                link_existing(ctx, p, v).await?
            }
            Some(o) => {
                let reasons = if o.errors.is_empty() {
                    "refused without a reason".to_string()
                } else {
                    o.errors.join("; ")
                };
                let hash = Some(sent.hash.clone());
                fail_item(ctx, p, v, existing, "item_refused", &reasons, hash).await?;
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
    ctx.save(plan).await?;
    Ok(true)
}

/// A chunk whose request may or may not have arrived. New items the platform lists were
/// delivered: they carry exactly what the chunk recorded. Items not listed yet are unknown
/// until the listing could have lagged no longer; only then are they sent again.
async fn resume_sending(
    ctx: &mut JobCtx<'_>,
    sources: &HashMap<i64, (Product, Variant)>,
    existing: &HashMap<i64, Mapping>,
    plan: &mut Plan,
    index: usize,
) -> Result<(), JobError> {
    let chunk = plan.chunks[index].clone();
    let creates: Vec<String> = chunk
        .sent
        .iter()
        .filter(|s| s.create)
        .map(|s| s.key.clone())
        .collect();
    let present = if creates.is_empty() {
        Vec::new()
    } else {
        let connector = ctx.connector.clone();
        ctx.call_retrying("existing_products", || {
            let (c, k) = (connector.clone(), creates.clone());
            async move { c.existing_products(&k).await }
        })
        .await?
    };
    let mut rest = Vec::new();
    let mut unknown = false;
    for sent in &chunk.sent {
        let Some((p, v)) = sources.get(&sent.variant) else {
            continue;
        };
        if sent.create && present.contains(&sent.key) {
            accept(ctx, p, v, sent, existing, None).await?;
        } else {
            unknown |= sent.create;
            rest.push(sent.variant);
        }
    }
    // A chunk from before `sent` was recorded: its items are unknown too.
    if chunk.sent.is_empty() {
        rest = chunk.variants.clone();
        unknown = true;
    }
    let settle_until = chunk
        .sending_since
        .unwrap_or(0)
        .saturating_add(millis(ctx.engine.config.listing_settle));
    let now = ctx.now();
    if unknown && now < settle_until {
        let accepted: Vec<i64> = chunk
            .sent
            .iter()
            .map(|s| s.variant)
            .filter(|v| !rest.contains(v))
            .collect();
        plan.chunks[index]
            .sent
            .retain(|s| !accepted.contains(&s.variant));
        plan.chunks[index]
            .variants
            .retain(|v| !accepted.contains(v));
        ctx.save(plan).await?;
        let wait = Duration::from_millis(u64::try_from(settle_until - now).unwrap_or(0));
        return Err(JobError::wait(
            "new products may not be listed yet; asking again before sending them again",
            wait.min(ctx.engine.config.batch_poll),
        ));
    }
    plan.chunks[index] = Chunk {
        state: if rest.is_empty() {
            ChunkState::Done
        } else {
            ChunkState::Pending
        },
        variants: rest,
        ticket: None,
        sent: Vec::new(),
        sending_since: None,
    };
    ctx.save(plan).await
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

/// Records what the platform accepted: the content hash always, quantity and prices only when
/// the request carried them (a create); an update leaves what the stock push recorded.
async fn accept(
    ctx: &mut JobCtx<'_>,
    p: &Product,
    v: &Variant,
    sent: &Sent,
    existing: &HashMap<i64, Mapping>,
    remote_id: Option<String>,
) -> Result<(), JobError> {
    let now = ctx.now();
    if sent.create {
        let mut m = mapping_for(ctx, p, v, "synced");
        m.remote_id = remote_id;
        m.last_pushed_hash = Some(sent.hash.clone());
        m.pushed_quantity = Some(sent.quantity);
        m.pushed_sale_price = Some(sent.sale_price);
        m.pushed_list_price = Some(sent.list_price);
        m.last_synced_at = Some(now);
        ctx.engine.store.upsert_mapping(&m, now).await?;
    } else if existing.contains_key(&v.id) {
        ctx.engine
            .store
            .mark_content_pushed(
                ctx.integration.id,
                v.id,
                &sent.hash,
                remote_id.as_deref(),
                now,
            )
            .await?;
    } else {
        // Listed by someone else and never linked: what it holds for stock is unknown.
        let mut m = mapping_for(ctx, p, v, "synced");
        m.remote_id = remote_id;
        m.last_pushed_hash = Some(sent.hash.clone());
        m.last_synced_at = Some(now);
        ctx.engine.store.upsert_mapping(&m, now).await?;
    }
    ctx.progress.done += 1;
    Ok(())
}

/// A create the platform refused because the barcode exists: link it, with its content and
/// stock unknown, so the next product sync updates its content and the stock push sends price
/// and stock. Sending the create again would only be refused again.
async fn link_existing(ctx: &mut JobCtx<'_>, p: &Product, v: &Variant) -> Result<(), JobError> {
    let now = ctx.now();
    let mut m = mapping_for(ctx, p, v, "synced");
    m.last_synced_at = Some(now);
    ctx.engine.store.upsert_mapping(&m, now).await?;
    tracing::info!(
        integration.id = ctx.integration.id,
        barcode = %v.barcode,
        "create refused as a duplicate; linked the existing listing"
    );
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
    match existing.get(&v.id) {
        Some(old) if old.status == "synced" => {
            ctx.engine
                .store
                .set_mapping_error(ctx.integration.id, v.id, Some(message), ctx.now())
                .await?
        }
        _ => {
            let mut m = mapping_for(ctx, p, v, "failed");
            m.last_error = Some(message.to_string());
            // The platform's verdict on this content: remembered so the same content is not
            // sent again (see make_plan).
            m.last_pushed_hash = refused_hash;
            ctx.engine.store.upsert_mapping(&m, ctx.now()).await?;
        }
    }
    ctx.progress.failed += 1;
    Ok(())
}
