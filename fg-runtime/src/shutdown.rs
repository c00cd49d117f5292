//! Graceful shutdown. The platform stops an instance with SIGTERM (then SIGKILL after a grace
//! period). A signal that arrives while the function waits for an event ends the process at
//! once; one that arrives during an invocation lets it finish and be answered first. Either
//! way the hooks registered with [`on_shutdown`] run, the logs are flushed and the process
//! exits with status 0.
//!
//! Exactly one answer per event: the loop marks itself busy as soon as the reply carrying an
//! event has been read, under the same lock the signal thread takes before it ends the process.
//! So the process never ends between reading an event and posting its answer; it can only end
//! while no event has been read (the platform does not hand events to an instance it is
//! stopping; an event whose bytes were still in flight is one the function never saw).

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::logger::{self as log, runtime_log};

type Hook = Box<dyn FnOnce() + Send>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

/// Runs `hook` once when the platform stops the instance (SIGTERM, or SIGINT), after the
/// in-flight invocation, if any, has been answered and before the process exits.
///
/// Hooks run in the order they were registered, on the thread that handles the signal, and
/// only in the runtime-API and container modes (local mode runs one event and exits).
/// `#[dis_handler(shutdown = on_shutdown)]` (and the other handler macros) register the
/// function they name; an `init` function can register more, for example to flush a client
/// it shares with the handler:
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// let buffer = Arc::new(Mutex::new(Vec::<String>::new()));
/// let pending = Arc::clone(&buffer);
/// fg_runtime::on_shutdown(move || {
///     let lines = pending.lock().map(|b| b.len()).unwrap_or(0);
///     eprintln!("flushing {lines} buffered lines");
/// });
/// ```
pub fn on_shutdown(hook: impl FnOnce() + Send + 'static) {
    lock(&HOOKS).push(Box::new(hook));
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs every registered hook once; a panicking hook is logged and the others still run.
pub(crate) fn run_hooks() {
    let hooks = std::mem::take(&mut *lock(&HOOKS));
    for hook in hooks {
        if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(hook)) {
            runtime_log!(
                Error,
                "a shutdown hook panicked: {}",
                crate::panic::payload_text(&*payload)
            );
        }
    }
}

/// Where serving is, as the signal thread sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Phase {
    /// Invocations read and not yet answered (container mode runs several at once).
    in_flight: usize,
    /// Start-up is over: with nothing in flight, a signal ends the process at once.
    serving: bool,
    /// A signal arrived while invocations were in flight (or during start-up).
    stop_requested: bool,
    /// The process is ending.
    stopping: bool,
}

static PHASE: Mutex<Phase> = Mutex::new(Phase {
    in_flight: 0,
    serving: false,
    stop_requested: false,
    stopping: false,
});

/// Called before waiting for the next event. `true`: a stop was requested meanwhile; call
/// [`finish`] instead of waiting.
pub(crate) fn idle() -> bool {
    let mut phase = lock(&PHASE);
    if phase.stop_requested || phase.stopping {
        phase.stopping = true;
        return true;
    }
    phase.serving = true;
    false
}

/// Called as soon as an event (a request id) has been read: from here until [`answered`] the
/// process does not end. Blocks for good if the signal thread is already ending the process.
pub(crate) fn busy() {
    lock(&PHASE).in_flight += 1;
}

/// Called once an event's answer is posted. `true`: a stop was requested meanwhile and this
/// was the last invocation in flight; call [`finish`].
pub(crate) fn answered() -> bool {
    let mut phase = lock(&PHASE);
    phase.in_flight = phase.in_flight.saturating_sub(1);
    if phase.stop_requested && phase.in_flight == 0 && !phase.stopping {
        phase.stopping = true;
        return true;
    }
    false
}

/// The end of a graceful shutdown on the serving thread: hooks, flushed logs, status 0.
pub(crate) fn finish() -> std::process::ExitCode {
    runtime_log!(Info, "shutting down: the last invocation was answered");
    run_hooks();
    log::flush();
    std::process::ExitCode::SUCCESS
}

/// Container mode: the thread that wrote the last answer after a stop request ends the process
/// (the other threads serve connections or wait for jobs).
#[cfg(feature = "container")]
pub(crate) fn exit() -> ! {
    let _ = finish();
    #[allow(clippy::exit, reason = "the other threads are blocked in reads")]
    std::process::exit(0)
}

/// What the signal thread does with a SIGTERM or SIGINT.
fn on_signal(name: &str) {
    let mut phase = lock(&PHASE);
    if phase.stopping {
        return;
    }
    if phase.serving && phase.in_flight == 0 {
        phase.stopping = true;
        runtime_log!(Info, "{name} while waiting for an event: shutting down");
        run_hooks();
        log::flush();
        // The lock is held until the process is gone, so no serving thread can mark an
        // event busy meanwhile.
        #[allow(clippy::exit, reason = "the serving threads are blocked in reads")]
        std::process::exit(0);
    }
    phase.stop_requested = true;
    runtime_log!(
        Info,
        "{name} during an invocation: shutting down once the invocations in flight are answered"
    );
}

/// Starts the thread that waits for SIGTERM and SIGINT. Without it (the signals cannot be
/// registered) the process keeps the default behaviour: it is killed by the signal.
///
/// The signal handlers (in `signal-hook`, which holds the `unsafe` code) write the signal's
/// number to a socket pair; the thread reads it. Smaller than `signal-hook`'s iterator, and
/// nothing but a `write` runs inside the handler.
pub(crate) fn listen_for_signals() {
    #[cfg(unix)]
    if let Err(e) = spawn_signal_thread() {
        runtime_log!(
            Warn,
            "cannot handle SIGTERM ({e}); the process will not shut down gracefully"
        );
    }
}

#[cfg(unix)]
fn spawn_signal_thread() -> std::io::Result<()> {
    use std::io::Read;
    use std::os::unix::net::UnixStream;

    use signal_hook::consts::{SIGINT, SIGTERM};

    let (mut read, write) = UnixStream::pair()?;
    let (write_int, write_term) = (write.try_clone()?, write);
    signal_hook::low_level::pipe::register(SIGINT, write_int)?;
    signal_hook::low_level::pipe::register(SIGTERM, write_term)?;
    std::thread::Builder::new()
        .name("fg-shutdown".into())
        .spawn(move || {
            let mut byte = [0u8; 1];
            // Each signal writes one byte; which one does not matter for what follows.
            while let Ok(1) = read.read(&mut byte) {
                on_signal("SIGTERM or SIGINT");
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_waits_for_every_invocation_in_flight() {
        assert!(!idle());
        busy();
        busy();
        lock(&PHASE).stop_requested = true;
        assert!(!answered(), "one invocation is still in flight");
        assert!(answered(), "the last answer ends the process");
        assert!(!answered(), "only once");
        assert!(idle(), "a stopping process does not wait again");
        *lock(&PHASE) = Phase {
            in_flight: 0,
            serving: false,
            stop_requested: false,
            stopping: false,
        };
    }

    #[test]
    fn hooks_run_once_in_order_and_survive_a_panic() {
        use std::sync::Arc;
        let seen = Arc::new(Mutex::new(Vec::new()));
        for n in 0..3 {
            let seen = Arc::clone(&seen);
            on_shutdown(move || {
                if n == 1 {
                    panic!("hook {n} fails");
                }
                lock(&seen).push(n);
            });
        }
        run_hooks();
        run_hooks();
        assert_eq!(*lock(&seen), [0, 2]);
    }
}
