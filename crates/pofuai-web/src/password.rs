//! Passwords: argon2id (OWASP's 19 MiB, 2 passes, 1 lane), computed on the blocking pool
//! through a fixed number of slots, each with its memory allocated once and reused. A flood
//! of logins therefore costs at most `slots × 19 MiB` of memory and waits a short while for a
//! slot, then gets 503 `busy`, instead of allocating 19 MiB per request (which took the server
//! from 1 GB to 4.9 GB under 100 concurrent logins). An unknown e-mail is verified against a
//! dummy hash with the same parameters, so it costs exactly what a wrong password costs.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Memory per computation, in 1 KiB blocks.
const M_COST: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
/// Stored hashes asking for more memory than this are treated as not matching.
const MAX_BLOCKS: usize = 64 * 1024;

/// A hash of a password nobody knows, with the current parameters: what an unknown e-mail is
/// verified against. `dummy_has_the_current_parameters` fails, printing a replacement, when
/// the parameters change.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$VQf71t9nYIBkP/JruoA1qQ$koLZiEg5qVHHak+nSMk952ybUGlFJPLPafv2aHLexgg";

fn params() -> Params {
    Params::new(M_COST, T_COST, P_COST, None).unwrap_or_default()
}

/// The bounded hasher the server uses.
pub struct Passwords {
    slots: Arc<Semaphore>,
    /// Memory of idle slots; never more buffers than slots exist.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    wait: Duration,
    allocated: Arc<AtomicUsize>,
    computed: Arc<AtomicU64>,
}

impl Passwords {
    /// `slots` computations at once (size it to the cores); a request waits at most `wait`
    /// for one.
    pub fn new(slots: usize, wait: Duration) -> Passwords {
        Passwords {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            memory: Arc::new(Mutex::new(Vec::new())),
            wait,
            allocated: Arc::new(AtomicUsize::new(0)),
            computed: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A PHC string for `password` with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move |memory| hash_with(&password, memory)).await?
    }

    /// True when `password` matches `stored`. With no stored hash (unknown e-mail) the same
    /// work is done against a dummy hash, and the answer is false.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.to_string());
        let matches = self
            .run(move |memory| verify_with(&password, &stored, memory))
            .await?;
        Ok(known && matches)
    }

    /// How many argon2 computations ran, for tests and metrics.
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    /// Slot memory buffers ever allocated; at most the number of slots.
    pub fn buffers_allocated(&self) -> usize {
        self.allocated.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let slot = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 1,
            })?
            .map_err(ApiError::internal)?;
        let memory = self.memory.clone();
        let allocated = self.allocated.clone();
        let computed = self.computed.clone();
        // The slot moves into the blocking task: a client that hangs up does not free it
        // while the computation still runs.
        tokio::task::spawn_blocking(move || {
            let taken = memory.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let mut buffer = taken.unwrap_or_else(|| {
                allocated.fetch_add(1, Ordering::Relaxed);
                vec![Block::default(); params().block_count()]
            });
            let out = work(&mut buffer);
            computed.fetch_add(1, Ordering::Relaxed);
            memory
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(buffer);
            drop(slot);
            out
        })
        .await
        .map_err(ApiError::internal)
    }
}

/// Hashes outside the server's slots, for the command line and test set-up.
pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut memory = vec![Block::default(); params().block_count()];
        hash_with(&password, &mut memory)
    })
    .await
    .map_err(ApiError::internal)?
}

fn hash_with(password: &str, memory: &mut [Block]) -> Result<String, ApiError> {
    let fail =
        |e: argon2::password_hash::Error| ApiError::internal(std::io::Error::other(e.to_string()));
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.as_salt().decode_b64(&mut salt_bytes).map_err(fail)?;
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon
            .hash_password_into_with_memory(password.as_bytes(), salt_raw, out, &mut *memory)
            .map_err(Into::into)
    })
    .map_err(fail)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params).try_into().map_err(fail)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Recomputes with the stored hash's own algorithm, version and parameters; a malformed or
/// unreasonable stored hash counts as no match.
fn verify_with(password: &str, stored: &str, memory: &mut [Block]) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .unwrap_or(Version::V0x13);
    let needed = params.block_count();
    if needed > MAX_BLOCKS {
        return false;
    }
    let mut extra;
    let blocks: &mut [Block] = if needed <= memory.len() {
        memory
    } else {
        // A hash made with more memory than ours (older parameters): borrow it once.
        extra = vec![Block::default(); needed];
        &mut extra
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params);
    Output::init_with(expected.len(), |out| {
        argon
            .hash_password_into_with_memory(password.as_bytes(), salt_raw, out, &mut *blocks)
            .map_err(Into::into)
    })
    // `Output`'s equality is constant-time.
    .is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_the_dummy_matches_nothing() {
        let p = Passwords::new(2, Duration::from_secs(5));
        let h = p.hash("dogru-parola-123".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(
            p.verify("dogru-parola-123".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(
            !p.verify("yanlis-parola".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!p.verify("dogru-parola-123".into(), None).await.unwrap());
        assert!(
            !p.verify("x".into(), Some("not a hash".into()))
                .await
                .unwrap()
        );
        // The command line's hasher makes hashes the server verifies.
        let cli = hash("baska-parola-45".into()).await.unwrap();
        assert!(p.verify("baska-parola-45".into(), Some(cli)).await.unwrap());
    }

    #[test]
    fn dummy_has_the_current_parameters() {
        let parsed = PasswordHash::new(DUMMY).unwrap();
        let current = {
            let mut memory = vec![Block::default(); params().block_count()];
            hash_with("pofuai-no-such-user", &mut memory).unwrap()
        };
        let (stored, now) = (Params::try_from(&parsed).unwrap(), params());
        assert_eq!(
            (stored.m_cost(), stored.t_cost(), stored.p_cost()),
            (now.m_cost(), now.t_cost(), now.p_cost()),
            "parameters changed: set DUMMY to {current}"
        );
        assert_eq!(parsed.algorithm, Algorithm::Argon2id.ident());
    }

    #[tokio::test]
    async fn a_flood_uses_no_more_memory_than_the_slots_and_waits_briefly() {
        let p = Arc::new(Passwords::new(2, Duration::from_secs(30)));
        let stored = p.hash("dogru-parola-123".into()).await.unwrap();
        let runs = (0..12).map(|i| {
            let p = p.clone();
            let stored = (i % 2 == 0).then(|| stored.clone());
            tokio::spawn(async move { p.verify("yanlis-parola".into(), stored).await })
        });
        for r in futures_join(runs).await {
            assert!(!r.unwrap().unwrap());
        }
        assert_eq!(
            p.computed(),
            13,
            "one computation per verify, unknown or not"
        );
        assert!(
            p.buffers_allocated() <= 2,
            "{} buffers",
            p.buffers_allocated()
        );
    }

    #[tokio::test]
    async fn no_free_slot_in_time_is_busy() {
        let p = Passwords::new(1, Duration::from_millis(20));
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = {
            let slots = p.slots.clone();
            let memory = p.memory.clone();
            let p2 = Passwords {
                slots,
                memory,
                wait: Duration::from_secs(5),
                allocated: p.allocated.clone(),
                computed: p.computed.clone(),
            };
            tokio::spawn(async move {
                p2.run(move |_| {
                    let _ = started_tx.send(());
                    let _ = release_rx.recv();
                })
                .await
            })
        };
        tokio::task::spawn_blocking(move || started_rx.recv())
            .await
            .unwrap()
            .unwrap();
        match p.verify("parola-parola".into(), None).await {
            Err(ApiError::Busy { retry_after_secs }) => assert!(retry_after_secs > 0),
            other => panic!("expected busy, got {other:?}"),
        }
        release_tx.send(()).unwrap();
        holder.await.unwrap().unwrap();
        assert!(!p.verify("parola-parola".into(), None).await.unwrap());
    }

    async fn futures_join<T>(
        handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
    ) -> Vec<Result<T, tokio::task::JoinError>> {
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await);
        }
        out
    }
}
