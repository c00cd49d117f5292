//! Responses: the wire shape the gateway requires, the constructors and the builder.

use serde_json::json;

use super::fixture;
use crate::apig::ApigResponse;

#[test]
fn the_java_samples_parse_and_decode() {
    let plain: ApigResponse = serde_json::from_str(fixture!("apig/response/plain")).unwrap();
    assert_eq!(plain.status_code, 200);
    assert_eq!(plain.header("content-type"), Some("application/json"));
    assert_eq!(plain.body_bytes().unwrap(), &b"Hello OpenTelekomCloud"[..]);

    let base64: ApigResponse = serde_json::from_str(fixture!("apig/response/base64")).unwrap();
    assert!(base64.is_base64_encoded);
    assert_eq!(base64.body_bytes().unwrap(), &b"Hello OpenTelekomCloud"[..]);
    assert_eq!(
        ApigResponse::binary(200, "Hello OpenTelekomCloud", "application/json"),
        base64
    );
}

#[test]
fn constructors_write_the_platform_shape() {
    let value = json!({"id": 7, "tags": ["a"]});
    assert_eq!(
        serde_json::to_value(ApigResponse::json(201, &value).unwrap()).unwrap(),
        json!({
            "statusCode": 201,
            "headers": {"Content-Type": "application/json"},
            "body": r#"{"id":7,"tags":["a"]}"#,
            "isBase64Encoded": false
        })
    );
    assert_eq!(
        serde_json::to_value(ApigResponse::text(404, "no")).unwrap(),
        json!({
            "statusCode": 404,
            "headers": {"Content-Type": "text/plain; charset=utf-8"},
            "body": "no",
            "isBase64Encoded": false
        })
    );
    let binary = ApigResponse::binary(200, [0u8, 1, 2, 255], "application/octet-stream");
    assert_eq!(binary.body, "AAEC/w==");
    assert_eq!(binary.body_bytes().unwrap(), &[0u8, 1, 2, 255][..]);
    assert_eq!(
        serde_json::to_string(&ApigResponse::default()).unwrap(),
        r#"{"statusCode":200,"headers":{},"body":"","isBase64Encoded":false}"#
    );
}

#[test]
fn json_with_unserialisable_values_fails() {
    let bad: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
    assert!(ApigResponse::json(200, &bad).is_err());
}

#[test]
fn headers_replace_other_spellings_of_the_same_name() {
    let response = ApigResponse::json(200, &json!(null))
        .unwrap()
        .with_header("content-type", "application/problem+json")
        .with_header("X-A", "1")
        .with_status(422);
    assert_eq!(response.headers.len(), 2);
    assert_eq!(
        response.header("Content-Type"),
        Some("application/problem+json")
    );
    assert_eq!(response.status_code, 422);
    assert_eq!(response.body, "null");
}

#[test]
fn the_builder_sets_every_part() {
    let built: ApigResponse = ApigResponse::builder()
        .status(302)
        .header("Location", "/new")
        .header("location", "/newer")
        .binary_body("x")
        .body("moved")
        .into();
    assert_eq!(built.status_code, 302);
    assert_eq!(built.header("LOCATION"), Some("/newer"));
    assert_eq!(
        (built.body.as_str(), built.is_base64_encoded),
        ("moved", false)
    );
    assert_eq!(ApigResponse::builder().build(), ApigResponse::new(200));
}

#[test]
fn missing_keys_parse_as_defaults_and_bad_base64_is_reported() {
    let response: ApigResponse =
        serde_json::from_str(r#"{"body": "%%", "isBase64Encoded": true}"#).unwrap();
    assert_eq!(response.status_code, 200);
    assert!(response.body_bytes().is_err());
    let err = serde_json::from_str::<ApigResponse>(r#"{"statusCode": "200"}"#).unwrap_err();
    assert!(err.to_string().contains("expected u16"), "{err}");
}
