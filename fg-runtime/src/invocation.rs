//! One invocation as the runtime API hands it over: the request id, the headers of the
//! `GET /v1/runtime/invocation/request` reply, and the event body.

use std::sync::Arc;
use std::time::Instant;

/// Response headers, names lower-cased: the sources spell them `X-Cff-Request-Id`,
/// `X-CFF-Request-Id` and `x-cff-request-id` (docs/PLATFORM.md §2.3), and HTTP names are
/// case-insensitive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Headers(Vec<(String, String)>);

impl Headers {
    /// The headers as read off the wire (`fg_http1` lower-cases the names).
    pub(crate) fn from_wire(wire: fg_http1::Headers) -> Self {
        Self(wire.into_vec())
    }

    /// Adds a header whose name is already lower-case (as read off the wire).
    pub(crate) fn push_lowercased(&mut self, name: &str, value: String) {
        self.0.push((name.to_owned(), value));
    }

    pub(crate) fn insert(&mut self, name: &str, value: String) {
        self.0.push((name.to_ascii_lowercase(), value));
    }

    /// The first value of `name`, compared case-insensitively.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Header names the platform sends (docs/PLATFORM.md §2.3, §8).
pub(crate) mod header {
    pub(crate) const REQUEST_ID: &str = "x-cff-request-id";
    pub(crate) const INVOKE_TYPE: &str = "x-cff-invoke-type";
    pub(crate) const ACCESS_KEY: &str = "x-cff-access-key";
    pub(crate) const SECRET_KEY: &str = "x-cff-secret-key";
    pub(crate) const AUTH_TOKEN: &str = "x-cff-auth-token";
    pub(crate) const SECURITY_TOKEN: &str = "x-cff-security-token";
    pub(crate) const SECURITY_ACCESS_KEY: &str = "x-cff-security-access-key";
    pub(crate) const SECURITY_SECRET_KEY: &str = "x-cff-security-secret-key";
    pub(crate) const ORIGIN_VERSION_TAG: &str = "x-cff-origin-version-tag";
    pub(crate) const WORKFLOW_ID: &str = "x-cff-workflow-id";
    pub(crate) const WORKFLOW_RUN_ID: &str = "x-cff-workflow-run-id";
    pub(crate) const WORKFLOW_STATE_ID: &str = "x-cff-workflow-state-id";
    pub(crate) const STREAM_RUN_ID: &str = "x-stream-run-id";
    pub(crate) const STREAM_ENABLE: &str = "x-stream-enable";
    pub(crate) const STREAM_TOKEN: &str = "x-stream-token";
    pub(crate) const STREAM_ADDR: &str = "x-stream-addr";
}

/// An event to process.
#[derive(Debug)]
pub(crate) struct Invocation {
    pub(crate) request_id: String,
    pub(crate) headers: Headers,
    /// Shared so that the decoded event can keep ranges into it instead of copies
    /// (`fg_events::encoding::SharedBody`); the runtime loop takes the `Vec` back afterwards.
    pub(crate) body: Arc<Vec<u8>>,
    /// When the event arrived: the deadline counts from here (docs/PLATFORM.md §7, as the Go
    /// runtime).
    pub(crate) received_at: Instant,
}
