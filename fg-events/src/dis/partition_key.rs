//! The record partition key: short text, kept without a heap allocation.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;

/// A DIS record's partition key, the text the producer chose to spread records over shards.
///
/// It reads like a `&str` (it dereferences to one) and compares with strings. Keys of up to 23
/// bytes (the usual case) are stored inline, without a heap allocation; cloning one never
/// allocates. In JSON it is a plain string.
///
/// ```
/// use fg_events::dis::{DisRecord, PartitionKey};
///
/// let record = DisRecord::from_bytes(0, "x").with_partition_key("user-42");
/// assert_eq!(record.partition_key(), Some("user-42"));
///
/// let key: &PartitionKey = record.partition_key.as_ref().expect("set above");
/// assert_eq!(key, "user-42");
/// assert!(key.starts_with("user-")); // any `str` method
/// assert_eq!(serde_json::to_string(key)?, r#""user-42""#);
/// assert_eq!(PartitionKey::from("user-42"), *key);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Eq, Hash, Ord, PartialEq, PartialOrd)]
pub struct PartitionKey(SmolStr);

impl PartitionKey {
    /// Wraps the text as is.
    pub fn new(text: impl AsRef<str>) -> Self {
        Self(super::sequence_number::short_text(text.as_ref()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as a `String`.
    pub fn into_string(self) -> String {
        self.0.into()
    }
}

impl Deref for PartitionKey {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for PartitionKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for PartitionKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartitionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PartitionKey {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for PartitionKey {
    fn from(text: String) -> Self {
        Self(text.into())
    }
}

impl From<PartitionKey> for String {
    fn from(key: PartitionKey) -> Self {
        key.into_string()
    }
}

impl PartialEq<str> for PartitionKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PartitionKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for PartitionKey {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl Serialize for PartitionKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PartitionKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = PartitionKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(PartitionKey::new(text))
    }
}
