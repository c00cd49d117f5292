//! LTS (Log Tank Service) trigger events: subscribed log lines, base64-encoded JSON.
//!
//! The platform sends `{"lts": {"data": "…"}}`, where `data` is standard base64 of UTF-8 JSON
//! (no gzip in any source), and inside that JSON `logs` is itself a JSON array written into a
//! string (docs/PLATFORM.md §9.8, §11, §12 item 13). [`LtsEvent`] keeps `data` as received;
//! [`LtsEvent::decode`] unwraps all three layers into [`LtsLogs`], and its [`LtsError`] says
//! which layer failed. `logs` is also accepted already as an array.
//!
//! ```
//! use fg_events::lts::LtsEvent;
//!
//! let event: LtsEvent = serde_json::from_str(r#"{"lts": {"data":
//!     "eyJsb2dzIjoiW3tcIm1lc3NhZ2VcIjpcImRpc2sgZnVsbFwiLFwidGltZVwiOjE1MzAwMDk2NTMwNTksXCJob3N0X25hbWVcIjpcImVjcy10ZXN0XCIsXCJsaW5lX25vXCI6MX1dIiwibG9nX3RvcGljX2lkIjoiMWE5Njc1YTcifQ=="
//! }}"#)?;
//!
//! let logs = event.decode()?; // base64 -> UTF-8 -> JSON -> the JSON in `logs`
//! assert_eq!(logs.log_topic_id.as_deref(), Some("1a9675a7"));
//! for entry in &logs.logs {
//!     println!("{:?} {}: {}", entry.time, entry.host_name.as_deref().unwrap_or("?"), entry.message);
//! }
//! assert_eq!(logs.logs[0].message, "disk full");
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
//!
//! Messages over 75 KB are split over several invocations; whether each part's `logs` is still
//! valid JSON is not documented (docs/PLATFORM.md §9.8), so a split may surface as
//! [`LtsError::Logs`].

mod error;
mod logs;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::encoding::Base64Text;

pub use self::error::LtsError;
pub use self::logs::{LtsLogEntry, LtsLogs};

/// The event an LTS trigger delivers: one base64-encoded batch of log lines.
///
/// Build one in tests from decoded logs with [`LtsEvent::from_logs`]:
///
/// ```
/// use fg_events::lts::{LtsEvent, LtsLogEntry, LtsLogs};
///
/// let logs = LtsLogs {
///     logs: vec![LtsLogEntry::new("disk full").with_time(1_530_009_653_059)],
///     log_group_id: Some("group-1".to_owned()),
///     ..LtsLogs::default()
/// };
/// let event = LtsEvent::from_logs(&logs)?;
/// assert_eq!(event.decode()?, logs);
/// // On the wire `logs` is a JSON string inside the base64 JSON, as the platform sends it.
/// assert!(event.text()?.starts_with(r#"{"logs":"[{\"message\":\"disk full\""#));
/// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct LtsEvent {
    /// `lts`: the payload.
    pub lts: LtsData,
}

/// The `lts` object of an [`LtsEvent`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct LtsData {
    /// `data`: base64 of the UTF-8 JSON that [`LtsEvent::decode`] reads.
    pub data: Base64Text,
}

impl LtsEvent {
    /// An event whose `data` is the given base64 text, used as is (it may be invalid, which is
    /// handy for testing error paths).
    pub fn new(data: impl Into<Base64Text>) -> Self {
        Self {
            lts: LtsData { data: data.into() },
        }
    }

    /// An event carrying `logs` encoded as the platform does: `logs` written as a JSON string,
    /// the whole object as JSON, then base64.
    ///
    /// # Errors
    /// The `serde_json` error if a log entry's extra fields cannot be serialised.
    pub fn from_logs(logs: &LtsLogs) -> Result<Self, serde_json::Error> {
        Ok(Self::new(Base64Text::encode(serde_json::to_vec(logs)?)))
    }

    /// `data` as the base64 text the platform sent.
    pub fn raw_data(&self) -> &str {
        self.lts.data.as_str()
    }

    /// The decoded bytes of `data`.
    ///
    /// # Errors
    /// [`LtsError::Base64`] if `data` is not valid base64.
    pub fn data(&self) -> Result<Vec<u8>, LtsError> {
        self.lts.data.decode().map_err(LtsError::Base64)
    }

    /// The decoded `data` as text (JSON, in every sample).
    ///
    /// # Errors
    /// [`LtsError::Base64`] or [`LtsError::Utf8`].
    pub fn text(&self) -> Result<String, LtsError> {
        String::from_utf8(self.data()?).map_err(|e| LtsError::Utf8(e.utf8_error()))
    }

    /// Decodes `data` and parses it, including the JSON inside `logs`.
    ///
    /// # Errors
    /// An [`LtsError`] naming the layer that failed: base64, UTF-8, the decoded JSON, or the
    /// log entries in `logs`.
    pub fn decode(&self) -> Result<LtsLogs, LtsError> {
        logs::decode(&self.text()?)
    }

    /// The log entries only (what [`decode`](Self::decode) gives in [`LtsLogs::logs`]).
    ///
    /// # Errors
    /// As for [`decode`](Self::decode).
    pub fn logs(&self) -> Result<Vec<LtsLogEntry>, LtsError> {
        self.decode().map(|decoded| decoded.logs)
    }
}
