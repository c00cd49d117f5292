//! A DDS change-stream consumer: reads the namespace and the changed document of every record,
//! logs them and returns one line per change.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example dds < fg-events/fixtures/dds/documented-sample.json`

use fg_events::dds::{DdsError, DdsEvent};
use fg_runtime::{Context, handler};
use serde::Serialize;
use serde_json::Value;

/// What the function answers for one batch (DDS invokes
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    changes: Vec<Change>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Change {
    operation: Option<String>,
    collection: String,
    /// The document's `_id` (the `$oid` of an ObjectId), when the record carries the document.
    id: Option<String>,
}

#[handler]
fn handle(event: DdsEvent, ctx: &Context) -> Result<Summary, DdsError> {
    let mut changes = Vec::new();
    for record in &event {
        let ns = record.dds.ns()?;
        let collection = format!("{}.{}", ns.db, ns.coll);
        let operation = record.event_name().unwrap_or("change");
        // Deletes carry no `full_document`.
        let document = match &record.dds.full_document {
            Some(_) => Some(record.dds.full_document::<Value>()?),
            None => None,
        };
        let id = document.as_ref().and_then(|doc| match &doc["_id"] {
            Value::String(id) => Some(id.clone()),
            Value::Object(oid) => oid.get("$oid").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        });
        match &document {
            Some(doc) => ctx.info(format_args!("{operation} in {collection}: {doc}")),
            None => ctx.info(format_args!("{operation} in {collection}")),
        }
        changes.push(Change {
            operation: record.event_name().map(str::to_owned),
            collection,
            id,
        });
    }
    Ok(Summary { changes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::dds::{DdsChange, DdsRecord};
    use serde_json::json;

    #[test]
    fn reads_namespace_and_document() {
        let insert = DdsChange::default()
            .with_namespace("shop", "orders")
            .with_full_document(&json!({"_id": {"$oid": "5d8c"}, "total": 12}))
            .unwrap();
        let delete = DdsChange::default().with_namespace("shop", "orders");
        let event = DdsEvent::new([
            DdsRecord::new("insert", insert),
            DdsRecord::new("delete", delete),
        ]);
        let summary = handle(event, &Context::for_test()).unwrap();
        assert_eq!(
            summary.changes,
            [
                Change {
                    operation: Some("insert".into()),
                    collection: "shop.orders".into(),
                    id: Some("5d8c".into()),
                },
                Change {
                    operation: Some("delete".into()),
                    collection: "shop.orders".into(),
                    id: None,
                },
            ]
        );
    }

    #[test]
    fn a_record_without_namespace_is_an_error() {
        let event = DdsEvent::new([DdsRecord::new("insert", DdsChange::default())]);
        let error = handle(event, &Context::for_test()).unwrap_err();
        assert_eq!(error.field(), "ns");
    }
}
