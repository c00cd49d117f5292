//! temporary
use fg_events::dis::DisEvent;
#[fg_runtime::dis_handler]
fn handle(event: DisEvent) -> Result<usize, String> { Err(format!("{} records", event.records().count())) }
