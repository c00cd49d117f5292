//! The function's log lines: one writer for the [`Context`](crate::Context) logger, the
//! runtime's own lines, `tracing` events (feature `tracing`) and `log` records (feature `log`),
//! so they reach standard output whole and in the order they were written.
//!
//! Two formats, chosen with `FG_LOG_FORMAT`: `text` (the default), the platform's own line
//! `<UTC RFC 3339 with ms> <request id> <LEVEL> <message>` (docs/PLATFORM.md §6), and
//! `json`, one object per line with `time`, `level`, `request_id`, `target`, `message` and the
//! event's `fields` and enclosing `spans`. Which lines are written is decided by
//! [`Filter`](filter::Filter), from `FG_LOG_LEVEL` and `RUST_LOG`.

pub(crate) mod filter;
mod format;
#[cfg(feature = "log")]
mod records;
#[cfg(feature = "tracing")]
mod subscriber;

use std::cell::RefCell;
use std::fmt;
use std::io::Write;
use std::sync::OnceLock;
use std::time::SystemTime;

pub(crate) use filter::{Filter, Severity};
pub(crate) use format::{Field, Format, SpanFields};

/// How important a log line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Detail for debugging; hidden unless `FG_LOG_LEVEL=debug`.
    Debug,
    /// Normal operation.
    Info,
    /// Something unexpected that the function survived.
    Warn,
    /// A failure.
    Error,
}

impl Level {
    /// The upper-case name written in log lines (`INFO`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Debug => "DEBUG",
            Self::Info => "INFO",
            Self::Warn => "WARN",
            Self::Error => "ERROR",
        }
    }

    pub(crate) fn severity(self) -> Severity {
        match self {
            Self::Debug => Severity::Debug,
            Self::Info => Severity::Info,
            Self::Warn => Severity::Warn,
            Self::Error => Severity::Error,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where log lines go: standard output on the platform (where the official runtimes write
/// theirs), standard error in local mode (standard output carries the response there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sink {
    Stdout,
    Stderr,
}

/// How logging is set up, read from the environment once at start-up.
#[derive(Clone, Debug)]
pub(crate) struct LogConfig {
    pub(crate) filter: Filter,
    pub(crate) format: Format,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            filter: Filter::new(Severity::Info),
            format: Format::Text,
        }
    }
}

#[derive(Debug)]
struct Settings {
    sink: Sink,
    config: LogConfig,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// The target of the [`Context`](crate::Context) logger's lines.
pub(crate) const CONTEXT_TARGET: &str = "fg_runtime::context";
/// The target of the runtime's own lines.
pub(crate) const RUNTIME_TARGET: &str = "fg_runtime";

/// Fixes the sink, filter and format once, at start-up, and installs the `tracing` subscriber
/// and the `log` logger when those features are on; later calls are ignored.
pub(crate) fn init(sink: Sink, config: LogConfig) {
    let first = SETTINGS.set(Settings { sink, config }).is_ok();
    #[cfg(feature = "tracing")]
    if first {
        subscriber::install(&settings().config.filter);
    }
    #[cfg(feature = "log")]
    if first {
        records::install(&settings().config.filter);
    }
    let _ = first;
}

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        sink: Sink::Stderr,
        config: LogConfig::default(),
    })
}

#[cfg(feature = "log")]
pub(crate) fn enabled(severity: Severity, target: &str) -> bool {
    settings().config.filter.enabled(severity, target)
}

thread_local! {
    /// The request id of the invocation running on this thread, for lines that do not name
    /// one (`tracing` events, `log` records).
    static CURRENT_REQUEST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` as the invocation `request_id`: lines written meanwhile on this thread carry the
/// id, and (feature `tracing`) `f` runs inside an `invocation` span with a `request_id` field.
pub(crate) fn in_invocation<R>(request_id: &str, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT_REQUEST.replace(Some(request_id.to_owned()));
    #[cfg(feature = "tracing")]
    let span = ::tracing::info_span!("invocation", request_id = %request_id).entered();
    let result = f();
    #[cfg(feature = "tracing")]
    drop(span);
    CURRENT_REQUEST.set(previous);
    result
}

/// Runs `f` as the request whose id `request_id` holds, without a span: for the futures of
/// several requests polled in turn on one thread. The id is moved in and back out, so a poll
/// costs no allocation.
#[cfg(feature = "http")]
pub(crate) fn as_request<R>(request_id: &mut Option<String>, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT_REQUEST.replace(request_id.take());
    let result = f();
    *request_id = CURRENT_REQUEST.replace(previous);
    result
}

/// One line to write.
pub(crate) struct Line<'a> {
    pub(crate) severity: Severity,
    pub(crate) target: &'a str,
    /// `None`: the invocation running on this thread, if any.
    pub(crate) request_id: Option<&'a str>,
    pub(crate) message: &'a dyn fmt::Display,
    pub(crate) fields: &'a [Field<'a>],
    pub(crate) spans: &'a [SpanFields<'a>],
}

/// Formats and writes one line if the filter lets it through. A line is written with a
/// single `write` so that lines from several threads do not interleave.
pub(crate) fn emit(line: &Line<'_>) {
    let settings = settings();
    if !settings.config.filter.enabled(line.severity, line.target) {
        return;
    }
    let text = CURRENT_REQUEST.with_borrow(|current| {
        let request_id = line.request_id.or(current.as_deref()).unwrap_or("");
        format::line(settings.config.format, SystemTime::now(), request_id, line)
    });
    // A log line that cannot be written (closed pipe) must not fail the invocation.
    let _ = match settings.sink {
        Sink::Stdout => std::io::stdout().lock().write_all(text.as_bytes()),
        Sink::Stderr => std::io::stderr().lock().write_all(text.as_bytes()),
    };
}

/// Writes one line of the function's own (the [`Context`](crate::Context) logger) or of the
/// runtime, for `request_id` (`""`: no invocation).
pub(crate) fn write(request_id: &str, level: Level, message: fmt::Arguments<'_>) {
    write_at(RUNTIME_TARGET, request_id, level, message);
}

pub(crate) fn write_at(target: &str, request_id: &str, level: Level, message: fmt::Arguments<'_>) {
    emit(&Line {
        severity: level.severity(),
        target,
        request_id: Some(request_id),
        message: &message,
        fields: &[],
        spans: &[],
    });
}

/// Whole milliseconds of `duration`, for messages (`u128` formatting would add its own code
/// to every binary).
pub(crate) fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Pushes buffered lines out (before the process ends).
pub(crate) fn flush() {
    let _ = std::io::stdout().lock().flush();
    let _ = std::io::stderr().lock().flush();
}

/// Writes a line that belongs to no invocation (start-up, runtime-API trouble).
macro_rules! runtime_log {
    ($level:ident, $($arg:tt)+) => {
        $crate::logger::write("", $crate::logger::Level::$level, format_args!($($arg)+))
    };
}
pub(crate) use runtime_log;
