//! Reorder points and order quantities (next).
