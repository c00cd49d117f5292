//! An SMN subscriber: logs the subject and message of every notification, reading messages
//! that publishers sent as JSON as JSON, and returns a summary.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example smn < fg-events/fixtures/smn/documented-sample.json`

use fg_events::smn::SmnEvent;
use fg_runtime::{Context, handler};
use serde::Serialize;
use serde_json::Value;

/// What the function answers for one event (SMN invokes
/// asynchronously: the platform hands it to the async-notification destinations, if any).
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    messages: usize,
    json_messages: usize,
    subjects: Vec<String>,
}

#[handler]
fn handle(event: SmnEvent, ctx: &Context) -> Summary {
    let mut json_messages = 0;
    let mut subjects = Vec::new();
    for record in &event {
        // Delivery may be retried: `message_id` is the key to deduplicate on.
        match record.message_json::<Value>() {
            Ok(message @ (Value::Object(_) | Value::Array(_))) => {
                json_messages += 1;
                ctx.info(format_args!(
                    "message {} [{}] (JSON): {message}",
                    record.message_id(),
                    record.subject()
                ));
            }
            _ => ctx.info(format_args!(
                "message {} [{}]: {}",
                record.message_id(),
                record.subject(),
                record.message()
            )),
        }
        subjects.push(record.subject().to_owned());
    }
    Summary {
        messages: event.len(),
        json_messages,
        subjects,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::smn::SmnRecord;

    #[test]
    fn reads_text_and_json_messages() {
        let event = SmnEvent::new([
            SmnRecord::new("urn:smn:eu-de:p:alerts", "disk full").with_subject("alert"),
            SmnRecord::from_json("urn:smn:eu-de:p:orders", &serde_json::json!({"id": 7}))
                .unwrap()
                .with_subject("order"),
        ]);
        let summary = handle(event, &Context::for_test());
        assert_eq!(
            summary,
            Summary {
                messages: 2,
                json_messages: 1,
                subjects: vec!["alert".into(), "order".into()],
            }
        );
    }
}
