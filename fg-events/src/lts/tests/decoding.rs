//! Per-fixture decoding checks, the errors of each layer, and events built in code.

use std::error::Error;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;

use super::{fixture, parse};
use crate::encoding::Base64Text;
use crate::lts::{LtsError, LtsEvent, LtsLogEntry, LtsLogs};

fn documented_entry() -> LtsLogEntry {
    LtsLogEntry {
        message: "2018-08-08/08:08:08 [WRN] [test.go:08]This is a test message.".to_owned(),
        time: Some(1_530_009_653_059),
        host_name: Some("ecs-test".to_owned()),
        ip: Some("192.168.1.1".to_owned()),
        path: Some("var/log/test.log".to_owned()),
        log_uid: Some("663d6930-792d-11e8-8b08-286ed488ce70".to_owned()),
        line_no: Some(1),
        other: serde_json::Map::new(),
    }
}

fn documented_logs() -> LtsLogs {
    LtsLogs {
        logs: vec![documented_entry()],
        owner: Some("6280e170bd934f60a4d851cf5ca05129".to_owned()),
        log_group_id: Some("97a9d284-4448-11e8-8fa4-286ed488ce70".to_owned()),
        log_topic_id: Some("1a9675a7-784d-11e8-9f70-286ed488ce70".to_owned()),
    }
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("lts/documented-sample"));
    assert!(
        event
            .raw_data()
            .starts_with("eyJsb2dzIjoiW3tcIm1lc3NhZ2VcIjpc")
    );
    assert!(
        event
            .text()
            .unwrap()
            .starts_with(r#"{"logs":"[{\"message\""#)
    );
    assert_eq!(event.decode().unwrap(), documented_logs());
    let entries = event.logs().unwrap();
    assert_eq!(
        entries[0].timestamp(),
        Some(UNIX_EPOCH + Duration::from_millis(1_530_009_653_059))
    );
}

#[test]
fn the_documented_sample_is_rebuilt_byte_for_byte() {
    let built = LtsEvent::from_logs(&documented_logs()).unwrap();
    assert_eq!(built, parse(fixture!("lts/documented-sample")));
}

#[test]
fn logs_as_array_and_unpadded_base64_decode_the_same() {
    for event in [
        parse(fixture!("lts/logs-as-array")),
        parse(fixture!("lts/unpadded-base64")),
    ] {
        assert_eq!(event.decode().unwrap(), documented_logs());
    }
}

#[test]
fn several_entries() {
    let entries = parse(fixture!("lts/several-entries")).logs().unwrap();
    let lines: Vec<(Option<&str>, Option<i64>)> = entries
        .iter()
        .map(|e| (e.host_name.as_deref(), e.line_no))
        .collect();
    assert_eq!(
        lines,
        [
            (Some("ecs-test"), Some(1)),
            (Some("ecs-test"), Some(2)),
            (Some("ecs-test-2"), Some(40))
        ]
    );
    assert!(entries[2].message.ends_with("ümlaut ok"));
}

#[test]
fn extra_fields_are_kept_and_string_numbers_accepted() {
    let entries = parse(fixture!("lts/entry-extra-fields-and-string-numbers"))
        .logs()
        .unwrap();
    let entry = &entries[0];
    assert_eq!(
        (entry.time, entry.line_no),
        (Some(1_530_009_653_059), Some(7))
    );
    assert_eq!(entry.other["labels"], json!({"env": "prod"}));
    assert_eq!(entry.other["category"], "LTS");
    assert_eq!(entry.other.len(), 3);
    assert_eq!(entry.ip, None);
}

#[test]
fn empty_logs() {
    let logs = parse(fixture!("lts/empty-logs")).decode().unwrap();
    assert!(logs.logs.is_empty());
    assert_eq!(logs.owner, documented_logs().owner);
}

#[test]
fn each_layer_fails_with_its_own_error() {
    let err = parse(fixture!("lts/invalid-base64")).decode().unwrap_err();
    assert!(matches!(err, LtsError::Base64(_)));
    assert_eq!(
        err.to_string(),
        "LTS data is not valid base64: Invalid symbol 36, offset 16."
    );

    let err = parse(fixture!("lts/data-not-utf8")).decode().unwrap_err();
    assert!(matches!(err, LtsError::Utf8(_)));
    assert!(
        err.to_string().starts_with("LTS data is not valid UTF-8: "),
        "{err}"
    );

    let err = parse(fixture!("lts/data-not-json")).decode().unwrap_err();
    assert!(matches!(err, LtsError::Json(_)));
    assert!(
        err.to_string()
            .starts_with("decoded LTS data is not the expected JSON: "),
        "{err}"
    );
    let text = parse(fixture!("lts/data-not-json")).text().unwrap();
    assert!(text.starts_with("2018-08-08/08:08:08 plain text"));

    let err = parse(fixture!("lts/split-fragment")).logs().unwrap_err();
    assert!(matches!(err, LtsError::Logs(_)));
    assert!(
        err.to_string()
            .starts_with("LTS `logs` is not a JSON array of log entries: "),
        "{err}"
    );
    assert!(err.source().is_none());
}

#[test]
fn outer_json_of_the_wrong_shape_is_a_json_error_and_bad_entries_a_logs_error() {
    let cases = [
        (r#"["not", "an", "object"]"#, "Json"),
        (r#"{"logs": 5}"#, "Logs"),
        (r#"{"logs": "{\"message\": \"x\"}"}"#, "Logs"),
        (r#"{"logs": [{"message": 5}]}"#, "Logs"),
        (r#"{"owner": "o"}"#, "ok"),
        (r#"{"logs": null}"#, "ok"),
    ];
    for (decoded, expected) in cases {
        let result = LtsEvent::new(Base64Text::encode(decoded)).decode();
        let kind = match &result {
            Ok(_) => "ok",
            Err(LtsError::Json(_)) => "Json",
            Err(LtsError::Logs(_)) => "Logs",
            Err(e) => panic!("{decoded}: {e}"),
        };
        assert_eq!(kind, expected, "{decoded}: {result:?}");
    }
}

/// A handler body as users write it.
fn count(event: &LtsEvent) -> Result<usize, Box<dyn Error + Send + Sync>> {
    Ok(event.logs()?.len())
}

#[test]
fn lts_error_works_with_question_mark_into_boxed_errors() {
    assert_eq!(count(&parse(fixture!("lts/several-entries"))).unwrap(), 3);
    let err = count(&parse(fixture!("lts/invalid-base64"))).unwrap_err();
    assert!(err.downcast_ref::<LtsError>().is_some(), "{err}");
}

#[test]
fn defaults_and_builders() {
    assert_eq!(
        serde_json::to_value(LtsEvent::default()).unwrap(),
        json!({"lts": {"data": ""}})
    );
    assert!(matches!(
        LtsEvent::default().decode(),
        Err(LtsError::Json(_))
    ));
    let logs = LtsLogs::default();
    assert_eq!(serde_json::to_value(&logs).unwrap(), json!({"logs": "[]"}));
    let entry = LtsLogEntry::new("m").with_time(-1000).with_host_name("h");
    assert_eq!(
        entry.timestamp(),
        UNIX_EPOCH.checked_sub(Duration::from_secs(1))
    );
    assert_eq!(LtsLogEntry::default().timestamp(), None);
    let event = LtsEvent::from_logs(&LtsLogs {
        logs: vec![entry.clone()],
        ..LtsLogs::default()
    })
    .unwrap();
    assert_eq!(event.logs().unwrap(), [entry]);
    assert_eq!(
        event.text().unwrap(),
        r#"{"logs":"[{\"message\":\"m\",\"time\":-1000,\"host_name\":\"h\"}]"}"#
    );
}
