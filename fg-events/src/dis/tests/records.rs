//! Per-fixture accessor checks, and how record `data` decoding fails.

use std::error::Error;

use super::{SAMPLE_CURSOR, fixture, parse};
use crate::dis::{DataError, DataErrorKind, DisEvent, DisRecord};

fn texts(event: &DisEvent) -> Vec<String> {
    event.records().map(|r| r.text().unwrap()).collect()
}

fn sequence_numbers(event: &DisEvent) -> Vec<Option<u64>> {
    event
        .records()
        .map(|r| r.sequence_number().as_u64())
        .collect()
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("dis/documented-sample"));
    assert_eq!(event.stream_name(), "dis-swtest");
    assert_eq!(event.shard_id(), "shardId-0000000000");
    assert_eq!(event.tag(), Some("latest"));
    assert_eq!(event.next_partition_cursor(), Some(SAMPLE_CURSOR));
    assert_eq!(event.message.millis_behind_latest.as_deref(), Some(""));
    assert_eq!(event.millis_behind_latest(), None);
    assert_eq!(event.len(), 4);
    assert_eq!(
        texts(&event),
        ["welcome", "using", "FunctionStage", "service"]
    );
    assert_eq!(
        sequence_numbers(&event),
        [Some(0), Some(1), Some(2), Some(3)]
    );
    let first = event.records().next().unwrap();
    assert_eq!(first.partition_key(), Some("shardId_0000000000"));
    assert_eq!(first.raw_data(), "d2VsY29tZQ==");
    assert_eq!(first.sequence_number().to_string(), "0");
    assert_eq!((first.timestamp(), first.timestamp_type()), (None, None));
}

#[test]
fn sequence_number_as_number() {
    let event = parse(fixture!("dis/sequence-number-as-number"));
    assert_eq!(
        sequence_numbers(&event),
        [Some(0), Some(1), Some(9_223_372_036_854_775_807)]
    );
    let last = event.records().last().unwrap();
    assert_eq!(last.sequence_number().as_str(), "9223372036854775807");
    assert_eq!(texts(&event), ["welcome", "using", "service"]);
}

#[test]
fn millis_behind_latest_variants() {
    let number = parse(fixture!("dis/millis-behind-latest-number"));
    assert_eq!(number.millis_behind_latest(), Some(1234));
    assert_eq!(number.message.millis_behind_latest.as_deref(), Some("1234"));
    for event in [
        parse(fixture!("dis/millis-behind-latest-null")),
        parse(fixture!("dis/millis-behind-latest-missing")),
    ] {
        assert_eq!(event.message.millis_behind_latest, None);
        assert_eq!(texts(&event), ["welcome"]);
    }
}

#[test]
fn optional_fields_missing() {
    let event = parse(fixture!("dis/optional-fields-missing"));
    assert_eq!((event.tag(), event.next_partition_cursor()), (None, None));
    assert_eq!(event.shard_id(), "shardId-0000000003");
    assert!(event.records().all(|r| r.partition_key().is_none()));
    assert_eq!(sequence_numbers(&event), [Some(40), Some(41)]);
    assert_eq!(texts(&event), ["welcome", "using"]);
}

#[test]
fn with_timestamps() {
    let event = parse(fixture!("dis/with-timestamps"));
    let stamps: Vec<_> = event
        .records()
        .map(|r| (r.timestamp(), r.timestamp_type()))
        .collect();
    assert_eq!(
        stamps,
        [
            (Some(1_509_606_392_191), Some("CreateTime")),
            (Some(1_509_606_392_192), Some("CreateTime"))
        ]
    );
}

#[test]
fn unpadded_base64() {
    let event = parse(fixture!("dis/unpadded-base64"));
    assert_eq!(
        texts(&event),
        ["welcome", "using", "FunctionStage", "service"]
    );
    assert_eq!(event.records().next().unwrap().raw_data(), "d2VsY29tZQ");
}

#[test]
fn empty_records() {
    let event = parse(fixture!("dis/empty-records"));
    assert!(event.is_empty());
    assert_eq!(event.records().count(), 0);
    assert_eq!(event.stream_name(), "dis-swtest");
}

#[test]
fn unknown_fields_are_ignored() {
    let event = parse(fixture!("dis/unknown-fields"));
    assert_eq!(texts(&event), ["welcome"]);
    assert_eq!(event.tag(), Some("latest"));
}

#[test]
fn one_invalid_record_fails_alone_and_names_its_sequence_number() {
    let event = parse(fixture!("dis/invalid-base64-record"));
    let results: Vec<_> = event.records().map(DisRecord::data).collect();
    assert_eq!(results[0].as_deref().unwrap(), b"first");
    assert_eq!(results[2].as_deref().unwrap(), b"third");

    let Err(err) = &results[1] else {
        panic!("record 17 decoded")
    };
    assert_eq!(err.sequence_number().as_u64(), Some(17));
    assert!(matches!(err.kind(), DataErrorKind::Base64(_)));
    assert_eq!(
        err.to_string(),
        "DIS record 17: data is not valid base64: Invalid symbol 36, offset 3."
    );

    let bad = event.records().nth(1).unwrap();
    let mut buf = b"stale".to_vec();
    assert!(bad.data_into(&mut buf).is_err());
    assert!(buf.is_empty());
    assert!(
        bad.text()
            .unwrap_err()
            .to_string()
            .starts_with("DIS record 17: ")
    );
    assert!(bad.json::<serde_json::Value>().is_err());
}

/// Compiles only if `E` can go into `Box<dyn Error + Send + Sync>` and `anyhow::Error`.
fn assert_error<E: Error + Send + Sync + 'static>() {}

/// A handler body as users write it: `?` on each record's data.
fn total_len(event: &DisEvent) -> Result<usize, Box<dyn Error + Send + Sync>> {
    let mut total = 0;
    for record in event.records() {
        total += record.data()?.len();
    }
    Ok(total)
}

#[test]
fn data_error_works_with_question_mark_into_boxed_errors() {
    assert_error::<DataError>();
    let err = total_len(&parse(fixture!("dis/invalid-base64-record"))).unwrap_err();
    assert!(err.to_string().contains("DIS record 17"), "{err}");
    assert!(err.downcast_ref::<DataError>().is_some());
    assert_eq!(
        total_len(&parse(fixture!("dis/documented-sample"))).unwrap(),
        32
    );
}

#[test]
fn text_and_json_errors_name_the_record() {
    let not_utf8 = DisRecord::from_bytes(8, [0xff, 0xfe]);
    let err = not_utf8.text().unwrap_err();
    assert!(matches!(err.kind(), DataErrorKind::Utf8(_)));
    assert!(
        err.to_string()
            .starts_with("DIS record 8: data is not valid UTF-8: "),
        "{err}"
    );
    assert_eq!(
        not_utf8.data_str().unwrap_err().to_string(),
        err.to_string()
    );

    let not_json = DisRecord::from_bytes(9, "welcome");
    let err = not_json.json::<serde_json::Value>().unwrap_err();
    assert!(matches!(err.kind(), DataErrorKind::Json(_)));
    assert!(
        err.to_string()
            .starts_with("DIS record 9: data is not the expected JSON: "),
        "{err}"
    );

    let unnamed = DisRecord::new("", "!").data().unwrap_err();
    assert!(
        unnamed
            .to_string()
            .starts_with("DIS record without sequence number: "),
        "{unnamed}"
    );
}

#[test]
fn json_data_decodes_into_typed_values() {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Order {
        id: u32,
        item: String,
    }
    let order = Order {
        id: 7,
        item: "tea".to_owned(),
    };
    let record = DisRecord::from_json(3, &order).unwrap();
    assert_eq!(record.json::<Order>().unwrap(), order);
    assert_eq!(record.text().unwrap(), r#"{"id":7,"item":"tea"}"#);
}
