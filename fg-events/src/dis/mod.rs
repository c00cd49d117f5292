//! DIS (Data Ingestion Service) trigger events: a batch of records from one stream partition.
//!
//! The platform polls a DIS stream and invokes the function with [`DisEvent`], whose records carry
//! base64 `data` that is decoded lazily, per record, by [`DisRecord::data`] and friends. Parsing is
//! lenient where the platform's sources disagree (docs/PLATFORM.md §9.1, §12) and strict where it
//! tells a DIS event from another trigger's: `ShardID`, `Message`, `Message.records` and
//! `StreamName` are required.
//!
//! ```
//! use fg_events::dis::DisEvent;
//!
//! let event: DisEvent = serde_json::from_str(r#"{
//!     "ShardID": "shardId-0000000000",
//!     "Message": {
//!         "records": [
//!             {"partition_key": "p", "data": "d2VsY29tZQ==", "sequence_number": "0"},
//!             {"data": "dXNpbmc", "sequence_number": 1}
//!         ],
//!         "millis_behind_latest": ""
//!     },
//!     "Tag": "latest",
//!     "StreamName": "dis-swtest"
//! }"#)?;
//!
//! assert_eq!(event.stream_name(), "dis-swtest");
//! let mut buf = Vec::new();
//! for record in event.records() {
//!     let bytes = record.data_into(&mut buf)?; // reuses `buf`; errors name the record
//!     println!("{} {}", record.sequence_number(), String::from_utf8_lossy(bytes));
//! }
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
//!
//! Delivery is asynchronous and retried by the platform's general policy (docs/PLATFORM.md §10.3,
//! §10.4), so expect duplicates: deduplicate on stream name, shard id and sequence number.

pub mod dedup;
mod error;
mod partition_key;
mod record;
mod sequence_number;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::error::{DataError, DataErrorKind};
pub use self::partition_key::PartitionKey;
pub use self::record::DisRecord;
pub use self::sequence_number::SequenceNumber;

/// The event a DIS trigger delivers: records from one partition (shard) of one stream.
///
/// Build one in tests with [`DisEvent::new`]:
///
/// ```
/// use fg_events::dis::{DisEvent, DisRecord};
///
/// let event = DisEvent::new(
///     "dis-swtest",
///     "shardId-0000000000",
///     [DisRecord::from_bytes(0, "welcome"), DisRecord::from_bytes(1, "using")],
/// )
/// .with_tag("latest");
/// assert_eq!(event.len(), 2);
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["Message"]["records"][1]["data"], "dXNpbmc=");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisEvent {
    /// `ShardID`: the partition the records come from, e.g. `shardId-0000000000`.
    #[serde(rename = "ShardID")]
    pub shard_id: String,
    /// `Message`: the records and the read position.
    pub message: DisMessage,
    /// `Tag`: documented as the stream tag, though the sample's `latest` looks like the function
    /// version or alias (docs/PLATFORM.md §12 item 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// `StreamName`: the DIS stream the trigger reads.
    pub stream_name: String,
}

/// The `Message` of a [`DisEvent`]: the records, shaped like a DIS `GetRecords` reply
/// (docs/PLATFORM.md §10.5).
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct DisMessage {
    /// `next_partition_cursor`: the DIS cursor after this batch. Opaque: its encoding differs
    /// between DIS versions and it expires after 5 minutes (docs/PLATFORM.md §10.5), so do not
    /// checkpoint on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_partition_cursor: Option<String>,
    /// `records`: the batch, in ascending sequence number in the samples. May be empty.
    pub records: Vec<DisRecord>,
    /// `millis_behind_latest`: the sample sends `""`, the SDK docs say it is reserved and returns
    /// 0 (docs/PLATFORM.md §12 item 4). A JSON number is kept as its decimal text.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub millis_behind_latest: Option<String>,
}

impl DisEvent {
    /// An event with the given stream, shard and records, and no tag or cursor.
    pub fn new(
        stream_name: impl Into<String>,
        shard_id: impl Into<String>,
        records: impl IntoIterator<Item = DisRecord>,
    ) -> Self {
        Self {
            shard_id: shard_id.into(),
            message: DisMessage {
                records: records.into_iter().collect(),
                ..DisMessage::default()
            },
            tag: None,
            stream_name: stream_name.into(),
        }
    }

    /// Sets `Tag`.
    #[must_use]
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Sets `Message.next_partition_cursor`.
    #[must_use]
    pub fn with_next_partition_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.message.next_partition_cursor = Some(cursor.into());
        self
    }

    /// The records, in the order the platform sent them.
    pub fn records(&self) -> std::slice::Iter<'_, DisRecord> {
        self.message.records.iter()
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.message.records.len()
    }

    /// Whether the batch holds no records.
    pub fn is_empty(&self) -> bool {
        self.message.records.is_empty()
    }

    /// The DIS stream the records come from.
    pub fn stream_name(&self) -> &str {
        &self.stream_name
    }

    /// The partition (shard) the records come from.
    pub fn shard_id(&self) -> &str {
        &self.shard_id
    }

    /// `Tag`, if sent.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The opaque DIS cursor after this batch, if sent (see [`DisMessage::next_partition_cursor`]).
    pub fn next_partition_cursor(&self) -> Option<&str> {
        self.message.next_partition_cursor.as_deref()
    }

    /// `millis_behind_latest` as a number; `None` when missing, `null`, `""` (as in the sample)
    /// or not a decimal number.
    pub fn millis_behind_latest(&self) -> Option<u64> {
        self.message.millis_behind_latest.as_deref()?.parse().ok()
    }
}

impl IntoIterator for DisEvent {
    type Item = DisRecord;
    type IntoIter = std::vec::IntoIter<DisRecord>;

    /// Consumes the event, yielding its records.
    fn into_iter(self) -> Self::IntoIter {
        self.message.records.into_iter()
    }
}

impl<'a> IntoIterator for &'a DisEvent {
    type Item = &'a DisRecord;
    type IntoIter = std::slice::Iter<'a, DisRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
