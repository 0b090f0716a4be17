//! Administration of accounts: list, change role, quota override, disable.

use axum::Json;
use axum::extract::State;
use pofuai_core::{Feature, Role};
use pofuai_store::Page;
use pofuai_store::users::UserChanges;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::accounts::UserView;
use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(update_user))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Only users of this role.
    #[param(value_type = Option<String>)]
    role: Option<Role>,
    /// Only e-mails containing this text.
    email: Option<String>,
    /// Page size, 1–100 (default 20).
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    items: Vec<UserView>,
    next_cursor: Option<String>,
}

impl From<Page<pofuai_store::users::User>> for UserPage {
    fn from(p: Page<pofuai_store::users::User>) -> UserPage {
        let p = p.map(UserView::from);
        UserPage {
            items: p.items,
            next_cursor: p.next_cursor,
        }
    }
}

/// Lists accounts, newest first.
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", params(UserQuery),
    responses((status = 200, body = UserPage), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn list_users(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Json<UserPage>> {
    auth.require(Feature::UserAdmin)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let users = state
        .store
        .list_users(page, q.role, q.email.as_deref())
        .await?;
    Ok(Json(users.into()))
}

/// `Some(None)` for an explicit `null`, `None` when the field is absent.
fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[schema(value_type = Option<String>, example = "premium")]
    role: Option<Role>,
    /// Monthly template generations instead of the role's default; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    template_quota_override: Option<Option<i64>>,
    disabled: Option<bool>,
    display_name: Option<String>,
}

/// Changes an account's role, quota override, name or disabled flag. Disabling revokes the
/// account's tokens. Admins cannot demote or disable themselves.
#[utoipa::path(patch, path = "/api/admin/users/{id}", tag = "admin",
    params(("id" = i64, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses((status = 200, body = UserView), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn update_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<UpdateUserRequest>,
) -> ApiResult<Json<UserView>> {
    auth.require(Feature::UserAdmin)?;
    if id == auth.user.id {
        if req.role.is_some_and(|r| r != Role::Admin) {
            return Err(ApiError::field("role", "you cannot change your own role"));
        }
        if req.disabled == Some(true) {
            return Err(ApiError::field("disabled", "you cannot disable yourself"));
        }
    }
    if let Some(Some(q)) = req.template_quota_override {
        pofuai_core::product::range("template_quota_override", q, 0, 10_000_000)?;
    }
    let display_name = req
        .display_name
        .as_deref()
        .map(|n| pofuai_core::product::text("display_name", n, 1, 100))
        .transpose()?;
    let user = state
        .store
        .update_user(
            id,
            UserChanges {
                role: req.role,
                template_quota_override: req.template_quota_override,
                disabled: req.disabled,
                display_name,
            },
            state.now_ms(),
        )
        .await?;
    tracing::info!(
        admin.id = auth.user.id,
        user.id = id,
        "account changed by admin"
    );
    Ok(Json(user.into()))
}
