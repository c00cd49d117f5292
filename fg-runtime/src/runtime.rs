//! The loop against the runtime API (docs/PLATFORM.md §2.2): wait for an event, process it, post
//! exactly one answer, repeat until SIGTERM ([`shutdown`]). Trouble with the API is logged and
//! retried with a bounded backoff; only an API that refuses connections for a long time ends the
//! process.

use std::process::ExitCode;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::Diagnostic;
use crate::api::{Answer, ApiError, Client, Next};
use crate::config::{FunctionConfig, RuntimeConfig};
use crate::handler::{Handler, Outcome, process};
use crate::logger::{self as log, Level, runtime_log};
use crate::shutdown;

/// How many times one answer is posted before it is given up as undeliverable.
const POST_ATTEMPTS: u32 = 3;

/// 50 ms doubling to 2 s: the official sample's 50 ms first retry, without hammering an API
/// that stays down.
#[derive(Debug)]
struct Backoff(Duration);

impl Backoff {
    const FIRST: Duration = Duration::from_millis(50);
    const MAX: Duration = Duration::from_secs(2);

    fn new() -> Self {
        Self(Self::FIRST)
    }

    fn reset(&mut self) {
        self.0 = Self::FIRST;
    }

    fn wait(&mut self) {
        thread::sleep(self.0);
        self.0 = (self.0 * 2).min(Self::MAX);
    }
}

pub(crate) fn run<T, H>(
    handler: H,
    addr: String,
    runtime: &RuntimeConfig,
    function: &Arc<FunctionConfig>,
) -> ExitCode
where
    H: Handler<T>,
{
    let mut client = Client::new(addr, runtime.max_event_size);
    let mut backoff = Backoff::new();
    let mut unreachable_since: Option<Instant> = None;
    loop {
        if shutdown::idle() {
            return shutdown::finish();
        }
        let next = client.next();
        if !matches!(next, Err(ApiError::Connect(_))) {
            unreachable_since = None;
        }
        match next {
            Ok(Next::Event(invocation)) => {
                shutdown::busy();
                backoff.reset();
                let outcome = process(&handler, &invocation, function);
                deliver(&mut client, &invocation.request_id, &outcome);
                // Fails when the handler kept part of the event (which shares the body) alive.
                if let Ok(body) = Arc::try_unwrap(invocation.body) {
                    client.recycle(body);
                }
                if shutdown::answered() {
                    return shutdown::finish();
                }
            }
            Ok(Next::Unreadable {
                request_id,
                reason,
                error_type,
            }) => {
                shutdown::busy();
                log::write(
                    &request_id,
                    Level::Error,
                    format_args!("{error_type}: {reason}"),
                );
                deliver(
                    &mut client,
                    &request_id,
                    &Err(Diagnostic::new(error_type, reason)),
                );
                if shutdown::answered() {
                    return shutdown::finish();
                }
            }
            Ok(Next::NoEvent {
                status,
                has_request_id,
            }) => {
                runtime_log!(
                    Warn,
                    "runtime API answered {status} {} to the request for the next event; retrying in {:?}",
                    if has_request_id {
                        "with"
                    } else {
                        "without a request id and"
                    },
                    backoff.0
                );
                backoff.wait();
            }
            Err(ApiError::Connect(e)) => {
                let since = *unreachable_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= runtime.unreachable_limit {
                    runtime_log!(
                        Error,
                        "runtime API at {} unreachable for {:?} ({e}); exiting so the platform can restart the function",
                        client.addr(),
                        runtime.unreachable_limit
                    );
                    return ExitCode::FAILURE;
                }
                runtime_log!(
                    Warn,
                    "cannot connect to the runtime API at {}: {e}; retrying in {:?}",
                    client.addr(),
                    backoff.0
                );
                backoff.wait();
            }
            Err(e) => {
                runtime_log!(Warn, "{e}; retrying in {:?}", backoff.0);
                backoff.wait();
            }
        }
    }
}

/// Posts the one answer an invocation gets. A 5xx or a broken connection is retried (bounded);
/// any other status is final, as in the official sample.
fn deliver(client: &mut Client, request_id: &str, outcome: &Outcome) {
    let (answer, body) = match outcome {
        Ok(body) => (
            Answer::Response,
            std::borrow::Cow::Borrowed(body.as_slice()),
        ),
        Err(diagnostic) => (Answer::Error, std::borrow::Cow::Owned(diagnostic.to_json())),
    };
    let mut backoff = Backoff::new();
    for attempt in 1..=POST_ATTEMPTS {
        let problem = match client.post(answer, request_id, &body) {
            Ok(status) if (200..300).contains(&status) => return,
            Ok(status) if status < 500 => {
                log::write(
                    request_id,
                    Level::Error,
                    format_args!("runtime API refused the {answer:?} with status {status}"),
                );
                return;
            }
            Ok(status) => format!("status {status}"),
            Err(e) => e.to_string(),
        };
        log::write(
            request_id,
            Level::Warn,
            format_args!(
                "posting the {answer:?} failed ({problem}), attempt {attempt} of {POST_ATTEMPTS}"
            ),
        );
        if attempt < POST_ATTEMPTS {
            backoff.wait();
        }
    }
    log::write(
        request_id,
        Level::Error,
        format_args!(
            "the {answer:?} could not be delivered; the platform will time the invocation out"
        ),
    );
}
