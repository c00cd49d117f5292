//! `fg_http1`, the reader every fg server reads requests with (container mode, the emulator,
//! `cargo fg serve`), on whatever bytes a client sends, split into pieces of any size.
//!
//! Input: `data[0]` picks the body limit (`data[0] * 16` bytes), `data[1]` the size of the
//! pieces the "socket" returns (1 to 256 bytes), `data[2]` the head limits (header count
//! 1 to 16, chunk-size line 8 to 2048 bytes, trailers 0 to 255 bytes); the rest is the wire.
//! Requests are read in turn, as a keep-alive connection is, until one fails.
#![no_main]

use fg_http1::{Error, Framing, Limits, Pieces, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [body_limit, piece, shape, wire @ ..] = data else {
        return;
    };
    let max_body = usize::from(*body_limit) * 16;
    let limits = Limits {
        max_head: 4096,
        max_headers: 1 + usize::from(shape % 16),
        max_chunk_line: 8 + usize::from(shape / 16) * 128,
        max_trailers: usize::from(*shape),
        max_time: None,
    };
    let stream = Pieces::new(wire, usize::from(*piece) + 1);
    let mut reader = Reader::new(stream, limits);
    for _ in 0..16 {
        let outcome = reader.read_request_head().and_then(|head| {
            let Some(head) = head else {
                return Ok(None);
            };
            assert!(head.headers.len() <= limits.max_headers);
            let framing = head.framing()?;
            if head.headers.get("transfer-encoding").is_some() {
                assert_eq!(framing, Framing::Chunked, "smuggling: {head:?}");
                assert!(head.headers.get("content-length").is_none());
            }
            let body = reader.read_body(framing, max_body, Vec::new())?;
            assert!(body.len() <= max_body, "a body over the limit");
            if let Framing::Length(len) = framing {
                assert_eq!(body.len() as u64, len);
            }
            Ok(Some(()))
        });
        let buffered = reader.buffered().len();
        assert!(buffered <= limits.max_head + 8192, "buffered {buffered}");
        match outcome {
            Ok(Some(())) => {}
            Ok(None) => return,
            Err(e) => {
                // Every refusal has an answer; in memory nothing times out or fails to read.
                assert!(
                    matches!(e.status(), Some(400 | 413 | 431)),
                    "{e:?} has no answer"
                );
                assert!(!matches!(e, Error::Io(_) | Error::Idle | Error::TimedOut));
                return;
            }
        }
    }
});
