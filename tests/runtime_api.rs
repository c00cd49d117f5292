//! Integration tests: real function binaries against the runtime-API emulator on 127.0.0.1.

#[path = "runtime_api/support.rs"]
mod support;

#[path = "runtime_api/answers.rs"]
mod answers;
#[path = "runtime_api/backoff.rs"]
mod backoff;
#[path = "runtime_api/bad_input.rs"]
mod bad_input;
#[path = "runtime_api/context.rs"]
mod context;
#[path = "runtime_api/faults.rs"]
mod faults;
#[path = "runtime_api/limits.rs"]
mod limits;
#[path = "runtime_api/local_mode.rs"]
mod local_mode;
#[path = "runtime_api/timeouts.rs"]
mod timeouts;
#[path = "runtime_api/wrong_types.rs"]
mod wrong_types;
