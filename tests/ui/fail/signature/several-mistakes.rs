//! Several mistakes in one signature are all reported in one build.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
unsafe fn handle<'a>(event: &'a DisEvent, ctx: Context, retries: u32) -> usize {
    let _ = (ctx, retries);
    event.records().count()
}
