//! OBS (Object Storage Service) trigger events: S3-style notifications of object changes in a
//! bucket.
//!
//! The platform invokes the function asynchronously with an [`ObsEvent`], shaped like an Amazon
//! S3 notification (docs/PLATFORM.md §9.3): `Records`, each an [`ObsRecord`] whose `s3` part names
//! the bucket and the object. Object keys arrive URL-encoded; [`ObsRecord::key`] decodes them and
//! [`ObsRecord::raw_key`] gives them as sent. Fields that some samples omit are optional; `Records`,
//! `s3`, `s3.bucket`, `s3.object` and `s3.object.key` are required, which tells an OBS event from
//! another trigger's.
//!
//! ```
//! use fg_events::obs::ObsEvent;
//!
//! let event: ObsEvent = serde_json::from_str(r#"{"Records": [{
//!     "eventVersion": "2.0",
//!     "eventSource": "aws:s3",
//!     "awsRegion": "eu-de",
//!     "eventTime": "2024-12-02T09:49:37.939Z",
//!     "eventName": "ObjectCreated:Put",
//!     "userIdentity": {"principalId": "00a4"},
//!     "s3": {
//!         "bucket": {"name": "photos", "ownerIdentity": {"PrincipalId": "65b4"}},
//!         "object": {"key": "2024%2Fmy+cat.png", "size": 5, "versionId": "null"}
//!     }
//! }]}"#)?;
//!
//! for record in &event {
//!     assert!(record.is_object_created());
//!     assert_eq!(record.bucket_name(), "photos");
//!     assert_eq!(record.key(), "2024/my cat.png");
//!     assert_eq!(record.raw_key(), "2024%2Fmy+cat.png");
//!     assert_eq!(record.size(), Some(5));
//!     assert_eq!(record.version_id(), None); // "null": the bucket is not versioned
//! }
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Event names come **without** the `s3:` prefix that the trigger configuration uses
//! (`ObjectCreated:Put` here, `s3:ObjectCreated:Put` there; docs/PLATFORM.md §9.3). Delivery is
//! asynchronous and may be retried, so expect duplicates: deduplicate on bucket, key and
//! `sequencer`.

mod object;
mod record;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::object::{ObsBucket, ObsObject, ObsOwnerIdentity, ObsS3};
pub use self::record::{ObsRecord, ObsRequestParameters, ObsResponseElements, ObsUserIdentity};

/// The event an OBS trigger delivers: one or more object notifications.
///
/// Build one in tests with [`ObsEvent::new`]:
///
/// ```
/// use fg_events::obs::{ObsEvent, ObsRecord};
///
/// let event = ObsEvent::new([
///     ObsRecord::new("ObjectCreated:Put", "photos", "2024/my cat.png").with_size(5),
/// ]);
/// let json = serde_json::to_value(&event)?;
/// assert_eq!(json["Records"][0]["s3"]["object"]["key"], "2024%2Fmy+cat.png");
/// assert_eq!(event.records().next().unwrap().key(), "2024/my cat.png");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct ObsEvent {
    /// `Records` (capitalised, as in S3): the notifications.
    #[serde(rename = "Records")]
    pub records: Vec<ObsRecord>,
}

impl ObsEvent {
    /// An event holding the given records.
    pub fn new(records: impl IntoIterator<Item = ObsRecord>) -> Self {
        Self {
            records: records.into_iter().collect(),
        }
    }

    /// The records, in the order the platform sent them.
    pub fn records(&self) -> std::slice::Iter<'_, ObsRecord> {
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

impl IntoIterator for ObsEvent {
    type Item = ObsRecord;
    type IntoIter = std::vec::IntoIter<ObsRecord>;

    /// Consumes the event, yielding its records.
    fn into_iter(self) -> Self::IntoIter {
        self.records.into_iter()
    }
}

impl<'a> IntoIterator for &'a ObsEvent {
    type Item = &'a ObsRecord;
    type IntoIter = std::slice::Iter<'a, ObsRecord>;

    fn into_iter(self) -> Self::IntoIter {
        self.records()
    }
}
