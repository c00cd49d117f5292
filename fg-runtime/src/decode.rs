//! Event bytes to the handler's event type. A failure names the JSON path and what was
//! expected, so a wrong payload is fixed from the error report alone.

mod json_path;

/// Seeded mutations of good events, for differential tests elsewhere too.
#[cfg(all(test, feature = "http"))]
pub(crate) use json_path::mutate;

use serde::de::DeserializeOwned;

use crate::Diagnostic;
use crate::constants::INVALID_EVENT;

/// An event type that takes the event body as it arrives, without JSON decoding: for
/// `#[handler]` functions that parse the payload themselves.
///
/// Implemented for `Vec<u8>` and `Box<[u8]>` (the bytes) and `String` (the bytes as UTF-8;
/// invalid UTF-8 is reported as `InvalidEvent`). Every other event type is decoded from JSON
/// with `serde`. Implement it for your own type to decode a body yourself:
///
/// ```
/// use fg_runtime::{Diagnostic, FromRawEvent, INVALID_EVENT};
///
/// struct Lines(Vec<String>);
///
/// impl FromRawEvent for Lines {
///     fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic> {
///         let text = std::str::from_utf8(body)
///             .map_err(|e| Diagnostic::new(INVALID_EVENT, e.to_string()))?;
///         Ok(Lines(text.lines().map(str::to_owned).collect()))
///     }
/// }
///
/// assert_eq!(Lines::from_raw_event(b"a\nb").unwrap().0, ["a", "b"]);
/// ```
pub trait FromRawEvent: Sized {
    /// The event from the body the runtime API delivered.
    ///
    /// # Errors
    /// A [`Diagnostic`] (usually with `errorType` [`INVALID_EVENT`]) when the body is not an
    /// event of this type; the handler is then not called.
    fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic>;
}

impl FromRawEvent for Vec<u8> {
    fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic> {
        Ok(body.to_vec())
    }
}

impl FromRawEvent for Box<[u8]> {
    fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic> {
        Ok(body.into())
    }
}

impl FromRawEvent for String {
    fn from_raw_event(body: &[u8]) -> Result<Self, Diagnostic> {
        String::from_utf8(body.to_vec()).map_err(|e| {
            Diagnostic::new(INVALID_EVENT, format!("the event is not valid UTF-8: {e}"))
        })
    }
}

/// Decodes a JSON event into `T`, naming the JSON path on failure.
///
/// The path is worked out only when the parse failed, from the body and the error's position
/// ([`json_path`]): tracking it while parsing slows every parse down (by about a quarter on a
/// 5 MiB DIS batch, docs/PERFORMANCE.md), and bad events are rare.
pub(crate) fn event<T: DeserializeOwned>(body: &[u8]) -> Result<T, Diagnostic> {
    serde_json::from_slice(body).map_err(|e| invalid(short_type_name::<T>(), body, &e))
}

/// [`event`], naming the event `target` in errors: a private type that decodes a public one's
/// events reports them as the public one does.
#[cfg(feature = "http")]
pub(crate) fn event_named<T: DeserializeOwned>(body: &[u8], target: &str) -> Result<T, Diagnostic> {
    serde_json::from_slice(body).map_err(|e| invalid(target, body, &e))
}

#[cold]
fn invalid(target: &str, body: &[u8], error: &serde_json::Error) -> Diagnostic {
    let message = if error.is_data() {
        let path = json_path::of_error(body, error);
        if path == "." {
            format!("the event is not a valid {target}: {error}")
        } else {
            format!("the event is not a valid {target}: at `{path}`: {error}")
        }
    } else {
        format!("the event is not valid JSON: {error}")
    };
    Diagnostic::new(INVALID_EVENT, message)
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Batch {
        records: Vec<Record>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Record {
        sequence_number: String,
    }

    #[test]
    fn errors_name_the_path() {
        let body = br#"{"records":[{"sequence_number":"1"},{"sequence_number":{}}]}"#;
        let err = event::<Batch>(body).unwrap_err();
        assert_eq!(err.error_type, "InvalidEvent");
        assert!(
            err.error_message.starts_with(
                "the event is not a valid Batch: at `records[1].sequence_number`: invalid type: map"
            ),
            "{}",
            err.error_message
        );
    }

    #[test]
    fn syntax_errors_say_json() {
        let err = event::<Batch>(b"not json").unwrap_err();
        assert!(
            err.error_message.starts_with("the event is not valid JSON"),
            "{err:?}"
        );
        let err = event::<Batch>(br#"{"records":[]} trailing"#).unwrap_err();
        assert!(err.error_message.contains("trailing characters"), "{err:?}");
        let err = event::<Batch>(b"{\"records\":[{\"sequence_number\":\"\xff\"}]}").unwrap_err();
        assert!(err.error_message.contains("invalid unicode"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let body = "[".repeat(100_000);
        let err = event::<serde_json::Value>(body.as_bytes()).unwrap_err();
        assert!(err.error_message.contains("recursion limit"), "{err:?}");
    }
}
