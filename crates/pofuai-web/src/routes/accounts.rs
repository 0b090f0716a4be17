//! Registration, login, logout and the caller's own account.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use pofuai_core::product::Problems;
use pofuai_core::{FieldError, Role};
use pofuai_store::users::{NewUser, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::{self, Auth};
use crate::client::ClientIp;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiJson;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    current_password: String,
    new_password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    email: String,
    password: String,
    display_name: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    token_type: &'static str,
    expires_at: DateTime<Utc>,
    user: UserView,
}

/// An account as the API shows it; never with its password hash.
#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[schema(value_type = String, example = "seller")]
    pub role: Role,
    pub disabled: bool,
    /// Monthly template generations granted instead of the role's default.
    pub template_quota_override: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> UserView {
        UserView {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            disabled: u.disabled,
            template_quota_override: u.template_quota_override,
            created_at: to_datetime(u.created_at),
        }
    }
}

/// Lower-cased, trimmed, and plausibly deliverable; we do not send mail, so no more than that.
pub(crate) fn parse_email(field: &str, raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    let bad = || {
        FieldError::coded(
            field,
            "invalid_email",
            "must be an e-mail address like ad@ornek.com",
        )
    };
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
    {
        return Err(bad());
    }
    Ok(email)
}

pub(crate) fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < 10 {
        return Err(
            FieldError::coded(field, "too_short", "must be at least 10 characters").arg("min", 10),
        );
    }
    // argon2 takes any length, but hashing megabytes on request is a denial of service.
    if n > 128 {
        return Err(
            FieldError::coded(field, "too_long", "must be at most 128 characters").arg("max", 128),
        );
    }
    Ok(())
}

/// Creates a `normal` account. The role is not the caller's to choose.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = UserView),
        (status = 409, description = "E-mail already registered", body = ErrorEnvelope),
        (status = 422, description = "Invalid field", body = ErrorEnvelope),
    ))]
async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let mut p = Problems::default();
    let email = p.check(parse_email("email", &req.email));
    p.check(check_password("password", &req.password));
    let display_name = match &req.display_name {
        Some(n) => p.check(pofuai_core::product::text("display_name", n, 1, 100)),
        None => email
            .as_deref()
            .and_then(|e| e.split('@').next())
            .map(str::to_string),
    };
    let (email, display_name) = p.finish(|| (email, display_name))?;
    let (Some(email), Some(display_name)) = (email, display_name) else {
        return Err(ApiError::coded("email", "required", "is required"));
    };
    let hash = state.passwords.hash(req.password).await?;
    let user = state
        .store
        .create_user(
            NewUser {
                email: &email,
                password_hash: &hash,
                display_name: &display_name,
                role: Role::Normal,
            },
            state.now_ms(),
        )
        .await?;
    tracing::info!(user.id = user.id, "account registered");
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// Exchanges e-mail and password for a bearer token (also set as an HttpOnly cookie).
#[utoipa::path(post, path = "/api/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Wrong e-mail or password", body = ErrorEnvelope),
        (status = 403, description = "Account disabled", body = ErrorEnvelope),
        (status = 429, description = "This client failed too often; wait Retry-After seconds", body = ErrorEnvelope),
        (status = 503, description = "Too many logins at once; retry after Retry-After", body = ErrorEnvelope),
    ))]
async fn login(
    State(state): State<AppState>,
    client: ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    let email = parse_email("email", &req.email)?;
    if req.password.chars().count() > 128 {
        return Err(ApiError::InvalidCredentials);
    }
    let now = state.now_ms();
    let client = client.key();
    if let Some(secs) = state.login_throttle.wait(&client, &email, now) {
        return Err(ApiError::RateLimited {
            retry_after_secs: secs,
        });
    }
    let found = state.store.user_with_password(&email).await?;
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    // One verification either way (an unknown e-mail against a dummy hash), so neither time
    // nor work reveals which accounts exist.
    let ok = state.passwords.verify(req.password, stored).await?;
    let Some(user) = user.filter(|_| ok) else {
        state.login_throttle.failed(&client, &email, now);
        return Err(ApiError::InvalidCredentials);
    };
    if user.disabled {
        return Err(ApiError::AccountDisabled);
    }
    state.login_throttle.succeeded(&client, &email);
    let (token, hash) = auth::new_token();
    let ttl_ms = i64::try_from(state.config.token_ttl.as_millis()).unwrap_or(i64::MAX / 2);
    let expires_at = now + ttl_ms;
    state
        .store
        .insert_token(user.id, &hash, now, expires_at)
        .await?;
    let mut headers = HeaderMap::new();
    if let Some(v) = auth::session_cookie(&token, ttl_ms / 1000, state.config.secure_cookies) {
        headers.insert(header::SET_COOKIE, v);
    }
    Ok((
        headers,
        Json(LoginResponse {
            token,
            token_type: "Bearer",
            expires_at: to_datetime(expires_at),
            user: user.into(),
        }),
    ))
}

/// Revokes the token this request carries.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 204, description = "Token revoked"), (status = 401, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn logout(State(state): State<AppState>, auth: Auth) -> ApiResult<impl IntoResponse> {
    state
        .store
        .revoke_token(&auth.token_hash, state.now_ms())
        .await?;
    let mut headers = HeaderMap::new();
    if let Some(v) = auth::session_cookie("", 0, state.config.secure_cookies) {
        headers.insert(header::SET_COOKIE, v);
    }
    Ok((StatusCode::NO_CONTENT, headers))
}

/// The caller's account.
#[utoipa::path(get, path = "/api/me", tag = "auth",
    responses((status = 200, body = UserView), (status = 401, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn me(auth: Auth) -> Json<UserView> {
    Json(auth.user.into())
}

/// Changes the caller's password: the current one must be right; every other session of the
/// account ends (this one stays).
#[utoipa::path(post, path = "/api/me/password", tag = "auth",
    request_body = PasswordRequest,
    responses((status = 204, description = "Changed"), (status = 401, body = ErrorEnvelope),
              (status = 422, description = "Wrong current password or a weak new one", body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<PasswordRequest>,
) -> ApiResult<StatusCode> {
    check_password("new_password", &req.new_password)?;
    if req.current_password.chars().count() > 128 {
        return Err(ApiError::coded(
            "current_password",
            "wrong_password",
            "is wrong",
        ));
    }
    let stored = state
        .store
        .user_with_password(&auth.user.email)
        .await?
        .map(|(_, hash)| hash);
    if !state.passwords.verify(req.current_password, stored).await? {
        return Err(ApiError::coded(
            "current_password",
            "wrong_password",
            "is wrong",
        ));
    }
    let hash = state.passwords.hash(req.new_password).await?;
    state
        .store
        .change_password(auth.user.id, &hash, &auth.token_hash, state.now_ms())
        .await?;
    tracing::info!(user.id = auth.user.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
