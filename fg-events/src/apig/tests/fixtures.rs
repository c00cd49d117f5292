//! Every request in `fixtures/apig/` and every response in `fixtures/apig/response/` round-trips;
//! every file in `fixtures/apig/invalid/` is rejected. Adding a sample file adds coverage without
//! editing these tests.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{fixture, json_files, parse, read};
use crate::apig::{ApigRequest, ApigResponse};

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-http-method.json", "missing field `httpMethod`"),
    ("smn-event.json", "missing field `httpMethod`"),
    (
        "header-values-as-arrays.json",
        "invalid type: sequence, expected a string",
    ),
];

#[test]
fn every_request_fixture_parses_serialises_and_parses_back_equal() {
    let files = json_files("fixtures/apig");
    assert!(files.len() >= 9, "fixtures missing: {files:?}");
    for path in files {
        let request: ApigRequest = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&request).expect("ApigRequest serialises");
        let again: ApigRequest = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, request, "{}", path.display());
    }
}

/// Serialising gives back the fixture, except that missing or `null` keys come back with their
/// defaults (`isBase64Encoded` true, empty maps and strings).
#[test]
fn every_request_fixture_serialises_back_to_the_same_shape() {
    for path in json_files("fixtures/apig") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let request = parse(&read(&path));
        let serialised = serde_json::to_value(&request).expect("ApigRequest serialises");
        assert_eq!(serialised, with_defaults(original), "{}", path.display());
    }
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(fixture!("apig/documented-sample")).unwrap();
    let serialised = serde_json::to_value(parse(fixture!("apig/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_response_fixture_round_trips_exactly() {
    let files = json_files("fixtures/apig/response");
    assert!(files.len() >= 2, "fixtures missing: {files:?}");
    for path in files {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let response: ApigResponse = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&response).expect("ApigResponse serialises");
        assert_eq!(serialised, original, "{}", path.display());
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/apig/invalid");
    let name = |path: &Path| {
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
        let Err(err) = serde_json::from_str::<ApigRequest>(&read(&path)) else {
            panic!("{} was accepted as an APIG request", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS.iter().find(|(file, _)| *file == name(&path)) {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
    }
}

fn with_defaults(value: Value) -> Value {
    let Value::Object(mut request) = value else {
        panic!("expected an object, found {value}");
    };
    let defaults = [
        ("body", json!("")),
        ("requestContext", json!({})),
        ("queryStringParameters", json!({})),
        ("pathParameters", json!({})),
        ("headers", json!({})),
        ("path", json!("")),
        ("isBase64Encoded", json!(true)),
    ];
    for (key, default) in defaults {
        let entry = request.entry(key).or_insert(Value::Null);
        if entry.is_null() {
            *entry = default;
        }
    }
    if let Some(Value::Object(context)) = request.get_mut("requestContext") {
        for key in ["apiId", "requestId", "stage"] {
            context.entry(key).or_insert(json!(""));
        }
    }
    Value::Object(Map::from_iter(request))
}
