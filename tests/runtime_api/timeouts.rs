//! A handler that runs past `RUNTIME_TIMEOUT`: the emulator records the timeout as the platform
//! does and refuses the late answer; restarted (the platform's job, the test's here), the function
//! serves the next event; every invocation ends in exactly one answer or one timeout.

use std::time::{Duration, Instant};

use fg_emulator::Emulator;

use crate::support::{Function, WAIT, assert_exactly_once, behaviours, dis, invoke};

#[test]
fn handler_past_the_timeout_is_recorded_and_a_restarted_function_serves_the_next_event() {
    let emulator = Emulator::start().unwrap();
    emulator.set_timeout(Some(Duration::from_secs(1)));
    let mut stuck = Function::spawn(&emulator, &behaviours(), &[]);
    let id = emulator.push(dis("sleep", "60000"));
    let timed_out = emulator
        .wait_for_timeout(&id, WAIT)
        .expect("the invocation times out");
    assert_eq!(timed_out.after, Duration::from_secs(1));
    assert!(stuck.is_running(), "still inside the handler");
    assert!(emulator.answers().is_empty());
    // The platform restarts a function that timed out.
    drop(stuck);
    let _restarted = Function::spawn(&emulator, &behaviours(), &[]);
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    assert_eq!(emulator.handed_out().len(), 2);
    assert_eq!(emulator.timeouts().len(), 1);
    assert_exactly_once(&emulator);
}

#[test]
fn late_answer_after_a_timeout_is_refused_and_flagged() {
    let emulator = Emulator::start().unwrap();
    emulator.set_timeout(Some(Duration::from_secs(1)));
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    let id = emulator.push(dis("sleep", "2500"));
    assert!(emulator.wait_for_timeout(&id, WAIT).is_some());
    let end = Instant::now() + WAIT;
    let late = loop {
        if let Some(late) = emulator.answers().into_iter().find(|a| a.request_id == id) {
            break late;
        }
        assert!(
            Instant::now() < end,
            "the handler finishes and answers late"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(late.late && !late.accepted, "{late:?}");
    // Refused with 410, which the runtime logs and does not retry; the loop goes on.
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let log = function.output();
    assert!(
        log.contains(&format!(
            "{id} ERROR runtime API refused the Response with status 410"
        )),
        "{log}"
    );
    assert_eq!(
        emulator.answers().len(),
        2,
        "no retry of the refused answer"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn undeliverable_answer_is_retried_three_times_then_times_out() {
    let emulator = Emulator::start().unwrap();
    emulator.set_timeout(Some(Duration::from_secs(2)));
    for _ in 0..3 {
        emulator.fail_next_post(503);
    }
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    let id = emulator.push(dis("ok", "0"));
    assert!(emulator.wait_for_timeout(&id, WAIT).is_some());
    let attempts: Vec<_> = emulator
        .answers()
        .into_iter()
        .filter(|a| a.request_id == id)
        .collect();
    assert_eq!(attempts.len(), 3, "bounded: {attempts:?}");
    assert!(attempts.iter().all(|a| !a.accepted));
    assert!(invoke(&emulator, dis("ok", "0")).is_response());
    let log = function.output();
    for attempt in 1..=3 {
        assert!(
            log.contains(&format!(
                "{id} WARN posting the Response failed (status 503), attempt {attempt} of 3"
            )),
            "{log}"
        );
    }
    assert!(
        log.contains(&format!("{id} ERROR the Response could not be delivered")),
        "{log}"
    );
    assert_exactly_once(&emulator);
}

#[test]
fn context_deadline_follows_the_timeout() {
    let emulator = Emulator::start().unwrap();
    emulator.set_timeout(Some(Duration::from_millis(2500)));
    let _function = Function::spawn(&emulator, &behaviours(), &[]);
    let seen = invoke(&emulator, dis("context", "0")).json().unwrap();
    assert_eq!(seen["timeout_ms"], 2500);
    assert!(seen["remaining_ms"].as_u64().unwrap() <= 2500, "{seen}");
    assert!(emulator.timeouts().is_empty());
    assert_exactly_once(&emulator);
}
