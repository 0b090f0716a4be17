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
    components(schemas(crate::error::ErrorEnvelope, crate::error::ErrorBody, crate::error::FieldCode)),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "admin", description = "Administration (admins only)"),
        (name = "ai", description = "AI features and quotas"),
        (name = "products", description = "Products and variants"),
        (name = "stock", description = "Reserved stock, oversells and the orders involved"),
        (name = "uploads", description = "Images"),
        (name = "integrations", description = "Sales channels and other systems"),
        (name = "analytics", description = "Sales analytics, forecasts, predictive stock and customer insights"),
        (name = "questions", description = "Buyers' product questions and their drafted answers"),
        (name = "assistant", description = "The AI assistant: questions about your own data, proposed actions you confirm"),
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

/// Documents on every operation the error answers the shared layers can give, where the
/// handler's own annotation does not already: bad input (400, 422), timeouts (408), rate
/// limits (429), a busy server (503), internal errors (500); authentication and roles (401,
/// 403) on secured operations; bodies too large or of the wrong type (413, 415) where there is
/// a body; 404 where the path, a query parameter or a body field names an object (`…_id`).
/// Each in the error envelope.
pub fn document_errors(spec: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, Schema};
    let names_object = |name: &str| name == "id" || name.ends_with("_id") || name.ends_with("_ids");
    // Body schemas that carry an object's id, by their reference.
    let bodies_with_ids: Vec<String> = spec
        .components
        .as_ref()
        .map(|c| {
            c.schemas
                .iter()
                .filter(|(_, schema)| match schema {
                    RefOr::T(Schema::Object(o)) => o.properties.keys().any(|k| names_object(k)),
                    _ => false,
                })
                .map(|(name, _)| format!("#/components/schemas/{name}"))
                .collect()
        })
        .unwrap_or_default();
    let envelope = || {
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
            .build()
    };
    let response = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", envelope())
            .build()
    };
    for (path, item) in spec.paths.paths.iter_mut() {
        let in_path = path.contains('{');
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ]
        .into_iter()
        .flatten()
        {
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_body = op.request_body.is_some();
            let in_query = op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, ParameterIn::Query) && names_object(&p.name));
            let in_body = op.request_body.iter().any(|b| {
                b.content.values().any(|c| {
                    matches!(&c.schema, Some(RefOr::Ref(r)) if bodies_with_ids.contains(&r.ref_location))
                })
            });
            let has_object = in_path || in_query || in_body;
            let mut add = |code: &str, description: &str| {
                op.responses
                    .responses
                    .entry(code.to_string())
                    .or_insert_with(|| response(description).into());
            };
            add("400", "Malformed request: path, header or body syntax");
            add("408", "The request body did not arrive in time");
            add(
                "422",
                "A field or query parameter is invalid (named in `fields`)",
            );
            add("429", "Rate limited; retry after `Retry-After` seconds");
            add("500", "Internal error");
            add("503", "Busy; retry after `Retry-After` seconds");
            if secured {
                add("401", "Missing, unknown or expired token");
                add("403", "Your role may not use this");
            }
            if has_body {
                add("413", "Body too large");
                add("415", "Wrong Content-Type");
            }
            if has_object {
                add("404", "No such object, or not yours");
            }
        }
    }
}
