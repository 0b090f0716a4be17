//! The Turkish retail calendar: feasts computed from the Hijri calendar, the fixed and
//! floating shopping days, and the days around them that move demand.

pub mod astro;
pub mod hijri;
mod turkey;

pub use turkey::{Event, EventKind, events_between};
