//! The panel's session: the API's login cookie resolved to a user, the user's language, and
//! the CSRF token every state-changing form must carry.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use pofuai_core::{Feature, Role};
use pofuai_store::users::User;
use sha2::{Digest, Sha256};

use super::i18n::Lang;
use super::{PanelError, PanelState};
use crate::auth::{presented_token, token_hash};

/// Name of the form field (and htmx header) carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The pre-login cookie that the login form's token is bound to.
pub const LOGIN_CSRF_COOKIE: &str = "pofuai_login_csrf";

/// A signed-in panel user.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    /// The raw session token: the panel calls the API with it, as the browser would.
    pub token: String,
    pub token_hash: String,
    pub lang: Lang,
    pub csrf: String,
}

impl Session {
    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn can(&self, f: Feature) -> bool {
        self.user.role.can(f)
    }

    /// A 403 page unless the role has the feature; the API would refuse anyway, but a page
    /// must not even show what the role may not use.
    pub fn require(&self, f: Feature) -> Result<(), PanelError> {
        if self.can(f) {
            Ok(())
        } else {
            Err(PanelError::forbidden(self.lang))
        }
    }

    /// Refuses a state change whose form (or htmx header) lacks this session's token.
    pub fn check_csrf(
        &self,
        headers: &HeaderMap,
        form: &[(String, String)],
    ) -> Result<(), PanelError> {
        let given = form
            .iter()
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.as_str())
            .or_else(|| headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()));
        match given {
            Some(g) if constant_time_eq(g.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(PanelError::csrf(self.lang)),
        }
    }
}

/// The CSRF token of a session: derived from the session token, which scripts cannot read
/// (HttpOnly), so a page on another site can neither read nor guess it. Nothing to store.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"pofuai-panel-csrf\0");
    h.update(session_token.as_bytes());
    hex::encode(h.finalize())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The language for someone not signed in: `Accept-Language`, else Turkish.
pub fn anonymous_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::Tr, Lang::from_accept_language)
}

impl FromRequestParts<PanelState> for Session {
    type Rejection = PanelError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &PanelState,
    ) -> Result<Session, PanelError> {
        let lang = anonymous_lang(&parts.headers);
        let next = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let login = || PanelError::Login { next: next.clone() };
        let token = presented_token(&parts.headers).ok_or_else(login)?;
        if token.is_empty() || token.len() > 200 {
            return Err(login());
        }
        let hash = token_hash(token);
        let user = state
            .app
            .store
            .user_for_token(&hash, state.app.now_ms())
            .await
            .map_err(|e| PanelError::internal(lang, e))?
            .ok_or_else(login)?;
        let chosen = state
            .app
            .store
            .user_language(user.id)
            .await
            .map_err(|e| PanelError::internal(lang, e))?
            .and_then(|l| Lang::parse(&l));
        Ok(Session {
            user,
            csrf: csrf_token(token),
            token: token.to_string(),
            token_hash: hash,
            lang: chosen.unwrap_or(lang),
        })
    }
}
