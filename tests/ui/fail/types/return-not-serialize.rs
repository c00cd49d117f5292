//! A return value that is neither `Serialize` nor `IntoResponse`.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

struct Summary {
    records: usize,
}

#[dis_handler]
fn handle(event: DisEvent) -> Result<Summary, String> {
    Ok(Summary {
        records: event.records().count(),
    })
}
