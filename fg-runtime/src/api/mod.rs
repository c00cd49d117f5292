//! The HTTP exchange with the runtime API on one keep-alive connection: `httparse` reads the
//! replies; this module frames requests and bodies (Content-Length or chunked) and reconnects
//! when the platform closes the connection.

mod endpoint;
#[cfg(feature = "fuzzing")]
pub(crate) mod fuzzing;
#[cfg(test)]
mod tests;

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

pub(crate) use endpoint::{Answer, NEXT_INVOCATION};

use crate::invocation::{Headers, Invocation, header};
use crate::logger::runtime_log;

/// The official sample's dial timeout (docs/PLATFORM.md §2.2).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A posted answer is acknowledged at once by the platform; a reply slower than this means the
/// connection is broken.
const POST_REPLY_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_HEAD: usize = 64 * 1024;
const MAX_HEADERS: usize = 64;
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
    stream: S,
    /// Bytes read past the previous reply's end (none unless the server pipelines).
    buf: Vec<u8>,
    /// Whether a reply has already been read on this connection: a failure on a reused
    /// connection before any reply byte means the server closed it while idle, and the request
    /// is sent again on a new one.
    reused: bool,
    /// The previous event's body, handed back after its invocation: large bodies reuse its
    /// allocation instead of mapping and faulting in fresh memory every time
    /// (docs/PERFORMANCE.md).
    spare: Vec<u8>,
}

enum Framing {
    Length(usize),
    Chunked,
    UntilClose,
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
        let (status, headers, conn) = self.send(request.as_bytes(), &[], None)?;
        let close = wants_close(&headers);
        let next = next_from_reply(conn, status, headers, limit);
        match next {
            Ok(Next::Event(_) | Next::NoEvent { .. }) => self.after_reply(close),
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
        let (status, headers, conn) = self.send(head.as_bytes(), body, Some(POST_REPLY_TIMEOUT))?;
        if let Err(e) = read_body(conn, &headers, MAX_HEAD) {
            self.conn = None;
            return Err(e.into());
        }
        self.after_reply(wants_close(&headers));
        Ok(status)
    }

    fn after_reply(&mut self, close: bool) {
        match (&mut self.conn, close) {
            (Some(conn), false) => conn.reused = true,
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
    ) -> Result<(u16, Headers, &mut Conn), ApiError> {
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
                conn.stream.set_read_timeout(read_timeout)
            };
            let written = timeout_set.and_then(|()| {
                if body.len() <= SINGLE_WRITE_MAX {
                    self.out.clear();
                    self.out.extend_from_slice(head);
                    self.out.extend_from_slice(body);
                    conn.stream.write_all(&self.out)
                } else {
                    conn.stream.write_all(head)?;
                    conn.stream.write_all(body)
                }
            });
            let result = written.map_err(ApiError::Io).and_then(|()| read_head(conn));
            match result {
                Ok(Some((status, headers))) => {
                    let conn = self.conn.as_mut().expect("connection kept after a reply");
                    return Ok((status, headers, conn));
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
                    return Ok(Conn {
                        stream,
                        buf: Vec::with_capacity(4096),
                        reused: false,
                        spare: Vec::new(),
                    });
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
    if let Err(e) = socket2::SockRef::from(stream).set_tcp_keepalive(&probes) {
        runtime_log!(
            Warn,
            "cannot enable TCP keepalive on the runtime-API connection: {e}"
        );
    }
}

/// Idle time before the first keepalive probe.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(60);
/// Time between unanswered probes.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);

fn wants_close(headers: &Headers) -> bool {
    headers
        .get("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"))
}

/// Reads the body of a next-invocation reply whose head has been read, and says what the reply
/// carries. An `Err` or [`Next::Unreadable`] leaves the connection unusable.
fn next_from_reply<S: Read>(
    conn: &mut Conn<S>,
    status: u16,
    headers: Headers,
    limit: usize,
) -> Result<Next, ApiError> {
    let received_at = Instant::now();
    let request_id = headers
        .get(header::REQUEST_ID)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    let body = match read_body(conn, &headers, limit) {
        Ok(body) => body,
        Err(e) => {
            return match request_id {
                Some(request_id) if status == 200 => Ok(Next::Unreadable {
                    request_id,
                    reason: e.to_string(),
                    error_type: match e {
                        BodyError::TooLarge { .. } => EVENT_TOO_LARGE,
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

/// `errorType` for an event larger than the configured limit.
pub(crate) const EVENT_TOO_LARGE: &str = "EventTooLarge";
/// `errorType` for an event whose body could not be read completely.
pub(crate) const EVENT_UNREADABLE: &str = "EventUnreadable";

/// Reads until a full reply head is parsed. `Ok(None)`: the server closed the connection
/// before sending a byte.
fn read_head<S: Read>(conn: &mut Conn<S>) -> Result<Option<(u16, Headers)>, ApiError> {
    // Interim (1xx) heads count against the limit too, so an endless stream of them ends.
    let mut interim = 0usize;
    loop {
        if !conn.buf.is_empty() {
            let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut reply = httparse::Response::new(&mut storage);
            match reply.parse(&conn.buf) {
                Ok(httparse::Status::Complete(len)) => {
                    let status = reply.code.unwrap_or(0);
                    let mut headers = Headers::default();
                    for h in reply.headers.iter() {
                        headers.insert(h.name, String::from_utf8_lossy(h.value).into_owned());
                    }
                    conn.buf.drain(..len);
                    if (100..200).contains(&status) {
                        interim += len;
                        if interim > MAX_HEAD {
                            return Err(ApiError::Protocol(format!(
                                "interim replies longer than {MAX_HEAD} bytes"
                            )));
                        }
                        continue; // `100 Continue` and friends precede the real reply
                    }
                    return Ok(Some((status, headers)));
                }
                Ok(httparse::Status::Partial) if conn.buf.len() < MAX_HEAD => {}
                Ok(httparse::Status::Partial) => {
                    return Err(ApiError::Protocol(format!(
                        "reply head longer than {MAX_HEAD} bytes"
                    )));
                }
                Err(e) => return Err(ApiError::Protocol(e.to_string())),
            }
        }
        let was_empty = conn.buf.is_empty();
        if fill(conn)? == 0 {
            return if was_empty {
                Ok(None)
            } else {
                Err(ApiError::Protocol(
                    "connection closed inside the reply head".into(),
                ))
            };
        }
    }
}

fn fill<S: Read>(conn: &mut Conn<S>) -> io::Result<usize> {
    let mut chunk = [0u8; 8192];
    let n = conn.stream.read(&mut chunk)?;
    conn.buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

#[derive(Debug)]
enum BodyError {
    Io(io::Error),
    Protocol(String),
    TooLarge { size: usize, limit: usize },
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "the event body could not be read: {e}"),
            Self::Protocol(m) => write!(f, "the event body is malformed: {m}"),
            Self::TooLarge { size, limit } => write!(
                f,
                "the event is {size} bytes, larger than the limit of {limit} bytes (FG_MAX_EVENT_SIZE)"
            ),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::Io(e) => Self::Io(e),
            other => Self::Protocol(other.to_string()),
        }
    }
}

fn framing(headers: &Headers) -> Result<Framing, BodyError> {
    if headers
        .get("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        return Ok(Framing::Chunked);
    }
    match headers.get("content-length") {
        Some(len) => len
            .trim()
            .parse()
            .map(Framing::Length)
            .map_err(|_| BodyError::Protocol(format!("bad Content-Length {len:?}"))),
        None => Ok(Framing::UntilClose),
    }
}

fn read_body<S: Read>(
    conn: &mut Conn<S>,
    headers: &Headers,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    match framing(headers)? {
        Framing::Length(len) => {
            if len > limit {
                return Err(BodyError::TooLarge { size: len, limit });
            }
            read_exact_body(conn, len)
        }
        Framing::Chunked => read_chunked(conn, limit),
        Framing::UntilClose => {
            let mut body = std::mem::take(&mut conn.buf);
            (&mut conn.stream)
                .take(limit.saturating_add(1).saturating_sub(body.len()) as u64)
                .read_to_end(&mut body)
                .map_err(BodyError::Io)?;
            if body.len() > limit {
                return Err(BodyError::TooLarge {
                    size: body.len(),
                    limit,
                });
            }
            Ok(body)
        }
    }
}

fn read_exact_body<S: Read>(conn: &mut Conn<S>, len: usize) -> Result<Vec<u8>, BodyError> {
    if conn.buf.len() >= len {
        let rest = conn.buf.split_off(len);
        return Ok(std::mem::replace(&mut conn.buf, rest));
    }
    // The recycled buffer keeps its length, so only growth is zeroed; one `read_exact` then
    // asks the socket for everything that is missing (`read_to_end` would start with small
    // reads and wake up many more times on a 100 KiB event).
    let mut body = std::mem::take(&mut conn.spare);
    body.resize(len, 0);
    let have = conn.buf.len();
    body[..have].copy_from_slice(&conn.buf);
    conn.buf.clear();
    conn.stream.read_exact(&mut body[have..]).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            eof_in_body()
        } else {
            BodyError::Io(e)
        }
    })?;
    Ok(body)
}

fn read_chunked<S: Read>(conn: &mut Conn<S>, limit: usize) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    loop {
        let size = loop {
            match httparse::parse_chunk_size(&conn.buf) {
                Ok(httparse::Status::Complete((used, size))) => {
                    conn.buf.drain(..used);
                    break size;
                }
                Ok(httparse::Status::Partial) if conn.buf.len() < MAX_HEAD => {
                    if fill(conn).map_err(BodyError::Io)? == 0 {
                        return Err(eof_in_body());
                    }
                }
                _ => return Err(BodyError::Protocol("invalid chunk size line".into())),
            }
        };
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        if size == 0 {
            skip_trailers(conn)?;
            return Ok(body);
        }
        if body.len().saturating_add(size) > limit {
            return Err(BodyError::TooLarge {
                size: body.len().saturating_add(size),
                limit,
            });
        }
        while conn.buf.len() < size + 2 {
            if fill(conn).map_err(BodyError::Io)? == 0 {
                return Err(eof_in_body());
            }
        }
        body.extend_from_slice(&conn.buf[..size]);
        if &conn.buf[size..size + 2] != b"\r\n" {
            return Err(BodyError::Protocol("chunk not followed by CRLF".into()));
        }
        conn.buf.drain(..size + 2);
    }
}

fn skip_trailers<S: Read>(conn: &mut Conn<S>) -> Result<(), BodyError> {
    // Bytes of trailer lines already skipped: an endless run of short lines must end too.
    let mut skipped = 0usize;
    loop {
        if let Some(end) = conn.buf.windows(2).position(|w| w == b"\r\n") {
            conn.buf.drain(..end + 2);
            if end == 0 {
                return Ok(());
            }
            skipped += end + 2;
            continue;
        }
        if skipped + conn.buf.len() > MAX_HEAD {
            return Err(BodyError::Protocol("trailers too long".into()));
        }
        if fill(conn).map_err(BodyError::Io)? == 0 {
            return Err(eof_in_body());
        }
    }
}

fn eof_in_body() -> BodyError {
    BodyError::Io(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "connection closed inside the body",
    ))
}
