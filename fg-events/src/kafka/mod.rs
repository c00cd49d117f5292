//! Kafka trigger events: a batch of messages from DMS for Kafka or open-source Kafka topics.
//!
//! The platform polls the topics a trigger covers and invokes the function with a
//! [`KafkaEvent`]; its `records` group the messages by topic, and one batch can hold several
//! topics (docs/PLATFORM.md §9.5). Open-source Kafka triggers send the same shape, also with
//! `"trigger_type": "KAFKA"` in the samples. Parsing is lenient where the sources disagree:
//! `event_time` may be a number or a string ([`EpochTime`](crate::encoding::EpochTime)) and a message may be a string or
//! `{"message": "…"}` ([`KafkaMessage`]). Only `records` and each record's `topic_id` are
//! required.
//!
//! ```
//! use fg_events::kafka::KafkaEvent;
//!
//! let event: KafkaEvent = serde_json::from_str(r#"{
//!     "event_version": "v1.0",
//!     "event_time": 1576737962,
//!     "trigger_type": "KAFKA",
//!     "region": "eu-de",
//!     "instance_id": "81335d56-b9fe-4679-ba95-7030949cc76b",
//!     "records": [
//!         {"messages": ["{\"id\": 1}", "{\"id\": 2}"], "topic_id": "orders"},
//!         {"messages": [{"message": "{\"id\": 3}"}], "topic_id": "returns"}
//!     ]
//! }"#)?;
//!
//! assert_eq!(event.event_time_seconds(), Some(1_576_737_962));
//! for (topic, message) in event.messages() {
//!     println!("{topic}: {}", message.text());
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Order { id: u32 }
//! let ids = event
//!     .json_messages::<Order>()
//!     .map(|order| order.map(|o| o.id))
//!     .collect::<Result<Vec<_>, _>>()?; // an error names the topic and position
//! assert_eq!(ids, [1, 2, 3]);
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
//!
//! Delivery is asynchronous (docs/PLATFORM.md §9, invocation modes), so expect retries and
//! duplicates. On a processing failure the platform discards records larger than 6 MB
//! (docs/PLATFORM.md §9.5).

use crate::message_queue;

#[cfg(test)]
mod tests;

pub use crate::message_queue::{
    Message as KafkaMessage, MessageError, Messages, TopicRecord as KafkaRecord,
};

message_queue::message_queue_event! {
    /// The event a Kafka trigger delivers: messages from one or more topics of one instance.
    ///
    /// Build one in tests with [`KafkaEvent::new`]:
    ///
    /// ```
    /// use fg_events::kafka::{KafkaEvent, KafkaRecord};
    ///
    /// let event = KafkaEvent::new("instance-1", [KafkaRecord::new("topic-test", ["a", "b"])])
    ///     .with_region("eu-de")
    ///     .with_event_time(1_576_737_962);
    /// assert_eq!(event.message_count(), 2);
    /// let json = serde_json::to_value(&event)?;
    /// assert_eq!(json["trigger_type"], "KAFKA");
    /// assert_eq!(json["records"][0]["messages"][1], "b");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct KafkaEvent {
        record: KafkaRecord,
        name: "Kafka",
        trigger_type: "KAFKA",
        event_time: {
            /// `event_time`: an integer epoch in seconds in every sample, but "String" with an ISO date
            /// in the doc tables (docs/PLATFORM.md §9.5, §12 item 8); kept in the form sent.
        },
        trigger_type_field: {
            /// `trigger_type`: `KAFKA`, for open-source Kafka too (docs/PLATFORM.md §9.5).
        },
        instance_id: {
            /// `instance_id`: the Kafka instance.
        },
        trigger_type_const: {
            /// The `trigger_type` the platform sends for Kafka and open-source Kafka triggers.
        },
    }
}
