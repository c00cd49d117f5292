//! Which lines are written: a default level (`FG_LOG_LEVEL`, else the bare level in
//! `RUST_LOG`, else `info`) and per-target levels from `RUST_LOG` (`my_fn=debug,hyper=warn`).
//! The longest target prefix wins, as in `env_logger`; the regular-expression and span
//! directives of `tracing-subscriber`'s `EnvFilter` are not supported (they are ignored with a
//! warning).

/// A level including `tracing`'s `TRACE`, and `OFF` for filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Severity {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    /// Only as a threshold: nothing passes.
    Off,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Trace => "TRACE",
            Self::Debug => "DEBUG",
            Self::Info => "INFO",
            Self::Warn => "WARN",
            Self::Error => "ERROR",
            Self::Off => "OFF",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "trace" => Some(Self::Trace),
            "debug" => Some(Self::Debug),
            "info" => Some(Self::Info),
            "warn" | "warning" => Some(Self::Warn),
            "error" => Some(Self::Error),
            "off" | "none" => Some(Self::Off),
            _ => None,
        }
    }
}

/// The levels lines must reach to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Filter {
    default: Severity,
    /// `(target prefix, threshold)`; the longest matching prefix applies.
    targets: Vec<(String, Severity)>,
}

impl Filter {
    pub(crate) fn new(default: Severity) -> Self {
        Self {
            default,
            targets: Vec::new(),
        }
    }

    /// The filter for `FG_LOG_LEVEL` and `RUST_LOG`; returns the directives it could not read.
    pub(crate) fn from_vars(
        fg_log_level: Option<&str>,
        rust_log: Option<&str>,
    ) -> (Self, Vec<String>) {
        let mut ignored = Vec::new();
        let mut filter = Self::new(Severity::Info);
        let mut bare = None;
        for directive in rust_log.unwrap_or("").split(',').map(str::trim) {
            if directive.is_empty() {
                continue;
            }
            match directive.split_once('=') {
                None => match Severity::parse(directive) {
                    Some(level) => bare = Some(level),
                    // A bare target means "everything" for that target, as in env_logger.
                    None if is_target(directive) => {
                        filter.targets.push((directive.to_owned(), Severity::Trace));
                    }
                    None => ignored.push(directive.to_owned()),
                },
                Some((target, level)) => match Severity::parse(level) {
                    Some(level) if is_target(target.trim()) => {
                        filter.targets.push((target.trim().to_owned(), level));
                    }
                    _ => ignored.push(directive.to_owned()),
                },
            }
        }
        let fg_level = fg_log_level.and_then(|l| match Severity::parse(l) {
            Some(level) => Some(level),
            None => {
                ignored.push(format!("FG_LOG_LEVEL={l}"));
                None
            }
        });
        filter.default = fg_level.or(bare).unwrap_or(Severity::Info);
        (filter, ignored)
    }

    pub(crate) fn threshold(&self, target: &str) -> Severity {
        // A loop rather than a sort at start-up: few directives, and less code in the binary.
        let mut best: Option<(usize, Severity)> = None;
        for (prefix, level) in &self.targets {
            let matches = target
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"));
            if matches && best.is_none_or(|(len, _)| prefix.len() >= len) {
                best = Some((prefix.len(), *level));
            }
        }
        best.map_or(self.default, |(_, level)| level)
    }

    pub(crate) fn enabled(&self, severity: Severity, target: &str) -> bool {
        severity != Severity::Off && severity >= self.threshold(target)
    }

    /// The lowest level any target lets through (`Off`: none).
    #[cfg_attr(not(feature = "log"), allow(dead_code))]
    pub(crate) fn most_verbose(&self) -> Severity {
        self.targets
            .iter()
            .map(|&(_, level)| level)
            .fold(self.default, Ord::min)
    }
}

fn is_target(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fg_log_level_sets_the_default() {
        let (filter, ignored) = Filter::from_vars(Some("debug"), None);
        assert!(ignored.is_empty());
        assert!(filter.enabled(Severity::Debug, "anything"));
        assert!(!filter.enabled(Severity::Trace, "anything"));
        let (filter, _) = Filter::from_vars(None, None);
        assert!(!filter.enabled(Severity::Debug, "fg_runtime"));
        assert!(filter.enabled(Severity::Info, "fg_runtime"));
    }

    #[test]
    fn rust_log_sets_levels_per_target() {
        let (filter, ignored) =
            Filter::from_vars(None, Some("warn, my_fn=debug,my_fn::db=trace,hyper=off"));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert!(!filter.enabled(Severity::Info, "other"));
        assert!(filter.enabled(Severity::Debug, "my_fn"));
        assert!(filter.enabled(Severity::Debug, "my_fn::handler"));
        assert!(!filter.enabled(Severity::Trace, "my_fn::handler"));
        assert!(filter.enabled(Severity::Trace, "my_fn::db::pool"));
        assert!(
            !filter.enabled(Severity::Debug, "my_fnx"),
            "prefix at :: only"
        );
        assert!(!filter.enabled(Severity::Error, "hyper::client"));
        assert_eq!(filter.most_verbose(), Severity::Trace);
    }

    #[test]
    fn fg_log_level_wins_over_the_bare_rust_log_level() {
        let (filter, _) = Filter::from_vars(Some("error"), Some("debug,my_fn=info"));
        assert!(!filter.enabled(Severity::Warn, "other"));
        assert!(filter.enabled(Severity::Info, "my_fn"));
    }

    #[test]
    fn unreadable_directives_are_reported() {
        let (filter, ignored) = Filter::from_vars(Some("loud"), Some("a=b,[span]=debug,x/y"));
        assert_eq!(ignored, ["a=b", "[span]=debug", "x/y", "FG_LOG_LEVEL=loud"]);
        assert!(filter.enabled(Severity::Info, "a"));
    }
}
