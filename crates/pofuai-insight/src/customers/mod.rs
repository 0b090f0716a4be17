//! Customer insights (next).
