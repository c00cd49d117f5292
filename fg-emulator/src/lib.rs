//! An emulator of FunctionGraph's custom-runtime API, for testing functions without the cloud.
//!
//! [`Emulator::start`] binds a real HTTP server on `127.0.0.1` that plays the platform's side of
//! the runtime API (docs/PLATFORM.md §2.2): it holds `GET /v1/runtime/invocation/request`
//! open until an event is queued, hands the event out with the platform's headers, and records
//! every answer posted to `/response/{id}` and `/error/{id}`. It can be told to misbehave
//! ([`Fault`]) to test how a function copes.
//!
//! Add it as a dev-dependency beside fg-runtime (it is no part of a deployed `bootstrap`):
//!
//! ```toml
//! [dev-dependencies]
//! fg-emulator = "0.1"
//! ```
//!
//! ```no_run
//! use std::time::Duration;
//! use fg_emulator::{Emulator, Event};
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

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod event;
mod record;
mod server;
mod state;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub use event::{Event, Fault};
pub use record::{Answer, AnswerKind, TimedOut};
use state::Shared;

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
    /// use fg_emulator::{Emulator, Event};
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
