//! Every file in `fixtures/kafka/` round-trips; every file in `fixtures/kafka/invalid/` is
//! rejected. Adding a sample file adds coverage without editing these tests.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::kafka::KafkaEvent;

const EVENT_KEYS: &[&str] = &[
    "event_version",
    "event_time",
    "trigger_type",
    "region",
    "instance_id",
    "records",
];
const RECORD_KEYS: &[&str] = &["topic_id", "messages"];

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-records.json", "missing field `records`"),
    ("missing-topic-id.json", "missing field `topic_id`"),
    ("dds-event.json", "missing field `topic_id`"),
    (
        "message-object-without-message.json",
        "missing field `message`",
    ),
    (
        "message-as-number.json",
        "expected a message string or an object with a `message` string",
    ),
    (
        "event-time-as-float.json",
        "expected an integer epoch time or a time string",
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
    let files = json_files("fixtures/kafka");
    assert!(files.len() >= 9, "fixtures missing: {files:?}");
    for path in files {
        let event: KafkaEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("KafkaEvent serialises");
        let again: KafkaEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except that unknown keys and `null`s are dropped.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/kafka") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: KafkaEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("KafkaEvent serialises");
        assert_eq!(serialised, normalise_event(original), "{}", path.display());
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/kafka/invalid");
    for (name, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| file_name(path) == *name),
            "no fixture {name}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<KafkaEvent>(&read(&path)) else {
            panic!("{} was accepted as a Kafka event", path.display());
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
    let mut event = known(value, EVENT_KEYS);
    if let Some(Value::Array(records)) = event.get_mut("records") {
        for record in records.iter_mut() {
            let mut fields = known(record.take(), RECORD_KEYS);
            if let Some(Value::Array(messages)) = fields.get_mut("messages") {
                for message in messages.iter_mut().filter(|m| m.is_object()) {
                    *message = Value::Object(known(message.take(), &["message"]));
                }
            } else {
                fields.insert("messages".to_owned(), Value::Array(Vec::new()));
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
