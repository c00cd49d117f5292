//! Records and messages shared by the message-queue triggers, Kafka and RocketMQ.
//!
//! Both triggers send the same shape (platform doc §9.5, §9.6), so the types are defined once,
//! compiled when either feature is on: `kafka` re-exports them as `KafkaRecord` and
//! `KafkaMessage`, `rocketmq` as `RocketMqRecord` and `RocketMqMessage` (one type when both
//! features are on).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// One entry of `records`: messages from one topic.
///
/// The platform groups a batch by topic, and a trigger can cover several topics, so an event
/// can hold several records (platform doc §9.5).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct TopicRecord {
    /// `topic_id`: the topic **name** (e.g. `topic-test`), although the doc tables call it
    /// "Message ID" (platform doc §9.5).
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
/// (platform doc §9.5). Either way [`text`](Self::text) gives the payload, and the message
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
