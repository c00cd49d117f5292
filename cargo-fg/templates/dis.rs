//! A DIS stream consumer: decodes every record of the batch, logs it with the request id, and
//! returns a summary of the batch.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example dis < fg-events/fixtures/dis/documented-sample.json`

use fg_events::dis::{DataError, DisEvent};
use fg_runtime::{Context, dis_handler};
use serde::Serialize;

/// What the function answers for one batch.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Summary {
    records: usize,
    bytes: usize,
    first_sequence: Option<String>,
    last_sequence: Option<String>,
}

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> Result<Summary, DataError> {
    let mut bytes = 0;
    for record in event.records() {
        let data = record.data()?;
        bytes += data.len();
        ctx.info(format_args!(
            "record {} ({} bytes): {}",
            record.sequence_number(),
            data.len(),
            String::from_utf8_lossy(&data)
        ));
    }
    Ok(Summary {
        records: event.len(),
        bytes,
        first_sequence: event
            .records()
            .next()
            .map(|r| r.sequence_number().to_string()),
        last_sequence: event
            .records()
            .last()
            .map(|r| r.sequence_number().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::dis::DisRecord;

    #[test]
    fn summarises_a_batch() {
        let event = DisEvent::new(
            "clicks",
            "shardId-0000000000",
            vec![
                DisRecord::from_bytes("7", b"hello"),
                DisRecord::from_bytes("8", b"fg"),
            ],
        );
        let summary = handle(event, &Context::for_test()).unwrap();
        assert_eq!(
            summary,
            Summary {
                records: 2,
                bytes: 7,
                first_sequence: Some("7".into()),
                last_sequence: Some("8".into()),
            }
        );
    }
}
