//! Every file in `fixtures/smn/` round-trips; every file in `fixtures/smn/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::{Map, Value};

use super::{fixture, json_files, parse, read};
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
    let files = json_files("fixtures/smn");
    assert!(files.len() >= 7, "fixtures missing: {files:?}");
    for path in files {
        let event: SmnEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("SmnEvent serialises");
        let again: SmnEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except that unknown top-level keys are dropped and a
/// missing `message_attributes` is written as `null`.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/smn") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: SmnEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("SmnEvent serialises");
        assert_eq!(serialised, normalise(original), "{}", path.display());
    }
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(fixture!("smn/documented-sample")).unwrap();
    let serialised = serde_json::to_value(parse(fixture!("smn/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/smn/invalid");
    let name = |path: &std::path::Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned()
    };
    for (expected_file, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| name(path) == *expected_file),
            "no fixture {expected_file}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<SmnEvent>(&read(&path)) else {
            panic!("{} was accepted as an SMN event", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS.iter().find(|(file, _)| *file == name(&path)) {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
    }
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
