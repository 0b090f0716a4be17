//! STUB: a helper fills this in.
