//! `fg_runtime::run` and `run_async` without the macros: the same decoding, answers, error
//! reports and panic handling as the macros give.

use fg_emulator::{Emulator, Event};
use serde_json::json;

use crate::support::{Function, assert_exactly_once, invoke, plain};

fn command(action: &str, name: &str) -> Event {
    Event::new(json!({"action": action, "name": name}).to_string())
}

/// The `Refused` report of the `refuse` action: the error type's own name and its text.
fn assert_refused(emulator: &Emulator) {
    let refused = invoke(emulator, command("refuse", "eve"))
        .diagnostic()
        .unwrap();
    assert_eq!(
        (refused.error_type.as_str(), refused.error_message.as_str()),
        ("Refused", "eve is not allowed")
    );
}

fn answers_like_the_macros(entry: &str) {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &plain(), &[("FG_TEST_ENTRY", entry)]);
    let echo = invoke(&emulator, command("echo", "plain text"));
    assert_eq!(
        echo.text(),
        "plain text",
        "a String result is sent verbatim"
    );
    let summary = invoke(&emulator, command("json", "ada").request_id("req-7"));
    assert_eq!(
        summary.json().unwrap(),
        json!({"name": "ada", "request_id": "req-7"})
    );
    let throttled = invoke(&emulator, command("throttle", "x"))
        .diagnostic()
        .unwrap();
    assert_eq!(
        (
            throttled.error_type.as_str(),
            throttled.error_message.as_str()
        ),
        ("Throttled", "slow down")
    );
    assert_refused(&emulator);
    let invalid = invoke(&emulator, Event::new(r#"{"action": 1}"#))
        .diagnostic()
        .unwrap();
    assert_eq!(invalid.error_type, "InvalidEvent");
    assert!(invalid.error_message.contains("`action`"), "{invalid:?}");
    let panicked = invoke(&emulator, command("panic", "bob"))
        .diagnostic()
        .unwrap();
    assert_eq!(panicked.error_type, "panic");
    assert!(panicked.error_message.contains("plain panic for bob"));
    assert_eq!(
        invoke(&emulator, command("echo", "still up")).text(),
        "still up"
    );
    assert!(function.is_running());
    assert_exactly_once(&emulator);
}

#[test]
fn run_answers_like_the_macros() {
    answers_like_the_macros("sync");
}

#[test]
fn run_async_answers_like_the_macros() {
    answers_like_the_macros("async");
}

#[test]
fn run_reports_an_error_type_of_its_own_by_its_name() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &plain(), &[("FG_TEST_ENTRY", "own-error")]);
    assert_refused(&emulator);
    let summary = invoke(&emulator, command("json", "ada").request_id("r1"));
    assert_eq!(
        summary.json().unwrap(),
        json!({"name": "ada", "request_id": "r1"})
    );
    assert_exactly_once(&emulator);
}

#[test]
fn run_with_state_awaits_an_async_init_and_run_async_with_state_takes_a_sync_one() {
    for (entry, greeting) in [
        ("state-async-init", "hello from async init, "),
        ("async-state-sync-init", "hello from sync init, "),
    ] {
        let emulator = Emulator::start().unwrap();
        let mut function = Function::spawn(&emulator, &plain(), &[("FG_TEST_ENTRY", entry)]);
        for name in ["ada", "bob"] {
            assert_eq!(
                invoke(&emulator, command("echo", name)).text(),
                format!("{greeting}{name}"),
                "{entry}"
            );
        }
        assert!(function.is_running(), "{entry}");
        assert_exactly_once(&emulator);
    }
}

#[test]
fn a_failing_init_of_run_with_state_ends_the_process_with_its_error() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(
        &emulator,
        &plain(),
        &[("FG_TEST_ENTRY", "state-failing-init")],
    );
    let status = function
        .wait_exit(std::time::Duration::from_secs(20))
        .expect("the process ends");
    assert_eq!(status.code(), Some(1));
    assert!(
        function.output().contains("no greeting today"),
        "{}",
        function.output()
    );
}
