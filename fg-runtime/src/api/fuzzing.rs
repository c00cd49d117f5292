//! The reply parser fed from memory, for the fuzz targets in `fuzz/` and for regression tests
//! of what they find (feature `fuzzing`, not public API).

use fg_http1::Pieces;

use super::{Conn, MAX_HEAD, Next, next_from_reply, read_body, read_head};

/// Feeds `input` to the runtime-API reply parser as one keep-alive connection's worth of
/// replies, and checks what it makes of them.
///
/// `input[0]` picks the event size limit (`input[0] * 16` bytes), `input[1]` the size of the
/// pieces the "socket" returns (1 to 256 bytes); the rest is what the platform sent. Replies are
/// read in turn, as the runtime reads them: even ones as replies to the `GET` for the next
/// event, odd ones as replies to a posted answer, until the input ends or a reply leaves the
/// connection unusable.
///
/// # Panics
/// When the parser breaks one of its promises: an event body over the limit, an event without
/// a request id, more than one head's worth of bytes buffered. (Panics inside the parser
/// itself are what the fuzzer looks for too.)
pub fn replies(input: &[u8]) {
    let [limit, piece, rest @ ..] = input else {
        return;
    };
    let limit = usize::from(*limit) * 16;
    let mut conn = Conn::new(Pieces::new(rest, usize::from(*piece) + 1));
    for n in 0..8 {
        let Ok(Some(reply)) = read_head(&mut conn) else {
            return;
        };
        let buffered = conn.reader.buffered().len();
        assert!(buffered <= MAX_HEAD + 8192, "buffered {buffered}");
        let status = reply.status;
        if n % 2 == 1 {
            if read_body(&mut conn, reply.framing, MAX_HEAD, Vec::new()).is_err() {
                return;
            }
            continue;
        }
        match next_from_reply(&mut conn, reply, limit) {
            Ok(Next::Event(invocation)) => {
                assert_eq!(status, 200);
                assert!(invocation.body.len() <= limit, "body over the limit");
                assert!(!invocation.request_id.is_empty());
                assert_eq!(invocation.request_id.trim(), invocation.request_id);
            }
            Ok(Next::NoEvent { status: seen, .. }) => assert_eq!(seen, status),
            Ok(Next::Unreadable { request_id, .. }) => {
                assert!(!request_id.is_empty());
                return;
            }
            Err(_) => return,
        }
    }
}
