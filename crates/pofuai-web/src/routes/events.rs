//! Live updates for the panel: the seller's job progress and new orders as server-sent
//! events, read from the `events` table (the source of truth), so a client reconnecting with
//! `Last-Event-ID` gets everything it missed, and any node can serve any client. A stream
//! looks again when this node's engine reports a job change, when PostgreSQL notifies a new
//! event of its owner (written by any node or worker, see [`crate::live`]), or after
//! `WebConfig::events_poll`.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use pofuai_core::Feature;
use pofuai_store::Store;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::{AppState, Clock};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

const BATCH: i64 = 100;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// Start after this event id (as the `Last-Event-ID` header does, which wins); without
    /// either, only events from now on.
    after: Option<i64>,
}

/// The stream's state between two events.
struct Cursor {
    store: Store,
    clock: std::sync::Arc<dyn Clock>,
    /// The caller's token, checked again before each look: a stream ends when its session
    /// does (logout, disabled account, a role without live updates), on any node.
    token_hash: String,
    owner: i64,
    last: i64,
    pending: VecDeque<pofuai_store::events::Event>,
    ready_sent: bool,
    wake: tokio::sync::broadcast::Receiver<pofuai_sync::JobEvent>,
    notified: tokio::sync::broadcast::Receiver<i64>,
    poll: Duration,
}

impl Cursor {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Cursor)> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                self.last = e.id;
                let event = Event::default()
                    .id(e.id.to_string())
                    .event(e.kind)
                    .data(e.data);
                return Some((Ok(event), self));
            }
            match self
                .store
                .user_for_token(&self.token_hash, self.clock.now_ms())
                .await
            {
                Ok(Some(u)) if u.id == self.owner && u.role.can(Feature::MultiChannel) => {}
                Ok(_) => return None,
                Err(err) => {
                    tracing::warn!(error = %err, "event stream ended");
                    return None;
                }
            }
            let got = match self.store.events_after(self.owner, self.last, BATCH).await {
                Ok(got) => got,
                Err(err) => {
                    // The client reconnects with its last id and misses nothing.
                    tracing::warn!(error = %err, "event stream ended");
                    return None;
                }
            };
            if !got.is_empty() {
                self.pending.extend(got);
                continue;
            }
            if !self.ready_sent {
                // Tells the client the catch-up is over: what follows is live.
                self.ready_sent = true;
                let event = Event::default()
                    .event("ready")
                    .data(format!("{{\"last_event_id\":{}}}", self.last));
                return Some((Ok(event), self));
            }
            // This node's jobs and (on PostgreSQL) every writer's notifications wake the stream
            // at once; polling is the fallback.
            tokio::select! {
                _ = self.wake.recv() => {}
                () = crate::live::owner_notified(&mut self.notified, self.owner) => {}
                () = tokio::time::sleep(self.poll) => {}
            }
        }
    }
}

/// Server-sent events for the caller's integrations and orders: `job` (a sync job's state
/// and progress: `job_id`, `kind`, `integration_id`, `state`, `done`, `failed`, `total`,
/// `error`) and `order` (a new order: `order_id`, `integration_id`, `order_number`,
/// `status`, `total_minor`, `currency`), each with its id; after the catch-up of missed
/// events, one `ready` event. Send the last id you saw as `Last-Event-ID` (browsers do when
/// they reconnect) to miss nothing.
#[utoipa::path(get, path = "/api/events", tag = "integrations",
    params(EventsQuery,
           ("Last-Event-ID" = Option<String>, Header, description = "The id of the last event you received")),
    responses((status = 200, description = "An endless `text/event-stream`",
                content_type = "text/event-stream", body = String),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn events(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Response> {
    auth.require(Feature::MultiChannel)?;
    let owner = auth.user.id;
    let header = match headers.get("last-event-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .ok_or_else(|| ApiError::field("Last-Event-ID", "must be an event id"))?,
        ),
    };
    if q.after.is_some_and(|a| a < 0) {
        return Err(ApiError::field("after", "must be an event id"));
    }
    let last = match header.or(q.after) {
        Some(id) => id,
        None => state.store.last_event_id(owner).await?,
    };
    let cursor = Cursor {
        store: state.store.clone(),
        clock: state.clock.clone(),
        token_hash: auth.token_hash.clone(),
        owner,
        last,
        pending: VecDeque::new(),
        ready_sent: false,
        wake: state.engine.job_events.subscribe(),
        notified: state.live.subscribe(&state.store),
        poll: state.config.events_poll,
    };
    let stream = futures_util::stream::unfold(cursor, Cursor::next);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}
