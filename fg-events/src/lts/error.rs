//! Why an LTS event's `data` could not be decoded, naming the layer that failed.

use std::fmt;

use crate::encoding::Base64Error;

/// An LTS event's `data` could not be decoded; the variant names the layer that failed.
///
/// It is `Send + Sync + 'static`, so `?` turns it into `Box<dyn Error + Send + Sync>` or
/// `anyhow::Error`.
///
/// ```
/// use fg_events::encoding::Base64Text;
/// use fg_events::lts::{LtsError, LtsEvent};
///
/// let err = LtsEvent::new("e30$").decode().unwrap_err();
/// assert!(matches!(err, LtsError::Base64(_)));
/// assert_eq!(err.to_string(), "LTS data is not valid base64: Invalid symbol 36, offset 3.");
///
/// // `{"logs":"[oops"}`: the outer JSON is fine, the JSON inside `logs` is not.
/// let err = LtsEvent::new(Base64Text::encode(r#"{"logs":"[oops"}"#)).decode().unwrap_err();
/// assert!(matches!(err, LtsError::Logs(_)));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum LtsError {
    /// `data` is not valid standard base64.
    Base64(Base64Error),
    /// The decoded bytes are not UTF-8.
    Utf8(std::str::Utf8Error),
    /// The decoded text is not a JSON object of the expected shape.
    Json(serde_json::Error),
    /// The `logs` value (a JSON string holding an array, or an array) does not hold log entries.
    Logs(serde_json::Error),
}

impl fmt::Display for LtsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base64(e) => write!(f, "LTS data is not valid base64: {e}"),
            Self::Utf8(e) => write!(f, "LTS data is not valid UTF-8: {e}"),
            Self::Json(e) => write!(f, "decoded LTS data is not the expected JSON: {e}"),
            Self::Logs(e) => write!(f, "LTS `logs` is not a JSON array of log entries: {e}"),
        }
    }
}

impl std::error::Error for LtsError {
    /// The cause's own source, not the cause itself: the message already ends with the cause's
    /// message, and chain-walking reporters would print it twice (the same choice as
    /// `dis::DataError`). The cause itself is in the variant.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Base64(e) => std::error::Error::source(e),
            Self::Utf8(e) => std::error::Error::source(e),
            Self::Json(e) | Self::Logs(e) => std::error::Error::source(e),
        }
    }
}
