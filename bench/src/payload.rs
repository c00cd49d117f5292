//! The three DIS events of the suite, generated deterministically: S = 4 records of 8–11 bytes in
//! the shape of the platform's sample, compact (729 bytes), M = 100 records of 1 KiB, L = 4000
//! records of 1 KiB (5.5 MiB, near the platform's 6 MB request limit).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::Summary;

/// The sample's cursor (docs/PLATFORM.md §10.5), kept so that S has the sample's shape and size.
const CURSOR: &str = "eyJnZXRJdGVyYXRvclBhcmFtIjp7InN0cmVhbS1uYW1lIjoiZGlzLXN3dGVzdCIsInBhcnRpdGlvbi1pZCI6InNoYXJkSWQtMDAwMDAwMDAwMCIsImN1cnNvci10eXBlIjoiVFJJTV9IT1JJWk9OIiwic3RhcnRpbmctc2VxdWVuY2UtbnVtYmVyIjoiNCJ9LCJnZW5lcmF0ZVRpbWVzdGFtcCI6MTUwOTYwNjM5MjE5MX0";

/// A payload size of the suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Size {
    /// 4 records of 8–11 bytes.
    S,
    /// 100 records of 1 KiB.
    M,
    /// 4000 records of 1 KiB.
    L,
}

impl Size {
    /// All sizes, smallest first.
    pub const ALL: [Size; 3] = [Size::S, Size::M, Size::L];

    /// `S`, `M` or `L`.
    pub fn name(self) -> &'static str {
        match self {
            Size::S => "S",
            Size::M => "M",
            Size::L => "L",
        }
    }
}

/// A generated event and the answer it must get.
#[derive(Clone, Debug)]
pub struct Payload {
    /// Which payload.
    pub size: Size,
    /// The event JSON, compact, as the platform would send it.
    pub body: Vec<u8>,
    /// The summary every function must answer.
    pub summary: Summary,
}

/// Generates a payload; the same size always gives the same bytes.
pub fn generate(size: Size) -> Payload {
    let records: Vec<Vec<u8>> = match size {
        Size::S => ["record-0", "record-01", "record-012", "record-0123"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect(),
        Size::M => (0..100).map(|i| random_bytes(i, 1024)).collect(),
        Size::L => (0..4000).map(|i| random_bytes(i, 1024)).collect(),
    };
    let mut body = String::with_capacity(records.len() * 1450 + 512);
    body.push_str(r#"{"ShardID":"shardId-0000000000","Message":{"next_partition_cursor":""#);
    body.push_str(CURSOR);
    body.push_str(r#"","records":["#);
    for (i, data) in records.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(r#"{"partition_key":"shardId_0000000000","data":""#);
        STANDARD.encode_string(data, &mut body);
        body.push_str(r#"","sequence_number":""#);
        body.push_str(&i.to_string());
        body.push_str(r#""}"#);
    }
    body.push_str(r#"],"millis_behind_latest":""},"Tag":"latest","StreamName":"dis-swtest"}"#);
    Payload {
        size,
        body: body.into_bytes(),
        summary: Summary {
            records: records.len(),
            bytes: records.iter().map(Vec::len).sum(),
        },
    }
}

/// `len` pseudo-random bytes (xorshift64*), seeded by the record index.
fn random_bytes(index: u64, len: usize) -> Vec<u8> {
    let mut state =
        0x9E37_79B9_7F4A_7C15u64 ^ (index.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let word = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::dis::DisEvent;

    #[test]
    fn payloads_parse_as_dis_events_and_match_their_summaries() {
        for size in Size::ALL {
            let payload = generate(size);
            let event: DisEvent = serde_json::from_slice(&payload.body).unwrap();
            let bytes: usize = event.records().map(|r| r.data().unwrap().len()).sum();
            assert_eq!(event.len(), payload.summary.records);
            assert_eq!(bytes, payload.summary.bytes);
            assert_eq!(generate(size).body, payload.body, "deterministic");
        }
    }

    #[test]
    fn sizes_are_as_documented() {
        let s = generate(Size::S);
        assert_eq!(s.summary.records, 4);
        assert!((600..800).contains(&s.body.len()), "{}", s.body.len());
        let l = generate(Size::L).body.len();
        // About 5.5 MiB, under the platform's 6 MB limit.
        assert!((5_600_000..6_000_000).contains(&l), "{l}");
    }
}
