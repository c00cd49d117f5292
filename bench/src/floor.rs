//! The floor: the runtime-API exchange and the DIS work written by hand, with nothing a
//! framework adds (no context, no panic capture, no error paths beyond bailing out).
//!
//! The work is `serde_json` into borrowed structs (the record `data` borrowed from the event
//! bytes, other strings too) and base64 into one reused buffer; the exchange is one keep-alive
//! connection with reused buffers and one `write` per request.

use std::borrow::Cow;
use std::io::{self, Write as _};
use std::net::TcpStream;
use std::process::ExitCode;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Deserialize;

use crate::Summary;
use crate::wire::Wire;

/// The engine fg-events uses for DIS `data`: standard alphabet, padding optional.
pub const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A DIS event with every string borrowed from the event bytes (`data` may be escaped JSON, so
/// it is a `Cow`; the others are plain text in every DIS event).
#[derive(Debug, Deserialize)]
pub struct Event<'a> {
    /// `ShardID`.
    #[serde(rename = "ShardID")]
    pub shard_id: &'a str,
    /// `Message`.
    #[serde(rename = "Message", borrow)]
    pub message: Message<'a>,
    /// `Tag`.
    #[serde(rename = "Tag", default)]
    pub tag: Option<&'a str>,
    /// `StreamName`.
    #[serde(rename = "StreamName")]
    pub stream_name: &'a str,
}

/// `Message` of [`Event`].
#[derive(Debug, Deserialize)]
pub struct Message<'a> {
    /// `next_partition_cursor`.
    #[serde(default)]
    pub next_partition_cursor: Option<&'a str>,
    /// `records`.
    #[serde(borrow)]
    pub records: Vec<Record<'a>>,
    /// `millis_behind_latest`.
    #[serde(default)]
    pub millis_behind_latest: Option<&'a str>,
}

/// One record of [`Event`].
#[derive(Debug, Deserialize)]
pub struct Record<'a> {
    /// `partition_key`.
    #[serde(default)]
    pub partition_key: Option<&'a str>,
    /// `data`, base64.
    #[serde(borrow)]
    pub data: Cow<'a, str>,
    /// `sequence_number`.
    pub sequence_number: &'a str,
}

/// The floor's work: parse, decode every record into one reused buffer, summarise.
#[derive(Debug, Default)]
pub struct Work {
    buf: Vec<u8>,
    out: Vec<u8>,
}

impl Work {
    /// Parses `event`, decodes every record and returns the summary.
    ///
    /// # Errors
    /// The message of the first JSON or base64 error.
    pub fn summarise(&mut self, event: &[u8]) -> Result<Summary, String> {
        let event: Event<'_> = serde_json::from_slice(event).map_err(|e| e.to_string())?;
        let mut bytes = 0;
        for record in &event.message.records {
            self.buf.clear();
            ENGINE
                .decode_vec(record.data.as_bytes(), &mut self.buf)
                .map_err(|e| e.to_string())?;
            bytes += self.buf.len();
        }
        Ok(Summary {
            records: event.message.records.len(),
            bytes,
        })
    }

    /// [`summarise`](Self::summarise), then the summary as JSON in a reused buffer.
    ///
    /// # Errors
    /// As [`summarise`](Self::summarise).
    pub fn answer(&mut self, event: &[u8]) -> Result<&[u8], String> {
        let summary = self.summarise(event)?;
        self.out.clear();
        serde_json::to_writer(&mut self.out, &summary).map_err(|e| e.to_string())?;
        Ok(&self.out)
    }
}

/// Makes the floor client do its I/O the way fg-runtime did before its I/O fixes (today only
/// `timeouts` is still fg-runtime's habit; docs/PERFORMANCE.md, "Why"). The value lists the
/// habits to copy, comma-separated, or `all`:
/// - `timeouts`: `set_read_timeout` before each request (two `setsockopt` per invocation);
/// - `split`: the answer's head and body in two writes (two segments, two wake-ups);
/// - `alloc`: a new `GET` string per poll, a fresh zero-filled `Vec` per event body, the answer
///   copied into a new `Vec`.
///
/// The driver runs `floor-work` with `all` as the subject `floor-rt-io`, to tell the cost of
/// that I/O from the rest of the framework (`FG_BENCH_RUNTIME_IO=split fg-bench warm` runs it
/// with only some habits).
pub const RUNTIME_IO_VAR: &str = "FG_BENCH_RUNTIME_IO";

/// The floor client's main: polls `RUNTIME_API_ADDR` on one connection, answers each event with
/// `{"records":0,"bytes":0}` (`work == false`) or the real summary. Returns when the connection
/// ends.
pub fn main(work: bool) -> ExitCode {
    let result = if let Some(habits) = std::env::var_os(RUNTIME_IO_VAR) {
        let habits = habits.to_string_lossy().into_owned();
        let has = |h: &str| habits == "all" || habits.split(',').any(|x| x.trim() == h);
        run_runtime_io(work, has("timeouts"), has("split"), has("alloc"))
    } else {
        run(work)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn api_addr() -> io::Result<String> {
    std::env::var("RUNTIME_API_ADDR").map_err(|_| io::Error::other("RUNTIME_API_ADDR is not set"))
}

fn run(work: bool) -> io::Result<()> {
    let addr = api_addr()?;
    let mut wire = Wire::new(TcpStream::connect(&addr)?)?;
    let get = format!(
        "GET /v1/runtime/invocation/request HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n"
    );
    let mut worker = Work::default();
    let mut request_id = String::new();
    let mut body = Vec::new();
    let mut post = Vec::with_capacity(512);
    let mut ignored = String::new();
    loop {
        wire.write_all(get.as_bytes())?;
        let head = wire.read_response_head(&mut request_id)?;
        wire.read_body(head.content_length, &mut body)?;
        let answer: &[u8] = if work {
            worker
                .answer(&body[..head.content_length])
                .map_err(io::Error::other)?
        } else {
            br#"{"records":0,"bytes":0}"#
        };
        post.clear();
        write!(
            post,
            "POST /v1/runtime/invocation/response/{request_id} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            answer.len()
        )?;
        post.extend_from_slice(answer);
        wire.write_all(&post)?;
        let reply = wire.read_response_head(&mut ignored)?;
        wire.read_body(reply.content_length, &mut body)?;
    }
}

/// [`run`] with some of fg-runtime's former I/O habits (see [`RUNTIME_IO_VAR`]).
fn run_runtime_io(work: bool, timeouts: bool, split: bool, alloc: bool) -> io::Result<()> {
    let addr = api_addr()?;
    let mut wire = Wire::new(TcpStream::connect(&addr)?)?;
    let mut worker = Work::default();
    let mut request_id = String::new();
    let mut ignored = String::new();
    let get_once = format!(
        "GET /v1/runtime/invocation/request HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n"
    );
    let mut reused = Vec::new();
    let mut post = Vec::with_capacity(512);
    loop {
        let get = if alloc {
            format!(
                "GET /v1/runtime/invocation/request HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n"
            )
        } else {
            get_once.clone()
        };
        if timeouts {
            wire.stream().set_read_timeout(None)?;
        }
        wire.write_all(get.as_bytes())?;
        let head = wire.read_response_head(&mut request_id)?;
        let mut fresh = Vec::new();
        let body = if alloc { &mut fresh } else { &mut reused };
        wire.read_body(head.content_length, body)?;
        let event = &body[..head.content_length];
        let answer: Vec<u8> = if work {
            worker.answer(event).map_err(io::Error::other)?.to_vec()
        } else {
            br#"{"records":0,"bytes":0}"#.to_vec()
        };
        post.clear();
        write!(
            post,
            "POST /v1/runtime/invocation/response/{request_id} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            answer.len()
        )?;
        if timeouts {
            wire.stream()
                .set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
        }
        if split {
            wire.write_all(&post)?;
            wire.write_all(&answer)?;
        } else {
            post.extend_from_slice(&answer);
            wire.write_all(&post)?;
        }
        let reply = wire.read_response_head(&mut ignored)?;
        wire.read_body(reply.content_length, body)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::{Size, generate};

    #[test]
    fn the_floor_work_gives_the_expected_summaries() {
        let mut work = Work::default();
        for size in [Size::S, Size::M] {
            let payload = generate(size);
            assert_eq!(work.summarise(&payload.body), Ok(payload.summary));
            assert_eq!(
                work.answer(&payload.body).unwrap(),
                payload.summary.to_json()
            );
        }
    }
}
