//! The `async_notification` trigger (work in progress).
