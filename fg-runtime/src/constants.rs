//! Every public constant of fg-runtime in one place: the `errorType`s fg reports, the defaults
//! it assumes, and the names of the environment variables it reads besides the platform's
//! `RUNTIME_*` (docs/PLATFORM.md §2.5).
//!
//! The most used are also re-exported at the crate root (`fg_runtime::INVALID_EVENT`).
//!
//! ```
//! use fg_runtime::constants::{INVALID_EVENT, MAX_EVENT_SIZE_VAR};
//!
//! assert_eq!(INVALID_EVENT, "InvalidEvent");
//! assert_eq!(MAX_EVENT_SIZE_VAR, "FG_MAX_EVENT_SIZE");
//! ```

// ---- errorTypes ------------------------------------------------------------------------------

/// `errorType` for an event that does not deserialize into the handler's event type.
pub const INVALID_EVENT: &str = "InvalidEvent";

/// `errorType` for an event larger than `FG_MAX_EVENT_SIZE`, refused unread.
pub const EVENT_TOO_LARGE: &str = "EventTooLarge";

/// `errorType` for an event whose body could not be read completely.
pub const EVENT_UNREADABLE: &str = "EventUnreadable";

/// `errorType` of a panicking handler (the Go runtime's name, docs/PLATFORM.md §5 step 4).
pub const PANIC: &str = "panic";

/// `errorType` used when a handler returns an error whose type says nothing specific (the
/// official Go runtime's name for every returned error, docs/PLATFORM.md §5 step 5).
pub const FUNCTION_RETURN_ERROR: &str = "FunctionReturnError";

/// `errorType` for a result that cannot be serialised (the Go runtime silently sends an empty
/// body instead; we say what happened).
pub const FUNCTION_RESULT_INVALID: &str = "FunctionResultInvalid";

/// `errorType` for a response larger than `RUNTIME_MAX_RESP_BODY_SIZE` (the Go runtime's name).
pub const FUNCTION_RESPONSE_TOO_LARGE: &str = "FunctionResponseTooLarge";

/// `errorType` of [`DeadlineExceeded`](crate::DeadlineExceeded).
pub const DEADLINE_EXCEEDED: &str = "DeadlineExceeded";

/// `errorType` when an invocation in container mode ended without an outcome (it cannot
/// happen short of a bug; the platform still gets an answer).
pub const INVOCATION_LOST: &str = "InvocationLost";

// ---- defaults --------------------------------------------------------------------------------

/// The platform's default response limit, `RUNTIME_MAX_RESP_BODY_SIZE` (6 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 6_291_456;

/// Events larger than this are refused unread. Above the platform's 6 MB request limit so that
/// nothing the platform accepts is refused here.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 8 * 1024 * 1024;

/// The port of the container-image contract (docs/PLATFORM.md §4).
pub const DEFAULT_CONTAINER_PORT: u16 = 8000;

/// How many sync invocations container mode runs at once when `FG_CONTAINER_WORKERS` is unset.
/// Handlers mostly wait on other services, so more threads than cores pay off; each costs a
/// stack (reserved, touched only as used). Sixteen covers the common "max. requests per
/// instance" settings without risking a 128 MB instance's memory; set the variable to the
/// function's setting when it is higher. Async handlers are not bounded by it.
pub const DEFAULT_CONTAINER_WORKERS: usize = 16;

/// How many connections container mode serves at once when `FG_CONTAINER_MAX_CONNECTIONS` is
/// unset; each has a thread of its own. Far above the platform's own use (one connection per
/// request in flight), it bounds what a misbehaving peer can make the process hold: a
/// connection over the limit is answered `503` with `Retry-After: 1` and closed.
pub const DEFAULT_CONTAINER_MAX_CONNECTIONS: usize = 1024;

// ---- fg's environment variables ----------------------------------------------------------------

/// Names a file holding the event in local mode when no argument is given (trybuild and other
/// harnesses run binaries with an empty standard input).
pub const LOCAL_EVENT_VAR: &str = "FG_LOCAL_EVENT";

/// `container` serves the container-image contract; `api` or `local` force those modes.
pub const MODE_VAR: &str = "FG_MODE";

/// Container mode's listening address (default `0.0.0.0`).
pub const HOST_VAR: &str = "FG_HOST";

/// Container mode's port (default [`DEFAULT_CONTAINER_PORT`]; `0` picks a free one).
pub const PORT_VAR: &str = "FG_PORT";

/// Container mode's worker threads for sync handlers (default [`DEFAULT_CONTAINER_WORKERS`]).
pub const CONTAINER_WORKERS_VAR: &str = "FG_CONTAINER_WORKERS";

/// How many connections container mode serves at once (default
/// [`DEFAULT_CONTAINER_MAX_CONNECTIONS`]); more are answered `503` and closed.
pub const CONTAINER_MAX_CONNECTIONS_VAR: &str = "FG_CONTAINER_MAX_CONNECTIONS";

/// Events above this many bytes are refused unread (default [`DEFAULT_MAX_EVENT_SIZE`]).
pub const MAX_EVENT_SIZE_VAR: &str = "FG_MAX_EVENT_SIZE";

/// `http::serve` (feature `http`): seconds a client may take to send a request's head, and to
/// keep a connection idle between requests (default 30).
pub const HTTP_HEADER_TIMEOUT_VAR: &str = "FG_HTTP_HEADER_TIMEOUT";

/// Seconds a runtime API that refuses connections is retried before the process exits.
pub const API_UNREACHABLE_TIMEOUT_VAR: &str = "FG_API_UNREACHABLE_TIMEOUT";

/// The lowest level logged (`debug`, `info`, `warn`, `error`); `RUST_LOG` is read too.
pub const LOG_LEVEL_VAR: &str = "FG_LOG_LEVEL";

/// `text` (the platform's format) or `json` log lines.
pub const LOG_FORMAT_VAR: &str = "FG_LOG_FORMAT";
