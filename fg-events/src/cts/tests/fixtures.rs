//! Every file in `fixtures/cts/` round-trips; every file in `fixtures/cts/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use serde_json::Value;

use crate::cts::CtsEvent;
use crate::fixture_tests::{
    known, number_to_string, rejects_all_invalid, round_trips_all, serialises_back_to_shape,
};

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

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<CtsEvent>("cts", 10);
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: unknown
/// keys and top-level `null`s are dropped, and a numeric `code` becomes a string.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<CtsEvent>("cts", normalise_event);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<CtsEvent>("cts", REJECTIONS);
}

fn normalise_event(value: Value) -> Value {
    let mut event = known(value, &["cts"]);
    if let Some(trace) = event.remove("cts") {
        let mut trace = known(trace, TRACE_KEYS);
        number_to_string(&mut trace, "code");
        if let Some(user) = trace.remove("user") {
            let user = known(user, USER_KEYS);
            trace.insert("user".to_owned(), Value::Object(user));
        }
        event.insert("cts".to_owned(), Value::Object(trace));
    }
    Value::Object(event)
}
