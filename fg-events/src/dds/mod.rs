//! The `dds` trigger (work in progress).
