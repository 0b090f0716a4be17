//! PofuAi's domain: who may do what (roles, features, quotas) and what a product is
//! (names, barcodes, money, VAT). Pure values and rules; no IO, no HTTP, no SQL. Two seams
//! every process shares live here too: the clock (`clock`) and sealing secrets at rest
//! (`secrets`, pure AES-256-GCM).

pub mod catalogue;
pub mod clock;
pub mod product;
pub mod quota;
pub mod role;
pub mod search;
pub mod secrets;
pub mod suggest;

pub use product::{Currency, FieldError};
pub use quota::{QuotaPeriod, QuotaStatus};
pub use role::{Feature, Role};
