//! HTTP/1.1 framing on one keep-alive connection, as lean as this machine allows: one reused
//! read buffer, `httparse` for heads, `Content-Length` bodies only (all the suite needs).

use std::io::{self, Read, Write};
use std::net::TcpStream;

const BUF: usize = 64 * 1024;
const MAX_HEADERS: usize = 32;

/// One connection with its read buffer.
#[derive(Debug)]
pub struct Wire {
    stream: TcpStream,
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

/// What the head of a request says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestHead {
    /// Whether the method is `POST` (else `GET`, or anything else).
    pub post: bool,
    /// `Content-Length`, 0 if absent.
    pub content_length: usize,
}

/// What the head of a reply says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// The status code.
    pub status: u16,
    /// `Content-Length`, 0 if absent.
    pub content_length: usize,
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

fn content_length(headers: &[httparse::Header<'_>]) -> io::Result<usize> {
    match headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
    {
        None => Ok(0),
        Some(h) => std::str::from_utf8(h.value)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| invalid("bad Content-Length")),
    }
}

impl Wire {
    /// Wraps a connected stream; sets `TCP_NODELAY`, as the runtime does.
    ///
    /// # Errors
    /// The error of `set_nodelay`.
    pub fn new(stream: TcpStream) -> io::Result<Self> {
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buf: vec![0; BUF],
            start: 0,
            end: 0,
        })
    }

    /// The stream, for timeouts.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Writes all of `bytes` (one `write` call for anything the socket buffer takes at once).
    ///
    /// # Errors
    /// The stream's error.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Reads more bytes into the buffer; `Ok(false)` at end of stream.
    fn fill(&mut self) -> io::Result<bool> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            if self.start == 0 {
                return Err(invalid("head longer than the buffer"));
            }
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let n = self.stream.read(&mut self.buf[self.end..])?;
        self.end += n;
        Ok(n > 0)
    }

    /// Reads a request head; the path goes into `path`. `Ok(None)`: the peer closed the
    /// connection between requests.
    ///
    /// # Errors
    /// The stream's error, or a head that is not HTTP.
    pub fn read_request_head(&mut self, path: &mut String) -> io::Result<Option<RequestHead>> {
        loop {
            if self.start < self.end {
                let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut request = httparse::Request::new(&mut storage);
                match request.parse(&self.buf[self.start..self.end]) {
                    Ok(httparse::Status::Complete(len)) => {
                        path.clear();
                        path.push_str(request.path.unwrap_or(""));
                        let head = RequestHead {
                            post: request.method == Some("POST"),
                            content_length: content_length(request.headers)?,
                        };
                        self.start += len;
                        return Ok(Some(head));
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err(invalid(e.to_string())),
                }
            }
            let was_empty = self.start == self.end;
            if !self.fill()? {
                return if was_empty {
                    Ok(None)
                } else {
                    Err(invalid("closed inside a head"))
                };
            }
        }
    }

    /// Reads a reply head; `request_id` receives `X-Cff-Request-Id` (empty if absent).
    ///
    /// # Errors
    /// The stream's error, end of stream, or a head that is not HTTP.
    pub fn read_response_head(&mut self, request_id: &mut String) -> io::Result<ResponseHead> {
        loop {
            if self.start < self.end {
                let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut storage);
                match response.parse(&self.buf[self.start..self.end]) {
                    Ok(httparse::Status::Complete(len)) => {
                        request_id.clear();
                        if let Some(h) = response
                            .headers
                            .iter()
                            .find(|h| h.name.eq_ignore_ascii_case("x-cff-request-id"))
                        {
                            request_id.push_str(std::str::from_utf8(h.value).unwrap_or(""));
                        }
                        let head = ResponseHead {
                            status: response.code.unwrap_or(0),
                            content_length: content_length(response.headers)?,
                        };
                        self.start += len;
                        return Ok(head);
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err(invalid(e.to_string())),
                }
            }
            if !self.fill()? {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "connection closed",
                ));
            }
        }
    }

    /// Reads a body of `len` bytes into `body[..len]`, growing `body` if it is shorter (it is
    /// never shrunk or cleared, so a reused buffer costs nothing after the first time).
    ///
    /// # Errors
    /// The stream's error, or end of stream inside the body.
    pub fn read_body(&mut self, len: usize, body: &mut Vec<u8>) -> io::Result<()> {
        if body.len() < len {
            body.resize(len, 0);
        }
        let have = (self.end - self.start).min(len);
        body[..have].copy_from_slice(&self.buf[self.start..self.start + have]);
        self.start += have;
        if have < len {
            self.stream.read_exact(&mut body[have..len])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn requests_and_replies_round_trip() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut wire = Wire::new(TcpStream::connect(addr).unwrap()).unwrap();
            wire.write_all(
                b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n",
            )
            .unwrap();
            let mut id = String::new();
            let head = wire.read_response_head(&mut id).unwrap();
            let mut body = Vec::new();
            wire.read_body(head.content_length, &mut body).unwrap();
            (head.status, id, body)
        });
        let (stream, _) = listener.accept().unwrap();
        let mut wire = Wire::new(stream).unwrap();
        let mut path = String::new();
        let head = wire.read_request_head(&mut path).unwrap().unwrap();
        assert!(head.post);
        assert_eq!(path, "/a");
        let mut body = Vec::new();
        wire.read_body(head.content_length, &mut body).unwrap();
        assert_eq!(body, b"abc");
        let head = wire.read_request_head(&mut path).unwrap().unwrap();
        assert!(!head.post);
        assert_eq!((path.as_str(), head.content_length), ("/b", 0));
        wire.write_all(b"HTTP/1.1 200 OK\r\nX-Cff-Request-Id: r1\r\nContent-Length: 2\r\n\r\nhi")
            .unwrap();
        let (status, id, body) = client.join().unwrap();
        assert_eq!((status, id.as_str(), &body[..]), (200, "r1", &b"hi"[..]));
    }
}
