//! Products to look at next for the caller, and products related to one product (bought
//! together, viewed together). Answers come from models fitted in the background
//! (`crate::recommend`); every suggested product passes the caller's visibility scope.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use pofuai_core::role::Feature;
use pofuai_insight::recommend::Scored;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::recommend::history;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(for_me))
        .routes(routes!(related))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LimitQuery {
    /// How many products, 1–50 [default: 10].
    limit: Option<i64>,
}

fn limit_of(q: &LimitQuery) -> Result<usize, ApiError> {
    match q.limit {
        None => Ok(10),
        Some(n @ 1..=50) => Ok(n as usize),
        Some(_) => Err(ApiError::field("limit", "must be between 1 and 50")),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Suggested {
    product_id: i64,
    name: String,
    /// Larger is stronger; comparable within one list only.
    score: f64,
}

#[derive(Serialize, ToSchema)]
pub struct Recommendations {
    items: Vec<Suggested>,
    /// `history` when the caller's own activity shaped the list, `popular` for a caller
    /// with none yet.
    basis: String,
}

#[derive(Serialize, ToSchema)]
pub struct Related {
    bought_together: Vec<Suggested>,
    viewed_together: Vec<Suggested>,
}

/// Keeps the suggestions the caller may see, best first, at most `limit`.
async fn visible(
    state: &AppState,
    auth: &Auth,
    scored: Vec<Scored>,
    limit: usize,
) -> ApiResult<Vec<Suggested>> {
    let ids: Vec<i64> = scored
        .iter()
        .filter_map(|s| i64::try_from(s.item).ok())
        .collect();
    let names = state
        .store
        .visible_product_names(&ids, auth.view_scope())
        .await?;
    Ok(names
        .into_iter()
        .filter_map(|(id, name)| {
            let s = scored.iter().find(|s| s.item == id as u64)?;
            Some(Suggested {
                product_id: id,
                name,
                score: s.score,
            })
        })
        .take(limit)
        .collect())
}

/// Products for the caller to look at next, from their own recent activity and what people
/// with similar activity looked at; for a caller with none, the best sellers (or, while
/// nothing has sold, the most viewed).
#[utoipa::path(get, path = "/api/recommendations", tag = "recommendations", params(LimitQuery),
    responses((status = 200, body = Recommendations)), security(("bearer" = [])))]
async fn for_me(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> ApiResult<Json<Recommendations>> {
    auth.require(Feature::ProductView)?;
    let limit = limit_of(&q)?;
    // Activities this node recorded a moment ago count.
    state.activities.flush().await;
    let models = state
        .recommender
        .models(&state.store, state.now_ms())
        .await?;
    let own = state.store.activities(auth.user.id, 200).await?;
    let history = history(&own, auth.user.id);
    // What the caller has just looked at is not news to them.
    let exclude: HashSet<u64> = history.iter().take(5).map(|e| e.item).collect();
    // Sellers see only their own products, so ask for many more than the page needs.
    let scored = if history.is_empty() {
        // A newcomer: the best sellers, or while nothing has sold, what most people looked at.
        let best = models.baskets.popular(limit * 20, &exclude);
        if best.is_empty() {
            models.activity.popular(limit * 20, &exclude)
        } else {
            best
        }
    } else {
        let mut scored = models.activity.recommend(&history, limit * 20, &exclude);
        // Too little known about this user's products (or a model fitted before their
        // activity): the best sellers fill the rest, after what the history suggests.
        let seen: HashSet<u64> = scored
            .iter()
            .map(|s| s.item)
            .chain(exclude.iter().copied())
            .collect();
        scored.extend(models.baskets.popular(limit * 20, &seen));
        scored
    };
    let basis = if history.is_empty() {
        "popular"
    } else {
        "history"
    };
    Ok(Json(Recommendations {
        items: visible(&state, &auth, scored, limit).await?,
        basis: basis.into(),
    }))
}

/// Products bought in the same orders as this one, and products the same people looked at.
#[utoipa::path(get, path = "/api/products/{id}/related", tag = "recommendations",
    params(("id" = i64, Path, description = "Product id"), LimitQuery),
    responses((status = 200, body = Related)), security(("bearer" = [])))]
async fn related(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> ApiResult<Json<Related>> {
    auth.require(Feature::ProductView)?;
    let limit = limit_of(&q)?;
    // 404 for a product the caller may not see, as everywhere else.
    state.store.product(id, auth.view_scope()).await?;
    // Activities this node recorded a moment ago count.
    state.activities.flush().await;
    let models = state
        .recommender
        .models(&state.store, state.now_ms())
        .await?;
    let item = id as u64;
    let bought = models.baskets.related(item, limit * 20);
    let viewed = models.activity.related(item, limit * 20);
    Ok(Json(Related {
        bought_together: visible(&state, &auth, bought, limit).await?,
        viewed_together: visible(&state, &auth, viewed, limit).await?,
    }))
}
