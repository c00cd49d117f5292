//! Why a record's `data` could not be read, naming the record.

use std::fmt;

use crate::encoding::Base64Error;

use super::SequenceNumber;

/// A record's `data` could not be decoded; names the record's sequence number.
///
/// It is `Send + Sync + 'static`, so `?` turns it into `Box<dyn Error + Send + Sync>` or
/// `anyhow::Error`. The message reads, for example,
/// `DIS record 17: data is not valid base64: Invalid symbol 36, offset 3.`
///
/// ```
/// use fg_events::dis::{DataErrorKind, DisRecord};
///
/// let record = DisRecord::new(17, "d2V$");
/// let err = record.data().unwrap_err();
/// assert_eq!(err.sequence_number().as_u64(), Some(17));
/// assert!(matches!(err.kind(), DataErrorKind::Base64(_)));
/// assert_eq!(err.to_string(), "DIS record 17: data is not valid base64: Invalid symbol 36, offset 3.");
/// ```
#[derive(Debug)]
pub struct DataError {
    sequence_number: SequenceNumber,
    kind: DataErrorKind,
}

/// What was wrong with a record's `data`.
#[derive(Debug)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The text is not valid standard base64.
    Base64(Base64Error),
    /// The decoded bytes are not UTF-8 (from [`DisRecord::text`](super::DisRecord::text)).
    Utf8(std::str::Utf8Error),
    /// The decoded bytes are not JSON of the requested type (from
    /// [`DisRecord::json`](super::DisRecord::json)).
    Json(serde_json::Error),
}

impl DataError {
    pub(super) fn new(sequence_number: &SequenceNumber, kind: DataErrorKind) -> Self {
        Self {
            sequence_number: sequence_number.clone(),
            kind,
        }
    }

    /// The sequence number of the record whose `data` failed.
    pub fn sequence_number(&self) -> &SequenceNumber {
        &self.sequence_number
    }

    /// What was wrong, with the underlying decoder's error.
    pub fn kind(&self) -> &DataErrorKind {
        &self.kind
    }

    /// Takes the underlying error out.
    pub fn into_kind(self) -> DataErrorKind {
        self.kind
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sequence_number.is_empty() {
            write!(f, "DIS record without sequence number: {}", self.kind)
        } else {
            write!(f, "DIS record {}: {}", self.sequence_number, self.kind)
        }
    }
}

impl fmt::Display for DataErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base64(e) => write!(f, "data is not valid base64: {e}"),
            Self::Utf8(e) => write!(f, "data is not valid UTF-8: {e}"),
            Self::Json(e) => write!(f, "data is not the expected JSON: {e}"),
        }
    }
}

impl std::error::Error for DataError {
    /// The cause's own source, not the cause itself.
    ///
    /// The message already ends with the cause's message (that is what the platform logs as
    /// `errorMessage`); returning the cause here would print it twice in reporters that walk the
    /// chain, such as `anyhow`'s `{:#}`. `std::io::Error` does the same for wrapped errors. The
    /// cause itself is available from [`DataError::kind`].
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            DataErrorKind::Base64(e) => std::error::Error::source(e),
            DataErrorKind::Utf8(e) => std::error::Error::source(e),
            DataErrorKind::Json(e) => std::error::Error::source(e),
        }
    }
}
