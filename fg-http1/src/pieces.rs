//! An in-memory peer for tests and fuzzing.

use std::io::{self, Read};

/// Hands out bytes in pieces of at most `piece` bytes, as a socket may, so that every split of
/// a head, a chunk-size line or a body is exercised. For tests and fuzz targets.
///
/// ```
/// use std::io::Read;
///
/// let mut peer = fg_http1::Pieces::new(b"abcde", 2);
/// let mut buf = [0; 8];
/// assert_eq!(peer.read(&mut buf).unwrap(), 2);
/// assert_eq!(&buf[..2], b"ab");
/// ```
#[derive(Clone, Debug)]
pub struct Pieces<'a> {
    data: &'a [u8],
    piece: usize,
}

impl<'a> Pieces<'a> {
    /// `data` in pieces of `piece` bytes (at least 1).
    pub fn new(data: &'a [u8], piece: usize) -> Self {
        Self {
            data,
            piece: piece.max(1),
        }
    }
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.piece.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
