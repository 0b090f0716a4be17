//! The OpenAPI document's frame; paths and schemas come from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "PofuAi API",
        description = "Çok kanallı e-ticaret yönetimi ve yapay zekâ içerik üretimi. \
                       Multichannel e-commerce management and AI content for sellers.",
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "admin", description = "Administration (admins only)"),
        (name = "ai", description = "AI features and quotas"),
        (name = "products", description = "Products and variants"),
        (name = "uploads", description = "Images"),
        (name = "integrations", description = "Sales channels and other systems"),
        (name = "analytics", description = "Sales analytics, forecasts, predictive stock and customer insights"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
