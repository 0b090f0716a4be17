//! Who is calling: bearer tokens (or the panel's cookie) resolved to a user, and the
//! feature checks every handler makes before it does anything.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use base64::Engine;
use pofuai_core::{Feature, Role};
use pofuai_store::products::Scope;
use pofuai_store::users::User;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;

pub const COOKIE_NAME: &str = "pofuai_token";

/// The session cookie carrying `token` (empty and expired to clear it): never readable by
/// scripts (`HttpOnly`), never sent on cross-site requests (`SameSite=Strict`, which also keeps
/// cookie-authenticated forms safe from cross-site posting), and only over https when the
/// panel is served over https (`Secure`).
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}"
    ))
    .ok()
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: User,
    pub(crate) token_hash: String,
}

impl Auth {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// 403 unless the caller's role has the feature.
    pub fn require(&self, feature: Feature) -> Result<(), ApiError> {
        if self.user.role.can(feature) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Products the caller may see: sellers their own, everyone else the whole catalogue.
    pub fn view_scope(&self) -> Scope {
        match self.user.role {
            Role::Seller => Scope::Owner(self.user.id),
            Role::Admin | Role::Premium | Role::Normal => Scope::All,
        }
    }

    /// Products the caller may change: admins all, sellers their own (others have no
    /// ProductManage feature and never get here).
    pub fn manage_scope(&self) -> Scope {
        match self.user.role {
            Role::Admin => Scope::All,
            _ => Scope::Owner(self.user.id),
        }
    }
}

/// A new opaque token and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = format!(
        "pfa_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The bearer token or session cookie a request carries, unchecked.
pub(crate) fn presented_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        let v = v.to_str().ok()?;
        let (scheme, token) = v.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then(|| token.trim());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_NAME)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Auth, ApiError> {
        let token = presented_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        if token.is_empty() || token.len() > 200 {
            return Err(ApiError::Unauthorized);
        }
        let hash = token_hash(token);
        let user = state
            .store
            .user_for_token(&hash, state.now_ms())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Auth {
            user,
            token_hash: hash,
        })
    }
}
