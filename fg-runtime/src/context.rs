//! The `Context` a handler receives: the function's configuration (from the environment, read
//! once) and the invocation's own values (from the request headers), with a deadline and a
//! logger. Credentials are wrapped in [`Secret`] so they never reach `Debug` output or logs.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::FunctionConfig;
use crate::invocation::{Headers, Invocation, header};
use crate::logger::{self as log, Level};

/// A credential the platform passes to the function (access keys, tokens).
///
/// Its `Debug` and `Display` never show the value; call [`Secret::expose`] where the value is
/// needed (to sign a request).
///
/// ```
/// use fg_runtime::Secret;
///
/// let sk = Secret::new("AKIDEXAMPLE");
/// assert_eq!(format!("{sk:?}"), "Secret(***)");
/// assert_eq!(sk.expose(), "AKIDEXAMPLE");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How the function was invoked (`X-CFF-Invoke-Type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InvokeType {
    /// The caller waits for the result (the default when the header is missing).
    #[default]
    Sync,
    /// The caller does not wait; the platform discards a successful result, so the runtime
    /// posts an empty body (as the Go runtime, docs/PLATFORM.md §5 step 6). DIS, SMN, OBS and most
    /// other triggers invoke asynchronously.
    Async,
}

impl InvokeType {
    fn from_header(value: Option<&str>) -> Self {
        match value {
            Some(v) if v.trim().eq_ignore_ascii_case("async") => Self::Async,
            _ => Self::Sync,
        }
    }
}

/// The agency's keys, as one value: what a function needs to sign its calls to other services
/// (OBS, DIS, SMN, ...). Get them with [`Context::credentials`].
///
/// The platform passes them in one of two header families (docs/PLATFORM.md §14.1): the
/// `X-CFF-Security-Access-Key` / `X-CFF-Security-Secret-Key` pair, or the
/// `X-CFF-Access-Key` / `X-CFF-Secret-Key` pair, with `X-CFF-Security-Token` beside either.
/// `Debug` prints `***` for every value.
///
/// ```
/// use fg_runtime::Context;
///
/// let ctx = Context::builder()
///     .header("X-CFF-Access-Key", "AK-EXAMPLE")
///     .header("X-CFF-Secret-Key", "SK-EXAMPLE")
///     .header("X-CFF-Security-Token", "TOKEN-EXAMPLE")
///     .build();
/// let keys = ctx.credentials().expect("the function has an agency");
/// assert_eq!(keys.access_key().expose(), "AK-EXAMPLE");
/// assert_eq!(keys.secret_key().expose(), "SK-EXAMPLE");
/// assert_eq!(keys.security_token().map(|t| t.expose()), Some("TOKEN-EXAMPLE"));
/// assert_eq!(
///     format!("{keys:?}"),
///     "Credentials { access_key: ***, secret_key: ***, security_token: Some(***) }"
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: Secret,
    secret_key: Secret,
    security_token: Option<Secret>,
}

impl Credentials {
    /// The access key (AK).
    pub fn access_key(&self) -> &Secret {
        &self.access_key
    }

    /// The secret key (SK).
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The security token that goes with temporary keys (`X-Security-Token` on signed calls),
    /// when the platform sent one.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &format_args!("***"))
            .field("secret_key", &format_args!("***"))
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| format_args!("***")),
            )
            .finish()
    }
}

/// Every credential header the platform sent, each absent when missing, empty or `null`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct CredentialHeaders {
    access_key: Option<Secret>,
    secret_key: Option<Secret>,
    auth_token: Option<Secret>,
    security_token: Option<Secret>,
    security_access_key: Option<Secret>,
    security_secret_key: Option<Secret>,
    stream_token: Option<Secret>,
}

impl CredentialHeaders {
    /// Where the credential header `name` (lower-cased) goes; `None` for other headers. The
    /// first usable value of each header counts.
    fn slot(&mut self, name: &str) -> Option<&mut Option<Secret>> {
        Some(match name {
            header::ACCESS_KEY => &mut self.access_key,
            header::SECRET_KEY => &mut self.secret_key,
            header::AUTH_TOKEN => &mut self.auth_token,
            header::SECURITY_TOKEN => &mut self.security_token,
            header::SECURITY_ACCESS_KEY => &mut self.security_access_key,
            header::SECURITY_SECRET_KEY => &mut self.security_secret_key,
            header::STREAM_TOKEN => &mut self.stream_token,
            _ => return None,
        })
    }

    /// The security pair when complete, else the legacy pair when complete; never one key of
    /// each.
    fn pair(&self) -> Option<Credentials> {
        let complete = |ak: &Option<Secret>, sk: &Option<Secret>| match (ak, sk) {
            (Some(ak), Some(sk)) => Some(Credentials {
                access_key: ak.clone(),
                secret_key: sk.clone(),
                security_token: self.security_token.clone(),
            }),
            _ => None,
        };
        complete(&self.security_access_key, &self.security_secret_key)
            .or_else(|| complete(&self.access_key, &self.secret_key))
    }
}

fn non_empty(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// A credential header's value, or `None` when it is empty or the literal `null` the platform
/// sends when the function's keys are not included (docs/PLATFORM.md §14.1).
fn credential_value(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty() && !value.eq_ignore_ascii_case("null")).then_some(value)
}

/// What a handler knows about its function and the current invocation: the Rust counterpart of
/// the Go runtime's `RuntimeContext` (docs/PLATFORM.md §7).
///
/// Build one in unit tests with [`Context::for_test`] or [`ContextBuilder`]:
///
/// ```
/// use std::time::Duration;
/// use fg_runtime::Context;
///
/// let ctx = Context::builder()
///     .request_id("req-1")
///     .function_name("ingest")
///     .timeout(Duration::from_secs(30))
///     .user_data("TABLE", "clicks")
///     .build();
/// assert_eq!(ctx.request_id(), "req-1");
/// assert_eq!(ctx.user_data("TABLE"), Some("clicks"));
/// assert!(ctx.remaining_time() <= Duration::from_secs(30));
/// ```
#[derive(Clone)]
pub struct Context {
    request_id: String,
    invoke_type: InvokeType,
    received_at: Instant,
    deadline: Instant,
    function: Arc<FunctionConfig>,
    #[cfg(not(feature = "http"))]
    credentials: CredentialHeaders,
    #[cfg(not(feature = "http"))]
    headers: Headers,
    /// With the `http` feature a context's headers are shared: `http::serve` gives each
    /// request a copy of a cached context and `http::run` clones the invocation's into its
    /// request, and a reference count is cheaper than copying every header and credential (a
    /// `Vec` and two `String`s a header). Without it (the DIS `bootstrap`) the fields are
    /// those of before, so that its code and size stay as they were.
    #[cfg(feature = "http")]
    shared: Arc<(CredentialHeaders, Headers)>,
}

impl Context {
    pub(crate) fn new(invocation: &Invocation, function: Arc<FunctionConfig>) -> Self {
        let headers = &invocation.headers;
        // One pass: credentials into their secrets, every other header kept for `header()`.
        let mut credentials = CredentialHeaders::default();
        let mut public = Headers::default();
        for (name, value) in headers.iter() {
            match credentials.slot(name) {
                Some(slot) => {
                    if slot.is_none() {
                        *slot = credential_value(value).map(Secret::new);
                    }
                }
                None => public.push_lowercased(name, value.to_owned()),
            }
        }
        Self {
            request_id: invocation.request_id.clone(),
            invoke_type: InvokeType::from_header(headers.get(header::INVOKE_TYPE)),
            received_at: invocation.received_at,
            deadline: invocation.received_at + function.timeout,
            #[cfg(not(feature = "http"))]
            credentials,
            #[cfg(not(feature = "http"))]
            headers: public,
            #[cfg(feature = "http")]
            shared: Arc::new((credentials, public)),
            function,
        }
    }

    /// The credential headers (see the `shared` field).
    fn credential_headers(&self) -> &CredentialHeaders {
        #[cfg(feature = "http")]
        {
            &self.shared.0
        }
        #[cfg(not(feature = "http"))]
        {
            &self.credentials
        }
    }

    /// The other headers (see the `shared` field).
    fn public_headers(&self) -> &Headers {
        #[cfg(feature = "http")]
        {
            &self.shared.1
        }
        #[cfg(not(feature = "http"))]
        {
            &self.headers
        }
    }

    /// This context for another request with the same headers: its id and start (and so its
    /// deadline) change, the rest is the same.
    #[cfg(feature = "http")]
    pub(crate) fn for_request(&self, request_id: String, received_at: Instant) -> Self {
        // Field by field: `..self.clone()` copied the old request id only to drop it.
        Self {
            request_id,
            invoke_type: self.invoke_type,
            received_at,
            deadline: received_at + self.function.timeout,
            function: Arc::clone(&self.function),
            shared: Arc::clone(&self.shared),
        }
    }

    /// A context for unit tests: request id `test-request`, function `test-function`, a 3 s
    /// timeout starting now, no credentials.
    ///
    /// ```
    /// let ctx = fg_runtime::Context::for_test();
    /// assert_eq!(ctx.request_id(), "test-request");
    /// ```
    pub fn for_test() -> Self {
        Self::builder().build()
    }

    /// Starts building a context, for tests and for running handlers outside the platform.
    pub fn builder() -> ContextBuilder {
        ContextBuilder::default()
    }

    /// The request id (`X-Cff-Request-Id`).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Whether the caller waits for the result (`X-CFF-Invoke-Type`).
    pub fn invoke_type(&self) -> InvokeType {
        self.invoke_type
    }

    /// The function's name (`RUNTIME_FUNC_NAME`).
    pub fn function_name(&self) -> &str {
        &self.function.function_name
    }

    /// The function's version, e.g. `latest` (`RUNTIME_FUNC_VERSION`).
    pub fn version(&self) -> &str {
        &self.function.version
    }

    /// The app (formerly package or function group) the function belongs to (`RUNTIME_PACKAGE`).
    pub fn package(&self) -> &str {
        &self.function.package
    }

    /// The project id (`RUNTIME_PROJECT_ID`).
    pub fn project_id(&self) -> &str {
        &self.function.project_id
    }

    /// The handler string configured for the function (`RUNTIME_HANDLER`).
    pub fn handler(&self) -> &str {
        &self.function.handler
    }

    /// The function's alias from the environment (`RUNTIME_ALIAS`, Go's `GetAlias`).
    pub fn alias(&self) -> &str {
        &self.function.alias
    }

    /// The directory the function's code was unpacked to (`RUNTIME_CODE_ROOT`): where to find
    /// files shipped in the zip beside the `bootstrap`. `None` when the platform did not set it.
    ///
    /// ```
    /// let ctx = fg_runtime::Context::for_test();
    /// let config = ctx.code_root().map(|root| std::path::Path::new(root).join("config.toml"));
    /// assert_eq!(config, None);
    /// ```
    pub fn code_root(&self) -> Option<&str> {
        non_empty(&self.function.code_root)
    }

    /// The initializer configured for the function (`RUNTIME_INITIALIZER_HANDLER`), if any.
    pub fn initializer_handler(&self) -> Option<&str> {
        non_empty(&self.function.initializer_handler)
    }

    /// The initializer's timeout (`RUNTIME_INITIALIZER_TIMEOUT`), if set.
    pub fn initializer_timeout(&self) -> Option<Duration> {
        self.function.initializer_timeout
    }

    /// The id of the pod running this instance (`PAAS_POD_ID`, set in container images).
    pub fn pod_id(&self) -> Option<&str> {
        non_empty(&self.function.pod_id)
    }

    /// The largest result the platform accepts, in bytes (`RUNTIME_MAX_RESP_BODY_SIZE`,
    /// 6 MiB by default; 0 means no limit).
    pub fn max_response_size(&self) -> usize {
        self.function.max_response_size
    }

    /// The version tag the invocation was addressed to (`X-Cff-Origin-Version-Tag` with a
    /// leading `!` stripped, Go's `GetAlias2`), if the platform sent one.
    pub fn origin_version_tag(&self) -> Option<&str> {
        self.header(header::ORIGIN_VERSION_TAG)
            .map(|t| t.strip_prefix('!').unwrap_or(t))
    }

    /// Memory available to the function, in MB (`RUNTIME_MEMORY`; 0 when unset).
    pub fn memory_size(&self) -> u32 {
        self.function.memory_mb
    }

    /// The CPU share the platform allots (`RUNTIME_CPU`; its unit is undocumented, docs/PLATFORM.md
    /// §12 item 14).
    pub fn cpu_number(&self) -> u32 {
        self.function.cpu
    }

    /// The function's execution timeout (`RUNTIME_TIMEOUT`, default 3 s as in the Go runtime).
    pub fn timeout(&self) -> Duration {
        self.function.timeout
    }

    /// When this invocation must be finished: the moment its event arrived plus the timeout.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Time left before the deadline, zero once it has passed.
    pub fn remaining_time(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Time since the event arrived.
    pub fn elapsed(&self) -> Duration {
        self.received_at.elapsed()
    }

    /// A user-defined environment variable from `RUNTIME_USERDATA` (Go's `GetUserData`).
    pub fn user_data(&self, key: &str) -> Option<&str> {
        self.function.user_data.get(key).map(String::as_str)
    }

    /// All user-defined environment variables.
    pub fn user_data_map(&self) -> &BTreeMap<String, String> {
        &self.function.user_data
    }

    /// A request header by name, compared case-insensitively. Credential headers are not
    /// returned here; use the credential accessors.
    pub fn header(&self, name: &str) -> Option<&str> {
        let value = self.public_headers().get(name)?;
        // A context that `http::serve` made from a cached one shares that one's headers, with
        // the first request's id among them: the id is this context's own.
        if name.eq_ignore_ascii_case(crate::invocation::header::REQUEST_ID) {
            return Some(&self.request_id);
        }
        Some(value)
    }

    /// The agency's keys, whichever header family carried them: **the way to get keys** for
    /// signing calls to other services. `None` when the function has no agency, or when the
    /// platform sent no complete pair (a lone key is never paired with one of the other family).
    ///
    /// ```
    /// use fg_runtime::Context;
    ///
    /// let ctx = Context::builder()
    ///     .header("X-CFF-Security-Access-Key", "AK")
    ///     .header("X-CFF-Security-Secret-Key", "SK")
    ///     .build();
    /// let keys = ctx.credentials().unwrap();
    /// assert_eq!(keys.access_key().expose(), "AK");
    ///
    /// // "null" is what the platform sends when keys are not included.
    /// let none = Context::builder().header("X-CFF-Access-Key", "null").build();
    /// assert!(none.credentials().is_none());
    /// ```
    pub fn credentials(&self) -> Option<Credentials> {
        self.credential_headers().pair()
    }

    /// The agency's temporary access key (`X-CFF-Security-Access-Key`); prefer
    /// [`credentials`](Self::credentials), which also reads the other header family.
    pub fn security_access_key(&self) -> Option<&Secret> {
        self.credential_headers().security_access_key.as_ref()
    }

    /// The agency's temporary secret key (`X-CFF-Security-Secret-Key`); prefer
    /// [`credentials`](Self::credentials).
    pub fn security_secret_key(&self) -> Option<&Secret> {
        self.credential_headers().security_secret_key.as_ref()
    }

    /// The agency's security token (`X-CFF-Security-Token`), used with the two keys above.
    pub fn security_token(&self) -> Option<&Secret> {
        self.credential_headers().security_token.as_ref()
    }

    /// The IAM token (`X-CFF-Auth-Token`, Go's `GetToken`).
    pub fn auth_token(&self) -> Option<&Secret> {
        self.credential_headers().auth_token.as_ref()
    }

    /// The access key of the other header family (`X-CFF-Access-Key`, the one the
    /// custom-runtime documentation lists); prefer [`credentials`](Self::credentials).
    pub fn access_key(&self) -> Option<&Secret> {
        self.credential_headers().access_key.as_ref()
    }

    /// The secret key of the other header family (`X-CFF-Secret-Key`); prefer
    /// [`credentials`](Self::credentials).
    pub fn secret_key(&self) -> Option<&Secret> {
        self.credential_headers().secret_key.as_ref()
    }

    /// The workflow id (`X-Cff-Workflow-Id`), when invoked from a workflow.
    pub fn workflow_id(&self) -> Option<&str> {
        self.header(header::WORKFLOW_ID)
    }

    /// The workflow run id (`X-Cff-Workflow-Run-Id`).
    pub fn workflow_run_id(&self) -> Option<&str> {
        self.header(header::WORKFLOW_RUN_ID)
    }

    /// The workflow state id (`X-Cff-Workflow-State-Id`).
    pub fn workflow_state_id(&self) -> Option<&str> {
        self.header(header::WORKFLOW_STATE_ID)
    }

    /// The response-streaming run id (`X-Stream-Run-Id`).
    pub fn stream_run_id(&self) -> Option<&str> {
        self.header(header::STREAM_RUN_ID)
    }

    /// Whether response streaming is enabled (`X-Stream-Enable`).
    pub fn stream_enabled(&self) -> bool {
        self.header(header::STREAM_ENABLE)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The response-streaming address (`X-Stream-Addr`).
    pub fn stream_addr(&self) -> Option<&str> {
        self.header(header::STREAM_ADDR)
    }

    /// The response-streaming token (`X-Stream-Token`).
    pub fn stream_token(&self) -> Option<&Secret> {
        self.credential_headers().stream_token.as_ref()
    }

    /// Writes a log line `<time> <request id> <LEVEL> <message>`.
    ///
    /// ```
    /// use fg_runtime::{Context, Level};
    /// let ctx = Context::for_test();
    /// ctx.log(Level::Info, format_args!("decoded {} records", 4));
    /// ctx.info("done");
    /// ```
    pub fn log(&self, level: Level, message: impl fmt::Display) {
        log::write_at(
            log::CONTEXT_TARGET,
            &self.request_id,
            level,
            format_args!("{message}"),
        );
    }

    /// Logs at `DEBUG` (shown only with `FG_LOG_LEVEL=debug`).
    pub fn debug(&self, message: impl fmt::Display) {
        self.log(Level::Debug, message);
    }

    /// Logs at `INFO`.
    pub fn info(&self, message: impl fmt::Display) {
        self.log(Level::Info, message);
    }

    /// Logs at `WARN`.
    pub fn warn(&self, message: impl fmt::Display) {
        self.log(Level::Warn, message);
    }

    /// Logs at `ERROR`.
    pub fn error(&self, message: impl fmt::Display) {
        self.log(Level::Error, message);
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials print as `Secret(***)`; the rest is safe to show.
        f.debug_struct("Context")
            .field("request_id", &self.request_id)
            .field("invoke_type", &self.invoke_type)
            .field("function_name", &self.function.function_name)
            .field("version", &self.function.version)
            .field("remaining_time", &self.remaining_time())
            .field("credentials", self.credential_headers())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Context`] for tests (see [`Context::builder`]).
#[derive(Debug, Default)]
pub struct ContextBuilder {
    request_id: Option<String>,
    function: FunctionConfig,
    headers: Headers,
    timeout: Option<Duration>,
}

impl ContextBuilder {
    /// Sets the request id (default `test-request`).
    #[must_use]
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Sets the function name (default `test-function`).
    #[must_use]
    pub fn function_name(mut self, name: impl Into<String>) -> Self {
        self.function.function_name = name.into();
        self
    }

    /// Sets the function version.
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.function.version = version.into();
        self
    }

    /// Sets the timeout (default 3 s); the deadline starts when [`build`](Self::build) runs.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the memory size in MB.
    #[must_use]
    pub fn memory_size(mut self, mb: u32) -> Self {
        self.function.memory_mb = mb;
        self
    }

    /// Adds a user-data variable.
    #[must_use]
    pub fn user_data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.function.user_data.insert(key.into(), value.into());
        self
    }

    /// Adds a request header, as the platform would send it (credential headers such as
    /// `X-CFF-Security-Token` become the context's credentials).
    #[must_use]
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name, value.into());
        self
    }

    /// Builds the context.
    pub fn build(mut self) -> Context {
        if self.function.function_name.is_empty() {
            self.function.function_name = "test-function".to_owned();
        }
        self.function.timeout = self.timeout.unwrap_or(Duration::from_secs(3));
        let invocation = Invocation {
            request_id: self.request_id.unwrap_or_else(|| "test-request".to_owned()),
            headers: self.headers,
            body: Arc::default(),
            received_at: Instant::now(),
        };
        Context::new(&invocation, Arc::new(self.function))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_show_in_debug() {
        let ctx = Context::builder()
            .header("X-CFF-Security-Access-Key", "AK-SECRET-VALUE")
            .header("x-cff-security-secret-key", "SK-SECRET-VALUE")
            .header("X-Cff-Auth-Token", "TOKEN-SECRET-VALUE")
            .header("X-CFF-Invoke-Type", "async")
            .build();
        let debug = format!("{ctx:?} {:?}", ctx.clone());
        assert!(!debug.contains("SECRET-VALUE"), "{debug}");
        assert_eq!(
            ctx.security_access_key().unwrap().expose(),
            "AK-SECRET-VALUE"
        );
        assert_eq!(ctx.auth_token().unwrap().expose(), "TOKEN-SECRET-VALUE");
        assert_eq!(ctx.header("x-cff-auth-token"), None);
        assert_eq!(ctx.invoke_type(), InvokeType::Async);
    }

    #[test]
    fn origin_version_tag_strips_the_bang() {
        let ctx = Context::builder()
            .header("X-Cff-Origin-Version-Tag", "!prod")
            .build();
        assert_eq!(ctx.origin_version_tag(), Some("prod"));
    }

    #[test]
    fn remaining_time_counts_down_from_the_timeout() {
        let ctx = Context::builder().timeout(Duration::from_secs(10)).build();
        assert!(ctx.remaining_time() <= Duration::from_secs(10));
        assert!(ctx.remaining_time() > Duration::from_secs(9));
        let expired = Context::builder().timeout(Duration::ZERO).build();
        assert_eq!(expired.remaining_time(), Duration::ZERO);
    }
}
