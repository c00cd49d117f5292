//! Successes, handler errors, panics, async invocations and size limits.

use fg_emulator::Emulator;

use crate::support::{Function, assert_exactly_once, behaviours, dis, example, invoke, sample};

#[test]
fn dis_example_summarises_the_documented_sample() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &example("dis"), &[]);
    let id = emulator.push(fg_emulator::Event::new(sample()));
    let answer = emulator
        .wait_for_answer(&id, crate::support::WAIT)
        .expect("answer");
    assert!(answer.is_response(), "{}", answer.text());
    assert_eq!(
        answer.json().unwrap(),
        serde_json::json!({"records": 4, "bytes": 32, "first_sequence": "0", "last_sequence": "3"})
    );
    let log = function.output();
    assert!(
        log.contains(&format!("{id} INFO record 2 (13 bytes): FunctionStage")),
        "{log}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn handler_error_is_reported_and_the_loop_goes_on() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    let failed = invoke(&emulator, dis("error", "shard-9"));
    let report = failed.diagnostic().expect("an error report");
    assert_eq!(report.error_type, "Refused");
    assert_eq!(report.error_message, "refused batch from shard shard-9");
    let next = invoke(&emulator, dis("ok", "0"));
    assert!(next.is_response(), "{}", next.text());
    let log = function.output();
    assert!(
        log.contains(&format!(
            "{} ERROR Refused: refused batch",
            failed.request_id
        )),
        "{log}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn panic_is_reported_and_the_loop_goes_on() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &behaviours(), &[]);
    let panicked = invoke(&emulator, dis("panic", "7"));
    let report = panicked.diagnostic().expect("an error report");
    assert_eq!(report.error_type, "panic");
    assert_eq!(report.error_message, "boom in shard 7");
    assert!(
        report.stack_trace[0].contains("dis_behaviours.rs"),
        "{report:?}"
    );
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert!(function.is_running());
    let log = function.output();
    assert!(
        log.contains(&format!(
            "{} ERROR handler panicked: boom in shard 7",
            panicked.request_id
        )),
        "{log}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn async_invocation_posts_its_result_and_full_errors() {
    // Async-notification destinations receive the result as `response_payload`
    // (docs/PLATFORM.md §14.1), so it is posted as for a synchronous invocation.
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let ok = invoke(&emulator, dis("ok", "0").asynchronous());
    assert!(ok.is_response());
    assert_eq!(
        ok.json().unwrap(),
        serde_json::json!({"records": 1, "bytes": 2})
    );
    let failed = invoke(&emulator, dis("panic", "3").asynchronous());
    assert_eq!(
        failed.diagnostic().unwrap().error_message,
        "boom in shard 3"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn oversize_response_is_function_response_too_large() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(
        &emulator,
        &behaviours(),
        &[("RUNTIME_MAX_RESP_BODY_SIZE", "1000")],
    );
    // The response is a JSON string: the repeated bytes plus two quotes.
    let fits = invoke(&emulator, dis("big", "998"));
    assert!(fits.is_response());
    assert_eq!(fits.body.len(), 1000);
    let too_big = invoke(&emulator, dis("big", "999"));
    let report = too_big.diagnostic().expect("an error report");
    assert_eq!(report.error_type, "FunctionResponseTooLarge");
    assert_eq!(
        report.error_message,
        "Response body size '1001' larger than max value '1000'."
    );
    assert_exactly_once(&emulator);
}

#[test]
fn oversize_async_result_is_an_empty_success_with_a_warning() {
    // An error report would make the platform retry an invocation whose work is done
    // (docs/PLATFORM.md §14.1): the result is dropped, and the log says so.
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(
        &emulator,
        &behaviours(),
        &[("RUNTIME_MAX_RESP_BODY_SIZE", "1000")],
    );
    let fits = invoke(&emulator, dis("big", "998").asynchronous());
    assert_eq!(
        fits.body.len(),
        1000,
        "a result within the limit is delivered"
    );
    let answer = invoke(&emulator, dis("big", "5000").asynchronous());
    assert!(answer.is_response(), "{}", answer.text());
    assert!(answer.body.is_empty(), "{}", answer.text());
    let log = function.output();
    assert!(
        log.contains(&format!(
            "{} WARN the result of this asynchronous invocation is 5002 bytes, over RUNTIME_MAX_RESP_BODY_SIZE (1000 bytes)",
            answer.request_id
        )),
        "{log}"
    );
    let sync = invoke(&emulator, dis("big", "5000"));
    assert_eq!(
        sync.diagnostic().expect("an error report").error_type,
        "FunctionResponseTooLarge"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn default_limit_is_the_platforms_six_mib() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let report = invoke(&emulator, dis("big", "6291455"))
        .diagnostic()
        .unwrap();
    assert_eq!(
        report.error_message,
        "Response body size '6291457' larger than max value '6291456'."
    );
}

#[test]
fn three_hundred_invocations_share_one_connection() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let ids: Vec<String> = (0..300).map(|_| emulator.push(dis("ok", "0"))).collect();
    for id in &ids {
        let answer = emulator
            .wait_for_answer(id, crate::support::WAIT)
            .expect("answer");
        assert_eq!(answer.text(), r#"{"bytes":2,"records":1}"#);
    }
    assert_exactly_once(&emulator);
    assert_eq!(emulator.handed_out().len(), 300);
    assert_eq!(emulator.connection_count(), 1);
}

#[test]
fn async_handler_answers_errors_and_survives_panics() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &crate::support::behaviours_async(), &[]);
    assert_eq!(invoke(&emulator, dis("ok", "0")).text(), "1 records");
    let failed = invoke(&emulator, dis("error", "0"));
    let report = failed.diagnostic().unwrap();
    assert_eq!(report.error_type, "FunctionReturnError");
    assert_eq!(
        report.error_message,
        format!("async refusal for {}", failed.request_id)
    );
    assert_eq!(
        invoke(&emulator, dis("panic", "0"))
            .diagnostic()
            .unwrap()
            .error_type,
        "panic"
    );
    assert_eq!(invoke(&emulator, dis("ok", "0")).text(), "1 records");
    assert!(function.is_running());
    assert_exactly_once(&emulator);
}
