//! An OBS bucket watcher: logs every object created or removed (bucket, decoded key, size) and
//! returns a summary.
//!
//! Run it locally on a real OBS event (two uploads, the second with a URL-encoded key):
//! `cargo run --example obs < fg-events/fixtures/obs/url-encoded-key.json`

use fg_events::obs::ObsEvent;
use fg_runtime::{Context, handler};
use serde::Serialize;

/// What the function answers for one event (OBS invokes
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    created: usize,
    removed: usize,
    bytes: u64,
    /// `bucket/key` of each object, the key decoded.
    objects: Vec<String>,
}

#[handler]
fn handle(event: ObsEvent, ctx: &Context) -> Summary {
    let mut summary = Summary {
        created: 0,
        removed: 0,
        bytes: 0,
        objects: Vec::new(),
    };
    for record in &event {
        // `key()` decodes the URL-encoded key (`reports%2F2025+Q3` -> `reports/2025 Q3`).
        let object = format!("{}/{}", record.bucket_name(), record.key());
        if record.is_object_created() {
            summary.created += 1;
            summary.bytes += record.size().unwrap_or(0);
        } else if record.is_object_removed() {
            summary.removed += 1;
        }
        match record.size() {
            Some(size) => ctx.info(format_args!(
                "{}: {object} ({size} bytes)",
                record.event_name()
            )),
            None => ctx.info(format_args!("{}: {object}", record.event_name())),
        }
        summary.objects.push(object);
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::obs::ObsRecord;

    #[test]
    fn counts_created_and_removed_objects() {
        let event = ObsEvent::new([
            ObsRecord::new("ObjectCreated:Put", "photos", "2024/my cat.png").with_size(5),
            ObsRecord::new("ObjectRemoved:Delete", "photos", "old.png"),
        ]);
        let summary = handle(event, &Context::for_test());
        assert_eq!(
            summary,
            Summary {
                created: 1,
                removed: 1,
                bytes: 5,
                objects: vec!["photos/2024/my cat.png".into(), "photos/old.png".into()],
            }
        );
    }
}
