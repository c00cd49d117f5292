//! Compile tests for the handler macros: every accepted shape builds and answers a sample
//! event (`tests/ui/pass*`), every rejected one fails with the message pinned in its
//! `.stderr` (`tests/ui/fail/<category>`).
//!
//! Pass cases are grouped by the sample event their `main` answers in local mode:
//!
//! | folder | event | macros |
//! |---|---|---|
//! | `tests/ui/pass/` | `fg-events/fixtures/dis/documented-sample.json` | `#[dis_handler]`, `#[handler]` |
//! | `tests/ui/pass-apig/` | `examples/events/apig.json` | `#[apig_handler]` |
//! | `tests/ui/pass-timer/` | `fg-events/fixtures/timer/documented-sample.json` | `#[timer_handler]` |
//!
//! A new case goes into the folder of the event it expects; a macro with a new sample event
//! gets a row in [`SUITES`].
//!
//! The `.stderr` snapshots were generated with rustc 1.95.0. After a compiler update,
//! regenerate them with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

use std::path::Path;
use std::process::Command;

use fg_runtime::LOCAL_EVENT_VAR;

/// Pass-case folders and the sample event (from docs/PLATFORM.md §9; a path from the
/// repository root) their functions answer. The first suite also runs the compile-fail cases.
const SUITES: &[(&str, &str)] = &[
    (
        "tests/ui/pass/*.rs",
        "fg-events/fixtures/dis/documented-sample.json",
    ),
    ("tests/ui/pass-apig/*.rs", "examples/events/apig.json"),
    (
        "tests/ui/pass-timer/*.rs",
        "fg-events/fixtures/timer/documented-sample.json",
    ),
];

fn sample_event(file: &str) -> String {
    format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ui() {
    // trybuild runs each pass case's `main` with empty stdin, and local mode would read the
    // event from there. The children must see `FG_LOCAL_EVENT` instead; `std::env::set_var`
    // is unsafe in edition 2024 (and unsafe code is forbidden), so this test re-runs itself
    // once per suite with the variable naming that suite's event, and checks those runs.
    let current = std::env::var_os(LOCAL_EVENT_VAR);
    let suite = SUITES.iter().position(|&(_, event)| {
        current
            .as_deref()
            .is_some_and(|v| Path::new(v) == Path::new(&sample_event(event)))
    });
    let Some(suite) = suite else {
        return run_each_suite();
    };

    let t = trybuild::TestCases::new();
    t.pass(SUITES[suite].0);
    if suite == 0 {
        t.compile_fail("tests/ui/fail/**/*.rs");
    }
}

fn run_each_suite() {
    let this = std::env::current_exe().expect("the test binary knows its own path");
    let mut failed = Vec::new();
    for &(cases, event) in SUITES {
        let status = Command::new(&this)
            .args(["ui", "--exact", "--nocapture", "--test-threads=1"])
            .env(LOCAL_EVENT_VAR, sample_event(event))
            // Local mode, whatever the shell running the tests says.
            .env_remove("RUNTIME_API_ADDR")
            .status()
            .expect("the test binary can re-run itself");
        if !status.success() {
            failed.push(format!("{cases} ({status})"));
        }
    }
    assert!(
        failed.is_empty(),
        "ui tests failed in {}; see the output above",
        failed.join(", ")
    );
}
