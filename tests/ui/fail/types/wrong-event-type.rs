//! An event type other than `DisEvent`: one error, on that type.

use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: String, ctx: &Context) -> usize {
    let _ = ctx;
    event.len()
}
