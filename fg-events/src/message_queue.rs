//! Records and messages shared by the message-queue triggers, Kafka and RocketMQ.
//!
//! Both triggers send the same shape (docs/PLATFORM.md §9.5, §9.6), so the types are defined once,
//! compiled when either feature is on: `kafka` re-exports them as `KafkaRecord` and
//! `KafkaMessage`, `rocketmq` as `RocketMqRecord` and `RocketMqMessage` (one type when both
//! features are on).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One entry of `records`: messages from one topic.
///
/// The platform groups a batch by topic, and a trigger can cover several topics, so an event
/// can hold several records (docs/PLATFORM.md §9.5).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct TopicRecord {
    /// `topic_id`: the topic **name** (e.g. `topic-test`), although the doc tables call it
    /// "Message ID" (docs/PLATFORM.md §9.5).
    pub topic_id: String,
    /// `messages`: the message payloads, in the order the platform sent them.
    #[serde(default)]
    pub messages: Vec<Message>,
}

impl TopicRecord {
    /// A record of `messages` from the topic named `topic`.
    pub fn new<M: Into<Message>>(
        topic: impl Into<String>,
        messages: impl IntoIterator<Item = M>,
    ) -> Self {
        Self {
            topic_id: topic.into(),
            messages: messages.into_iter().map(Into::into).collect(),
        }
    }

    /// The topic name (the `topic_id` field).
    pub fn topic(&self) -> &str {
        &self.topic_id
    }

    /// The messages, in the order the platform sent them.
    pub fn messages(&self) -> std::slice::Iter<'_, Message> {
        self.messages.iter()
    }

    /// The message payloads as text.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.messages.iter().map(Message::text)
    }
}

/// One message payload: a JSON string in every sample, also accepted as `{"message": "…"}`.
///
/// The NODE and PY runtimes accept both forms, though no official sample shows the object
/// (docs/PLATFORM.md §9.5). Either way [`text`](Self::text) gives the payload, and the message
/// serialises back in the form it came in.
#[derive(Clone, Debug, Eq, Hash, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Message {
    /// A plain JSON string, as in every sample.
    Text(String),
    /// An object `{"message": "…"}`; other keys are ignored.
    Object {
        /// `message`: the payload.
        message: String,
    },
}

impl Message {
    /// A message sent as a plain string.
    pub fn new(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    /// The payload, whichever form it came in.
    pub fn text(&self) -> &str {
        match self {
            Self::Text(text) | Self::Object { message: text } => text,
        }
    }

    /// The payload, whichever form it came in.
    pub fn into_text(self) -> String {
        match self {
            Self::Text(text) | Self::Object { message: text } => text,
        }
    }

    /// The payload parsed as JSON into `T`.
    ///
    /// # Errors
    /// The `serde_json` error if the payload is not JSON of the shape `T` expects.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.text())
    }
}

impl Default for Message {
    /// An empty plain-string message.
    fn default() -> Self {
        Self::Text(String::new())
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl fmt::Display for Message {
    /// Writes the payload.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MessageVisitor)
    }
}

struct MessageVisitor;

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = Message;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message string or an object with a `message` string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Message::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Message::Text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut message = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "message" {
                if message.is_some() {
                    return Err(de::Error::duplicate_field("message"));
                }
                message = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        // An object without `message` is rejected rather than read as an empty payload, so that
        // an unexpected shape fails loudly instead of silently losing the data.
        message
            .map(|message| Message::Object { message })
            .ok_or_else(|| de::Error::missing_field("message"))
    }
}

/// Iterator over `(topic, message)` pairs of every record, in order.
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    records: std::slice::Iter<'a, TopicRecord>,
    current: Option<(&'a str, std::iter::Enumerate<std::slice::Iter<'a, Message>>)>,
}

impl<'a> Messages<'a> {
    pub(crate) fn new(records: &'a [TopicRecord]) -> Self {
        Self {
            records: records.iter(),
            current: None,
        }
    }

    /// Like `next`, with the message's position in its record.
    fn next_indexed(&mut self) -> Option<(&'a str, usize, &'a Message)> {
        loop {
            if let Some((topic, messages)) = &mut self.current
                && let Some((index, message)) = messages.next()
            {
                return Some((topic, index, message));
            }
            let record = self.records.next()?;
            self.current = Some((record.topic(), record.messages().enumerate()));
        }
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = (&'a str, &'a Message);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_indexed()
            .map(|(topic, _, message)| (topic, message))
    }
}

/// Parses every message of `records` as JSON, naming the failing one (`trigger` is "Kafka" or
/// "`RocketMQ`", for the error message).
pub(crate) fn json_messages<'a, T: DeserializeOwned>(
    trigger: &'static str,
    records: &'a [TopicRecord],
) -> impl Iterator<Item = Result<T, MessageError>> + 'a {
    let mut messages = Messages::new(records);
    std::iter::from_fn(move || messages.next_indexed()).map(move |(topic, index, message)| {
        message.json().map_err(|source| MessageError {
            trigger,
            topic: topic.to_owned(),
            index,
            source,
        })
    })
}

/// A message was not JSON of the requested type; names the topic and the message's position.
///
/// The message reads, for example,
/// `Kafka message 1 of topic topic-test is not the expected JSON: expected value at line 1 column 1`.
#[derive(Debug)]
pub struct MessageError {
    trigger: &'static str,
    topic: String,
    index: usize,
    source: serde_json::Error,
}

impl MessageError {
    /// The topic of the failing message.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// The failing message's position in its record's `messages`, from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The JSON error.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.source
    }

    /// Takes the JSON error out.
    pub fn into_json_error(self) -> serde_json::Error {
        self.source
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} message {} of topic {} is not the expected JSON: {}",
            self.trigger, self.index, self.topic, self.source
        )
    }
}

impl std::error::Error for MessageError {
    /// The JSON error's own source, not the JSON error itself: the message already ends with it,
    /// and chain-walking reporters would print it twice (the same choice as `dis::DataError`).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.source)
    }
}

/// Defines a message-queue trigger's event type: the struct, its accessors and builders, and
/// `IntoIterator` over its records. The triggers differ only in names and docs, which are passed
/// in: `$name` names the trigger in errors, `$trigger_type` is the `trigger_type` sent.
macro_rules! message_queue_event {
    (
        $(#[$struct_doc:meta])*
        pub struct $Event:ident {
            record: $Record:ident,
            name: $name:literal,
            trigger_type: $trigger_type:literal,
            event_time: { $(#[$event_time_doc:meta])* },
            trigger_type_field: { $(#[$trigger_type_doc:meta])* },
            instance_id: { $(#[$instance_id_doc:meta])* },
            trigger_type_const: { $(#[$const_doc:meta])* },
        }
    ) => {
        $(#[$struct_doc])*
        #[derive(Clone, Debug, Default, ::serde::Deserialize, Eq, PartialEq, ::serde::Serialize)]
        pub struct $Event {
            /// `event_version`, e.g. `v1.0`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub event_version: Option<String>,
            $(#[$event_time_doc])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub event_time: Option<$crate::encoding::EpochTime>,
            $(#[$trigger_type_doc])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub trigger_type: Option<String>,
            /// `region`, e.g. `eu-de`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub region: Option<String>,
            $(#[$instance_id_doc])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub instance_id: Option<String>,
            /// `records`: the messages grouped by topic (1 to 1000 messages per batch).
            pub records: Vec<$Record>,
        }

        impl $Event {
            $(#[$const_doc])*
            pub const TRIGGER_TYPE: &'static str = $trigger_type;

            /// An event from `instance_id` with the given records, `event_version` `v1.0` and
            #[doc = concat!(
                " `trigger_type` `",
                $trigger_type,
                "`, as in the documented sample; no time or region."
            )]
            pub fn new(
                instance_id: impl Into<String>,
                records: impl IntoIterator<Item = $Record>,
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
            pub fn with_event_time(
                mut self,
                time: impl Into<$crate::encoding::EpochTime>,
            ) -> Self {
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
            pub fn records(&self) -> std::slice::Iter<'_, $Record> {
                self.records.iter()
            }

            /// Every message with its topic name, record by record.
            pub fn messages(&self) -> $crate::message_queue::Messages<'_> {
                $crate::message_queue::Messages::new(&self.records)
            }

            /// Every message parsed as JSON into `T`, record by record; an error names the topic
            /// and the message's position.
            pub fn json_messages<T: ::serde::de::DeserializeOwned>(
                &self,
            ) -> impl Iterator<Item = Result<T, $crate::message_queue::MessageError>> + '_ {
                $crate::message_queue::json_messages($name, &self.records)
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
            pub fn event_time(&self) -> Option<&$crate::encoding::EpochTime> {
                self.event_time.as_ref()
            }

            /// `event_time` in seconds since the epoch, when it is numeric (a number or a
            /// decimal string); `None` for a date string. A value of 10^11 or more is read as
            /// milliseconds (see [`EpochTime::unix_seconds`](crate::encoding::EpochTime::unix_seconds)).
            pub fn event_time_seconds(&self) -> Option<i64> {
                self.event_time.as_ref()?.unix_seconds()
            }

            #[doc = concat!(" `trigger_type`, if sent (`", $trigger_type, "`).")]
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

        impl<'a> IntoIterator for &'a $Event {
            type Item = &'a $Record;
            type IntoIter = std::slice::Iter<'a, $Record>;

            fn into_iter(self) -> Self::IntoIter {
                self.records()
            }
        }
    };
}
pub(crate) use message_queue_event;
