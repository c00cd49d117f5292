//! `#[timer_handler]` without fg-runtime's `timer` feature.

use fg_events::timer::TimerEvent;
use fg_runtime::timer_handler;

#[timer_handler]
fn handle(event: TimerEvent) -> String {
    event.user_event().to_owned()
}
