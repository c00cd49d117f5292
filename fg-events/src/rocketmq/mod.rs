//! The `rocketmq` trigger (work in progress).
