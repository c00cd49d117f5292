//! What [`run`](crate::run) makes of a handler's result: the body posted to the platform or
//! the error report, with the macros' rules.

use std::any::Any;
use std::fmt::Display;

use serde::Serialize;

use crate::handler::Outcome;
use crate::{Diagnostic, IntoResponse, Json};

/// What a handler given to [`run`](crate::run) may return:
/// - `Result<T, E>` with `T` a [`Response`] and `E` a [`Report`];
/// - a value sent as it is: `()` (an empty body), `String`, `&'static str`, `Vec<u8>`,
///   `serde_json::Value`, or any `Serialize` value wrapped in [`Json`].
///
/// A value of your own type is returned as `Ok(value)` or `Json(value)`: a generic function
/// cannot tell it apart from a `Result` otherwise.
#[diagnostic::on_unimplemented(
    message = "a handler given to `fg_runtime::run` cannot return `{Self}`",
    label = "return `Result<T, E>`, or wrap the value: `Json(value)`",
    note = "`run` takes `Result<T, E>` (`T: Serialize`, `E: Display`), `()`, `String`, `&'static str`, `Vec<u8>`, `serde_json::Value` or `Json<T>`"
)]
pub trait Output: 'static {
    #[doc(hidden)]
    fn into_outcome(self) -> Outcome;
}

impl<T: Response, E: Report> Output for Result<T, E> {
    fn into_outcome(self) -> Outcome {
        self.map_err(Report::into_report)
            .and_then(Response::into_body)
    }
}

macro_rules! verbatim_outputs {
    ($($ty:ty),* $(,)?) => {
        $(impl Output for $ty {
            fn into_outcome(self) -> Outcome {
                self.into_response()
            }
        })*
    };
}

verbatim_outputs!((), String, &'static str, Vec<u8>);

impl Output for serde_json::Value {
    fn into_outcome(self) -> Outcome {
        crate::response::json_body(&self)
    }
}

impl<T: Serialize + 'static> Output for Json<T> {
    fn into_outcome(self) -> Outcome {
        self.into_response()
    }
}

/// The success value of a handler's `Result`: any `Serialize` type, sent as JSON, except the
/// text and byte types the macros send verbatim (`String`, `&'static str`, `Box<str>`,
/// `Vec<u8>`, `Box<[u8]>`, `()`).
///
/// ```
/// use fg_runtime::Response;
///
/// fn sendable<T: Response>() {}
/// sendable::<String>();
/// sendable::<std::collections::BTreeMap<String, u32>>();
/// ```
pub trait Response: 'static {
    #[doc(hidden)]
    fn into_body(self) -> Outcome;
}

impl<T: Serialize + 'static> Response for T {
    fn into_body(self) -> Outcome {
        let mut slot = Some(self);
        match verbatim(&mut slot) {
            Some(outcome) => outcome,
            // `Some(value)` serialises as the value itself.
            None => crate::response::json_body(&slot),
        }
    }
}

/// The body of the verbatim types, taken out of `slot`; `None` (and `slot` untouched) for the
/// others.
fn verbatim<T: 'static>(slot: &mut Option<T>) -> Option<Outcome> {
    let any: &mut dyn Any = slot;
    macro_rules! take {
        ($($ty:ty),*) => {
            $(if let Some(value) = any.downcast_mut::<Option<$ty>>() {
                return value.take().map(IntoResponse::into_response);
            })*
        };
    }
    take!(String, &'static str, Box<str>, Vec<u8>, Box<[u8]>, ());
    None
}

/// The error of a handler's `Result`: any `Display` type, reported with the macros' rules
/// (the alternate `Display` text as `errorMessage`; `errorType` `FunctionReturnError` for
/// strings, boxed and standard errors, the short name of your own type otherwise), or a
/// [`Diagnostic`] you built, posted as it is.
///
/// ```
/// use fg_runtime::Report;
///
/// fn reportable<E: Report>() {}
/// reportable::<String>();
/// reportable::<std::io::Error>();
/// reportable::<fg_runtime::Diagnostic>();
/// ```
#[diagnostic::on_unimplemented(
    message = "a handler's error cannot be `{Self}`: it does not implement `Display`",
    label = "the error report's message is this error's `Display` text",
    note = "implement `std::fmt::Display` (or derive `thiserror::Error`), or build a `fg_runtime::Diagnostic` and return `Result<T, Diagnostic>`"
)]
pub trait Report: 'static {
    #[doc(hidden)]
    fn into_report(self) -> Diagnostic;
}

impl<E: Display + 'static> Report for E {
    fn into_report(self) -> Diagnostic {
        Diagnostic::from_display(&self)
    }
}

// `Diagnostic` is not `Display`, so this does not overlap the impl above.
impl Report for Diagnostic {
    fn into_report(self) -> Diagnostic {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Summary {
        records: u32,
    }

    #[derive(Debug)]
    struct Refused;

    impl Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("refused")
        }
    }

    #[test]
    fn results_follow_the_macros_rules() {
        let text: Result<String, String> = Ok("plain \"text\"".into());
        assert_eq!(text.into_outcome().unwrap(), b"plain \"text\"");
        let bytes: Result<Vec<u8>, String> = Ok(vec![0, 255]);
        assert_eq!(bytes.into_outcome().unwrap(), [0, 255]);
        let unit: Result<(), String> = Ok(());
        assert!(unit.into_outcome().unwrap().is_empty());
        let json: Result<Summary, String> = Ok(Summary { records: 3 });
        assert_eq!(json.into_outcome().unwrap(), br#"{"records":3}"#);
        let numbers: Result<Vec<u32>, String> = Ok(vec![1, 2]);
        assert_eq!(numbers.into_outcome().unwrap(), b"[1,2]");
    }

    #[test]
    fn values_are_sent_as_they_are() {
        assert_eq!("hi".into_outcome().unwrap(), b"hi");
        assert_eq!(Json("hi").into_outcome().unwrap(), br#""hi""#);
        assert_eq!(
            Json(Summary { records: 1 }).into_outcome().unwrap(),
            br#"{"records":1}"#
        );
        assert_eq!(
            serde_json::json!({"a": 1}).into_outcome().unwrap(),
            br#"{"a":1}"#
        );
    }

    #[test]
    fn errors_follow_the_macros_rules() {
        let own: Result<(), Refused> = Err(Refused);
        let report = own.into_outcome().unwrap_err();
        assert_eq!(
            (report.error_type.as_str(), report.error_message.as_str()),
            ("Refused", "refused")
        );
        let text: Result<(), String> = Err("no".into());
        assert_eq!(
            text.into_outcome().unwrap_err().error_type,
            crate::FUNCTION_RETURN_ERROR
        );
        let built: Result<(), Diagnostic> = Err(Diagnostic::new("Throttled", "slow down"));
        let report = built.into_outcome().unwrap_err();
        assert_eq!(
            (report.error_type.as_str(), report.error_message.as_str()),
            ("Throttled", "slow down")
        );
    }
}
