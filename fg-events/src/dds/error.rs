//! Why a JSON string of a DDS change could not be read, naming the field.

use std::fmt;

/// A JSON string of a [`DdsChange`](super::DdsChange) (`ns`, `full_document` or `token`) is
/// missing or does not hold the expected JSON; names the field.
///
/// It is `Send + Sync + 'static`, so `?` turns it into `Box<dyn Error + Send + Sync>` or
/// `anyhow::Error`.
///
/// ```
/// use fg_events::dds::{DdsChange, DdsError};
///
/// let err = DdsChange::default().ns().unwrap_err();
/// assert_eq!(err.field(), "ns");
/// assert_eq!(err.to_string(), "DDS change has no `ns`");
///
/// let err = DdsChange::default().with_token("825D").token().unwrap_err();
/// assert!(matches!(err, DdsError::Json { field: "token", .. }));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum DdsError {
    /// The field is absent (or `null`).
    Missing {
        /// The field's wire name.
        field: &'static str,
    },
    /// The field's string is not JSON of the expected shape.
    Json {
        /// The field's wire name.
        field: &'static str,
        /// Why parsing failed.
        source: serde_json::Error,
    },
}

impl DdsError {
    /// The wire name of the field that failed: `ns`, `full_document` or `token`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Missing { field } | Self::Json { field, .. } => field,
        }
    }
}

impl fmt::Display for DdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { field } => write!(f, "DDS change has no `{field}`"),
            Self::Json { field, source } => {
                write!(f, "DDS `{field}` is not the expected JSON: {source}")
            }
        }
    }
}

impl std::error::Error for DdsError {
    /// The JSON error's own source, not the JSON error itself: the message already ends with it,
    /// and chain-walking reporters would print it twice (the same choice as `dis::DataError`).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Missing { .. } => None,
            Self::Json { source, .. } => std::error::Error::source(source),
        }
    }
}
