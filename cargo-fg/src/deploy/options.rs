//! What the user asked `deploy` for: the command line first, then `[package.metadata.fg]` of the
//! function's Cargo.toml, each value checked locally against the ranges the API documents, so
//! that a mistake is reported before anything is sent.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result, bail};
use clap::ArgMatches;
use serde_json::Value;

/// The documented range of `timeout` (create and update, docs/PLATFORM.md §14.2).
pub(crate) const TIMEOUT_SECONDS: std::ops::RangeInclusive<u32> = 3..=259_200;
/// The documented range of `memory_size` in MB (docs/PLATFORM.md §2.6; the API text's enum stops at
/// 4096).
pub(crate) const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10_240;
/// A new function's memory and timeout when none is given.
pub(crate) const DEFAULT_MEMORY_MB: u32 = 128;
pub(crate) const DEFAULT_TIMEOUT_SECONDS: u32 = 30;
/// All user environment variables together (docs/PLATFORM.md §2.6).
const MAX_ENV_CHARS: usize = 4096;

/// Where the user's values come from: the command line, else the crate's metadata.
pub(crate) struct Sources<'a> {
    pub(crate) matches: &'a ArgMatches,
    /// `[package.metadata.fg]`, or `null` without a crate.
    pub(crate) metadata: &'a Value,
}

impl Sources<'_> {
    /// The value of option `key` (also the metadata key), as text.
    pub(crate) fn text(&self, key: &str) -> Result<Option<String>> {
        if let Some(value) = self.matches.get_one::<String>(key) {
            return Ok(Some(value.clone()));
        }
        match &self.metadata[key] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            other => bail!(
                "package.metadata.fg.{key} in Cargo.toml: expected a string or number, found {other}"
            ),
        }
    }

    /// Where the value of `key` comes from, for messages.
    fn origin(&self, key: &str) -> String {
        if self.matches.get_one::<String>(key).is_some() {
            format!("--{key}")
        } else {
            format!("package.metadata.fg.{key} in Cargo.toml:")
        }
    }

    /// A number within `range`, with the range in the error.
    pub(crate) fn number(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Result<Option<u32>> {
        let Some(text) = self.text(key)? else {
            return Ok(None);
        };
        match text.trim().parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => bail!(
                "{} {text}: expected a whole number from {} to {}",
                self.origin(key),
                range.start(),
                range.end()
            ),
        }
    }

    /// A switch: `--key` on the command line, or `key = true` in the metadata.
    pub(crate) fn flag(&self, key: &str) -> Result<bool> {
        if self.matches.get_flag(key) {
            return Ok(true);
        }
        match &self.metadata[key] {
            Value::Null => Ok(false),
            Value::Bool(b) => Ok(*b),
            other => bail!(
                "package.metadata.fg.{key} in Cargo.toml: expected true or false, found {other}"
            ),
        }
    }

    /// `--env KEY=VALUE` (repeatable) over the metadata's `env` table.
    pub(crate) fn env(&self) -> Result<Vec<(String, String)>> {
        let mut env = BTreeMap::new();
        match &self.metadata["env"] {
            Value::Null => {}
            Value::Object(table) => {
                for (key, value) in table {
                    let value = match value {
                        Value::String(s) => s.clone(),
                        Value::Number(_) | Value::Bool(_) => value.to_string(),
                        other => {
                            bail!("package.metadata.fg.env.{key}: expected a string, found {other}")
                        }
                    };
                    env.insert(key.clone(), value);
                }
            }
            other => bail!("package.metadata.fg.env: expected a table of strings, found {other}"),
        }
        for pair in self.matches.get_many::<String>("env").into_iter().flatten() {
            let (key, value) = pair
                .split_once('=')
                .with_context(|| format!("--env takes KEY=VALUE, not `{pair}`"))?;
            env.insert(key.to_owned(), value.to_owned());
        }
        for key in env.keys() {
            check_env_key(key)?;
        }
        let total: usize = env.iter().map(|(k, v)| k.len() + v.len()).sum();
        if total > MAX_ENV_CHARS {
            bail!(
                "the environment variables hold {total} characters; the platform allows {MAX_ENV_CHARS}"
            );
        }
        Ok(env.into_iter().collect())
    }
}

fn check_env_key(key: &str) -> Result<()> {
    let mut bytes = key.bytes();
    let starts_well = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if !starts_well || !bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        bail!("--env `{key}`: a name is letters, digits and `_`, not starting with a digit");
    }
    if key.starts_with("RUNTIME_") {
        bail!("--env `{key}`: the platform reserves RUNTIME_* names");
    }
    Ok(())
}

/// A name the API accepts: `max` characters at most, letters, digits, `-` and `_` (and the
/// `extra` characters), starting with a letter and ending with a letter or digit.
pub(crate) fn check_name(what: &str, name: &str, max: usize, extra: &[u8]) -> Result<()> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || extra.contains(&b);
    let bytes = name.as_bytes();
    let shape_ok = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.iter().all(|b| allowed(*b));
    if !shape_ok || name.len() > max {
        let extra: String = extra
            .iter()
            .map(|b| format!(", `{}`", char::from(*b)))
            .collect();
        bail!(
            "{what} `{name}`: expected 1 to {max} letters, digits, `-`, `_`{extra}, starting \
             with a letter and ending with a letter or digit"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_with_the_rule_in_the_message() {
        assert!(check_name("function name", "my-fn_2", 60, &[]).is_ok());
        let long = "a".repeat(61);
        for bad in ["", "2fn", "fn-", "f n", "fn.x", long.as_str()] {
            let error = check_name("function name", bad, 60, &[]).unwrap_err();
            assert!(error.to_string().contains("1 to 60 letters"), "{error}");
        }
        assert!(check_name("version", "v1.2", 42, b".").is_ok());
    }

    #[test]
    fn env_keys_are_checked() {
        assert!(check_env_key("TABLE_1").is_ok());
        assert!(check_env_key("1X").is_err());
        assert!(check_env_key("A-B").is_err());
        assert!(check_env_key("RUNTIME_X").is_err());
    }
}

/// Where a function lives: region, project, package, and the endpoints to reach them.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub(crate) region: String,
    /// Given, or asked from IAM later.
    pub(crate) project_id: Option<String>,
    /// The FunctionGraph package (application) the function belongs to.
    pub(crate) function_package: String,
    pub(crate) endpoint: super::endpoints::Endpoint,
    pub(crate) iam_endpoint: super::endpoints::Endpoint,
}

impl Location {
    /// `--region`, `--project-id` (or the environment), `--function-package`, `--endpoint`,
    /// `--iam-endpoint`.
    pub(crate) fn read(sources: &Sources<'_>) -> Result<Self> {
        use super::endpoints::{self, Endpoint};
        let region = sources
            .text("region")?
            .unwrap_or_else(|| endpoints::OTC_REGION.to_owned());
        endpoints::check_region(&region).map_err(anyhow::Error::msg)?;
        let project_id = match sources.text("project-id")? {
            Some(id) => Some(id),
            None => ["HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"]
                .iter()
                .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty())),
        };
        if let Some(id) = &project_id
            && (id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            bail!("project id `{id}`: expected letters and digits (32 hex digits as a rule)");
        }
        let function_package = sources
            .text("function-package")?
            .unwrap_or_else(|| "default".to_owned());
        check_name("function package", &function_package, 64, &[])?;
        let endpoint = match sources.text("endpoint")? {
            Some(url) => Endpoint::parse(&url)?,
            None => endpoints::functiongraph(&region),
        };
        let iam_endpoint = match sources.text("iam-endpoint")? {
            Some(url) => Endpoint::parse(&url)?,
            None => endpoints::iam(&region),
        };
        Ok(Self {
            region,
            project_id: project_id.map(|id| id.trim().to_owned()),
            function_package,
            endpoint,
            iam_endpoint,
        })
    }
}

/// The DIS trigger to ensure (docs/PLATFORM.md §10.2 for the ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DisTrigger {
    pub(crate) stream: String,
    pub(crate) starting_position: String,
    pub(crate) polling_interval: u32,
    pub(crate) polling_unit: String,
    pub(crate) batch_size: u32,
    pub(crate) max_fetch_bytes: u32,
    pub(crate) serial: bool,
}

/// The DIS options other than the stream: refused without `--dis-stream`.
const DIS_OPTIONS: [&str; 5] = [
    "starting-position",
    "polling-interval",
    "polling-unit",
    "batch-size",
    "max-fetch-bytes",
];

impl DisTrigger {
    fn read(sources: &Sources<'_>) -> Result<Option<Self>> {
        let Some(stream) = sources.text("dis-stream")? else {
            for key in DIS_OPTIONS {
                if sources.text(key)?.is_some() {
                    bail!("--{key} configures the DIS trigger: add --dis-stream STREAM");
                }
            }
            if sources.flag("serial")? {
                bail!("--serial configures the DIS trigger: add --dis-stream STREAM");
            }
            return Ok(None);
        };
        check_name("DIS stream", &stream, 64, &[])?;
        let starting_position = sources
            .text("starting-position")?
            .unwrap_or_else(|| "TRIM_HORIZON".to_owned());
        if !["TRIM_HORIZON", "LATEST"].contains(&starting_position.as_str()) {
            bail!("--starting-position {starting_position}: expected TRIM_HORIZON or LATEST");
        }
        let polling_unit = sources
            .text("polling-unit")?
            .unwrap_or_else(|| "s".to_owned());
        if !["s", "ms"].contains(&polling_unit.as_str()) {
            bail!("--polling-unit {polling_unit}: expected s or ms");
        }
        Ok(Some(Self {
            stream,
            starting_position,
            polling_interval: sources.number("polling-interval", 1..=60)?.unwrap_or(30),
            polling_unit,
            batch_size: sources.number("batch-size", 1..=10_000)?.unwrap_or(100),
            max_fetch_bytes: sources
                .number("max-fetch-bytes", 0..=4_194_304)?
                .unwrap_or(2_097_152),
            serial: sources.flag("serial")?,
        }))
    }
}

/// `--publish [VERSION]`: publish a version, named or numbered by the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Publish {
    No,
    Yes { version: Option<String> },
}

/// How FunctionGraph runs the `bootstrap`: as a custom-runtime event function, or as an HTTP
/// function whose web server the platform forwards requests to (`fg_runtime::http::serve`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FunctionRuntime {
    Custom,
    Http,
}

impl FunctionRuntime {
    /// The `runtime` field of the management API.
    pub(crate) fn api_name(self) -> &'static str {
        match self {
            Self::Custom => "Custom",
            Self::Http => "http",
        }
    }
}

/// Everything `deploy` was asked to do, checked.
#[derive(Debug, Clone)]
pub(crate) struct DeployOptions {
    pub(crate) name: String,
    /// The runtime a new function is created with.
    pub(crate) runtime: FunctionRuntime,
    pub(crate) location: Location,
    pub(crate) memory_mb: Option<u32>,
    pub(crate) timeout_seconds: Option<u32>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) agency: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) publish: Publish,
    pub(crate) alias: Option<String>,
    pub(crate) dis: Option<DisTrigger>,
}

impl DeployOptions {
    /// Reads and checks every setting; `default_name` is the target's name.
    pub(crate) fn read(sources: &Sources<'_>, default_name: Option<&str>) -> Result<Self> {
        let name = match sources.text("name")? {
            Some(name) => name,
            None => default_name
                .map(str::to_owned)
                .context("name the function with --name FUNCTION")?,
        };
        check_name("function name", &name, 60, &[])?;
        let publish = match (
            sources.matches.get_one::<String>("publish"),
            &sources.metadata["publish"],
        ) {
            (Some(version), _) if version.is_empty() => Publish::Yes { version: None },
            (Some(version), _) => Publish::Yes {
                version: Some(version.clone()),
            },
            (None, Value::Bool(true)) => Publish::Yes { version: None },
            (None, Value::String(version)) => Publish::Yes {
                version: Some(version.clone()),
            },
            (None, Value::Null | Value::Bool(false)) => Publish::No,
            (None, other) => bail!(
                "package.metadata.fg.publish: expected true, false or a version, found {other}"
            ),
        };
        if let Publish::Yes {
            version: Some(version),
        } = &publish
        {
            check_name("version", version, 42, b".")?;
        }
        let alias = sources.text("alias")?;
        if let Some(alias) = &alias {
            check_name("alias", alias, 63, &[])?;
            if publish == Publish::No {
                bail!("--alias {alias} points at the version this deploy publishes: add --publish");
            }
        }
        let agency = sources.text("agency")?;
        if let Some(agency) = &agency
            && (agency.is_empty() || agency.len() > 64 || agency.contains(char::is_control))
        {
            bail!("--agency `{agency}`: expected an agency name of 1 to 64 characters");
        }
        let runtime = match sources.text("runtime")?.as_deref() {
            None | Some("custom") => FunctionRuntime::Custom,
            Some("http") => FunctionRuntime::Http,
            Some(other) => bail!(
                "--runtime `{other}`: expected `custom` (an event function, the default) or `http` (an HTTP function)"
            ),
        };
        let description = sources.text("description")?;
        if let Some(description) = &description
            && description.chars().count() > 512
        {
            bail!("--description: at most 512 characters");
        }
        Ok(Self {
            name,
            runtime,
            location: Location::read(sources)?,
            memory_mb: sources.number("memory", MEMORY_MB)?,
            timeout_seconds: sources.number("timeout", TIMEOUT_SECONDS)?,
            env: sources.env()?,
            agency,
            description,
            publish,
            alias,
            dis: DisTrigger::read(sources)?,
        })
    }
}
