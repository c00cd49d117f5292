//! `Result<T, String>`: the error is reported with its text.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<String, String> {
    if event.records().count() == 0 {
        return Err("no records".to_owned());
    }
    Ok("ok".to_owned())
}
