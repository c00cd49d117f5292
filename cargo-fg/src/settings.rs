//! The function's configuration as the platform would hold it (name, timeout, memory, user
//! environment variables) and the environment it starts the function with (docs/PLATFORM.md §2.5).

use std::time::Duration;

use anyhow::{Result, bail};
use clap::ArgMatches;

/// Variables of the developer's environment the function still sees: what a process needs to
/// run at all, and the switches for Rust's and fg's own diagnostics. Everything else is left
/// out, as on the platform, so that a function does not work locally only because of a
/// variable the developer happens to have.
const PASSED_THROUGH: [&str; 6] = [
    "PATH",
    "HOME",
    "TMPDIR",
    "RUST_BACKTRACE",
    "RUST_LOG",
    "FG_LOG_LEVEL",
];

/// How the emulated platform runs the function.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) function_name: String,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    /// `--env KEY=VALUE`, in order.
    pub(crate) user_env: Vec<(String, String)>,
}

impl Settings {
    /// Reads `--env`, `--timeout` and `--memory`.
    pub(crate) fn from_matches(matches: &ArgMatches, function_name: &str) -> Result<Self> {
        let mut user_env = Vec::new();
        for pair in matches.get_many::<String>("env").into_iter().flatten() {
            let Some((key, value)) = pair.split_once('=') else {
                bail!("--env takes KEY=VALUE, not `{pair}`");
            };
            if key.is_empty() || key.starts_with("RUNTIME_") {
                bail!(
                    "--env `{key}`: the platform reserves RUNTIME_* names and needs a non-empty \
                     name"
                );
            }
            user_env.retain(|(k, _): &(String, String)| k != key);
            user_env.push((key.to_owned(), value.to_owned()));
        }
        let total: usize = user_env.iter().map(|(k, v)| k.len() + v.len()).sum();
        if total > 4096 {
            // docs/PLATFORM.md §2.6: all user variables together may be at most 4096 characters.
            bail!("the --env variables hold {total} characters; the platform allows 4096");
        }
        Ok(Self {
            function_name: function_name.to_owned(),
            timeout: Duration::from_secs(
                matches
                    .get_one::<u32>("timeout")
                    .copied()
                    .unwrap_or(3)
                    .into(),
            ),
            memory_mb: matches.get_one::<u32>("memory").copied().unwrap_or(128),
            user_env,
        })
    }

    /// The `RUNTIME_*` variables and the user's own, for a function using the runtime API at
    /// `api_addr`, whose code (the unpacked zip: `bootstrap`) lies in `code_root`.
    pub(crate) fn environment(&self, api_addr: &str, code_root: &str) -> Vec<(String, String)> {
        let user_data = serde_json::Value::Object(
            self.user_env
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        );
        let mut env: Vec<(String, String)> = [
            ("RUNTIME_API_ADDR", api_addr.to_owned()),
            ("RUNTIME_FUNC_NAME", self.function_name.clone()),
            ("RUNTIME_FUNC_VERSION", "latest".to_owned()),
            ("RUNTIME_PACKAGE", "default".to_owned()),
            (
                "RUNTIME_PROJECT_ID",
                "0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("RUNTIME_HANDLER", "bootstrap".to_owned()),
            ("RUNTIME_TIMEOUT", self.timeout.as_secs().to_string()),
            ("RUNTIME_MEMORY", self.memory_mb.to_string()),
            // A Python runtime mock derives the CPU share from memory: 200 + memory/128*100
            // millicores (docs/PLATFORM.md §2.5, unit uncertain).
            (
                "RUNTIME_CPU",
                (200 + self.memory_mb / 128 * 100).to_string(),
            ),
            ("RUNTIME_USERDATA", user_data.to_string()),
            ("RUNTIME_MAX_RESP_BODY_SIZE", "6291456".to_owned()),
            ("RUNTIME_CODE_ROOT", code_root.to_owned()),
            ("RUNTIME_INITIALIZER_HANDLER", String::new()),
            ("RUNTIME_INITIALIZER_TIMEOUT", "3".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        env.extend(self.user_env.iter().cloned());
        env
    }

    /// The developer's variables the function may see (see [`PASSED_THROUGH`]).
    pub(crate) fn passed_through() -> Vec<(String, String)> {
        PASSED_THROUGH
            .iter()
            .filter_map(|name| Some(((*name).to_owned(), std::env::var(name).ok()?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(user_env: &[(&str, &str)]) -> Settings {
        Settings {
            function_name: "clicks".into(),
            timeout: Duration::from_secs(5),
            memory_mb: 256,
            user_env: user_env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn user_variables_are_set_and_in_user_data() {
        let env = settings(&[("TABLE", "clicks"), ("MODE", "a \"b\"")])
            .environment("127.0.0.1:1", "/code");
        let get = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(get("RUNTIME_API_ADDR"), Some("127.0.0.1:1"));
        assert_eq!(get("RUNTIME_TIMEOUT"), Some("5"));
        assert_eq!(get("RUNTIME_MEMORY"), Some("256"));
        assert_eq!(get("RUNTIME_CPU"), Some("400"));
        assert_eq!(get("TABLE"), Some("clicks"));
        let user_data: serde_json::Value =
            serde_json::from_str(get("RUNTIME_USERDATA").unwrap()).unwrap();
        assert_eq!(
            user_data,
            serde_json::json!({"TABLE": "clicks", "MODE": "a \"b\""})
        );
    }
}
