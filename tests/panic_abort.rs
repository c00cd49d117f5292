//! Under a `panic = "abort"` profile a panicking handler cannot unwind back to the loop: the
//! in-flight request must still get its error report before the process ends.

#[path = "runtime_api/support.rs"]
#[allow(dead_code)]
mod support;

use std::path::PathBuf;
use std::process::Command;

use fg_emulator::Emulator;
use support::{Function, WAIT, assert_exactly_once, dis, invoke};

/// Builds the behaviours function with `panic = "abort"` into its own target directory.
fn abort_build() -> PathBuf {
    let target = std::env::current_exe()
        .unwrap()
        .ancestors()
        .nth(3)
        .expect("target dir above target/<profile>/deps")
        .join("panic-abort");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--bin", "fg-test-dis", "--target-dir"])
        .arg(&target)
        .env("CARGO_PROFILE_DEV_PANIC", "abort")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo build");
    assert!(status.success(), "building with panic = \"abort\" failed");
    target.join("debug").join("fg-test-dis")
}

#[test]
fn abort_profile_still_reports_the_panic() {
    let program = abort_build();
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &program, &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let report = invoke(&emulator, dis("panic", "5"))
        .diagnostic()
        .expect("error report");
    assert_eq!(report.error_type, "panic");
    assert_eq!(report.error_message, "boom in shard 5");
    let status = function.wait_exit(WAIT).expect("the process aborts");
    assert!(!status.success());
    assert_exactly_once(&emulator);
}
