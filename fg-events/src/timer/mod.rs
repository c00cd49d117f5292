//! The `timer` trigger (work in progress).
