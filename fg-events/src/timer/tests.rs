//! Tests of [`TimerEvent`] against the fixtures in `fixtures/timer/` and events built in code.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::{Value, json};

use super::TimerEvent;
use crate::fixture_tests::{
    fixture, rejects_all_invalid, round_trips_all, serialises_back_to_shape,
};

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-trigger-type.json", "missing field `trigger_type`"),
    ("kafka-event.json", "missing field `time`"),
    (
        "user-event-as-object.json",
        "invalid type: map, expected a string",
    ),
];

fn parse(json: &str) -> TimerEvent {
    crate::fixture_tests::parse(json)
}

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<TimerEvent>("timer", 5);
}

/// Serialising gives back the fixture, except that unknown keys are dropped and a missing
/// `user_event` is written as `""`.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<TimerEvent>("timer", |original| {
        let Value::Object(mut original) = original else {
            panic!("not an object: {original}");
        };
        original.retain(|key, _| {
            [
                "version",
                "time",
                "trigger_type",
                "trigger_name",
                "user_event",
            ]
            .contains(&key.as_str())
        });
        original.entry("user_event").or_insert(json!(""));
        Value::Object(original)
    });
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<TimerEvent>("timer", REJECTIONS);
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("timer/documented-sample"));
    assert_eq!(event.version(), "v1.0");
    assert_eq!(event.time(), "2018-06-01T08:30:00+08:00");
    assert_eq!(event.trigger_type(), TimerEvent::TRIGGER_TYPE);
    assert_eq!(event.trigger_name(), "Timer_001");
    assert_eq!(event.user_event(), "User Event");
    assert!(event.user_event_json::<Value>().is_err());
    assert_eq!(
        event,
        TimerEvent::new("Timer_001", "2018-06-01T08:30:00+08:00").with_user_event("User Event")
    );
}

#[test]
fn json_user_event_parses_typed_and_untyped() {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Payload {
        message: String,
        topic: String,
    }
    let event = parse(fixture!("timer/json-user-event"));
    assert_eq!(event.version(), "v2.0");
    let payload: Payload = event.user_event_json().unwrap();
    assert_eq!(
        payload,
        Payload {
            message: "timer triggered event".to_owned(),
            topic: "test".to_owned(),
        }
    );
    assert_eq!(event.user_event_json::<Value>().unwrap()["topic"], "test");
    let rebuilt = TimerEvent::new("Timer_001", "t")
        .with_user_event_json(&payload)
        .unwrap();
    assert_eq!(rebuilt.user_event_json::<Payload>().unwrap(), payload);
}

#[test]
fn text_empty_and_missing_user_events() {
    assert_eq!(
        parse(fixture!("timer/py-sample-text")).user_event(),
        "Hello world"
    );
    let empty = parse(fixture!("timer/utc-time-empty-user-event"));
    assert_eq!(
        (empty.user_event(), empty.time()),
        ("", "2025-06-01T00:00:00Z")
    );
    let missing = parse(fixture!("timer/user-event-missing"));
    assert_eq!(missing.user_event(), "");
    assert!(missing.user_event_json::<Value>().unwrap_err().is_eof());
    assert_eq!(missing.trigger_name(), "Timer_002");
}

#[test]
fn defaults_are_empty_and_serialise_every_key() {
    let event = TimerEvent::default();
    assert_eq!((event.time(), event.user_event()), ("", ""));
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"version": "", "time": "", "trigger_type": "", "trigger_name": "", "user_event": ""})
    );
}
