//! Attribute macros that turn a function into a FunctionGraph custom-runtime executable.
//!
//! One macro per trigger with a typed event (`#[dis_handler]`, `#[apig_handler]`,
//! `#[timer_handler]`) and `#[handler]` for any other payload.
//!
//! Use them through `fg-runtime`, which re-exports them (`use fg_runtime::dis_handler;`)
//! together with everything the generated code calls; this crate depends on no fg crate and
//! only emits paths into `::fg_runtime::__private`.
//!
//! Each macro runs the same pipeline: parse the attribute and the function into a small
//! model, validate it (collecting every mistake, each spanned at the user's tokens), then
//! emit the function unchanged plus a glue `main`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod errors;
mod expand;
mod fallback;
mod handler;
mod model;
mod trigger;
mod validate;

use proc_macro::TokenStream;

use crate::trigger::Trigger;

/// Runs a function as a FunctionGraph function triggered by DIS (Data Ingestion Service).
///
/// ```ignore
/// use fg_events::dis::DisEvent;
/// use fg_runtime::{dis_handler, Context};
///
/// #[dis_handler]
/// fn handle(event: DisEvent, ctx: &Context) -> Result<Summary, MyError> {
///     // ...
/// }
/// ```
///
/// The function is left exactly as written, so unit tests can call it with an event they
/// build and `fg_runtime::Context::for_test()`. The macro adds a `fn main` beside it that
/// runs the fg-runtime loop (or, when `RUNTIME_API_ADDR` is unset, local mode: one event
/// from the file named by the first argument, else by `FG_LOCAL_EVENT`, else from stdin).
///
/// # Accepted signatures
///
/// - `fn` or `async fn` (`async` needs fg-runtime's `async` feature), with any visibility,
///   attributes and doc comments;
/// - the event first, by value: `event: DisEvent` (any path to `fg_events::dis::DisEvent`);
/// - optionally the context second, by shared reference: `ctx: &Context` (any path, e.g.
///   `&fg_runtime::Context`);
/// - with `init = …` (see *Arguments*), the state third, by shared reference: `state: &State`;
/// - a return type of
///   - nothing, or a plain `T`: the response;
///   - a *fallible* type: `Ok(T)` is the response, `Err(E)` is reported as an error.
///
/// A return type is **fallible when its last path segment is `Result` or ends with
/// `Result`**: `Result<T, E>`, `core::result::Result<T, E>`, `anyhow::Result<T>`,
/// `std::io::Result<T>`, `fmt::Result`, or an alias of yours such as `MyResult<T>`. The macro
/// sees only the written tokens, so an alias for `Result` named otherwise is a plain value,
/// and a type named `…Result` that is not a `Result` does not compile.
///
/// How values become a response (decided by fg-runtime's traits, not by the macro):
/// `String`, `&str` and bytes are sent verbatim, `()` sends an empty body, a type
/// implementing `fg_runtime::IntoResponse` chooses its own body, and anything else that
/// implements `serde::Serialize` is sent as JSON.
///
/// How errors become the platform's error report: a type implementing
/// `fg_runtime::IntoDiagnostic` chooses its `errorType` and `errorMessage`; any other error
/// that implements `Display` (`std::error::Error` types, `Box<dyn Error + Send + Sync>`,
/// `anyhow::Error`, `String`) is reported with its `Display` text.
///
/// # Arguments
///
/// - `init = connect`: the path of a function that builds the state once per instance, before
///   the first event: `fn connect() -> Result<State, E>` or `async fn connect() -> Result<State,
///   E>` (`E` any `Display` error). Every invocation borrows the state as the handler's third
///   parameter, `state: &State`. An async init runs on the handler's tokio runtime, so clients
///   it builds keep their connections. When `init` fails (or panics) its error is logged and
///   the process exits with status 1 before it takes an event, so the platform retries the
///   instance.
/// - `shutdown = on_shutdown`: the path of a function `fn on_shutdown()` run once when the
///   platform stops the instance (SIGTERM), after the in-flight invocation is answered (see
///   `fg_runtime::on_shutdown`).
/// - `crate = path`: where fg-runtime is when Cargo.toml renames the dependency
///   (`fg = { package = "fg-runtime", version = "0.1" }` → `#[dis_handler(crate = fg)]`), or
///   when another crate re-exports it. The generated code names `path::Context` and
///   `path::__private` instead of `::fg_runtime`.
///
/// ```ignore
/// struct Db { /* a client, a pool, configuration */ }
///
/// async fn connect() -> anyhow::Result<Db> { /* once per instance */ }
///
/// #[dis_handler(init = connect, shutdown = flush)]
/// async fn handle(event: DisEvent, ctx: &Context, db: &Db) -> Result<Summary, MyError> {
///     // ...
/// }
/// ```
///
/// Unit tests call the handler with a state they build: `handle(event, &ctx, &db)`.
///
/// # What it expands to
///
/// Your function, unchanged, followed by (for a sync handler without `init`, returning
/// `Result`):
///
/// ```ignore
/// fn main() -> ::std::process::ExitCode {
///     // Your event type as an `Event` of its own, decoded as the trigger requires:
///     // `dis_decoder` checks that it is a DIS event, spanned at your event type.
///     struct __FgEvent(DisEvent);
///     impl ::fg_runtime::Event for __FgEvent {
///         fn decoder() -> ::fg_runtime::__private::Decoder<Self> {
///             |__fg_body| (::fg_runtime::__private::dis_decoder::<DisEvent>())(__fg_body)
///                 .map(__FgEvent)
///         }
///     }
///     ::fg_runtime::run(|__fg_event: __FgEvent, __fg_ctx: &::fg_runtime::Context| {
///         let __fg_output = handle(__fg_event.0, __fg_ctx);
///         ::fg_runtime::__private::Answer(match __fg_output {
///             // `respond`: the body, through `IntoResponse` or else `Serialize`
///             Ok(__fg_value) => respond(__fg_value),
///             // `diagnose`: the report, through `IntoDiagnostic` or else `Display`
///             Err(__fg_error) => Err(diagnose(__fg_error)),
///         })
///     })
/// }
/// ```
///
/// So a handler runs through the public [`fg_runtime::run`](../fg_runtime/fn.run.html); what
/// the macro adds is what a generic function cannot do: it picks the decoding and the mapping
/// of the result by the traits your concrete types implement, and checks them at your tokens.
/// With `init`, the entry is `fg_runtime::run_with_state`, given your `init` wrapped in
/// `__private::Prepared` (its return type checked at the `init` path), and the closure takes a
/// third argument, the state. An `async fn` is handed to `run_async`/`run_async_with_state` as
/// an async closure, through `::fg_runtime::__private`, where they are the public functions
/// re-exported (or, without the `async` feature, stand-ins whose error names it). With
/// `shutdown`, `main` first registers the hook. The other `__private` items are not public
/// API.
///
/// # Compile errors
///
/// All mistakes in a signature are reported together, each at the offending tokens:
/// a missing event parameter, a third parameter, a `self` receiver, generic parameters,
/// `where` clauses, `impl Trait` parameters, the context taken by value or by `&mut`, the
/// event taken by reference, `unsafe fn`, `extern fn`, variadics, a function named `main`,
/// an unknown argument, `init`/`shutdown` given twice or not as a path, `init` without a state
/// parameter, a state parameter without `init`, the state taken by value or by `&mut`, and an
/// item that is not a function. The function is still
/// emitted as written, with an empty `main`, so the rest of the crate keeps compiling.
///
/// Type mistakes are reported by the compiler at your types: an event type other than
/// `DisEvent`, a context type other than `fg_runtime::Context`, a return value that is
/// neither `Serialize` nor `IntoResponse`, an error that is neither `Display` nor
/// `IntoDiagnostic`, an `init` that does not return `Result<State, E>` for the handler's
/// `State`, a `shutdown` function that takes parameters.
#[proc_macro_attribute]
pub fn dis_handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(Trigger::Dis, args.into(), item.into()).into()
}

/// Runs a function as a FunctionGraph function for any event: a payload of your own type,
/// JSON you explore yourself, or the raw body.
///
/// ```ignore
/// use fg_runtime::{handler, Context};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize)]
/// struct Order { id: String, quantity: u32 }
///
/// #[derive(Serialize)]
/// struct Accepted { id: String }
///
/// #[handler]
/// fn handle(order: Order, ctx: &Context) -> Result<Accepted, String> {
///     ctx.info(format_args!("order {} for {}", order.id, order.quantity));
///     Ok(Accepted { id: order.id })
/// }
/// ```
///
/// The contract is that of [`macro@dis_handler`] (the function is left as written, a `main` is
/// added beside it; same signatures, return types, error reporting and compile errors), with
/// one difference: the event may be of any type `T` that
///
/// - implements `fg_runtime::FromRawEvent`, and is then built from the body as it arrives:
///   `Vec<u8>` and `Box<[u8]>` (the bytes), `String` (the bytes as UTF-8), or a type of
///   yours that parses itself;
/// - otherwise implements `serde::Deserialize`, and is then decoded from JSON:
///   `serde_json::Value`, your own structs, the types of `fg_events`.
///
/// An event that does not decode is reported as `InvalidEvent` (with the JSON path) and the
/// function is not called. Prefer the trigger's own macro (`#[dis_handler]`,
/// `#[apig_handler]`, ...) for a trigger's event: it checks the event type, and
/// `#[apig_handler]` also the response.
///
/// # Accepted signatures
///
/// `fn` or `async fn`; `(event: T)` or `(event: T, ctx: &Context)`; returning nothing, `R`
/// or `Result<R, E>` (a type whose last path segment ends with `Result`), as for
/// [`macro@dis_handler`].
///
/// # Arguments
///
/// `init = path` and `shutdown = path`, as for [`macro@dis_handler`]; with `init`, the state is
/// the third parameter: `(event, ctx: &Context, state: &State)`.
///
/// # What it expands to
///
/// Your function, unchanged, followed by the `main` of [`macro@dis_handler`] with another
/// decoder: `FromRawEvent::from_raw_event` for a raw event type, else JSON through serde:
///
/// ```ignore
/// fn main() -> ::std::process::ExitCode {
///     struct __FgEvent(Order);
///     impl ::fg_runtime::Event for __FgEvent {
///         fn decoder() -> ::fg_runtime::__private::Decoder<Self> {
///             |__fg_body| (/* the decoder for `Order`, spanned at your event type */)(__fg_body)
///                 .map(__FgEvent)
///         }
///     }
///     ::fg_runtime::run(|__fg_event: __FgEvent, __fg_ctx: &::fg_runtime::Context| {
///         /* as for #[dis_handler] */
///     })
/// }
/// ```
///
/// # Compile errors
///
/// Those of [`macro@dis_handler`], naming `#[handler]`; an event type that implements neither
/// `Deserialize` nor `FromRawEvent` is reported at that type.
#[proc_macro_attribute]
pub fn handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(Trigger::Any, args.into(), item.into()).into()
}

/// Runs a function as a FunctionGraph function behind an API Gateway (APIG or APIC) trigger.
///
/// ```ignore
/// use fg_events::apig::{ApigRequest, ApigResponse};
/// use fg_runtime::{apig_handler, Context};
///
/// #[apig_handler]
/// fn handle(request: ApigRequest, ctx: &Context) -> Result<ApigResponse, String> {
///     ctx.info(format_args!("{} {}", request.http_method(), request.path()));
///     Ok(ApigResponse::text(200, "hello"))
/// }
/// ```
///
/// The contract is that of [`macro@dis_handler`] with the gateway's types: the event is
/// `fg_events::apig::ApigRequest`, and the value returned (the `Ok` value of a `Result`) must
/// be `fg_events::apig::ApigResponse`, the object the gateway turns into the HTTP response.
/// The gateway answers HTTP 500 to anything else, a bare string included, so other return
/// types do not compile. Errors are reported to the platform as for [`macro@dis_handler`]
/// (the caller then gets the gateway's error response); return an `ApigResponse` with a
/// 4xx/5xx status to choose what the caller sees.
///
/// # Accepted signatures
///
/// `fn` or `async fn`; `(event: ApigRequest)` or `(event: ApigRequest, ctx: &Context)`;
/// returning `ApigResponse` or `Result<ApigResponse, E>` (a type whose last path segment
/// ends with `Result`), `E` as for [`macro@dis_handler`].
///
/// # Arguments
///
/// `init = path` and `shutdown = path`, as for [`macro@dis_handler`]; with `init`, the state is
/// the third parameter: `(event, ctx: &Context, state: &State)`.
///
/// # What it expands to
///
/// Your function, unchanged, followed by the `main` of [`macro@dis_handler`] with the
/// gateway's decoder and response:
///
/// ```ignore
/// fn main() -> ::std::process::ExitCode {
///     // `apig_decoder` checks that the event type is `ApigRequest`; spanned at your event type
///     struct __FgEvent(ApigRequest);
///     impl ::fg_runtime::Event for __FgEvent { /* with `apig_decoder::<ApigRequest>()` */ }
///     ::fg_runtime::run(|__fg_event: __FgEvent, __fg_ctx: &::fg_runtime::Context| {
///         ::fg_runtime::__private::Answer(match handle(__fg_event.0, __fg_ctx) {
///             // `apig_response` checks that the value is an `ApigResponse`; spanned at
///             // your return type
///             Ok(__fg_value) => ::fg_runtime::__private::apig_response(__fg_value),
///             Err(__fg_error) => Err(/* a `fg_runtime::Diagnostic`, from `__fg_error` */),
///         })
///     })
/// }
/// ```
///
/// # Compile errors
///
/// Those of [`macro@dis_handler`], naming `#[apig_handler]`, and a missing return type; at
/// your types: an event type other than `ApigRequest`, a return value other than
/// `ApigResponse`. Without fg-runtime's `apig` feature (on by default) the event type is
/// rejected with a message naming the feature.
#[proc_macro_attribute]
pub fn apig_handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(Trigger::Apig, args.into(), item.into()).into()
}

/// Runs a function as a FunctionGraph function triggered by a timer (fixed rate or cron).
///
/// ```ignore
/// use fg_events::timer::TimerEvent;
/// use fg_runtime::{timer_handler, Context};
///
/// #[timer_handler]
/// fn handle(event: TimerEvent, ctx: &Context) -> Result<(), String> {
///     ctx.info(format_args!("{} fired", event.trigger_name()));
///     Ok(())
/// }
/// ```
///
/// The contract is that of [`macro@dis_handler`] with `fg_events::timer::TimerEvent` as the
/// event: same signatures, return types, error reporting and compile errors.
///
/// # Accepted signatures
///
/// `fn` or `async fn`; `(event: TimerEvent)` or `(event: TimerEvent, ctx: &Context)`;
/// returning nothing, `T` or `Result<T, E>`, as for [`macro@dis_handler`].
///
/// # Arguments
///
/// `init = path` and `shutdown = path`, as for [`macro@dis_handler`]; with `init`, the state is
/// the third parameter: `(event, ctx: &Context, state: &State)`.
///
/// # What it expands to
///
/// Your function, unchanged, followed by the `main` of [`macro@dis_handler`] with
/// `::fg_runtime::__private::timer_decoder::<TimerEvent>()` as the decoder, which checks
/// that the event type is `TimerEvent`.
///
/// # Compile errors
///
/// Those of [`macro@dis_handler`], naming `#[timer_handler]`; an event type other than
/// `TimerEvent` is reported at that type. Without fg-runtime's `timer` feature (on by
/// default) the event type is rejected with a message naming the feature.
#[proc_macro_attribute]
pub fn timer_handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(Trigger::Timer, args.into(), item.into()).into()
}
