//! `std::io::Result<T>`: an alias whose name ends with `Result` is fallible.

use std::io::Write as _;

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    writeln!(out, "{} records", event.records().count())?;
    Ok(out)
}
