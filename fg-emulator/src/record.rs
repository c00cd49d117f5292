//! What the emulator records: the answers a function posted, and the invocations that timed
//! out.

use std::time::Duration;

use fg_runtime::Diagnostic;

/// Which endpoint an answer was posted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// `POST /v1/runtime/invocation/response/{id}`
    Response,
    /// `POST /v1/runtime/invocation/error/{id}`
    Error,
}

/// An answer the function posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The request id from the path, percent-decoded.
    pub request_id: String,
    /// Response or error report.
    pub kind: AnswerKind,
    /// The posted body.
    pub body: Vec<u8>,
    /// Whether the emulator accepted it (false when a posted answer was failed on purpose with
    /// [`Emulator::fail_next_post`](crate::Emulator::fail_next_post), or came late).
    pub accepted: bool,
    /// Whether it came after the invocation had timed out ([`Emulator::set_timeout`](crate::Emulator::set_timeout)); the
    /// emulator refused it with `410 Gone`.
    pub late: bool,
}

/// An invocation that got no accepted answer within the timeout set with
/// [`Emulator::set_timeout`](crate::Emulator::set_timeout), as the platform records a function that ran past
/// `RUNTIME_TIMEOUT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedOut {
    /// The request id handed out.
    pub request_id: String,
    /// The timeout in force when it expired.
    pub after: Duration,
}

impl Answer {
    /// Whether this is a success response.
    pub fn is_response(&self) -> bool {
        self.kind == AnswerKind::Response
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The error report, if this is an error answer with the platform's error shape.
    pub fn diagnostic(&self) -> Option<Diagnostic> {
        match self.kind {
            AnswerKind::Error => serde_json::from_slice(&self.body).ok(),
            AnswerKind::Response => None,
        }
    }
}
