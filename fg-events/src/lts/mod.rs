//! The `lts` trigger (work in progress).
