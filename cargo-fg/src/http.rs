//! Just enough HTTP/1.1 for `serve`'s `/invoke` front end and `invoke --remote`: one request
//! per connection, bodies framed by `Content-Length`, heads parsed with `httparse`.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

const MAX_HEAD: usize = 64 * 1024;
/// Events are at most 6 MB on the platform (docs/PLATFORM.md §2.6); allow some more to let the
/// function's own size limit answer.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A request or a response: its first line's parts, headers and body.
#[derive(Debug)]
pub(crate) struct Message {
    /// The method of a request; empty in a response.
    pub(crate) method: String,
    /// The path of a request; empty in a response.
    pub(crate) path: String,
    /// The status of a response; 0 in a request.
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Message {
    /// The first header named `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one request; `None` when the peer closed the connection before sending one.
pub(crate) fn read_request(stream: &mut impl Read) -> io::Result<Option<Message>> {
    read_message(stream, true)
}

/// Writes a response and leaves the connection to be closed.
pub(crate) fn write_response(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// `POST`s `body` to `url` (`http://host:port/path`) and reads the response.
pub(crate) fn post(
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<Message> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| anyhow!("`{url}` is not an http:// URL"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(authority).with_context(|| {
        format!("cannot connect to {authority}: is `cargo fg serve` running there?")
    })?;
    stream.set_read_timeout(Some(timeout))?;
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    read_message(&mut stream, false)
        .with_context(|| format!("no valid answer from {url}"))?
        .ok_or_else(|| anyhow!("{url} closed the connection without answering"))
}

fn read_message(stream: &mut impl Read, request: bool) -> io::Result<Option<Message>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            if buf.is_empty() {
                return Ok(None);
            }
            return Err(invalid("connection closed inside the message head"));
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let parsed = if request {
            let mut req = httparse::Request::new(&mut headers);
            match req.parse(&buf) {
                Ok(httparse::Status::Complete(len)) => Ok(Some((
                    len,
                    req.method.unwrap_or_default().to_owned(),
                    req.path.unwrap_or_default().to_owned(),
                    0,
                    owned(req.headers),
                ))),
                Ok(httparse::Status::Partial) => Ok(None),
                Err(e) => Err(e),
            }
        } else {
            let mut res = httparse::Response::new(&mut headers);
            match res.parse(&buf) {
                Ok(httparse::Status::Complete(len)) => Ok(Some((
                    len,
                    String::new(),
                    String::new(),
                    res.code.unwrap_or_default(),
                    owned(res.headers),
                ))),
                Ok(httparse::Status::Partial) => Ok(None),
                Err(e) => Err(e),
            }
        };
        match parsed.map_err(|e| invalid(&format!("malformed HTTP: {e}")))? {
            None if buf.len() < MAX_HEAD => {}
            None => return Err(invalid("HTTP head too large")),
            Some((len, method, path, status, headers)) => {
                let mut message = Message {
                    method,
                    path,
                    status,
                    headers,
                    body: buf.split_off(len),
                };
                if message.header("transfer-encoding").is_some() {
                    return Err(invalid(
                        "chunked bodies are not supported: send Content-Length",
                    ));
                }
                let length = match message.header("content-length") {
                    Some(value) => value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| invalid("bad Content-Length"))?,
                    // A response without a length runs to the end of the connection.
                    None if !request => usize::MAX,
                    None => 0,
                };
                if length != usize::MAX && length > MAX_BODY {
                    return Err(invalid("body too large"));
                }
                while message.body.len() < length {
                    let n = stream.read(&mut chunk)?;
                    if n == 0 {
                        if length == usize::MAX {
                            break;
                        }
                        return Err(invalid("connection closed inside the body"));
                    }
                    message.body.extend_from_slice(&chunk[..n]);
                }
                message.body.truncate(length);
                return Ok(Some(message));
            }
        }
    }
}

fn owned(headers: &[httparse::Header<'_>]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect()
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Rejects a URL `post` cannot use, before any work is done.
pub(crate) fn check_url(url: &str) -> Result<()> {
    if !url.starts_with("http://") {
        bail!("--remote takes an http:// URL, not `{url}`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_request_with_a_body() {
        let raw = b"POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-CFF-Invoke-Type: async\r\n\r\nhello";
        let request = read_request(&mut &raw[..]).unwrap().unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/invoke");
        assert_eq!(request.header("x-cff-invoke-type"), Some("async"));
        assert_eq!(request.body, b"hello");
    }

    #[test]
    fn a_closed_connection_is_no_request() {
        assert!(read_request(&mut &b""[..]).unwrap().is_none());
    }

    #[test]
    fn writes_a_framed_response() {
        let mut out = Vec::new();
        write_response(&mut out, 200, &[("X-A", "b".into())], b"{}").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 200 OK\r\nX-A: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        );
    }
}
