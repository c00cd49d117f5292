//! The one HTTP/1.1 message reader of fg: heads parsed by `httparse`, bodies framed by
//! `Content-Length`, chunked encoding or the end of the connection, and a limit on everything
//! a peer can make it read or wait for ([`Limits`]).
//!
//! The runtime's client of the runtime API reads responses with it, the container-mode server,
//! the emulator and `cargo fg serve` read requests with it. They used to carry a parser each,
//! and those had drifted apart (one read endless trailer lines forever, one refused chunked
//! bodies); now a bound found missing is added once, here, and fuzzed in both directions.
//!
//! ```
//! use fg_http1::{Framing, Limits, Reader};
//!
//! let wire = b"POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
//! let mut reader = Reader::new(&wire[..], Limits::default());
//! let head = reader.read_request_head()?.expect("a request");
//! assert_eq!((head.method.as_str(), head.target.as_str()), ("POST", "/invoke"));
//! assert_eq!(head.framing()?, Framing::Chunked);
//! let body = reader.read_body(head.framing()?, 1024, Vec::new())?;
//! assert_eq!(body, b"{}");
//! assert!(reader.read_request_head()?.is_none()); // the peer closed the connection
//! # Ok::<(), fg_http1::Error>(())
//! ```
//!
//! The reader never writes: answering `Expect: 100-continue`, and writing requests and
//! responses, stay with the caller, which knows its own headers.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod body;
mod error;
mod head;
mod limits;
mod pieces;
mod reader;
mod status;
#[cfg(test)]
mod tests;

pub use error::Error;
pub use head::{Framing, Headers, RequestHead, ResponseHead};
pub use limits::Limits;
pub use pieces::Pieces;
pub use reader::Reader;
pub use status::reason_phrase;
