//! The `cts` trigger (work in progress).
