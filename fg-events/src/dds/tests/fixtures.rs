//! Every file in `fixtures/dds/` round-trips; every file in `fixtures/dds/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::Value;

use crate::dds::DdsEvent;
use crate::fixture_tests::{known, rejects_all_invalid, round_trips_all, serialises_back_to_shape};

const RECORD_KEYS: &[&str] = &[
    "event_source",
    "event_name",
    "region",
    "event_version",
    "dds",
    "event_source_id",
    "event_source_ip",
];
const CHANGE_KEYS: &[&str] = &["size_bytes", "token", "full_document", "ns"];

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-records.json", "missing field `records`"),
    ("missing-dds.json", "missing field `dds`"),
    ("kafka-event.json", "missing field `dds`"),
    (
        "size-bytes-as-float.json",
        "expected a string, number or null",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<DdsEvent>("dds", 7);
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and `null`s are dropped, a numeric `size_bytes` becomes a string, and documents sent as
/// objects become their JSON text.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<DdsEvent>("dds", normalise_event);
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(super::fixture!("dds/documented-sample")).unwrap();
    let serialised = serde_json::to_value(super::parse(super::fixture!("dds/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<DdsEvent>("dds", REJECTIONS);
}

fn normalise_event(value: Value) -> Value {
    let mut event = known(value, &["records"]);
    if let Some(Value::Array(records)) = event.get_mut("records") {
        for record in records.iter_mut() {
            let mut fields = known(record.take(), RECORD_KEYS);
            if let Some(change) = fields.remove("dds") {
                let mut change = known(change, CHANGE_KEYS);
                for value in change.values_mut() {
                    if !value.is_string() {
                        *value = Value::String(value.to_string());
                    }
                }
                fields.insert("dds".to_owned(), Value::Object(change));
            }
            *record = Value::Object(fields);
        }
    }
    Value::Object(event)
}
