//! Events that are not DIS events: the handler is not called, the report says why, the loop
//! goes on.

use fg_emulator::{Emulator, Event};

use crate::support::{Function, assert_exactly_once, behaviours, dis, invoke};

fn report_for(body: &[u8]) -> fg_runtime::Diagnostic {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let answer = invoke(&emulator, Event::new(body));
    let report = answer.diagnostic().expect("an error report");
    assert!(
        invoke(&emulator, dis("ok", "0")).is_response(),
        "the loop must go on"
    );
    assert_exactly_once(&emulator);
    report
}

#[test]
fn malformed_json() {
    let report = report_for(b"{\"ShardID\": ");
    assert_eq!(report.error_type, "InvalidEvent");
    assert!(
        report
            .error_message
            .starts_with("the event is not valid JSON: EOF"),
        "{report:?}"
    );
}

#[test]
fn another_triggers_event() {
    let smn =
        br#"{"record":[{"event_version":"1.0","smn":{"message":"hi"},"event_source":"smn"}]}"#;
    let report = report_for(smn);
    assert_eq!(report.error_type, "InvalidEvent");
    assert!(
        report
            .error_message
            .starts_with("the event is not a valid DisEvent: missing field `ShardID`"),
        "{report:?}"
    );
}

#[test]
fn wrong_type_deep_inside_names_the_json_path() {
    let body = br#"{"ShardID":"s","StreamName":"x","Message":{"records":[
        {"sequence_number":"0","data":""},{"sequence_number":"1","data":""},
        {"sequence_number":{"oops":1},"data":""}]}}"#;
    let report = report_for(body);
    assert!(
        report.error_message.contains("at `Message.records[2].sequence_number`: invalid type: map, expected a string or number"),
        "{report:?}"
    );
}

#[test]
fn invalid_utf8() {
    let report =
        report_for(b"{\"ShardID\":\"\xff\xfe\",\"StreamName\":\"x\",\"Message\":{\"records\":[]}}");
    assert_eq!(report.error_type, "InvalidEvent");
    assert!(
        report.error_message.contains("invalid unicode code point"),
        "{report:?}"
    );
}

#[test]
fn deeply_nested_json_is_handled_without_overflowing_the_stack() {
    let emulator = Emulator::start().unwrap();
    let mut function = Function::spawn(&emulator, &behaviours(), &[]);
    let depth = 100_000;
    // Balanced, in a field the DIS event ignores: skipped like any unknown field.
    let ignored = format!(
        r#"{{"Unknown":{}{},"ShardID":"s","StreamName":"x","Message":{{"records":[]}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(invoke(&emulator, Event::new(ignored)).is_response());
    // Unbalanced: an error report, not a crash.
    let unbalanced = format!(r#"{{"Unknown":{}"#, "[".repeat(depth));
    let report = invoke(&emulator, Event::new(unbalanced))
        .diagnostic()
        .unwrap();
    assert_eq!(report.error_type, "InvalidEvent");
    assert!(function.is_running());
    assert_exactly_once(&emulator);
}

#[test]
fn empty_body() {
    let report = report_for(b"");
    assert_eq!(report.error_type, "InvalidEvent");
}

#[test]
fn invalid_base64_in_one_record_is_a_handler_error_naming_it() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let body = br#"{"ShardID":"s","StreamName":"x","Message":{"records":[
        {"sequence_number":"41","data":"aGk="},{"sequence_number":"42","data":"$$$"}]}}"#;
    let report = invoke(&emulator, Event::new(&body[..]))
        .diagnostic()
        .unwrap();
    assert_eq!(report.error_type, "Refused");
    assert!(report.error_message.contains("DIS record 42"), "{report:?}");
}

#[test]
fn event_over_the_size_limit_is_refused_unread() {
    let emulator = Emulator::start().unwrap();
    let _function = Function::spawn(&emulator, &behaviours(), &[("FG_MAX_EVENT_SIZE", "1000")]);
    let big = format!(
        r#"{{"ShardID":"s","StreamName":"{}","Message":{{"records":[]}}}}"#,
        "x".repeat(2000)
    );
    let report = invoke(&emulator, Event::new(big)).diagnostic().unwrap();
    assert_eq!(report.error_type, "EventTooLarge");
    assert!(
        report
            .error_message
            .contains("larger than the limit of 1000 bytes"),
        "{report:?}"
    );
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_exactly_once(&emulator);
}
