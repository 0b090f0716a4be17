//! The in-process cache of token lookups, kept honest by the revocation log: a cached user is
//! served only while this process has read the log (`auth_revocations`) within [`FRESH`], so
//! a logout, a disabled account or a role change made by any node ends the cached sessions
//! everywhere within a second. The log is read every [`POLL`], and at once on PostgreSQL when
//! a revocation's `NOTIFY` arrives.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use crate::cluster::{AUTH_CHANNEL, Wakeups};
use crate::users::User;
use crate::{Store, StoreError};

/// How long after the last completed read of the revocation log cached lookups are trusted.
pub const FRESH: Duration = Duration::from_millis(750);
/// How often the log is read when no notification came sooner.
pub const POLL: Duration = Duration::from_millis(200);
/// A cached lookup is done again after this, whatever the log says.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Most lookups kept; beyond, an arbitrary one makes room.
pub const CAPACITY: usize = 10_000;
/// Rows of the log read at once.
const BATCH: usize = 1000;

struct Entry {
    user: User,
    expires_at: i64,
    loaded: Instant,
}

#[derive(Default)]
struct Entries {
    by_token: HashMap<String, Entry>,
    /// Grows with every eviction: a lookup that read the database before an eviction it did
    /// not see must not be cached after it.
    generation: u64,
}

/// Hit and miss counts, for tests and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
}

pub(crate) struct TokenCache {
    entries: Mutex<Entries>,
    /// When the last completed read of the log started, in ms after `epoch` plus one (0: never).
    checked: AtomicU64,
    epoch: Instant,
    watching: AtomicBool,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for TokenCache {
    fn default() -> TokenCache {
        TokenCache {
            entries: Mutex::default(),
            checked: AtomicU64::new(0),
            epoch: Instant::now(),
            watching: AtomicBool::new(false),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }
}

impl TokenCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves the map consistent (each operation is one
        // insert or remove), so a poisoned lock is still usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn since_epoch(&self, t: Instant) -> u64 {
        u64::try_from(t.duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX - 1) + 1
    }

    fn fresh(&self) -> bool {
        let checked = self.checked.load(Ordering::Acquire);
        checked != 0 && self.since_epoch(Instant::now()) < checked + FRESH.as_millis() as u64
    }

    /// The cached user of a live token, if the log was read recently enough to trust it.
    pub(crate) fn get(&self, token_hash: &str, now_ms: i64) -> Option<User> {
        let found = if self.fresh() {
            let entries = self.lock();
            entries
                .by_token
                .get(token_hash)
                .filter(|e| e.expires_at > now_ms && e.loaded.elapsed() < MAX_AGE)
                .map(|e| e.user.clone())
        } else {
            None
        };
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// The generation to hand back to [`TokenCache::insert`] after a database lookup.
    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Keeps a lookup read from the database, unless an eviction happened since it began.
    pub(crate) fn insert(&self, token_hash: &str, user: User, expires_at: i64, generation: u64) {
        let mut entries = self.lock();
        if entries.generation != generation {
            return;
        }
        if entries.by_token.len() >= CAPACITY && !entries.by_token.contains_key(token_hash) {
            entries.by_token.retain(|_, e| e.loaded.elapsed() < MAX_AGE);
            if entries.by_token.len() >= CAPACITY
                && let Some(k) = entries.by_token.keys().next().cloned()
            {
                entries.by_token.remove(&k);
            }
        }
        entries.by_token.insert(
            token_hash.to_string(),
            Entry {
                user,
                expires_at,
                loaded: Instant::now(),
            },
        );
    }

    /// Drops every cached lookup of these users.
    pub(crate) fn evict_users(&self, users: &[i64]) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.by_token.retain(|_, e| !users.contains(&e.user.id));
    }

    fn clear(&self) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.by_token.clear();
    }

    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

impl Store {
    /// Starts this process's reader of the revocation log, once; without it (no runtime, or
    /// before its first read) the cache serves nothing and every lookup asks the database.
    pub(crate) fn watch_revocations(&self) {
        if self.tokens.watching.load(Ordering::Acquire)
            || self.tokens.watching.swap(true, Ordering::AcqRel)
        {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            self.tokens.watching.store(false, Ordering::Release);
            return;
        };
        // The reader's own store has a cache of its own that it never uses, so the task does
        // not keep this cache alive: it ends when the last clone of this store is dropped.
        let reader = Store {
            backend: self.backend.clone(),
            tokens: Arc::default(),
            stamps: Arc::default(),
        };
        runtime.spawn(read_revocations(reader, Arc::downgrade(&self.tokens)));
    }

    /// Hits and misses of this process's token cache.
    pub fn token_cache_stats(&self) -> CacheStats {
        self.tokens.stats()
    }

    async fn last_revocation_id(&self) -> Result<i64, StoreError> {
        let id: Option<i64> = crate::on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT MAX(id) FROM auth_revocations")
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }

    async fn revocations_after(&self, after: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows: Vec<(i64, i64)> = crate::on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, user_id FROM auth_revocations WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(BATCH as i64)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// Deletes log rows older than a day (every reader is far past them); returns how many.
    pub async fn prune_revocations(&self, now: i64) -> Result<u64, StoreError> {
        let n = crate::on_writer!(self, |pool| {
            sqlx::query("DELETE FROM auth_revocations WHERE created_at < $1")
                .bind(now - 24 * 3600 * 1000)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n)
    }

    fn is_closed(&self) -> bool {
        match &self.backend {
            crate::Backend::Sqlite { pool, .. } => pool.is_closed(),
            crate::Backend::Postgres(pool) => pool.is_closed(),
        }
    }
}

/// Waits for a notification, or forever without a listener; after a dropped connection, for
/// one poll interval (sqlx reconnects on the next call).
async fn notified(wakeups: &mut Option<Wakeups>) {
    match wakeups {
        Some(w) => {
            if w.recv().await.is_err() {
                tokio::time::sleep(POLL).await;
            }
        }
        None => std::future::pending().await,
    }
}

/// The reader of the revocation log: evicts the users it names and records when it last read
/// the log completely, which is what makes cached lookups trusted.
async fn read_revocations(store: Store, cache: Weak<TokenCache>) {
    let mut wakeups = match store.listen(AUTH_CHANNEL).await {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "no revocation notifications; polling");
            None
        }
    };
    let mut last: Option<i64> = None;
    let mut failing = false;
    loop {
        let Some(tokens) = cache.upgrade() else {
            return;
        };
        if store.is_closed() {
            return;
        }
        let started = Instant::now();
        let read: Result<bool, StoreError> = match last {
            // The first read: nothing cached before it can be checked against the log, so
            // it all goes.
            None => match store.last_revocation_id().await {
                Ok(id) => {
                    tokens.clear();
                    last = Some(id);
                    Ok(true)
                }
                Err(e) => Err(e),
            },
            Some(after) => match store.revocations_after(after).await {
                Ok(rows) => {
                    if let Some((id, _)) = rows.last() {
                        let users: Vec<i64> = rows.iter().map(|(_, u)| *u).collect();
                        tokens.evict_users(&users);
                        last = Some(*id);
                    }
                    Ok(rows.len() < BATCH)
                }
                Err(e) => Err(e),
            },
        };
        match read {
            Ok(complete) => {
                failing = false;
                if !complete {
                    continue;
                }
                tokens
                    .checked
                    .store(tokens.since_epoch(started), Ordering::Release);
            }
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "revocation log unreadable; token cache off");
                }
                failing = true;
            }
        }
        drop(tokens);
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = notified(&mut wakeups) => {}
        }
    }
}
