//! Events built in code, as tests of user handlers build them.

use serde_json::json;

use super::{SAMPLE_CURSOR, fixture, parse};
use crate::dis::{DisEvent, DisMessage, DisRecord, PartitionKey, SequenceNumber};
use crate::encoding::Base64Text;

#[test]
fn defaults_are_empty_and_serialise_only_required_keys() {
    assert_eq!(DisRecord::default().data().unwrap(), b"");
    assert_eq!(DisMessage::default().records, []);
    assert!(SequenceNumber::default().is_empty());
    assert!(Base64Text::default().is_empty());
    let event = DisEvent::default();
    assert!(event.is_empty());
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"ShardID": "", "Message": {"records": []}, "StreamName": ""})
    );
}

#[test]
fn a_built_event_serialises_to_the_platform_shape() {
    let event = DisEvent::new(
        "orders",
        "shardId-0000000002",
        [
            DisRecord::from_bytes(10, "welcome").with_partition_key("p1"),
            DisRecord::from_bytes(11u64, "using")
                .with_timestamp(1_509_606_392_191)
                .with_timestamp_type("CreateTime"),
        ],
    )
    .with_tag("latest")
    .with_next_partition_cursor("opaque");
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({
            "ShardID": "shardId-0000000002",
            "Message": {
                "next_partition_cursor": "opaque",
                "records": [
                    {"partition_key": "p1", "data": "d2VsY29tZQ==", "sequence_number": "10"},
                    {
                        "data": "dXNpbmc=",
                        "sequence_number": "11",
                        "timestamp": 1_509_606_392_191_i64,
                        "timestamp_type": "CreateTime"
                    }
                ]
            },
            "Tag": "latest",
            "StreamName": "orders"
        })
    );
}

#[test]
fn the_documented_sample_can_be_built_in_code() {
    let records = ["welcome", "using", "FunctionStage", "service"]
        .into_iter()
        .zip(0u64..)
        .map(|(text, n)| DisRecord::from_bytes(n, text).with_partition_key("shardId_0000000000"));
    let mut built = DisEvent::new("dis-swtest", "shardId-0000000000", records)
        .with_tag("latest")
        .with_next_partition_cursor(SAMPLE_CURSOR);
    built.message.millis_behind_latest = Some(String::new());
    assert_eq!(built, parse(fixture!("dis/documented-sample")));
}

#[test]
fn records_iterate_by_reference_and_by_value() {
    let event = DisEvent::new(
        "s",
        "shardId-0",
        [DisRecord::from_bytes("5", "a"), DisRecord::new(6, "Yg")],
    );
    let by_ref: Vec<&str> = (&event).into_iter().map(DisRecord::raw_data).collect();
    assert_eq!(by_ref, ["YQ==", "Yg"]);
    let by_value: Vec<SequenceNumber> = event.into_iter().map(|r| r.sequence_number).collect();
    assert_eq!(
        by_value,
        [SequenceNumber::from(5), SequenceNumber::new("6")]
    );
    assert_eq!(by_value[0], 5);
    assert_eq!(by_value[1], "6");
}

#[test]
fn partition_keys_read_and_compare_like_strings() {
    let record = DisRecord::from_bytes(1, "x").with_partition_key(String::from("user-42"));
    assert_eq!(record.partition_key(), Some("user-42"));
    let key = record.partition_key.clone().unwrap();
    assert_eq!(key, "user-42");
    assert_eq!(key, String::from("user-42"));
    assert_eq!((&*key, key.as_str()), ("user-42", "user-42"));
    assert_eq!(key.to_string(), "user-42");
    assert_eq!(String::from(key.clone()), "user-42");
    assert_eq!(key, PartitionKey::new("user-42"));
    assert!(PartitionKey::default().is_empty());

    // Longer than what is stored inline: kept whole all the same.
    let long = "k".repeat(100);
    let record: DisRecord =
        serde_json::from_value(json!({"partition_key": long, "data": "", "sequence_number": 1}))
            .unwrap();
    assert_eq!(record.partition_key(), Some(long.as_str()));
    assert_eq!(
        serde_json::to_value(&record).unwrap()["partition_key"],
        json!(long)
    );
    let err = serde_json::from_value::<DisRecord>(json!({"partition_key": 7})).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
}
