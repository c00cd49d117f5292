//! Part 2, event decoding: a DIS event parsed and every record decoded, in process, fg's way
//! against plain `serde_json` into borrowed structs + base64 into one reused buffer (S and M
//! too, timed over many events per sample).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use fg_bench::floor::{Event as Borrowed, Work};
use fg_bench::payload::{Size, generate};
use fg_events::dis::{DataError, DisEvent};
use fg_events::encoding::SharedBody;
use serde_json::{Map, Value, json};

use crate::stats::{Range, round};

/// Name, work, and the index of the variant its ratio is taken against.
type Variant = (&'static str, fn(&[u8]) -> usize, usize);

/// Ratios are baseline time / variant time (throughput ratios); parse-only variants are compared
/// with the parse-only baseline.
pub(crate) const VARIANTS: [Variant; 7] = [
    (
        "baseline: serde_json borrowed + base64 reused buffer",
        baseline,
        0,
    ),
    ("fg: runtime decoder + data_into", fg_data_into, 0),
    ("fg: runtime decoder + data()", fg_data, 0),
    ("fg: serde_json::from_slice + data_into", plain_data_into, 0),
    ("parse only: baseline borrowed structs", baseline_parse, 4),
    ("parse only: fg runtime decoder", fg_parse, 4),
    (
        "parse only: serde_json::from_slice::<DisEvent>",
        plain_parse,
        4,
    ),
];

fn baseline(body: &[u8]) -> usize {
    thread_local! { static WORK: std::cell::RefCell<Work> = std::cell::RefCell::default(); }
    WORK.with_borrow_mut(|w| w.summarise(body).map(|s| s.bytes).unwrap_or(0))
}

thread_local! {
    /// The body being measured, shared as the runtime shares an invocation's body.
    static SHARED: std::cell::RefCell<Arc<Vec<u8>>> = std::cell::RefCell::default();
}

/// What the runtime does for `#[dis_handler]`: `serde_json` (on failure, a scan of the body up
/// to the error names the JSON path) inside the scope that lets record `data` share the body
/// instead of copying it.
fn runtime_decode(body: &[u8]) -> DisEvent {
    let shared = SHARED.with_borrow(Arc::clone);
    assert!(
        std::ptr::eq(shared.as_slice(), body),
        "one() shares the body it measures"
    );
    let decoded = SharedBody::scope(&shared, || {
        fg_runtime::__private::dis_decoder::<DisEvent>()(shared.as_slice())
    });
    match decoded {
        Ok(event) => event,
        Err(e) => panic!("{}", e.error_message),
    }
}

fn fg_data_into(body: &[u8]) -> usize {
    let event = runtime_decode(body);
    decode_into(&event).unwrap_or(0)
}

fn decode_into(event: &DisEvent) -> Result<usize, DataError> {
    let mut buf = Vec::new();
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data_into(&mut buf)?.len();
    }
    Ok(bytes)
}

fn fg_data(body: &[u8]) -> usize {
    let event = runtime_decode(body);
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data().map(|d| d.len()).unwrap_or(0);
    }
    bytes
}

fn plain_data_into(body: &[u8]) -> usize {
    let event: DisEvent = serde_json::from_slice(body).unwrap_or_default();
    decode_into(&event).unwrap_or(0)
}

fn baseline_parse(body: &[u8]) -> usize {
    serde_json::from_slice::<Borrowed<'_>>(body)
        .map(|e| e.message.records.len())
        .unwrap_or(0)
}

fn fg_parse(body: &[u8]) -> usize {
    runtime_decode(body).len()
}

fn plain_parse(body: &[u8]) -> usize {
    serde_json::from_slice::<DisEvent>(body)
        .map(|e| e.len())
        .unwrap_or(0)
}

/// The suite's figure is L; S and M show how the costs scale down.
pub(crate) fn run(quick: bool) -> Value {
    let (rounds, per_round) = if quick { (3, 3) } else { (7, 5) };
    let mut sizes = Map::new();
    // Events per timed sample, so that a sample lasts about a millisecond or more.
    for (size, inner) in [(Size::S, 500), (Size::M, 10), (Size::L, 1)] {
        sizes.insert(size.name().into(), one(size, rounds, per_round, inner));
    }
    json!({ "runs": rounds * per_round, "sizes": sizes })
}

fn one(size: Size, rounds: usize, per_round: usize, inner: usize) -> Value {
    let payload = generate(size);
    let shared = Arc::new(payload.body);
    SHARED.with_borrow_mut(|s| *s = Arc::clone(&shared));
    let body = shared.as_slice();
    let mut times = vec![Vec::new(); VARIANTS.len()];
    let mut round_medians = vec![Vec::new(); VARIANTS.len()];
    for (_, f, _) in VARIANTS {
        for _ in 0..inner {
            black_box(f(black_box(body))); // warm-up
        }
    }
    for round in 0..rounds {
        for k in 0..VARIANTS.len() {
            let v = (k + round) % VARIANTS.len();
            let mut this_round = Vec::with_capacity(per_round);
            for _ in 0..per_round {
                let start = Instant::now();
                for _ in 0..inner {
                    black_box(VARIANTS[v].1(black_box(body)));
                }
                this_round.push(start.elapsed().as_secs_f64() * 1e6 / inner as f64);
            }
            times[v].extend_from_slice(&this_round);
            round_medians[v].push(Range::of(&this_round).median);
        }
    }
    let mut variants = Map::new();
    for (v, (name, _, base)) in VARIANTS.iter().enumerate() {
        let us = Range::of(&times[v]);
        let ratios: Vec<f64> = round_medians[*base]
            .iter()
            .zip(&round_medians[v])
            .map(|(base, this)| base / this)
            .collect();
        variants.insert(
            (*name).into(),
            json!({
                "us": us.json(),
                "mb_per_s": round(body.len() as f64 / us.median),
                "ratio_to_baseline": Range::of(&ratios).json(),
            }),
        );
    }
    json!({ "event_bytes": body.len(), "variants": variants })
}
