//! The fitted recommendation models the API answers from. They are refitted in the
//! background when older than [`REFRESH_AFTER`], so a request reads a model and never fits
//! one, except the very first, before any model exists (the server warms it at start).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pofuai_insight::recommend::{Interaction, Model, RecoConfig};
use pofuai_store::Store;
use tokio::sync::RwLock;

use crate::error::ApiError;

/// How old a model may get before a request starts a refit.
pub const REFRESH_AFTER: Duration = Duration::from_secs(600);
/// Only this much history is learnt from, and at most this many rows of each kind.
const HISTORY: Duration = Duration::from_secs(180 * 24 * 3600);
const MAX_ROWS: i64 = 500_000;
const DAY_MS: i64 = 86_400_000;

/// What one kind of activity says about interest in a product.
pub fn activity_weight(kind: &str) -> f64 {
    match kind {
        "generate" | "edit" => 2.0,
        "view" | "create" => 1.0,
        _ => 0.5,
    }
}

/// Both models, fitted at one moment.
#[derive(Debug)]
pub struct Models {
    /// Users × products they viewed, edited, generated for: "look at next", "viewed together".
    pub activity: Model,
    /// Orders × products in them: "bought together".
    pub baskets: Model,
    pub fitted_at_ms: i64,
}

/// Cheap to clone; every clone shares the same models.
#[derive(Clone, Default)]
pub struct Recommender(Arc<Inner>);

#[derive(Default)]
struct Inner {
    models: RwLock<Option<Arc<Models>>>,
    refitting: AtomicBool,
}

impl Recommender {
    /// The current models: fitted now if none exist yet; refitted in the background (this
    /// request still answers from the old ones) when stale.
    pub async fn models(&self, store: &Store, now_ms: i64) -> Result<Arc<Models>, ApiError> {
        let current = self.0.models.read().await.clone();
        match current {
            Some(m) => {
                let stale = now_ms - m.fitted_at_ms > REFRESH_AFTER.as_millis() as i64;
                if stale && !self.0.refitting.swap(true, Ordering::AcqRel) {
                    let (me, store) = (self.clone(), store.clone());
                    tokio::spawn(async move {
                        if let Err(e) = me.refit(&store, now_ms).await {
                            tracing::warn!(error = %e, "recommendation refit failed");
                        }
                    });
                }
                Ok(m)
            }
            None => self.refit(store, now_ms).await,
        }
    }

    /// Fits both models from the store and makes them current.
    pub async fn refit(&self, store: &Store, now_ms: i64) -> Result<Arc<Models>, ApiError> {
        let fitted = fit(store, now_ms).await;
        self.0.refitting.store(false, Ordering::Release);
        let fitted = Arc::new(fitted?);
        *self.0.models.write().await = Some(fitted.clone());
        Ok(fitted)
    }
}

async fn fit(store: &Store, now_ms: i64) -> Result<Models, ApiError> {
    let since = now_ms - HISTORY.as_millis() as i64;
    let today = now_ms.div_euclid(DAY_MS);
    let activities = store.product_activities(since, MAX_ROWS).await?;
    let baskets = store.basket_lines(since, MAX_ROWS).await?;
    let activity: Vec<Interaction> = activities
        .iter()
        .map(|a| Interaction {
            user: a.user_id as u64,
            item: a.product_id as u64,
            day: a.created_at.div_euclid(DAY_MS),
            weight: activity_weight(&a.kind),
        })
        .collect();
    let lines: Vec<Interaction> = baskets
        .iter()
        .map(|b| Interaction {
            user: b.order_id as u64,
            item: b.product_id as u64,
            day: b.ordered_at.div_euclid(DAY_MS),
            weight: 1.0,
        })
        .collect();
    let config = RecoConfig::default();
    // Fitting is CPU work: off the async threads.
    let (activity, baskets) = tokio::task::spawn_blocking(move || {
        (
            Model::fit(&activity, today, config),
            Model::fit(&lines, today, config),
        )
    })
    .await
    .map_err(ApiError::internal)?;
    Ok(Models {
        activity,
        baskets,
        fitted_at_ms: now_ms,
    })
}

/// A user's own recent product activities, as the model reads them.
pub fn history(activities: &[pofuai_store::products::Activity], user: i64) -> Vec<Interaction> {
    activities
        .iter()
        .filter_map(|a| {
            a.product_id.map(|p| Interaction {
                user: user as u64,
                item: p as u64,
                day: a.created_at.div_euclid(DAY_MS),
                weight: activity_weight(&a.kind),
            })
        })
        .collect()
}
