//! The router: one module per resource, each contributing its routes and OpenAPI paths.

mod accounts;
mod admin;
mod admin_ai;
mod ai;
mod analytics;
mod assistant;
mod edits;
mod events;
mod insights;
mod integrations;
mod ops;
mod orders;
mod product_io;
mod products;
mod questions;
mod recommendations;
mod stock;
mod suggestions;
mod sync;
mod templates;
mod uploads;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa_axum::router::OpenApiRouter;

pub(crate) use admin_ai::PROVIDER as AI_PROVIDER;
pub(crate) use templates::generate_for_product;

use crate::error::ApiError;
use crate::{AppState, JSON_BODY_LIMIT, openapi};

pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes + 256 * 1024;
    let (api, spec) = OpenApiRouter::with_openapi(openapi::base())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(admin_ai::router())
        .merge(ai::router())
        .merge(products::router())
        .merge(product_io::router(
            state.config.import.max_bytes + 64 * 1024,
        ))
        .merge(stock::router())
        .merge(templates::router())
        .merge(edits::router())
        .merge(suggestions::router())
        .merge(integrations::router())
        .merge(events::router())
        .merge(sync::router())
        .merge(orders::router())
        .merge(questions::router())
        .merge(webhooks::router())
        .merge(analytics::router())
        .merge(recommendations::router())
        .merge(insights::router())
        .merge(assistant::router())
        .merge(uploads::router(upload_limit))
        .split_for_parts();
    let mut spec = spec;
    openapi::document_errors(&mut spec);
    let spec = std::sync::Arc::new(spec);
    let api = api.merge(ops::router(spec));
    // The panel calls the API in-process: the same handlers, without the outer layers (the
    // page request already passed the rate limits and is already measured).
    let inner = api
        .clone()
        .fallback(|| async { ApiError::NotFound.into_response() })
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .with_state(state.clone());
    let panel = crate::panel::router(state.clone(), inner);
    api.layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .with_state(state.clone())
        .merge(panel)
        .fallback(|| async { ApiError::NotFound.into_response() })
        .layer(crate::front::FrontLayer::new(state))
}

/// Records an activity off the request path (see [`crate::activity`]): it never fails or
/// slows the request it belongs to.
pub(crate) fn record(
    state: &AppState,
    user_id: i64,
    kind: &str,
    product_id: Option<i64>,
    query: Option<&str>,
) {
    state
        .activities
        .record(pofuai_store::products::NewActivity {
            user_id,
            kind: kind.to_string(),
            product_id,
            query: query.map(str::to_string),
            created_at: state.now_ms(),
        });
}

/// `limit` and `cursor` as the list endpoints take them.
pub(crate) fn page_request(
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<pofuai_store::paging::PageRequest, ApiError> {
    let max = pofuai_store::paging::MAX_LIMIT;
    let limit = limit.unwrap_or(20);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::coded_args(
            "limit",
            "out_of_range",
            format!("must be between 1 and {max}"),
            &[("min", 1), ("max", max)],
        ));
    }
    let before_id = match cursor {
        None => None,
        Some(c) => Some(
            c.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| ApiError::field("cursor", "is not a cursor this API returned"))?,
        ),
    };
    Ok(pofuai_store::paging::PageRequest { limit, before_id })
}

/// A catalogue product as the text engine sees it: name, category, brand, attributes, and from
/// its variants the options, stock and price that decide which claims the text may make.
pub(crate) fn text_product(p: &pofuai_store::products::Product) -> pofuai_text::Product {
    let variants: Vec<pofuai_text::VariantFacts> = p
        .variants
        .iter()
        .map(|v| {
            let currency = pofuai_text::money::Currency::from_code(&v.currency)
                .unwrap_or(pofuai_text::money::Currency::Try);
            pofuai_text::VariantFacts {
                attributes: v.attributes.clone().into_iter().collect(),
                available: v.available(),
                sale_price: pofuai_text::money::Money::new(v.sale_price, currency),
                list_price: pofuai_text::money::Money::new(v.list_price, currency),
            }
        })
        .collect();
    pofuai_text::Product::from_catalogue(
        &p.name,
        &p.category,
        &p.brand,
        p.attributes.clone(),
        &variants,
    )
}
