//! Order and claim import, and what a seller sends back: package status, tracking numbers,
//! claim approvals.
//!
//! Import reads a last-modified window from the stored watermark (minus an overlap for late
//! changes) to now and upserts every package, so running it twice stores nothing twice; the
//! watermark moves only after the whole window is stored.

use std::time::Duration;

use pofuai_channels::{OrderQuery, RemoteLine, RemotePackage, StatusPush};
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use pofuai_store::products::Scope;

use crate::millis;
use crate::worker::{JobCtx, JobError};

/// Trendyol's stream endpoint accepts windows of at most 14 days; every platform gets the same.
const MAX_WINDOW: Duration = Duration::from_secs(14 * 24 * 3600);

/// The next window to read, ending no later than `until` (the job's start: changes after it
/// belong to the next run).
async fn window(ctx: &JobCtx<'_>, kind: &str, until: i64) -> Result<(i64, i64), JobError> {
    let sync = &ctx.engine.config;
    let now = until;
    let from = match ctx.engine.store.cursor(ctx.integration.id, kind).await? {
        Some(mark) => mark.parse::<i64>().unwrap_or(now) - millis(sync.order_overlap),
        None => now - millis(sync.first_order_window),
    };
    Ok((from, now.min(from + millis(MAX_WINDOW))))
}

pub(crate) async fn import(ctx: &mut JobCtx<'_>) -> Result<(), JobError> {
    let mut stock_changed = false;
    let until = ctx.now();
    loop {
        let (from, to) = window(ctx, "orders", until).await?;
        let mut cursor = None;
        loop {
            let query = OrderQuery {
                modified_from_ms: from,
                modified_to_ms: to,
                cursor: cursor.clone(),
            };
            let connector = ctx.connector.clone();
            let page = ctx
                .call_retrying("orders", || {
                    let (c, q) = (connector.clone(), query.clone());
                    async move { c.orders(&q).await }
                })
                .await?;
            ctx.progress.total +=
                i64::try_from(page.packages.len() + page.problems.len()).unwrap_or(0);
            // An order the connector could not read is never dropped silently.
            for problem in &page.problems {
                ctx.log_error(
                    "sync_orders",
                    Some(&problem.key),
                    "unreadable_order",
                    &problem.message,
                )
                .await;
                ctx.progress.failed += 1;
            }
            for package in &page.packages {
                let outcome = ctx
                    .engine
                    .store
                    .import_package(
                        &imported(ctx.owner_id(), ctx.integration.id, package),
                        ctx.now(),
                    )
                    .await?;
                stock_changed |= !outcome.variants.is_empty();
                for variant in &outcome.oversold {
                    oversell_alert(ctx, *variant, package).await;
                }
                ctx.progress.done += 1;
            }
            ctx.save(&serde_json::json!({ "orders_window": [from, to] }))
                .await?;
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        ctx.engine
            .store
            .set_cursor(ctx.integration.id, "orders", &to.to_string(), ctx.now())
            .await?;
        if to >= until {
            break;
        }
    }
    import_claims(ctx).await?;
    if stock_changed {
        ctx.engine.enqueue_stock_push(ctx.owner_id()).await?;
    }
    Ok(())
}

/// Tells the seller a variant is oversold: an error-log entry naming the variant and the
/// package that tipped it (the orders involved are listed by `/api/stock/oversells`).
async fn oversell_alert(ctx: &JobCtx<'_>, variant_id: i64, package: &RemotePackage) {
    let line = package.lines.iter().find(|l| !l.cancelled);
    let item = line.map_or_else(|| variant_id.to_string(), |l| l.barcode.clone());
    ctx.log_error(
        "sync_orders",
        Some(&item),
        "oversold",
        &format!(
            "Fazla satış: varyant {variant_id} için ayrılan stok eldekini aşıyor (paket {}). \
             Bir kanaldaki satırı iptal edin ya da stok ekleyin.",
            package.package_id
        ),
    )
    .await;
}

async fn import_claims(ctx: &mut JobCtx<'_>) -> Result<(), JobError> {
    let (from, to) = window(ctx, "claims", ctx.now()).await?;
    let mut cursor = None;
    loop {
        let query = OrderQuery {
            modified_from_ms: from,
            modified_to_ms: to,
            cursor: cursor.clone(),
        };
        let connector = ctx.connector.clone();
        let page = ctx
            .call_retrying("claims", || {
                let (c, q) = (connector.clone(), query.clone());
                async move { c.claims(&q).await }
            })
            .await?;
        for claim in &page.claims {
            let lines = serde_json::to_value(&claim.lines).unwrap_or_default();
            ctx.engine
                .store
                .upsert_claim(
                    ctx.owner_id(),
                    ctx.integration.id,
                    &claim.claim_id,
                    &claim.order_number,
                    &claim.status,
                    &lines,
                    claim.last_modified_ms,
                    ctx.now(),
                )
                .await?;
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    ctx.engine
        .store
        .set_cursor(ctx.integration.id, "claims", &to.to_string(), ctx.now())
        .await?;
    Ok(())
}

/// A channel's package in the store's terms.
pub fn imported(owner_id: i64, integration_id: i64, p: &RemotePackage) -> ImportedPackage {
    ImportedPackage {
        owner_id,
        integration_id,
        package_id: p.package_id.clone(),
        order_number: p.order_number.clone(),
        status: p.status.as_str().to_string(),
        platform_status: p.platform_status.clone(),
        customer_name: p.customer_name.clone(),
        total_minor: p.total_minor,
        currency: p.currency.clone(),
        ordered_at: p.ordered_at_ms,
        remote_updated_at: p.last_modified_ms,
        cargo_tracking_number: p.cargo_tracking_number.clone(),
        lines: p
            .lines
            .iter()
            .map(|l| ImportedLine {
                line_id: l.line_id.clone(),
                barcode: l.barcode.clone(),
                stock_code: l.stock_code.clone(),
                quantity: l.quantity,
                unit_price_minor: l.unit_price_minor,
                cancelled: l.cancelled,
            })
            .collect(),
    }
}

/// The package as we stored it, in the connector's terms.
async fn package(
    ctx: &JobCtx<'_>,
    order_id: i64,
) -> Result<(pofuai_store::orders::Order, RemotePackage), JobError> {
    let order = match ctx
        .engine
        .store
        .order(order_id, Scope::Owner(ctx.owner_id()))
        .await
    {
        Ok(o) => o,
        Err(pofuai_store::StoreError::NotFound) => {
            return Err(JobError::Fail("order no longer exists".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let remote = RemotePackage {
        package_id: order.remote_package_id.clone(),
        order_number: order.remote_order_number.clone(),
        status: pofuai_channels::OrderStatus::Other,
        platform_status: order.platform_status.clone(),
        customer_name: order.customer_name.clone(),
        total_minor: order.total_minor,
        currency: order.currency.clone(),
        ordered_at_ms: order.ordered_at,
        last_modified_ms: order.remote_updated_at,
        cargo_tracking_number: order.cargo_tracking_number.clone(),
        lines: order
            .lines
            .iter()
            .filter(|l| l.status != "cancelled")
            .map(|l| RemoteLine {
                line_id: l.remote_line_id.clone(),
                barcode: l.barcode.clone(),
                stock_code: l.stock_code.clone(),
                quantity: l.quantity,
                unit_price_minor: l.unit_price_minor,
                cancelled: false,
            })
            .collect(),
    };
    Ok((order, remote))
}

/// Sends one answer to the platform exactly once in effect: the step is marked begun before
/// the request leaves, and when a resumed step's repeat is refused (Picking cannot follow
/// Picking), the first copy took effect, which is success.
async fn send_once(
    ctx: &mut JobCtx<'_>,
    operation: &str,
    item: &str,
    call: impl std::future::Future<Output = Result<(), pofuai_channels::ChannelError>>,
) -> Result<(), JobError> {
    let resumed = ctx
        .resume::<serde_json::Value>()
        .is_some_and(|v| v["sending"] == true);
    ctx.save(&serde_json::json!({ "sending": true })).await?;
    ctx.progress.total = 1;
    match ctx.call(operation, call).await {
        Ok(()) => {}
        Err(pofuai_channels::ChannelError::Rejected { .. }) if resumed => {}
        Err(e) => {
            if !e.is_retryable() {
                ctx.log_error(operation, Some(item), &e.platform_code(), &e.to_string())
                    .await;
            }
            return Err(e.into());
        }
    }
    ctx.progress.done = 1;
    Ok(())
}

pub(crate) async fn push_status(
    ctx: &mut JobCtx<'_>,
    order_id: i64,
    status: &str,
    invoice_number: Option<&str>,
    invoice_link: Option<&str>,
) -> Result<(), JobError> {
    let (order, remote) = package(ctx, order_id).await?;
    let push = match (status, invoice_number) {
        ("picking", _) => StatusPush::Picking,
        ("invoiced", Some(n)) => StatusPush::Invoiced {
            invoice_number: Some(n.to_string()),
            invoice_link: invoice_link.map(str::to_owned),
        },
        _ => return Err(JobError::Fail(format!("cannot push status {status}"))),
    };
    let connector = ctx.connector.clone();
    let call = connector.update_status(&remote, &push);
    send_once(ctx, "push_status", &order.remote_package_id, call).await?;
    ctx.engine
        .store
        .set_order_fulfilment(order.id, Some(status), invoice_number, None, ctx.now())
        .await?;
    if let Some(link) = invoice_link {
        ctx.engine
            .store
            .set_order_invoice_link(order.id, link, ctx.now())
            .await?;
    }
    Ok(())
}

pub(crate) async fn push_tracking(
    ctx: &mut JobCtx<'_>,
    order_id: i64,
    tracking: &str,
) -> Result<(), JobError> {
    let (order, remote) = package(ctx, order_id).await?;
    let connector = ctx.connector.clone();
    let call = connector.update_tracking(&remote, tracking);
    send_once(ctx, "push_tracking", &order.remote_package_id, call).await?;
    ctx.engine
        .store
        .set_order_fulfilment(order.id, None, None, Some(tracking), ctx.now())
        .await?;
    Ok(())
}

pub(crate) async fn approve_claim(ctx: &mut JobCtx<'_>, claim_id: i64) -> Result<(), JobError> {
    let claim = match ctx
        .engine
        .store
        .claim(claim_id, Scope::Owner(ctx.owner_id()))
        .await
    {
        Ok(c) => c,
        Err(pofuai_store::StoreError::NotFound) => {
            return Err(JobError::Fail("claim no longer exists".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let lines: Vec<pofuai_channels::RemoteClaimLine> =
        serde_json::from_value(claim.lines.clone()).unwrap_or_default();
    let remote = pofuai_channels::RemoteClaim {
        claim_id: claim.remote_claim_id.clone(),
        order_number: claim.order_number.clone(),
        status: claim.status.clone(),
        created_at_ms: claim.created_at,
        last_modified_ms: claim.remote_updated_at,
        lines: lines.clone(),
    };
    let ids: Vec<String> = lines.iter().map(|l| l.claim_line_id.clone()).collect();
    let connector = ctx.connector.clone();
    let call = connector.approve_claim(&remote, &ids);
    send_once(ctx, "approve_claim", &claim.remote_claim_id, call).await?;
    // A claim waiting for pre-approval took the pre-approval step, not the acceptance; the
    // next import brings the platform's own word.
    let now_status = if claim.status.eq_ignore_ascii_case("AwaitingPreApproval") {
        "pre_approved"
    } else {
        "accepted"
    };
    ctx.engine
        .store
        .set_claim_status(claim.id, now_status, ctx.now())
        .await?;
    Ok(())
}
