//! An async `#[timer_handler]` taking only the event, returning nothing.

use fg_events::timer::TimerEvent;
use fg_runtime::timer_handler;

#[timer_handler]
async fn handle(event: TimerEvent) {
    std::future::ready(()).await;
    let _ = event.time();
}
