//! Part 3, cold start: each subject spawned fresh many times (interleaved). `ready` = exec →
//! first `GET` read by the driver; `first` = exec → first S answer read.

use std::io;
use std::path::Path;

use fg_bench::payload::{Size, generate};
use serde_json::{Map, Value, json};

use crate::api::{Event, launch};
use crate::stats::Range;

/// The floor first.
pub(crate) const SUBJECTS: [&str; 3] = ["floor-work", "fn-user", "fn-async"];

pub(crate) fn run(bin_dir: &Path, quick: bool) -> io::Result<Value> {
    let runs = if quick { 30 } else { 200 };
    let warmup = 5;
    let payload = generate(Size::S);
    let expected = payload.summary.to_json();
    let mut event = Event::new(&payload);
    let mut ready = vec![Vec::new(); SUBJECTS.len()];
    let mut first = vec![Vec::new(); SUBJECTS.len()];
    for i in 0..warmup + runs {
        if i % 20 == 0 {
            eprint!("  run {i}/{}\r", warmup + runs);
        }
        for (s, name) in SUBJECTS.iter().enumerate() {
            let mut launched = launch(bin_dir, name)?;
            let (_, answered) = launched.function.api.invoke(&mut event, &expected)?;
            if i >= warmup {
                ready[s].push((launched.first_get - launched.spawned).as_secs_f64() * 1e3);
                first[s].push((answered - launched.spawned).as_secs_f64() * 1e3);
            }
        }
    }
    eprintln!();
    let mut subjects = Map::new();
    for (s, name) in SUBJECTS.iter().enumerate() {
        let r = Range::of(&ready[s]);
        let f = Range::of(&first[s]);
        let floor_r = Range::of(&ready[0]).median;
        let floor_f = Range::of(&first[0]).median;
        subjects.insert(
            (*name).into(),
            json!({
                "ready_ms": r.json(),
                "first_response_ms": f.json(),
                "ready_ratio_to_floor": crate::stats::round(r.median / floor_r),
                "first_response_ratio_to_floor": crate::stats::round(f.median / floor_f),
            }),
        );
    }
    Ok(json!({ "runs": runs, "subjects": subjects }))
}
