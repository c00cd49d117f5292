//! Kafka trigger events: a batch of messages from DMS for Kafka or open-source Kafka topics.
//!
//! The platform polls the topics a trigger covers and invokes the function with a
//! [`KafkaEvent`]; its `records` group the messages by topic, and one batch can hold several
//! topics (platform doc §9.5). Open-source Kafka triggers send the same shape, also with
//! `"trigger_type": "KAFKA"` in the samples. Parsing is lenient where the sources disagree:
//! `event_time` may be a number or a string ([`EpochTime`]) and a message may be a string or
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
//! Delivery is asynchronous (platform doc §9, invocation modes), so expect retries and
//! duplicates. On a processing failure the platform discards records larger than 6 MB
//! (platform doc §9.5).

use crate::message_queue;

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::encoding::EpochTime;

pub use crate::message_queue::{
    Message as KafkaMessage, MessageError, Messages, TopicRecord as KafkaRecord,
};

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
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct KafkaEvent {
    /// `event_version`, e.g. `v1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_version: Option<String>,
    /// `event_time`: an integer epoch in seconds in every sample, but "String" with an ISO date
    /// in the doc tables (platform doc §9.5, §12 item 8); kept in the form sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<EpochTime>,
    /// `trigger_type`: `KAFKA`, for open-source Kafka too (platform doc §9.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
    /// `region`, e.g. `eu-de`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `instance_id`: the Kafka instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// `records`: the messages grouped by topic (1 to 1000 messages per batch).
    pub records: Vec<KafkaRecord>,
}

impl KafkaEvent {
    /// The `trigger_type` the platform sends for Kafka and open-source Kafka triggers.
    pub const TRIGGER_TYPE: &'static str = "KAFKA";

    /// An event from `instance_id` with the given records, `event_version` `v1.0` and
    /// `trigger_type` `KAFKA`, as in the documented sample; no time or region.
    pub fn new(
        instance_id: impl Into<String>,
        records: impl IntoIterator<Item = KafkaRecord>,
    ) -> Self {
        Self {
            event_version: Some("v1.0".to_owned()),
            event_time: None,
            trigger_type: Some(Self::TRIGGER_TYPE.to_owned()),
            region: None,
            instance_id: Some(instance_id.into()),
            records: records.into_iter().collect(),
        }
    }

    /// Sets `event_time` (an epoch number, as the samples send, or a string).
    #[must_use]
    pub fn with_event_time(mut self, time: impl Into<EpochTime>) -> Self {
        self.event_time = Some(time.into());
        self
    }

    /// Sets `region`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The records (one per topic), in the order the platform sent them.
    pub fn records(&self) -> std::slice::Iter<'_, KafkaRecord> {
        self.records.iter()
    }

    /// Every message with its topic name, record by record.
    pub fn messages(&self) -> Messages<'_> {
        Messages::new(&self.records)
    }

    /// Every message parsed as JSON into `T`, record by record; an error names the topic and the
    /// message's position.
    pub fn json_messages<T: DeserializeOwned>(
        &self,
    ) -> impl Iterator<Item = Result<T, MessageError>> + '_ {
        message_queue::json_messages("Kafka", &self.records)
    }

    /// The number of messages over all records.
    pub fn message_count(&self) -> usize {
        self.records.iter().map(|r| r.messages.len()).sum()
    }

    /// Whether the event holds no messages.
    pub fn is_empty(&self) -> bool {
        self.message_count() == 0
    }

    /// `event_time` as sent, if sent.
    pub fn event_time(&self) -> Option<&EpochTime> {
        self.event_time.as_ref()
    }

    /// `event_time` in seconds since the epoch, when it is numeric (a number or a decimal
    /// string); `None` for a date string. A value of 10^11 or more is read as milliseconds (see
    /// [`EpochTime::unix_seconds`]).
    pub fn event_time_seconds(&self) -> Option<i64> {
        self.event_time.as_ref()?.unix_seconds()
    }

    /// `trigger_type`, if sent (`KAFKA`).
    pub fn trigger_type(&self) -> Option<&str> {
        self.trigger_type.as_deref()
    }

    /// `event_version`, if sent.
    pub fn event_version(&self) -> Option<&str> {
        self.event_version.as_deref()
    }

    /// `region`, if sent.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// `instance_id`, if sent.
    pub fn instance_id(&self) -> Option<&str> {
        self.instance_id.as_deref()
    }
}

impl<'a> IntoIterator for &'a KafkaEvent {
    type Item = &'a KafkaRecord;
    type IntoIter = std::slice::Iter<'a, KafkaRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
