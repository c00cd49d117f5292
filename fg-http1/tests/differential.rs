//! fg-http1's chunked decoding against a well-kept decoder, `chunked_transfer`, on generated
//! bodies: random chunk sizes and extensions, read in pieces of random size, then with one
//! byte changed. (`chunked_transfer` reads no trailers, so the generated bodies carry none.)

use std::io::Read;

use fg_http1::{Framing, Limits, Pieces, Reader};

/// xorshift64*: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

/// A chunked encoding of a random body; returns (body, wire).
fn generate(rng: &mut Rng) -> (Vec<u8>, Vec<u8>) {
    let mut body = Vec::new();
    let mut wire = Vec::new();
    for _ in 0..rng.below(6) {
        let size = 1 + rng.below(300);
        let chunk: Vec<u8> = (0..size).map(|_| rng.next() as u8).collect();
        let hex = match rng.below(3) {
            0 => format!("{size:x}"),
            1 => format!("{size:X}"),
            _ => format!("00{size:x}"),
        };
        let extension = match rng.below(3) {
            0 => "",
            1 => ";a=b",
            _ => ";name=\"quoted\"",
        };
        wire.extend_from_slice(format!("{hex}{extension}\r\n").as_bytes());
        wire.extend_from_slice(&chunk);
        wire.extend_from_slice(b"\r\n");
        body.extend_from_slice(&chunk);
    }
    wire.extend_from_slice(b"0\r\n\r\n");
    (body, wire)
}

fn ours(wire: &[u8], piece: usize) -> Option<Vec<u8>> {
    let mut reader = Reader::new(Pieces::new(wire, piece), Limits::default());
    reader.read_body(Framing::Chunked, 1 << 20, Vec::new()).ok()
}

fn reference(wire: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    chunked_transfer::Decoder::new(wire)
        .read_to_end(&mut body)
        .ok()
        .map(|_| body)
}

#[test]
fn valid_chunked_bodies_decode_the_same() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for _ in 0..1000 {
        let (body, wire) = generate(&mut rng);
        let piece = 1 + rng.below(64);
        assert_eq!(reference(&wire).as_ref(), Some(&body), "{wire:?}");
        assert_eq!(ours(&wire, piece).as_ref(), Some(&body), "{wire:?}");
    }
}

#[test]
fn changed_chunked_bodies_decode_the_same_when_both_accept_them() {
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    let mut both = 0;
    for _ in 0..2000 {
        let (_, mut wire) = generate(&mut rng);
        let at = rng.below(wire.len() as u64);
        wire[at] = match rng.below(4) {
            0 => b'\r',
            1 => b'\n',
            2 => b';',
            _ => rng.next() as u8,
        };
        let piece = 1 + rng.below(64);
        if let (Some(ours), Some(theirs)) = (ours(&wire, piece), reference(&wire)) {
            assert_eq!(ours, theirs, "{wire:?}");
            both += 1;
        }
    }
    assert!(
        both > 50,
        "only {both} changed inputs were accepted by both"
    );
}
