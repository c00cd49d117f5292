//! A scheduled job: reads the trigger's `user_event` (JSON if it is JSON, else text) as the job
//! to run, logs it and returns what ran when.
//!
//! Run it locally on the platform's sample event:
//! `cargo run --example timer < fg-events/fixtures/timer/documented-sample.json`

use fg_events::timer::TimerEvent;
use fg_runtime::{Context, timer_handler};
use serde::Serialize;
use serde_json::Value;

/// What the function answers for one tick.
#[derive(Debug, Serialize, PartialEq)]
struct Summary {
    trigger: String,
    time: String,
    /// The trigger's `user_event`: JSON when it parses as JSON, else the text (`null` if empty).
    job: Value,
}

#[timer_handler]
fn handle(event: TimerEvent, ctx: &Context) -> Summary {
    let job = match event.user_event_json::<Value>() {
        Ok(json) => json,
        Err(_) if event.user_event().trim().is_empty() => Value::Null,
        Err(_) => Value::String(event.user_event().to_owned()),
    };
    match &job {
        Value::String(text) => ctx.info(format_args!(
            "timer {} fired for {}: running {text}",
            event.trigger_name(),
            event.time()
        )),
        json => ctx.info(format_args!(
            "timer {} fired for {}: running {json}",
            event.trigger_name(),
            event.time()
        )),
    }
    Summary {
        trigger: event.trigger_name().to_owned(),
        time: event.time().to_owned(),
        job,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_user_event_as_json_or_text() {
        let ctx = Context::for_test();
        let json_job = TimerEvent::new("nightly", "2025-06-01T02:00:00+02:00")
            .with_user_event_json(&json!({"task": "cleanup", "days": 30}))
            .unwrap();
        assert_eq!(
            handle(json_job, &ctx),
            Summary {
                trigger: "nightly".into(),
                time: "2025-06-01T02:00:00+02:00".into(),
                job: json!({"task": "cleanup", "days": 30}),
            }
        );
        let text_job =
            TimerEvent::new("hourly", "2025-06-01T03:00:00+02:00").with_user_event("rotate logs");
        assert_eq!(handle(text_job, &ctx).job, json!("rotate logs"));
        let empty = TimerEvent::new("hourly", "2025-06-01T03:00:00+02:00");
        assert_eq!(handle(empty, &ctx).job, Value::Null);
    }
}
