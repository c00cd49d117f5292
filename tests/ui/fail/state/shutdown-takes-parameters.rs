//! A shutdown hook that takes a parameter.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

fn on_shutdown(reason: &str) {
    let _ = reason;
}

#[dis_handler(shutdown = on_shutdown)]
fn handle(event: DisEvent, ctx: &Context) -> usize {
    let _ = ctx;
    event.records().count()
}
