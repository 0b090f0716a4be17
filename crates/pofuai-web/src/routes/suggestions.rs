//! Product improvement suggestions: the rules of `pofuai_core::suggest` over the product's
//! facts, with a rewritten description from the text engine where the current one is thin.

use axum::Json;
use axum::extract::State;
use pofuai_core::Feature;
use pofuai_core::suggest::{Finding, ProductFacts, suggest};
use pofuai_text::describe::{DescribeOptions, DescribeRequest, LengthRange, enhance, html_to_text};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiPath;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(suggestions))
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionsView {
    product_id: i64,
    /// Most severe first: blocking, important, minor.
    #[schema(value_type = Vec<Object>)]
    findings: Vec<Finding>,
}

/// Ranked findings for one product, each with a proposed fix where one can be generated.
/// Sellers for their own products, admins for all.
#[utoipa::path(get, path = "/api/products/{id}/suggestions", tag = "products",
    params(("id" = i64, Path)),
    responses((status = 200, body = SuggestionsView), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn suggestions(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SuggestionsView>> {
    auth.require(Feature::ProductSuggestions)?;
    let product = state.store.product(id, auth.manage_scope()).await?;
    let images = state.store.upload_sizes(&product.images).await?;
    let neighbours = state
        .store
        .category_price_points(product.owner_id, &product.category, product.id)
        .await?;
    let facts = ProductFacts {
        name: product.name.clone(),
        brand: product.brand.clone(),
        category: product.category.clone(),
        description_text: html_to_text(&product.description).join(" "),
        attributes: product.attributes.clone(),
        variant_attributes: product
            .variants
            .iter()
            .flat_map(|v| v.attributes.keys().cloned())
            .collect(),
        images,
        barcodes: product.variants.iter().map(|v| v.barcode.clone()).collect(),
        sale_price: product.variants.iter().map(|v| v.sale_price).min(),
        neighbours,
    };
    let mut findings = suggest(&facts);
    for f in &mut findings {
        if f.code == "thin_description" {
            let rewritten = enhance(&DescribeRequest {
                product: super::text_product(&product),
                description: product.description.clone(),
                language: pofuai_text::Language::Tr,
                options: DescribeOptions {
                    optimize_length: Some(LengthRange {
                        min: 300,
                        max: 1500,
                    }),
                    sales_focused: true,
                    add_technical_details: true,
                    ..Default::default()
                },
            });
            f.proposed = Some(rewritten.html.into());
        }
    }
    Ok(Json(SuggestionsView {
        product_id: product.id,
        findings,
    }))
}
