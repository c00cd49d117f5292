//! The HTTP exchange with the runtime API on one keep-alive connection: `fg_http1` reads the
//! replies (heads, Content-Length, chunked and until-close bodies, all bounded); this module
//! writes the requests and reconnects when the platform closes the connection.

mod endpoint;
#[cfg(feature = "fuzzing")]
pub(crate) mod fuzzing;
#[cfg(test)]
mod tests;

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use fg_http1::{Framing, Limits, Reader};

pub(crate) use endpoint::{Answer, NEXT_INVOCATION};

use crate::constants::{EVENT_TOO_LARGE, EVENT_UNREADABLE};
use crate::invocation::{Headers, Invocation, header};

/// The official sample's dial timeout (docs/PLATFORM.md §2.2).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A posted answer is acknowledged at once by the platform; a reply slower than this means the
/// connection is broken.
const POST_REPLY_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_HEAD: usize = 64 * 1024;
/// Heads, chunk-size lines and trailers are bounded as anywhere; there is no time limit: the
/// `GET` is a long poll the platform holds open while idle, and the posts set a read timeout.
const LIMITS: Limits = Limits {
    max_head: MAX_HEAD,
    max_headers: 64,
    max_chunk_line: 4096,
    max_trailers: MAX_HEAD,
    max_time: None,
};
/// Bodies up to this size are copied behind the head to go out in one write; larger ones are
/// written separately, where the copy would cost more than the extra wake-up.
const SINGLE_WRITE_MAX: usize = 64 * 1024;

/// What went wrong talking to the runtime API.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// No connection could be made (refused, unreachable): the API is not there.
    Connect(io::Error),
    /// The connection broke or the reply was not HTTP.
    Io(io::Error),
    /// The reply was not valid HTTP.
    Protocol(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect(e) => write!(f, "cannot connect to the runtime API: {e}"),
            Self::Io(e) => write!(f, "runtime API connection failed: {e}"),
            Self::Protocol(m) => write!(f, "runtime API reply is not valid HTTP: {m}"),
        }
    }
}

impl From<io::Error> for ApiError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// What the `GET` for the next invocation gave.
#[derive(Debug)]
pub(crate) enum Next {
    /// An event with its request id.
    Event(Invocation),
    /// A reply that carries no event: a non-200 status or no request id.
    NoEvent { status: u16, has_request_id: bool },
    /// A request id arrived but its body did not (the connection broke, or it is over the
    /// size limit): the invocation must still be answered.
    Unreadable {
        request_id: String,
        reason: String,
        error_type: &'static str,
    },
}

/// The connection to the runtime API, opened on first use and kept alive.
#[derive(Debug)]
pub(crate) struct Client {
    addr: String,
    conn: Option<Conn>,
    max_event_size: usize,
    /// The request being sent: head and body go out in one write, so the platform side
    /// wakes once per request (two writes cost about 4 µs per invocation, docs/PERFORMANCE.md).
    out: Vec<u8>,
    /// The read timeout set on the current connection, so it is changed only when needed.
    read_timeout: Option<Duration>,
}

#[derive(Debug)]
struct Conn<S = TcpStream> {
    /// The stream, with the bytes read past the previous reply's end (none unless the server
    /// pipelines).
    reader: Reader<S>,
    /// Whether a reply has already been read on this connection: a failure on a reused
    /// connection before any reply byte means the server closed it while idle, and the request
    /// is sent again on a new one.
    reused: bool,
    /// The previous event's body, handed back after its invocation: large bodies reuse its
    /// allocation instead of mapping and faulting in fresh memory every time
    /// (docs/PERFORMANCE.md).
    spare: Vec<u8>,
}

impl<S: Read> Conn<S> {
    fn new(stream: S) -> Self {
        Self {
            reader: Reader::new(stream, LIMITS),
            reused: false,
            spare: Vec::new(),
        }
    }
}

/// A reply's head, with what its body's framing and the connection's fate will be.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Headers,
    framing: Result<Framing, fg_http1::Error>,
    /// Whether the connection stays usable after the body.
    keep_alive: bool,
}

impl Client {
    pub(crate) fn new(addr: String, max_event_size: usize) -> Self {
        Self {
            addr,
            conn: None,
            max_event_size,
            out: Vec::new(),
            read_timeout: None,
        }
    }

    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    /// Waits for the next event (the platform holds the `GET` open while idle).
    pub(crate) fn next(&mut self) -> Result<Next, ApiError> {
        let request = format!(
            "GET {NEXT_INVOCATION} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\n\r\n",
            self.addr
        );
        let limit = self.max_event_size;
        let (reply, conn) = self.send(request.as_bytes(), &[], None)?;
        let keep_alive = reply.keep_alive;
        let next = next_from_reply(conn, reply, limit);
        match next {
            Ok(Next::Event(_) | Next::NoEvent { .. }) => self.after_reply(keep_alive),
            Ok(Next::Unreadable { .. }) | Err(_) => self.conn = None,
        }
        next
    }

    /// Hands back an event body once its invocation is answered, for the next event to reuse.
    pub(crate) fn recycle(&mut self, body: Vec<u8>) {
        if let Some(conn) = &mut self.conn
            && body.capacity() > conn.spare.capacity()
        {
            conn.spare = body;
        }
    }

    /// Posts a response or an error report; returns the HTTP status the API answered.
    pub(crate) fn post(
        &mut self,
        answer: Answer,
        request_id: &str,
        body: &[u8],
    ) -> Result<u16, ApiError> {
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            answer.path(request_id),
            self.addr,
            body.len()
        );
        let (reply, conn) = self.send(head.as_bytes(), body, Some(POST_REPLY_TIMEOUT))?;
        if let Err(e) = read_body(conn, reply.framing, MAX_HEAD, Vec::new()) {
            self.conn = None;
            return Err(e.into());
        }
        self.after_reply(reply.keep_alive);
        Ok(reply.status)
    }

    fn after_reply(&mut self, keep_alive: bool) {
        match (&mut self.conn, keep_alive) {
            (Some(conn), true) => conn.reused = true,
            _ => self.conn = None,
        }
    }

    /// Sends a request and reads the reply head, retrying once on a fresh connection when a
    /// kept-alive one turns out to be closed.
    fn send(
        &mut self,
        head: &[u8],
        body: &[u8],
        read_timeout: Option<Duration>,
    ) -> Result<(Reply, &mut Conn), ApiError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if self.conn.is_none() {
                self.conn = Some(self.connect()?);
            }
            let Some(conn) = self.conn.as_mut() else {
                unreachable!("connection was set above");
            };
            let timeout_set = if conn.reused && self.read_timeout == read_timeout {
                Ok(())
            } else {
                self.read_timeout = read_timeout;
                conn.reader.get_ref().set_read_timeout(read_timeout)
            };
            let written = timeout_set.and_then(|()| {
                if body.len() <= SINGLE_WRITE_MAX {
                    self.out.clear();
                    self.out.extend_from_slice(head);
                    self.out.extend_from_slice(body);
                    conn.reader.get_mut().write_all(&self.out)
                } else {
                    conn.reader.get_mut().write_all(head)?;
                    conn.reader.get_mut().write_all(body)
                }
            });
            let result = written.map_err(ApiError::Io).and_then(|()| read_head(conn));
            match result {
                Ok(Some(reply)) => {
                    let conn = self.conn.as_mut().expect("connection kept after a reply");
                    return Ok((reply, conn));
                }
                Ok(None) | Err(ApiError::Io(_)) if conn.reused && attempt == 1 => {
                    // The platform closed the idle keep-alive connection: not an error.
                    self.conn = None;
                }
                Ok(None) => {
                    self.conn = None;
                    return Err(ApiError::Io(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "connection closed before a reply",
                    )));
                }
                Err(e) => {
                    self.conn = None;
                    return Err(e);
                }
            }
        }
    }

    fn connect(&mut self) -> Result<Conn, ApiError> {
        let addrs = self.addr.to_socket_addrs().map_err(ApiError::Connect)?;
        let mut last = io::Error::new(io::ErrorKind::NotFound, "address resolved to nothing");
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    // Small request/response exchanges: do not wait to coalesce writes.
                    stream.set_nodelay(true).map_err(ApiError::Io)?;
                    keep_alive(&stream);
                    return Ok(Conn::new(stream));
                }
                Err(e) => last = e,
            }
        }
        Err(ApiError::Connect(last))
    }
}

/// TCP keepalive probes on the runtime-API connection: the GET for the next event may wait for
/// hours, and a connection the network dropped silently would otherwise block it forever. With
/// probes the kernel notices within [`KEEPALIVE_IDLE`] + 3 × [`KEEPALIVE_INTERVAL`], the read
/// fails, and the client reconnects.
fn keep_alive(stream: &TcpStream) {
    let probes = socket2::TcpKeepalive::new()
        .with_time(KEEPALIVE_IDLE)
        .with_interval(KEEPALIVE_INTERVAL)
        .with_retries(3);
    // Without probes the client works as before; nothing to tell the function's log about
    // (the call fails only on sockets that are not TCP).
    let _ = socket2::SockRef::from(stream).set_tcp_keepalive(&probes);
}

/// Idle time before the first keepalive probe.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(60);
/// Time between unanswered probes.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);

/// Reads the body of a next-invocation reply whose head has been read, and says what the reply
/// carries. An `Err` or [`Next::Unreadable`] leaves the connection unusable.
fn next_from_reply<S: Read>(
    conn: &mut Conn<S>,
    reply: Reply,
    limit: usize,
) -> Result<Next, ApiError> {
    let Reply {
        status,
        headers,
        framing,
        ..
    } = reply;
    let received_at = Instant::now();
    let request_id = headers
        .get(header::REQUEST_ID)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    // Only an event reuses the previous event's buffer: any other body is dropped with it.
    let spare = if status == 200 {
        std::mem::take(&mut conn.spare)
    } else {
        Vec::new()
    };
    let body = match read_body(conn, framing, limit, spare) {
        Ok(body) => body,
        Err(e) => {
            return match request_id {
                Some(request_id) if status == 200 => Ok(Next::Unreadable {
                    request_id,
                    reason: e.to_string(),
                    error_type: match e.0 {
                        fg_http1::Error::BodyTooLarge { .. } => EVENT_TOO_LARGE,
                        _ => EVENT_UNREADABLE,
                    },
                }),
                _ => Err(e.into()),
            };
        }
    };
    Ok(match request_id {
        Some(request_id) if status == 200 => Next::Event(Invocation {
            request_id,
            headers,
            body: std::sync::Arc::new(body),
            received_at,
        }),
        id => Next::NoEvent {
            status,
            has_request_id: id.is_some(),
        },
    })
}

/// Reads the next reply head (interim `1xx` ones skipped). `Ok(None)`: the server closed the
/// connection before sending a byte.
fn read_head<S: Read>(conn: &mut Conn<S>) -> Result<Option<Reply>, ApiError> {
    let head = match conn.reader.read_response_head() {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(None),
        Err(fg_http1::Error::Io(e)) => return Err(ApiError::Io(e)),
        // The posts' read timeout: a broken connection, as a failed read was before.
        Err(fg_http1::Error::Idle | fg_http1::Error::TimedOut) => {
            return Err(ApiError::Io(io::ErrorKind::TimedOut.into()));
        }
        Err(e) => return Err(ApiError::Protocol(e.to_string())),
    };
    let framing = head.framing();
    let keep_alive = head.keep_alive() && !matches!(framing, Ok(Framing::UntilClose));
    Ok(Some(Reply {
        status: head.status,
        headers: Headers::from_wire(head.headers),
        framing,
        keep_alive,
    }))
}

/// Why a body could not be read, in the words of an event's error report.
#[derive(Debug)]
struct BodyError(fg_http1::Error);

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            fg_http1::Error::BodyTooLarge { size, limit } => write!(
                f,
                "the event is {size} bytes, larger than the limit of {limit} bytes (FG_MAX_EVENT_SIZE)"
            ),
            e @ (fg_http1::Error::Io(_)
            | fg_http1::Error::Closed { .. }
            | fg_http1::Error::Idle
            | fg_http1::Error::TimedOut) => write!(f, "the event body could not be read: {e}"),
            e => write!(f, "the event body is malformed: {e}"),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e.0 {
            fg_http1::Error::Io(e) => Self::Io(e),
            _ => Self::Protocol(e.to_string()),
        }
    }
}

/// Reads the body of the reply whose head was just read, into `spare` if it is large.
fn read_body<S: Read>(
    conn: &mut Conn<S>,
    framing: Result<Framing, fg_http1::Error>,
    limit: usize,
    spare: Vec<u8>,
) -> Result<Vec<u8>, BodyError> {
    let framing = framing.map_err(BodyError)?;
    conn.reader
        .read_body(framing, limit, spare)
        .map_err(BodyError)
}
