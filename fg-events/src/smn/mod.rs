//! The `smn` trigger (work in progress).
