//! A sync `#[timer_handler]` taking the event and the context, returning `Result<T, E>`.

use fg_events::timer::TimerEvent;
use fg_runtime::{Context, timer_handler};

#[timer_handler]
fn handle(event: TimerEvent, ctx: &Context) -> Result<String, String> {
    let _ = ctx.request_id();
    if event.trigger_name() == "Timer_001" {
        Ok(event.user_event().to_owned())
    } else {
        Err(format!("unexpected trigger {}", event.trigger_name()))
    }
}
