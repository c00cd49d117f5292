//! How the DIS trigger would deliver the records: each record goes to a shard by partition key
//! and gets the shard's next sequence number; each shard's records are cut into batches of at
//! most `batch_size` records and `max_bytes` bytes, and each batch becomes one event of one
//! shard (docs/PLATFORM.md §9.1, §10.2, §10.3).

use std::collections::VecDeque;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use fg_events::dis::{DisEvent, DisRecord};

use super::input::Input;

/// The limits of one batch (the trigger's `batch_size` and `max_fetch_bytes`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) records: usize,
    pub(crate) bytes: u64,
}

/// Records of one shard, delivered in one invocation.
#[derive(Debug)]
pub(crate) struct Batch {
    pub(crate) shard_id: String,
    /// Sequence numbers of the first and last record.
    pub(crate) first: u64,
    pub(crate) last: u64,
    pub(crate) records: Vec<DisRecord>,
}

/// A record larger than `max_fetch_bytes`: the trigger does not fetch it (docs/PLATFORM.md §10.2).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Oversized {
    pub(crate) shard_id: String,
    pub(crate) sequence: u64,
    pub(crate) bytes: usize,
}

/// Every batch, in delivery order, and the records that cannot be delivered.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) batches: Vec<Batch>,
    pub(crate) oversized: Vec<Oversized>,
}

/// `shardId-0000000003`, the platform's spelling (docs/PLATFORM.md §9.1).
pub(crate) fn shard_id(index: usize) -> String {
    format!("shardId-{index:010}")
}

/// Plans the delivery of `inputs` over `shards` shards. `now_ms` stamps the records' write time.
pub(crate) fn plan(inputs: Vec<Input>, shards: usize, limits: Limits, now_ms: i64) -> Plan {
    let shards = shards.max(1);
    let mut per_shard: Vec<Vec<(u64, Input)>> = (0..shards).map(|_| Vec::new()).collect();
    for input in inputs {
        let shard = &mut per_shard[shard_of(&input.partition_key, shards)];
        let sequence = shard.len() as u64;
        shard.push((sequence, input));
    }
    let mut oversized = Vec::new();
    let mut queues: Vec<VecDeque<Batch>> = Vec::new();
    for (index, records) in per_shard.into_iter().enumerate() {
        let id = shard_id(index);
        let mut queue = VecDeque::new();
        let mut current: Option<(Batch, u64)> = None;
        for (sequence, input) in records {
            let size = input.data.len() as u64;
            if size > limits.bytes {
                oversized.push(Oversized {
                    shard_id: id.clone(),
                    sequence,
                    bytes: input.data.len(),
                });
                continue;
            }
            if let Some((batch, bytes)) = &current
                && (batch.records.len() >= limits.records || bytes + size > limits.bytes)
            {
                queue.extend(current.take().map(|(batch, _)| batch));
            }
            let (batch, bytes) = current.get_or_insert_with(|| {
                (
                    Batch {
                        shard_id: id.clone(),
                        first: sequence,
                        last: sequence,
                        records: Vec::new(),
                    },
                    0,
                )
            });
            batch.last = sequence;
            *bytes += size;
            batch.records.push(
                DisRecord::from_bytes(sequence, &input.data)
                    .with_partition_key(input.partition_key)
                    .with_timestamp(now_ms)
                    .with_timestamp_type("CreateTime"),
            );
        }
        queue.extend(current.map(|(batch, _)| batch));
        queues.push(queue);
    }
    // Shards are read side by side: one batch of each in turn, each shard's in order.
    let mut batches = Vec::new();
    while queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            batches.extend(queue.pop_front());
        }
    }
    Plan { batches, oversized }
}

impl Batch {
    /// The trigger's event for this batch: `ShardID`, the records, `Tag`, `StreamName`, and a
    /// `next_partition_cursor` shaped like the platform's (unpadded base64 of the DIS
    /// iterator, docs/PLATFORM.md §10.5).
    pub(crate) fn event(&self, stream: &str, now_ms: i64) -> Vec<u8> {
        let iterator = serde_json::json!({
            "getIteratorParam": {
                "stream-name": stream,
                "partition-id": self.shard_id,
                "cursor-type": "TRIM_HORIZON",
                "starting-sequence-number": (self.last + 1).to_string(),
            },
            "generateTimestamp": now_ms,
        });
        let mut event = DisEvent::new(stream, self.shard_id.clone(), self.records.clone())
            .with_tag("latest")
            .with_next_partition_cursor(STANDARD_NO_PAD.encode(iterator.to_string()));
        // The platform's sample sends an empty string (docs/PLATFORM.md §9.1).
        event.message.millis_behind_latest = Some(String::new());
        serde_json::to_vec(&event).expect("a DIS event serialises")
    }

    /// `shardId-0000000001 100-199`.
    pub(crate) fn range(&self) -> String {
        format!("{} {}-{}", self.shard_id, self.first, self.last)
    }
}

/// The shard a partition key goes to. DIS hashes keys onto shards with its own function; only
/// the grouping matters here (one key, one shard, in order), so a stable FNV-1a hash will do.
fn shard_of(key: &str, shards: usize) -> usize {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    usize::try_from(hash % shards as u64).expect("a shard index fits in usize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(count: usize, size: usize) -> Vec<Input> {
        (0..count)
            .map(|i| Input {
                data: vec![b'x'; size],
                partition_key: (i + 1).to_string(),
            })
            .collect()
    }

    const LIMITS: Limits = Limits {
        records: 100,
        bytes: 4 * 1024 * 1024,
    };

    #[test]
    fn batches_respect_the_record_limit_and_sequence_numbers_grow_per_shard() {
        let plan = plan(inputs(250, 10), 1, LIMITS, 0);
        let ranges: Vec<_> = plan.batches.iter().map(Batch::range).collect();
        assert_eq!(
            ranges,
            [
                "shardId-0000000000 0-99",
                "shardId-0000000000 100-199",
                "shardId-0000000000 200-249"
            ]
        );
    }

    #[test]
    fn batches_respect_the_byte_limit_and_oversized_records_are_listed() {
        let mut records = inputs(5, 400);
        records[2].data = vec![b'y'; 2000];
        let limits = Limits {
            records: 100,
            bytes: 1000,
        };
        let plan = plan(records, 1, limits, 0);
        let ranges: Vec<_> = plan.batches.iter().map(Batch::range).collect();
        assert_eq!(ranges, ["shardId-0000000000 0-1", "shardId-0000000000 3-4"]);
        assert_eq!(
            plan.oversized,
            [Oversized {
                shard_id: "shardId-0000000000".into(),
                sequence: 2,
                bytes: 2000
            }]
        );
    }

    #[test]
    fn every_record_lands_once_and_shards_alternate() {
        let plan = plan(inputs(1000, 10), 3, LIMITS, 0);
        let total: usize = plan.batches.iter().map(|b| b.records.len()).sum();
        assert_eq!(total, 1000);
        assert_eq!(plan.batches[0].shard_id, shard_id(0));
        assert_eq!(plan.batches[1].shard_id, shard_id(1));
        assert_eq!(plan.batches[2].shard_id, shard_id(2));
        for shard in 0..3 {
            let mut next = 0;
            for batch in plan
                .batches
                .iter()
                .filter(|b| b.shard_id == shard_id(shard))
            {
                assert_eq!(batch.first, next);
                next = batch.last + 1;
            }
        }
    }

    #[test]
    fn the_event_reads_back_as_the_platform_shapes_it() {
        let plan = plan(inputs(3, 4), 1, LIMITS, 1_509_606_392_191);
        let event: DisEvent =
            serde_json::from_slice(&plan.batches[0].event("clicks", 1_509_606_392_191)).unwrap();
        assert_eq!(event.stream_name(), "clicks");
        assert_eq!(event.shard_id(), "shardId-0000000000");
        assert_eq!(event.tag(), Some("latest"));
        assert_eq!(event.len(), 3);
        let last = event.records().last().unwrap();
        assert_eq!(last.sequence_number().to_string(), "2");
        assert_eq!(last.partition_key(), Some("3"));
        assert_eq!(last.data().unwrap(), b"xxxx");
        let cursor = STANDARD_NO_PAD
            .decode(event.next_partition_cursor().unwrap())
            .unwrap();
        let cursor: serde_json::Value = serde_json::from_slice(&cursor).unwrap();
        assert_eq!(cursor["getIteratorParam"]["starting-sequence-number"], "3");
    }
}
