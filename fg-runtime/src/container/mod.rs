//! Container-image mode (`FG_MODE=container`, §4 of the platform notes): the same handler
//! behind the HTTP server a container-image event function must run on port 8000. The
//! platform posts each trigger event to `POST /invoke` (the request id and the agency's
//! credentials in `X-Cff-*` headers) and may call `POST /init` once first.
//!
//! Connections are read on threads of their own (the platform may keep several open), but
//! invocations run one at a time on the main thread, which owns the handler and its state, as
//! the platform sends one request at a time to an instance. An answer is:
//! - `200` with the response body (empty for an asynchronous invocation), as the samples do;
//! - `500` with the error report `{"errorMessage","errorType"}` as JSON and the `errorType`
//!   in `X-Fg-Error-Type`: the platform treats a non-2xx answer as a failed invocation (§3,
//!   YR's handler does), which is what makes retries and error metrics work;
//! - `413` with an `EventTooLarge` report above `FG_MAX_EVENT_SIZE`, unread;
//! - `200` with an empty body for `/init`: the state was already built before the port opened,
//!   so a failing `init` stops the container instead of failing every invocation.

pub(crate) mod http;

use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::config::{FunctionConfig, RuntimeConfig};
use crate::handler::{Handler, process};
use crate::invocation::{Headers, Invocation, header};
use crate::logger::{self as log, Level, runtime_log};
use crate::{Diagnostic, shutdown};

use http::{ReadError, Reader, Request};

/// `errorType` of an event above `FG_MAX_EVENT_SIZE` (as in runtime-API mode).
const EVENT_TOO_LARGE: &str = "EventTooLarge";
/// The header that names the `errorType` of an error answer.
const ERROR_TYPE_HEADER: &str = "X-Fg-Error-Type";

/// One `POST /invoke` for the main thread: the event and where to answer.
struct Job {
    request: Request,
    body: Vec<u8>,
    writer: TcpStream,
}

/// Hands one job at a time from the connection threads to the main thread and the outcome
/// back (`true`: the answer was written and the connection stays open). A mutex and a
/// condition variable: smaller in the binary than two channels.
#[derive(Default)]
struct Handoff {
    slot: Mutex<Slot>,
    changed: Condvar,
}

#[derive(Default)]
struct Slot {
    job: Option<Job>,
    /// The ticket of the job in `job` (the last one submitted).
    ticket: u64,
    /// Answered tickets their connection threads have not collected yet.
    answered: Vec<(u64, bool)>,
}

impl Handoff {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, Slot>) -> MutexGuard<'a, Slot> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection thread: waits for the slot, puts the job in, waits for its answer.
    fn submit(&self, job: Job) -> bool {
        let mut slot = self.lock();
        while slot.job.is_some() {
            slot = self.wait(slot);
        }
        slot.ticket += 1;
        let ticket = slot.ticket;
        slot.job = Some(job);
        self.changed.notify_all();
        loop {
            if let Some(at) = slot.answered.iter().position(|&(t, _)| t == ticket) {
                return slot.answered.swap_remove(at).1;
            }
            slot = self.wait(slot);
        }
    }

    /// The main thread: the next job.
    fn take(&self) -> (u64, Job) {
        let mut slot = self.lock();
        loop {
            if let Some(job) = slot.job.take() {
                return (slot.ticket, job);
            }
            slot = self.wait(slot);
        }
    }

    /// The main thread: the job's answer is written (or could not be).
    fn answered(&self, ticket: u64, keep: bool) {
        self.lock().answered.push((ticket, keep));
        self.changed.notify_all();
    }
}

pub(crate) fn run<T, H>(
    mut handler: H,
    host: &str,
    port: u16,
    runtime: &RuntimeConfig,
    function: &Arc<FunctionConfig>,
) -> ExitCode
where
    H: Handler<T>,
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
    let handoff = Arc::new(Handoff::default());
    let jobs = Arc::clone(&handoff);
    let limit = runtime.max_event_size;
    let accepting = std::thread::Builder::new()
        .name("fg-accept".into())
        .spawn(move || accept(&listener, &jobs, limit));
    if let Err(e) = accepting {
        runtime_log!(Error, "container mode: cannot start the accept thread: {e}");
        return ExitCode::FAILURE;
    }
    // Tests and tools read the address from this line (FG_PORT=0 picks a free port).
    runtime_log!(
        Info,
        "container mode: listening on {addr} for POST /invoke and POST /init"
    );
    serve(&mut handler, &handoff, function)
}

/// The main thread: one invocation at a time, until SIGTERM.
fn serve<T, H: Handler<T>>(
    handler: &mut H,
    handoff: &Handoff,
    function: &Arc<FunctionConfig>,
) -> ExitCode {
    loop {
        if shutdown::idle() {
            return shutdown::finish();
        }
        let (ticket, mut job) = handoff.take();
        shutdown::busy();
        let invocation = invocation(&job.request, std::mem::take(&mut job.body));
        let function = with_header_metadata(function, &invocation.headers);
        let outcome = process(handler, &invocation, &function);
        let id = invocation.request_id.as_str();
        let written = match &outcome {
            Ok(body) => http::respond(
                &mut job.writer,
                200,
                &[
                    ("Content-Type", content_type(body)),
                    ("X-Cff-Request-Id", id),
                ],
                body,
                job.request.close,
            ),
            Err(diagnostic) => http::respond(
                &mut job.writer,
                500,
                &[
                    ("Content-Type", "application/json"),
                    ("X-Cff-Request-Id", id),
                    (ERROR_TYPE_HEADER, &diagnostic.error_type),
                ],
                &diagnostic.to_json(),
                job.request.close,
            ),
        };
        if let Err(e) = &written {
            log::write(
                id,
                Level::Error,
                format_args!("the answer could not be written to the platform: {e}"),
            );
        }
        handoff.answered(ticket, written.is_ok() && !job.request.close);
        if shutdown::answered() {
            return shutdown::finish();
        }
    }
}

fn accept(listener: &TcpListener, jobs: &Arc<Handoff>, limit: usize) {
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let jobs = Arc::clone(jobs);
                let spawned = std::thread::Builder::new()
                    .name("fg-connection".into())
                    .spawn(move || connection(stream, &jobs, limit));
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

/// Reads one connection's requests in turn, handing `/invoke`s to the main thread.
fn connection(stream: TcpStream, jobs: &Handoff, limit: usize) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = Reader::new(stream);
    loop {
        let request = match reader.head() {
            Ok(request) => request,
            Err(ReadError::Closed | ReadError::Io(_)) => return,
            Err(e) => return refuse(&mut writer, 400, &e.to_string()),
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
        let body = match reader.body(&request, limit, &mut writer) {
            Ok(body) => body,
            Err(e @ ReadError::TooLarge { .. }) => return too_large(&mut writer, &request, &e),
            Err(ReadError::Closed | ReadError::Io(_)) => return,
            Err(e) => return refuse(&mut writer, 400, &e.to_string()),
        };
        if path == "/init" {
            // The state was built before the port opened (see the module docs).
            if http::respond(&mut writer, 200, &[], b"", request.close).is_err() || request.close {
                return;
            }
            continue;
        }
        let Ok(job_writer) = writer.try_clone() else {
            return;
        };
        let job = Job {
            request,
            body,
            writer: job_writer,
        };
        if !jobs.submit(job) {
            return;
        }
    }
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
    let id = request_id(&request.headers);
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

pub(crate) fn request_id(headers: &Headers) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    match headers
        .get(header::REQUEST_ID)
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(id) => id.to_owned(),
        // Local `docker run` tests send no id; make one so that log lines still tell
        // invocations apart.
        None => format!(
            "local-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ),
    }
}

pub(crate) fn invocation(request: &Request, body: Vec<u8>) -> Invocation {
    let mut headers = Headers::default();
    for (name, value) in request.headers.iter() {
        // The platform sends `null` for credentials an agency does not provide (the
        // official Python sample checks `ak != "null"`).
        if header::CREDENTIALS.contains(&name) && value.trim() == "null" {
            continue;
        }
        headers.insert(name, value.to_owned());
    }
    Invocation {
        request_id: request_id(&request.headers),
        headers,
        body: Arc::new(body),
        received_at: Instant::now(),
    }
}

/// The function's configuration with what the platform's `X-Cff-*` metadata headers add (§4):
/// the timeout and memory it was invoked with, and names the environment does not carry.
pub(crate) fn with_header_metadata(
    function: &Arc<FunctionConfig>,
    headers: &Headers,
) -> Arc<FunctionConfig> {
    let text = |name: &str| headers.get(name).map(str::trim).filter(|v| !v.is_empty());
    let timeout = text("x-cff-timeout")
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|&t| t > 0)
        .map(Duration::from_secs);
    let memory = text("x-cff-memory").and_then(|m| m.parse::<u32>().ok());
    let fill = [
        ("x-cff-func-name", function.function_name.is_empty()),
        ("x-cff-func-version", function.version.is_empty()),
        ("x-cff-package", function.package.is_empty()),
        ("x-cff-project-id", function.project_id.is_empty()),
    ];
    let names = fill
        .iter()
        .any(|&(name, empty)| empty && text(name).is_some());
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
    let set = |field: &mut String, name: &str| {
        if field.is_empty()
            && let Some(value) = text(name)
        {
            value.clone_into(field);
        }
    };
    set(&mut config.function_name, "x-cff-func-name");
    set(&mut config.version, "x-cff-func-version");
    set(&mut config.package, "x-cff-package");
    set(&mut config.project_id, "x-cff-project-id");
    Arc::new(config)
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
    fn metadata_headers_fill_what_the_environment_lacks() {
        let function = Arc::new(FunctionConfig {
            version: "v1".into(),
            timeout: Duration::from_secs(3),
            ..FunctionConfig::default()
        });
        let mut headers = Headers::default();
        headers.insert("X-CFF-Timeout", "30".into());
        headers.insert("X-CFF-Func-Name", "0@default@ingest".into());
        headers.insert("X-CFF-Func-Version", "latest".into());
        let config = with_header_metadata(&function, &headers);
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(config.function_name, "0@default@ingest");
        assert_eq!(config.version, "v1", "the environment wins");
        let untouched = with_header_metadata(&function, &Headers::default());
        assert!(Arc::ptr_eq(&untouched, &function));
    }

    #[test]
    fn null_credentials_are_absent() {
        let mut headers = Headers::default();
        headers.insert("x-cff-security-access-key", "null".into());
        headers.insert("x-cff-security-token", "token".into());
        let request = Request {
            method: "POST".into(),
            path: "/invoke".into(),
            headers,
            close: false,
        };
        let invocation = invocation(&request, Vec::new());
        assert_eq!(invocation.headers.get("x-cff-security-access-key"), None);
        assert_eq!(
            invocation.headers.get("x-cff-security-token"),
            Some("token")
        );
        assert!(invocation.request_id.starts_with("local-"));
    }

    #[test]
    fn content_types_follow_the_body() {
        assert_eq!(content_type(br#"{"a":1}"#), "application/json");
        assert_eq!(content_type(b"hello"), "text/plain; charset=utf-8");
        assert_eq!(content_type(&[0xff, 0x00]), "application/octet-stream");
    }
}
