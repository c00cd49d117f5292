//! Per-fixture accessor checks and events built in code.

use serde_json::json;

use super::{fixture, parse};
use crate::encoding::EpochTime;
use crate::rocketmq::{MessageError, RocketMqEvent, RocketMqMessage, RocketMqRecord};

fn pairs(event: &RocketMqEvent) -> Vec<(&str, &str)> {
    event
        .messages()
        .map(|(topic, message)| (topic, message.text()))
        .collect()
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("rocketmq/documented-sample"));
    assert_eq!(event.trigger_type(), Some(RocketMqEvent::TRIGGER_TYPE));
    assert_eq!(event.trigger_type(), Some("ROCKETMQ"));
    assert_eq!(event.event_version(), Some("v1.0"));
    assert_eq!(event.event_time_seconds(), Some(1_714_040_037));
    assert_eq!(event.region(), Some("region"));
    assert_eq!(
        event.instance_id(),
        Some("4140112c-85fc-40b8-bf7f-1ced2691a0a6")
    );
    assert_eq!(event.message_count(), 5);
    assert!(event.messages().all(|(topic, _)| topic == "topic"));
    let texts: Vec<&str> = event.records().flat_map(RocketMqRecord::texts).collect();
    assert_eq!(texts[0], "rocketmq message1");
    assert_eq!(texts[4], "rocketmq message5");
}

#[test]
fn event_time_as_string() {
    let event = parse(fixture!("rocketmq/event-time-as-string"));
    assert_eq!(event.event_time_seconds(), None);
    assert_eq!(
        event.event_time().and_then(EpochTime::text),
        Some("2024-04-25T10:13:57.000Z")
    );
}

#[test]
fn several_topics_parse_as_typed_json() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Stock {
        sku: String,
        qty: u32,
    }
    let event = parse(fixture!("rocketmq/several-topics"));
    let stock: Vec<Stock> = event
        .json_messages::<Stock>()
        .collect::<Result<_, _>>()
        .unwrap();
    let quantities: Vec<u32> = stock.iter().map(|s| s.qty).collect();
    assert_eq!(quantities, [2, 1, 5]);
    assert_eq!(stock[2].sku, "C3");
    let topics: Vec<&str> = event.messages().map(|(topic, _)| topic).collect();
    assert_eq!(topics, ["stock", "stock-eu", "stock-eu"]);

    let err: MessageError = event.json_messages::<u32>().nth(2).unwrap().unwrap_err();
    assert_eq!((err.topic(), err.index()), ("stock-eu", 1));
    assert!(
        err.to_string()
            .starts_with("RocketMQ message 1 of topic stock-eu is not the expected JSON: "),
        "{err}"
    );
}

#[test]
fn message_objects() {
    let event = parse(fixture!("rocketmq/message-objects"));
    assert_eq!(
        pairs(&event),
        [
            ("topic", "rocketmq message1"),
            ("topic", "rocketmq message2")
        ]
    );
    let first = event.messages().next().unwrap().1;
    assert!(matches!(first, RocketMqMessage::Object { .. }));
}

#[test]
fn the_documented_sample_can_be_built_in_code() {
    let messages = (1..=5).map(|n| format!("rocketmq message{n}"));
    let mut built = RocketMqEvent::new(
        "4140112c-85fc-40b8-bf7f-1ced2691a0a6",
        [RocketMqRecord::new("topic", messages)],
    )
    .with_region("region")
    .with_event_time(1_714_040_037);
    assert_eq!(built, parse(fixture!("rocketmq/documented-sample")));
    built.records.clear();
    assert!(built.is_empty());
    assert_eq!((&built).into_iter().count(), 0);
}

#[test]
fn defaults_are_empty() {
    assert_eq!(RocketMqMessage::default().text(), "");
    assert_eq!(
        serde_json::to_value(RocketMqEvent::default()).unwrap(),
        json!({"records": []})
    );
}

/// With both features on, the RocketMQ record and message are the Kafka ones.
#[cfg(feature = "kafka")]
#[test]
fn records_are_shared_with_kafka() {
    let record: crate::kafka::KafkaRecord = RocketMqRecord::new("topic", ["m"]);
    let message: &crate::kafka::KafkaMessage = &record.messages[0];
    assert_eq!(message.text(), "m");
}
