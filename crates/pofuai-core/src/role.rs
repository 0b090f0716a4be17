//! The four roles and the permission matrix of mission-en.md §1, kept as data.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Seller,
    Premium,
    Normal,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Seller, Role::Premium, Role::Normal];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Seller => "seller",
            Role::Premium => "premium",
            Role::Normal => "normal",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// May this role use the feature? Reads the matrix; there is no other source of truth.
    pub fn can(self, feature: Feature) -> bool {
        MATRIX
            .iter()
            .find(|(f, _)| *f == feature)
            .is_some_and(|(_, roles)| roles.contains(&self))
    }

    pub fn features(self) -> Vec<Feature> {
        MATRIX
            .iter()
            .filter(|(_, roles)| roles.contains(&self))
            .map(|(f, _)| *f)
            .collect()
    }

    /// Monthly template generations included with the role; `None` is unlimited.
    pub fn default_template_quota(self) -> Option<i64> {
        match self {
            Role::Admin => None,
            Role::Seller | Role::Premium => Some(1000),
            Role::Normal => Some(100),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a role can be allowed to do. Routes ask for a feature, never for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Browse the product catalogue.
    ProductView,
    /// Create, change and delete one's own products.
    ProductManage,
    /// Upload images.
    Upload,
    /// Basic social-media templates (every platform, solid and gradient backgrounds).
    TemplateBasic,
    /// Textures, own watermark or logo, no forced PofuAi mark.
    TemplateAdvanced,
    /// Many products × platforms in one call.
    BulkOperations,
    /// The conversational AI assistant.
    AiAssistant,
    /// Improvement suggestions for one's products.
    ProductSuggestions,
    /// Sales analytics and forecasts.
    SalesAnalytics,
    /// Integrations with sales channels and their sync.
    MultiChannel,
    /// AI product editing: admins only.
    AiProductEditing,
    /// Customer insights: segments, cohorts, lifetime value.
    CustomerInsights,
    /// System-wide AI performance metrics.
    SystemMetrics,
    /// Manage users, roles and quotas.
    UserAdmin,
}

use Role::{Admin, Normal, Premium, Seller};

/// The permission matrix. mission-en.md §1, with "product viewing" for every role and
/// product management for sellers (their own) and admins (all).
pub const MATRIX: &[(Feature, &[Role])] = &[
    (Feature::ProductView, &[Admin, Seller, Premium, Normal]),
    (Feature::ProductManage, &[Admin, Seller]),
    (Feature::Upload, &[Admin, Seller, Premium, Normal]),
    (Feature::TemplateBasic, &[Admin, Seller, Premium, Normal]),
    (Feature::TemplateAdvanced, &[Admin, Seller, Premium]),
    (Feature::BulkOperations, &[Admin, Seller, Premium]),
    (Feature::AiAssistant, &[Admin, Seller, Premium]),
    (Feature::ProductSuggestions, &[Admin, Seller]),
    (Feature::SalesAnalytics, &[Admin, Seller]),
    (Feature::MultiChannel, &[Admin, Seller]),
    (Feature::AiProductEditing, &[Admin]),
    // Sellers see their own buyers only (hashed); admins everyone's.
    (Feature::CustomerInsights, &[Admin, Seller]),
    (Feature::SystemMetrics, &[Admin]),
    (Feature::UserAdmin, &[Admin]),
];

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::ProductView => "product_view",
            Feature::ProductManage => "product_manage",
            Feature::Upload => "upload",
            Feature::TemplateBasic => "template_basic",
            Feature::TemplateAdvanced => "template_advanced",
            Feature::BulkOperations => "bulk_operations",
            Feature::AiAssistant => "ai_assistant",
            Feature::ProductSuggestions => "product_suggestions",
            Feature::SalesAnalytics => "sales_analytics",
            Feature::MultiChannel => "multi_channel",
            Feature::AiProductEditing => "ai_product_editing",
            Feature::CustomerInsights => "customer_insights",
            Feature::SystemMetrics => "system_metrics",
            Feature::UserAdmin => "user_admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_appears_once_in_the_matrix() {
        let mut seen = std::collections::HashSet::new();
        for (f, _) in MATRIX {
            assert!(seen.insert(*f), "{f:?} twice");
        }
        assert_eq!(seen.len(), 14);
    }

    #[test]
    fn matrix_matches_the_report() {
        assert!(Role::Admin.can(Feature::AiProductEditing));
        for r in [Role::Seller, Role::Premium, Role::Normal] {
            assert!(!r.can(Feature::AiProductEditing), "{r}");
            assert!(!r.can(Feature::UserAdmin), "{r}");
            assert!(r.can(Feature::TemplateBasic), "{r}");
        }
        assert!(Role::Seller.can(Feature::MultiChannel));
        assert!(!Role::Premium.can(Feature::MultiChannel));
        assert!(Role::Premium.can(Feature::BulkOperations));
        assert!(!Role::Normal.can(Feature::BulkOperations));
        assert!(!Role::Normal.can(Feature::ProductManage));
        assert!(Role::Normal.can(Feature::ProductView));
    }

    #[test]
    fn quotas_follow_the_report() {
        assert_eq!(Role::Normal.default_template_quota(), Some(100));
        assert_eq!(Role::Premium.default_template_quota(), Some(1000));
        assert_eq!(Role::Seller.default_template_quota(), Some(1000));
        assert_eq!(Role::Admin.default_template_quota(), None);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
