//! The integration catalogue: every system of the report (50 in 7 categories) and the 5
//! planned ones, with the credentials each needs and what our connector implements today.
//! The level is the truth, never more: a system moves up only when its connector passes
//! against its simulator.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Marketplace,
    Ecommerce,
    Accounting,
    Cargo,
    Payment,
    SocialCommerce,
    Crm,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Marketplace,
        Category::Ecommerce,
        Category::Accounting,
        Category::Cargo,
        Category::Payment,
        Category::SocialCommerce,
        Category::Crm,
    ];
}

/// What our connector for a system does today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Products, price and stock, orders, statuses, tracking and returns.
    Full,
    /// Some operations.
    Basic,
    /// Listed and configurable; no connector yet.
    CatalogueOnly,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct CredentialField {
    pub name: &'static str,
    /// Stored sealed, shown masked, never logged.
    pub secret: bool,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct System {
    pub name: &'static str,
    pub display_name: &'static str,
    pub category: Category,
    pub credentials: &'static [CredentialField],
    /// What the platform's API offers (the connector's level says what we use).
    pub capabilities: &'static [&'static str],
    pub level: Level,
    /// Named in the report's roadmap, not yet in scope.
    pub planned: bool,
}

const fn field(name: &'static str, secret: bool) -> CredentialField {
    CredentialField {
        name,
        secret,
        required: true,
    }
}

const KEY_SECRET_SELLER: &[CredentialField] = &[
    field("api_key", true),
    field("api_secret", true),
    field("seller_id", false),
];
const HEPSIBURADA: &[CredentialField] = &[
    field("merchant_id", false),
    field("username", false),
    field("password", true),
];
const KEY_SECRET: &[CredentialField] = &[field("api_key", true), field("api_secret", true)];
const TOKEN_SHOP: &[CredentialField] = &[field("shop_domain", false), field("access_token", true)];
const OAUTH: &[CredentialField] = &[
    field("client_id", false),
    field("client_secret", true),
    field("refresh_token", true),
];
const WOO: &[CredentialField] = &[
    field("site_url", false),
    field("consumer_key", true),
    field("consumer_secret", true),
];
const USER_PASS: &[CredentialField] = &[field("username", false), field("password", true)];
const MERCHANT_KEYS: &[CredentialField] = &[
    field("merchant_id", false),
    field("merchant_key", true),
    field("merchant_salt", true),
];
const SECRET_KEY: &[CredentialField] = &[field("secret_key", true)];
const ACCESS_TOKEN: &[CredentialField] = &[field("access_token", true)];
const API_TOKEN: &[CredentialField] = &[field("api_token", true)];

const MARKETPLACE: &[&str] = &[
    "push_products",
    "update_price_stock",
    "pull_orders",
    "push_order_status",
    "push_tracking",
    "pull_returns",
];
const SHOP: &[&str] = &[
    "push_products",
    "update_price_stock",
    "pull_orders",
    "push_order_status",
    "push_tracking",
];
const ACCOUNTING: &[&str] = &["push_invoices", "sync_customers", "sync_products"];
const CARGO: &[&str] = &["create_shipment", "track_shipment", "print_label"];
const PAYMENT: &[&str] = &["charge", "refund", "pull_transactions"];
const SOCIAL: &[&str] = &["push_products", "update_price_stock", "pull_orders"];
const CRM: &[&str] = &["sync_contacts", "sync_deals", "push_order_events"];

const fn sys(
    name: &'static str,
    display_name: &'static str,
    category: Category,
    credentials: &'static [CredentialField],
    capabilities: &'static [&'static str],
) -> System {
    System {
        name,
        display_name,
        category,
        credentials,
        capabilities,
        level: Level::CatalogueOnly,
        planned: false,
    }
}

/// A system whose connector passes the full test suite against its simulator.
const fn full(system: System) -> System {
    System {
        level: Level::Full,
        ..system
    }
}

const fn planned(name: &'static str, display_name: &'static str) -> System {
    System {
        planned: true,
        ..sys(
            name,
            display_name,
            Category::Marketplace,
            OAUTH,
            MARKETPLACE,
        )
    }
}

use Category::{Accounting, Cargo, Crm, Ecommerce, Marketplace, Payment, SocialCommerce};

pub const SYSTEMS: &[System] = &[
    full(sys(
        "trendyol",
        "Trendyol",
        Marketplace,
        KEY_SECRET_SELLER,
        MARKETPLACE,
    )),
    full(sys(
        "hepsiburada",
        "Hepsiburada",
        Marketplace,
        HEPSIBURADA,
        MARKETPLACE,
    )),
    sys("n11", "N11", Marketplace, KEY_SECRET, MARKETPLACE),
    sys(
        "gittigidiyor",
        "GittiGidiyor",
        Marketplace,
        KEY_SECRET,
        MARKETPLACE,
    ),
    sys("amazon_tr", "Amazon TR", Marketplace, OAUTH, MARKETPLACE),
    sys(
        "amazon_global",
        "Amazon Global",
        Marketplace,
        OAUTH,
        MARKETPLACE,
    ),
    sys("ebay", "eBay", Marketplace, OAUTH, MARKETPLACE),
    sys("etsy", "Etsy", Marketplace, OAUTH, MARKETPLACE),
    sys(
        "aliexpress",
        "AliExpress",
        Marketplace,
        KEY_SECRET,
        MARKETPLACE,
    ),
    sys("walmart", "Walmart", Marketplace, KEY_SECRET, MARKETPLACE),
    sys("shopify", "Shopify", Ecommerce, TOKEN_SHOP, SHOP),
    sys("woocommerce", "WooCommerce", Ecommerce, WOO, SHOP),
    sys("magento", "Magento", Ecommerce, TOKEN_SHOP, SHOP),
    sys("prestashop", "PrestaShop", Ecommerce, TOKEN_SHOP, SHOP),
    sys("opencart", "OpenCart", Ecommerce, TOKEN_SHOP, SHOP),
    sys("bigcommerce", "BigCommerce", Ecommerce, TOKEN_SHOP, SHOP),
    sys("wix", "Wix", Ecommerce, OAUTH, SHOP),
    sys("squarespace", "Squarespace", Ecommerce, ACCESS_TOKEN, SHOP),
    sys("logo", "Logo", Accounting, USER_PASS, ACCOUNTING),
    sys("mikro", "Mikro", Accounting, USER_PASS, ACCOUNTING),
    sys("netsis", "Netsis", Accounting, USER_PASS, ACCOUNTING),
    sys("parasut", "Paraşüt", Accounting, OAUTH, ACCOUNTING),
    sys("quickbooks", "QuickBooks", Accounting, OAUTH, ACCOUNTING),
    sys("sage", "Sage", Accounting, OAUTH, ACCOUNTING),
    sys("sap", "SAP", Accounting, USER_PASS, ACCOUNTING),
    sys("oracle", "Oracle", Accounting, OAUTH, ACCOUNTING),
    sys(
        "microsoft_dynamics",
        "Microsoft Dynamics",
        Accounting,
        OAUTH,
        ACCOUNTING,
    ),
    sys("netsuite", "NetSuite", Accounting, OAUTH, ACCOUNTING),
    sys("yurtici_kargo", "Yurtiçi Kargo", Cargo, USER_PASS, CARGO),
    sys("aras_kargo", "Aras Kargo", Cargo, USER_PASS, CARGO),
    sys("mng_kargo", "MNG Kargo", Cargo, USER_PASS, CARGO),
    sys("ptt_kargo", "PTT Kargo", Cargo, USER_PASS, CARGO),
    sys("ups", "UPS", Cargo, OAUTH, CARGO),
    sys("dhl", "DHL", Cargo, KEY_SECRET, CARGO),
    sys("fedex", "FedEx", Cargo, OAUTH, CARGO),
    sys("iyzico", "iyzico", Payment, KEY_SECRET, PAYMENT),
    sys("paytr", "PayTR", Payment, MERCHANT_KEYS, PAYMENT),
    sys("payu", "PayU", Payment, MERCHANT_KEYS, PAYMENT),
    sys("stripe", "Stripe", Payment, SECRET_KEY, PAYMENT),
    sys("paypal", "PayPal", Payment, OAUTH, PAYMENT),
    sys("square", "Square", Payment, ACCESS_TOKEN, PAYMENT),
    sys(
        "facebook_shop",
        "Facebook Shop",
        SocialCommerce,
        ACCESS_TOKEN,
        SOCIAL,
    ),
    sys(
        "instagram_shopping",
        "Instagram Shopping",
        SocialCommerce,
        ACCESS_TOKEN,
        SOCIAL,
    ),
    sys("twitter", "Twitter (X)", SocialCommerce, OAUTH, SOCIAL),
    sys("tiktok_shop", "TikTok Shop", SocialCommerce, OAUTH, SOCIAL),
    sys("pinterest", "Pinterest", SocialCommerce, OAUTH, SOCIAL),
    sys("salesforce", "Salesforce", Crm, OAUTH, CRM),
    sys("hubspot", "HubSpot", Crm, ACCESS_TOKEN, CRM),
    sys("zoho_crm", "Zoho CRM", Crm, OAUTH, CRM),
    sys("pipedrive", "Pipedrive", Crm, API_TOKEN, CRM),
    planned("alibaba", "Alibaba.com"),
    planned("rakuten", "Rakuten"),
    planned("zalando", "Zalando"),
    planned("otto", "Otto.de"),
    planned("cdiscount", "Cdiscount"),
];

pub fn find(name: &str) -> Option<&'static System> {
    SYSTEMS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_systems_in_seven_categories_and_five_planned() {
        let current: Vec<_> = SYSTEMS.iter().filter(|s| !s.planned).collect();
        assert_eq!(current.len(), 50);
        assert_eq!(SYSTEMS.iter().filter(|s| s.planned).count(), 5);
        let counts: Vec<usize> = Category::ALL
            .iter()
            .map(|c| current.iter().filter(|s| s.category == *c).count())
            .collect();
        // The report: 10 marketplaces, 8 shops, 10 accounting, 7 cargo, 6 payment, 5 social, 4 CRM.
        assert_eq!(counts, vec![10, 8, 10, 7, 6, 5, 4]);
        let mut names: Vec<_> = SYSTEMS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SYSTEMS.len(), "unique names");
    }

    #[test]
    fn every_system_needs_a_secret_and_none_claims_more_than_it_has() {
        for s in SYSTEMS {
            assert!(s.credentials.iter().any(|c| c.secret), "{}", s.name);
            // Only the connectors tested end to end against a simulator claim more.
            let expected = if matches!(s.name, "trendyol" | "hepsiburada") {
                Level::Full
            } else {
                Level::CatalogueOnly
            };
            assert_eq!(s.level, expected, "{}", s.name);
        }
        let t = find("trendyol").unwrap();
        let names: Vec<_> = t.credentials.iter().map(|c| c.name).collect();
        assert_eq!(names, ["api_key", "api_secret", "seller_id"]);
    }
}
