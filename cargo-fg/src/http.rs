//! Just enough HTTP/1.1 for `serve`'s `/invoke` front end and `invoke --remote`: one request
//! per connection, read with `fg_http1` (bodies by `Content-Length` or chunked, every part
//! bounded), answers written with `Content-Length`.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use fg_http1::{Limits, Reader};

/// Events are at most 6 MB on the platform (docs/PLATFORM.md §2.6); allow some more to let the
/// function's own size limit answer.
const MAX_BODY: usize = 64 * 1024 * 1024;
/// A request to `serve` must arrive in full within this from its first byte.
const MAX_REQUEST_TIME: Duration = Duration::from_secs(60);

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
///
/// # Errors
/// [`fg_http1::Error::status`] says what to answer.
pub(crate) fn read_request(stream: &mut impl Read) -> Result<Option<Message>, fg_http1::Error> {
    let limits = Limits {
        max_time: Some(MAX_REQUEST_TIME),
        ..Limits::default()
    };
    let mut reader = Reader::new(stream, limits);
    let Some(head) = reader.read_request_head()? else {
        return Ok(None);
    };
    let body = reader.read_body(head.framing()?, MAX_BODY, Vec::new())?;
    Ok(Some(Message {
        method: head.method,
        path: head.target,
        status: 0,
        headers: head.headers.into_vec(),
        body,
    }))
}

/// Reads one response, to the end of its body.
fn read_response(stream: &mut impl Read) -> Result<Option<Message>, fg_http1::Error> {
    let mut reader = Reader::new(stream, Limits::default());
    let Some(head) = reader.read_response_head()? else {
        return Ok(None);
    };
    let body = reader.read_body(head.framing()?, MAX_BODY, Vec::new())?;
    Ok(Some(Message {
        method: String::new(),
        path: String::new(),
        status: head.status,
        headers: head.headers.into_vec(),
        body,
    }))
}

/// Writes a response and leaves the connection to be closed.
pub(crate) fn write_response(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", fg_http1::reason_phrase(status));
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
    read_response(&mut stream)
        .with_context(|| format!("no valid answer from {url}"))?
        .ok_or_else(|| anyhow!("{url} closed the connection without answering"))
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
    fn reads_a_chunked_request() {
        let raw =
            b"POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        let request = read_request(&mut &raw[..]).unwrap().unwrap();
        assert_eq!(request.body, b"hello");
    }

    #[test]
    fn bad_requests_have_a_status_to_answer() {
        let endless_headers = b"POST /invoke HTTP/1.1\r\n"
            .iter()
            .copied()
            .chain(b"X: y\r\n".iter().copied().cycle())
            .take(1 << 20)
            .collect::<Vec<u8>>();
        let error = read_request(&mut &endless_headers[..]).unwrap_err();
        assert_eq!(error.status(), Some(431), "{error}");
        let too_large = b"POST /invoke HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n";
        let error = read_request(&mut &too_large[..]).unwrap_err();
        assert_eq!(error.status(), Some(413), "{error}");
        let endless_trailers = [
            &b"POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"[..],
            &b"T: x\r\n".repeat(100_000),
        ]
        .concat();
        let error = read_request(&mut &endless_trailers[..]).unwrap_err();
        assert_eq!(error.status(), Some(431), "{error}");
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
