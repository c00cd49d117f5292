//! The record sequence number: the platform's decimal text, whichever JSON type carried it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A DIS record's sequence number, kept as the decimal text the platform sent.
///
/// Samples, the Go SDK and the DIS API send a string, while the Go doc table says Int (platform doc
/// §9.1, §12 item 1), so both a JSON string and a JSON integer are accepted. It always serialises
/// as a string. DIS numbers run from 0 to 9223372036854775807, so [`as_u64`](Self::as_u64) fits
/// every valid one.
///
/// ```
/// use fg_events::dis::SequenceNumber;
///
/// let from_number: SequenceNumber = serde_json::from_str("17")?;
/// let from_string: SequenceNumber = serde_json::from_str(r#""17""#)?;
/// assert_eq!(from_number, from_string);
/// assert_eq!(from_number.to_string(), "17");
/// assert_eq!(from_number.as_u64(), Some(17));
/// assert_eq!(serde_json::to_string(&from_number)?, r#""17""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Eq, Hash, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SequenceNumber(String);

impl SequenceNumber {
    /// Wraps the platform's text as is; it is not checked to be numeric.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The sequence number as the platform sent it (empty if the record had none).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The sequence number as the platform sent it.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The numeric value, or `None` if the text is empty or not a decimal `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// Whether the record carried no sequence number.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for SequenceNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::string_or_number(deserializer).map(Self)
    }
}

impl fmt::Display for SequenceNumber {
    /// Writes the text as sent, e.g. `17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<u64> for SequenceNumber {
    fn from(n: u64) -> Self {
        Self(n.to_string())
    }
}

impl From<String> for SequenceNumber {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for SequenceNumber {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<SequenceNumber> for String {
    fn from(n: SequenceNumber) -> Self {
        n.0
    }
}

impl AsRef<str> for SequenceNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for SequenceNumber {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SequenceNumber {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<u64> for SequenceNumber {
    fn eq(&self, other: &u64) -> bool {
        self.as_u64() == Some(*other)
    }
}
