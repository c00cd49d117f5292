//! A Kafka consumer: logs every message of the batch with its topic and returns how many
//! messages each topic delivered.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example kafka < fg-events/fixtures/kafka/documented-sample.json`

use std::collections::BTreeMap;

use fg_events::kafka::KafkaEvent;
use fg_runtime::{Context, handler};
use serde::Serialize;

/// What the function answers for one batch (Kafka triggers invoke
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    messages: usize,
    bytes: usize,
    topics: BTreeMap<String, usize>,
}

#[handler]
fn handle(event: KafkaEvent, ctx: &Context) -> Summary {
    let mut bytes = 0;
    let mut topics = BTreeMap::new();
    for (topic, message) in event.messages() {
        ctx.info(format_args!("{topic}: {}", message.text()));
        bytes += message.text().len();
        *topics.entry(topic.to_owned()).or_insert(0) += 1;
    }
    Summary {
        messages: event.message_count(),
        bytes,
        topics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::kafka::KafkaRecord;

    #[test]
    fn counts_messages_per_topic() {
        let event = KafkaEvent::new(
            "instance-1",
            [
                KafkaRecord::new("orders", ["{\"id\": 1}", "{\"id\": 2}"]),
                KafkaRecord::new("returns", ["{\"id\": 3}"]),
            ],
        );
        let summary = handle(event, &Context::for_test());
        assert_eq!(
            summary,
            Summary {
                messages: 3,
                bytes: 27,
                topics: BTreeMap::from([("orders".into(), 2), ("returns".into(), 1)]),
            }
        );
    }
}
