//! The environment, read once at start-up (§2.5 of the platform notes). A variable that is
//! missing or malformed falls back to the platform's default with a warning: nothing the
//! platform sets can stop the function from starting.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::log::{Level, runtime_log};

/// The platform's default response limit, `RUNTIME_MAX_RESP_BODY_SIZE` (6 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 6_291_456;

/// Events larger than this are refused unread. Above the platform's 6 MB request limit so that
/// nothing the platform accepts is refused here.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 8 * 1024 * 1024;

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
    pub(crate) memory_mb: u32,
    pub(crate) cpu: u32,
    pub(crate) timeout: Duration,
    pub(crate) max_response_size: usize,
    pub(crate) user_data: BTreeMap<String, String>,
}

/// How the runtime itself behaves: where the API is, limits, logging.
#[derive(Clone, Debug)]
pub(crate) struct RuntimeConfig {
    /// `RUNTIME_API_ADDR`; local mode when unset.
    pub(crate) api_addr: Option<String>,
    pub(crate) max_event_size: usize,
    pub(crate) unreachable_limit: Duration,
    pub(crate) log_level: Level,
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

fn number<T: std::str::FromStr>(env: &(impl Env + ?Sized), name: &str) -> Option<T> {
    let raw = env.var(name)?;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            runtime_log!(
                Warn,
                "{name}={raw:?} is not a number; using the default instead"
            );
            None
        }
    }
}

fn seconds(env: &(impl Env + ?Sized), name: &str) -> Option<Duration> {
    number::<f64>(env, name)
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// `RUNTIME_USERDATA` is a JSON object; the Go runtime reads it as `map[string]string`. Values
/// that are not strings are kept in their JSON text so that nothing is silently dropped.
fn user_data(raw: Option<String>) -> BTreeMap<String, String> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return BTreeMap::new();
    };
    match serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&raw) {
        Ok(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect(),
        Err(e) => {
            runtime_log!(
                Warn,
                "RUNTIME_USERDATA is not a JSON object ({e}); user data is empty"
            );
            BTreeMap::new()
        }
    }
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

impl RuntimeConfig {
    pub(crate) fn from_env(env: &(impl Env + ?Sized)) -> Self {
        Self {
            api_addr: env.var("RUNTIME_API_ADDR").filter(|a| !a.trim().is_empty()),
            max_event_size: number(env, "FG_MAX_EVENT_SIZE").unwrap_or(DEFAULT_MAX_EVENT_SIZE),
            unreachable_limit: seconds(env, "FG_API_UNREACHABLE_TIMEOUT")
                .unwrap_or(DEFAULT_UNREACHABLE_LIMIT),
            log_level: env
                .var("FG_LOG_LEVEL")
                .and_then(|l| Level::parse(&l))
                .unwrap_or(Level::Info),
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
            ("RUNTIME_USERDATA", r#"{"TABLE":"clicks","RETRIES":3}"#),
            ("RUNTIME_MAX_RESP_BODY_SIZE", "1000"),
        ];
        let config = FunctionConfig::from_env(env);
        assert_eq!(config.function_name, "ingest");
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(config.memory_mb, 256);
        assert_eq!(config.user_data["TABLE"], "clicks");
        assert_eq!(config.user_data["RETRIES"], "3");
        assert_eq!(config.max_response_size, 1000);
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
        assert_eq!(runtime.api_addr, None);
    }
}
