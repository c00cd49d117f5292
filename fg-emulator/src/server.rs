//! The emulator's HTTP side: one thread per connection, requests read with `fg_http1` (every
//! part bounded in bytes, each request in time), routed to the three runtime-API endpoints.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::Duration;

use fg_http1::{Limits, Reader};
use percent_encoding::percent_decode_str;

use crate::state::Shared;
use crate::{Answer, AnswerKind, Event, Fault};

/// The path of the `GET` for the next event (docs/PLATFORM.md §2.2). Written out here rather than
/// taken from fg-runtime: the emulator is the platform's side, an independent check of the
/// client's.
const NEXT_INVOCATION: &str = "/v1/runtime/invocation/request";
/// Reads wake up this often, so that an idle connection's thread sees the emulator shut down;
/// a request that stalls this long mid-way is answered 408.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request must arrive in full within this from its first byte.
const MAX_REQUEST_TIME: Duration = Duration::from_secs(30);
/// Answers are at most `RUNTIME_MAX_RESP_BODY_SIZE` (6 MB) from a function that keeps to it;
/// allow more, so that one that does not is seen.
const MAX_BODY: usize = 64 * 1024 * 1024;
const LIMITS: Limits = Limits {
    max_head: 64 * 1024,
    max_headers: 64,
    max_chunk_line: 4 * 1024,
    max_trailers: 16 * 1024,
    max_time: Some(MAX_REQUEST_TIME),
};
/// How often a held `GET` checks whether its function went away, so that no event is handed
/// to a dead connection.
const IDLE_CHECK: Duration = Duration::from_millis(20);

pub(crate) fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        shared.lock().connections += 1;
        let shared = Arc::clone(shared);
        let _ = thread::Builder::new()
            .name("fg-emulator-conn".into())
            .spawn(move || {
                let _ = serve(stream, &shared);
            });
    }
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
    close: bool,
}

fn serve(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let _ = stream.set_nodelay(true);
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut reader = Reader::new(stream, LIMITS);
    serve_requests(&mut reader, shared, MAX_BODY)?;
    let _ = reader.get_ref().shutdown(Shutdown::Both);
    Ok(())
}

fn serve_requests(
    reader: &mut Reader<TcpStream>,
    shared: &Shared,
    max_body: usize,
) -> io::Result<()> {
    loop {
        let request = match read_request(reader, max_body) {
            Ok(Some(request)) => request,
            Ok(None) => return Ok(()),
            Err(fg_http1::Error::Idle) if !shared.shutdown.load(Ordering::SeqCst) => continue,
            Err(e) => {
                // Bad input is answered (400, 408, 413, 431) and the connection closed.
                if let Some(status) = e.status() {
                    let body = serde_json::json!({ "error": e.to_string() }).to_string();
                    let _ = respond(reader.get_mut(), status, &[], body.as_bytes());
                }
                return Ok(());
            }
        };
        let stream = reader.get_mut();
        let keep_open = match (request.method.as_str(), request.path.as_str()) {
            ("GET", NEXT_INVOCATION) => next_invocation(stream, shared)?,
            ("POST", path) => {
                post_answer(stream, shared, path, request.body)?;
                true
            }
            _ => {
                respond(stream, 404, &[], b"{\"error\":\"unknown endpoint\"}")?;
                true
            }
        };
        if !keep_open || request.close || shared.shutdown.load(Ordering::SeqCst) {
            return Ok(());
        }
    }
}

/// The next request with its body; `None` when the function closed the connection.
fn read_request(
    reader: &mut Reader<impl Read>,
    max_body: usize,
) -> Result<Option<Request>, fg_http1::Error> {
    let Some(head) = reader.read_request_head()? else {
        return Ok(None);
    };
    let body = reader.read_body(head.framing()?, max_body, Vec::new())?;
    Ok(Some(Request {
        close: !head.keep_alive(),
        method: head.method,
        path: head.target,
        body,
    }))
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut message = head(status, headers, body.len()).into_bytes();
    message.extend_from_slice(body);
    stream.write_all(&message)
}

fn head(status: u16, headers: &[(String, String)], content_length: usize) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n",
        fg_http1::reason_phrase(status)
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {content_length}\r\n\r\n"));
    head
}

/// Whether the peer has closed its side (a function process that exited while polling).
fn peer_gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut probe = [0u8; 1];
    let gone = match stream.peek(&mut probe) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    gone || stream.set_nonblocking(false).is_err()
}

/// Serves `GET /v1/runtime/invocation/request`; returns whether the connection stays open.
fn next_invocation(stream: &mut TcpStream, shared: &Shared) -> io::Result<bool> {
    let (fault, generation) = {
        let mut state = shared.lock();
        state.polls += 1;
        (state.faults.pop_front(), state.idle_generation)
    };
    shared.changed.notify_all();
    match fault {
        Some(Fault::Status(status)) => {
            respond(stream, status, &[], b"{\"error\":\"emulated failure\"}")?;
            return Ok(true);
        }
        Some(Fault::MissingRequestId) => {
            respond(stream, 200, &[], b"{}")?;
            return Ok(true);
        }
        Some(Fault::CloseConnection) => return Ok(false),
        Some(Fault::Delay(delay)) => thread::sleep(delay),
        Some(Fault::ResetMidBody | Fault::EndlessBody) | None => {}
    }
    let Some((id, event)) = wait_for_event(stream, shared, generation) else {
        return Ok(false);
    };
    let mut headers = event.headers.clone();
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("x-cff-request-id"))
    {
        headers.insert(0, ("X-Cff-Request-Id".to_owned(), id.clone()));
    }
    if fault == Some(Fault::EndlessBody) {
        shared.lock().hand_out(id);
        shared.changed.notify_all();
        endless_body(stream, &headers, &event.body, shared);
        return Ok(false);
    }
    if fault == Some(Fault::ResetMidBody) {
        shared.lock().hand_out(id);
        let mut head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            event.body.len()
        );
        for (name, value) in &headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(&event.body[..event.body.len() / 2])?;
        return Ok(false);
    }
    // Recorded as handed out before the first byte goes out: a function that cannot read the
    // body (too large) answers on another connection, maybe before this thread runs again.
    shared.lock().hand_out(id.clone());
    shared.changed.notify_all();
    if let Err(e) = stream.write_all(head(200, &headers, event.body.len()).as_bytes()) {
        // Nobody received the request id: take it back, to the front of the queue.
        let mut state = shared.lock();
        state.take_back(&id);
        state.queue.push_front((id, event));
        drop(state);
        shared.changed.notify_all();
        return Err(e);
    }
    // Once the request id is out, the function must answer it, even if the body breaks off.
    stream.write_all(&event.body)?;
    Ok(true)
}

/// Sends `body` as the first chunk of a chunked body, then blank chunks (JSON whitespace) until
/// the function stops reading: it closes the connection, or leaves it full for a second.
fn endless_body(
    stream: &mut TcpStream,
    headers: &[(String, String)],
    body: &[u8],
    shared: &Shared,
) {
    const MAX: usize = 1 << 30;
    let mut head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            .to_owned();
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("\r\n{:x}\r\n", body.len()));
    let mut filler = format!("{:x}\r\n", 8192).into_bytes();
    filler.resize(filler.len() + 8192, b' ');
    filler.extend_from_slice(b"\r\n");
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let result = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.write_all(b"\r\n"));
    if result.is_err() {
        return;
    }
    let mut sent = 0;
    while sent < MAX && !shared.shutdown.load(Ordering::SeqCst) {
        if stream.write_all(&filler).is_err() {
            return;
        }
        sent += filler.len();
    }
}

/// Holds the `GET` until an event is queued, as the platform does while idle.
fn wait_for_event(stream: &TcpStream, shared: &Shared, generation: u64) -> Option<(String, Event)> {
    let mut state = shared.lock();
    loop {
        if shared.shutdown.load(Ordering::SeqCst) || state.idle_generation != generation {
            return None;
        }
        if let Some(event) = state.queue.pop_front() {
            if peer_gone(stream) {
                state.queue.push_front(event);
                return None;
            }
            return Some(event);
        }
        state = shared
            .changed
            .wait_timeout(state, IDLE_CHECK)
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0;
        if peer_gone(stream) {
            return None;
        }
    }
}

fn post_answer(
    stream: &mut TcpStream,
    shared: &Shared,
    path: &str,
    body: Vec<u8>,
) -> io::Result<()> {
    let parsed = path
        .strip_prefix("/v1/runtime/invocation/response/")
        .map(|id| (AnswerKind::Response, id))
        .or_else(|| {
            path.strip_prefix("/v1/runtime/invocation/error/")
                .map(|id| (AnswerKind::Error, id))
        });
    let Some((kind, raw_id)) = parsed.filter(|(_, id)| !id.is_empty() && !id.contains('/')) else {
        return respond(stream, 404, &[], b"{\"error\":\"unknown endpoint\"}");
    };
    let request_id = percent_decode_str(raw_id).decode_utf8_lossy().into_owned();
    let mut state = shared.lock();
    let in_flight = state.in_flight.iter().position(|(id, _)| *id == request_id);
    let late = in_flight.is_none() && state.timed_out.iter().any(|t| t.request_id == request_id);
    let refused = if late {
        Some(410)
    } else {
        state.post_faults.pop_front()
    };
    if let (Some(at), None) = (in_flight, refused) {
        state.in_flight.remove(at);
    }
    state.answers.push(Answer {
        request_id,
        kind,
        body,
        accepted: refused.is_none(),
        late,
    });
    drop(state);
    shared.changed.notify_all();
    match refused {
        Some(_) if late => respond(
            stream,
            410,
            &[],
            b"{\"error\":\"the invocation timed out\"}",
        ),
        Some(status) => respond(stream, status, &[], b"{\"error\":\"emulated failure\"}"),
        None => respond(stream, 200, &[], b"{}"),
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;

    /// Sends `request` a byte every `pace`, then waits `then`; returns what came back.
    fn client(addr: SocketAddr, request: &'static [u8], pace: Duration, then: Duration) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        for byte in request {
            if stream.write_all(&[*byte]).is_err() {
                break;
            }
            thread::sleep(pace);
        }
        thread::sleep(then);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Serves one connection with a 100 ms read timeout and 300 ms per request.
    fn answer_to(request: &'static [u8], pace: Duration, then: Duration) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let peer = thread::spawn(move || client(addr, request, pace, then));
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let limits = Limits {
            max_time: Some(Duration::from_millis(300)),
            ..LIMITS
        };
        let mut reader = Reader::new(stream, limits);
        serve_requests(&mut reader, &Shared::default(), MAX_BODY).unwrap();
        drop(reader);
        peer.join().unwrap()
    }

    const ANSWER: &[u8] =
        b"POST /v1/runtime/invocation/response/a HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";

    #[test]
    fn a_sender_of_a_byte_at_a_time_is_answered_408() {
        let answer = answer_to(ANSWER, Duration::from_millis(20), Duration::ZERO);
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    }

    #[test]
    fn a_sender_that_stalls_mid_request_is_answered_408() {
        let answer = answer_to(&ANSWER[..20], Duration::ZERO, Duration::from_secs(1));
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    }
}
