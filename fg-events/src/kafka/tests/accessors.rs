//! Per-fixture accessor checks, events built in code, and how message JSON fails.

use std::error::Error;

use serde_json::json;

use super::{fixture, parse};
use crate::encoding::EpochTime;
use crate::kafka::{KafkaEvent, KafkaMessage, KafkaRecord, MessageError};

fn pairs(event: &KafkaEvent) -> Vec<(&str, &str)> {
    event
        .messages()
        .map(|(topic, message)| (topic, message.text()))
        .collect()
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("kafka/documented-sample"));
    assert_eq!(event.event_version(), Some("v1.0"));
    assert_eq!(event.event_time(), Some(&EpochTime::Number(1_576_737_962)));
    assert_eq!(event.event_time_seconds(), Some(1_576_737_962));
    assert_eq!(event.trigger_type(), Some(KafkaEvent::TRIGGER_TYPE));
    assert_eq!(event.region(), Some("eu-de"));
    assert_eq!(
        event.instance_id(),
        Some("81335d56-b9fe-4679-ba95-7030949cc76b")
    );
    assert_eq!(
        pairs(&event),
        [
            ("topic-test", "kafka message1"),
            ("topic-test", "kafka message2")
        ]
    );
    assert_eq!((event.message_count(), event.is_empty()), (2, false));
    let record = event.records().next().unwrap();
    assert_eq!(record.topic(), "topic-test");
    assert_eq!(
        record.texts().collect::<Vec<_>>(),
        ["kafka message1", "kafka message2"]
    );
}

#[test]
fn event_time_as_string() {
    let iso = parse(fixture!("kafka/event-time-as-string"));
    assert_eq!(iso.event_time_seconds(), None);
    assert_eq!(
        iso.event_time().and_then(EpochTime::text),
        Some("2018-01-09T07:50:50.028Z")
    );
    let numeric = parse(fixture!("kafka/event-time-as-numeric-string"));
    assert_eq!(numeric.event_time_seconds(), Some(1_576_737_962));
    assert_eq!(
        numeric.event_time(),
        Some(&EpochTime::Text("1576737962".to_owned()))
    );
}

#[test]
fn several_topics() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Order {
        order: u32,
    }
    let event = parse(fixture!("kafka/several-topics"));
    assert_eq!(event.records().count(), 3);
    let topics: Vec<&str> = event.messages().map(|(topic, _)| topic).collect();
    assert_eq!(topics, ["orders", "orders", "returns"]);
    let orders: Vec<Order> = event
        .json_messages::<Order>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        orders,
        [Order { order: 1 }, Order { order: 2 }, Order { order: 1 }]
    );
    assert_eq!(event.message_count(), 3);
}

#[test]
fn message_objects() {
    let event = parse(fixture!("kafka/message-objects"));
    let messages: Vec<&KafkaMessage> = event.messages().map(|(_, m)| m).collect();
    assert_eq!(
        messages,
        [
            &KafkaMessage::Object {
                message: "kafka message1".to_owned()
            },
            &KafkaMessage::Text("kafka message2".to_owned()),
            &KafkaMessage::Object {
                message: r#"{"order": 3}"#.to_owned()
            },
        ]
    );
    assert_eq!(messages[0].text(), "kafka message1");
    assert_eq!(messages[2].json::<serde_json::Value>().unwrap()["order"], 3);
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(
        json["records"][0]["messages"][0],
        json!({"message": "kafka message1"})
    );
    assert_eq!(json["records"][0]["messages"][1], "kafka message2");
}

#[test]
fn open_source_kafka_uses_the_same_trigger_type() {
    let event = parse(fixture!("kafka/open-source-kafka"));
    assert_eq!(event.trigger_type(), Some("KAFKA"));
    assert_eq!(event.message_count(), 3);
}

#[test]
fn optional_fields_missing_and_unknown_fields() {
    let event = parse(fixture!("kafka/optional-fields-missing"));
    assert_eq!(
        (event.event_time(), event.trigger_type(), event.region()),
        (None, None, None)
    );
    assert_eq!(pairs(&event), [("topic-test", "only records")]);
    assert_eq!(event.records().nth(1).unwrap().messages().count(), 0);

    let event = parse(fixture!("kafka/unknown-fields"));
    assert_eq!(pairs(&event), [("topic-test", "kafka message1")]);

    let event = parse(fixture!("kafka/empty-records"));
    assert!(event.is_empty());
    assert_eq!(event.messages().count(), 0);
}

#[test]
fn json_errors_name_the_topic_and_position() {
    let event = parse(fixture!("kafka/several-topics"));
    let results: Vec<Result<u32, MessageError>> = event.json_messages().collect();
    assert_eq!(results.len(), 3);
    let err = results[0].as_ref().unwrap_err();
    assert_eq!((err.topic(), err.index()), ("orders", 0));
    assert!(err.json_error().is_data());
    assert!(
        err.to_string()
            .starts_with("Kafka message 0 of topic orders is not the expected JSON: "),
        "{err}"
    );

    let event = parse(fixture!("kafka/documented-sample"));
    let err = event
        .json_messages::<serde_json::Value>()
        .nth(1)
        .unwrap()
        .unwrap_err();
    assert_eq!((err.topic(), err.index()), ("topic-test", 1));
    assert!(err.source().is_none());
    assert!(err.into_json_error().is_syntax());
}

/// A handler body as users write it: `?` on each message.
fn count_ids(event: &KafkaEvent) -> Result<usize, Box<dyn Error + Send + Sync>> {
    let mut n = 0;
    for value in event.json_messages::<serde_json::Value>() {
        n += usize::from(value?.get("order").is_some());
    }
    Ok(n)
}

#[test]
fn message_error_works_with_question_mark_into_boxed_errors() {
    assert_eq!(
        count_ids(&parse(fixture!("kafka/several-topics"))).unwrap(),
        3
    );
    let err = count_ids(&parse(fixture!("kafka/documented-sample"))).unwrap_err();
    assert!(err.downcast_ref::<MessageError>().is_some(), "{err}");
}

#[test]
fn defaults_are_empty() {
    assert_eq!(KafkaMessage::default().text(), "");
    assert_eq!(KafkaRecord::default().messages().count(), 0);
    assert_eq!(
        serde_json::to_value(KafkaEvent::default()).unwrap(),
        json!({"records": []})
    );
}

#[test]
fn the_documented_sample_can_be_built_in_code() {
    let built = KafkaEvent::new(
        "81335d56-b9fe-4679-ba95-7030949cc76b",
        [KafkaRecord::new(
            "topic-test",
            ["kafka message1", "kafka message2"],
        )],
    )
    .with_region("eu-de")
    .with_event_time(1_576_737_962);
    assert_eq!(built, parse(fixture!("kafka/documented-sample")));
    let by_ref: Vec<&str> = (&built).into_iter().map(KafkaRecord::topic).collect();
    assert_eq!(by_ref, ["topic-test"]);
}

#[test]
fn messages_convert_from_strings_and_display_their_text() {
    let record = KafkaRecord::new("t", [String::from("a"), String::from("b")]);
    assert_eq!(record.messages[1], KafkaMessage::new("b"));
    assert_eq!(record.messages[0].to_string(), "a");
    let object = KafkaMessage::Object {
        message: "c".to_owned(),
    };
    assert_eq!(object.clone().into_text(), "c");
    assert_eq!(
        serde_json::to_string(&object).unwrap(),
        r#"{"message":"c"}"#
    );
    let duplicate = serde_json::from_str::<KafkaMessage>(r#"{"message": "a", "message": "b"}"#);
    assert!(
        duplicate
            .unwrap_err()
            .to_string()
            .contains("duplicate field `message`")
    );
}
