//! Requests built in code, as tests of user handlers build them.

use serde_json::json;

use super::{fixture, parse};
use crate::apig::{ApigRequest, ApigRequestContext};

#[test]
fn defaults_are_empty() {
    let request = ApigRequest::default();
    assert!(!request.is_base64_encoded);
    assert_eq!(request.body(), &b""[..]);
    assert_eq!(request.request_context, ApigRequestContext::default());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "body": "",
            "requestContext": {"apiId": "", "requestId": "", "stage": ""},
            "queryStringParameters": {},
            "httpMethod": "",
            "pathParameters": {},
            "headers": {},
            "path": "",
            "isBase64Encoded": false
        })
    );
}

#[test]
fn a_built_request_serialises_to_the_platform_shape() {
    let request = ApigRequest::new("POST", "/orders/7")
        .with_header("X-Trace", "t1")
        .with_query("page", "2")
        .with_path_parameter("id", "7")
        .with_source_ip("10.0.0.1")
        .with_user_data("alice")
        .with_body("hi");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "body": "aGk=",
            "requestContext": {"apiId": "", "requestId": "", "stage": "", "sourceIp": "10.0.0.1"},
            "queryStringParameters": {"page": "2"},
            "httpMethod": "POST",
            "pathParameters": {"id": "7"},
            "headers": {"x-trace": "t1"},
            "path": "/orders/7",
            "isBase64Encoded": true,
            "user_data": "alice"
        })
    );
    assert_eq!(request.header("X-TRACE"), Some("t1"));
    let plain = request.with_text_body("hi");
    assert_eq!((plain.raw_body(), plain.is_base64_encoded), ("hi", false));
    assert_eq!(plain.body_text().unwrap(), "hi");
}

#[test]
fn the_with_params_sample_can_be_built_in_code() {
    let sample = parse(fixture!("apig/with-params"));
    let mut built = ApigRequest::new("GET", "/PathParameterTest/helloWorld/Test")
        .with_path_parameter("", "helloWorld/Test")
        .with_query("name", "2");
    built.request_context = ApigRequestContext {
        api_id: "caf65eeb83a44b98a6264626007a73d4".to_owned(),
        request_id: "a31d3d70415214292fa8b2cade9b4538".to_owned(),
        stage: "RELEASE".to_owned(),
        source_ip: None,
    };
    built.headers.clone_from(&sample.headers);
    assert_eq!(built, sample);
}
