//! What `replay` shows: a progress bar while it runs (records, batches, errors, records/s; on
//! standard error, and only on a terminal) and a summary at the end: every failed batch with its
//! sequence range, nothing left out.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::plan::Oversized;
use crate::ui;

/// A batch that still failed after its retries.
#[derive(Debug)]
pub(crate) struct Failed {
    /// The shard and the first sequence number, to list failures in stream order.
    pub(crate) order: (String, u64),
    /// `shardId-0000000001 100-199`.
    pub(crate) range: String,
    pub(crate) records: usize,
    /// Why its last attempt failed.
    pub(crate) reason: String,
}

/// The running tally of a replay.
#[derive(Debug)]
pub(crate) struct Report {
    progress: ProgressBar,
    started: Instant,
    records_total: usize,
    delivered: usize,
    ok_batches: usize,
    failed: Vec<Failed>,
    /// Attempts that failed, retried or not.
    errors: usize,
    /// Invocation latencies of every attempt that got an answer.
    latencies: Vec<Duration>,
}

impl Report {
    /// Starts the progress bar for `records_total` records.
    pub(crate) fn new(records_total: usize) -> Self {
        // stderr, hidden by indicatif when stderr is not a terminal (CI, pipes, tests).
        let progress =
            ProgressBar::with_draw_target(Some(records_total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed} [{bar:25}] {pos}/{len} records, {rate}  {msg}")
        {
            let style = style.progress_chars("=> ").with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            );
            progress.set_style(style);
        }
        let report = Self {
            progress,
            started: Instant::now(),
            records_total,
            delivered: 0,
            ok_batches: 0,
            failed: Vec::new(),
            errors: 0,
            latencies: Vec::new(),
        };
        report.update();
        report
    }

    /// An attempt took this long and got an answer.
    pub(crate) fn latency(&mut self, took: Duration) {
        self.latencies.push(took);
    }

    /// An attempt failed (it may be retried).
    pub(crate) fn error(&mut self) {
        self.errors += 1;
        self.update();
    }

    /// A batch of `records` records was processed.
    pub(crate) fn ok(&mut self, records: usize) {
        self.ok_batches += 1;
        self.delivered += records;
        self.progress.inc(records as u64);
        self.update();
    }

    /// A batch failed for good.
    pub(crate) fn failed(&mut self, failed: Failed) {
        self.progress.inc(failed.records as u64);
        self.failed.push(failed);
        self.update();
    }

    /// Whether any batch failed.
    pub(crate) fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }

    fn update(&self) {
        self.progress.set_message(format!(
            "batches: {} ok, {} failed; {} errors",
            self.ok_batches,
            self.failed.len(),
            self.errors
        ));
    }

    /// Clears the progress bar and prints the summary on standard output.
    pub(crate) fn finish(
        mut self,
        heading: &str,
        oversized: &[Oversized],
        attempts: u32,
        log: &str,
    ) {
        self.progress.finish_and_clear();
        let elapsed = self.started.elapsed();
        let batches = self.ok_batches + self.failed.len();
        let failed_records: usize = self.failed.iter().map(|f| f.records).sum();
        println!("{heading}");
        println!(
            "  batches:  {} ok, {} failed, {batches} in all ({} failed attempts)",
            self.ok_batches,
            self.failed.len(),
            self.errors
        );
        println!(
            "  records:  {} of {} delivered, {failed_records} in failed batches, {} too large to fetch",
            self.delivered,
            self.records_total,
            oversized.len()
        );
        self.latencies.sort_unstable();
        println!(
            "  latency:  p50 {}, p99 {}, max {} ({} invocations)",
            ui::percentile_text(&self.latencies, 0.50),
            ui::percentile_text(&self.latencies, 0.99),
            self.latencies
                .last()
                .copied()
                .map_or_else(|| "-".to_owned(), ui::duration),
            self.latencies.len()
        );
        let secs = elapsed.as_secs_f64().max(1e-6);
        // Precision loss is irrelevant for a rate shown to one decimal.
        #[allow(clippy::cast_precision_loss)]
        let rate = self.delivered as f64 / secs;
        println!(
            "  time:     {} ({rate:.0} records/s)",
            ui::duration(elapsed)
        );
        println!("  logs:     {log}");
        if !self.failed.is_empty() {
            self.failed.sort_by(|a, b| a.order.cmp(&b.order));
            let tries = if attempts == 1 {
                "tried once".to_owned()
            } else {
                format!("tried {attempts} times")
            };
            println!("failed batches ({tries} each; redeliver them or fix the function):");
            for failed in &self.failed {
                println!(
                    "  {} ({} records): {}",
                    failed.range, failed.records, failed.reason
                );
            }
        }
        if !oversized.is_empty() {
            println!("records larger than --max-bytes (the trigger does not fetch them):");
            for record in oversized {
                println!(
                    "  {} {} ({})",
                    record.shard_id,
                    record.sequence,
                    ui::size(record.bytes as u64)
                );
            }
        }
    }
}
