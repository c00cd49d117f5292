//! Compile tests for `#[dis_handler]`: every accepted shape builds and answers the sample
//! event (`tests/ui/pass`), every rejected one fails with the message pinned in its
//! `.stderr` (`tests/ui/fail/<category>`).
//!
//! The `.stderr` snapshots were generated with rustc 1.95.0. After a compiler update,
//! regenerate them with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

use std::path::Path;
use std::process::Command;

use fg_runtime::LOCAL_EVENT_VAR;

/// The sample event the pass cases answer (§9.1 of the platform notes).
const SAMPLE_EVENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/events/dis.json");

#[test]
fn ui() {
    // trybuild runs each pass case's `main` with empty stdin, and local mode would read the
    // event from there. The children must see `FG_LOCAL_EVENT` instead; `std::env::set_var`
    // is unsafe in edition 2024 (and unsafe code is forbidden), so this test re-runs itself
    // with the variable set and checks that run.
    if std::env::var_os(LOCAL_EVENT_VAR).is_none_or(|v| Path::new(&v) != Path::new(SAMPLE_EVENT)) {
        let this = std::env::current_exe().expect("the test binary knows its own path");
        let status = Command::new(this)
            .args(["ui", "--exact", "--nocapture", "--test-threads=1"])
            .env(LOCAL_EVENT_VAR, SAMPLE_EVENT)
            // Local mode, whatever the shell running the tests says.
            .env_remove("RUNTIME_API_ADDR")
            .status()
            .expect("the test binary can re-run itself");
        assert!(
            status.success(),
            "the ui tests failed ({status}); see the output above"
        );
        return;
    }

    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/**/*.rs");
}
