//! How much a peer can make the reader read, and for how long.

use std::time::Duration;

/// The bounds a [`Reader`](crate::Reader) enforces; the body's size limit is given to each
/// [`read_body`](crate::Reader::read_body), since it depends on what the body is for.
///
/// ```
/// use std::time::Duration;
/// use fg_http1::Limits;
///
/// let server = Limits {
///     max_time: Some(Duration::from_secs(30)),
///     ..Limits::default()
/// };
/// assert_eq!(server.max_head, 64 * 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a head: start line and header lines, up to and including the empty line. The
    /// interim (`1xx`) heads before a response count towards it together with the final one.
    pub max_head: usize,
    /// Header lines in a head (at most [`Limits::HEADER_SLOTS`]; more is treated as that many).
    pub max_headers: usize,
    /// Bytes of one chunk-size line of a chunked body, extensions included.
    pub max_chunk_line: usize,
    /// Bytes of the trailer section after a chunked body's last chunk, however many lines.
    pub max_trailers: usize,
    /// Time from a message's first byte to the end of its body. `None`: no limit beyond the
    /// socket's read timeout (a client reading a trusted peer's long poll). A slow sender that
    /// keeps each read under the socket's timeout is stopped by this one.
    pub max_time: Option<Duration>,
}

impl Limits {
    /// The most header lines a head can have, whatever `max_headers` says: the parser's slots
    /// live on the stack, so that reading a head allocates nothing but the owned strings.
    pub const HEADER_SLOTS: usize = 128;
}

impl Default for Limits {
    /// 64 KiB heads with up to 64 headers, 4 KiB chunk-size lines, 16 KiB of trailers, no time
    /// limit.
    fn default() -> Self {
        Self {
            max_head: 64 * 1024,
            max_headers: 64,
            max_chunk_line: 4 * 1024,
            max_trailers: 16 * 1024,
            max_time: None,
        }
    }
}
