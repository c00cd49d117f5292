//! How a handler's successful result becomes the response body, as the official Go runtime maps
//! it (docs/PLATFORM.md §5 step 7): text and bytes verbatim, `()` empty, every other `Serialize`
//! value as JSON.

use std::borrow::Cow;

use serde::Serialize;

use crate::Diagnostic;
use crate::constants::{FUNCTION_RESPONSE_TOO_LARGE, FUNCTION_RESULT_INVALID};

/// A handler result that is sent to the platform as it is, without JSON encoding.
///
/// Implemented for text (`String`, `&str`, `Box<str>`, `Cow<str>`), bytes (`Vec<u8>`, `&[u8]`,
/// `Box<[u8]>`, `Cow<[u8]>`), `()` (an empty body) and [`Json`]. Any other type a handler returns
/// must implement `serde::Serialize` and is sent as JSON. Implement this trait to send your own
/// type verbatim:
///
/// ```
/// use fg_runtime::{Diagnostic, IntoResponse};
///
/// struct Csv(Vec<[String; 2]>);
///
/// impl IntoResponse for Csv {
///     fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
///         Ok(self.0.iter().map(|[k, v]| format!("{k},{v}\n")).collect::<String>().into_bytes())
///     }
/// }
///
/// let body = Csv(vec![["a".into(), "1".into()]]).into_response().unwrap();
/// assert_eq!(body, b"a,1\n");
/// ```
pub trait IntoResponse {
    /// The body to post to the runtime API, or the error to report instead.
    ///
    /// # Errors
    /// A [`Diagnostic`] when the value cannot be turned into a body (for example a JSON value
    /// whose serialisation fails).
    fn into_response(self) -> Result<Vec<u8>, Diagnostic>;
}

impl IntoResponse for String {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.into_bytes())
    }
}

impl IntoResponse for &str {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.as_bytes().to_vec())
    }
}

impl IntoResponse for Box<str> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.into_boxed_bytes().into_vec())
    }
}

impl IntoResponse for Cow<'_, str> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.into_owned().into_bytes())
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self)
    }
}

impl IntoResponse for &[u8] {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.to_vec())
    }
}

impl IntoResponse for Box<[u8]> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.into_vec())
    }
}

impl IntoResponse for Cow<'_, [u8]> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(self.into_owned())
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        Ok(Vec::new())
    }
}

/// Sends a value as JSON even where it would otherwise be sent verbatim (a `String` becomes a
/// JSON string with quotes).
///
/// ```
/// use fg_runtime::{IntoResponse, Json};
///
/// assert_eq!(Json("hi").into_response().unwrap(), br#""hi""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Result<Vec<u8>, Diagnostic> {
        json_body(&self.0)
    }
}

pub(crate) fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(value).map_err(|e| {
        Diagnostic::new(
            FUNCTION_RESULT_INVALID,
            format!("function result could not be serialised as JSON: {e}"),
        )
    })
}

/// Rejects a body larger than the platform's limit, with the Go runtime's message (docs/PLATFORM.md
/// §5 step 8).
pub(crate) fn check_size(body: Vec<u8>, max: usize) -> Result<Vec<u8>, Diagnostic> {
    if max > 0 && body.len() > max {
        return Err(Diagnostic::new(
            FUNCTION_RESPONSE_TOO_LARGE,
            format!(
                "Response body size '{}' larger than max value '{max}'.",
                body.len()
            ),
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_types_are_not_json_encoded() {
        assert_eq!("a\"b".into_response().unwrap(), b"a\"b");
        assert_eq!(String::from("x").into_response().unwrap(), b"x");
        assert_eq!(vec![0u8, 255].into_response().unwrap(), vec![0, 255]);
        assert!(().into_response().unwrap().is_empty());
        assert_eq!(Json(vec![1, 2]).into_response().unwrap(), b"[1,2]");
    }

    #[test]
    fn size_limit_uses_the_go_message() {
        let err = check_size(vec![0; 11], 10).unwrap_err();
        assert_eq!(err.error_type, "FunctionResponseTooLarge");
        assert_eq!(
            err.error_message,
            "Response body size '11' larger than max value '10'."
        );
        assert_eq!(check_size(vec![0; 10], 10).unwrap().len(), 10);
        assert_eq!(check_size(vec![0; 10], 0).unwrap().len(), 10);
    }
}
