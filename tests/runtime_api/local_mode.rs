//! Local mode: no `RUNTIME_API_ADDR`, one event from a file or standard input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::support::{behaviours, example, sample};

fn run(program: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .env_remove("RUNTIME_API_ADDR")
        .env_remove("FG_LOCAL_EVENT")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the function");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

const SUMMARY: &str = r#"{"records":4,"bytes":32,"first_sequence":"0","last_sequence":"3"}"#;

#[test]
fn event_from_standard_input() {
    let out = run(&example("dis"), &[], &[], &sample());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), SUMMARY);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains(" INFO record 0 (7 bytes): welcome"), "{log}");
}

#[test]
fn event_from_a_file_argument_or_the_environment() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fg-events/fixtures/dis/documented-sample.json"
    );
    let out = run(&example("dis"), &[path], &[], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), SUMMARY);
    let out = run(&example("dis"), &[], &[("FG_LOCAL_EVENT", path)], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), SUMMARY);
}

#[test]
fn errors_print_the_report_and_exit_1() {
    let out = run(&behaviours(), &[], &[], b"[1,2]");
    assert_eq!(out.status.code(), Some(1));
    let report: fg_runtime::Diagnostic = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.error_type, "InvalidEvent");
    let out = run(
        &behaviours(),
        &[],
        &[],
        br#"{"ShardID":"1","StreamName":"panic","Message":{"records":[]}}"#,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: fg_runtime::Diagnostic = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.error_type, "panic");
}

#[test]
fn unreadable_event_file_exits_2_with_a_clear_message() {
    let out = run(&example("dis"), &["/nonexistent/event.json"], &[], b"");
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("cannot read the event file /nonexistent/event.json"),
        "{message}"
    );
}
