//! The reader: bytes in from a stream, heads out, bounded by [`Limits`]. Bodies are in
//! `body.rs`.

use std::io::{self, Read};
use std::time::Instant;

use crate::{Error, Headers, Limits, RequestHead, ResponseHead};

/// How many bytes one read asks the stream for while reading heads and chunk framing.
const READ_SIZE: usize = 8 * 1024;

/// Reads HTTP/1.1 messages off one connection in turn, keeping the bytes read past the current
/// one for the next (pipelined requests, a reply read together with its body).
///
/// ```
/// use fg_http1::{Framing, Limits, Reader};
///
/// let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
/// let mut reader = Reader::new(&wire[..], Limits::default());
/// let head = reader.read_response_head()?.expect("a response");
/// assert_eq!(head.status, 200);
/// assert_eq!(head.framing()?, Framing::Length(2));
/// assert_eq!(reader.read_body(head.framing()?, 100, Vec::new())?, b"{}");
/// # Ok::<(), fg_http1::Error>(())
/// ```
#[derive(Debug)]
pub struct Reader<S> {
    pub(crate) stream: S,
    /// Bytes read are `buf[..end]`; those from `pos` on are not consumed yet. Consuming moves
    /// `pos` only, and the consumed bytes are dropped before the next read: a body of a million
    /// one-byte chunks is then read in linear time. `buf` past `end` is space already zeroed
    /// for the next reads, so that a read zeroes nothing (zeroing 8 KiB per read was a quarter
    /// of a small invocation's instructions, docs/PERFORMANCE.md).
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    pub(crate) limits: Limits,
    /// When the current message's first byte arrived (tracked only with a `max_time`).
    pub(crate) started: Option<Instant>,
    /// Whether a byte of the current message has arrived: a timeout before it is idleness.
    in_message: bool,
}

impl<S: Read> Reader<S> {
    /// A reader of `stream` within `limits`.
    pub fn new(stream: S, limits: Limits) -> Self {
        Self {
            stream,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            limits,
            started: None,
            in_message: false,
        }
    }

    /// The stream, to write answers to it.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.stream
    }

    /// The stream.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }

    /// The bytes read past the last message, not yet consumed.
    pub fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Marks `n` buffered bytes consumed.
    pub(crate) fn consume(&mut self, n: usize) {
        self.pos += n;
        debug_assert!(self.pos <= self.end, "consumed more than was buffered");
    }

    /// Takes every buffered byte.
    pub(crate) fn take_buffered(&mut self) -> Vec<u8> {
        let mut taken = std::mem::take(&mut self.buf);
        taken.truncate(self.end);
        taken.drain(..self.pos);
        self.pos = 0;
        self.end = 0;
        taken
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Reads the next request's head. `Ok(None)`: the peer closed the connection between
    /// messages, the normal end of a keep-alive connection.
    ///
    /// # Errors
    /// See [`Error`]; [`Error::Idle`] when the socket's read timeout passed before any byte.
    pub fn read_request_head(&mut self) -> Result<Option<RequestHead>, Error> {
        self.begin_message();
        loop {
            if !self.buffered().is_empty() {
                let mut slots = [httparse::EMPTY_HEADER; Limits::HEADER_SLOTS];
                let slots = &mut slots[..self.limits.max_headers.clamp(1, Limits::HEADER_SLOTS)];
                let mut request = httparse::Request::new(slots);
                if let Some(len) = self.parsed(request.parse(&self.buf[self.pos..self.end]), 0)? {
                    let head = RequestHead {
                        method: request.method.unwrap_or_default().to_owned(),
                        target: request.path.unwrap_or_default().to_owned(),
                        version: request.version.unwrap_or(1),
                        headers: Headers::from_parsed(request.headers),
                    };
                    self.consume(len);
                    return Ok(Some(head));
                }
            }
            if !self.fill_head()? {
                return Ok(None);
            }
        }
    }

    /// Reads the next response's head, skipping interim (`1xx`) ones. `Ok(None)`: the peer
    /// closed the connection before sending a byte (a kept-alive connection it had closed).
    ///
    /// # Errors
    /// See [`Error`]; [`Error::Idle`] when the socket's read timeout passed before any byte.
    pub fn read_response_head(&mut self) -> Result<Option<ResponseHead>, Error> {
        self.begin_message();
        // Interim heads count towards the head limit too, so an endless run of them ends.
        let mut interim = 0;
        loop {
            if !self.buffered().is_empty() {
                let mut slots = [httparse::EMPTY_HEADER; Limits::HEADER_SLOTS];
                let slots = &mut slots[..self.limits.max_headers.clamp(1, Limits::HEADER_SLOTS)];
                let mut response = httparse::Response::new(slots);
                if let Some(len) =
                    self.parsed(response.parse(&self.buf[self.pos..self.end]), interim)?
                {
                    let status = response.code.unwrap_or(0);
                    if (100..200).contains(&status) {
                        interim += len;
                        self.consume(len);
                        continue;
                    }
                    let head = ResponseHead {
                        status,
                        version: response.version.unwrap_or(1),
                        headers: Headers::from_parsed(response.headers),
                    };
                    self.consume(len);
                    return Ok(Some(head));
                }
            }
            if !self.fill_head()? {
                return Ok(None);
            }
        }
    }

    /// Starts the clock of a new message if bytes of it are already here.
    fn begin_message(&mut self) {
        self.started = None;
        self.in_message = !self.buffered().is_empty();
        if self.in_message {
            self.start_clock();
        }
    }

    fn start_clock(&mut self) {
        if self.limits.max_time.is_some() && self.started.is_none() {
            self.started = Some(Instant::now());
        }
    }

    /// What a parse of the buffered bytes says: the head's length once complete, `None` to
    /// read more, or why not (`already` bytes of interim heads came before this one).
    fn parsed(
        &self,
        parsed: httparse::Result<usize>,
        already: usize,
    ) -> Result<Option<usize>, Error> {
        let limit = self.limits.max_head;
        match parsed {
            Ok(httparse::Status::Complete(len)) if already + len <= limit => Ok(Some(len)),
            Ok(httparse::Status::Partial) if already + self.buffered().len() < limit => Ok(None),
            Ok(_) => Err(Error::HeadTooLarge { limit }),
            Err(httparse::Error::TooManyHeaders) => Err(Error::TooManyHeaders {
                limit: self.limits.max_headers.clamp(1, Limits::HEADER_SLOTS),
            }),
            Err(e) => Err(Error::Malformed(e.to_string())),
        }
    }

    /// Reads more of a head. `Ok(false)`: the peer closed the connection before its first
    /// byte.
    fn fill_head(&mut self) -> Result<bool, Error> {
        match self.fill(READ_SIZE) {
            Ok(0) if !self.in_message => Ok(false),
            Ok(0) => Err(Error::Closed { inside: "head" }),
            Ok(_) => {
                self.in_message = true;
                self.start_clock();
                Ok(true)
            }
            Err(Error::TimedOut) if !self.in_message => Err(Error::Idle),
            Err(e) => Err(e),
        }
    }

    /// Appends up to `size` bytes from the stream to the buffer; 0 at the end of the stream.
    pub(crate) fn fill(&mut self, size: usize) -> Result<usize, Error> {
        if self.pos > 0 {
            // Only what is pending moves, and more is read only when that is too little.
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        // Zeroed once, when the buffer grows; never more than the bytes pending and one read.
        if self.buf.len() < self.end + size {
            self.buf.resize(self.end + size, 0);
        }
        let read = self.read_into_buf_tail(self.end, size)?;
        self.end += read;
        Ok(read)
    }

    fn read_into_buf_tail(&mut self, from: usize, size: usize) -> Result<usize, Error> {
        let Self { stream, buf, .. } = self;
        let n = read_retrying(stream, &mut buf[from..from + size])?;
        self.check_time()?;
        Ok(n)
    }

    /// Fails once the current message has taken longer than `max_time`.
    pub(crate) fn check_time(&self) -> Result<(), Error> {
        match (self.started, self.limits.max_time) {
            (Some(started), Some(max)) if started.elapsed() > max => Err(Error::TimedOut),
            _ => Ok(()),
        }
    }
}

/// One `read`, retried when interrupted by a signal; the socket's read timeout is `TimedOut`.
pub(crate) fn read_retrying(stream: &mut impl Read, into: &mut [u8]) -> Result<usize, Error> {
    loop {
        match stream.read(into) {
            Ok(n) => return Ok(n),
            Err(e) => match e.kind() {
                io::ErrorKind::Interrupted => {}
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => return Err(Error::TimedOut),
                _ => return Err(Error::Io(e)),
            },
        }
    }
}
