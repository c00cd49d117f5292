//! The `kafka` trigger (work in progress).
