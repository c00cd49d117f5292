//! The `obs` trigger (work in progress).
