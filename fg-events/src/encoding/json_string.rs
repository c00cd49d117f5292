//! JSON documents the platform sends inside a JSON string (SMN `message`, timer `user_event`,
//! LTS `logs`, the DDS `full_document`/`ns`/`token` fields): kept as received, parsed on access.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A string that usually holds a JSON document.
///
/// It serialises back as the same string; [`parse`](Self::parse) reads the document inside.
///
/// ```
/// use fg_events::encoding::JsonString;
///
/// let ns = JsonString::new(r#"{"db": "functiongraph", "coll": "person"}"#);
/// let parsed: serde_json::Value = ns.parse()?;
/// assert_eq!(parsed["coll"], "person");
/// assert_eq!(serde_json::to_string(&ns)?, r#""{\"db\": \"functiongraph\", \"coll\": \"person\"}""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonString(String);

impl JsonString {
    /// Wraps a string as received.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// A string holding `value` serialised as JSON (for building events in tests).
    ///
    /// # Errors
    /// When `value` cannot be serialised.
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(Self)
    }

    /// The string as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string as received.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Parses the document inside into `T` (`serde_json::Value` for untyped access).
    ///
    /// # Errors
    /// When the string is not JSON of the shape `T` expects.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }
}

impl fmt::Debug for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for JsonString {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for JsonString {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}
