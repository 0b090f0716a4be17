//! Secrets at rest; the sealing lives in `pofuai-core` so the sync engine opens what the API
//! sealed.

pub use pofuai_core::secrets::{MasterKey, OpenError, SecretBox, hint};
