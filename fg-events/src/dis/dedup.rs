//! Skipping records the platform delivers twice, within one function instance.
//!
//! DIS batches reach the function asynchronously and the platform retries failed asynchronous
//! invocations (docs/PLATFORM.md §10.4): a batch whose invocation failed or timed out can arrive
//! again, so processing must be idempotent. The natural key of a record is its stream, shard and
//! sequence number ([`RecordKey`]). [`SeenRecords`] remembers a bounded number of keys in memory.
//!
//! It only helps within **one instance** of the function: the platform may run several instances
//! at once, and restarts them, and each has its own memory. For exactly-once effects across
//! instances, make the write itself idempotent (an upsert keyed by [`RecordKey`]) or record the
//! keys in an external store with a conditional insert (a database unique key, a cache's
//! set-if-absent), in the same transaction as the effect where the store allows it.
//!
//! ```
//! use std::sync::{LazyLock, Mutex};
//!
//! use fg_events::dis::dedup::{RecordKey, SeenRecords};
//! use fg_events::dis::{DisEvent, DisRecord};
//!
//! // One set per instance, shared by every invocation it serves.
//! static SEEN: LazyLock<Mutex<SeenRecords>> =
//!     LazyLock::new(|| Mutex::new(SeenRecords::new(100_000)));
//!
//! fn handle(event: &DisEvent, store: &mut Vec<Vec<u8>>) -> Result<usize, fg_events::dis::DataError> {
//!     let mut written = 0;
//!     for record in event.records() {
//!         let key = RecordKey::new(event, record);
//!         // A poisoned lock only means another invocation panicked: the set is still usable.
//!         let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
//!         if key.as_ref().is_some_and(|key| seen.contains(key)) {
//!             continue; // delivered before, and processed successfully
//!         }
//!         drop(seen);
//!         store.push(record.data()?);
//!         written += 1;
//!         // Remember it only once its effect is done, so a failed record is retried.
//!         if let Some(key) = key {
//!             SEEN.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
//!         }
//!     }
//!     Ok(written)
//! }
//!
//! let batch = DisEvent::new("clicks", "shardId-0000000000", [
//!     DisRecord::from_bytes(7, "a"),
//!     DisRecord::from_bytes(8, "b"),
//! ]);
//! let mut store = Vec::new();
//! assert_eq!(handle(&batch, &mut store)?, 2);
//! assert_eq!(handle(&batch, &mut store)?, 0, "the redelivered batch is skipped");
//! assert_eq!(store.len(), 2);
//! # Ok::<(), fg_events::dis::DataError>(())
//! ```

use std::collections::{HashSet, VecDeque};

use super::{DisEvent, DisRecord, SequenceNumber};

/// What identifies a DIS record: its stream, its shard (partition) and its sequence number,
/// which DIS assigns uniquely and in increasing order within a shard.
///
/// ```
/// use fg_events::dis::dedup::RecordKey;
/// use fg_events::dis::{DisEvent, DisRecord};
///
/// let event = DisEvent::new("clicks", "shardId-0000000003", [DisRecord::from_bytes(42, "x")]);
/// let key = RecordKey::new(&event, &event.message.records[0]).expect("has a sequence number");
/// assert_eq!(key.to_string(), "clicks/shardId-0000000003/42");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordKey {
    /// `StreamName` of the event.
    pub stream: String,
    /// `ShardID` of the event.
    pub shard: String,
    /// The record's `sequence_number`.
    pub sequence_number: SequenceNumber,
}

impl RecordKey {
    /// The key of `record`, one of `event`'s records; `None` when the record carries no
    /// sequence number, since such records cannot be told apart (treat them as always new:
    /// skipping one could lose data).
    pub fn new(event: &DisEvent, record: &DisRecord) -> Option<Self> {
        if record.sequence_number().is_empty() {
            return None;
        }
        Some(Self {
            stream: event.stream_name().to_owned(),
            shard: event.shard_id().to_owned(),
            sequence_number: record.sequence_number().clone(),
        })
    }
}

impl std::fmt::Display for RecordKey {
    /// `stream/shard/sequence_number`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.stream, self.shard, self.sequence_number)
    }
}

/// A bounded in-memory set of [`RecordKey`]s: once it holds `capacity` keys, inserting another
/// forgets the oldest one (first in, first out).
///
/// Size it to cover the redeliveries you expect: at least the records of the batches the
/// platform may send again (batch size × a few batches per shard × the shards one instance
/// serves). A key costs about 100 bytes plus the lengths of the stream and shard names.
///
/// It only deduplicates within one function instance; see the [module docs](self) for
/// deduplication across instances.
///
/// ```
/// use fg_events::dis::dedup::{RecordKey, SeenRecords};
/// use fg_events::dis::{DisEvent, DisRecord};
///
/// let event = DisEvent::new("s", "0", (0..3).map(|n| DisRecord::from_bytes(n, "x")));
/// let mut seen = SeenRecords::new(2);
/// assert_eq!(seen.unseen(&event).count(), 3);
/// seen.insert_all(&event);
/// assert_eq!(seen.len(), 2, "capacity 2: the oldest key was forgotten");
/// let unseen: Vec<_> = seen.unseen(&event).map(|r| r.sequence_number().to_string()).collect();
/// assert_eq!(unseen, ["0"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct SeenRecords {
    keys: HashSet<RecordKey>,
    order: VecDeque<RecordKey>,
    capacity: usize,
}

impl SeenRecords {
    /// An empty set that remembers at most `capacity` keys (a capacity of 0 remembers none).
    pub fn new(capacity: usize) -> Self {
        Self {
            keys: HashSet::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    /// Whether `key` was inserted and not yet forgotten.
    pub fn contains(&self, key: &RecordKey) -> bool {
        self.keys.contains(key)
    }

    /// Remembers `key`; returns `false` if it was already remembered (a duplicate). Forgets
    /// the oldest key when the set is full.
    pub fn insert(&mut self, key: RecordKey) -> bool {
        if self.keys.contains(&key) {
            return false;
        }
        if self.capacity == 0 {
            return true;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.keys.remove(&oldest);
        }
        self.keys.insert(key.clone());
        self.order.push_back(key);
        true
    }

    /// Whether `record` of `event` was seen (records without a sequence number never are).
    pub fn contains_record(&self, event: &DisEvent, record: &DisRecord) -> bool {
        RecordKey::new(event, record).is_some_and(|key| self.contains(&key))
    }

    /// The records of `event` not seen yet, in order: the ones to process.
    pub fn unseen<'a>(&'a self, event: &'a DisEvent) -> impl Iterator<Item = &'a DisRecord> + 'a {
        event
            .records()
            .filter(move |record| !self.contains_record(event, record))
    }

    /// Remembers every record of `event` that has a sequence number: call it once the whole
    /// batch has been processed successfully.
    pub fn insert_all(&mut self, event: &DisEvent) {
        for record in event.records() {
            if let Some(key) = RecordKey::new(event, record) {
                self.insert(key);
            }
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The most keys remembered at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Forgets every key.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(stream: &str, shard: &str, numbers: std::ops::Range<u64>) -> DisEvent {
        DisEvent::new(
            stream,
            shard,
            numbers.map(|n| DisRecord::from_bytes(n, "x")),
        )
    }

    fn key(stream: &str, shard: &str, n: u64) -> RecordKey {
        RecordKey {
            stream: stream.into(),
            shard: shard.into(),
            sequence_number: n.into(),
        }
    }

    #[test]
    fn a_redelivered_batch_is_all_seen() {
        let batch = event("s", "0", 0..100);
        let mut seen = SeenRecords::new(1000);
        assert_eq!(seen.unseen(&batch).count(), 100);
        seen.insert_all(&batch);
        assert_eq!(seen.unseen(&batch).count(), 0);
        let overlapping = event("s", "0", 90..110);
        let fresh: Vec<_> = seen
            .unseen(&overlapping)
            .map(|r| r.sequence_number().as_u64().unwrap())
            .collect();
        assert_eq!(fresh, (100..110).collect::<Vec<_>>());
    }

    #[test]
    fn stream_and_shard_are_part_of_the_key() {
        let mut seen = SeenRecords::new(10);
        seen.insert_all(&event("s", "0", 0..1));
        assert_eq!(seen.unseen(&event("s", "1", 0..1)).count(), 1);
        assert_eq!(seen.unseen(&event("t", "0", 0..1)).count(), 1);
        assert_eq!(seen.unseen(&event("s", "0", 0..1)).count(), 0);
    }

    #[test]
    fn a_number_and_its_text_are_the_same_key() {
        let from_number: DisEvent = serde_json::from_str(
            r#"{"ShardID":"0","StreamName":"s","Message":{"records":[{"sequence_number":5}]}}"#,
        )
        .unwrap();
        let mut seen = SeenRecords::new(10);
        seen.insert_all(&from_number);
        assert!(seen.contains(&key("s", "0", 5)));
    }

    #[test]
    fn records_without_a_sequence_number_are_never_skipped() {
        let event = DisEvent::new(
            "s",
            "0",
            [DisRecord::new("", "eA=="), DisRecord::new("", "eQ==")],
        );
        assert_eq!(RecordKey::new(&event, &event.message.records[0]), None);
        let mut seen = SeenRecords::new(10);
        seen.insert_all(&event);
        assert!(seen.is_empty());
        assert_eq!(seen.unseen(&event).count(), 2);
    }

    #[test]
    fn insert_says_whether_the_key_is_new() {
        let mut seen = SeenRecords::new(10);
        assert!(seen.insert(key("s", "0", 1)));
        assert!(!seen.insert(key("s", "0", 1)));
        assert_eq!(seen.len(), 1);
    }

    #[test]
    fn capacity_bounds_memory_and_forgets_the_oldest_first() {
        let mut seen = SeenRecords::new(3);
        for n in 0..1000 {
            seen.insert(key("s", "0", n));
            assert!(seen.len() <= 3);
        }
        assert_eq!(seen.order.len(), 3);
        assert!(!seen.contains(&key("s", "0", 996)));
        for n in 997..1000 {
            assert!(seen.contains(&key("s", "0", n)));
        }
        // A duplicate does not refresh or grow anything.
        assert!(!seen.insert(key("s", "0", 997)));
        assert_eq!((seen.len(), seen.order.len()), (3, 3));
    }

    #[test]
    fn zero_capacity_remembers_nothing() {
        let mut seen = SeenRecords::new(0);
        assert!(seen.insert(key("s", "0", 1)));
        assert!(seen.insert(key("s", "0", 1)));
        assert!(seen.is_empty());
        assert_eq!(seen.capacity(), 0);
    }

    #[test]
    fn clear_forgets_everything() {
        let mut seen = SeenRecords::new(3);
        seen.insert_all(&event("s", "0", 0..3));
        seen.clear();
        assert!(seen.is_empty());
        assert!(seen.insert(key("s", "0", 0)));
    }
}
