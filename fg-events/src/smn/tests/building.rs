//! Events built in code, as tests of user handlers build them.

use serde_json::{Map, Value, json};

use super::{fixture, parse};
use crate::smn::{SmnEvent, SmnMessage, SmnRecord};

#[test]
fn defaults_are_empty() {
    assert!(SmnEvent::default().is_empty());
    assert_eq!(SmnMessage::default().message_attributes(), None);
    let record = SmnRecord::default();
    assert_eq!((record.message(), record.subject()), ("", ""));
    assert_eq!(
        serde_json::to_value(SmnEvent::default()).unwrap(),
        json!({"record": []})
    );
}

#[test]
fn a_built_event_serialises_to_the_platform_shape() {
    let attributes = Map::from_iter([("priority".to_owned(), Value::from("high"))]);
    let event = SmnEvent::new([SmnRecord::new("urn:smn:eu-de:p:orders", "hi")
        .with_subject("s")
        .with_message_id("m1")
        .with_timestamp("2024-11-20T10:16:00Z")
        .with_message_attributes(attributes)
        .with_event_subscription_urn("urn:fss:eu-de:p:function:default:f:latest")]);
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"record": [{
            "event_version": "1.0",
            "smn": {
                "topic_urn": "urn:smn:eu-de:p:orders",
                "timestamp": "2024-11-20T10:16:00Z",
                "message_attributes": {"priority": "high"},
                "message": "hi",
                "type": "notification",
                "message_id": "m1",
                "subject": "s"
            },
            "event_subscription_urn": "urn:fss:eu-de:p:function:default:f:latest",
            "event_source": "smn"
        }]})
    );
    let record = event.records().next().unwrap();
    assert_eq!(record.message_attributes().unwrap()["priority"], "high");
}

#[test]
fn the_documented_sample_can_be_built_in_code() {
    let built = SmnEvent::new([SmnRecord::new(
        "urn:smn:eu-de:87b7f28e70c14498b3c243af5b4c3881:TOPIC_NAME",
        "this is smn message content",
    )
    .with_subject("this is smn message subject")
    .with_message_id("9fcb1bc702734884951c2ba2c7d9c23c")
    .with_timestamp("2018-01-09T07:11:40Z")
    .with_event_subscription_urn(
        "urn:fss:eu-de:87b7f28e70c14498b3c243af5b4c3881:function:default:FUNCTION_NAME:latest",
    )]);
    assert_eq!(built, parse(fixture!("smn/documented-sample")));
}

#[test]
fn json_messages_round_trip_and_records_iterate() {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Ping {
        n: u8,
    }
    let event = SmnEvent::new([
        SmnRecord::from_json("t", &Ping { n: 1 }).unwrap(),
        SmnRecord::from_json("t", &Ping { n: 2 }).unwrap(),
    ]);
    assert_eq!(event.records().next().unwrap().message(), r#"{"n":1}"#);
    let by_ref: Vec<Ping> = (&event)
        .into_iter()
        .map(|r| r.message_json().unwrap())
        .collect();
    assert_eq!(by_ref, [Ping { n: 1 }, Ping { n: 2 }]);
    let by_value: Vec<String> = event
        .into_iter()
        .map(|r| r.smn.message.into_string())
        .collect();
    assert_eq!(by_value, [r#"{"n":1}"#, r#"{"n":2}"#]);
}
