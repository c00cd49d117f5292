//! The signed HTTPS exchange with the management API: one call at a time, each signed afresh,
//! bounded in time and in the bytes read back, idempotent calls (GET, PUT) retried with backoff
//! on connection errors and 5xx, and errors turned into messages that carry the platform's
//! `error_code`, `error_msg` and request id. Nothing here prints a secret.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use ureq::http::{self, Method};

use super::credentials::Credentials;
use super::endpoints::Endpoint;
use super::signer::{self, DATE_HEADER};
use crate::ui;

/// Most bytes read from one answer: API answers are small; a synchronous invocation's result
/// is at most 6 MB (docs/PLATFORM.md §2.6), base64 and JSON make it larger.
const MAX_REPLY_BYTES: u64 = 16 * 1024 * 1024;
/// Attempts of an idempotent call in all (the first and two retries).
const ATTEMPTS: u32 = 3;
/// The wait before the first retry; it doubles for each further one.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// One call to the API.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) endpoint: &'a Endpoint,
    /// The path, its segments percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// A JSON body, sent with `Content-Type: application/json`.
    pub(crate) body: Option<Vec<u8>>,
    /// Further headers, signed with the others (e.g. `X-Cff-Log-Type`).
    pub(crate) headers: Vec<(String, String)>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: Method, endpoint: &'a Endpoint, path: String) -> Self {
        Self {
            method,
            endpoint,
            path,
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
        }
    }

    pub(crate) fn json(mut self, body: &Value) -> Self {
        self.body = Some(body.to_string().into_bytes());
        self
    }

    /// The URL as sent: the query is the canonical one, so what is sent is what was signed.
    pub(crate) fn url(&self) -> String {
        let query = signer::canonical_query(&self.query);
        let url = self.endpoint.url(&self.path);
        if query.is_empty() {
            url
        } else {
            format!("{url}?{query}")
        }
    }

    fn idempotent(&self) -> bool {
        self.method == Method::GET || self.method == Method::PUT
    }
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) request_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (`null` when empty).
    pub(crate) fn json(&self) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|e| ApiError::BadReply {
            what: format!("the answer is not JSON ({e})"),
            request_id: self.request_id.clone(),
        })
    }
}

/// What went wrong with a call.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// The API answered with an error status.
    Refused {
        call: String,
        status: u16,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    },
    /// No answer: DNS, connection, TLS, timeout.
    Unreachable { call: String, detail: String },
    /// An answer that cannot be understood.
    BadReply {
        what: String,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// The HTTP status of a refusal.
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Self::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether a retry of an idempotent call may succeed.
    fn transient(&self) -> bool {
        match self {
            Self::Refused { status, .. } => *status >= 500,
            Self::Unreachable { .. } => true,
            Self::BadReply { .. } => false,
        }
    }

    /// A hint for the common refusals (keys, project, zip, size).
    fn hint(&self) -> Option<&'static str> {
        let Self::Refused { status, code, .. } = self else {
            return Some(
                "check the endpoint (--region, --endpoint) and the network; nothing was answered",
            );
        };
        match (code.as_deref(), *status) {
            (Some("FSS.1011"), _) => {
                Some("the code is not a valid zip: deploy what `cargo fg package --release` builds")
            }
            (Some("FSS.1071"), _) | (_, 413) => Some(
                "the zip is over the API's 50 MB inline limit: make the binary smaller (see \
                 docs/PERFORMANCE.md) or upload it through OBS",
            ),
            (Some(code), _) if code.starts_with("APIGW.03") => Some(
                "the keys were refused: check HUAWEICLOUD_SDK_AK/SK (or OS_ACCESS_KEY/\
                 OS_SECRET_KEY), the security token of temporary keys, and this machine's clock",
            ),
            (_, 401 | 403) => Some(
                "check the access keys, that they may use FunctionGraph in this project, and \
                 the project id (--project-id)",
            ),
            (_, 404) => Some(
                "is the project id right for this region (--project-id, HUAWEICLOUD_SDK_PROJECT_ID \
                 or OS_PROJECT_ID), and the region (--region)?",
            ),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request_id = |id: &Option<String>| {
            id.as_deref().map_or_else(
                || "no request id".to_owned(),
                |id| format!("request id {id}"),
            )
        };
        match self {
            Self::Refused {
                call,
                status,
                code,
                message,
                request_id: id,
            } => {
                write!(f, "{call} was refused: ")?;
                match (code, message) {
                    (Some(code), Some(message)) => write!(f, "{code} {message}")?,
                    (Some(code), None) => write!(f, "{code}")?,
                    (None, Some(message)) => write!(f, "{message}")?,
                    (None, None) => write!(f, "no error message")?,
                }
                write!(f, " (HTTP {status}, {})", request_id(id))?;
            }
            Self::Unreachable { call, detail } => write!(f, "{call} got no answer: {detail}")?,
            Self::BadReply {
                what,
                request_id: id,
            } => write!(f, "{what} ({})", request_id(id))?,
        }
        if let Some(hint) = self.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A signing HTTP client for one set of credentials.
#[derive(Debug)]
pub(crate) struct Client {
    agent: ureq::Agent,
    credentials: Credentials,
    verbose: bool,
}

impl Client {
    pub(crate) fn new(credentials: Credentials, verbose: bool) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirect would resend the request elsewhere; the API never redirects.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_recv_response(Some(Duration::from_secs(120)))
            // A 50 MB upload on a slow line; nothing waits longer than this.
            .timeout_global(Some(Duration::from_secs(600)))
            .user_agent(concat!("cargo-fg/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            credentials,
            verbose,
        }
    }

    /// Sends `call`; GET and PUT are retried on connection errors and 5xx. A status outside
    /// 2xx is an [`ApiError::Refused`].
    pub(crate) fn send(&self, call: &Call<'_>) -> Result<Reply, ApiError> {
        let attempts = if call.idempotent() { ATTEMPTS } else { 1 };
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            match self.send_once(call) {
                Err(error) if attempt < attempts && error.transient() => {
                    ui::warning(format!(
                        "{error}; retrying in {} (attempt {} of {attempts})",
                        ui::duration(backoff),
                        attempt + 1
                    ));
                    std::thread::sleep(backoff);
                    backoff *= 2;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    fn send_once(&self, call: &Call<'_>) -> Result<Reply, ApiError> {
        // IAM serves /v3 (the project list); everything else here is FunctionGraph.
        let service = if call.path.starts_with("/v3/") {
            "IAM"
        } else {
            "FunctionGraph"
        };
        let label = format!("{service}: {} {}", call.method, call.path);
        let mut headers = vec![
            ("Host".to_owned(), call.endpoint.authority.clone()),
            (DATE_HEADER.to_owned(), signer::sdk_date(SystemTime::now())),
        ];
        if call.body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        if let Some(token) = &self.credentials.security_token {
            headers.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
        }
        headers.extend(call.headers.iter().cloned());
        let body = call.body.as_deref().unwrap_or_default();
        let signature = signer::sign(
            &signer::Request {
                method: call.method.as_str(),
                path: &call.path,
                query: &call.query,
                headers: &headers,
                body,
            },
            &self.credentials.secret_key,
        )
        .expect("the date header was added above");
        let mut request = http::Request::builder()
            .method(call.method.clone())
            .uri(call.url());
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        request = request.header(
            "Authorization",
            signature.authorization(&self.credentials.access_key),
        );
        let request = request
            .body(body.to_vec())
            .map_err(|e| ApiError::Unreachable {
                call: label.clone(),
                detail: format!("cannot build the request: {e}"),
            })?;
        let mut response = self.agent.run(request).map_err(|e| ApiError::Unreachable {
            call: label.clone(),
            detail: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let request_id = ["X-Request-Id", "X-Cff-Request-Id"]
            .iter()
            .find_map(|name| {
                response
                    .headers()
                    .get(*name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            });
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_REPLY_BYTES)
            .read_to_vec()
            .map_err(|e| ApiError::Unreachable {
                call: label.clone(),
                detail: format!("the answer could not be read: {e}"),
            })?;
        if self.verbose {
            ui::status(
                "Called",
                format!(
                    "{} {} -> {status}{}",
                    call.method,
                    call.url(),
                    request_id
                        .as_deref()
                        .map(|id| format!(" (request id {id})"))
                        .unwrap_or_default()
                ),
            );
        }
        if (200..300).contains(&status) {
            return Ok(Reply { request_id, body });
        }
        let error: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        // Some services nest the error (`{"error": {"code", "message"}}`, IAM).
        let field = |flat: &str, nested: &str| {
            error[flat]
                .as_str()
                .or_else(|| error["error"][nested].as_str())
                .map(|s| s.chars().take(500).collect::<String>())
        };
        Err(ApiError::Refused {
            call: label,
            status,
            code: field("error_code", "code"),
            message: field("error_msg", "message"),
            request_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(status: u16, code: Option<&str>) -> ApiError {
        ApiError::Refused {
            call: "FunctionGraph: GET /v2/p/fgs/functions/x/config".into(),
            status,
            code: code.map(str::to_owned),
            message: Some("Incorrect IAM authentication information".into()),
            request_id: Some("req-1".into()),
        }
    }

    #[test]
    fn refusals_show_code_message_request_id_and_a_hint() {
        let text = refused(401, Some("APIGW.0301")).to_string();
        assert!(
            text.starts_with(
                "FunctionGraph: GET /v2/p/fgs/functions/x/config was refused: APIGW.0301 \
                 Incorrect IAM authentication information (HTTP 401, request id req-1)"
            ),
            "{text}"
        );
        assert!(text.contains("hint: the keys were refused"), "{text}");
        assert!(
            refused(400, Some("FSS.1011"))
                .to_string()
                .contains("not a valid zip")
        );
        assert!(refused(404, None).to_string().contains("project id"));
        assert!(refused(500, None).transient());
        assert!(!refused(404, None).transient());
    }
}
