//! Time as a dependency; the clock lives in `pofuai-core` so the sync engine shares it.

pub use pofuai_core::clock::{Clock, ManualClock, SystemClock, to_datetime};
