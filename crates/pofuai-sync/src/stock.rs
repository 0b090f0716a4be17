//! Price and stock push: only rows whose available stock or prices differ from what the
//! channel last accepted, in batches, newest values read at send time.
//!
//! Trendyol refuses an identical request body within 15 minutes. Bodies we sent are remembered
//! (`channel_requests`); when the rows to send would repeat one — a value that went 5 → 4 → 5 —
//! the job waits out the window rather than be refused. A `Duplicate` answer to a resend of our
//! own in-flight chunk proves the first copy arrived, so it counts as applied.

use std::time::Duration;

use pofuai_channels::{BatchTicket, ChannelError, Connector, PriceStock};
use pofuai_store::sync::StaleRow;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::millis;
use crate::worker::{JobCtx, JobError};

const TRENDYOL_DUPLICATE_WINDOW: Duration = Duration::from_secs(15 * 60);

fn duplicate_window(c: &Connector) -> Option<Duration> {
    match c {
        Connector::Trendyol(_) => Some(TRENDYOL_DUPLICATE_WINDOW),
        Connector::Hepsiburada(_) => None,
    }
}

/// The chunk being sent, saved before the request leaves.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct InFlight {
    rows: Vec<(i64, String, String, i64, i64, i64)>,
    hash: String,
    ticket: Option<BatchTicket>,
    /// When the request last left. Values are recorded as accepted only over values sent
    /// earlier, so a batch resumed after a newer push cannot overwrite what that push recorded.
    #[serde(default)]
    sent_at: Option<i64>,
}

impl InFlight {
    fn new(rows: &[StaleRow]) -> InFlight {
        let rows: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.variant_id,
                    r.barcode.clone(),
                    r.stock_code.clone(),
                    r.available,
                    r.sale_price,
                    r.list_price,
                )
            })
            .collect();
        let hash = hex::encode(Sha256::digest(
            serde_json::to_vec(&rows).unwrap_or_default(),
        ));
        InFlight {
            rows,
            hash,
            ticket: None,
            sent_at: None,
        }
    }

    fn stale_rows(&self) -> Vec<StaleRow> {
        self.rows
            .iter()
            .map(
                |(variant_id, barcode, stock_code, available, sale, list)| StaleRow {
                    variant_id: *variant_id,
                    barcode: barcode.clone(),
                    stock_code: stock_code.clone(),
                    available: *available,
                    sale_price: *sale,
                    list_price: *list,
                },
            )
            .collect()
    }

    fn payload(&self) -> Vec<PriceStock> {
        self.rows
            .iter()
            .map(
                |(_, barcode, stock_code, quantity, sale, list)| PriceStock {
                    barcode: barcode.clone(),
                    stock_code: stock_code.clone(),
                    quantity: *quantity,
                    sale_price_minor: *sale,
                    list_price_minor: (*list).max(*sale),
                },
            )
            .collect()
    }
}

pub(crate) async fn run(ctx: &mut JobCtx<'_>) -> Result<(), JobError> {
    // One push per integration at a time: two would read the same stale rows, send them
    // twice and trip the 15-minute rule on each other.
    if ctx
        .engine
        .store
        .older_job_running(ctx.integration.id, "push_stock", ctx.job.id, ctx.now())
        .await?
    {
        return Err(JobError::wait(
            "another stock push for this integration is running",
            ctx.engine.config.batch_poll,
        ));
    }
    if let Some(in_flight) = ctx.resume::<Option<InFlight>>().flatten() {
        finish(ctx, in_flight, true).await?;
    }
    // Rows the platform refused stay stale; each is tried once per run, not in a loop.
    let mut tried = std::collections::HashSet::new();
    loop {
        let mut stale = ctx
            .engine
            .store
            .stale_price_stock(ctx.integration.id)
            .await?;
        stale.retain(|r| !tried.contains(&r.variant_id));
        if stale.is_empty() {
            return Ok(());
        }
        tried.extend(
            stale
                .iter()
                .take(ctx.connector.max_batch())
                .map(|r| r.variant_id),
        );
        ctx.progress.total +=
            i64::try_from(stale.len().min(ctx.connector.max_batch())).unwrap_or(0);
        let chunk = InFlight::new(&stale[..stale.len().min(ctx.connector.max_batch())]);
        if let Some(window) = duplicate_window(&ctx.connector) {
            let since = ctx.now() - millis(window);
            if let Some(sent_at) = ctx
                .engine
                .store
                .request_sent_since(ctx.integration.id, &chunk.hash, since)
                .await?
            {
                // Look again soon rather than at the window's end: a later change makes the
                // body differ, and then the wait no longer applies.
                let wait = Duration::from_millis(
                    u64::try_from(sent_at + millis(window) - ctx.now()).unwrap_or(0),
                )
                .min(ctx.engine.config.duplicate_recheck);
                return Err(JobError::wait(
                    "an identical price and stock request was sent less than 15 minutes ago",
                    wait,
                ));
            }
        }
        ctx.save(&Some(&chunk)).await?;
        finish(ctx, chunk, false).await?;
    }
}

/// Sends (unless a ticket is known), polls and records one chunk. `resumed` when a previous
/// attempt may already have sent it.
async fn finish(ctx: &mut JobCtx<'_>, mut chunk: InFlight, resumed: bool) -> Result<(), JobError> {
    let rows = chunk.stale_rows();
    if chunk.ticket.is_none() {
        chunk.sent_at = Some(ctx.now());
        ctx.save(&Some(&chunk)).await?;
        let payload = chunk.payload();
        match ctx
            .call("push_price_stock", ctx.connector.push_price_stock(&payload))
            .await
        {
            Ok(ticket) => {
                let now = ctx.now();
                let forget = now - millis(TRENDYOL_DUPLICATE_WINDOW);
                ctx.engine
                    .store
                    .record_request(ctx.integration.id, &chunk.hash, now, forget)
                    .await?;
                chunk.ticket = Some(ticket);
                ctx.save(&Some(&chunk)).await?;
            }
            Err(ChannelError::Duplicate(_)) if resumed => {
                // Our own earlier copy of this chunk arrived; its effect is in place.
                let sent_at = chunk.sent_at.unwrap_or_else(|| ctx.now());
                ctx.engine
                    .store
                    .mark_price_stock_pushed(ctx.integration.id, &rows, sent_at)
                    .await?;
                ctx.progress.done += i64::try_from(rows.len()).unwrap_or(0);
                return ctx.save(&None::<InFlight>).await;
            }
            Err(ChannelError::Duplicate(message)) => {
                let now = ctx.now();
                ctx.engine
                    .store
                    .record_request(
                        ctx.integration.id,
                        &chunk.hash,
                        now,
                        now - millis(TRENDYOL_DUPLICATE_WINDOW),
                    )
                    .await?;
                ctx.save(&None::<InFlight>).await?;
                return Err(JobError::wait(
                    message,
                    TRENDYOL_DUPLICATE_WINDOW.min(ctx.engine.config.duplicate_recheck),
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let Some(ticket) = chunk.ticket.clone() else {
        return Ok(());
    };
    let sync = ctx.engine.config.clone();
    let mut delay = sync.batch_poll_first.min(sync.batch_poll);
    for poll in 0..sync.batch_polls {
        let connector = ctx.connector.clone();
        let outcome = ctx
            .call_retrying("price_stock_batch", || {
                let (c, t) = (connector.clone(), ticket.clone());
                async move { c.price_stock_batch(&t).await }
            })
            .await?;
        if outcome.done {
            let mut accepted = Vec::new();
            for row in rows {
                let key = ctx.connector.item_key(&row.barcode, &row.stock_code);
                match outcome.items.iter().find(|o| o.key == key) {
                    Some(o) if !o.ok => {
                        ctx.log_error(
                            "push_stock",
                            Some(&row.barcode),
                            "item_refused",
                            &o.errors.join("; "),
                        )
                        .await;
                        ctx.progress.failed += 1;
                    }
                    // Platforms that list only failures leave accepted rows out.
                    _ => accepted.push(row),
                }
            }
            let sent_at = chunk.sent_at.unwrap_or_else(|| ctx.now());
            ctx.engine
                .store
                .mark_price_stock_pushed(ctx.integration.id, &accepted, sent_at)
                .await?;
            ctx.progress.done += i64::try_from(accepted.len()).unwrap_or(0);
            return ctx.save(&None::<InFlight>).await;
        }
        if poll + 1 < sync.batch_polls {
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(sync.batch_poll);
        }
    }
    Err(JobError::wait(
        "the platform is still processing the batch",
        sync.batch_poll,
    ))
}
