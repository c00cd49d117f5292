//! Bad input to the emulator is answered and bounded: a peer that never stops sending headers,
//! trailers or a chunk-size line, or announces a body too large, gets its status and a closed
//! connection, and the emulator goes on serving.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use fg_emulator::{Emulator, Event};

/// Sends `head`, then `pattern` over and over (up to 256 MiB, far beyond every limit) from a
/// thread of its own, and returns what the emulator answered before it closed the connection.
fn answer_to_endless(emulator: &Emulator, head: &[u8], pattern: &[u8]) -> String {
    let stream = TcpStream::connect(emulator.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let head = head.to_vec();
    // Whole patterns only, so that the stream is `pattern` repeated exactly.
    let batch = pattern.repeat((64 * 1024usize).div_ceil(pattern.len()));
    let sender = thread::spawn(move || {
        let mut sent = 0usize;
        if writer.write_all(&head).is_err() {
            return sent;
        }
        while sent < 256 << 20 && writer.write_all(&batch).is_ok() {
            sent += batch.len();
        }
        sent
    });
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut reader = stream;
    let mut chunk = [0u8; 4096];
    // The answer, then EOF or a reset (the emulator closes with our bytes unread).
    while let Ok(n) = reader.read(&mut chunk) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    let _ = reader.shutdown(std::net::Shutdown::Both);
    let sent = sender.join().unwrap();
    assert!(sent < 256 << 20, "the emulator read all {sent} bytes");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "not answered in time"
    );
    String::from_utf8_lossy(&answer).into_owned()
}

fn assert_still_serving(emulator: &Emulator) {
    let mut stream = TcpStream::connect(emulator.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let id = emulator.push(Event::new("{}"));
    stream
        .write_all(b"GET /v1/runtime/invocation/request HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = [0u8; 4096];
    let n = stream.read(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    assert!(answer.contains(&id), "{answer}");
}

#[test]
fn endless_headers_are_answered_431() {
    let emulator = Emulator::start().unwrap();
    let answer = answer_to_endless(&emulator, b"POST /x HTTP/1.1\r\n", b"X-Header: value\r\n");
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    let answer = answer_to_endless(&emulator, b"POST /x HTTP/1.1\r\nX-Long: ", b"v");
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    assert_still_serving(&emulator);
}

#[test]
fn endless_trailers_are_answered_431() {
    let emulator = Emulator::start().unwrap();
    let answer = answer_to_endless(
        &emulator,
        b"POST /v1/runtime/invocation/response/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n",
        b"T: x\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    assert!(emulator.answers().is_empty(), "nothing was recorded");
    assert_still_serving(&emulator);
}

#[test]
fn endless_chunk_size_lines_are_answered_400() {
    let emulator = Emulator::start().unwrap();
    let answer = answer_to_endless(
        &emulator,
        b"POST /v1/runtime/invocation/response/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=",
        b"x",
    );
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert_still_serving(&emulator);
}

#[test]
fn oversized_bodies_are_answered_413() {
    let emulator = Emulator::start().unwrap();
    let answer = answer_to_endless(
        &emulator,
        b"POST /v1/runtime/invocation/response/a HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n",
        b"x",
    );
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    let chunk = [&b"8000\r\n"[..], &[b'x'; 0x8000], b"\r\n"].concat();
    let answer = answer_to_endless(
        &emulator,
        b"POST /v1/runtime/invocation/response/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        &chunk,
    );
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert_still_serving(&emulator);
}
