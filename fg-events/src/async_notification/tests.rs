//! Tests of [`AsyncNotificationEvent`] against the fixtures in `fixtures/async_notification/`
//! and events built in code. Adding a sample file adds coverage without editing these tests.

use serde_json::{Map, Value, json};

use super::{AsyncNotificationEvent, FunctionError};
use crate::fixture_tests::{fixture, round_trips_all, serialises_back_to_shape};

fn parse(json: &str) -> AsyncNotificationEvent {
    crate::fixture_tests::parse(json)
}

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<AsyncNotificationEvent>("async_notification", 6);
}

/// Serialising gives back the fixture, except for what parsing deliberately normalises: payloads
/// sent as JSON values become strings, `statusCode` becomes `status_code`, counts sent as strings
/// become numbers, and missing or `null` contexts become `{}`.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<AsyncNotificationEvent>("async_notification", normalise);
}

#[test]
fn the_documented_sample_reads_as_a_success_with_a_text_result() {
    let event = parse(fixture!("async_notification/documented-sample"));
    assert_eq!(event.timestamp(), Some("2020-08-20T12:00:00.000Z+08:00"));
    assert_eq!(
        event.request_id(),
        Some("1167bf8c-87b0-43ab-8f5f-26b16c64f252")
    );
    assert_eq!(event.condition(), None, "empty on success");
    assert_eq!(event.request_context.condition.as_deref(), Some(""));
    assert_eq!(
        (event.approximate_invoke_count(), event.was_retried()),
        (Some(0), false)
    );
    assert_eq!(
        (event.status_code(), event.function_error()),
        (Some(200), None)
    );
    assert_eq!(event.request_payload(), Some(""));
    assert_eq!(event.request::<Option<Value>>().unwrap(), None);
    assert_eq!(event.response_payload(), Some("hello world!"));
    assert!(event.response::<Value>().is_err(), "plain text is not JSON");
}

#[test]
fn the_java_failure_carries_an_obs_event_and_an_error_report() {
    let event = parse(fixture!("async_notification/java-failure-with-obs-event"));
    assert_eq!(event.condition(), Some("UnhandledInvocationError"));
    assert_eq!(event.status_code(), Some(500));
    assert_eq!(
        event.function_urn(),
        Some(
            "urn:fss:eu-de:ae050143781c4ab6a130522e5f2d30c1:function:default:api-trace-cloud-joiner:latest"
        )
    );
    let original: Value = event.request().unwrap();
    assert_eq!(original["Records"][0]["s3"]["object"]["size"], 823_596);
    let error: FunctionError = event.response().unwrap();
    assert_eq!(error.error_type, "com.obs.services.exception.ObsException");
    assert!(
        error
            .error_message
            .starts_with("function invocation exception")
    );
    assert_eq!(error.stack_trace.len(), 10);
    assert!(error.stack_trace[0].contains("<Code>NoSuchKey</Code>"));
}

#[cfg(feature = "obs")]
#[test]
fn the_java_failure_request_is_a_typed_obs_event() {
    let event = parse(fixture!("async_notification/java-failure-with-obs-event"));
    let original: crate::obs::ObsEvent = event.request().unwrap();
    let record = original.records().next().unwrap();
    assert_eq!(
        record.key(),
        "trace-cloud-source/cts-trace-map-250728-114729.png"
    );
}

#[cfg(feature = "timer")]
#[test]
fn the_success_request_is_a_typed_timer_event() {
    let event = parse(fixture!("async_notification/success-with-json-payloads"));
    let original: crate::timer::TimerEvent = event.request().unwrap();
    assert_eq!(
        original.user_event_json::<Value>().unwrap()["report"],
        "sales"
    );
}

#[test]
fn a_retried_success_with_json_payloads() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Report {
        rows: u32,
        file: String,
    }
    let event = parse(fixture!("async_notification/success-with-json-payloads"));
    assert!(event.was_retried());
    assert_eq!(event.condition(), None);
    assert_eq!(event.request::<Value>().unwrap()["trigger_type"], "TIMER");
    assert_eq!(
        event.response::<Report>().unwrap(),
        Report {
            rows: 1523,
            file: "reports/2025-09-03-sales.csv".to_owned()
        }
    );
}

#[test]
fn lenient_variants() {
    let camel = parse(fixture!("async_notification/status-code-camel-case"));
    assert_eq!(camel.status_code(), Some(500));
    assert_eq!(camel.approximate_invoke_count(), Some(3));
    assert_eq!(
        camel.function_error(),
        Some("function invocation timed out")
    );
    assert_eq!(camel.response::<Option<Value>>().unwrap(), None);

    let objects = parse(fixture!("async_notification/payloads-as-objects"));
    assert_eq!(objects.request_payload(), Some(r#"{"id":7}"#));
    assert_eq!(objects.response::<Value>().unwrap()["status"], "shipped");

    let sparse = parse(fixture!("async_notification/optional-fields-missing"));
    assert_eq!(
        sparse.request_id(),
        Some("9a3f4e5d-6c7b-48a9-dae1-f2a3b4c5d6e7")
    );
    assert_eq!((sparse.timestamp(), sparse.function_urn()), (None, None));
    assert_eq!(
        (sparse.status_code(), sparse.request_payload()),
        (None, None)
    );
    assert!(!sparse.was_retried());
    assert!(sparse.request::<Value>().unwrap().is_null());
}

#[test]
fn built_events_serialise_to_the_platform_shape() {
    assert_eq!(
        serde_json::to_value(AsyncNotificationEvent::default()).unwrap(),
        json!({"request_context": {}, "response_context": {}})
    );
    let event = AsyncNotificationEvent::default()
        .with_timestamp("2025-07-28T11:47:56.893440057+02:00")
        .with_request_id("r1")
        .with_function_urn("urn:fss:eu-de:p:function:default:f:latest")
        .with_condition("UnhandledInvocationError")
        .with_invoke_count(1)
        .with_status_code(500)
        .with_request(&json!({"id": 7}))
        .unwrap()
        .with_response(&FunctionError {
            error_message: "boom".to_owned(),
            error_type: "Panic".to_owned(),
            stack_trace: Vec::new(),
        })
        .unwrap();
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({
            "timestamp": "2025-07-28T11:47:56.893440057+02:00",
            "request_context": {
                "request_id": "r1",
                "function_urn": "urn:fss:eu-de:p:function:default:f:latest",
                "condition": "UnhandledInvocationError",
                "approximate_invoke_count": 1
            },
            "request_payload": r#"{"id":7}"#,
            "response_context": {"status_code": 500},
            "response_payload": r#"{"errorMessage":"boom","errorType":"Panic"}"#
        })
    );
    assert_eq!(
        event.response::<FunctionError>().unwrap().error_message,
        "boom"
    );
}

fn normalise(value: Value) -> Value {
    let Value::Object(mut event) = value else {
        panic!("expected an object, found {value}");
    };
    for key in ["request_payload", "response_payload"] {
        if let Some(payload) = event.get_mut(key)
            && !payload.is_string()
        {
            *payload = Value::String(payload.to_string());
        }
    }
    for key in ["request_context", "response_context"] {
        let context = event.entry(key).or_insert(Value::Null);
        if context.is_null() {
            *context = Value::Object(Map::new());
        }
    }
    if let Some(Value::Object(context)) = event.get_mut("response_context")
        && let Some(code) = context.remove("statusCode")
    {
        context.insert("status_code".to_owned(), code);
    }
    if let Some(Value::Object(context)) = event.get_mut("request_context")
        && let Some(Value::String(count)) = context.get("approximate_invoke_count")
    {
        let count: i64 = count.parse().expect("numeric count");
        context.insert("approximate_invoke_count".to_owned(), count.into());
    }
    Value::Object(event)
}
