//! What `cargo fg` writes for people: cargo-style status lines and errors on standard error,
//! sizes and durations in readable units. Results meant for scripts (a response body, a path)
//! go to standard output instead.

use std::fmt::Display;
use std::time::Duration;

/// A status line, cargo style: `    Invoking dis with examples/events/dis.json`.
pub(crate) fn status(word: &str, message: impl Display) {
    eprintln!("{word:>12} {message}");
}

/// A warning line.
pub(crate) fn warning(message: impl Display) {
    eprintln!("warning: {message}");
}

/// An error with its chain of causes, one per line.
pub(crate) fn error(error: &anyhow::Error) {
    eprintln!("error: {error}");
    for cause in error.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}

/// `532 B`, `12.3 KiB`, `4.1 MiB`.
pub(crate) fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Precision loss is irrelevant for a human-readable size.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `850 µs`, `12.4 ms`, `3.02 s`.
pub(crate) fn duration(d: Duration) -> String {
    let micros = d.as_micros();
    if micros < 1000 {
        format!("{micros} µs")
    } else if micros < 1_000_000 {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// The nearest-rank percentile `q` (0 to 1) of sorted durations.
pub(crate) fn percentile(sorted: &[Duration], q: f64) -> Option<Duration> {
    // Precision and sign do not matter for a rank among at most millions of values.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
}

/// [`percentile`] as text, `-` when there are no values.
pub(crate) fn percentile_text(sorted: &[Duration], q: f64) -> String {
    percentile(sorted, q).map_or_else(|| "-".to_owned(), duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(size(532), "532 B");
        assert_eq!(size(12 * 1024 + 300), "12.3 KiB");
        assert_eq!(size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(duration(Duration::from_micros(850)), "850 µs");
        assert_eq!(duration(Duration::from_micros(12_400)), "12.4 ms");
        assert_eq!(duration(Duration::from_millis(3020)), "3.02 s");
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let ms: Vec<_> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&ms, 0.50), Some(Duration::from_millis(50)));
        assert_eq!(percentile(&ms, 0.99), Some(Duration::from_millis(99)));
        assert_eq!(percentile(&ms[..1], 0.99), Some(Duration::from_millis(1)));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
