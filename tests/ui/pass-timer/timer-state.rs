//! A `#[timer_handler]` with state built by an async `init`, and a shutdown hook.

use fg_events::timer::TimerEvent;
use fg_runtime::{Context, timer_handler};

struct Jobs(Vec<String>);

async fn jobs() -> Result<Jobs, Box<dyn std::error::Error + Send + Sync>> {
    Ok(Jobs(vec!["Timer_001".to_owned()]))
}

fn flush() {}

#[timer_handler(init = jobs, shutdown = flush)]
async fn handle(event: TimerEvent, ctx: &Context, jobs: &Jobs) -> Result<String, String> {
    let _ = ctx.request_id();
    if jobs.0.iter().any(|j| j == event.trigger_name()) {
        Ok(event.user_event().to_owned())
    } else {
        Err(format!("unexpected trigger {}", event.trigger_name()))
    }
}
