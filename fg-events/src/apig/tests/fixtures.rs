//! Every request in `fixtures/apig/` and every response in `fixtures/apig/response/` round-trips;
//! every file in `fixtures/apig/invalid/` is rejected. Adding a sample file adds coverage without
//! editing these tests.

use serde_json::{Map, Value, json};

use super::{fixture, parse};
use crate::apig::{ApigRequest, ApigResponse};
use crate::fixture_tests::{rejects_all_invalid, round_trips_all, serialises_back_to_shape};

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
    round_trips_all::<ApigRequest>("apig", 9);
}

/// Serialising gives back the fixture, except that missing or `null` keys come back with their
/// defaults (`isBase64Encoded` true, empty maps and strings).
#[test]
fn every_request_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<ApigRequest>("apig", with_defaults);
}

#[test]
fn the_documented_sample_serialises_back_exactly() {
    let original: Value = serde_json::from_str(fixture!("apig/documented-sample")).unwrap();
    let serialised = serde_json::to_value(parse(fixture!("apig/documented-sample")));
    assert_eq!(serialised.unwrap(), original);
}

#[test]
fn every_response_fixture_round_trips_exactly() {
    round_trips_all::<ApigResponse>("apig/response", 2);
    serialises_back_to_shape::<ApigResponse>("apig/response", std::convert::identity);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<ApigRequest>("apig", REJECTIONS);
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
