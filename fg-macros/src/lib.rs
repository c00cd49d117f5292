//! Attribute macros that turn a function into a FunctionGraph custom-runtime executable.
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
/// None yet: write `#[dis_handler]` with no parentheses.
///
/// # What it expands to
///
/// Your function, unchanged, followed by (for a sync handler returning `Result`):
///
/// ```ignore
/// fn main() -> ::std::process::ExitCode {
///     // `dis_decoder` checks that the event type is a DIS event; spanned at your event type
///     ::fg_runtime::__private::run_sync(
///         ::fg_runtime::__private::dis_decoder::<DisEvent>(),
///         |__fg_event: DisEvent, __fg_ctx: &::fg_runtime::Context| {
///             let __fg_output = handle(__fg_event, __fg_ctx);
///             match __fg_output {
///                 Ok(__fg_value) => todo!("the response body, from `__fg_value`"),
///                 Err(__fg_error) => Err(todo!("a `fg_runtime::Diagnostic`, from `__fg_error`")),
///             }
///         },
///     )
/// }
/// ```
///
/// An `async fn` is handed to `run_async` instead, as a closure returning
/// `Box::pin(async move { handle(__fg_event, __fg_ctx).await … })`. Everything the
/// expansion names goes through `::fg_runtime::__private`, which is not public API.
///
/// # Compile errors
///
/// All mistakes in a signature are reported together, each at the offending tokens:
/// a missing event parameter, a third parameter, a `self` receiver, generic parameters,
/// `where` clauses, `impl Trait` parameters, the context taken by value or by `&mut`, the
/// event taken by reference, `unsafe fn`, `extern fn`, variadics, a function named `main`,
/// arguments to the attribute, and an item that is not a function. The function is still
/// emitted as written, with an empty `main`, so the rest of the crate keeps compiling.
///
/// Type mistakes are reported by the compiler at your types: an event type other than
/// `DisEvent`, a context type other than `fg_runtime::Context`, a return value that is
/// neither `Serialize` nor `IntoResponse`, an error that is neither `Display` nor
/// `IntoDiagnostic`.
#[proc_macro_attribute]
pub fn dis_handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(Trigger::Dis, args.into(), item.into()).into()
}
