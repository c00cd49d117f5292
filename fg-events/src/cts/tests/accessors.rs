//! Per-fixture accessor checks and events built in code.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;

use super::{fixture, parse};
use crate::cts::{CtsDomain, CtsEvent, CtsTrace, CtsUser};
use crate::encoding::EpochTime;

const GO_SAMPLE_MILLIS: i64 = 1_529_996_047_000;

#[test]
fn go_sample_in_milliseconds() {
    let event = parse(fixture!("cts/go-sample"));
    let trace = event.trace();
    assert_eq!(trace.time_millis(), Some(GO_SAMPLE_MILLIS));
    assert_eq!(trace.record_time_millis(), Some(GO_SAMPLE_MILLIS));
    assert_eq!(
        trace.time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_529_996_047))
    );
    assert_eq!(trace.code(), Some(204));
    assert_eq!(trace.code.as_deref(), Some("204"));
    assert_eq!(trace.user_name(), Some("userName"));
    let user = trace.user.as_ref().unwrap();
    assert_eq!(user.id.as_deref(), Some("5b726c4fbfd84821ba866bafaaf56aax"));
    assert_eq!(
        user.domain,
        Some(CtsDomain {
            name: Some("domainName".to_owned()),
            id: Some("b2b3853af40448fcb9e40dxj89505ba".to_owned()),
        })
    );
    assert_eq!((&trace.request, &trace.response), (&json!({}), &json!({})));
    assert_eq!(trace.service_type.as_deref(), Some("vpc"));
    assert_eq!(trace.resource_type.as_deref(), Some("VPC"));
    assert_eq!(trace.resource_name.as_deref(), Some("workflow-2be1"));
    assert_eq!(trace.trace_name.as_deref(), Some("deleteGraph"));
    assert_eq!(trace.trace_type.as_deref(), Some("ConsoleAction"));
    assert_eq!(
        trace.trace_id.as_deref(),
        Some("69be64a7-0233-11e8-82e4-e5d37911193e")
    );
    assert_eq!(trace.trace_status.as_deref(), Some("normal"));
    assert_eq!((trace.read_only, trace.project_id.as_deref()), (None, None));
}

#[test]
fn seconds_sample_gives_the_same_instants_as_the_milliseconds_one() {
    let seconds = parse(fixture!("cts/seconds-sample"));
    let millis = parse(fixture!("cts/go-sample"));
    assert_eq!(seconds.cts.time, Some(EpochTime::Number(1_529_996_047)));
    assert_eq!(seconds.trace().time(), millis.trace().time());
    assert_eq!(seconds.trace().record_time(), millis.trace().record_time());
    assert_eq!(seconds.trace().time_millis(), Some(GO_SAMPLE_MILLIS));
}

#[test]
fn py_create_sample_with_the_newer_fields() {
    let trace = parse(fixture!("cts/py-create-sample")).into_trace();
    assert_eq!(trace.code(), Some(0));
    assert_eq!(trace.time_millis(), Some(1_765_788_999_507));
    assert_eq!(trace.record_time_millis(), Some(1_765_788_999_507));
    assert_eq!(trace.api_version.as_deref(), Some(""));
    assert_eq!(
        trace.domain_id.as_deref(),
        Some("e51dfca1c18747919f6c16af2721f35d")
    );
    assert!(
        trace
            .message
            .as_deref()
            .unwrap()
            .ends_with("create function[test4]")
    );
    assert_eq!(trace.operation_id.as_deref(), Some("CreateFunction"));
    assert_eq!(
        trace.project_id.as_deref(),
        Some("d52e41d2434941b194ce3f91b1b12f8a")
    );
    assert_eq!(trace.read_only, Some(false));
    assert_eq!(trace.resource_account_id.as_deref(), Some(""));
    assert_eq!(trace.source_ip.as_deref(), Some("62.156.151.4"));
    assert_eq!(trace.trace_rating.as_deref(), Some("normal"));
    assert_eq!(trace.service_type.as_deref(), Some("FunctionGraph"));
    assert_eq!(trace.user_name(), Some("user"));
}

#[test]
fn code_and_record_time_as_strings() {
    let trace = parse(fixture!("cts/code-as-string")).into_trace();
    assert_eq!(trace.code(), Some(204));
    let trace = parse(fixture!("cts/record-time-as-string")).into_trace();
    assert_eq!(
        trace.record_time,
        Some(EpochTime::Text("1529996047000".to_owned()))
    );
    assert_eq!(trace.record_time_millis(), Some(GO_SAMPLE_MILLIS));
    assert_eq!(trace.record_time(), trace.time());
}

#[test]
fn nested_request_and_date_strings() {
    #[derive(serde::Deserialize)]
    struct Request {
        server: Server,
    }
    #[derive(serde::Deserialize)]
    struct Server {
        name: String,
        count: u32,
        nics: Vec<serde_json::Value>,
    }
    let trace = parse(fixture!("cts/nested-request")).into_trace();
    let request: Request = trace.request_as().unwrap();
    assert_eq!(request.server.name, "as-config-15f1_XWO68TFC");
    assert_eq!(request.server.count, 1);
    assert!(request.server.nics[0]["nictype"].is_null());
    assert_eq!(
        trace.response["entities"]["server_id"],
        "42d39b4a-19b7-4ee2-b01b-a9f1353b4c54"
    );
    assert!(trace.response_as::<Request>().is_err());
    // Dates in text are kept for a date library; the epoch accessors have nothing to read.
    assert_eq!(
        trace.time.as_ref().and_then(EpochTime::text),
        Some("2016/12/08 11:07:28 GMT+08:00")
    );
    assert_eq!((trace.time(), trace.record_time_millis()), (None, None));
    assert_eq!(trace.code, None);
}

#[test]
fn request_as_empty_string() {
    let trace = parse(fixture!("cts/request-as-empty-string")).into_trace();
    assert_eq!((&trace.request, &trace.response), (&json!(""), &json!("")));
    assert_eq!(trace.code(), Some(200));
    assert_eq!(trace.user, None);
}

#[test]
fn node_extras() {
    let trace = parse(fixture!("cts/node-extras")).into_trace();
    let user = trace.user.as_ref().unwrap();
    assert_eq!(user.user_type.as_deref(), Some("AssumedAgency"));
    assert_eq!(user.is_root_user(), Some(false));
    assert_eq!(
        user.invoked_by.as_deref(),
        Some(&["service.functiongraph".to_owned()][..])
    );
    assert_eq!(user.origin_user.as_deref(), Some("user"));
    assert_eq!(user.access_key_id.as_deref(), Some("HSTAEXAMPLEKEY0000"));
    let attributes = user
        .session_context
        .as_ref()
        .and_then(|c| c.attributes.as_ref())
        .unwrap();
    assert_eq!(attributes.mfa_authenticated(), Some(false));
    assert_eq!(
        attributes.created_at.as_deref(),
        Some("2025-12-15T08:56:39.000Z")
    );
    assert_eq!(trace.code(), Some(201));
    assert_eq!(trace.record_time_millis(), Some(1_765_788_999_612));
    assert_eq!(trace.location_info, json!({"region": "eu-de"}));
    assert_eq!(
        (trace.content_length, trace.total_time),
        (Some(312), Some(87))
    );
    assert_eq!(trace.tracker_name.as_deref(), Some("system"));
    assert_eq!(trace.event_type.as_deref(), Some("system"));
    assert_eq!(trace.enterprise_project_id.as_deref(), Some("0"));
    assert!(
        trace
            .resource_url
            .as_deref()
            .unwrap()
            .ends_with("/functions/test4")
    );
    assert!(trace.endpoint.is_some() && trace.user_agent.is_some() && trace.request_id.is_some());
}

#[test]
fn optional_and_unknown_fields() {
    let trace = parse(fixture!("cts/optional-fields-missing")).into_trace();
    assert_eq!(trace.trace_name.as_deref(), Some("deleteGraph"));
    assert_eq!(
        (trace.code(), trace.time(), trace.record_time()),
        (None, None, None)
    );
    assert!(trace.request.is_null());
    assert_eq!(trace.user_name(), Some("userName"));
    let trace = parse(fixture!("cts/unknown-fields")).into_trace();
    assert_eq!(trace.time_millis(), Some(GO_SAMPLE_MILLIS));
}

#[test]
fn root_user_and_mfa_flags_accept_booleans_and_strings() {
    let mut user = CtsUser::default();
    assert_eq!(user.is_root_user(), None);
    for (value, expected) in [
        (json!(true), Some(true)),
        (json!("true"), Some(true)),
        (json!("False"), None),
        (json!(1), None),
    ] {
        user.principal_is_root_user = value;
        assert_eq!(user.is_root_user(), expected);
    }
}

#[test]
fn defaults_and_building() {
    assert_eq!(
        serde_json::to_value(CtsEvent::default()).unwrap(),
        json!({"cts": {}})
    );
    let event = CtsEvent::new(CtsTrace {
        time: Some(GO_SAMPLE_MILLIS.into()),
        record_time: Some(GO_SAMPLE_MILLIS.into()),
        user: Some(CtsUser {
            name: Some("userName".to_owned()),
            id: Some("5b726c4fbfd84821ba866bafaaf56aax".to_owned()),
            domain: Some(CtsDomain {
                name: Some("domainName".to_owned()),
                id: Some("b2b3853af40448fcb9e40dxj89505ba".to_owned()),
            }),
            ..CtsUser::default()
        }),
        request: json!({}),
        response: json!({}),
        code: Some("204".to_owned()),
        service_type: Some("vpc".to_owned()),
        resource_type: Some("VPC".to_owned()),
        resource_name: Some("workflow-2be1".to_owned()),
        resource_id: Some(
            "urn:fgs:{region}:2d1d891d93054bbaa69b9e866c0971ac:graph:workflow-2be1".to_owned(),
        ),
        trace_name: Some("deleteGraph".to_owned()),
        trace_type: Some("ConsoleAction".to_owned()),
        trace_id: Some("69be64a7-0233-11e8-82e4-e5d37911193e".to_owned()),
        trace_status: Some("normal".to_owned()),
        ..CtsTrace::default()
    });
    assert_eq!(event, parse(fixture!("cts/go-sample")));
}
