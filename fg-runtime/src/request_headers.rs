//! What an HTTP request from the platform says about its invocation, for every mode where the
//! platform speaks HTTP to the function (container images, HTTP functions): the request id,
//! the headers the `Context` reads, and the function's metadata from the `X-Cff-*` headers.
//!
//! Some of those headers are placeholders (docs/PLATFORM.md §14.1): `X-Cff-Func-Name` arrives
//! as `0@default@<name>`, `X-Cff-Project-Id` is always `sn` and `X-Cff-Region` always `cn`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::config::FunctionConfig;
use crate::invocation::{Headers, Invocation, header};

/// What `X-Cff-Project-Id` carries in HTTP functions and container images instead of the id.
const PROJECT_ID_PLACEHOLDER: &str = "sn";

/// The request id the platform sent, or one made up for requests without it (a local
/// `docker run` or `curl`), so that log lines still tell invocations apart.
pub(crate) fn request_id(headers: &Headers) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    match headers
        .get(header::REQUEST_ID)
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(id) => id.to_owned(),
        None => format!(
            "local-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ),
    }
}

/// The invocation a request carries, received now.
pub(crate) fn invocation(headers: Headers, body: Vec<u8>) -> Invocation {
    Invocation {
        request_id: request_id(&headers),
        headers,
        body: Arc::new(body),
        received_at: Instant::now(),
    }
}

/// The function's configuration with what the platform's `X-Cff-*` metadata headers add
/// (docs/PLATFORM.md §4, §14.1): the timeout and memory it was invoked with, and the names the
/// environment does not carry. The environment wins; placeholders are never taken as values.
pub(crate) fn function_config(
    function: &Arc<FunctionConfig>,
    headers: &Headers,
) -> Arc<FunctionConfig> {
    let text = |name: &str| headers.get(name).map(str::trim).filter(|v| !v.is_empty());
    let timeout = text("x-cff-timeout")
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|&t| t > 0)
        .map(Duration::from_secs);
    let memory = text("x-cff-memory").and_then(|m| m.parse::<u32>().ok());
    let name = text("x-cff-func-name")
        .map(function_name)
        .filter(|n| !n.is_empty());
    let project = text("x-cff-project-id").filter(|p| *p != PROJECT_ID_PLACEHOLDER);
    let fill = [
        (name, function.function_name.is_empty()),
        (text("x-cff-func-version"), function.version.is_empty()),
        (text("x-cff-package"), function.package.is_empty()),
        (project, function.project_id.is_empty()),
    ];
    let names = fill.iter().any(|&(value, empty)| empty && value.is_some());
    if timeout.is_none() && memory.is_none() && !names {
        return Arc::clone(function);
    }
    let mut config = FunctionConfig::clone(function);
    if let Some(timeout) = timeout {
        config.timeout = timeout;
    }
    if let Some(memory) = memory {
        config.memory_mb = memory;
    }
    let fields = [
        &mut config.function_name,
        &mut config.version,
        &mut config.package,
        &mut config.project_id,
    ];
    for (field, (value, _)) in fields.into_iter().zip(fill) {
        if field.is_empty()
            && let Some(value) = value
        {
            value.clone_into(field);
        }
    }
    Arc::new(config)
}

/// `0@default@orders` names the function `orders`: the part after the last `@`.
fn function_name(value: &str) -> &str {
    value.rsplit('@').next().unwrap_or(value).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        let mut headers = Headers::default();
        for (name, value) in pairs {
            headers.insert(name, (*value).to_owned());
        }
        headers
    }

    #[test]
    fn metadata_headers_fill_what_the_environment_lacks() {
        let function = Arc::new(FunctionConfig {
            version: "v1".into(),
            timeout: Duration::from_secs(3),
            ..FunctionConfig::default()
        });
        let sent = headers(&[
            ("X-CFF-Timeout", "30"),
            ("X-CFF-Func-Name", "0@default@ingest"),
            ("X-CFF-Func-Version", "latest"),
            ("X-CFF-Package", "orders-app"),
        ]);
        let config = function_config(&function, &sent);
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(config.function_name, "ingest", "the part after the last @");
        assert_eq!(config.package, "orders-app");
        assert_eq!(config.version, "v1", "the environment wins");
        let untouched = function_config(&function, &Headers::default());
        assert!(Arc::ptr_eq(&untouched, &function));
    }

    #[test]
    fn placeholders_are_never_values() {
        let function = Arc::new(FunctionConfig::default());
        let sent = headers(&[
            ("X-Cff-Project-Id", "sn"),
            ("X-Cff-Region", "cn"),
            ("X-Cff-Func-Name", "0@default@"),
        ]);
        let config = function_config(&function, &sent);
        assert_eq!(config.project_id, "", "`sn` is a placeholder");
        assert_eq!(config.function_name, "", "no name after the last @");
        assert!(Arc::ptr_eq(&config, &function), "nothing to fill");

        let real = headers(&[
            ("X-Cff-Project-Id", "05a1c2d3e4"),
            ("X-Cff-Func-Name", "plain"),
        ]);
        let config = function_config(&function, &real);
        assert_eq!(config.project_id, "05a1c2d3e4");
        assert_eq!(config.function_name, "plain");
    }

    #[test]
    fn requests_without_an_id_get_a_local_one() {
        let first = invocation(Headers::default(), Vec::new());
        let second = invocation(headers(&[("X-Cff-Request-Id", " ")]), Vec::new());
        assert!(first.request_id.starts_with("local-"));
        assert_ne!(first.request_id, second.request_id);
        let sent = invocation(headers(&[("X-Cff-Request-Id", "req-9")]), b"{}".to_vec());
        assert_eq!(sent.request_id, "req-9");
        assert_eq!(*sent.body, b"{}");
    }
}
