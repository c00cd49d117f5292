//! The record sequence number: the platform's decimal text, whichever JSON type carried it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;

/// A DIS record's sequence number, kept as the decimal text the platform sent.
///
/// Samples, the Go SDK and the DIS API send a string, while the Go doc table says Int
/// (docs/PLATFORM.md §9.1, §12 item 1), so both a JSON string and a JSON integer are accepted. It
/// always serialises as a string. DIS numbers run from 0 to 9223372036854775807, so
/// [`as_u64`](Self::as_u64) fits every valid one.
///
/// The text is stored inline, without a heap allocation, up to 23 bytes (every valid DIS
/// sequence number has at most 19 digits); cloning it never allocates.
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
#[derive(Clone, Debug, Default, Eq, Hash, PartialEq)]
pub struct SequenceNumber(SmolStr);

impl SequenceNumber {
    /// Wraps the platform's text as is; it is not checked to be numeric.
    pub fn new(text: impl AsRef<str>) -> Self {
        Self(short_text(text.as_ref()))
    }

    /// The sequence number as the platform sent it (empty if the record had none).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The sequence number as the platform sent it.
    pub fn into_string(self) -> String {
        self.0.into()
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

/// `text` as a `SmolStr`, copied inline when it fits (also used for partition keys).
///
/// `SmolStr::new` does the same through an out-of-line call and a `memcpy`; this copy parses DIS
/// batches a few percent faster (`fg-bench decode`, parse only). Kept out of line so that each
/// field's deserializer calls one copy of it, at no cost in binary size.
#[inline(never)]
pub(super) fn short_text(text: &str) -> SmolStr {
    if text.len() <= SmolStr::INLINE_CAP {
        SmolStr::new_inline(text)
    } else {
        SmolStr::new(text)
    }
}

impl Serialize for SequenceNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SequenceNumber {
    /// Accepts what [`lenient::string_or_number`](crate::lenient::string_or_number) accepts, with
    /// the same messages, but keeps the text inline instead of in a new `String`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::text_or_number(deserializer)
    }
}

impl fmt::Display for SequenceNumber {
    /// Writes the text as sent, e.g. `17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<u64> for SequenceNumber {
    // A JSON number here is rare (the platform sends strings), so the transient `String` costs
    // less than linking a formatter that writes inline.
    fn from(n: u64) -> Self {
        Self::new(n.to_string())
    }
}

impl From<String> for SequenceNumber {
    fn from(text: String) -> Self {
        Self(text.into())
    }
}

impl From<&str> for SequenceNumber {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<SequenceNumber> for String {
    fn from(n: SequenceNumber) -> Self {
        n.into_string()
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

#[cfg(test)]
mod tests {
    use super::SequenceNumber;

    #[test]
    fn every_dis_sequence_number_is_stored_without_a_heap_allocation() {
        for n in [0, 17, i64::MAX.unsigned_abs(), u64::MAX] {
            assert!(!SequenceNumber::from(n).0.is_heap_allocated(), "{n}");
        }
        for json in [r#""9223372036854775807""#, "9223372036854775807", "-5"] {
            let parsed: SequenceNumber = serde_json::from_str(json).unwrap();
            assert!(!parsed.0.is_heap_allocated(), "{json}");
        }
        assert_eq!(serde_json::from_str::<SequenceNumber>("-5").unwrap(), "-5");
        let de = serde::de::value::I64Deserializer::<serde::de::value::Error>::new(5);
        assert_eq!(
            serde::Deserialize::deserialize(de),
            Ok(SequenceNumber::from(5))
        );
    }

    #[test]
    fn longer_text_is_kept_whole() {
        let text = "1".repeat(40);
        let long = SequenceNumber::new(&text);
        assert_eq!(long.as_str(), text);
        assert_eq!(long, SequenceNumber::from(text.clone()));
        assert_eq!(long.clone().into_string(), text);
        assert_eq!(long.as_u64(), None);
    }
}
