//! An error that is neither `Display` nor `IntoDiagnostic`.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[derive(Debug)]
struct MyError;

#[dis_handler]
fn handle(event: DisEvent) -> Result<usize, MyError> {
    match event.records().count() {
        0 => Err(MyError),
        n => Ok(n),
    }
}
