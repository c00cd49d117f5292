//! Why a message could not be read, and what a server answers to each reason.

use std::fmt;
use std::io;

/// Why a message could not be read. After any of them but [`Idle`](Error::Idle) the
/// connection is unusable: the caller answers ([`status`](Error::status)) and closes it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The connection failed.
    Io(io::Error),
    /// The socket's read timeout passed before the first byte of a head: nothing was lost, the
    /// caller may wait again or close an idle connection.
    Idle,
    /// A read timed out inside a message, or the message took longer than
    /// [`Limits::max_time`](crate::Limits::max_time).
    TimedOut,
    /// The peer closed the connection inside a message.
    Closed {
        /// Which part was cut off: `"head"`, `"body"`, `"chunk-size line"`, `"trailers"`.
        inside: &'static str,
    },
    /// Not HTTP/1.x, or framed in a way this reader does not read.
    Malformed(String),
    /// The head is longer than [`Limits::max_head`](crate::Limits::max_head).
    HeadTooLarge {
        /// The limit.
        limit: usize,
    },
    /// The head has more header lines than [`Limits::max_headers`](crate::Limits::max_headers).
    TooManyHeaders {
        /// The limit.
        limit: usize,
    },
    /// A chunk-size line is longer than
    /// [`Limits::max_chunk_line`](crate::Limits::max_chunk_line).
    ChunkLineTooLong {
        /// The limit.
        limit: usize,
    },
    /// The trailers are longer than [`Limits::max_trailers`](crate::Limits::max_trailers).
    TrailersTooLarge {
        /// The limit.
        limit: usize,
    },
    /// The body is larger than the limit given to
    /// [`read_body`](crate::Reader::read_body). It is left unread.
    BodyTooLarge {
        /// Its `Content-Length`, or for a chunked or until-close body the bytes up to the
        /// chunk or read that went over.
        size: u64,
        /// The limit.
        limit: usize,
    },
}

impl Error {
    /// The status a server answers a request with that failed this way: 408, 413, 431 or 400;
    /// `None` when there is nobody to answer (the connection failed or went idle).
    ///
    /// ```
    /// assert_eq!(fg_http1::Error::TrailersTooLarge { limit: 10 }.status(), Some(431));
    /// assert_eq!(fg_http1::Error::Idle.status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Io(_) | Self::Idle => None,
            Self::TimedOut => Some(408),
            Self::BodyTooLarge { .. } => Some(413),
            Self::HeadTooLarge { .. }
            | Self::TooManyHeaders { .. }
            | Self::TrailersTooLarge { .. } => Some(431),
            Self::Closed { .. } | Self::Malformed(_) | Self::ChunkLineTooLong { .. } => Some(400),
        }
    }

    pub(crate) fn malformed(message: &str) -> Self {
        Self::Malformed(message.to_owned())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "the connection failed: {e}"),
            Self::Idle => f.write_str("no message arrived before the read timeout"),
            Self::TimedOut => f.write_str("the message did not arrive in time"),
            Self::Closed { inside } => write!(f, "the connection closed inside the {inside}"),
            Self::Malformed(m) => write!(f, "malformed HTTP: {m}"),
            Self::HeadTooLarge { limit } => write!(f, "the head is longer than {limit} bytes"),
            Self::TooManyHeaders { limit } => write!(f, "more than {limit} header lines"),
            Self::ChunkLineTooLong { limit } => {
                write!(f, "a chunk-size line is longer than {limit} bytes")
            }
            Self::TrailersTooLarge { limit } => {
                write!(f, "the trailers are longer than {limit} bytes")
            }
            Self::BodyTooLarge { size, limit } => {
                write!(
                    f,
                    "the body is {size} bytes, larger than the limit of {limit} bytes"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Error> for io::Error {
    /// For callers that report through `io::Error`: the kind says what happened
    /// (`TimedOut`, `UnexpectedEof`, `InvalidData`, ...), the message says the rest.
    fn from(e: Error) -> Self {
        let kind = match &e {
            Error::Io(_) => io::ErrorKind::Other,
            Error::Idle | Error::TimedOut => io::ErrorKind::TimedOut,
            Error::Closed { .. } => io::ErrorKind::UnexpectedEof,
            _ => io::ErrorKind::InvalidData,
        };
        match e {
            Error::Io(inner) => inner,
            other => io::Error::new(kind, other.to_string()),
        }
    }
}
