//! Per-fixture accessor checks.

use super::{fixture, parse};
use crate::obs::ObsRecord;

fn only_record(json: &str) -> ObsRecord {
    let event = parse(json);
    assert_eq!(event.len(), 1);
    event.into_iter().next().unwrap()
}

#[test]
fn go_sample() {
    let record = only_record(fixture!("obs/go-sample"));
    assert_eq!(record.event_version, "2.0");
    assert_eq!(record.event_source.as_deref(), Some("aws:s3"));
    assert_eq!(record.aws_region, "eu-de");
    assert_eq!(record.event_time, "2024-12-02T09:49:37.939Z");
    assert_eq!(record.event_name(), "ObjectCreated:Put");
    assert!(record.is_object_created() && !record.is_object_removed());
    assert_eq!(
        record.principal_id(),
        Some("00a4c6b2a8f24e2b9d3c5e7f1a2b3c4d")
    );
    assert_eq!(
        record.owner_principal_id(),
        Some("65b4d9e8f7a6b5c4d3e2f1a0b9c8d7e6")
    );
    assert_eq!(record.source_ip_address(), Some("172.27.48.44"));
    let response = record.response_elements.as_ref().unwrap();
    assert_eq!(
        response.x_amz_request_id.as_deref(),
        Some("4e78A0C1B2D3E4F5061728394A5B6C7D")
    );
    assert!(response.x_amz_id_2.is_some());
    assert_eq!(record.s3.s3_schema_version.as_deref(), Some("1.0"));
    assert_eq!(record.bucket_name(), "fg-sample-obs-go-runtime-sdk");
    assert_eq!(
        record.s3.bucket.arn,
        "arn:aws:s3:::fg-sample-obs-go-runtime-sdk"
    );
    assert_eq!(
        (record.key(), record.raw_key()),
        ("test2.txt".into(), "test2.txt")
    );
    assert_eq!(record.size(), Some(5));
    assert_eq!(
        record.s3.object.e_tag.as_deref(),
        Some("5d41402abc4b2a76b9719d911017c592")
    );
    assert_eq!(record.s3.object.version_id.as_deref(), Some("null"));
    assert_eq!(record.version_id(), None);
    assert_eq!(
        record.s3.object.sequencer.as_deref(),
        Some("0000000019386C6871FB059ED0000000")
    );
}

#[test]
fn java_sample_omits_version_id() {
    let record = only_record(fixture!("obs/java-sample"));
    assert_eq!(record.event_name(), "ObjectCreated:Post");
    assert_eq!(record.s3.object.version_id, None);
    assert_eq!(record.version_id(), None);
    assert_eq!(record.size(), Some(777_835));
    assert_eq!(record.key(), "job.png");
    assert_eq!(record.bucket_name(), "functionstorage-template");
    assert_eq!(record.s3.bucket.arn, "arn:fss:s3:::syj-input2");
    // Both principal ids are read despite their different capitalisation (docs/PLATFORM.md §9.3).
    assert_eq!(
        record.principal_id(),
        Some("9bf43789b1ff4b679040f35cc4f0dc05")
    );
    assert_eq!(
        record.owner_principal_id(),
        Some("0ed1b73473f24134a478962e631651eb")
    );
}

#[test]
fn py_sample_minimal_has_no_optional_fields() {
    let record = only_record(fixture!("obs/py-sample-minimal"));
    assert_eq!(record.event_version, "2.1");
    assert_eq!(record.event_source, None);
    assert_eq!(record.response_elements, None);
    assert_eq!(record.s3.s3_schema_version, None);
    assert_eq!(record.s3.object.version_id, None);
    assert_eq!(record.s3.configuration_id, "config-1");
    assert_eq!(record.key(), "images/demo.png");
    assert_eq!(record.size(), Some(1024));
    assert_eq!(record.principal_id(), Some("user-1"));
    assert_eq!(record.owner_principal_id(), Some("owner-1"));
    assert_eq!(record.source_ip_address(), Some("127.0.0.1"));
}

#[test]
fn url_encoded_keys_are_decoded() {
    let event = parse(fixture!("obs/url-encoded-key"));
    let keys: Vec<(String, &str)> = event
        .records()
        .map(|r| (r.key().into_owned(), r.raw_key()))
        .collect();
    assert_eq!(
        keys,
        [
            (
                "trace-cloud-source/cts-trace-map-250728-114729.png".to_owned(),
                "trace-cloud-source%2Fcts-trace-map-250728-114729.png"
            ),
            (
                "reports/2025 Q3/sales & costs + tax übersicht.csv".to_owned(),
                "reports%2F2025+Q3%2Fsales+%26+costs+%2B+tax+%C3%BCbersicht.csv"
            ),
        ]
    );
    let versions: Vec<Option<&str>> = event.records().map(ObsRecord::version_id).collect();
    assert_eq!(versions, [None, Some("G001118A01B6F6B1FFFF80E2A7E4F3A1")]);
    let last = event.records().last().unwrap();
    assert_eq!(last.response_elements, None);
}
