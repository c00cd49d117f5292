//! Container-image mode (`FG_MODE=container`, docs/PLATFORM.md §4): the same handler
//! behind the HTTP server a container-image event function must run on port 8000. The
//! platform posts each trigger event to `POST /invoke` (the request id and the agency's
//! credentials in `X-Cff-*` headers) and may call `POST /init` once first.
//!
//! Connections are read on threads of their own. With "max. requests per instance" above 1 the
//! platform sends several requests at once (docs/PLATFORM.md §14.1), so invocations run
//! concurrently ([`workers`]): a sync handler on `FG_CONTAINER_WORKERS` worker threads (default
//! [`DEFAULT_WORKERS`](crate::config::DEFAULT_CONTAINER_WORKERS)), an async handler as
//! concurrent futures on its runtime. An answer is:
//! - `200` with the handler's result, as the samples do;
//! - `500` with the error report `{"errorMessage","errorType"}` as JSON and the `errorType`
//!   in `X-Fg-Error-Type`: the platform treats a non-2xx answer as a failed invocation
//!   (docs/PLATFORM.md §3, YR's handler does), which is what makes retries and error metrics work;
//! - `413` with an `EventTooLarge` report above `FG_MAX_EVENT_SIZE`, unread;
//! - `200` with an empty body for `/init`: the state was already built before the port opened,
//!   so a failing `init` stops the container instead of failing every invocation.

mod http;
mod queue;
mod workers;

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::config::{FunctionConfig, RuntimeConfig};
use crate::logger::{self as log, Level, runtime_log};
use crate::request_headers;
use crate::{Diagnostic, shutdown};

use crate::constants::{EVENT_TOO_LARGE, INVOCATION_LOST};
use http::{ReadError, Reader, Request};
use queue::{Job, Queue};
pub(crate) use workers::Serve;
// For `http::run`'s handler, which serves the queue as the synchronous handlers do.
#[cfg(feature = "http")]
pub(crate) use {queue::Queue as JobQueue, workers::work};

/// The header that names the `errorType` of an error answer.
const ERROR_TYPE_HEADER: &str = "X-Fg-Error-Type";

/// How much container mode runs at once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Sync invocations (`FG_CONTAINER_WORKERS`).
    pub(crate) workers: usize,
    /// Connections, each on a thread of its own (`FG_CONTAINER_MAX_CONNECTIONS`).
    pub(crate) max_connections: usize,
}

/// What every connection thread shares.
struct Shared {
    queue: Queue,
    function: Arc<FunctionConfig>,
    max_event_size: usize,
}

pub(crate) fn run<T, H>(
    handler: H,
    host: &str,
    port: u16,
    limits: Limits,
    runtime: &RuntimeConfig,
    function: &Arc<FunctionConfig>,
) -> ExitCode
where
    H: Serve<T>,
{
    let listener = match TcpListener::bind((host, port)) {
        Ok(listener) => listener,
        Err(e) => {
            runtime_log!(Error, "container mode: cannot listen on {host}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .map_or_else(|_| format!("{host}:{port}"), |a| a.to_string());
    let shared = Arc::new(Shared {
        queue: Queue::default(),
        function: Arc::clone(function),
        max_event_size: runtime.max_event_size,
    });
    let accepting = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name("fg-accept".into())
        .spawn(move || accept(&listener, &accepting, limits.max_connections));
    if let Err(e) = spawned {
        runtime_log!(Error, "container mode: cannot start the accept thread: {e}");
        return ExitCode::FAILURE;
    }
    // Tests and tools read the address from this line (FG_PORT=0 picks a free port).
    runtime_log!(
        Info,
        "container mode: listening on {addr} for POST /invoke and POST /init"
    );
    if shutdown::idle() {
        return shutdown::finish();
    }
    handler.serve(&shared.queue, limits.workers)
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>, max_connections: usize) {
    let open = Arc::new(AtomicUsize::new(0));
    let mut refused = 0_u64;
    for stream in listener.incoming() {
        match stream {
            Ok(stream) if open.load(Ordering::Acquire) >= max_connections => {
                refused += 1;
                // A flood is logged at the 1st, 2nd, 4th, 8th... refusal, not once each.
                if refused.is_power_of_two() {
                    runtime_log!(
                        Warn,
                        "container mode: {max_connections} connections are open (FG_CONTAINER_MAX_CONNECTIONS): answering 503 ({refused} so far)"
                    );
                }
                over_the_limit(stream);
            }
            Ok(stream) => {
                let shared = Arc::clone(shared);
                let counted = OpenConnection::new(&open);
                let spawned = std::thread::Builder::new()
                    .name("fg-connection".into())
                    .spawn(move || {
                        let _counted = counted;
                        connection(stream, &shared);
                    });
                if let Err(e) = spawned {
                    runtime_log!(Warn, "container mode: cannot serve a connection: {e}");
                }
            }
            Err(e) => {
                runtime_log!(Warn, "container mode: accept failed: {e}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Counts a connection as open until its thread ends (or could not start).
struct OpenConnection(Arc<AtomicUsize>);

impl OpenConnection {
    fn new(open: &Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::AcqRel);
        Self(Arc::clone(open))
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers a connection over `FG_CONTAINER_MAX_CONNECTIONS` with `503` and closes it, on the
/// accept thread, without reading its request: the answer is small enough for the socket's
/// buffer, and the write timeout bounds the rare peer whose buffer is full. (A peer that had
/// already sent its request may see the close as a reset instead of the answer.)
fn over_the_limit(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let _ = http::respond(
        &mut stream,
        503,
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Retry-After", "1"),
        ],
        b"too many connections at once; retry",
        true,
    );
}

/// Reads one connection's requests in turn, runs each `/invoke` through the workers and writes
/// its answer.
fn connection(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = Reader::new(stream);
    loop {
        let request = match reader.head() {
            Ok(request) => request,
            Err(ReadError::Closed | ReadError::Io(_)) => return,
            Err(e) => return refuse(&mut writer, e.status(), &e.to_string()),
        };
        let path = request.path.split('?').next().unwrap_or_default();
        let known = path == "/invoke" || path == "/init";
        if !known {
            return refuse(
                &mut writer,
                404,
                "only POST /invoke and POST /init are served",
            );
        }
        if request.method != "POST" {
            return refuse(&mut writer, 405, &format!("{path} takes POST"));
        }
        let body = match reader.body(shared.max_event_size, &mut writer) {
            Ok(body) => body,
            Err(e @ ReadError::TooLarge { .. }) => return too_large(&mut writer, &request, &e),
            Err(ReadError::Closed | ReadError::Io(_)) => return,
            Err(e) => return refuse(&mut writer, e.status(), &e.to_string()),
        };
        if path == "/init" {
            // The state was built before the port opened (see the module docs).
            if http::respond(&mut writer, 200, &[], b"", request.close).is_err() || request.close {
                return;
            }
            continue;
        }
        shutdown::busy();
        let written = invoke(&mut writer, shared, &request, body);
        if shutdown::answered() {
            shutdown::exit();
        }
        if !written || request.close {
            return;
        }
    }
}

/// Runs one invocation on the workers and writes its answer; `false` when it could not be
/// written.
fn invoke(writer: &mut TcpStream, shared: &Shared, request: &Request, body: Vec<u8>) -> bool {
    let invocation = request_headers::invocation(request.headers.clone(), body);
    let function = request_headers::function_config(&shared.function, &invocation.headers);
    let id = invocation.request_id.clone();
    let (answer, outcome) = std::sync::mpsc::sync_channel(1);
    shared.queue.push(Job {
        invocation,
        function,
        answer,
    });
    let outcome = outcome.recv().unwrap_or_else(|_| {
        Err(Diagnostic::new(
            INVOCATION_LOST,
            "the invocation ended without an outcome",
        ))
    });
    let written = match &outcome {
        Ok(body) => http::respond(
            writer,
            200,
            &[
                ("Content-Type", content_type(body)),
                ("X-Cff-Request-Id", &id),
            ],
            body,
            request.close,
        ),
        Err(diagnostic) => http::respond(
            writer,
            500,
            &[
                ("Content-Type", "application/json"),
                ("X-Cff-Request-Id", &id),
                (ERROR_TYPE_HEADER, &diagnostic.error_type),
            ],
            &diagnostic.to_json(),
            request.close,
        ),
    };
    if let Err(e) = &written {
        log::write(
            &id,
            Level::Error,
            format_args!("the answer could not be written to the platform: {e}"),
        );
    }
    written.is_ok()
}

/// An HTTP-level refusal (not an invocation): a text body, and the connection closed.
fn refuse(writer: &mut TcpStream, status: u16, message: &str) {
    runtime_log!(Warn, "container mode: answered {status}: {message}");
    let _ = http::respond(
        writer,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        message.as_bytes(),
        true,
    );
}

/// An event over the limit gets the same `EventTooLarge` report as in runtime-API mode.
fn too_large(writer: &mut TcpStream, request: &Request, error: &ReadError) {
    let id = request_headers::request_id(&request.headers);
    let diagnostic = Diagnostic::new(EVENT_TOO_LARGE, error.to_string());
    log::write(
        &id,
        Level::Error,
        format_args!("{EVENT_TOO_LARGE}: {}", diagnostic.error_message),
    );
    let _ = http::respond(
        writer,
        413,
        &[
            ("Content-Type", "application/json"),
            ("X-Cff-Request-Id", &id),
            (ERROR_TYPE_HEADER, EVENT_TOO_LARGE),
        ],
        &diagnostic.to_json(),
        true,
    );
}

/// JSON for bodies that are JSON (what a handler's `Serialize` value becomes), text otherwise.
fn content_type(body: &[u8]) -> &'static str {
    if body.is_empty() || serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        "application/json"
    } else if std::str::from_utf8(body).is_ok() {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_body() {
        assert_eq!(content_type(br#"{"a":1}"#), "application/json");
        assert_eq!(content_type(b"hello"), "text/plain; charset=utf-8");
        assert_eq!(content_type(&[0xff, 0x00]), "application/octet-stream");
    }
}
