//! Soak: one function process serves many invocations with faults from the fault matrix injected
//! at random (seeded, so a failure replays), and must lose or double no answer and keep its
//! memory flat.
//!
//! `cargo test` runs a short soak (3 000 invocations). For the long one:
//!
//! ```sh
//! FG_SOAK_INVOCATIONS=100000 cargo test --release --test soak -- --nocapture
//! ```
//!
//! `FG_SOAK_SEED` picks another seed.

#[path = "runtime_api/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use fg_emulator::{Emulator, Event, Fault};
use serde_json::json;
use support::{Function, assert_exactly_once, behaviours, dis};

const DEFAULT_INVOCATIONS: u64 = 3_000;
/// Events queued at once: the function never waits for the test, the test never waits long.
const WINDOW: u64 = 64;
/// The limits the soaked function runs with, small so that breaking them is cheap.
const MAX_EVENT: usize = 4096;
const MAX_RESPONSE: usize = 2048;
/// `RUNTIME_TIMEOUT`: far above what any case takes, even a first backtrace in a debug build.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Marsaglia's xorshift64: deterministic, dependency-free, good enough to pick faults.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What an invocation must be answered with: a response, or an error report of this type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Response,
    Error(&'static str),
}

/// The error types the cases expect.
const ERROR_TYPES: [&str; 5] = [
    "Refused",
    "panic",
    "InvalidEvent",
    "EventTooLarge",
    "FunctionResponseTooLarge",
];

/// Faults of the runtime API that may turn any event's answer into another one.
#[derive(Default)]
struct Injected {
    reset_mid_body: u64,
    endless_body: u64,
    failed_posts: u64,
    other: u64,
}

/// Picks one case of the fault matrix: the event to push, after queueing any API fault.
fn pick(rng: &mut XorShift, emulator: &Emulator, injected: &mut Injected) -> (Event, Expect) {
    let ok = || (dis("ok", "0"), Expect::Response);
    match rng.below(1000) {
        0..500 => ok(),
        500..650 => (dis("ok", "0").asynchronous(), Expect::Response),
        650..720 => (dis("error", "1"), Expect::Error("Refused")),
        720..780 => (dis("panic", "2"), Expect::Error("panic")),
        780..800 => (Event::new("not json"), Expect::Error("InvalidEvent")),
        800..820 => {
            let wrong = json!({"ShardID": "s", "StreamName": "x", "Message": {"records": {}}});
            (Event::json(&wrong), Expect::Error("InvalidEvent"))
        }
        820..835 => (
            Event::new(
                &b"{\"ShardID\":\"\xff\",\"StreamName\":\"x\",\"Message\":{\"records\":[]}}"[..],
            ),
            Expect::Error("InvalidEvent"),
        ),
        835..850 => {
            let bad = json!({"ShardID": "s", "StreamName": "x",
                "Message": {"records": [{"sequence_number": "7", "data": "$$$"}]}});
            (Event::json(&bad), Expect::Error("Refused"))
        }
        850..865 => (
            dis(&"x".repeat(MAX_EVENT), "0"),
            Expect::Error("EventTooLarge"),
        ),
        865..880 => (
            dis("big", &(MAX_RESPONSE + 1).to_string()),
            Expect::Error("FunctionResponseTooLarge"),
        ),
        880..910 => (
            dis("ok", "0")
                .header("X-CFF-Security-Token", "SOAK-SECRET-TOKEN")
                .header("X-CFF-Security-Secret-Key", "SOAK-SECRET-KEY"),
            Expect::Response,
        ),
        910..915 => {
            let deep = format!(r#"{{"Unknown":{}"#, "[".repeat(3_000));
            (Event::new(deep), Expect::Error("InvalidEvent"))
        }
        915..930 => {
            emulator.fault(Fault::Delay(Duration::from_millis(2)));
            injected.other += 1;
            ok()
        }
        930..933 => {
            emulator.fault(Fault::Status(503));
            injected.other += 1;
            ok()
        }
        933..936 => {
            emulator.fault(Fault::MissingRequestId);
            injected.other += 1;
            ok()
        }
        936..939 => {
            emulator.fault(Fault::CloseConnection);
            injected.other += 1;
            ok()
        }
        939..943 => {
            emulator.fault(Fault::ResetMidBody);
            injected.reset_mid_body += 1;
            ok()
        }
        943..945 => {
            emulator.fault(Fault::EndlessBody);
            injected.endless_body += 1;
            ok()
        }
        945..948 => {
            emulator.fail_next_post(503);
            injected.failed_posts += 1;
            ok()
        }
        948..950 => {
            emulator.drop_idle_connections();
            injected.other += 1;
            ok()
        }
        _ => (dis("sleep", "1"), Expect::Response),
    }
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
    })
}

/// Fails the test with what is needed to find out why invocations stay unanswered.
fn stalled(
    emulator: &Emulator,
    function: &mut Function,
    expected: &HashMap<String, Expect>,
    pushed: u64,
    seed: u64,
) -> ! {
    let answered: HashSet<String> = emulator
        .answers()
        .into_iter()
        .filter(|a| a.accepted)
        .map(|a| a.request_id)
        .collect();
    let handed_out = emulator.handed_out();
    let unanswered: Vec<_> = handed_out
        .iter()
        .filter(|id| !answered.contains(*id))
        .map(|id| (id, expected.get(id)))
        .collect();
    let log = function.output();
    let tail: Vec<_> = log.lines().rev().take(40).collect();
    panic!(
        "invocations still unanswered after {pushed} pushed (seed {seed:#x}): {} handed out, \
         unanswered {unanswered:?}; function running: {}; polls {}, connections {}; log tail:\n{}",
        handed_out.len(),
        function.is_running(),
        emulator.poll_count(),
        emulator.connection_count(),
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn soak_with_random_faults() {
    let invocations = env_u64("FG_SOAK_INVOCATIONS").unwrap_or(DEFAULT_INVOCATIONS);
    let seed = env_u64("FG_SOAK_SEED").unwrap_or(0x5EED_F00D_CAFE_0001);
    let mut rng = XorShift(seed.max(1));
    let emulator = Emulator::start().unwrap();
    // Three failed posts in a row make an answer undeliverable: the platform times it out.
    emulator.set_timeout(Some(TIMEOUT));
    let mut function = Function::spawn(
        &emulator,
        &behaviours(),
        &[
            ("FG_MAX_EVENT_SIZE", &MAX_EVENT.to_string()),
            ("RUNTIME_MAX_RESP_BODY_SIZE", &MAX_RESPONSE.to_string()),
        ],
    );
    let started = Instant::now();
    let mut expected: HashMap<String, Expect> = HashMap::new();
    let mut injected = Injected::default();
    let mut rss_after_warm_up = None;
    let mut pushed = 0;
    while pushed < invocations {
        let window = WINDOW.min(invocations - pushed);
        for _ in 0..window {
            let (event, expect) = pick(&mut rng, &emulator, &mut injected);
            expected.insert(emulator.push(event), expect);
        }
        pushed += window;
        if !emulator.wait_for_idle(Duration::from_secs(60)) {
            stalled(&emulator, &mut function, &expected, pushed, seed);
        }
        if rss_after_warm_up.is_none() && pushed >= invocations / 10 {
            rss_after_warm_up = Some(rss_kib(function.pid()));
        }
    }
    let elapsed = started.elapsed();
    let rss_first = rss_after_warm_up.expect("measured after the first 10%");
    let rss_last = rss_kib(function.pid());
    assert!(function.is_running(), "the function kept serving");

    // Zero lost or doubled answers; a timeout only where the runtime gave up posting.
    assert_eq!(emulator.handed_out().len() as u64, invocations);
    assert_exactly_once(&emulator);
    let timeouts = emulator.timeouts().len() as u64;
    assert!(
        timeouts <= injected.failed_posts / 3,
        "{timeouts} timeouts with {} failed posts",
        injected.failed_posts
    );
    // Each answer is the one its case calls for, except where an API fault cut the event.
    let answers = emulator.answers();
    let (mut cut, mut endless) = (0, 0);
    for answer in answers.iter().filter(|a| a.accepted) {
        let want = expected[&answer.request_id];
        let got = match answer.diagnostic() {
            None => Expect::Response,
            Some(report) => match report.error_type.as_str() {
                "EventUnreadable" => {
                    cut += 1;
                    continue;
                }
                "EventTooLarge" if want != Expect::Error("EventTooLarge") => {
                    endless += 1;
                    continue;
                }
                other => Expect::Error(
                    ERROR_TYPES
                        .into_iter()
                        .find(|t| *t == other)
                        .unwrap_or("unexpected"),
                ),
            },
        };
        assert_eq!(got, want, "{answer:?} (seed {seed:#x})");
    }
    assert!(cut <= injected.reset_mid_body, "{cut} cut events");
    assert!(endless <= injected.endless_body, "{endless} endless events");

    // Every error is logged with its request id; no credential is.
    let log = function.output();
    assert!(
        !log.contains("SOAK-SECRET"),
        "a credential leaked into the log"
    );
    let logged_errors: HashSet<&str> = log
        .lines()
        .filter_map(|line| {
            let mut words = line.split(' ');
            let id = words.nth(1)?;
            (words.next()? == "ERROR").then_some(id)
        })
        .collect();
    for answer in answers.iter().filter(|a| a.accepted && !a.is_response()) {
        assert!(
            logged_errors.contains(answer.request_id.as_str()),
            "error for {} not logged",
            answer.request_id
        );
    }

    // Memory stays flat: what the process holds after 10% is what it holds at the end, give or
    // take allocator noise.
    let margin = (rss_first / 10).max(2048);
    println!(
        "soak: {invocations} invocations in {elapsed:.1?} ({:.0}/s), seed {seed:#x}, \
         {} API faults, {cut} cut and {endless} endless bodies, {timeouts} timeouts; \
         RSS {rss_first} KiB after 10%, {rss_last} KiB at the end",
        invocations as f64 / elapsed.as_secs_f64(),
        injected.other + injected.reset_mid_body + injected.endless_body + injected.failed_posts
    );
    assert!(
        rss_last <= rss_first + margin,
        "RSS grew from {rss_first} KiB to {rss_last} KiB"
    );
}
