//! `cargo fg replay dis`: a recorded stream, delivered to the function as the DIS trigger
//! delivers it (shards, per-shard sequence numbers, batches, one batch of a shard at a time),
//! through the emulator. Failed batches are retried as configured and then listed.

mod input;
mod plan;
mod report;

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result};
use clap::ArgMatches;
use fg_emulator::Event;

use crate::build::{self, relative};
use crate::invoke::error_summary;
use crate::project::{self, Selection};
use crate::session::{Outcome, Output, Session};
use crate::settings::Settings;

use self::input::Split;
use self::plan::{Batch, Limits};
use self::report::{Failed, Report};

/// `cargo fg replay <source>`; DIS is the only source so far.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    match matches.subcommand() {
        Some(("dis", m)) => dis(m),
        _ => unreachable!("clap requires a known replay source"),
    }
}

fn dis(matches: &ArgMatches) -> Result<bool> {
    let input_path = PathBuf::from(
        matches
            .get_one::<String>("input")
            .expect("clap requires --input"),
    );
    let split = matches.get_one::<String>("split").map(|s| {
        if s == "json" {
            Split::Json
        } else {
            Split::Lines
        }
    });
    let key = matches.get_one::<String>("key").map(String::as_str);
    // Read the input before building: a missing file is reported at once.
    let inputs = input::read(&input_path, split, key)?;
    let stream = matches
        .get_one::<String>("stream")
        .cloned()
        .unwrap_or_else(|| {
            input_path
                .file_stem()
                .map_or_else(|| "replay".to_owned(), |s| s.to_string_lossy().into_owned())
        });
    let shards = matches.get_one::<u32>("shards").copied().unwrap_or(1);
    let limits = Limits {
        records: matches.get_one::<u32>("batch-size").copied().unwrap_or(100) as usize,
        bytes: matches
            .get_one::<u64>("max-bytes")
            .copied()
            .unwrap_or(4 * 1024 * 1024),
    };
    let retries = matches.get_one::<u32>("retries").copied().unwrap_or(0);
    let rate = matches.get_one::<u32>("rate").copied();

    let function = project::locate(&Selection::from_matches(matches))?;
    let bootstrap = build::build(&function, matches.get_flag("release"))?;
    let settings = Settings::from_matches(matches, function.name())?;
    let log_dir = function.target_dir.join("fg").join("replay");
    std::fs::create_dir_all(&log_dir)
        .with_context(|| format!("cannot create {}", log_dir.display()))?;
    let log = log_dir.join(format!("{}.log", function.name()));
    let mut session = Session::new(
        Some(bootstrap.path),
        &settings,
        Output::File(log.clone()),
        0,
    )?;
    session.start()?;

    let records_total = inputs.len();
    let now = now_ms();
    let plan = plan::plan(inputs, shards as usize, limits, now);
    let mut report = Report::new(records_total);
    let started = Instant::now();
    let mut sent = 0usize;
    for batch in &plan.batches {
        if let Some(rate) = rate {
            pace(started, sent, rate);
        }
        sent += batch.records.len();
        deliver(&mut session, batch, &stream, retries, &mut report)?;
    }
    let heading = format!(
        "replayed {records_total} records of {} to `{}` as DIS stream `{stream}`: {shards} \
         shard{}, batches of at most {} records and {} bytes; the function started {} time{}",
        relative(&input_path),
        function.name(),
        if shards == 1 { "" } else { "s" },
        limits.records,
        limits.bytes,
        session.starts(),
        if session.starts() == 1 { "" } else { "s" },
    );
    let ok = !report.has_failures() && plan.oversized.is_empty();
    report.finish(&heading, &plan.oversized, retries + 1, &relative(&log));
    Ok(ok)
}

/// Invokes the function with `batch` until it succeeds or the retries are spent.
fn deliver(
    session: &mut Session,
    batch: &Batch,
    stream: &str,
    retries: u32,
    report: &mut Report,
) -> Result<()> {
    let mut reason = String::new();
    for _attempt in 0..=retries {
        // DIS invokes asynchronously (docs/PLATFORM.md §10.3); a retry is a new invocation with a
        // new id.
        let event = Event::new(batch.event(stream, now_ms())).asynchronous();
        match session.invoke(event)? {
            Outcome::Answered { answer, took } => {
                report.latency(took);
                if answer.is_response() {
                    report.ok(batch.records.len());
                    return Ok(());
                }
                reason = error_summary(&answer);
            }
            Outcome::TimedOut { after } => {
                reason = format!("no answer within the timeout of {} s", after.as_secs());
            }
            Outcome::Exited { status } => {
                reason = format!("the function exited ({status}) during the invocation");
            }
            Outcome::NotTaken => unreachable!("replay starts the function itself"),
        }
        report.error();
    }
    report.failed(Failed {
        order: (batch.shard_id.clone(), batch.first),
        range: batch.range(),
        records: batch.records.len(),
        reason: shorten(&reason, 300),
    });
    Ok(())
}

/// Waits until sending `sent` records keeps within `rate` records per second.
fn pace(started: Instant, sent: usize, rate: u32) {
    // Precision loss is irrelevant at these magnitudes.
    #[allow(clippy::cast_precision_loss)]
    let due = started + Duration::from_secs_f64(sent as f64 / f64::from(rate));
    let now = Instant::now();
    if due > now {
        std::thread::sleep(due - now);
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn shorten(text: &str, limit: usize) -> String {
    let one_line = text.replace('\n', " ");
    match one_line.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}
