//! What the caller may use of the AI features, and how much of the month's quota is left.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use pofuai_core::{QuotaPeriod, QuotaStatus, Role};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiResult, ErrorEnvelope};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(permissions))
}

#[derive(Serialize, ToSchema)]
pub struct QuotaView {
    /// Generations allowed this month; `null` is unlimited.
    limit: Option<i64>,
    used: i64,
    /// `null` when unlimited.
    remaining: Option<i64>,
    /// Start of the next month, Europe/Istanbul time.
    resets_at: DateTime<Utc>,
}

impl From<QuotaStatus> for QuotaView {
    fn from(q: QuotaStatus) -> QuotaView {
        QuotaView {
            limit: q.limit,
            used: q.used,
            remaining: q.remaining,
            resets_at: q.resets_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PermissionsView {
    #[schema(value_type = String, example = "premium")]
    role: Role,
    /// Features this role may use, e.g. `template_basic`, `bulk_operations`.
    features: Vec<&'static str>,
    template_quota: QuotaView,
}

/// The caller's role, the features it unlocks and the template quota of this month.
#[utoipa::path(get, path = "/api/ai/permissions", tag = "ai",
    responses((status = 200, body = PermissionsView), (status = 401, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn permissions(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<PermissionsView>> {
    let period = QuotaPeriod::containing(to_datetime(state.now_ms()));
    let used = state.store.quota_used(auth.user.id, &period.key()).await?;
    let limit = match auth.user.template_quota_override {
        Some(q) => Some(q),
        None => auth.user.role.default_template_quota(),
    };
    Ok(Json(PermissionsView {
        role: auth.user.role,
        features: auth
            .user
            .role
            .features()
            .into_iter()
            .map(|f| f.as_str())
            .collect(),
        template_quota: QuotaStatus::new(limit, used, period).into(),
    }))
}
