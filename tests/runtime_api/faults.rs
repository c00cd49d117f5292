//! A misbehaving runtime API: the function logs, backs off, keeps serving, and never loses or
//! doubles an answer.

use std::net::TcpListener;
use std::time::Duration;

use fg_emulator::{Emulator, Fault};

use crate::support::{Function, WAIT, assert_exactly_once, behaviours, dis, invoke};

fn wait_for_output(function: &Function, needle: &str) {
    let end = std::time::Instant::now() + WAIT;
    while !function.output().contains(needle) {
        assert!(
            std::time::Instant::now() < end,
            "no {needle:?} in: {}",
            function.output()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn free_addr() -> std::net::SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[test]
fn api_not_listening_at_start_up_then_up() {
    let addr = free_addr();
    let mut command = std::process::Command::new(behaviours());
    command.env("RUNTIME_API_ADDR", addr.to_string());
    let function = Function::spawn_command(command);
    wait_for_output(&function, "cannot connect to the runtime API");
    let emulator = Emulator::start_at(addr).unwrap();
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_exactly_once(&emulator);
}

#[test]
fn api_unreachable_for_too_long_ends_the_process_with_a_clear_message() {
    let addr = free_addr();
    let mut command = std::process::Command::new(behaviours());
    command
        .env("RUNTIME_API_ADDR", addr.to_string())
        .env("FG_API_UNREACHABLE_TIMEOUT", "0.3");
    let mut function = Function::spawn_command(command);
    let status = function.wait_exit(WAIT).expect("the process gives up");
    assert!(!status.success());
    let output = function.output();
    assert!(
        output.contains(&format!("runtime API at {addr} unreachable")),
        "{output}"
    );
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let emulator = Emulator::start().unwrap();
    for status in [500, 503, 503, 502] {
        emulator.fault(Fault::Status(status));
    }
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let output = function.output();
    assert!(
        output.contains("runtime API answered 503 without a request id"),
        "{output}"
    );
    assert!(
        output.contains("retrying in 400ms"),
        "backoff doubles: {output}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn replies_without_a_request_id_are_skipped() {
    let emulator = Emulator::start().unwrap();
    emulator.fault(Fault::MissingRequestId);
    emulator.fault(Fault::MissingRequestId);
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert!(
        function
            .output()
            .contains("answered 200 without a request id")
    );
    assert_eq!(emulator.answers().len(), 1);
    assert_exactly_once(&emulator);
}

#[test]
fn connection_closed_instead_of_an_answer() {
    let emulator = Emulator::start().unwrap();
    emulator.fault(Fault::CloseConnection);
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_eq!(emulator.connection_count(), 2);
    assert_exactly_once(&emulator);
}

#[test]
fn idle_keep_alive_connection_closed_between_invocations() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert!(emulator.wait_for_polls(2, WAIT), "the function polls again");
    emulator.drop_idle_connections();
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_eq!(emulator.connection_count(), 2);
    assert_exactly_once(&emulator);
}

#[test]
fn slow_answers_are_waited_for() {
    let emulator = Emulator::start().unwrap();
    emulator.fault(Fault::Delay(Duration::from_millis(300)));
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_exactly_once(&emulator);
}

#[test]
fn connection_reset_in_the_middle_of_a_body_is_still_answered() {
    let emulator = Emulator::start().unwrap();
    emulator.fault(Fault::ResetMidBody);
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let cut = invoke(&emulator, dis("ok", "0"));
    let report = cut.diagnostic().expect("an error report for the cut event");
    assert_eq!(report.error_type, "EventUnreadable");
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_exactly_once(&emulator);
}

#[test]
fn failed_response_post_is_retried() {
    let emulator = Emulator::start().unwrap();
    emulator.fail_next_post(503);
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    let answer = invoke(&emulator, dis("ok", "0"));
    assert!(answer.is_response());
    let answers = emulator.answers();
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert!(!answers[0].accepted);
    assert!(function.output().contains("attempt 1 of 3"));
    assert_exactly_once(&emulator);
}
