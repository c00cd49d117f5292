//! Events built in code, as tests of user handlers build them.

use serde_json::json;

use super::{fixture, parse};
use crate::obs::{ObsEvent, ObsObject, ObsRecord, ObsRequestParameters, ObsResponseElements};

#[test]
fn defaults_are_empty() {
    assert!(ObsEvent::default().is_empty());
    let record = ObsRecord::default();
    assert_eq!((record.bucket_name(), record.raw_key()), ("", ""));
    assert_eq!(record.key(), "");
    assert_eq!(
        (record.principal_id(), record.owner_principal_id()),
        (None, None)
    );
    assert_eq!(record.source_ip_address(), None);
    assert_eq!(ObsObject::default().version_id(), None);
    assert_eq!(
        serde_json::to_value(&record).unwrap(),
        json!({
            "eventVersion": "", "awsRegion": "", "eventTime": "", "eventName": "",
            "s3": {"configurationId": "", "bucket": {"name": "", "arn": ""}, "object": {"key": ""}}
        })
    );
}

#[test]
fn a_built_record_serialises_to_the_platform_shape() {
    let record = ObsRecord::new("ObjectCreated:Put", "photos", "2024/my cat.png")
        .with_size(5)
        .with_version_id("null")
        .with_region("eu-de")
        .with_event_time("2024-12-02T09:49:37.939Z")
        .with_principal_id("user")
        .with_owner_principal_id("owner");
    assert_eq!(
        serde_json::to_value(ObsEvent::new([record])).unwrap(),
        json!({"Records": [{
            "eventVersion": "2.0",
            "eventSource": "aws:s3",
            "awsRegion": "eu-de",
            "eventTime": "2024-12-02T09:49:37.939Z",
            "eventName": "ObjectCreated:Put",
            "userIdentity": {"principalId": "user"},
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "",
                "bucket": {
                    "name": "photos",
                    "ownerIdentity": {"PrincipalId": "owner"},
                    "arn": "arn:aws:s3:::photos"
                },
                "object": {"key": "2024%2Fmy+cat.png", "size": 5, "versionId": "null"}
            }
        }]})
    );
}

#[test]
fn the_go_sample_can_be_built_in_code() {
    let mut record = ObsRecord::new(
        "ObjectCreated:Put",
        "fg-sample-obs-go-runtime-sdk",
        "test2.txt",
    )
    .with_region("eu-de")
    .with_event_time("2024-12-02T09:49:37.939Z")
    .with_principal_id("00a4c6b2a8f24e2b9d3c5e7f1a2b3c4d")
    .with_owner_principal_id("65b4d9e8f7a6b5c4d3e2f1a0b9c8d7e6")
    .with_size(5)
    .with_version_id("null");
    record.request_parameters = Some(ObsRequestParameters {
        source_ip_address: "172.27.48.44".to_owned(),
    });
    record.response_elements = Some(ObsResponseElements {
        x_amz_request_id: Some("4e78A0C1B2D3E4F5061728394A5B6C7D".to_owned()),
        x_amz_id_2: Some(
            "s7A0kPl5Me84NYwesulKFKSarlYhTbGbKgVFpZ2Xz4t4YwwjOr8GkqeLTj0UK6lc".to_owned(),
        ),
    });
    record.s3.configuration_id = "8ba3f1e2-6c4d-4b7a-9e0f-1a2b3c4d5e6f".to_owned();
    record.s3.object.e_tag = Some("5d41402abc4b2a76b9719d911017c592".to_owned());
    record.s3.object.sequencer = Some("0000000019386C6871FB059ED0000000".to_owned());
    assert_eq!(ObsEvent::new([record]), parse(fixture!("obs/go-sample")));
}

#[test]
fn raw_keys_are_kept_and_records_iterate() {
    let event = ObsEvent::new([
        ObsRecord::new("ObjectRemoved:Delete", "b", "a b"),
        ObsRecord::new("ObjectCreated:Copy", "b", "x").with_raw_key("already%2Fencoded"),
    ]);
    let by_ref: Vec<&str> = (&event).into_iter().map(ObsRecord::raw_key).collect();
    assert_eq!(by_ref, ["a+b", "already%2Fencoded"]);
    let by_value: Vec<String> = event.into_iter().map(|r| r.key().into_owned()).collect();
    assert_eq!(by_value, ["a b", "already/encoded"]);
}
