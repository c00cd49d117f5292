//! DMS for RocketMQ trigger events: a batch of messages from one or more topics.
//!
//! RocketMQ triggers send the same shape as Kafka triggers with `"trigger_type": "ROCKETMQ"`
//! (platform doc §9.6), so [`RocketMqRecord`] and [`RocketMqMessage`] are the Kafka module's
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
//! (platform doc §9.6).

use crate::message_queue;

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::encoding::EpochTime;

pub use crate::message_queue::{
    Message as RocketMqMessage, MessageError, Messages, TopicRecord as RocketMqRecord,
};

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
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct RocketMqEvent {
    /// `event_version`, e.g. `v1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_version: Option<String>,
    /// `event_time`: an integer epoch in seconds in the sample, but "String" with an ISO date in
    /// the Kafka doc tables this trigger shares (platform doc §9.6, §12 item 8); kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<EpochTime>,
    /// `trigger_type`: `ROCKETMQ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
    /// `region`, e.g. `eu-de`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `instance_id`: the RocketMQ instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// `records`: the messages grouped by topic (1 to 1000 messages per batch).
    pub records: Vec<RocketMqRecord>,
}

impl RocketMqEvent {
    /// The `trigger_type` the platform sends for RocketMQ triggers.
    pub const TRIGGER_TYPE: &'static str = "ROCKETMQ";

    /// An event from `instance_id` with the given records, `event_version` `v1.0` and
    /// `trigger_type` `ROCKETMQ`, as in the documented sample; no time or region.
    pub fn new(
        instance_id: impl Into<String>,
        records: impl IntoIterator<Item = RocketMqRecord>,
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
    pub fn records(&self) -> std::slice::Iter<'_, RocketMqRecord> {
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
        message_queue::json_messages("RocketMQ", &self.records)
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

    /// `trigger_type`, if sent (`ROCKETMQ`).
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

impl<'a> IntoIterator for &'a RocketMqEvent {
    type Item = &'a RocketMqRecord;
    type IntoIter = std::slice::Iter<'a, RocketMqRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
