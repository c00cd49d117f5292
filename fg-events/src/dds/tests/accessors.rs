//! Per-fixture accessor checks, how the JSON strings fail, and events built in code.

use std::error::Error;

use serde::Deserialize;
use serde_json::json;

use super::{fixture, parse};
use crate::dds::{DdsChange, DdsError, DdsEvent, DdsRecord, Namespace};
use crate::encoding::JsonString;

/// The sample's document, with MongoDB extended-JSON wrappers modelled.
#[derive(Debug, Deserialize, PartialEq)]
struct Person {
    #[serde(rename = "_id")]
    id: ObjectId,
    name: String,
    age: ExtendedDouble,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ObjectId {
    #[serde(rename = "$oid")]
    oid: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ExtendedDouble {
    #[serde(rename = "$numberDouble")]
    value: String,
}

fn person_namespace() -> Namespace {
    Namespace {
        db: "functiongraph".to_owned(),
        coll: "person".to_owned(),
    }
}

#[test]
fn documented_sample() {
    let event = parse(fixture!("dds/documented-sample"));
    assert_eq!(event.len(), 1);
    let record = event.records().next().unwrap();
    assert_eq!(record.event_source.as_deref(), Some("dds"));
    assert_eq!(record.event_name(), Some("insert"));
    assert_eq!(record.region.as_deref(), Some("{region}"));
    assert_eq!(record.event_version.as_deref(), Some("1.0"));
    assert_eq!(
        record.event_source_id.as_deref(),
        Some("e6065860-f7b8-4cca-80bd-24ef2a3bb748")
    );
    assert_eq!(record.event_source_ip, None);
    let change = &record.dds;
    assert_eq!(change.size_bytes(), Some(100));
    assert_eq!(change.size_bytes.as_deref(), Some("100"));
    assert_eq!(change.ns().unwrap(), person_namespace());
    assert_eq!(
        change.full_document::<Person>().unwrap(),
        Person {
            id: ObjectId {
                oid: "5d8c2f8e5beccb6cf5370d6a".to_owned()
            },
            name: "dds".to_owned(),
            age: ExtendedDouble {
                value: "52.0".to_owned()
            },
        }
    );
    let token = change.token().unwrap();
    assert!(token["_data"].as_str().unwrap().starts_with("825D8C2F4D"));
    assert_eq!(
        change.ns.as_ref().map(JsonString::as_str),
        Some(r#"{"db": "functiongraph","coll": "person"}"#)
    );
}

#[test]
fn size_bytes_as_number() {
    let event = parse(fixture!("dds/size-bytes-as-number"));
    let change = &event.records[0].dds;
    assert_eq!(change.size_bytes(), Some(100));
    assert_eq!(
        change,
        &parse(fixture!("dds/documented-sample")).records[0].dds
    );
}

#[test]
fn with_event_source_ip() {
    let event = parse(fixture!("dds/with-event-source-ip"));
    let record = &event.records[0];
    assert_eq!(record.event_source_ip.as_deref(), Some("192.168.0.17"));
    assert_eq!(record.event_name(), Some("update"));
    assert_eq!(
        record.dds.full_document::<Person>().unwrap().age.value,
        "53.0"
    );
}

#[test]
fn several_records() {
    let event = parse(fixture!("dds/several-records"));
    let names: Vec<String> = event
        .records()
        .map(|r| r.dds.full_document::<Person>().unwrap().name)
        .collect();
    assert_eq!(names, ["dds", "mongo"]);
    assert_eq!((&event).into_iter().count(), 2);
    assert_eq!(
        event
            .into_iter()
            .map(|r| r.dds.size_bytes())
            .sum::<Option<u64>>(),
        Some(196)
    );
}

#[test]
fn delete_without_full_document() {
    let event = parse(fixture!("dds/delete-without-full-document"));
    let change = &event.records[0].dds;
    assert_eq!(change.ns().unwrap(), person_namespace());
    let err = change.full_document::<serde_json::Value>().unwrap_err();
    assert!(matches!(
        err,
        DdsError::Missing {
            field: "full_document"
        }
    ));
    assert_eq!(err.to_string(), "DDS change has no `full_document`");
    assert!(err.source().is_none());
}

#[test]
fn documents_as_objects_are_kept_as_their_json_text() {
    let event = parse(fixture!("dds/documents-as-objects"));
    let change = &event.records[0].dds;
    assert_eq!(change.ns().unwrap(), person_namespace());
    assert_eq!(change.full_document::<Person>().unwrap().name, "dds");
    assert_eq!(
        change.ns.as_ref().map(JsonString::as_str),
        Some(r#"{"coll":"person","db":"functiongraph"}"#)
    );
    assert_eq!(change.size_bytes(), Some(100));
}

#[test]
fn unknown_fields_are_ignored() {
    let event = parse(fixture!("dds/unknown-fields"));
    let change = &event.records[0].dds;
    assert_eq!(change.ns().unwrap(), person_namespace());
    assert!(change.token.is_none());
    assert_eq!(change.token().unwrap_err().field(), "token");
}

#[test]
fn json_errors_name_the_field() {
    let change = DdsChange {
        ns: Some(JsonString::new("functiongraph.person")),
        full_document: Some(JsonString::new(r#"{"name": 5}"#)),
        ..DdsChange::default()
    };
    let err = change.ns().unwrap_err();
    assert!(matches!(err, DdsError::Json { field: "ns", .. }));
    assert!(
        err.to_string()
            .starts_with("DDS `ns` is not the expected JSON: expected ident at line 1"),
        "{err}"
    );
    let err = change.full_document::<Person>().unwrap_err();
    assert_eq!(err.field(), "full_document");
    assert!(
        err.to_string().contains("invalid type: integer `5`"),
        "{err}"
    );
}

/// A handler body as users write it.
fn names(event: &DdsEvent) -> Result<Vec<String>, Box<dyn Error + Send + Sync>> {
    let mut names = Vec::new();
    for record in event {
        names.push(record.dds.full_document::<Person>()?.name);
    }
    Ok(names)
}

#[test]
fn dds_error_works_with_question_mark_into_boxed_errors() {
    assert_eq!(
        names(&parse(fixture!("dds/documented-sample"))).unwrap(),
        ["dds"]
    );
    let err = names(&parse(fixture!("dds/delete-without-full-document"))).unwrap_err();
    assert!(err.downcast_ref::<DdsError>().is_some(), "{err}");
}

#[test]
fn the_documented_sample_can_be_built_in_code() {
    let token = r#"{"_data": "825D8C2F4D0000001529295A100474039A3412A64BA89041DC952357FB4446645F696400645D8C2F8E5BECCB6CF5370D6A0004"}"#;
    let change = DdsChange {
        full_document: Some(JsonString::new(
            r#"{"_id": {"$oid": "5d8c2f8e5beccb6cf5370d6a"},"name": "dds","age": {"$numberDouble": "52.0"}}"#,
        )),
        ns: Some(JsonString::new(r#"{"db": "functiongraph","coll": "person"}"#)),
        ..DdsChange::default()
    }
    .with_token(token)
    .with_size_bytes(100);
    let mut record = DdsRecord::new("insert", change);
    record.region = Some("{region}".to_owned());
    record.event_source_id = Some("e6065860-f7b8-4cca-80bd-24ef2a3bb748".to_owned());
    assert_eq!(
        DdsEvent::new([record]),
        parse(fixture!("dds/documented-sample"))
    );
}

#[test]
fn builders_and_defaults() {
    let change = DdsChange::default()
        .with_namespace("shop", "orders \"eu\"")
        .with_full_document(&json!({"id": 1}))
        .unwrap();
    assert_eq!(
        change.ns().unwrap(),
        Namespace {
            db: "shop".to_owned(),
            coll: "orders \"eu\"".to_owned()
        }
    );
    assert_eq!(
        change.full_document::<serde_json::Value>().unwrap(),
        json!({"id": 1})
    );
    assert!(DdsEvent::default().is_empty());
    assert_eq!(
        serde_json::to_value(DdsEvent::new([DdsRecord::default()])).unwrap(),
        json!({"records": [{"dds": {}}]})
    );
    assert_eq!(Namespace::default().coll, "");
}
