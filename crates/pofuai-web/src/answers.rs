//! The catalogue's busiest reads (a page of products, one product) kept as the bytes sent, per
//! scope and request, and sent again while the catalogue's stamp says nothing changed since
//! they were read. One small query then stands in for the page's query with its JSON
//! aggregation, the parse and the serialisation; the stamp comes from the database
//! ([`pofuai_store::catalogue`]), so a change made by any node, worker or command-line process
//! ends every cached answer it touches at once.
//!
//! Concurrent requests of one scope share their stamp reads: a request joins the next read that
//! has not started yet, so every read starts after each request it answers arrived, and says
//! what a read of the request's own would — while under load one query answers many requests.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use pofuai_store::catalogue::CatalogueStamp;
use pofuai_store::products::Scope;
use pofuai_store::token_cache::CacheStats;
use pofuai_store::{Store, StoreError};
use serde::Serialize;
use tokio::sync::watch;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

/// Most answers kept; beyond, arbitrary ones make room.
const CAPACITY: usize = 4096;
/// Most bytes kept over all answers.
const MAX_BYTES: usize = 64 << 20;

#[derive(Clone)]
struct Answer {
    mark: i64,
    body: Bytes,
    etag: Option<i64>,
}

#[derive(Default)]
struct Entries {
    by_key: HashMap<(Scope, String), Answer>,
    bytes: usize,
}

/// What a shared stamp read ends with: `Some(None)` when it failed (each request then reads
/// its own, to answer with the real error).
type Outcome = Option<Option<CatalogueStamp>>;

/// Per scope, while a reader task runs: the read that has not started yet, which arriving
/// requests join.
#[derive(Default)]
struct Readers {
    next: HashMap<Scope, Option<watch::Sender<Outcome>>>,
}

#[derive(Default)]
pub struct AnswerCache {
    entries: Mutex<Entries>,
    readers: Arc<Mutex<Readers>>,
    hits: AtomicU64,
    misses: AtomicU64,
    /// Stamp reads made, shared or not.
    reads: Arc<AtomicU64>,
}

/// Every operation under these locks leaves its map whole, so a poisoned lock is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Ends a scope's reader task if it stops short (a panic, a runtime shutting down): requests
/// still waiting see their read dropped and read their own, and the next request starts a
/// new task.
struct ReaderGone {
    readers: Arc<Mutex<Readers>>,
    scope: Scope,
    armed: bool,
}

impl Drop for ReaderGone {
    fn drop(&mut self) {
        if self.armed {
            lock(&self.readers).next.remove(&self.scope);
        }
    }
}

/// Reads the stamp of `scope` for each batch of requests that joined while the read before
/// ran, until no request waits. The scope's entry exists exactly while this task does, so a
/// request that finds it can count on its batch being read.
async fn read_stamps(
    readers: Arc<Mutex<Readers>>,
    reads: Arc<AtomicU64>,
    store: Store,
    scope: Scope,
) {
    let mut gone = ReaderGone {
        readers: readers.clone(),
        scope,
        armed: true,
    };
    loop {
        // Every task that is ready runs first: under load the requests they parse meanwhile
        // join this read rather than each waiting for a read of its own (a read per few
        // requests cost a sixth of the server's time); with nothing else to run, this
        // returns at once.
        tokio::task::yield_now().await;
        let batch = {
            let mut r = lock(&readers);
            match r.next.get_mut(&scope).and_then(Option::take) {
                Some(batch) => batch,
                None => {
                    r.next.remove(&scope);
                    gone.armed = false;
                    return;
                }
            }
        };
        reads.fetch_add(1, Ordering::Relaxed);
        let stamp = store.catalogue_stamp(scope).await.ok();
        batch.send_replace(Some(stamp));
    }
}

impl AnswerCache {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        lock(&self.entries)
    }

    /// The stamp of `scope` as of some moment after this call began.
    async fn stamp(&self, store: &Store, scope: Scope) -> Result<CatalogueStamp, StoreError> {
        let mut batch = {
            let mut readers = lock(&self.readers);
            let running = readers.next.contains_key(&scope);
            let next = readers.next.entry(scope).or_default();
            let batch = match next {
                Some(tx) => tx.subscribe(),
                None => {
                    let (tx, rx) = watch::channel(None);
                    *next = Some(tx);
                    rx
                }
            };
            if !running {
                tokio::spawn(read_stamps(
                    self.readers.clone(),
                    self.reads.clone(),
                    store.clone(),
                    scope,
                ));
            }
            batch
        };
        let shared = batch
            .wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|outcome| *outcome)
            .flatten();
        match shared {
            Some(stamp) => Ok(stamp),
            None => {
                self.reads.fetch_add(1, Ordering::Relaxed);
                store.catalogue_stamp(scope).await
            }
        }
    }

    fn get(&self, key: &(Scope, String), stamp: CatalogueStamp) -> Option<Answer> {
        let found = self
            .lock()
            .by_key
            .get(key)
            .filter(|a| stamp.unchanged_since(a.mark))
            .cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn insert(&self, key: (Scope, String), answer: Answer) {
        let mut entries = self.lock();
        if entries
            .by_key
            .get(&key)
            .is_some_and(|old| old.mark > answer.mark)
        {
            // A later read of the same request is already here.
            return;
        }
        let size = answer.body.len() + key.1.len();
        if let Some(old) = entries.by_key.insert(key.clone(), answer) {
            entries.bytes -= old.body.len() + key.1.len();
        }
        entries.bytes += size;
        while entries.by_key.len() > CAPACITY || entries.bytes > MAX_BYTES {
            let Some(victim) = entries.by_key.keys().find(|k| **k != key).cloned() else {
                break;
            };
            if let Some(old) = entries.by_key.remove(&victim) {
                entries.bytes -= old.body.len() + victim.1.len();
            }
        }
    }

    /// Catalogue stamp reads since the start (one answers every request that joined it).
    pub fn stamp_reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    /// Hits and misses since the start, for tests and the benchmark.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

/// Answers a catalogue read from the cache when the catalogue of `scope` has not changed since
/// it was kept, else by `load` (the value and the `ETag` version to send), keeping the result.
/// `key` must name everything the answer depends on besides the scope: the route and every
/// validated parameter.
pub async fn catalogue_answer<T, F>(
    state: &AppState,
    scope: Scope,
    key: String,
    load: F,
) -> ApiResult<Response>
where
    T: Serialize,
    F: Future<Output = ApiResult<(T, Option<i64>)>>,
{
    let stamp = state.answers.stamp(&state.store, scope).await?;
    let key = (scope, key);
    let answer = match state.answers.get(&key, stamp) {
        Some(answer) => answer,
        None => {
            let (value, etag) = load.await?;
            let body = serde_json::to_vec(&value).map_err(|e| ApiError::Internal(e.into()))?;
            let answer = Answer {
                mark: stamp.mark(),
                body: Bytes::from(body),
                etag,
            };
            state.answers.insert(key, answer.clone());
            answer
        }
    };
    let content_type = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(match answer.etag {
        Some(version) => ([content_type, crate::etag::etag(version)], answer.body).into_response(),
        None => ([content_type], answer.body).into_response(),
    })
}
