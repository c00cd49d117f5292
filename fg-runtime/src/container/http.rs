//! The HTTP/1.1 the container contract needs, on one connection: requests read with
//! `httparse` (bodies by `Content-Length` or chunked, `Expect: 100-continue` honoured),
//! responses written with `Content-Length`, keep-alive unless either side says `close`.

use std::io::{self, Read, Write};

use crate::invocation::Headers;

const MAX_HEAD: usize = 64 * 1024;
const MAX_HEADERS: usize = 100;

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
    /// The client closed the connection between requests: the normal end of a connection.
    Closed,
    Io(io::Error),
    /// Not HTTP, or not framed in a way this server reads: answered with 400.
    Malformed(String),
    /// The body is larger than the limit: answered with 413, unread.
    TooLarge {
        size: usize,
        limit: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed => f.write_str("connection closed"),
            Self::Io(e) => write!(f, "the request could not be read: {e}"),
            Self::Malformed(m) => write!(f, "the request is malformed: {m}"),
            Self::TooLarge { size, limit } => write!(
                f,
                "the event is {size} bytes, larger than the limit of {limit} bytes (FG_MAX_EVENT_SIZE)"
            ),
        }
    }
}

/// Reads requests off one connection, keeping bytes read past the current one.
pub(crate) struct Reader<S> {
    stream: S,
    buf: Vec<u8>,
}

impl<S: Read> Reader<S> {
    pub(crate) fn new(stream: S) -> Self {
        Self {
            stream,
            buf: Vec::with_capacity(4096),
        }
    }

    fn fill(&mut self) -> io::Result<usize> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk)?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    /// The next request's head.
    pub(crate) fn head(&mut self) -> Result<Request, ReadError> {
        loop {
            if !self.buf.is_empty() {
                let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut request = httparse::Request::new(&mut storage);
                match request.parse(&self.buf) {
                    Ok(httparse::Status::Complete(len)) => {
                        let mut headers = Headers::default();
                        for h in request.headers.iter() {
                            headers.insert(h.name, String::from_utf8_lossy(h.value).into_owned());
                        }
                        let connection = headers
                            .get("connection")
                            .map(str::to_ascii_lowercase)
                            .unwrap_or_default();
                        let close = connection.contains("close")
                            || (request.version == Some(0) && !connection.contains("keep-alive"));
                        let parsed = Request {
                            method: request.method.unwrap_or_default().to_owned(),
                            path: request.path.unwrap_or_default().to_owned(),
                            headers,
                            close,
                        };
                        self.buf.drain(..len);
                        return Ok(parsed);
                    }
                    Ok(httparse::Status::Partial) if self.buf.len() < MAX_HEAD => {}
                    Ok(httparse::Status::Partial) => {
                        return Err(ReadError::Malformed(format!(
                            "request head longer than {MAX_HEAD} bytes"
                        )));
                    }
                    Err(e) => return Err(ReadError::Malformed(e.to_string())),
                }
            }
            let was_empty = self.buf.is_empty();
            match self.fill() {
                Ok(0) if was_empty => return Err(ReadError::Closed),
                Ok(0) => {
                    return Err(ReadError::Malformed(
                        "connection closed inside the request head".into(),
                    ));
                }
                Ok(_) => {}
                Err(e) => return Err(ReadError::Io(e)),
            }
        }
    }

    /// The body of `request`, at most `limit` bytes. `writer` gets the `100 Continue` a client
    /// that sent `Expect: 100-continue` waits for.
    pub(crate) fn body(
        &mut self,
        request: &Request,
        limit: usize,
        writer: &mut impl Write,
    ) -> Result<Vec<u8>, ReadError> {
        let chunked = request
            .headers
            .get("transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        let length = match request.headers.get("content-length") {
            _ if chunked => None,
            Some(len) => Some(
                len.trim()
                    .parse::<usize>()
                    .map_err(|_| ReadError::Malformed(format!("bad Content-Length {len:?}")))?,
            ),
            None => Some(0),
        };
        if let Some(size) = length
            && size > limit
        {
            return Err(ReadError::TooLarge { size, limit });
        }
        if request
            .headers
            .get("expect")
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("100-continue"))
        {
            writer
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(ReadError::Io)?;
        }
        match length {
            Some(len) => self.exact(len),
            None => self.chunked(limit),
        }
    }

    fn exact(&mut self, len: usize) -> Result<Vec<u8>, ReadError> {
        while self.buf.len() < len {
            if self.fill().map_err(ReadError::Io)? == 0 {
                return Err(eof());
            }
        }
        let rest = self.buf.split_off(len);
        Ok(std::mem::replace(&mut self.buf, rest))
    }

    fn chunked(&mut self, limit: usize) -> Result<Vec<u8>, ReadError> {
        let mut body = Vec::new();
        loop {
            let size = loop {
                match httparse::parse_chunk_size(&self.buf) {
                    Ok(httparse::Status::Complete((used, size))) => {
                        self.buf.drain(..used);
                        break usize::try_from(size).unwrap_or(usize::MAX);
                    }
                    Ok(httparse::Status::Partial) if self.buf.len() < MAX_HEAD => {
                        if self.fill().map_err(ReadError::Io)? == 0 {
                            return Err(eof());
                        }
                    }
                    _ => return Err(ReadError::Malformed("invalid chunk size line".into())),
                }
            };
            if size == 0 {
                // Trailers: lines up to an empty one.
                loop {
                    if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                        self.buf.drain(..end + 2);
                        if end == 0 {
                            return Ok(body);
                        }
                    } else if self.buf.len() > MAX_HEAD {
                        return Err(ReadError::Malformed("trailers too long".into()));
                    } else if self.fill().map_err(ReadError::Io)? == 0 {
                        return Err(eof());
                    }
                }
            }
            let total = body.len().saturating_add(size);
            if total > limit {
                return Err(ReadError::TooLarge { size: total, limit });
            }
            while self.buf.len() < size.saturating_add(2) {
                if self.fill().map_err(ReadError::Io)? == 0 {
                    return Err(eof());
                }
            }
            body.extend_from_slice(&self.buf[..size]);
            if &self.buf[size..size + 2] != b"\r\n" {
                return Err(ReadError::Malformed("chunk not followed by CRLF".into()));
            }
            self.buf.drain(..size + 2);
        }
    }
}

fn eof() -> ReadError {
    ReadError::Io(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "connection closed inside the request body",
    ))
}

/// Writes one response with a `Content-Length` body.
pub(crate) fn respond(
    writer: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    close: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };
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
        let mut reader = Reader::new(raw);
        let mut out = Vec::new();
        let mut written = Vec::new();
        loop {
            match reader.head() {
                Ok(request) => match reader.body(&request, limit, &mut written) {
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
                .starts_with("the request is malformed")
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
}
