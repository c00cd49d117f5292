//! Every file in `fixtures/dds/` round-trips; every file in `fixtures/dds/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::dds::DdsEvent;

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
    let files = json_files("fixtures/dds");
    assert!(files.len() >= 7, "fixtures missing: {files:?}");
    for path in files {
        let event: DdsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("DdsEvent serialises");
        let again: DdsEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and `null`s are dropped, a numeric `size_bytes` becomes a string, and documents sent as
/// objects become their JSON text.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/dds") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: DdsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("DdsEvent serialises");
        assert_eq!(serialised, normalise_event(original), "{}", path.display());
    }
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(super::fixture!("dds/documented-sample")).unwrap();
    let serialised = serde_json::to_value(super::parse(super::fixture!("dds/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/dds/invalid");
    for (name, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| file_name(path) == *name),
            "no fixture {name}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<DdsEvent>(&read(&path)) else {
            panic!("{} was accepted as a DDS event", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS
            .iter()
            .find(|(name, _)| *name == file_name(&path))
        {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
    }
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

fn known(value: Value, keys: &[&str]) -> Map<String, Value> {
    let Value::Object(object) = value else {
        panic!("expected an object, found {value}");
    };
    object
        .into_iter()
        .filter(|(key, value)| keys.contains(&key.as_str()) && !value.is_null())
        .collect()
}
