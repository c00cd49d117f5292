//! Part 1, warm invocations: every subject is started once and kept polling on its own
//! connection; rounds interleave subjects and payloads so that drift on a noisy machine hits
//! them all alike. Latency = from the first byte of the event reply written to the last byte of
//! the answer `POST` read.

use std::io;
use std::path::Path;
use std::time::Instant;

use fg_bench::payload::{Payload, Size, generate};
use serde_json::{Map, Value, json};

use crate::api::{Event, launch, minor_faults};
use crate::stats::{Range, median, percentile, round};

/// The subjects, the floor (`floor-work`) that ratios are taken against first.
///
/// `floor-rt-io` is `floor-work` doing its I/O the way fg-runtime does (see
/// `fg_bench::floor::RUNTIME_IO_VAR`): the gap floor-work → floor-rt-io is the cost of that
/// I/O, the gap floor-rt-io → fn-user the rest of the framework.
pub(crate) const SUBJECTS: [&str; 6] = [
    "floor-work",
    "floor-bare",
    "floor-rt-io",
    "fn-user",
    "fn-lean",
    "fn-async",
];
const FLOOR: usize = 0;
const BARE_ANSWER: &[u8] = br#"{"records":0,"bytes":0}"#;

struct Plan {
    rounds: usize,
    batch: [usize; 3],
    warmup: [usize; 3],
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Self {
                rounds: 3,
                batch: [400, 60, 4],
                warmup: [100, 10, 2],
            }
        } else {
            Self {
                rounds: 10,
                batch: [2000, 300, 15],
                warmup: [500, 50, 3],
            }
        }
    }
}

/// Per subject and payload: every latency (µs), each round's median latency and each round's
/// invocations per second.
#[derive(Default, Clone)]
struct Samples {
    all: Vec<f64>,
    round_medians: Vec<f64>,
    round_rates: Vec<f64>,
    /// Minor page faults of the function per invocation, per round.
    round_faults: Vec<f64>,
}

pub(crate) fn run(bin_dir: &Path, quick: bool) -> io::Result<Value> {
    let plan = Plan::new(quick);
    let payloads: Vec<Payload> = Size::ALL.into_iter().map(generate).collect();
    let mut events: Vec<Event> = payloads.iter().map(Event::new).collect();
    let answers: Vec<Vec<u8>> = payloads.iter().map(|p| p.summary.to_json()).collect();
    let mut functions = Vec::new();
    for name in SUBJECTS {
        functions.push(launch(bin_dir, name)?.function);
    }
    let mut samples = vec![vec![Samples::default(); 3]; SUBJECTS.len()];
    for round in 0..=plan.rounds {
        let warmup = round == 0;
        if !warmup {
            eprint!("  round {round}/{}\r", plan.rounds);
        }
        for k in 0..SUBJECTS.len() {
            let s = (k + round) % SUBJECTS.len();
            let expected: Vec<&[u8]> = if SUBJECTS[s] == "floor-bare" {
                vec![BARE_ANSWER; 3]
            } else {
                answers.iter().map(Vec::as_slice).collect()
            };
            for (p, event) in events.iter_mut().enumerate() {
                let n = if warmup {
                    plan.warmup[p]
                } else {
                    plan.batch[p]
                };
                let function = &mut functions[s];
                let faults_before = minor_faults(function.pid())?;
                let api = &mut function.api;
                let mut latencies = Vec::with_capacity(n);
                let start = Instant::now();
                for _ in 0..n {
                    let (sent, answered) = api.invoke(event, expected[p])?;
                    latencies.push((answered - sent).as_secs_f64() * 1e6);
                    api.read_get()?;
                }
                let wall = start.elapsed().as_secs_f64();
                let faults = minor_faults(function.pid())? - faults_before;
                if !warmup {
                    let cell = &mut samples[s][p];
                    cell.round_faults.push(faults as f64 / n as f64);
                    cell.round_rates.push(n as f64 / wall);
                    cell.round_medians.push(median(&mut latencies.clone()));
                    cell.all.extend_from_slice(&latencies);
                }
            }
        }
    }
    eprintln!();
    drop(functions);
    let mut subjects = Map::new();
    for (s, name) in SUBJECTS.iter().enumerate() {
        let mut sizes = Map::new();
        for (p, size) in Size::ALL.iter().enumerate() {
            let cell = &samples[s][p];
            let floor = &samples[FLOOR][p];
            let bare = &samples[1][p];
            let ratio = |of: &Samples| -> Vec<f64> {
                cell.round_medians
                    .iter()
                    .zip(&of.round_medians)
                    .map(|(a, b)| a / b)
                    .collect()
            };
            let mut all = cell.all.clone();
            sizes.insert(
                size.name().into(),
                json!({
                    "invocations": all.len(),
                    "median_us": round(median(&mut all)),
                    "p99_us": round(percentile(&mut all, 99.0)),
                    "round_median_us": Range::of(&cell.round_medians).json(),
                    "per_second": Range::of(&cell.round_rates).json(),
                    "page_faults_per_invocation": Range::of(&cell.round_faults).json(),
                    "ratio_to_floor": Range::of(&ratio(floor)).json(),
                    "ratio_to_bare_floor": Range::of(&ratio(bare)).json(),
                }),
            );
        }
        subjects.insert((*name).into(), Value::Object(sizes));
    }
    Ok(json!({
        "rounds": plan.rounds,
        "batch": { "S": plan.batch[0], "M": plan.batch[1], "L": plan.batch[2] },
        "subjects": subjects,
    }))
}
