//! DDS (Document Database Service) trigger events: change-stream records of a MongoDB-compatible
//! collection.
//!
//! Each record describes one change. Its `dds` part carries `token`, `full_document` and `ns`
//! as **JSON written into strings** (MongoDB extended JSON), which [`DdsChange`] keeps as
//! received ([`JsonString`](crate::encoding::JsonString)) and parses on access: [`DdsChange::ns`] into a [`Namespace`],
//! [`DdsChange::full_document`] into your type, [`DdsChange::token`] into a JSON value
//! (docs/PLATFORM.md §9.10). `size_bytes` may be a string or a number. The NODE d.ts also allows
//! `full_document` and `ns` as objects; those are accepted and kept as their JSON text.
//!
//! ```
//! use fg_events::dds::DdsEvent;
//!
//! let event: DdsEvent = serde_json::from_str(r#"{"records": [{
//!     "event_source": "dds",
//!     "event_name": "insert",
//!     "region": "eu-de",
//!     "event_version": "1.0",
//!     "dds": {
//!         "size_bytes": "100",
//!         "token": "{\"_data\": \"825D8C2F4D\"}",
//!         "full_document": "{\"_id\": {\"$oid\": \"5d8c2f8e5beccb6cf5370d6a\"}, \"name\": \"dds\"}",
//!         "ns": "{\"db\": \"functiongraph\", \"coll\": \"person\"}"
//!     },
//!     "event_source_id": "e6065860-f7b8-4cca-80bd-24ef2a3bb748"
//! }]}"#)?;
//!
//! #[derive(serde::Deserialize)]
//! struct Person { name: String }
//!
//! for record in event.records() {
//!     let ns = record.dds.ns()?;
//!     let person: Person = record.dds.full_document()?;
//!     println!("{} in {}.{}", person.name, ns.db, ns.coll);
//!     assert_eq!(record.dds.size_bytes(), Some(100));
//! }
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
//!
//! CS v2.0.0 dropped DDS support as "deprecated" (docs/PLATFORM.md §9.10); the trigger is still
//! documented for OTC.

mod change;
mod error;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::change::{DdsChange, Namespace};
pub use self::error::DdsError;

/// The event a DDS trigger delivers: change records.
///
/// ```
/// use fg_events::dds::{DdsChange, DdsEvent, DdsRecord};
///
/// let change = DdsChange::default()
///     .with_namespace("functiongraph", "person")
///     .with_full_document(&serde_json::json!({"name": "dds"}))?
///     .with_size_bytes(100);
/// let event = DdsEvent::new([DdsRecord::new("insert", change)]);
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["records"][0]["dds"]["ns"], r#"{"db":"functiongraph","coll":"person"}"#);
/// assert_eq!(event.records().next().unwrap().dds.ns()?.coll, "person");
/// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct DdsEvent {
    /// `records`: the changes, in the order sent.
    pub records: Vec<DdsRecord>,
}

/// One change record.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct DdsRecord {
    /// `event_source`: `dds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source: Option<String>,
    /// `event_name`: the kind of change, e.g. `insert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// `region`: where the DDS instance is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `event_version`: the event protocol version, e.g. `1.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_version: Option<String>,
    /// `dds`: the change itself. Required: it is what tells a DDS record from another trigger's.
    pub dds: DdsChange,
    /// `event_source_id`: the event source's unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source_id: Option<String>,
    /// `event_source_ip`: only in the NODE d.ts (docs/PLATFORM.md §9.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source_ip: Option<String>,
}

impl DdsEvent {
    /// An event with the given records.
    pub fn new(records: impl IntoIterator<Item = DdsRecord>) -> Self {
        Self {
            records: records.into_iter().collect(),
        }
    }

    /// The records, in the order the platform sent them.
    pub fn records(&self) -> std::slice::Iter<'_, DdsRecord> {
        self.records.iter()
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the event holds no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl DdsRecord {
    /// A record of `event_name` (e.g. `insert`) carrying `dds`, with `event_source` `dds` and
    /// `event_version` `1.0` as in the documented sample.
    pub fn new(event_name: impl Into<String>, dds: DdsChange) -> Self {
        Self {
            event_source: Some("dds".to_owned()),
            event_name: Some(event_name.into()),
            event_version: Some("1.0".to_owned()),
            dds,
            ..Self::default()
        }
    }

    /// `event_name`, if sent.
    pub fn event_name(&self) -> Option<&str> {
        self.event_name.as_deref()
    }
}

impl IntoIterator for DdsEvent {
    type Item = DdsRecord;
    type IntoIter = std::vec::IntoIter<DdsRecord>;

    /// Consumes the event, yielding its records.
    fn into_iter(self) -> Self::IntoIter {
        self.records.into_iter()
    }
}

impl<'a> IntoIterator for &'a DdsEvent {
    type Item = &'a DdsRecord;
    type IntoIter = std::slice::Iter<'a, DdsRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
