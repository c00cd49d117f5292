//! An `async fn` handler that leaves out the context.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
async fn handle(event: DisEvent) -> Result<usize, String> {
    std::future::ready(()).await;
    Ok(event.records().count())
}
