//! An argument to `#[timer_handler]`, which takes none.

use fg_events::timer::TimerEvent;
use fg_runtime::timer_handler;

#[timer_handler(cron = "0 * * * *")]
fn handle(event: TimerEvent) -> String {
    event.time().to_owned()
}
