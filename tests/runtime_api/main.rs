//! Integration tests: real function binaries against the runtime-API emulator on 127.0.0.1.

mod answers;
mod backoff;
mod bad_input;
mod context;
mod entry_points;
mod faults;
mod limits;
mod local_mode;
mod support;
mod timeouts;
mod wrong_types;
