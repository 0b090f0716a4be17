//! Product-photo editing operations.
