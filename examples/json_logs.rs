//! Structured logs: the same function logs through the context logger, `tracing` (events
//! with fields, inside the per-invocation span that carries the request id) and the `log`
//! crate; fg writes them all to one stream, as platform lines or, with
//! `FG_LOG_FORMAT=json`, one JSON object per line.
//!
//! `FG_LOG_FORMAT=json RUST_LOG=info,json_logs=debug cargo run --example json_logs < fg-events/fixtures/dis/documented-sample.json`

use fg_events::dis::{DataError, DisEvent};
use fg_runtime::tracing::{debug, info, info_span, warn};
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> Result<usize, DataError> {
    ctx.info(format_args!(
        "batch of {} records from {}",
        event.len(),
        event.stream_name()
    ));
    let mut bytes = 0;
    for record in event.records() {
        // A span per record: its fields appear in the `spans` of every JSON line inside it.
        let _record = info_span!("record", sequence = %record.sequence_number()).entered();
        let data = record.data()?;
        debug!(size = data.len(), "decoded");
        if data.is_empty() {
            warn!("empty record");
        }
        bytes += data.len();
    }
    info!(records = event.len(), bytes, "batch done");
    fg_runtime::log::info!("libraries that use the `log` crate land here too");
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::dis::DisRecord;

    #[test]
    fn counts_the_bytes() {
        let event = DisEvent::new("s", "0", vec![DisRecord::from_bytes("1", b"abc")]);
        assert_eq!(handle(event, &Context::for_test()).unwrap(), 3);
    }
}
