//! Sales-channel integrations. Today: the catalogue of systems and what we implement for each.

use axum::Json;
use pofuai_core::Feature;
use pofuai_core::catalogue::{Category, SYSTEMS, System};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, ErrorEnvelope};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(available))
}

#[derive(Serialize, ToSchema)]
pub struct AvailableView {
    #[schema(value_type = Vec<String>)]
    categories: Vec<Category>,
    /// name, display_name, category, credentials [{name, secret, required}], capabilities,
    /// level (full | basic | catalogue_only) and planned.
    #[schema(value_type = Vec<Object>)]
    systems: &'static [System],
}

/// Every system of the catalogue (50 in 7 categories, and 5 planned), with the credentials
/// each needs and the level our connector implements today.
#[utoipa::path(get, path = "/api/integrations/available", tag = "integrations",
    responses((status = 200, body = AvailableView), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn available(auth: Auth) -> ApiResult<Json<AvailableView>> {
    auth.require(Feature::MultiChannel)?;
    Ok(Json(AvailableView {
        categories: Category::ALL.to_vec(),
        systems: SYSTEMS,
    }))
}
