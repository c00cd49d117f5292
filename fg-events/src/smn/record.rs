//! One SMN notification: the record envelope and the `smn` message inside it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::encoding::JsonString;

/// One notification of an [`SmnEvent`](super::SmnEvent): the subscription envelope around the
/// published message.
///
/// The accessors read through to the [`SmnMessage`] in [`smn`](Self::smn).
///
/// ```
/// use fg_events::smn::SmnRecord;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Alarm { level: String }
///
/// let record = SmnRecord::from_json("urn:smn:eu-de:87b7:alarms", &Alarm { level: "high".into() })?
///     .with_subject("alarm")
///     .with_message_id("9fcb1bc7");
/// assert_eq!(record.message(), r#"{"level":"high"}"#);
/// assert_eq!(record.message_json::<Alarm>()?.level, "high");
/// assert_eq!(record.topic_urn(), "urn:smn:eu-de:87b7:alarms");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct SmnRecord {
    /// `event_version`: `1.0` in every sample.
    #[serde(default)]
    pub event_version: String,
    /// `smn`: the published message.
    pub smn: SmnMessage,
    /// `event_subscription_urn`: the URN of the subscribing function (version or alias included).
    #[serde(default)]
    pub event_subscription_urn: String,
    /// `event_source`: `smn` in every sample.
    #[serde(default)]
    pub event_source: String,
}

/// The `smn` object of an [`SmnRecord`]: the message as published to the topic.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct SmnMessage {
    /// `topic_urn`: the topic the message was published to.
    #[serde(default)]
    pub topic_urn: String,
    /// `timestamp`: when the message was published, RFC 3339 in UTC (`2018-01-09T07:11:40Z`).
    #[serde(default)]
    pub timestamp: String,
    /// `message_attributes`, kept as the JSON value sent.
    ///
    /// The doc table says Map with the example value `None`; the Go doc sample sends the string
    /// `"None"` and the Python and Java samples send `null` (docs/PLATFORM.md §9.2, §12 item 10),
    /// so no one Rust type fits. Read it with [`SmnMessage::message_attributes`], which gives the
    /// map or `None`. `null` (and a missing key) is written back as `null`, as the samples have it.
    #[serde(default)]
    pub message_attributes: Option<Value>,
    /// `message`: the published text; a JSON document arrives as a string (docs/PLATFORM.md §9.2).
    #[serde(default)]
    pub message: JsonString,
    /// `type`: `notification` in every sample.
    #[serde(default, rename = "type")]
    pub message_type: String,
    /// `message_id`: SMN's id of the message; stable across redeliveries.
    #[serde(default)]
    pub message_id: String,
    /// `subject`: the subject given when publishing (may be empty).
    #[serde(default)]
    pub subject: String,
}

impl SmnMessage {
    /// The message attributes as a map, or `None` when they are `null`, missing, the string
    /// `"None"` the Go doc sample sends, or any other non-object value (the raw value stays in
    /// [`message_attributes`](Self::message_attributes)).
    pub fn message_attributes(&self) -> Option<&Map<String, Value>> {
        self.message_attributes.as_ref()?.as_object()
    }
}

impl SmnRecord {
    /// A notification of `message` on `topic_urn`, with the envelope values every sample has
    /// (`event_version` `1.0`, `event_source` `smn`, `type` `notification`) and no attributes.
    pub fn new(topic_urn: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            event_version: "1.0".to_owned(),
            smn: SmnMessage {
                topic_urn: topic_urn.into(),
                message: JsonString::new(message),
                message_type: "notification".to_owned(),
                ..SmnMessage::default()
            },
            event_source: "smn".to_owned(),
            ..Self::default()
        }
    }

    /// A notification whose message is `value` serialised as JSON, as a publisher sending JSON
    /// would write it.
    ///
    /// # Errors
    /// The `serde_json` error if `value` cannot be serialised.
    pub fn from_json<T: Serialize + ?Sized>(
        topic_urn: impl Into<String>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::new(
            topic_urn,
            JsonString::encode(value)?.into_string(),
        ))
    }

    /// Sets `smn.subject`.
    #[must_use]
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.smn.subject = subject.into();
        self
    }

    /// Sets `smn.message_id`.
    #[must_use]
    pub fn with_message_id(mut self, message_id: impl Into<String>) -> Self {
        self.smn.message_id = message_id.into();
        self
    }

    /// Sets `smn.timestamp` (RFC 3339, e.g. `2018-01-09T07:11:40Z`).
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: impl Into<String>) -> Self {
        self.smn.timestamp = timestamp.into();
        self
    }

    /// Sets `smn.message_attributes` to a JSON object.
    #[must_use]
    pub fn with_message_attributes(mut self, attributes: Map<String, Value>) -> Self {
        self.smn.message_attributes = Some(Value::Object(attributes));
        self
    }

    /// Sets `event_subscription_urn`.
    #[must_use]
    pub fn with_event_subscription_urn(mut self, urn: impl Into<String>) -> Self {
        self.event_subscription_urn = urn.into();
        self
    }

    /// The message text as published.
    pub fn message(&self) -> &str {
        self.smn.message.as_str()
    }

    /// The message parsed as JSON into `T` (`serde_json::Value` for untyped access).
    ///
    /// # Errors
    /// The `serde_json` error when the message is not JSON of the shape `T` expects.
    pub fn message_json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.smn.message.parse()
    }

    /// The subject given when publishing (empty if none).
    pub fn subject(&self) -> &str {
        &self.smn.subject
    }

    /// The topic the message was published to.
    pub fn topic_urn(&self) -> &str {
        &self.smn.topic_urn
    }

    /// SMN's id of the message, the key to deduplicate redeliveries on.
    pub fn message_id(&self) -> &str {
        &self.smn.message_id
    }

    /// When the message was published (RFC 3339 text, as sent).
    pub fn timestamp(&self) -> &str {
        &self.smn.timestamp
    }

    /// The message attributes as a map; see [`SmnMessage::message_attributes`].
    pub fn message_attributes(&self) -> Option<&Map<String, Value>> {
        self.smn.message_attributes()
    }
}
