//! Every file in `fixtures/cts/` round-trips; every file in `fixtures/cts/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::cts::CtsEvent;

const TRACE_KEYS: &[&str] = &[
    "time",
    "user",
    "request",
    "response",
    "code",
    "service_type",
    "resource_type",
    "resource_name",
    "resource_id",
    "trace_name",
    "trace_type",
    "record_time",
    "trace_id",
    "trace_status",
    "trace_rating",
    "api_version",
    "domain_id",
    "project_id",
    "message",
    "operation_id",
    "read_only",
    "resource_account_id",
    "source_ip",
    "event_type",
    "tracker_name",
    "request_id",
    "location_info",
    "endpoint",
    "resource_url",
    "enterprise_project_id",
    "user_agent",
    "content_length",
    "total_time",
];
const USER_KEYS: &[&str] = &[
    "name",
    "id",
    "domain",
    "type",
    "principal_id",
    "principal_urn",
    "account_id",
    "access_key_id",
    "user_name",
    "principal_is_root_user",
    "invoked_by",
    "session_context",
    "OriginUser",
];

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-cts.json", "missing field `cts`"),
    (
        "code-as-object.json",
        "invalid type: map, expected a string, number or null",
    ),
    (
        "time-as-float.json",
        "expected an integer epoch time or a time string",
    ),
    ("user-as-string.json", "expected struct CtsUser"),
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
    let files = json_files("fixtures/cts");
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    for path in files {
        let event: CtsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("CtsEvent serialises");
        let again: CtsEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and top-level `null`s are dropped, and a numeric `code` becomes a string.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/cts") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: CtsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("CtsEvent serialises");
        assert_eq!(serialised, normalise_event(original), "{}", path.display());
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/cts/invalid");
    for (name, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| file_name(path) == *name),
            "no fixture {name}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<CtsEvent>(&read(&path)) else {
            panic!("{} was accepted as a CTS event", path.display());
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
    let mut event = known(value, &["cts"]);
    if let Some(trace) = event.remove("cts") {
        let mut trace = known(trace, TRACE_KEYS);
        if let Some(Value::Number(code)) = trace.get("code") {
            let code = Value::String(code.to_string());
            trace.insert("code".to_owned(), code);
        }
        if let Some(user) = trace.remove("user") {
            let user = known(user, USER_KEYS);
            trace.insert("user".to_owned(), Value::Object(user));
        }
        event.insert("cts".to_owned(), Value::Object(trace));
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
