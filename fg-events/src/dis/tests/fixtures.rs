//! Every file in `fixtures/dis/` round-trips; every file in `fixtures/dis/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::Value;

use crate::dis::DisEvent;
use crate::fixture_tests::{
    known, number_to_string, rejects_all_invalid, round_trips_all, serialises_back_to_shape,
};

const EVENT_KEYS: &[&str] = &["ShardID", "Message", "Tag", "StreamName"];
const MESSAGE_KEYS: &[&str] = &["next_partition_cursor", "records", "millis_behind_latest"];
const RECORD_KEYS: &[&str] = &[
    "partition_key",
    "data",
    "sequence_number",
    "timestamp",
    "timestamp_type",
];

/// A negative fixture and a part of the error it must produce; files not listed here must still
/// be rejected.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-records.json", "missing field `records`"),
    ("missing-shard-id.json", "missing field `ShardID`"),
    ("lowercase-keys.json", "missing field `ShardID`"),
    ("smn-event.json", "missing field `ShardID`"),
    (
        "records-as-map.json",
        "invalid type: map, expected a sequence",
    ),
    (
        "sequence-number-as-object.json",
        "invalid type: map, expected a string or number",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<DisEvent>("dis", 11);
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and `null`s are dropped, and numbers in text fields become strings.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<DisEvent>("dis", normalise_event);
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(super::fixture!("dis/documented-sample")).unwrap();
    let serialised = serde_json::to_value(super::parse(super::fixture!("dis/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    for (name, message) in rejects_all_invalid::<DisEvent>("dis", REJECTIONS) {
        assert!(
            message.contains("line "),
            "{name}: no position in {message}"
        );
    }
}

fn normalise_event(value: Value) -> Value {
    let mut event = known(value, EVENT_KEYS);
    if let Some(message) = event.remove("Message") {
        let mut message = known(message, MESSAGE_KEYS);
        number_to_string(&mut message, "millis_behind_latest");
        if let Some(Value::Array(records)) = message.get_mut("records") {
            for record in records.iter_mut() {
                let mut fields = known(record.take(), RECORD_KEYS);
                number_to_string(&mut fields, "sequence_number");
                *record = Value::Object(fields);
            }
        }
        event.insert("Message".to_owned(), Value::Object(message));
    }
    Value::Object(event)
}
