//! Part 4, memory: peak RSS (`VmHWM`) of a fresh process after its first `GET` (idle), after one
//! S, after one L and after five L, each measured once the function is polling again.

use std::io;
use std::path::Path;

use fg_bench::payload::{Size, generate};
use serde_json::{Map, Value, json};

use crate::api::{Event, launch, peak_rss_kib};
use crate::stats::{Range, round};

/// The floor first.
pub(crate) const SUBJECTS: [&str; 4] = ["floor-work", "fn-user", "fn-lean", "fn-async"];
pub(crate) const POINTS: [&str; 4] = ["idle", "after_S", "after_L", "after_5L"];

pub(crate) fn run(bin_dir: &Path, quick: bool) -> io::Result<Value> {
    let reps = if quick { 2 } else { 5 };
    let s = generate(Size::S);
    let l = generate(Size::L);
    let (s_answer, l_answer) = (s.summary.to_json(), l.summary.to_json());
    let (mut s_event, mut l_event) = (Event::new(&s), Event::new(&l));
    // kib[subject][point]
    let mut kib = vec![vec![Vec::new(); POINTS.len()]; SUBJECTS.len()];
    for _ in 0..reps {
        for (i, name) in SUBJECTS.iter().enumerate() {
            let mut f = launch(bin_dir, name)?.function;
            kib[i][0].push(peak_rss_kib(f.pid())? as f64);
            f.api.invoke(&mut s_event, &s_answer)?;
            f.api.read_get()?;
            kib[i][1].push(peak_rss_kib(f.pid())? as f64);
            drop(f);
            let mut f = launch(bin_dir, name)?.function;
            for n in 1..=5 {
                f.api.invoke(&mut l_event, &l_answer)?;
                f.api.read_get()?;
                if n == 1 {
                    kib[i][2].push(peak_rss_kib(f.pid())? as f64);
                }
            }
            kib[i][3].push(peak_rss_kib(f.pid())? as f64);
        }
    }
    let mut subjects = Map::new();
    for (i, name) in SUBJECTS.iter().enumerate() {
        let mut points = Map::new();
        for (p, point) in POINTS.iter().enumerate() {
            let range = Range::of(&kib[i][p]);
            let floor = Range::of(&kib[0][p]).median;
            points.insert(
                (*point).into(),
                json!({ "kib": range.json(), "ratio_to_floor": round(range.median / floor) }),
            );
        }
        subjects.insert((*name).into(), Value::Object(points));
    }
    Ok(json!({ "repetitions": reps, "subjects": subjects }))
}
