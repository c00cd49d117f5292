//! State built once by `init`, a failing `init`, graceful shutdown on SIGTERM (idle and
//! mid-invocation) and the log stream (text and JSON), with the `fg-test-lifecycle` function
//! against the runtime-API emulator.

#[path = "runtime_api/support.rs"]
#[allow(dead_code)]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use fg_emulator::{Emulator, Event};
use serde_json::Value;

use support::{Function, WAIT, assert_exactly_once, dis, example, invoke};

fn lifecycle() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_fg-test-lifecycle"))
}

/// Sends SIGTERM with the `kill` command (std has no way to signal a process, and this
/// workspace forbids `unsafe`).
fn terminate(function: &Function) {
    let status = Command::new("kill")
        .args(["-TERM", &function.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -TERM failed: {status}");
}

/// Waits (bounded) until the function's output contains `text`.
fn wait_for_output(function: &Function, text: &str) {
    let end = Instant::now() + WAIT;
    while !function.output().contains(text) {
        assert!(
            Instant::now() < end,
            "no `{text}` in the output within {WAIT:?}: {}",
            function.output()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn init_runs_once_before_the_first_event() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &lifecycle(), &[]);
    for n in 1..=3 {
        let answer = invoke(&emulator, dis("count", "0"));
        assert_eq!(
            answer.json().unwrap(),
            serde_json::json!({"inits": 1, "invocations": n})
        );
    }
    assert_exactly_once(&emulator);
}

#[test]
fn a_failing_init_exits_non_zero_before_polling() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &lifecycle(), &[("FG_TEST_INIT_FAIL", "1")]);
    let status = function.wait_exit(WAIT).expect("the function exits");
    assert_eq!(status.code(), Some(1), "{}", function.output());
    assert_eq!(emulator.poll_count(), 0, "polled after a failed init");
    let output = function.output();
    assert!(
        output.contains(
            "ERROR init failed: cannot reach the database: connection refused; exiting before the first event"
        ),
        "{output}"
    );
}

#[test]
fn sigterm_while_idle_runs_the_hooks_and_exits_zero() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &lifecycle(), &[]);
    invoke(&emulator, dis("count", "0"));
    assert!(emulator.wait_for_polls(2, WAIT), "the function polls again");
    terminate(&function);
    let status = function
        .wait_exit(WAIT)
        .expect("the function exits promptly");
    assert!(status.success(), "{status}: {}", function.output());
    let output = function.output();
    let hook = output.find("INFO shutdown hook ran").expect(&output);
    let second = output.find("INFO second hook ran").expect(&output);
    assert!(
        output.contains("SIGTERM or SIGINT while waiting for an event"),
        "{output}"
    );
    assert!(hook < second, "hooks run in the order registered: {output}");
    assert_exactly_once(&emulator);
}

#[test]
fn sigterm_mid_invocation_answers_it_first() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &lifecycle(), &[]);
    let id = emulator.push(dis("sleep", "1500"));
    wait_for_output(&function, "INFO sleeping");
    terminate(&function);
    let answer = emulator.wait_for_answer(&id, WAIT).expect("an answer");
    assert!(answer.is_response(), "{}", answer.text());
    assert_eq!(answer.json().unwrap()["slept_ms"], 1500);
    let status = function.wait_exit(WAIT).expect("the function exits");
    assert!(status.success(), "{status}: {}", function.output());
    let output = function.output();
    let woke = output.find("woke up").expect(&output);
    let hook = output.find("shutdown hook ran").expect(&output);
    assert!(woke < hook, "the hook runs after the invocation: {output}");
    assert!(
        output
            .contains("SIGTERM or SIGINT during an invocation: shutting down once the invocations in flight are answered"),
        "{output}"
    );
    // No event is taken after the signal: the one handed out was the only one.
    emulator.push(dis("count", "0"));
    assert_eq!(emulator.handed_out(), [id]);
    assert_exactly_once(&emulator);
}

#[test]
fn every_logger_writes_to_one_stream_in_order() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &lifecycle(), &[]);
    let answer = invoke(&emulator, dis("logs", "0").request_id("req-logs"));
    assert!(answer.is_response());
    let output = function.output();
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| l.contains(" req-logs "))
        .collect();
    let expected = [
        "INFO one: the context logger",
        "INFO two: a tracing event rows=3 table=clicks",
        "WARN three: a log record",
        "ERROR four: the context logger again",
    ];
    assert_eq!(lines.len(), expected.len(), "{output}");
    for (line, expected) in lines.iter().zip(expected) {
        assert!(
            line.ends_with(expected),
            "`{line}` should end with `{expected}`"
        );
        // `<UTC RFC 3339 with ms> <request id> <LEVEL> <message>`
        let time = line.split(' ').next().unwrap();
        assert_eq!(time.len(), "2026-01-01T00:00:00.000Z".len(), "{line}");
        assert!(time.ends_with('Z'), "{line}");
    }
    assert!(!output.contains("hidden at the default level"), "{output}");
}

#[test]
fn json_logs_are_one_object_per_line() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(
        &emulator,
        &lifecycle(),
        &[
            ("FG_LOG_FORMAT", "json"),
            ("RUST_LOG", "info,fg_test_lifecycle=debug"),
        ],
    );
    invoke(&emulator, dis("logs", "0").request_id("req-json"));
    let output = function.output();
    let records: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let mine: Vec<&Value> = records
        .iter()
        .filter(|r| r["request_id"] == "req-json")
        .collect();
    let messages: Vec<&str> = mine
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "one: the context logger",
            "two: a tracing event",
            "hidden at the default level",
            "three: a log record",
            "four: the context logger again",
        ],
        "{output}"
    );
    let tracing_event = mine[1];
    assert_eq!(tracing_event["level"], "INFO");
    assert_eq!(tracing_event["target"], "fg_test_lifecycle");
    assert_eq!(
        tracing_event["fields"],
        serde_json::json!({"rows": 3, "table": "clicks"})
    );
    assert_eq!(
        tracing_event["spans"],
        serde_json::json!([{"name": "invocation", "request_id": "req-json"}])
    );
    assert_eq!(mine[0]["target"], "fg_runtime::context");
    assert_eq!(mine[3]["level"], "WARN");
    let time = tracing_event["time"].as_str().unwrap();
    assert!(time.ends_with('Z') && time.len() == 24, "{time}");
}

#[test]
fn an_invocation_close_to_its_deadline_is_warned_about() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &lifecycle(), &[("RUNTIME_TIMEOUT", "1")]);
    let answer = invoke(&emulator, dis("sleep", "950").request_id("req-late"));
    assert!(answer.is_response());
    let output = function.output();
    assert!(
        output.contains("req-late WARN the invocation ended with")
            && output.contains("of its 1000 ms left (under 10%)"),
        "{output}"
    );
    let quick = invoke(&emulator, Event::new(dis_body()).request_id("req-quick"));
    assert!(quick.is_response());
    assert!(
        !function.output().contains("req-quick WARN"),
        "{}",
        function.output()
    );
}

fn dis_body() -> Vec<u8> {
    support::sample()
}

#[test]
fn the_state_example_keeps_its_client_across_invocations() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &example("state"), &[]);
    let first = invoke(&emulator, Event::new(dis_body()));
    assert_eq!(first.json().unwrap()["stored"], 4, "{}", first.text());
    let second = invoke(&emulator, Event::new(dis_body()));
    assert_eq!(second.json().unwrap()["total_in_instance"], 8);
    assert!(emulator.wait_for_polls(3, WAIT));
    terminate(&function);
    let status = function.wait_exit(WAIT).expect("exits");
    assert!(status.success(), "{}", function.output());
    let output = function.output();
    assert!(output.contains("the instance is stopping"), "{output}");
    assert!(output.contains("state example: shutting down"), "{output}");
}

#[test]
fn the_json_logs_example_writes_one_object_per_line() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(
        &emulator,
        &example("json_logs"),
        &[("FG_LOG_FORMAT", "json"), ("RUST_LOG", "debug")],
    );
    let answer = invoke(&emulator, Event::new(dis_body()).request_id("req-example"));
    assert_eq!(answer.text(), "32");
    let output = function.output();
    let records: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let decoded: Vec<&Value> = records
        .iter()
        .filter(|r| r["message"] == "decoded")
        .collect();
    assert_eq!(decoded.len(), 4, "{output}");
    assert_eq!(decoded[0]["request_id"], "req-example");
    assert_eq!(decoded[0]["spans"][1]["name"], "record");
    assert_eq!(decoded[0]["spans"][1]["sequence"], "0");
}
