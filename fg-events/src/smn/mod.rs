//! SMN (Simple Message Notification) trigger events: the messages published to a topic the
//! function subscribes to.
//!
//! The platform invokes the function asynchronously with an [`SmnEvent`], whose `record` array
//! (singular key, docs/PLATFORM.md §9.2) holds one [`SmnRecord`] per message. The message text is
//! kept as sent and parsed only on request, by [`SmnRecord::message_json`], because publishers
//! that send JSON deliver it as a string inside the event. Parsing is lenient where the sources
//! disagree (`message_attributes`, docs/PLATFORM.md §12 item 10) and strict only where it tells an
//! SMN event from another trigger's: `record` and each record's `smn` object are required.
//!
//! ```
//! use fg_events::smn::SmnEvent;
//!
//! #[derive(serde::Deserialize)]
//! struct Order { id: u32 }
//!
//! let event: SmnEvent = serde_json::from_str(r#"{"record": [{
//!     "event_version": "1.0",
//!     "smn": {
//!         "topic_urn": "urn:smn:eu-de:87b7:orders",
//!         "timestamp": "2018-01-09T07:11:40Z",
//!         "message_attributes": "None",
//!         "message": "{\"id\": 7}",
//!         "type": "notification",
//!         "message_id": "9fcb1bc702734884951c2ba2c7d9c23c",
//!         "subject": "new order"
//!     },
//!     "event_subscription_urn": "urn:fss:eu-de:87b7:function:default:orders:latest",
//!     "event_source": "smn"
//! }]}"#)?;
//!
//! for record in &event {
//!     assert_eq!(record.subject(), "new order");
//!     assert_eq!(record.message_attributes(), None); // "None", null and missing alike
//!     assert_eq!(record.message_json::<Order>()?.id, 7);
//! }
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Delivery is asynchronous and may be retried (docs/PLATFORM.md §9, "Invocation mode per
//! trigger"), so expect duplicates: deduplicate on [`SmnRecord::message_id`].

mod record;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::record::{SmnMessage, SmnRecord};

/// The event an SMN trigger delivers: the notifications in `record`.
///
/// Keys at the top level other than `record` are ignored: the Python runtime's sample adds
/// `functionname`, `requestId` and a JavaScript-style `timestamp` (docs/PLATFORM.md §9.2) that no
/// other source shows.
///
/// Build one in tests with [`SmnEvent::new`]:
///
/// ```
/// use fg_events::smn::{SmnEvent, SmnRecord};
///
/// let event = SmnEvent::new([
///     SmnRecord::new("urn:smn:eu-de:87b7:orders", "hello").with_subject("greeting"),
/// ]);
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["record"][0]["smn"]["message"], "hello");
/// assert_eq!(json["record"][0]["smn"]["type"], "notification");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct SmnEvent {
    /// `record`: the notifications. The key is singular although it holds an array
    /// (docs/PLATFORM.md §9.2).
    pub record: Vec<SmnRecord>,
}

impl SmnEvent {
    /// An event holding the given records.
    pub fn new(records: impl IntoIterator<Item = SmnRecord>) -> Self {
        Self {
            record: records.into_iter().collect(),
        }
    }

    /// The records, in the order the platform sent them.
    pub fn records(&self) -> std::slice::Iter<'_, SmnRecord> {
        self.record.iter()
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// Whether the event holds no records.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

impl IntoIterator for SmnEvent {
    type Item = SmnRecord;
    type IntoIter = std::vec::IntoIter<SmnRecord>;

    /// Consumes the event, yielding its records.
    fn into_iter(self) -> Self::IntoIter {
        self.record.into_iter()
    }
}

impl<'a> IntoIterator for &'a SmnEvent {
    type Item = &'a SmnRecord;
    type IntoIter = std::slice::Iter<'a, SmnRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
