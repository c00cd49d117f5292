//! Per-fixture accessor checks of requests.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::{fixture, parse};

#[test]
fn documented_sample_has_a_plain_body_flagged_base64() {
    let request = parse(fixture!("apig/documented-sample"));
    assert!(request.is_base64_encoded);
    // docs/PLATFORM.md §12 item 12: not base64 although flagged, so it is returned as sent.
    assert_eq!(request.body(), &br#"{"test":"body"}"#[..]);
    assert!(request.body_strict().is_err());
    assert_eq!(
        request.body_json::<Value>().unwrap(),
        json!({"test": "body"})
    );
    assert_eq!(request.http_method(), "GET");
    assert_eq!(request.path(), "/apig-event-template");
    assert_eq!(request.path_parameter("path"), Some("value"));
    assert_eq!(request.query("responseType").as_deref(), Some("html"));
    assert_eq!(request.request_id(), "11cdcdcf33949dc6d722640a13091c77");
    assert_eq!(
        request.request_context.api_id,
        "bc1dcffd-aa35-474d-897c-d53425a4c08e"
    );
    assert_eq!(request.request_context.stage, "RELEASE");
    assert_eq!((request.source_ip(), request.user_data()), (None, None));
}

#[test]
fn plain_body() {
    let request = parse(fixture!("apig/plain-body"));
    assert!(!request.is_base64_encoded);
    assert_eq!(request.raw_body(), r#"{"name": "OpenTelekomCloud"}"#);
    assert!(matches!(request.body_strict(), Ok(Cow::Borrowed(_))));
    assert_eq!(
        request.body_text().unwrap(),
        r#"{"name": "OpenTelekomCloud"}"#
    );
    assert_eq!(
        request.body_json::<Value>().unwrap()["name"],
        "OpenTelekomCloud"
    );
    assert_eq!(request.header("X-Real-IP"), Some("103.218.216.98"));
    assert_eq!(request.header("x-real-ip"), Some("103.218.216.98"));
    assert_eq!(request.header("x-missing"), None);
    assert!(request.path_parameters.is_empty());
}

#[test]
fn base64_bodies_are_decoded() {
    let text = parse(fixture!("apig/base64-body"));
    assert_eq!(text.body_strict().unwrap(), &b"Hello OpenTelekomWorld!"[..]);
    assert_eq!(text.body_text().unwrap(), "Hello OpenTelekomWorld!");
    assert!(text.body_json::<Value>().is_err());

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Greeting {
        name: String,
    }
    let json = parse(fixture!("apig/base64-json-body"));
    assert_eq!(
        json.body_json::<Greeting>().unwrap(),
        Greeting {
            name: "T Cloud Public".to_owned()
        }
    );
    assert_eq!(json.header("Content-Type"), Some("application/json"));
    assert_eq!(json.http_method(), "POST");

    let missing_flag = parse(fixture!("apig/is-base64-encoded-missing"));
    assert!(missing_flag.is_base64_encoded, "defaults to true (§9.4)");
    assert_eq!(missing_flag.body_text().unwrap(), "hello");
}

#[test]
fn with_params_has_the_wildcard_under_the_empty_key() {
    let request = parse(fixture!("apig/with-params"));
    assert_eq!(request.path_parameter(""), Some("helloWorld/Test"));
    assert_eq!(request.query("name").as_deref(), Some("2"));
    assert_eq!(request.path(), "/PathParameterTest/helloWorld/Test");
    assert_eq!(request.body(), &b""[..]);
    assert_eq!(request.header("sec-ch-ua-platform"), Some("\"Windows\""));
    assert_eq!(request.header("X-Request-Id"), Some(request.request_id()));
}

#[test]
fn non_string_query_values_read_as_text() {
    let request = parse(fixture!("apig/non-string-query-values"));
    let query = |name| request.query(name).map(Cow::into_owned);
    assert_eq!(query("name").as_deref(), Some("tea"));
    assert_eq!(query("limit").as_deref(), Some("10"));
    assert_eq!(query("ratio").as_deref(), Some("0.5"));
    assert_eq!(query("exact").as_deref(), Some("true"));
    assert_eq!(query("tag").as_deref(), Some("green"));
    assert_eq!(query("empty").as_deref(), Some(""));
    assert_eq!(query("nothing"), None);
    assert_eq!(query("absent"), None);
    assert_eq!(request.query_all("tag"), ["green", "black"]);
    assert_eq!(request.query_all("limit"), ["10"]);
    assert!(request.query_all("nothing").is_empty());
    assert_eq!(request.query_string_parameters["limit"], 10);
    assert_eq!(request.path_parameter("shop"), Some("berlin"));
    assert_eq!(request.path_parameter(""), Some("teas/green"));
}

#[test]
fn source_ip_and_user_data() {
    let request = parse(fixture!("apig/source-ip-and-user-data"));
    assert_eq!(request.source_ip(), Some("62.156.151.12"));
    let user: Value = serde_json::from_str(request.user_data().unwrap()).unwrap();
    assert_eq!(user["roles"][0], "admin");
    assert_eq!(request.http_method(), "DELETE");
    assert_eq!(request.path_parameter("id"), Some("7"));
    assert!(
        request
            .header("Authorization")
            .unwrap()
            .starts_with("Bearer ")
    );
}

#[test]
fn null_maps_read_as_empty() {
    let request = parse(fixture!("apig/null-maps"));
    assert!(request.query_string_parameters.is_empty());
    assert!(request.path_parameters.is_empty());
    assert_eq!(request.query("a"), None);
    assert_eq!(request.request_context.stage, "TEST");
}

#[test]
fn bodies_that_are_not_text_or_json_give_errors() {
    let mut request = parse(fixture!("apig/base64-body"));
    request.body = "//79".to_owned(); // 0xff 0xfe 0xfd
    assert_eq!(request.body(), &[0xff, 0xfe, 0xfd][..]);
    assert!(request.body_text().is_err());
    assert!(request.body_json::<Value>().is_err());
    request.body.clear();
    let err = request.body_json::<Value>().unwrap_err();
    assert!(err.is_eof(), "{err}");
}
