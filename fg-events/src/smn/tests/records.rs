//! Per-fixture accessor checks.

use serde_json::{Value, json};

use super::{fixture, parse};
use crate::smn::SmnRecord;

fn only_record(json: &str) -> SmnRecord {
    let event = parse(json);
    assert_eq!(event.len(), 1);
    event.into_iter().next().unwrap()
}

#[test]
fn documented_sample() {
    let record = only_record(fixture!("smn/documented-sample"));
    assert_eq!(record.event_version, "1.0");
    assert_eq!(record.event_source, "smn");
    assert_eq!(
        record.event_subscription_urn,
        "urn:fss:eu-de:87b7f28e70c14498b3c243af5b4c3881:function:default:FUNCTION_NAME:latest"
    );
    assert_eq!(
        record.topic_urn(),
        "urn:smn:eu-de:87b7f28e70c14498b3c243af5b4c3881:TOPIC_NAME"
    );
    assert_eq!(record.timestamp(), "2018-01-09T07:11:40Z");
    assert_eq!(record.message(), "this is smn message content");
    assert_eq!(record.subject(), "this is smn message subject");
    assert_eq!(record.message_id(), "9fcb1bc702734884951c2ba2c7d9c23c");
    assert_eq!(record.smn.message_type, "notification");
    assert_eq!(record.smn.message_attributes, None);
    assert_eq!(record.message_attributes(), None);
    assert!(
        record.message_json::<Value>().is_err(),
        "plain text is not JSON"
    );
}

#[test]
fn message_attributes_variants() {
    let none_string = only_record(fixture!("smn/message-attributes-none-string"));
    assert_eq!(none_string.smn.message_attributes, Some(json!("None")));
    assert_eq!(none_string.message_attributes(), None);

    for json in [
        fixture!("smn/message-attributes-null"),
        fixture!("smn/message-attributes-missing"),
    ] {
        let record = only_record(json);
        assert_eq!(record.smn.message_attributes, None);
        assert_eq!(record.message_attributes(), None);
    }

    let object = only_record(fixture!("smn/message-attributes-object"));
    let attributes = object.message_attributes().expect("an object");
    assert_eq!(attributes.len(), 2);
    assert_eq!(attributes["priority"], "high");
    assert_eq!(
        attributes.get("region").and_then(Value::as_str),
        Some("eu-de")
    );
}

#[test]
fn py_sample_with_extra_top_level_keys() {
    let event = parse(fixture!("smn/py-sample-with-extra-keys"));
    assert_eq!(event.len(), 2);
    for record in &event {
        assert_eq!(record.topic_urn(), "topicUrn");
        assert_eq!(record.event_subscription_urn, "functionUrn");
        assert_eq!(record.message_id(), "a51671f77d4a479cacb09e2cd591a983");
    }
}

#[test]
fn json_message_parses_typed_and_untyped() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Order {
        order_id: u64,
        items: Vec<String>,
        paid: bool,
    }
    let record = only_record(fixture!("smn/json-message"));
    assert_eq!(record.subject(), "");
    assert_eq!(
        record.message_json::<Order>().unwrap(),
        Order {
            order_id: 4711,
            items: vec!["tea".to_owned(), "cake".to_owned()],
            paid: true,
        }
    );
    assert_eq!(record.message_json::<Value>().unwrap()["items"][1], "cake");
    let err = record.message_json::<Vec<u8>>().unwrap_err();
    assert!(err.to_string().contains("invalid type: map"), "{err}");
}
