//! The reply parser against hostile and broken replies, fed from memory: whatever the other end
//! sends, it reads a bounded amount and answers with a result.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use fg_http1::Framing;

use super::{BodyError, Conn, MAX_HEAD, Next, next_from_reply, read_body, read_head};

/// A stream that sends `head`, then `pattern` over and over; it ends (EOF) only after `cap`
/// bytes, so that a parser that never stops reading fails the test instead of hanging it.
struct Endless {
    head: Vec<u8>,
    pattern: Vec<u8>,
    sent: usize,
    cap: usize,
}

impl Endless {
    fn new(head: &str, pattern: &str) -> Conn<Self> {
        Conn::new(Self {
            head: head.as_bytes().to_vec(),
            pattern: pattern.as_bytes().to_vec(),
            sent: 0,
            cap: 64 << 20,
        })
    }
}

impl Endless {
    /// Fails unless the parser stopped reading before `limit` bytes.
    fn assert_read_under(&self, limit: usize) {
        assert!(self.sent < limit, "read {} bytes", self.sent);
    }
}

/// The next-invocation reply `conn` carries, with a 1000-byte event limit.
fn next_with_limit_1000(conn: &mut Conn<Endless>) -> Next {
    let reply = read_head(conn).unwrap().unwrap();
    next_from_reply(conn, reply, 1000).unwrap()
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.sent >= self.cap {
            return Ok(0);
        }
        let mut n = 0;
        while n < buf.len() {
            let at = self.sent + n;
            buf[n] = match at.checked_sub(self.head.len()) {
                None => self.head[at],
                Some(i) => self.pattern[i % self.pattern.len()],
            };
            n += 1;
        }
        self.sent += n;
        Ok(n)
    }
}

fn conn(bytes: &[u8]) -> Conn<&[u8]> {
    Conn::new(bytes)
}

fn next(bytes: &[u8], limit: usize) -> Result<Next, super::ApiError> {
    let mut conn = conn(bytes);
    let reply = read_head(&mut conn)?.expect("a head");
    next_from_reply(&mut conn, reply, limit)
}

fn chunked_head() -> &'static str {
    "HTTP/1.1 200 OK\r\nX-Cff-Request-Id: r1\r\nTransfer-Encoding: chunked\r\n\r\n"
}

#[test]
fn event_with_content_length() {
    let reply = b"HTTP/1.1 200 OK\r\nX-Cff-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}";
    let Ok(Next::Event(invocation)) = next(reply, 100) else {
        panic!("an event")
    };
    assert_eq!(invocation.request_id, "r1");
    assert_eq!(*invocation.body, b"{}");
}

#[test]
fn chunked_event_with_extensions_and_trailers() {
    let reply = format!("{}2;x=y\r\n{{}}\r\n0\r\nTrailer: z\r\n\r\n", chunked_head());
    let Ok(Next::Event(invocation)) = next(reply.as_bytes(), 100) else {
        panic!("an event")
    };
    assert_eq!(*invocation.body, b"{}");
}

#[test]
fn endless_chunked_body_stops_at_the_limit() {
    let mut conn = Endless::new(chunked_head(), "1\r\nx\r\n");
    let next = next_with_limit_1000(&mut conn);
    let Next::Unreadable { error_type, .. } = next else {
        panic!("{next:?}")
    };
    assert_eq!(error_type, super::EVENT_TOO_LARGE);
    conn.reader.get_ref().assert_read_under(64 * 1024);
}

#[test]
fn huge_chunk_size_is_refused_before_reading_it() {
    let reply = format!("{}ffffffffffffffff\r\n", chunked_head());
    let Ok(Next::Unreadable { error_type, .. }) = next(reply.as_bytes(), 1000) else {
        panic!("refused")
    };
    assert_eq!(error_type, super::EVENT_TOO_LARGE);
}

#[test]
fn endless_chunk_size_line_is_refused() {
    let mut conn = Endless::new(chunked_head(), "0");
    let next = next_with_limit_1000(&mut conn);
    assert!(matches!(next, Next::Unreadable { .. }), "{next:?}");
    conn.reader.get_ref().assert_read_under(2 * MAX_HEAD);
}

#[test]
fn endless_trailers_are_refused() {
    let mut conn = Endless::new(&format!("{}0\r\n", chunked_head()), "T: x\r\n");
    let next = next_with_limit_1000(&mut conn);
    assert!(matches!(next, Next::Unreadable { .. }), "{next:?}");
    conn.reader.get_ref().assert_read_under(2 * MAX_HEAD);
}

#[test]
fn endless_interim_replies_are_refused() {
    let mut conn = Endless::new("", "HTTP/1.1 100 Continue\r\n\r\n");
    assert!(read_head(&mut conn).is_err());
    conn.reader.get_ref().assert_read_under(2 * MAX_HEAD);
}

#[test]
fn endless_head_is_refused() {
    let mut conn = Endless::new("HTTP/1.1 200 OK\r\n", "X: y\r\n");
    assert!(read_head(&mut conn).is_err());
    conn.reader.get_ref().assert_read_under(2 * MAX_HEAD);
}

#[test]
fn body_until_close_stops_at_the_limit() {
    let mut conn = Endless::new("HTTP/1.1 200 OK\r\nX-Cff-Request-Id: r\r\n\r\n", "x");
    let next = next_with_limit_1000(&mut conn);
    assert!(matches!(next, Next::Unreadable { .. }), "{next:?}");
    conn.reader.get_ref().assert_read_under(64 * 1024);
}

#[test]
fn many_tiny_chunks_are_read_in_linear_time() {
    // 1 MiB of one-byte chunks: 6 MiB on the wire.
    let mut conn = Endless::new(chunked_head(), "1\r\nx\r\n");
    let stream = conn.reader.get_mut();
    stream.cap = stream.head.len() + 6 * (1 << 20);
    let reply = read_head(&mut conn).unwrap().unwrap();
    assert_eq!(reply.status, 200);
    assert!(matches!(reply.framing, Ok(Framing::Chunked)));
    let started = Instant::now();
    let result = read_body(&mut conn, reply.framing, 2 << 20, Vec::new());
    assert!(
        matches!(result, Err(BodyError(fg_http1::Error::Closed { .. }))),
        "ends at EOF"
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn bad_content_length_is_a_protocol_error() {
    let reply = b"HTTP/1.1 200 OK\r\nX-Cff-Request-Id: r\r\nContent-Length: -1\r\n\r\n";
    let Ok(Next::Unreadable { error_type, .. }) = next(reply, 100) else {
        panic!("unreadable")
    };
    assert_eq!(error_type, super::EVENT_UNREADABLE);
}

#[test]
fn the_runtime_api_connection_sends_keepalive_probes() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = super::Client::new(listener.local_addr().unwrap().to_string(), 1024);
    let conn = client.connect().expect("connects");
    let socket = socket2::SockRef::from(conn.reader.get_ref());
    assert!(socket.keepalive().unwrap());
    assert_eq!(socket.tcp_keepalive_time().unwrap(), super::KEEPALIVE_IDLE);
    assert_eq!(
        socket.tcp_keepalive_interval().unwrap(),
        super::KEEPALIVE_INTERVAL
    );
    assert_eq!(socket.tcp_keepalive_retries().unwrap(), 3);
}
