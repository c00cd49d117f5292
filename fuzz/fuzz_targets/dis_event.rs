//! `fg_events::dis`: any bytes either fail to parse or give a `DisEvent` whose accessors never
//! panic, whose decoders agree with each other, and that serialises back to an equal event.
#![no_main]

use fg_events::dis::DisEvent;
use fg_events::dis::dedup::{RecordKey, SeenRecords};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(event) = serde_json::from_slice::<DisEvent>(data) else {
        return;
    };
    let _ = (event.stream_name(), event.shard_id(), event.tag());
    let _ = (event.next_partition_cursor(), event.millis_behind_latest());
    assert_eq!(event.len(), event.records().count());
    assert_eq!(event.is_empty(), event.records().next().is_none());

    let mut buf = Vec::new();
    let mut seen = SeenRecords::new(4);
    for record in event.records() {
        let decoded = record.data();
        let into = record.data_into(&mut buf).map(<[u8]>::to_vec);
        assert_eq!(decoded.as_ref().ok(), into.as_ref().ok());
        let text = record.text();
        match &decoded {
            Ok(bytes) => assert_eq!(text.is_ok(), std::str::from_utf8(bytes).is_ok()),
            Err(e) => {
                assert!(text.is_err());
                // The error names the record.
                assert!(e.to_string().starts_with("DIS record"), "{e}");
            }
        }
        let _ = record.json::<serde_json::Value>();
        let number = record.sequence_number();
        assert_eq!(number.to_string(), number.as_str());
        let _ = (number.as_u64(), record.partition_key(), record.raw_data());
        let _ = (record.timestamp(), record.timestamp_type());
        match RecordKey::new(&event, record) {
            Some(key) => {
                seen.insert(key.clone());
                assert!(seen.contains(&key));
            }
            None => assert!(number.is_empty()),
        }
        assert!(seen.len() <= 4);
    }

    let json = serde_json::to_vec(&event).expect("a parsed event serialises");
    let again: DisEvent = serde_json::from_slice(&json).expect("and parses back");
    assert_eq!(again, event);
});
