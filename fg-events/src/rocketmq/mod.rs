//! DMS for RocketMQ trigger events: a batch of messages from one or more topics.
//!
//! RocketMQ triggers send the same shape as Kafka triggers with `"trigger_type": "ROCKETMQ"`
//! (docs/PLATFORM.md §9.6), so [`RocketMqRecord`] and [`RocketMqMessage`] are the Kafka module's
//! record and message types under their RocketMQ names: with both features on,
//! `rocketmq::RocketMqRecord` and `kafka::KafkaRecord` are the same type. The `rocketmq` feature
//! does not need the `kafka` feature. Only `records` and each record's `topic_id` are required;
//! `event_time` may be a number or a string, and a message a string or `{"message": "…"}`.
//!
//! ```
//! use fg_events::rocketmq::RocketMqEvent;
//!
//! let event: RocketMqEvent = serde_json::from_str(r#"{
//!     "event_version": "v1.0",
//!     "event_time": 1714040037,
//!     "trigger_type": "ROCKETMQ",
//!     "region": "eu-de",
//!     "instance_id": "4140112c-85fc-40b8-bf7f-1ced2691a0a6",
//!     "records": [{"messages": ["rocketmq message1", "rocketmq message2"], "topic_id": "topic"}]
//! }"#)?;
//!
//! assert_eq!(event.event_time_seconds(), Some(1_714_040_037));
//! let texts: Vec<&str> = event.messages().map(|(_topic, m)| m.text()).collect();
//! assert_eq!(texts, ["rocketmq message1", "rocketmq message2"]);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Triggers are disabled after creation until enabled; batches hold 1 to 1000 messages
//! (docs/PLATFORM.md §9.6).

use crate::message_queue;

#[cfg(test)]
mod tests;

pub use crate::message_queue::{
    Message as RocketMqMessage, MessageError, Messages, TopicRecord as RocketMqRecord,
};

message_queue::message_queue_event! {
    /// The event a RocketMQ trigger delivers: messages from one or more topics of one instance.
    ///
    /// Build one in tests with [`RocketMqEvent::new`]:
    ///
    /// ```
    /// use fg_events::rocketmq::{RocketMqEvent, RocketMqRecord};
    ///
    /// let event = RocketMqEvent::new("instance-1", [RocketMqRecord::new("topic", ["a", "b"])])
    ///     .with_region("eu-de")
    ///     .with_event_time(1_714_040_037);
    /// assert_eq!(event.message_count(), 2);
    /// let json = serde_json::to_value(&event)?;
    /// assert_eq!(json["trigger_type"], "ROCKETMQ");
    /// assert_eq!(json["records"][0]["messages"][1], "b");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct RocketMqEvent {
        record: RocketMqRecord,
        name: "RocketMQ",
        trigger_type: "ROCKETMQ",
        event_time: {
            /// `event_time`: an integer epoch in seconds in the sample, but "String" with an ISO date in
            /// the Kafka doc tables this trigger shares (docs/PLATFORM.md §9.6, §12 item 8); kept
            /// as sent.
        },
        trigger_type_field: {
            /// `trigger_type`: `ROCKETMQ`.
        },
        instance_id: {
            /// `instance_id`: the RocketMQ instance.
        },
        trigger_type_const: {
            /// The `trigger_type` the platform sends for RocketMQ triggers.
        },
    }
}
