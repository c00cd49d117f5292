//! Panics in a handler become error reports. With the default `panic = "unwind"` the panic is
//! caught and the loop goes on; under `panic = "abort"` the panic hook posts the report itself
//! before the process ends, so the in-flight request is still answered.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::OnceLock;

use crate::Diagnostic;
use crate::constants::PANIC;
use crate::logger::{self as log, Level};

/// Where a report goes when the process cannot unwind back to the loop.
#[derive(Clone, Debug)]
pub(crate) enum AbortReport {
    /// Post to the runtime API at this address.
    Api(String),
    /// Print to standard output (local mode).
    Stdout,
    /// Nowhere: in container mode the answer goes on the request's connection, which the
    /// hook cannot reach; the platform sees the connection close.
    Unreported,
}

static ABORT_REPORT: OnceLock<AbortReport> = OnceLock::new();

thread_local! {
    /// The request id of the handler running on this thread, if any.
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
    static CAUGHT: RefCell<Option<Diagnostic>> = const { RefCell::new(None) };
    static HOOK_RAN: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook once, at start-up.
pub(crate) fn install(report: AbortReport) {
    let _ = ABORT_REPORT.set(report);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let Some(request_id) = CURRENT.with_borrow(Clone::clone) else {
            // Not a handler panic (another thread, or the runtime itself): default output.
            previous(info);
            return;
        };
        let diagnostic = diagnostic(info);
        log::write(
            &request_id,
            Level::Error,
            format_args!(
                "handler panicked: {} ({})",
                diagnostic.error_message,
                diagnostic.stack_trace.first().map_or("", String::as_str)
            ),
        );
        HOOK_RAN.set(true);
        if cfg!(panic = "abort") {
            report_before_abort(&request_id, &diagnostic);
        }
        CAUGHT.set(Some(diagnostic));
    }));
}

/// Runs `f` as the handler of `request_id`, turning a panic into a [`Diagnostic`].
pub(crate) fn catch<R>(request_id: &str, f: impl FnOnce() -> R) -> Result<R, Diagnostic> {
    CURRENT.set(Some(request_id.to_owned()));
    HOOK_RAN.set(false);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CURRENT.set(None);
    result.map_err(|payload| {
        CAUGHT
            .take()
            .filter(|_| HOOK_RAN.get())
            // Without our hook (another crate replaced it) the payload still gives the message.
            .unwrap_or_else(|| Diagnostic::new(PANIC, payload_text(payload.as_ref())))
    })
}

pub(crate) fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "the handler panicked with a non-string payload".to_owned()
    }
}

fn diagnostic(info: &PanicHookInfo<'_>) -> Diagnostic {
    let mut stack_trace = Vec::new();
    if let Some(location) = info.location() {
        stack_trace.push(format!(
            "at {}:{}:{}",
            location.file(),
            location.line(),
            location.column()
        ));
    }
    stack_trace.extend(backtrace_frames());
    Diagnostic::new(PANIC, payload_text(info.payload())).with_stack_trace(stack_trace)
}

/// The frames of the panicking thread, when the user asked for them (`RUST_BACKTRACE`), as Rust
/// itself does.
///
/// Release builds leave them out unless the `backtrace` feature is on: a binary stripped as
/// recommended has no symbols to name them (every frame reads `<unknown>`), and capturing them
/// links about 7 KiB into every function. The panic's location is reported either way.
#[cfg(any(debug_assertions, feature = "backtrace"))]
fn backtrace_frames() -> Vec<String> {
    use std::backtrace::{Backtrace, BacktraceStatus};

    /// The Go runtime keeps at most 32 frames.
    const MAX_FRAMES: usize = 32;

    let backtrace = Backtrace::capture();
    if backtrace.status() != BacktraceStatus::Captured {
        return Vec::new();
    }
    backtrace
        .to_string()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_FRAMES)
        .map(str::to_owned)
        .collect()
}

#[cfg(not(any(debug_assertions, feature = "backtrace")))]
fn backtrace_frames() -> Vec<String> {
    Vec::new()
}

fn report_before_abort(request_id: &str, diagnostic: &Diagnostic) {
    match ABORT_REPORT.get() {
        Some(AbortReport::Api(addr)) => {
            let mut client = crate::api::Client::new(addr.clone(), 0);
            if let Err(e) =
                client.post(crate::api::Answer::Error, request_id, &diagnostic.to_json())
            {
                log::write(
                    request_id,
                    Level::Error,
                    format_args!("could not report the panic before aborting: {e}"),
                );
            }
        }
        Some(AbortReport::Stdout) => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&diagnostic.to_json());
            let _ = out.write_all(b"\n");
            let _ = out.flush();
        }
        Some(AbortReport::Unreported) | None => {}
    }
}
