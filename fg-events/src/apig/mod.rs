//! The `apig` trigger (work in progress).
