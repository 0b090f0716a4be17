//! Passwords: argon2id, hashed and verified on the blocking pool so the async runtime keeps
//! serving while a hash takes its tens of milliseconds.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::ApiError;

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ApiError::internal(std::io::Error::other(e.to_string())))
    })
    .await
    .map_err(ApiError::internal)?
}

/// True when `password` matches; a malformed stored hash counts as no match.
pub async fn verify(password: String, stored: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(ApiError::internal)
}

/// A hash of a random password, verified against when the e-mail is unknown, so that a wrong
/// e-mail takes as long as a wrong password.
pub async fn dummy_hash() -> Result<String, ApiError> {
    hash("pofuai-no-such-user-placeholder".to_string()).await
}
