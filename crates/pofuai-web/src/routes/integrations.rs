//! Sales-channel integrations: the catalogue of systems, and each seller's configured
//! integrations with their credentials sealed at rest and masked in every response.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use pofuai_core::Feature;
use pofuai_core::catalogue::{self, Category, Level, SYSTEMS, System};
use pofuai_store::integrations::Integration;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_request;
use crate::AppState;
use crate::auth::Auth;
use crate::clock::to_datetime;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::secrets;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(available))
        .routes(routes!(list_integrations, create_integration))
        .routes(routes!(
            get_integration,
            update_integration,
            delete_integration
        ))
        .routes(routes!(activate))
        .routes(routes!(deactivate))
}

const ENVIRONMENTS: [&str; 3] = ["production", "stage", "sandbox"];

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIntegrationRequest {
    /// The system's category, e.g. `marketplace`.
    integration_type: String,
    /// The system's name in the catalogue, e.g. `trendyol`.
    integration_name: String,
    display_name: Option<String>,
    /// The credential fields the catalogue lists for the system, plus optional `environment`
    /// (production, stage or sandbox) and `base_url`.
    #[schema(value_type = Object)]
    config: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateIntegrationRequest {
    display_name: Option<String>,
    /// Fields to change; secret fields given here replace the stored ones.
    #[schema(value_type = Option<Object>)]
    config: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Serialize, ToSchema)]
pub struct IntegrationView {
    id: i64,
    owner_id: i64,
    integration_type: String,
    integration_name: String,
    display_name: String,
    /// Secret fields appear only as hints such as `••••1234`.
    config: BTreeMap<String, String>,
    environment: String,
    base_url: Option<String>,
    active: bool,
    /// What our connector implements for this system today.
    #[schema(value_type = String)]
    level: Level,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct IntegrationPage {
    items: Vec<IntegrationView>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

fn view(state: &AppState, i: Integration) -> ApiResult<IntegrationView> {
    let mut config = i.config;
    if let Some(sealed) = &i.secrets {
        let opened = state.secrets.open(sealed).map_err(ApiError::internal)?;
        let values: BTreeMap<String, String> =
            serde_json::from_str(&opened).map_err(ApiError::internal)?;
        for (k, v) in values {
            config.insert(k, secrets::hint(&v));
        }
    }
    let level = catalogue::find(&i.integration_name).map_or(Level::CatalogueOnly, |s| s.level);
    Ok(IntegrationView {
        id: i.id,
        owner_id: i.owner_id,
        integration_type: i.integration_type,
        integration_name: i.integration_name,
        display_name: i.display_name,
        config,
        environment: i.environment,
        base_url: i.base_url,
        active: i.active,
        level,
        created_at: to_datetime(i.created_at),
        updated_at: to_datetime(i.updated_at),
    })
}

/// A request's config, sorted by where each part is kept.
struct SplitConfig {
    plain: BTreeMap<String, String>,
    secret: BTreeMap<String, String>,
    environment: Option<String>,
    base_url: Option<String>,
}

/// Splits a config into plain settings, secrets, environment and base URL, checking every key
/// against the system's credential fields. `require_all` for creation; updates may be partial.
fn split_config(
    system: &System,
    config: &BTreeMap<String, serde_json::Value>,
    require_all: bool,
) -> ApiResult<SplitConfig> {
    let mut plain = BTreeMap::new();
    let mut secret = BTreeMap::new();
    let (mut environment, mut base_url) = (None, None);
    for (key, value) in config {
        let field = format!("config.{key}");
        let text = match value {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return Err(ApiError::coded(field, "invalid_format", "must be a string")),
        };
        if text.is_empty() || text.chars().count() > 500 {
            return Err(ApiError::coded_args(
                field,
                if text.is_empty() {
                    "required"
                } else {
                    "too_long"
                },
                "must be 1 to 500 characters",
                &[("max", 500)],
            ));
        }
        match key.as_str() {
            "environment" => {
                if !ENVIRONMENTS.contains(&text.as_str()) {
                    return Err(ApiError::coded(
                        field,
                        "one_of",
                        "must be production, stage or sandbox",
                    ));
                }
                environment = Some(text);
            }
            "base_url" => {
                reqwest::Url::parse(&text)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| {
                        ApiError::coded(field.clone(), "invalid_url", "must be an http(s) URL")
                    })?;
                base_url = Some(text);
            }
            _ => match system.credentials.iter().find(|c| c.name == key) {
                Some(c) if c.secret => {
                    secret.insert(key.clone(), text);
                }
                Some(_) => {
                    plain.insert(key.clone(), text);
                }
                None => {
                    let known: Vec<_> = system.credentials.iter().map(|c| c.name).collect();
                    return Err(ApiError::coded(
                        field,
                        "one_of",
                        format!(
                            "is not a setting of {}; expected {}",
                            system.name,
                            known.join(", ")
                        ),
                    ));
                }
            },
        }
    }
    if require_all {
        for c in system.credentials.iter().filter(|c| c.required) {
            if !plain.contains_key(c.name) && !secret.contains_key(c.name) {
                return Err(ApiError::coded(
                    format!("config.{}", c.name),
                    "required",
                    "is required",
                ));
            }
        }
    }
    Ok(SplitConfig {
        plain,
        secret,
        environment,
        base_url,
    })
}

/// The integrations the caller manages (sellers their own, admins all), newest first.
#[utoipa::path(get, path = "/api/integrations", tag = "integrations", params(PageQuery),
    responses((status = 200, body = IntegrationPage), (status = 403, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn list_integrations(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<IntegrationPage>> {
    auth.require(Feature::MultiChannel)?;
    let page = page_request(q.limit, q.cursor.as_deref())?;
    let rows = state
        .store
        .list_integrations(auth.manage_scope(), page)
        .await?;
    Ok(Json(IntegrationPage {
        next_cursor: rows.next_cursor,
        items: rows
            .items
            .into_iter()
            .map(|i| view(&state, i))
            .collect::<ApiResult<Vec<_>>>()?,
    }))
}

/// Adds an integration (inactive until activated). Secrets are sealed before storing.
#[utoipa::path(post, path = "/api/integrations", tag = "integrations",
    request_body = CreateIntegrationRequest,
    responses((status = 201, body = IntegrationView), (status = 403, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn create_integration(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateIntegrationRequest>,
) -> ApiResult<(StatusCode, Json<IntegrationView>)> {
    auth.require(Feature::MultiChannel)?;
    let system = catalogue::find(&req.integration_name).ok_or_else(|| {
        ApiError::coded(
            "integration_name",
            "one_of",
            "is not in GET /api/integrations/available",
        )
    })?;
    if system.planned {
        return Err(ApiError::coded(
            "integration_name",
            "not_yet_available",
            "is planned, not yet available",
        ));
    }
    let category = serde_json::to_value(system.category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    if req.integration_type != category {
        return Err(ApiError::coded(
            "integration_type",
            "one_of",
            format!("{} is a {category} system", system.name),
        ));
    }
    let SplitConfig {
        plain,
        secret,
        environment,
        base_url,
    } = split_config(system, &req.config, true)?;
    let display_name = match &req.display_name {
        Some(n) => pofuai_core::product::text("display_name", n, 1, 100)?,
        None => system.display_name.to_string(),
    };
    let sealed = (!secret.is_empty())
        .then(|| serde_json::to_string(&secret).map(|s| state.secrets.seal(&s)))
        .transpose()
        .map_err(ApiError::internal)?;
    let created = state
        .store
        .create_integration(
            &Integration {
                id: 0,
                owner_id: auth.user.id,
                integration_type: category,
                integration_name: system.name.to_string(),
                display_name,
                config: plain,
                secrets: sealed,
                environment: environment.unwrap_or_else(|| "production".into()),
                base_url,
                active: false,
                created_at: 0,
                updated_at: 0,
            },
            state.now_ms(),
        )
        .await?;
    tracing::info!(user.id = auth.user.id, integration.id = created.id, integration.name = %created.integration_name, "integration added");
    Ok((StatusCode::CREATED, Json(view(&state, created)?)))
}

/// One integration, secrets masked.
#[utoipa::path(get, path = "/api/integrations/{id}", tag = "integrations", params(("id" = i64, Path)),
    responses((status = 200, body = IntegrationView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn get_integration(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<IntegrationView>> {
    auth.require(Feature::MultiChannel)?;
    let i = state.store.integration(id, auth.manage_scope()).await?;
    Ok(Json(view(&state, i)?))
}

/// Changes the name or settings; given secret fields replace the stored ones.
#[utoipa::path(patch, path = "/api/integrations/{id}", tag = "integrations", params(("id" = i64, Path)),
    request_body = UpdateIntegrationRequest,
    responses((status = 200, body = IntegrationView), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn update_integration(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<UpdateIntegrationRequest>,
) -> ApiResult<Json<IntegrationView>> {
    auth.require(Feature::MultiChannel)?;
    let mut i = state.store.integration(id, auth.manage_scope()).await?;
    if let Some(n) = &req.display_name {
        i.display_name = pofuai_core::product::text("display_name", n, 1, 100)?;
    }
    if let Some(config) = &req.config {
        let system = catalogue::find(&i.integration_name).ok_or_else(|| {
            ApiError::internal(std::io::Error::other("integration outside the catalogue"))
        })?;
        let SplitConfig {
            plain,
            secret,
            environment,
            base_url,
        } = split_config(system, config, false)?;
        i.config.extend(plain);
        if !secret.is_empty() {
            let mut all: BTreeMap<String, String> = match &i.secrets {
                Some(sealed) => {
                    let opened = state.secrets.open(sealed).map_err(ApiError::internal)?;
                    serde_json::from_str(&opened).map_err(ApiError::internal)?
                }
                None => BTreeMap::new(),
            };
            all.extend(secret);
            let json = serde_json::to_string(&all).map_err(ApiError::internal)?;
            i.secrets = Some(state.secrets.seal(&json));
        }
        if let Some(e) = environment {
            i.environment = e;
        }
        if base_url.is_some() {
            i.base_url = base_url;
        }
    }
    let updated = state.store.update_integration(&i, state.now_ms()).await?;
    Ok(Json(view(&state, updated)?))
}

/// Removes an integration and what belongs to it.
#[utoipa::path(delete, path = "/api/integrations/{id}", tag = "integrations", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn delete_integration(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    auth.require(Feature::MultiChannel)?;
    state
        .store
        .delete_integration(id, auth.manage_scope())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_active(
    state: &AppState,
    auth: &Auth,
    id: i64,
    active: bool,
) -> ApiResult<Json<IntegrationView>> {
    auth.require(Feature::MultiChannel)?;
    let mut i = state.store.integration(id, auth.manage_scope()).await?;
    i.active = active;
    let updated = state.store.update_integration(&i, state.now_ms()).await?;
    Ok(Json(view(state, updated)?))
}

/// Starts using the integration.
#[utoipa::path(post, path = "/api/integrations/{id}/activate", tag = "integrations", params(("id" = i64, Path)),
    responses((status = 200, body = IntegrationView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn activate(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<IntegrationView>> {
    set_active(&state, &auth, id, true).await
}

/// Stops using the integration; its settings stay.
#[utoipa::path(post, path = "/api/integrations/{id}/deactivate", tag = "integrations", params(("id" = i64, Path)),
    responses((status = 200, body = IntegrationView), (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn deactivate(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<IntegrationView>> {
    set_active(&state, &auth, id, false).await
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
