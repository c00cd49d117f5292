//! Reading one HTTP/1.1 request from a connection, bounded in bytes (the mock answers with
//! `Connection: close`, so there is one request per connection).

use std::net::TcpStream;

use super::Received;

/// Reads one request with fg's own bounded reader (`fg-http1`): the head (at most 64 KiB) and
/// the body (at most 80 MB). `None` for a connection that sent nothing or not HTTP.
pub(super) fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut reader = fg_http1::Reader::new(stream, fg_http1::Limits::default());
    let Ok(Some(head)) = reader.read_request_head() else {
        return Ok(None);
    };
    let Ok(framing) = head.framing() else {
        return Ok(None);
    };
    let Ok(body) = reader.read_body(framing, 80 * 1024 * 1024, Vec::new()) else {
        return Ok(None);
    };
    let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
    Ok(Some(Received {
        method: head.method.clone(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers: head
            .headers
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
        body,
    }))
}
