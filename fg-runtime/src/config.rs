//! The environment, read once at start-up (docs/PLATFORM.md §2.5). A variable that is
//! missing or malformed falls back to the platform's default with a warning: nothing the
//! platform sets can stop the function from starting.

use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::constants::{
    API_UNREACHABLE_TIMEOUT_VAR, CONTAINER_MAX_CONNECTIONS_VAR, CONTAINER_WORKERS_VAR,
    DEFAULT_CONTAINER_MAX_CONNECTIONS, DEFAULT_CONTAINER_PORT, DEFAULT_CONTAINER_WORKERS,
    DEFAULT_MAX_EVENT_SIZE, DEFAULT_MAX_RESPONSE_SIZE, HOST_VAR, LOG_FORMAT_VAR, LOG_LEVEL_VAR,
    MAX_EVENT_SIZE_VAR, MODE_VAR, PORT_VAR,
};
use crate::logger::{Filter, Format, LogConfig, runtime_log};

/// The timeout the Go runtime assumes when `RUNTIME_TIMEOUT` is unset.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// How long a runtime API that refuses connections is retried before the process gives up.
const DEFAULT_UNREACHABLE_LIMIT: Duration = Duration::from_secs(60);

/// The function's configuration as the platform exports it, shared by every invocation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FunctionConfig {
    pub(crate) function_name: String,
    pub(crate) version: String,
    pub(crate) package: String,
    pub(crate) project_id: String,
    pub(crate) handler: String,
    pub(crate) alias: String,
    pub(crate) initializer_handler: String,
    pub(crate) initializer_timeout: Option<Duration>,
    pub(crate) code_root: String,
    /// The instance's pod (`PAAS_POD_ID`, set in container images).
    pub(crate) pod_id: String,
    pub(crate) memory_mb: u32,
    pub(crate) cpu: u32,
    pub(crate) timeout: Duration,
    pub(crate) max_response_size: usize,
    pub(crate) user_data: BTreeMap<String, String>,
}

/// How the process serves events: `FG_MODE=container` for a container image, otherwise the
/// custom runtime's API when `RUNTIME_API_ADDR` is set, otherwise local mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Poll the runtime API at this address.
    Api(String),
    /// Serve `POST /invoke` and `POST /init` on this address (`FG_HOST`, `FG_PORT`), running
    /// up to `workers` sync invocations at once (`FG_CONTAINER_WORKERS`), on up to
    /// `max_connections` connections (`FG_CONTAINER_MAX_CONNECTIONS`).
    Container {
        host: String,
        port: u16,
        workers: usize,
        max_connections: usize,
    },
    /// Run once on an event from a file or standard input.
    Local,
}

/// How the runtime itself behaves: where events come from, limits, logging.
#[derive(Clone, Debug)]
pub(crate) struct RuntimeConfig {
    pub(crate) mode: Mode,
    pub(crate) max_event_size: usize,
    pub(crate) unreachable_limit: Duration,
    pub(crate) log: LogConfig,
    /// What is wrong with the logging variables, to be logged once logging is set up.
    pub(crate) log_warnings: Vec<String>,
}

/// Reads a variable through `lookup` so tests need not touch the process environment.
pub(crate) trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
#[derive(Debug)]
pub(crate) struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl Env for [(&str, &str)] {
    fn var(&self, name: &str) -> Option<String> {
        self.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

fn text(env: &(impl Env + ?Sized), name: &str) -> String {
    env.var(name).unwrap_or_default()
}

pub(crate) fn number<T: TryFrom<u64>>(env: &(impl Env + ?Sized), name: &str) -> Option<T> {
    // One parser for every integer type: each instance of `parsed` costs the bootstrap ~500
    // bytes.
    let n = integer(env, name)?;
    let fits = T::try_from(n).ok();
    if fits.is_none() {
        runtime_log!(Warn, "{name}={n} is out of range; using the default");
    }
    fits
}

fn integer(env: &(impl Env + ?Sized), name: &str) -> Option<u64> {
    parsed(env, name, "a number", |raw| raw.parse().ok())
}

/// Where a server of fg listens: `FG_HOST` (else `default_host`) and `FG_PORT` (else 8000).
pub(crate) fn listen_address(env: &(impl Env + ?Sized), default_host: &str) -> (String, u16) {
    let host = env
        .var(HOST_VAR)
        .filter(|h| !h.trim().is_empty())
        .unwrap_or_else(|| default_host.to_owned());
    (
        host,
        number(env, PORT_VAR).unwrap_or(DEFAULT_CONTAINER_PORT),
    )
}

/// A duration in seconds, fractions allowed (`30`, `1.5`).
pub(crate) fn seconds(env: &(impl Env + ?Sized), name: &str) -> Option<Duration> {
    // serde_json's number parser is in every fg binary already; `f64::from_str` would add its
    // own 13 KiB of tables for these three variables.
    parsed(env, name, "a number of seconds", |raw| {
        serde_json::from_str::<f64>(raw)
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
    })
}

/// The variable parsed by `parse`; unset or blank gives `None`, and so does a value `parse`
/// rejects, with a warning saying the default is used.
fn parsed<T>(
    env: &(impl Env + ?Sized),
    name: &str,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Option<T> {
    let raw = env.var(name)?;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let value = parse(raw);
    if value.is_none() {
        runtime_log!(
            Warn,
            "{name}={raw:?} is not {what}; using the default instead"
        );
    }
    value
}

/// `RUNTIME_USERDATA` is a JSON object; the Go runtime reads it as `map[string]string`. Values
/// that are not strings are kept in their JSON text so that nothing is silently dropped.
fn user_data(raw: Option<String>) -> BTreeMap<String, String> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return BTreeMap::new();
    };
    // Raw values rather than `serde_json::Value`: the text is all that is kept, and `Value`
    // would link a second JSON tree and number formatting into every function (about 6 KiB).
    match serde_json::from_str::<BTreeMap<String, &RawValue>>(&raw) {
        Ok(map) => {
            // Inserted one by one: `collect` into a `BTreeMap` sorts first, which links a
            // stable sort (4 KiB) for keys that are already in order.
            let mut texts = BTreeMap::new();
            for (key, value) in map {
                let text = serde_json::from_str::<String>(value.get())
                    .unwrap_or_else(|_| value.get().to_owned());
                texts.insert(key, text);
            }
            texts
        }
        Err(e) => {
            runtime_log!(
                Warn,
                "RUNTIME_USERDATA is not a JSON object ({e}); user data is empty"
            );
            BTreeMap::new()
        }
    }
}

/// `FG_LOG_LEVEL`, `RUST_LOG` and `FG_LOG_FORMAT`, and what is wrong with them: the warnings
/// are written once logging is set up ([`RuntimeConfig::log_warnings`]).
fn log_config(env: &(impl Env + ?Sized)) -> (LogConfig, Vec<String>) {
    let (filter, ignored) = Filter::from_vars(
        env.var(LOG_LEVEL_VAR).as_deref(),
        env.var("RUST_LOG").as_deref(),
    );
    let mut warnings: Vec<String> = ignored
        .into_iter()
        .map(|d| format!("log filter directive {d:?} not understood; ignored"))
        .collect();
    let format = match env.var(LOG_FORMAT_VAR) {
        None => Format::Text,
        Some(f) => Format::parse(&f).unwrap_or_else(|| {
            warnings.push(format!(
                "FG_LOG_FORMAT={f:?} is not `text` or `json`; using text"
            ));
            Format::Text
        }),
    };
    (LogConfig { filter, format }, warnings)
}

impl FunctionConfig {
    pub(crate) fn from_env(env: &(impl Env + ?Sized)) -> Self {
        Self {
            function_name: text(env, "RUNTIME_FUNC_NAME"),
            version: text(env, "RUNTIME_FUNC_VERSION"),
            package: text(env, "RUNTIME_PACKAGE"),
            project_id: text(env, "RUNTIME_PROJECT_ID"),
            handler: text(env, "RUNTIME_HANDLER"),
            alias: text(env, "RUNTIME_ALIAS"),
            initializer_handler: text(env, "RUNTIME_INITIALIZER_HANDLER"),
            initializer_timeout: seconds(env, "RUNTIME_INITIALIZER_TIMEOUT"),
            code_root: text(env, "RUNTIME_CODE_ROOT"),
            pod_id: text(env, "PAAS_POD_ID"),
            memory_mb: number(env, "RUNTIME_MEMORY").unwrap_or(0),
            cpu: number(env, "RUNTIME_CPU").unwrap_or(0),
            timeout: seconds(env, "RUNTIME_TIMEOUT")
                .filter(|t| !t.is_zero())
                .unwrap_or(DEFAULT_TIMEOUT),
            max_response_size: number(env, "RUNTIME_MAX_RESP_BODY_SIZE")
                .unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            user_data: user_data(env.var("RUNTIME_USERDATA")),
        }
    }
}

/// A positive count of container mode's, `default` when unset, zero or malformed (and always
/// without the `container` feature).
fn container_limit(env: &(impl Env + ?Sized), name: &str, default: usize) -> usize {
    if cfg!(feature = "container") {
        number(env, name).filter(|&n| n > 0).unwrap_or(default)
    } else {
        default
    }
}

impl RuntimeConfig {
    pub(crate) fn from_env(env: &(impl Env + ?Sized)) -> Self {
        let api_addr = env.var("RUNTIME_API_ADDR").filter(|a| !a.trim().is_empty());
        let mode = match env.var(MODE_VAR).map(|m| m.trim().to_ascii_lowercase()) {
            Some(m) if m == "container" => {
                let (host, port) = listen_address(env, "0.0.0.0");
                Mode::Container {
                    host,
                    port,
                    // Read only where container mode can run: not a byte of them in a zip
                    // bootstrap.
                    workers: container_limit(env, CONTAINER_WORKERS_VAR, DEFAULT_CONTAINER_WORKERS),
                    max_connections: container_limit(
                        env,
                        CONTAINER_MAX_CONNECTIONS_VAR,
                        DEFAULT_CONTAINER_MAX_CONNECTIONS,
                    ),
                }
            }
            Some(m) if !m.is_empty() && m != "api" && m != "local" => {
                runtime_log!(
                    Warn,
                    "FG_MODE={m:?} is not `container`, `api` or `local`; choosing by RUNTIME_API_ADDR"
                );
                api_addr.map_or(Mode::Local, Mode::Api)
            }
            Some(m) if m == "local" => Mode::Local,
            _ => api_addr.map_or(Mode::Local, Mode::Api),
        };
        let (log, log_warnings) = log_config(env);
        Self {
            mode,
            max_event_size: number(env, MAX_EVENT_SIZE_VAR).unwrap_or(DEFAULT_MAX_EVENT_SIZE),
            unreachable_limit: seconds(env, API_UNREACHABLE_TIMEOUT_VAR)
                .unwrap_or(DEFAULT_UNREACHABLE_LIMIT),
            log,
            log_warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_variables_are_read() {
        let env: &[(&str, &str)] = &[
            ("RUNTIME_FUNC_NAME", "ingest"),
            ("RUNTIME_TIMEOUT", "30"),
            ("RUNTIME_MEMORY", "256"),
            (
                "RUNTIME_USERDATA",
                r#"{"TABLE":"clicks","RETRIES":3,"QUOTE":"say \"hi\"","LIMITS":{"rps": [1, 2.5]},"OFF":null}"#,
            ),
            ("RUNTIME_MAX_RESP_BODY_SIZE", "1000"),
        ];
        let config = FunctionConfig::from_env(env);
        assert_eq!(config.function_name, "ingest");
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(config.memory_mb, 256);
        assert_eq!(config.user_data["TABLE"], "clicks");
        assert_eq!(config.user_data["RETRIES"], "3");
        assert_eq!(config.user_data["QUOTE"], r#"say "hi""#);
        assert_eq!(config.user_data["LIMITS"], r#"{"rps": [1, 2.5]}"#);
        assert_eq!(config.user_data["OFF"], "null");
        assert_eq!(config.max_response_size, 1000);
    }

    #[test]
    fn timeouts_take_fractions_and_reject_what_is_not_a_duration() {
        let timeout = |raw: &str| FunctionConfig::from_env(&[("RUNTIME_TIMEOUT", raw)][..]).timeout;
        assert_eq!(timeout("1.5"), Duration::from_millis(1500));
        assert_eq!(timeout(" 900 "), Duration::from_secs(900));
        for bad in ["-1", "1e300", "NaN", "inf", "30s", "0"] {
            assert_eq!(timeout(bad), DEFAULT_TIMEOUT, "RUNTIME_TIMEOUT={bad}");
        }
    }

    #[test]
    fn logging_variables_that_are_not_understood_are_warned_about_once_logging_is_up() {
        let env: &[(&str, &str)] = &[("RUST_LOG", "info,[span]=debug"), ("FG_LOG_FORMAT", "xml")];
        let config = RuntimeConfig::from_env(env);
        assert_eq!(config.log.format, Format::Text);
        assert_eq!(
            config.log_warnings,
            [
                r#"log filter directive "[span]=debug" not understood; ignored"#,
                r#"FG_LOG_FORMAT="xml" is not `text` or `json`; using text"#,
            ]
        );
        assert!(RuntimeConfig::from_env(&[][..]).log_warnings.is_empty());
    }

    #[test]
    fn malformed_variables_fall_back_to_defaults() {
        let env: &[(&str, &str)] = &[
            ("RUNTIME_TIMEOUT", "soon"),
            ("RUNTIME_MEMORY", "-1"),
            ("RUNTIME_USERDATA", "not json"),
        ];
        let config = FunctionConfig::from_env(env);
        assert_eq!(config.timeout, DEFAULT_TIMEOUT);
        assert_eq!(config.memory_mb, 0);
        assert!(config.user_data.is_empty());
        assert_eq!(config.max_response_size, DEFAULT_MAX_RESPONSE_SIZE);
        let runtime = RuntimeConfig::from_env(&[("RUNTIME_API_ADDR", " ")][..]);
        assert_eq!(runtime.mode, Mode::Local);
    }

    #[test]
    fn integers_out_of_their_range_fall_back_to_the_default() {
        let env: &[(&str, &str)] = &[("FG_MODE", "container"), ("FG_PORT", "70000")];
        let Mode::Container { port, .. } = RuntimeConfig::from_env(env).mode else {
            panic!("container mode expected");
        };
        assert_eq!(port, DEFAULT_CONTAINER_PORT);
        let config = FunctionConfig::from_env(&[("RUNTIME_MEMORY", "99999999999")][..]);
        assert_eq!(config.memory_mb, 0);
    }

    #[test]
    fn the_mode_comes_from_fg_mode_then_the_api_address() {
        let mode = |env: &[(&str, &str)]| RuntimeConfig::from_env(env).mode;
        assert_eq!(
            mode(&[("RUNTIME_API_ADDR", "127.0.0.1:9000")]),
            Mode::Api("127.0.0.1:9000".into())
        );
        assert_eq!(
            mode(&[("FG_MODE", "container"), ("RUNTIME_API_ADDR", "x:1")]),
            Mode::Container {
                host: "0.0.0.0".into(),
                port: DEFAULT_CONTAINER_PORT,
                workers: DEFAULT_CONTAINER_WORKERS,
                max_connections: DEFAULT_CONTAINER_MAX_CONNECTIONS,
            }
        );
        assert_eq!(
            mode(&[
                ("FG_MODE", "Container"),
                ("FG_PORT", "0"),
                ("FG_HOST", "127.0.0.1"),
                ("FG_CONTAINER_WORKERS", "4"),
                ("FG_CONTAINER_MAX_CONNECTIONS", "3")
            ]),
            Mode::Container {
                host: "127.0.0.1".into(),
                port: 0,
                // Read only with the `container` feature.
                workers: if cfg!(feature = "container") {
                    4
                } else {
                    DEFAULT_CONTAINER_WORKERS
                },
                max_connections: if cfg!(feature = "container") {
                    3
                } else {
                    DEFAULT_CONTAINER_MAX_CONNECTIONS
                },
            }
        );
        assert_eq!(
            mode(&[("FG_MODE", "local"), ("RUNTIME_API_ADDR", "x:1")]),
            Mode::Local
        );
    }
}
