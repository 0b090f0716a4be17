//! The catalogue's busiest reads (a page of products, one product) kept as the bytes sent, per
//! scope and request, and sent again while the catalogue's stamp says nothing changed since
//! they were read. One small query then stands in for the page's query with its JSON
//! aggregation, the parse and the serialisation; the stamp comes from the database
//! ([`pofuai_store::catalogue`]), so a change made by any node, worker or command-line process
//! ends every cached answer it touches at once.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use pofuai_store::catalogue::CatalogueStamp;
use pofuai_store::products::Scope;
use pofuai_store::token_cache::CacheStats;
use serde::Serialize;

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

#[derive(Default)]
pub struct AnswerCache {
    entries: Mutex<Entries>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl AnswerCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // Every operation leaves the map whole, so a poisoned lock is still usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
    let stamp = state.store.catalogue_stamp(scope).await?;
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
