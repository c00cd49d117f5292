//! The decoded LTS payload: log entries (double-encoded on the wire) and where they come from.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de, ser};
use serde_json::{Map, Value};

use super::LtsError;

/// What an LTS event's `data` holds once decoded (see [`LtsEvent::decode`](super::LtsEvent::decode)).
///
/// On the wire `logs` is a JSON array written into a string (docs/PLATFORM.md §9.8, §12 item 13);
/// here it is the parsed entries. Deserialising accepts the string or a plain array, and
/// serialising writes the string, as the platform does.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct LtsLogs {
    /// `logs`: the log lines, in the order sent.
    #[serde(
        default,
        deserialize_with = "entries",
        serialize_with = "entries_as_string"
    )]
    pub logs: Vec<LtsLogEntry>,
    /// `owner`: the account (project) that owns the log group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// `log_group_id`: the LTS log group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_id: Option<String>,
    /// `log_topic_id`: the LTS log stream (called log topic in older LTS versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_topic_id: Option<String>,
}

/// One log line collected by LTS.
///
/// The named fields are those of the documented sample (docs/PLATFORM.md §9.8); any other field
/// (structured logs can carry their own) is kept in [`other`](Self::other).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct LtsLogEntry {
    /// `message`: the log line.
    #[serde(default)]
    pub message: String,
    /// `time`: when the line was collected, in milliseconds since the epoch (a number in the
    /// sample; a decimal string is accepted too).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<i64>,
    /// `host_name`: the host the line was collected on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<String>,
    /// `ip`: the host's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// `path`: the log file, e.g. `var/log/test.log`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `log_uid`: the line's unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_uid: Option<String>,
    /// `line_no`: the line's position in the file.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub line_no: Option<i64>,
    /// Every other field of the entry, as received.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl LtsLogEntry {
    /// An entry with only `message` set.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::default()
        }
    }

    /// Sets `time` (milliseconds since the epoch).
    #[must_use]
    pub fn with_time(mut self, millis: i64) -> Self {
        self.time = Some(millis);
        self
    }

    /// Sets `host_name`.
    #[must_use]
    pub fn with_host_name(mut self, host_name: impl Into<String>) -> Self {
        self.host_name = Some(host_name.into());
        self
    }

    /// `time` as a [`SystemTime`]; `None` if absent or not representable.
    pub fn timestamp(&self) -> Option<SystemTime> {
        let ms = self.time?;
        let offset = Duration::from_millis(ms.unsigned_abs());
        if ms >= 0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        }
    }
}

/// The decoded JSON before its `logs` is parsed, so that the two layers fail with different
/// [`LtsError`] variants.
#[derive(Deserialize)]
#[serde(rename = "LtsLogs")]
struct Wire {
    #[serde(default)]
    logs: Value,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    log_group_id: Option<String>,
    #[serde(default)]
    log_topic_id: Option<String>,
}

/// Parses the decoded `data` text, then the entries in its `logs`.
pub(super) fn decode(text: &str) -> Result<LtsLogs, LtsError> {
    // Through a map first: a derived struct would also accept a JSON array of its fields.
    let object: Map<String, Value> = serde_json::from_str(text).map_err(LtsError::Json)?;
    let wire: Wire = serde_json::from_value(Value::Object(object)).map_err(LtsError::Json)?;
    Ok(LtsLogs {
        logs: parse_entries(wire.logs).map_err(LtsError::Logs)?,
        owner: wire.owner,
        log_group_id: wire.log_group_id,
        log_topic_id: wire.log_topic_id,
    })
}

/// `logs` as sent: a string holding a JSON array (the sample), an array, or `null`/missing.
fn parse_entries(logs: Value) -> Result<Vec<LtsLogEntry>, serde_json::Error> {
    match logs {
        Value::Null => Ok(Vec::new()),
        Value::String(text) => serde_json::from_str(&text),
        other => serde_json::from_value(other),
    }
}

fn entries<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<LtsLogEntry>, D::Error> {
    parse_entries(Value::deserialize(deserializer)?).map_err(de::Error::custom)
}

fn entries_as_string<S: Serializer>(
    logs: &[LtsLogEntry],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&serde_json::to_string(logs).map_err(ser::Error::custom)?)
}
