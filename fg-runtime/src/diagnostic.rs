//! How handler errors and panics become the error report the runtime posts to
//! `/v1/runtime/invocation/error/{id}`: `{"errorMessage", "errorType", "stackTrace"?}`
//! (docs/PLATFORM.md §2.4, the shape every official runtime uses).

use std::fmt;

use crate::constants::FUNCTION_RETURN_ERROR;
use serde::{Deserialize, Serialize};

/// The error report posted to the runtime API when an invocation fails.
///
/// It serialises to the shape every official FunctionGraph runtime uses:
/// `{"errorMessage": "...", "errorType": "...", "stackTrace": [...]}` (`stackTrace` is left out
/// when empty).
///
/// Return `Result<T, Diagnostic>` from a handler to choose the `errorType` yourself; `?` converts
/// any error that implements [`Display`](fmt::Display) into it:
///
/// ```
/// use fg_runtime::Diagnostic;
///
/// fn check(quota: u32) -> Result<(), Diagnostic> {
///     if quota == 0 {
///         return Err(Diagnostic::new("QuotaExceeded", "no quota left for this tenant"));
///     }
///     let _n: u32 = "42".parse()?; // a ParseIntError becomes a Diagnostic
///     Ok(())
/// }
///
/// let report = check(0).unwrap_err();
/// assert_eq!(report.error_type, "QuotaExceeded");
/// assert_eq!(
///     serde_json::to_string(&report).unwrap(),
///     r#"{"errorMessage":"no quota left for this tenant","errorType":"QuotaExceeded"}"#
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// What went wrong, for the person reading the function's logs.
    pub error_message: String,
    /// A short, stable name for the kind of failure (`FunctionReturnError`, `panic`, ...).
    pub error_type: String,
    /// Where it went wrong, one frame or location per line; omitted from the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack_trace: Vec<String>,
}

impl Diagnostic {
    /// A report with the given `errorType` and `errorMessage` and no stack trace.
    pub fn new(error_type: impl Into<String>, error_message: impl Into<String>) -> Self {
        Self {
            error_message: error_message.into(),
            error_type: error_type.into(),
            stack_trace: Vec::new(),
        }
    }

    /// Replaces the `errorType`.
    ///
    /// ```
    /// # use fg_runtime::Diagnostic;
    /// let d = Diagnostic::from(std::fmt::Error).with_type("RenderFailed");
    /// assert_eq!(d.error_type, "RenderFailed");
    /// ```
    #[must_use]
    pub fn with_type(mut self, error_type: impl Into<String>) -> Self {
        self.error_type = error_type.into();
        self
    }

    /// Replaces the stack trace.
    #[must_use]
    pub fn with_stack_trace(mut self, stack_trace: Vec<String>) -> Self {
        self.stack_trace = stack_trace;
        self
    }

    /// The report as the JSON bytes posted to the runtime API.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising three strings and a list of strings cannot fail.
        serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec())
    }

    /// The report for an error value, with the default `errorType` rules of
    /// [`IntoDiagnostic`].
    pub fn from_display<E: fmt::Display + ?Sized>(error: &E) -> Self {
        Self::new(default_error_type::<E>(), format!("{error:#}"))
    }
}

impl<E: fmt::Display> From<E> for Diagnostic {
    fn from(error: E) -> Self {
        Self::from_display(&error)
    }
}

/// Turns a handler's error into the [`Diagnostic`] posted to the runtime API.
///
/// You rarely implement this: every error that implements [`Display`](fmt::Display) is accepted
/// as it is (`std::error::Error` types, `Box<dyn Error + Send + Sync>`, `anyhow::Error`,
/// `String`, ...). Its message is the error's alternate `Display` (`{:#}`, which includes the
/// cause chain for `anyhow`), and its `errorType` is:
/// - `FunctionReturnError` (as the official Go runtime) for strings, boxed errors, `anyhow`/`eyre`
///   errors and standard-library errors;
/// - the short name of your own error type otherwise (`MyError`, or `db::Error` for a type
///   named just `Error`).
///
/// Implement it to choose the `errorType` (or the whole report) for your own error type; the
/// handler macros prefer this implementation over the `Display` default:
///
/// ```
/// use fg_runtime::{Diagnostic, IntoDiagnostic};
///
/// #[derive(Debug)]
/// enum IngestError { Throttled, BadRecord(String) }
///
/// impl IntoDiagnostic for IngestError {
///     fn into_diagnostic(self) -> Diagnostic {
///         match self {
///             Self::Throttled => Diagnostic::new("Throttled", "downstream is throttling"),
///             Self::BadRecord(seq) => Diagnostic::new("BadRecord", format!("record {seq} is malformed")),
///         }
///     }
/// }
///
/// assert_eq!(IngestError::Throttled.into_diagnostic().error_type, "Throttled");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be reported as a handler error",
    label = "this error type implements neither `Display` nor `fg_runtime::IntoDiagnostic`",
    note = "accepted error types: any `std::error::Error` or `Display` type, `Box<dyn Error + Send + Sync>`, `anyhow::Error`, `String`, `fg_runtime::Diagnostic`, or a type implementing `fg_runtime::IntoDiagnostic`"
)]
pub trait IntoDiagnostic {
    /// The report for this error.
    fn into_diagnostic(self) -> Diagnostic;
}

impl IntoDiagnostic for Diagnostic {
    fn into_diagnostic(self) -> Diagnostic {
        self
    }
}

/// The default `errorType` for an error of type `E`: never a raw Rust type path (a common
/// complaint about other runtimes: `alloc::boxed::Box<dyn core::error::Error + ...>`).
pub(crate) fn default_error_type<E: ?Sized>() -> String {
    error_type_from_type_name(std::any::type_name::<E>())
}

fn error_type_from_type_name(full: &str) -> String {
    let name = full.trim_start_matches('&').trim_start_matches("mut ");
    let generic_free = name.split('<').next().unwrap_or(name);
    let generic_crates = [
        "alloc::", "core::", "std::", "anyhow::", "eyre::", "dyn ", "(",
    ];
    // Primitive types (`str`) have no path; user types always do.
    if generic_crates.iter().any(|c| generic_free.starts_with(c)) || !generic_free.contains("::") {
        return FUNCTION_RETURN_ERROR.to_owned();
    }
    let segments: Vec<&str> = generic_free.split("::").collect();
    match segments.as_slice() {
        // A type named just `Error` is named by its module, or by its crate when the module is
        // the conventional `error` module re-exported at the crate root (`serde_json::Error`).
        [.., parent, "Error"] if *parent != "error" => format!("{parent}::Error"),
        [krate, .., "Error"] => format!("{krate}::Error"),
        [.., last] => (*last).to_owned(),
        [] => FUNCTION_RETURN_ERROR.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_types_are_short_and_readable() {
        assert_eq!(default_error_type::<String>(), "FunctionReturnError");
        assert_eq!(default_error_type::<&str>(), "FunctionReturnError");
        assert_eq!(
            default_error_type::<Box<dyn std::error::Error + Send + Sync>>(),
            "FunctionReturnError"
        );
        assert_eq!(
            default_error_type::<std::io::Error>(),
            "FunctionReturnError"
        );
        assert_eq!(
            error_type_from_type_name("my_fn::IngestError"),
            "IngestError"
        );
        assert_eq!(error_type_from_type_name("my_fn::db::Error"), "db::Error");
        assert_eq!(
            error_type_from_type_name("serde_json::error::Error"),
            "serde_json::Error"
        );
        assert_eq!(
            error_type_from_type_name("my_fn::Wrapper<my_fn::X>"),
            "Wrapper"
        );
        assert_eq!(
            error_type_from_type_name("anyhow::Error"),
            "FunctionReturnError"
        );
    }

    #[test]
    fn display_errors_convert_with_their_chain() {
        let d = Diagnostic::from("boom".to_owned());
        assert_eq!(d.error_message, "boom");
        assert_eq!(d.error_type, "FunctionReturnError");
    }

    #[test]
    fn stack_trace_is_omitted_when_empty() {
        let json = String::from_utf8(Diagnostic::new("T", "m").to_json()).unwrap();
        assert_eq!(json, r#"{"errorMessage":"m","errorType":"T"}"#);
        let json = Diagnostic::new("T", "m")
            .with_stack_trace(vec!["at x".into()])
            .to_json();
        assert!(
            String::from_utf8(json)
                .unwrap()
                .contains(r#""stackTrace":["at x"]"#)
        );
    }
}
