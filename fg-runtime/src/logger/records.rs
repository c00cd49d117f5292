//! `log` records (feature `log`) written through the one log writer: libraries that log with
//! the `log` crate land in the same stream as the function's own lines, with the invocation's
//! request id.

use super::{Filter, Line, Severity, emit, runtime_log};

/// Installs the bridge as the `log` crate's logger, unless the function installed its own.
pub(super) fn install(filter: &Filter) {
    let max = match filter.most_verbose() {
        Severity::Trace => ::log::LevelFilter::Trace,
        Severity::Debug => ::log::LevelFilter::Debug,
        Severity::Info => ::log::LevelFilter::Info,
        Severity::Warn => ::log::LevelFilter::Warn,
        Severity::Error => ::log::LevelFilter::Error,
        Severity::Off => ::log::LevelFilter::Off,
    };
    if ::log::set_logger(&Bridge).is_ok() {
        ::log::set_max_level(max);
    } else {
        runtime_log!(Debug, "a `log` logger was already installed; fg's is not");
    }
}

struct Bridge;

fn severity(level: ::log::Level) -> Severity {
    match level {
        ::log::Level::Trace => Severity::Trace,
        ::log::Level::Debug => Severity::Debug,
        ::log::Level::Info => Severity::Info,
        ::log::Level::Warn => Severity::Warn,
        ::log::Level::Error => Severity::Error,
    }
}

impl ::log::Log for Bridge {
    fn enabled(&self, metadata: &::log::Metadata<'_>) -> bool {
        super::enabled(severity(metadata.level()), metadata.target())
    }

    fn log(&self, record: &::log::Record<'_>) {
        emit(&Line {
            severity: severity(record.level()),
            target: record.target(),
            request_id: None,
            message: record.args(),
            fields: &[],
            spans: &[],
        });
    }

    fn flush(&self) {
        super::flush();
    }
}
