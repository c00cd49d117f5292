//! Retries are bounded and back off: polling after repeated 503s waits 50 ms, doubling to 2 s,
//! as the log lines state; an event resets the backoff.

use std::time::{Duration, Instant};

use fg_emulator::{Emulator, Fault};

use crate::support::{Function, WAIT, assert_exactly_once, behaviours, dis, invoke};

/// The delays the runtime said it would wait before polling again, in order.
fn stated_delays(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("to the request for the next event"))
        .filter_map(|line| line.split("; retrying in ").nth(1))
        .collect()
}

#[test]
fn polling_after_repeated_503s_backs_off_from_50ms_doubling_to_2s() {
    let emulator = Emulator::start().unwrap();
    for _ in 0..7 {
        emulator.fault(Fault::Status(503));
    }
    let started = Instant::now();
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let elapsed = started.elapsed();
    let log = function.output();
    assert_eq!(
        stated_delays(&log),
        ["50ms", "100ms", "200ms", "400ms", "800ms", "1.6s", "2s"],
        "{log}"
    );
    // Sleeps last at least as long as stated: the polls really slowed down.
    assert!(elapsed >= Duration::from_millis(5150), "{elapsed:?}");
    assert!(emulator.poll_count() >= 8);

    // An event resets the backoff. (The faults apply to the polls after the one being held.)
    assert!(emulator.wait_for_polls(9, WAIT), "the function polls again");
    emulator.fault(Fault::Status(503));
    emulator.fault(Fault::Status(503));
    emulator.drop_idle_connections();
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let log = function.output();
    assert_eq!(stated_delays(&log)[7..], ["50ms", "100ms"], "{log}");
    assert_exactly_once(&emulator);
}
