//! The HTTP/1.1 the container contract needs, on one connection: requests read with
//! `fg_http1` (bodies by `Content-Length` or chunked, every part bounded in bytes, the whole
//! request in time), `Expect: 100-continue` honoured, responses written with `Content-Length`,
//! keep-alive unless either side says `close`.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use fg_http1::{Framing, Limits};

use crate::invocation::Headers;

/// No read of a connection blocks longer: a peer that stops sending mid-request is answered
/// 408, and an idle one is checked on (see `MAX_IDLE`).
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request must arrive in full within this from its first byte, however it dribbles in
/// (a slow sender keeps every read under `READ_TIMEOUT`): 6 MB take well under a second on the
/// platform's network.
const MAX_REQUEST_TIME: Duration = Duration::from_secs(60);
/// A keep-alive connection idle this long is closed, so that no peer holds a thread forever;
/// long enough that the platform's own pool closes first in all likelihood.
const MAX_IDLE: Duration = Duration::from_secs(600);
const LIMITS: Limits = Limits {
    max_head: 64 * 1024,
    max_headers: 100,
    max_chunk_line: 4 * 1024,
    max_trailers: 16 * 1024,
    max_time: Some(MAX_REQUEST_TIME),
};

/// A request whose head was read; the body is read by [`Reader::body`].
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Headers,
    /// HTTP/1.0 without `keep-alive`, or `Connection: close`.
    pub(crate) close: bool,
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The client closed the connection (between requests: the normal end of a connection; or
    /// inside one), or left it idle for `MAX_IDLE`.
    Closed,
    /// The connection failed, or the peer closed it inside a request: nobody to answer.
    Io(io::Error),
    /// The body is larger than the limit: answered with 413, unread.
    TooLarge { size: u64, limit: usize },
    /// Not HTTP, too large a head, too slow: answered with `status` (400, 408, 431).
    Refused { status: u16, reason: String },
}

impl ReadError {
    /// The status the request is answered with.
    pub(crate) fn status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            Self::Refused { status, .. } => *status,
            Self::Closed | Self::Io(_) => 400,
        }
    }
}

impl From<fg_http1::Error> for ReadError {
    fn from(e: fg_http1::Error) -> Self {
        match e {
            fg_http1::Error::BodyTooLarge { size, limit } => Self::TooLarge { size, limit },
            fg_http1::Error::Io(e) => Self::Io(e),
            // Cut off mid-request: nobody to answer, as when it closes between requests.
            fg_http1::Error::Closed { .. } => Self::Closed,
            reason => Self::Refused {
                status: reason.status().unwrap_or(400),
                reason: reason.to_string(),
            },
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed => f.write_str("connection closed"),
            Self::Io(e) => write!(f, "the request could not be read: {e}"),
            Self::TooLarge { size, limit } => write!(
                f,
                "the event is {size} bytes, larger than the limit of {limit} bytes (FG_MAX_EVENT_SIZE)"
            ),
            Self::Refused { reason, .. } => write!(f, "the request is refused: {reason}"),
        }
    }
}

/// Reads requests off one connection, keeping bytes read past the current one.
pub(crate) struct Reader<S> {
    inner: fg_http1::Reader<S>,
    max_idle: Duration,
    /// How the body of the last head read is framed (or why that is unclear), and whether its
    /// client waits for `100 Continue`.
    body: (Result<Framing, String>, bool),
}

impl Reader<TcpStream> {
    /// Reads `stream` within the container server's limits.
    pub(crate) fn new(stream: TcpStream) -> Self {
        // Fails only for a zero duration.
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        Self::with_limits(stream, LIMITS, MAX_IDLE)
    }
}

impl<S: Read> Reader<S> {
    fn with_limits(stream: S, limits: Limits, max_idle: Duration) -> Self {
        Self {
            inner: fg_http1::Reader::new(stream, limits),
            max_idle,
            body: (Ok(Framing::Length(0)), false),
        }
    }

    /// The next request's head.
    pub(crate) fn head(&mut self) -> Result<Request, ReadError> {
        let idle_since = Instant::now();
        loop {
            let head = match self.inner.read_request_head() {
                Ok(Some(head)) => head,
                Ok(None) => return Err(ReadError::Closed),
                Err(fg_http1::Error::Idle) if idle_since.elapsed() < self.max_idle => continue,
                Err(fg_http1::Error::Idle) => return Err(ReadError::Closed),
                Err(e) => return Err(e.into()),
            };
            self.body = (
                head.framing().map_err(|e| e.to_string()),
                head.expects_continue(),
            );
            return Ok(Request {
                close: !head.keep_alive(),
                method: head.method,
                path: head.target,
                headers: Headers::from_wire(head.headers),
            });
        }
    }

    /// The body of the request whose head was read last, at most `limit` bytes. `writer` gets the
    /// `100 Continue` a client that sent `Expect: 100-continue` waits for.
    pub(crate) fn body(
        &mut self,
        limit: usize,
        writer: &mut impl Write,
    ) -> Result<Vec<u8>, ReadError> {
        let (framing, expects_continue) = self.body.clone();
        let framing = framing.map_err(|reason| ReadError::Refused {
            status: 400,
            reason,
        })?;
        if let Framing::Length(size) = framing
            && size > limit as u64
        {
            return Err(ReadError::TooLarge { size, limit });
        }
        if expects_continue {
            writer
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(ReadError::Io)?;
        }
        Ok(self.inner.read_body(framing, limit, Vec::new())?)
    }
}

/// Writes one response with a `Content-Length` body.
pub(crate) fn respond(
    writer: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    close: bool,
) -> io::Result<()> {
    let reason = fg_http1::reason_phrase(status);
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        // Header values come from the platform or the handler's error type: no line breaks.
        let value: String = value.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut message = head.into_bytes();
    message.extend_from_slice(body);
    writer.write_all(&message)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each request with its body, or the error that ended reading.
    type Read = Vec<Result<(Request, Vec<u8>), String>>;

    fn read(raw: &[u8], limit: usize) -> (Read, Vec<u8>) {
        let mut reader = Reader::with_limits(raw, LIMITS, MAX_IDLE);
        let mut out = Vec::new();
        let mut written = Vec::new();
        loop {
            match reader.head() {
                Ok(request) => match reader.body(limit, &mut written) {
                    Ok(body) => out.push(Ok((request, body))),
                    Err(e) => {
                        out.push(Err(e.to_string()));
                        break;
                    }
                },
                Err(ReadError::Closed) => break,
                Err(e) => {
                    out.push(Err(e.to_string()));
                    break;
                }
            }
        }
        (out, written)
    }

    #[test]
    fn keep_alive_requests_are_read_in_turn() {
        let raw = b"POST /invoke HTTP/1.1\r\nX-Cff-Request-Id: a\r\nContent-Length: 2\r\n\r\n{}\
POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n[1\r\n1\r\n]\r\n0\r\n\r\n";
        let (requests, written) = read(raw, 100);
        assert!(written.is_empty());
        let [Ok((first, body1)), Ok((second, body2))] = requests.as_slice() else {
            panic!("{requests:?}");
        };
        assert_eq!(first.headers.get("x-cff-request-id"), Some("a"));
        assert_eq!(
            (first.method.as_str(), first.path.as_str()),
            ("POST", "/invoke")
        );
        assert!(!first.close);
        assert_eq!(body1, b"{}");
        assert_eq!(body2, b"[1]");
        assert!(second.close);
    }

    #[test]
    fn expect_continue_is_answered_and_limits_apply() {
        let raw = b"POST /invoke HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc";
        let (requests, written) = read(raw, 100);
        assert_eq!(written, b"HTTP/1.1 100 Continue\r\n\r\n");
        assert!(matches!(requests.as_slice(), [Ok((_, body))] if body == b"abc"));
        let (requests, _) = read(b"POST /invoke HTTP/1.1\r\nContent-Length: 300\r\n\r\n", 100);
        assert_eq!(
            requests[0].as_ref().unwrap_err(),
            "the event is 300 bytes, larger than the limit of 100 bytes (FG_MAX_EVENT_SIZE)"
        );
        let (requests, _) = read(b"NOT HTTP\r\n\r\n", 100);
        assert!(
            requests[0]
                .as_ref()
                .unwrap_err()
                .starts_with("the request is refused: malformed HTTP")
        );
    }

    #[test]
    fn responses_carry_their_length_and_no_injected_lines() {
        let mut out = Vec::new();
        respond(&mut out, 500, &[("X-Fg-Error-Type", "A\r\nB")], b"{}", true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nX-Fg-Error-Type: AB\r\nConnection: close\r\n\r\n{}"
        );
    }

    /// A peer on a real socket that sends `request` a byte every `pace`, then waits `then`;
    /// the reader has a 100 ms read timeout, 300 ms per request and 300 ms of idleness.
    fn read_from_peer(request: &'static [u8], pace: Duration, then: Duration) -> ReadError {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let peer = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            for byte in request {
                if stream.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(pace);
            }
            std::thread::sleep(then);
        });
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let limits = Limits {
            max_time: Some(Duration::from_millis(300)),
            ..LIMITS
        };
        let mut reader = Reader::with_limits(stream, limits, Duration::from_millis(300));
        let started = Instant::now();
        let error = match reader.head() {
            Ok(_) => reader
                .body(100, &mut Vec::new())
                .expect_err("the body must be refused"),
            Err(e) => e,
        };
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "not bounded in time"
        );
        drop(reader);
        peer.join().unwrap();
        error
    }

    const INVOKE: &[u8] = b"POST /invoke HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";

    #[test]
    fn slow_senders_are_refused_with_408() {
        let error = read_from_peer(INVOKE, Duration::from_millis(20), Duration::ZERO);
        assert_eq!(error.status(), 408, "{error}");
        assert!(matches!(error, ReadError::Refused { .. }), "{error}");
    }

    #[test]
    fn senders_that_stall_mid_request_are_refused_with_408() {
        // In the head, and in the body.
        let error = read_from_peer(&INVOKE[..10], Duration::ZERO, Duration::from_secs(1));
        assert_eq!(error.status(), 408, "{error}");
        let error = read_from_peer(
            &INVOKE[..INVOKE.len() - 1],
            Duration::ZERO,
            Duration::from_secs(1),
        );
        assert_eq!(error.status(), 408, "{error}");
    }

    #[test]
    fn idle_connections_are_closed_after_the_idle_limit() {
        let error = read_from_peer(b"", Duration::ZERO, Duration::from_secs(2));
        assert!(matches!(error, ReadError::Closed), "{error}");
    }

    #[test]
    fn endless_trailers_and_chunk_size_lines_are_refused() {
        let endless = |head: &str, line: &str| {
            let raw = [head.as_bytes(), &line.repeat(100_000).into_bytes()].concat();
            let (requests, _) = read(&raw, 100);
            requests.last().unwrap().as_ref().unwrap_err().clone()
        };
        let chunked = "POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        let error = endless(&format!("{chunked}0\r\n"), "T: x\r\n");
        assert!(error.contains("trailers are longer than"), "{error}");
        let error = endless(&format!("{chunked}1;"), "x");
        assert!(error.contains("chunk-size line is longer than"), "{error}");
        let error = endless("POST /invoke HTTP/1.1\r\n", "X: y\r\n");
        assert!(error.contains("more than 100 header lines"), "{error}");
    }
}
