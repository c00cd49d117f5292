//! The reader on every split of its input, and on peers that never stop or barely start.

use std::io::{self, Read};
use std::time::Duration;

use crate::{Error, Framing, Limits, Pieces, Reader, RequestHead};

/// A peer that sends `prefix`, then `line` over and over, forever.
struct Endless {
    prefix: Vec<u8>,
    line: &'static [u8],
    at: usize,
    sent: usize,
}

impl Endless {
    fn new(prefix: &[u8], line: &'static [u8]) -> Self {
        Self {
            prefix: prefix.to_vec(),
            line,
            at: 0,
            sent: 0,
        }
    }
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let byte = if self.at < self.prefix.len() {
                self.prefix[self.at]
            } else {
                self.line[(self.at - self.prefix.len()) % self.line.len()]
            };
            buf[n] = byte;
            n += 1;
            self.at += 1;
        }
        self.sent += n;
        assert!(
            self.sent < 16 << 20,
            "the reader kept reading an endless peer"
        );
        Ok(n)
    }
}

/// A peer that sends one byte per read after `delay`, as a slow sender does.
struct Slow<'a> {
    data: &'a [u8],
    delay: Duration,
}

impl Read for Slow<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        std::thread::sleep(self.delay);
        let n = 1.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Reads every request of `raw` (read in pieces of `piece` bytes) with its body.
fn requests(raw: &[u8], piece: usize, limit: usize) -> Vec<Result<(RequestHead, Vec<u8>), String>> {
    let mut reader = Reader::new(Pieces::new(raw, piece), Limits::default());
    let mut out = Vec::new();
    loop {
        let head = match reader.read_request_head() {
            Ok(Some(head)) => head,
            Ok(None) => return out,
            Err(e) => {
                out.push(Err(e.to_string()));
                return out;
            }
        };
        match head
            .framing()
            .and_then(|framing| reader.read_body(framing, limit, Vec::new()))
        {
            Ok(body) => out.push(Ok((head, body))),
            Err(e) => {
                out.push(Err(e.to_string()));
                return out;
            }
        }
    }
}

const PIPELINED: &[u8] = b"POST /invoke HTTP/1.1\r\nX-Cff-Request-Id: a\r\nContent-Length: 2\r\n\r\n{}\
POST /invoke?x=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\n[1\r\n1\r\n]\r\n0\r\nTrailer: t\r\n\r\n\
GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

#[test]
fn pipelined_requests_read_the_same_in_pieces_of_every_size() {
    for piece in 1..=PIPELINED.len() {
        let read = requests(PIPELINED, piece, 100);
        let [Ok((first, b1)), Ok((second, b2)), Ok((third, b3))] = read.as_slice() else {
            panic!("pieces of {piece}: {read:?}");
        };
        assert_eq!(first.headers.get("x-cff-request-id"), Some("a"));
        assert_eq!(
            (b1.as_slice(), b2.as_slice(), b3.as_slice()),
            (&b"{}"[..], &b"[1]"[..], &b""[..])
        );
        assert_eq!(second.target, "/invoke?x=1");
        assert!(first.keep_alive() && second.keep_alive() && third.keep_alive());
        assert_eq!((third.method.as_str(), third.version), ("GET", 0));
    }
}

#[test]
fn responses_skip_interim_heads_and_keep_leftovers() {
    let raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}\
HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n\
HTTP/1.0 200 OK\r\n\r\nuntil close";
    for piece in 1..=raw.len() {
        let mut reader = Reader::new(Pieces::new(raw, piece), Limits::default());
        let mut got = Vec::new();
        while let Some(head) = reader.read_response_head().unwrap() {
            let body = reader
                .read_body(head.framing().unwrap(), 100, Vec::new())
                .unwrap();
            got.push((head.status, head.keep_alive(), body));
        }
        assert_eq!(
            got,
            [
                (200, true, b"{}".to_vec()),
                (503, true, b"x".to_vec()),
                (200, false, b"until close".to_vec()),
            ],
            "pieces of {piece}"
        );
    }
}

#[test]
fn framing_follows_rfc_9112() {
    let head = |raw: &[u8]| {
        Reader::new(raw, Limits::default())
            .read_request_head()
            .unwrap()
            .unwrap()
    };
    let framing = |raw: &[u8]| head(raw).framing().map_err(|e| e.to_string());
    assert_eq!(framing(b"POST / HTTP/1.1\r\n\r\n"), Ok(Framing::Length(0)));
    assert_eq!(
        framing(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"),
        Ok(Framing::Length(5))
    );
    for bad in [
        &b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"[..],
        b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
    ] {
        let framing = framing(bad);
        assert!(
            framing.is_err(),
            "{:?}: {framing:?}",
            String::from_utf8_lossy(bad)
        );
    }
    assert!(!head(b"GET / HTTP/1.1\r\nConnection: Keep-Alive, close\r\n\r\n").keep_alive());
    assert!(!head(b"GET / HTTP/1.0\r\n\r\n").keep_alive());
    assert!(head(b"GET / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n").expects_continue());
    let response = |raw: &[u8]| {
        Reader::new(raw, Limits::default())
            .read_response_head()
            .unwrap()
            .unwrap()
            .framing()
            .unwrap()
    };
    assert_eq!(
        response(b"HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n"),
        Framing::Length(0)
    );
    assert_eq!(
        response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"),
        Framing::UntilClose
    );
    assert_eq!(
        response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 1\r\n\r\n"
        ),
        Framing::Chunked
    );
}

fn request_error(peer: impl Read, limits: Limits, max_body: usize) -> Error {
    let mut reader = Reader::new(peer, limits);
    let head = match reader.read_request_head() {
        Ok(head) => head.expect("a head"),
        Err(e) => return e,
    };
    let framing = head.framing().expect("framing");
    reader
        .read_body(framing, max_body, Vec::new())
        .expect_err("the body must be refused")
}

#[test]
fn endless_heads_and_headers_are_refused() {
    let error = request_error(
        Endless::new(b"GET / HTTP/1.1\r\n", b"X-A: b\r\n"),
        Limits::default(),
        100,
    );
    assert!(
        matches!(error, Error::TooManyHeaders { limit: 64 }),
        "{error}"
    );
    assert_eq!(error.status(), Some(431));
    let error = request_error(
        Endless::new(b"GET / HTTP/1.1\r\nX-A: ", b"b"),
        Limits::default(),
        100,
    );
    assert!(
        matches!(error, Error::HeadTooLarge { limit: 65536 }),
        "{error}"
    );
    let mut reader = Reader::new(
        Endless::new(b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
        Limits::default(),
    );
    let error = reader.read_response_head().unwrap_err();
    assert!(matches!(error, Error::HeadTooLarge { .. }), "{error}");
}

#[test]
fn endless_trailers_and_chunk_size_lines_are_refused() {
    let chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    let with_trailers = [&chunked[..], b"1\r\nx\r\n0\r\n"].concat();
    let error = request_error(
        Endless::new(&with_trailers, b"a:b\r\n"),
        Limits::default(),
        100,
    );
    assert!(
        matches!(error, Error::TrailersTooLarge { limit: 16384 }),
        "{error}"
    );
    assert_eq!(error.status(), Some(431));
    // httparse itself stops at a size of more than 16 hex digits.
    let error = request_error(Endless::new(chunked, b"0"), Limits::default(), 100);
    assert!(matches!(error, Error::Malformed(_)), "{error}");
    assert_eq!(error.status(), Some(400));
    let error = request_error(
        Endless::new(&[&chunked[..], b"1;"].concat(), b"ext"),
        Limits::default(),
        100,
    );
    assert!(matches!(error, Error::ChunkLineTooLong { .. }), "{error}");
    assert_eq!(error.status(), Some(400));
}

#[test]
fn oversized_bodies_are_refused_whatever_their_framing() {
    let error = request_error(
        Endless::new(b"POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n", b"x"),
        Limits::default(),
        100,
    );
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                size: 1000,
                limit: 100
            }
        ),
        "{error}"
    );
    assert_eq!(error.status(), Some(413));
    let error = request_error(
        Endless::new(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"10\r\n0123456789abcdef\r\n",
        ),
        Limits::default(),
        100,
    );
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                size: 112,
                limit: 100
            }
        ),
        "{error}"
    );
    let mut reader = Reader::new(
        Endless::new(b"HTTP/1.1 200 OK\r\n\r\n", b"x"),
        Limits::default(),
    );
    let head = reader.read_response_head().unwrap().unwrap();
    let error = reader
        .read_body(head.framing().unwrap(), 100_000, Vec::new())
        .unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 100_000, .. }),
        "{error}"
    );
}

#[test]
fn slow_senders_run_out_of_time() {
    let limits = Limits {
        max_time: Some(Duration::from_millis(50)),
        ..Limits::default()
    };
    let raw = b"POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx";
    let slow = Slow {
        data: raw,
        delay: Duration::from_millis(5),
    };
    let error = request_error(slow, limits, 100);
    assert!(matches!(error, Error::TimedOut), "{error}");
    assert_eq!(error.status(), Some(408));
    // The body counts too: a head on time and a body that dribbles in.
    let head = b"POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n";
    let mut reader = Reader::new(
        head.chain(Slow {
            data: &[b'x'; 1000],
            delay: Duration::from_millis(5),
        }),
        limits,
    );
    let framing = reader
        .read_request_head()
        .unwrap()
        .unwrap()
        .framing()
        .unwrap();
    let error = reader.read_body(framing, 1000, Vec::new()).unwrap_err();
    assert!(matches!(error, Error::TimedOut), "{error}");
}

/// A socket whose read timeout passes once, then delivers `data`.
struct TimesOutFirst<'a> {
    timed_out: bool,
    data: &'a [u8],
}

impl Read for TimesOutFirst<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.timed_out {
            self.timed_out = true;
            return Err(io::ErrorKind::WouldBlock.into());
        }
        self.data.read(buf)
    }
}

#[test]
fn a_timeout_before_the_first_byte_is_idleness_and_after_it_a_timeout() {
    let raw = b"GET / HTTP/1.1\r\n\r\n";
    let mut reader = Reader::new(
        TimesOutFirst {
            timed_out: false,
            data: raw,
        },
        Limits::default(),
    );
    assert!(matches!(reader.read_request_head(), Err(Error::Idle)));
    assert_eq!(reader.read_request_head().unwrap().unwrap().target, "/");
    let mut reader = Reader::new(
        (&raw[..5]).chain(TimesOutFirst {
            timed_out: false,
            data: &raw[5..],
        }),
        Limits::default(),
    );
    assert!(matches!(reader.read_request_head(), Err(Error::TimedOut)));
}

#[test]
fn peers_that_close_mid_message_are_told_apart_from_a_clean_close() {
    for (raw, inside) in [
        (&b"GET / HT"[..], "head"),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", "body"),
        (
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5",
            "chunk-size line",
        ),
        (
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: b",
            "trailers",
        ),
    ] {
        let error = request_error(raw, Limits::default(), 100);
        assert!(
            matches!(error, Error::Closed { inside: i } if i == inside),
            "{error}"
        );
    }
    let mut reader = Reader::new(&b""[..], Limits::default());
    assert!(reader.read_request_head().unwrap().is_none());
}

#[test]
fn a_spare_buffer_is_reused() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    let mut reader = Reader::new(Pieces::new(raw, 40), Limits::default());
    let head = reader.read_response_head().unwrap().unwrap();
    let spare = Vec::with_capacity(1 << 20);
    let body = reader
        .read_body(head.framing().unwrap(), 100, spare)
        .unwrap();
    assert_eq!(body, b"abc");
    assert_eq!(body.capacity(), 1 << 20);
}
