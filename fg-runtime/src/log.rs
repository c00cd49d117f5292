//! The function's log lines, in the format the platform's own runtimes write:
//! `<UTC RFC 3339 with ms> <request id> <LEVEL> <message>` (§6 of the platform notes).

use std::fmt;
use std::io::Write;
use std::sync::OnceLock;
use std::time::SystemTime;

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

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "debug" | "trace" => Some(Self::Debug),
            "info" => Some(Self::Info),
            "warn" | "warning" => Some(Self::Warn),
            "error" => Some(Self::Error),
            _ => None,
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

#[derive(Debug)]
struct Settings {
    sink: Sink,
    min_level: Level,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Fixes the sink and level once, at start-up; later calls are ignored.
pub(crate) fn init(sink: Sink, min_level: Level) {
    let _ = SETTINGS.set(Settings { sink, min_level });
}

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        sink: Sink::Stderr,
        min_level: Level::Info,
    })
}

/// Writes one log line. A line is written with a single `write` so that lines from several
/// threads do not interleave.
pub(crate) fn write(request_id: &str, level: Level, message: fmt::Arguments<'_>) {
    let settings = settings();
    if level < settings.min_level {
        return;
    }
    let line = format_line(SystemTime::now(), request_id, level, message);
    // A log line that cannot be written (closed pipe) must not fail the invocation.
    let _ = match settings.sink {
        Sink::Stdout => std::io::stdout().lock().write_all(line.as_bytes()),
        Sink::Stderr => std::io::stderr().lock().write_all(line.as_bytes()),
    };
}

pub(crate) fn format_line(
    at: SystemTime,
    request_id: &str,
    level: Level,
    message: fmt::Arguments<'_>,
) -> String {
    let request_id = if request_id.is_empty() {
        "-"
    } else {
        request_id
    };
    let mut line = format!(
        "{} {request_id} {level} {message}",
        humantime::format_rfc3339_millis(at)
    );
    line.push('\n');
    line
}

/// Writes a line that belongs to no invocation (start-up, runtime-API trouble).
macro_rules! runtime_log {
    ($level:ident, $($arg:tt)+) => {
        $crate::log::write("", $crate::log::Level::$level, format_args!($($arg)+))
    };
}
pub(crate) use runtime_log;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn line_format_matches_the_platform() {
        let at = UNIX_EPOCH + Duration::from_millis(1_509_606_392_191);
        let line = format_line(at, "req-1", Level::Warn, format_args!("hello {}", 42));
        assert_eq!(line, "2017-11-02T07:06:32.191Z req-1 WARN hello 42\n");
        let line = format_line(at, "", Level::Info, format_args!("x"));
        assert_eq!(line, "2017-11-02T07:06:32.191Z - INFO x\n");
    }

    #[test]
    fn levels_parse_leniently() {
        assert_eq!(Level::parse(" DEBUG "), Some(Level::Debug));
        assert_eq!(Level::parse("warning"), Some(Level::Warn));
        assert_eq!(Level::parse("loud"), None);
    }
}
