//! Size limits hold without reading unbounded data: an event body that never ends is refused
//! once it passes `FG_MAX_EVENT_SIZE`, answered, and the loop goes on.

use fg_emulator::{Emulator, Fault};

use crate::support::{Function, assert_exactly_once, behaviours, dis, invoke};

fn endless_body_is_refused(env: &[(&str, &str)], limit: usize) {
    let emulator = Emulator::start().unwrap();
    // Before the spawn: a fault applies to the next GET, and a function started first may have
    // sent its GET already, which would then carry the ordinary event.
    emulator.fault(Fault::EndlessBody);
    let mut function = Function::spawn(&emulator, &behaviours(), env);
    let answer = invoke(&emulator, dis("ok", "0"));
    let report = answer.diagnostic().expect("an error report");
    assert_eq!(report.error_type, "EventTooLarge");
    assert!(
        report
            .error_message
            .contains(&format!("larger than the limit of {limit} bytes")),
        "{report:?}"
    );
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert!(function.is_running());
    let log = function.output();
    assert!(
        log.contains(&format!("{} ERROR EventTooLarge", answer.request_id)),
        "{log}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn endless_chunked_event_body_is_refused_at_the_configured_limit() {
    endless_body_is_refused(&[("FG_MAX_EVENT_SIZE", "100000")], 100_000);
}

#[test]
fn endless_chunked_event_body_is_refused_at_the_default_limit() {
    endless_body_is_refused(&[], fg_runtime::DEFAULT_MAX_EVENT_SIZE);
}
