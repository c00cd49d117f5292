//! Every file in `fixtures/dis/` round-trips; every file in `fixtures/dis/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::dis::DisEvent;

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

fn json_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable fixtures directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
}

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    let files = json_files("fixtures/dis");
    assert!(files.len() >= 11, "fixtures missing: {files:?}");
    for path in files {
        let event: DisEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("DisEvent serialises");
        let again: DisEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and `null`s are dropped, and numbers in text fields become strings.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/dis") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: DisEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("DisEvent serialises");
        assert_eq!(serialised, normalise_event(original), "{}", path.display());
    }
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(super::fixture!("dis/documented-sample")).unwrap();
    let serialised = serde_json::to_value(super::parse(super::fixture!("dis/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/dis/invalid");
    for (name, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| file_name(path) == *name),
            "no fixture {name}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<DisEvent>(&read(&path)) else {
            panic!("{} was accepted as a DIS event", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS
            .iter()
            .find(|(name, _)| *name == file_name(&path))
        {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
        assert!(
            message.contains("line "),
            "{}: no position in {message}",
            path.display()
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

fn known(value: Value, keys: &[&str]) -> Map<String, Value> {
    let Value::Object(object) = value else {
        panic!("expected an object, found {value}");
    };
    object
        .into_iter()
        .filter(|(key, value)| keys.contains(&key.as_str()) && !value.is_null())
        .collect()
}

fn number_to_string(object: &mut Map<String, Value>, key: &str) {
    if let Some(value) = object.get_mut(key)
        && let Value::Number(n) = value
    {
        *value = Value::String(n.to_string());
    }
}
