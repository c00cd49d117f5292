//! An emulator of FunctionGraph's custom-runtime API, for testing functions without the cloud.
//!
//! [`Emulator::start`] binds a real HTTP server on `127.0.0.1` that plays the platform's side of
//! the runtime API (docs/PLATFORM.md §2.2): it holds `GET /v1/runtime/invocation/request`
//! open until an event is queued, hands the event out with the platform's headers, and records
//! every answer posted to `/response/{id}` and `/error/{id}`. It can be told to misbehave
//! ([`Fault`]) to test how a function copes.
//!
//! Enable it with the `testing` feature, usually as a dev-dependency:
//!
//! ```toml
//! [dev-dependencies]
//! fg-runtime = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```no_run
//! use std::time::Duration;
//! use fg_runtime::testing::{Emulator, Event};
//!
//! let emulator = Emulator::start()?;
//! // Your function's binary, built by cargo for integration tests:
//! let mut function = emulator.command("target/debug/my-function").spawn()?;
//! let id = emulator.push(Event::new(std::fs::read("events/dis.json")?));
//! let answer = emulator.wait_for_answer(&id, Duration::from_secs(10)).expect("no answer");
//! assert!(answer.is_response(), "{}", answer.text());
//! function.kill()?;
//! # Ok::<(), std::io::Error>(())
//! ```

mod server;

use std::collections::{HashMap, VecDeque};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::Diagnostic;

/// An event to hand to the function, with the headers the platform would send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    request_id: Option<String>,
}

impl Event {
    /// An event with this body (the trigger's JSON) and no extra headers.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: body.into(),
            ..Self::default()
        }
    }

    /// An event whose body is `value` serialised as JSON.
    ///
    /// # Panics
    /// If `value` cannot be serialised (a bug in the test, not in the function).
    pub fn json<T: serde::Serialize>(value: &T) -> Self {
        Self::new(serde_json::to_vec(value).expect("test event must serialise as JSON"))
    }

    /// Adds a header to the `GET` reply (for example `X-CFF-Security-Token`).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Marks the invocation asynchronous (`X-CFF-Invoke-Type: async`), as DIS, SMN, OBS and
    /// most other triggers invoke.
    #[must_use]
    pub fn asynchronous(self) -> Self {
        self.header("X-CFF-Invoke-Type", "async")
    }

    /// Uses this request id instead of a generated one. (To control the header's spelling too,
    /// add the request-id header yourself with [`header`](Self::header): the emulator then
    /// sends it as given and records answers under its value.)
    #[must_use]
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }
}

/// Misbehaviour of the emulated runtime API, applied to the next `GET` for an event (one fault
/// per `GET`, in the order they were queued).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and no event.
    Status(u16),
    /// Answer 200 with a body but no `X-Cff-Request-Id` header (the event queue is untouched).
    MissingRequestId,
    /// Wait this long, then serve the request normally.
    Delay(Duration),
    /// Close the connection without answering.
    CloseConnection,
    /// Hand out the next event but close the connection halfway through its body.
    ResetMidBody,
    /// Hand out the next event with a chunked body that never ends: the event, then blank
    /// chunks until the function stops reading (at most 1 GiB), to test that it does.
    EndlessBody,
}

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
    /// [`Emulator::fail_next_post`], or came late).
    pub accepted: bool,
    /// Whether it came after the invocation had timed out ([`Emulator::set_timeout`]); the
    /// emulator refused it with `410 Gone`.
    pub late: bool,
}

/// An invocation that got no accepted answer within the timeout set with
/// [`Emulator::set_timeout`], as the platform records a function that ran past
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

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<(String, Event)>,
    faults: VecDeque<Fault>,
    post_faults: VecDeque<u16>,
    handed_out: Vec<String>,
    /// Handed out, not yet answered or timed out, with when they were handed out.
    in_flight: Vec<(String, Instant)>,
    timeout: Option<Duration>,
    timed_out: Vec<TimedOut>,
    answers: Vec<Answer>,
    connections: u64,
    polls: u64,
    /// Bumped to make every held `GET` close its connection.
    idle_generation: u64,
    next_id: u64,
}

impl State {
    fn hand_out(&mut self, id: String) {
        self.in_flight.push((id.clone(), Instant::now()));
        self.handed_out.push(id);
    }

    /// Undoes [`hand_out`](Self::hand_out) for an event that never reached the function.
    fn take_back(&mut self, id: &str) {
        if let Some(at) = self.handed_out.iter().rposition(|h| h == id) {
            self.handed_out.remove(at);
        }
        if let Some(at) = self.in_flight.iter().rposition(|(h, _)| h == id) {
            self.in_flight.remove(at);
        }
    }

    /// Moves the invocations past their deadline from in flight to timed out. Run on every
    /// lock, so that whatever a test observes is up to date.
    fn expire(&mut self) {
        let Some(timeout) = self.timeout else { return };
        let now = Instant::now();
        if self.next_deadline().is_none_or(|at| at > now) {
            return;
        }
        let (expired, in_flight): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|(_, at)| now.duration_since(*at) >= timeout);
        self.in_flight = in_flight;
        self.timed_out
            .extend(expired.into_iter().map(|(request_id, _)| TimedOut {
                request_id,
                after: timeout,
            }));
    }

    /// When the next in-flight invocation times out.
    fn next_deadline(&self) -> Option<Instant> {
        let timeout = self.timeout?;
        self.in_flight.iter().map(|(_, at)| *at + timeout).min()
    }
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    shutdown: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking connection thread must not take the whole emulator down with it.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.expire();
        state
    }

    fn wait_until<T>(
        &self,
        timeout: Duration,
        mut ready: impl FnMut(&State) -> Option<T>,
    ) -> Option<T> {
        let end = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if let Some(found) = ready(&state) {
                return Some(found);
            }
            let now = Instant::now();
            let left = end.saturating_duration_since(now);
            if left.is_zero() {
                return None;
            }
            // Wake up at the next deadline too, to see the invocation time out.
            let wait = state
                .next_deadline()
                .map_or(left, |at| left.min(at.saturating_duration_since(now)));
            state = self
                .changed
                .wait_timeout(state, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            state.expire();
        }
    }
}

/// The emulated runtime API, listening on `127.0.0.1` until dropped.
#[derive(Debug)]
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    acceptor: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts the emulator on a free port of `127.0.0.1`.
    ///
    /// # Errors
    /// When no port can be bound.
    pub fn start() -> std::io::Result<Self> {
        Self::start_at(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts the emulator on a given address (to test a function that was started before its
    /// runtime API was listening).
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub fn start_at(addr: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("fg-emulator".into())
                .spawn(move || server::accept(&listener, &shared))?
        };
        Ok(Self {
            shared,
            addr,
            acceptor: Some(acceptor),
        })
    }

    /// The socket address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The value for `RUNTIME_API_ADDR` (`host:port`, no scheme).
    pub fn runtime_api_addr(&self) -> String {
        self.addr.to_string()
    }

    /// A command for the function binary at `program` with the environment the platform sets:
    /// `RUNTIME_API_ADDR` pointing here, function name `emulated-function`, version `latest`,
    /// a 3 s timeout (or the one set with [`set_timeout`](Self::set_timeout)), 128 MB, empty
    /// user data. Override any of them with `.env(...)`.
    pub fn command(&self, program: impl AsRef<Path>) -> Command {
        let timeout = self
            .shared
            .lock()
            .timeout
            .map_or_else(|| "3".to_owned(), |t| t.as_secs_f64().to_string());
        let mut command = Command::new(program.as_ref());
        command
            .env("RUNTIME_API_ADDR", self.runtime_api_addr())
            .env("RUNTIME_FUNC_NAME", "emulated-function")
            .env("RUNTIME_FUNC_VERSION", "latest")
            .env("RUNTIME_PACKAGE", "default")
            .env("RUNTIME_PROJECT_ID", "emulated-project")
            .env("RUNTIME_HANDLER", "bootstrap")
            .env("RUNTIME_TIMEOUT", timeout)
            .env("RUNTIME_MEMORY", "128")
            .env("RUNTIME_CPU", "300")
            .env("RUNTIME_USERDATA", "{}")
            .env("RUNTIME_MAX_RESP_BODY_SIZE", "6291456");
        command
    }

    /// Queues an event; returns its request id.
    pub fn push(&self, event: Event) -> String {
        let mut state = self.shared.lock();
        state.next_id += 1;
        let given = event
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("x-cff-request-id"))
            .map(|(_, value)| value.clone());
        let id = given
            .or_else(|| event.request_id.clone())
            .unwrap_or_else(|| {
                format!(
                    "emulated-{:08}-4000-8000-{:012}",
                    std::process::id(),
                    state.next_id
                )
            });
        state.queue.push_back((id.clone(), event));
        drop(state);
        self.shared.changed.notify_all();
        id
    }

    /// Queues a fault for a coming `GET` (see [`Fault`]).
    pub fn fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
        self.shared.changed.notify_all();
    }

    /// Enforces a timeout per invocation, as the platform enforces `RUNTIME_TIMEOUT`: an
    /// invocation handed out and not answered within `timeout` is recorded as [`TimedOut`]
    /// ([`timeouts`](Self::timeouts)), and an answer posted after that is refused with
    /// `410 Gone` and recorded with [`Answer::late`] set. `None` (the default) enforces none.
    ///
    /// The platform also restarts a function that timed out; here that is the test's job: kill
    /// the process and start it again. [`command`](Self::command) passes the timeout on as
    /// `RUNTIME_TIMEOUT` (in seconds, with a fraction if it has one, which fg reads but the
    /// platform never sends). The timeout applies to every invocation still in flight.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use fg_runtime::testing::{Emulator, Event};
    ///
    /// let emulator = Emulator::start()?;
    /// emulator.set_timeout(Some(Duration::from_secs(1)));
    /// let mut function = emulator.command("target/debug/my-function").spawn()?;
    /// let id = emulator.push(Event::new(r#"{"slow": true}"#));
    /// if emulator.wait_for_timeout(&id, Duration::from_secs(5)).is_some() {
    ///     function.kill()?; // as the platform would, then start it again
    ///     function = emulator.command("target/debug/my-function").spawn()?;
    /// }
    /// emulator.verify_exactly_once().expect("one answer or one timeout per invocation");
    /// # function.kill()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_timeout(&self, timeout: Option<Duration>) {
        self.shared.lock().timeout = timeout;
        self.shared.changed.notify_all();
    }

    /// The invocations that timed out so far, in order.
    pub fn timeouts(&self) -> Vec<TimedOut> {
        self.shared.lock().timed_out.clone()
    }

    /// Waits up to `wait` for the invocation `request_id` to time out.
    pub fn wait_for_timeout(&self, request_id: &str, wait: Duration) -> Option<TimedOut> {
        self.shared.wait_until(wait, |state| {
            state
                .timed_out
                .iter()
                .find(|t| t.request_id == request_id)
                .cloned()
        })
    }

    /// Checks the runtime's core promise: every request id handed out got exactly one accepted
    /// answer, or none and a recorded timeout; and no answer names an id never handed out.
    ///
    /// # Errors
    /// A description of every broken promise, with all the answers.
    pub fn verify_exactly_once(&self) -> Result<(), String> {
        let state = self.shared.lock();
        // Per id: (handed out, accepted answers, timeouts).
        let mut counts: HashMap<&str, (usize, usize, usize)> = HashMap::new();
        for id in &state.handed_out {
            counts.entry(id).or_default().0 += 1;
        }
        let mut problems = Vec::new();
        for answer in &state.answers {
            match counts.get_mut(answer.request_id.as_str()) {
                Some(count) => count.1 += usize::from(answer.accepted),
                None => problems.push(format!("answer for an id never handed out: {answer:?}")),
            }
        }
        for timeout in &state.timed_out {
            if let Some(count) = counts.get_mut(timeout.request_id.as_str()) {
                count.2 += 1;
            }
        }
        let mut broken: Vec<_> = counts
            .into_iter()
            .filter(|(_, (handed_out, accepted, timed_out))| accepted + timed_out != *handed_out)
            .map(|(id, (handed_out, accepted, timed_out))| {
                format!(
                    "request {id:?} was handed out {handed_out} time(s) and got {accepted} accepted answer(s) and {timed_out} timeout(s)"
                )
            })
            .collect();
        broken.sort();
        problems.extend(broken);
        if problems.is_empty() {
            return Ok(());
        }
        let shown: Vec<_> = state.answers.iter().take(100).collect();
        Err(format!(
            "{}\nanswers ({} in all, the first {}): {shown:?}",
            problems.join("\n"),
            state.answers.len(),
            shown.len()
        ))
    }

    /// Waits up to `timeout` until the emulator is idle: every queued event has been handed out
    /// and every invocation handed out has an accepted answer or has timed out.
    pub fn wait_for_idle(&self, timeout: Duration) -> bool {
        self.shared
            .wait_until(timeout, |state| {
                (state.queue.is_empty() && state.in_flight.is_empty()).then_some(())
            })
            .is_some()
    }

    /// Answers the next posted response or error with `status` instead of accepting it.
    pub fn fail_next_post(&self, status: u16) {
        self.shared.lock().post_faults.push_back(status);
    }

    /// Waits up to `timeout` for the first accepted answer to `request_id`.
    pub fn wait_for_answer(&self, request_id: &str, timeout: Duration) -> Option<Answer> {
        self.shared.wait_until(timeout, |state| {
            state
                .answers
                .iter()
                .find(|a| a.accepted && a.request_id == request_id)
                .cloned()
        })
    }

    /// Waits up to `timeout` until `count` `GET`s for an event have arrived in all.
    pub fn wait_for_polls(&self, count: u64, timeout: Duration) -> bool {
        self.shared
            .wait_until(timeout, |state| (state.polls >= count).then_some(()))
            .is_some()
    }

    /// Every answer posted so far, in order (including refused ones).
    pub fn answers(&self) -> Vec<Answer> {
        self.shared.lock().answers.clone()
    }

    /// The request ids handed out so far, in order.
    pub fn handed_out(&self) -> Vec<String> {
        self.shared.lock().handed_out.clone()
    }

    /// How many TCP connections functions have opened to the emulator.
    pub fn connection_count(&self) -> u64 {
        self.shared.lock().connections
    }

    /// Closes every connection whose `GET` is being held while idle, as a platform may close
    /// idle keep-alive connections between invocations.
    pub fn drop_idle_connections(&self) {
        self.shared.lock().idle_generation += 1;
        self.shared.changed.notify_all();
    }

    /// How many `GET`s for an event have arrived.
    pub fn poll_count(&self) -> u64 {
        self.shared.lock().polls
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        // Wake the blocking accept so its thread sees the shutdown flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}
