//! Every file in `fixtures/smn/` round-trips; every file in `fixtures/smn/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::{Map, Value};

use super::{fixture, parse};
use crate::fixture_tests::{rejects_all_invalid, round_trips_all, serialises_back_to_shape};
use crate::smn::SmnEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("records-plural.json", "missing field `record`"),
    ("dis-event.json", "missing field `record`"),
    ("missing-smn.json", "missing field `smn`"),
    (
        "record-as-object.json",
        "invalid type: map, expected a sequence",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<SmnEvent>("smn", 7);
}

/// Serialising gives back the fixture, except that unknown top-level keys are dropped and a
/// missing `message_attributes` is written as `null`.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<SmnEvent>("smn", normalise);
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(fixture!("smn/documented-sample")).unwrap();
    let serialised = serde_json::to_value(parse(fixture!("smn/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<SmnEvent>("smn", REJECTIONS);
}

fn normalise(value: Value) -> Value {
    let Value::Object(mut event) = value else {
        panic!("expected an object, found {value}");
    };
    let mut records = event.remove("record").expect("fixture has `record`");
    if let Value::Array(records) = &mut records {
        for record in records {
            if let Some(Value::Object(smn)) = record.get_mut("smn") {
                smn.entry("message_attributes").or_insert(Value::Null);
            }
        }
    }
    Value::Object(Map::from_iter([("record".to_owned(), records)]))
}
