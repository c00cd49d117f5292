//! Bodies: by length, chunked (with the trailers after them), or until the connection closes.

use std::io::Read;

use crate::reader::read_retrying;
use crate::{Error, Framing, Reader};

/// How many bytes one read asks for while reading framing lines (chunk sizes, trailers).
const LINE_READ_SIZE: usize = 8 * 1024;
/// How many bytes one read asks for while reading a body that ends when the connection closes.
const UNTIL_CLOSE_READ_SIZE: usize = 64 * 1024;

impl<S: Read> Reader<S> {
    /// Reads the body of the message whose head was just read, at most `max_body` bytes.
    ///
    /// `spare` is a buffer to read into (the previous body, handed back): a large body then
    /// reuses its allocation instead of mapping and faulting in fresh memory each time. Pass
    /// `Vec::new()` when there is none.
    ///
    /// ```
    /// use fg_http1::{Error, Framing, Limits, Reader};
    ///
    /// let mut reader = Reader::new(&b"0123456789"[..], Limits::default());
    /// let too_large = reader.read_body(Framing::Length(10), 4, Vec::new());
    /// assert!(matches!(too_large, Err(Error::BodyTooLarge { size: 10, limit: 4 })));
    /// ```
    ///
    /// # Errors
    /// See [`Error`]; [`Error::BodyTooLarge`] leaves a `Content-Length` body unread.
    pub fn read_body(
        &mut self,
        framing: Framing,
        max_body: usize,
        spare: Vec<u8>,
    ) -> Result<Vec<u8>, Error> {
        match framing {
            Framing::Length(len) => {
                let len = usize::try_from(len)
                    .ok()
                    .filter(|&len| len <= max_body)
                    .ok_or(Error::BodyTooLarge {
                        size: len,
                        limit: max_body,
                    })?;
                self.read_exact_body(len, spare)
            }
            Framing::Chunked => self.read_chunked(max_body, spare),
            Framing::UntilClose => self.read_until_close(max_body),
        }
    }

    fn read_exact_body(&mut self, len: usize, spare: Vec<u8>) -> Result<Vec<u8>, Error> {
        let buffered = self.buffered().len();
        if buffered >= len {
            // At most one read's worth: copied, so that the buffer keeps its allocation.
            let mut body = spare;
            body.clear();
            body.extend_from_slice(&self.buffered()[..len]);
            self.consume(len);
            return Ok(body);
        }
        // The spare buffer keeps its length, so only growth is zeroed; the reads then ask the
        // socket for everything that is missing (small reads would wake up many more times on
        // a 100 KiB event, docs/PERFORMANCE.md).
        let mut body = spare;
        body.resize(len, 0);
        body[..buffered].copy_from_slice(self.buffered());
        self.consume(buffered);
        self.read_into(&mut body[buffered..], "body")?;
        Ok(body)
    }

    /// Fills `into` from the stream, past the buffer.
    fn read_into(&mut self, into: &mut [u8], inside: &'static str) -> Result<(), Error> {
        let mut filled = 0;
        while filled < into.len() {
            let n = read_retrying(&mut self.stream, &mut into[filled..])?;
            if n == 0 {
                return Err(Error::Closed { inside });
            }
            filled += n;
            self.check_time()?;
        }
        Ok(())
    }

    fn read_chunked(&mut self, max_body: usize, spare: Vec<u8>) -> Result<Vec<u8>, Error> {
        let mut body = spare;
        body.clear();
        loop {
            let size = self.chunk_size()?;
            if size == 0 {
                self.skip_trailers()?;
                return Ok(body);
            }
            let total = (body.len() as u64).saturating_add(size);
            if total > max_body as u64 {
                return Err(Error::BodyTooLarge {
                    size: total,
                    limit: max_body,
                });
            }
            // Within max_body, so within usize.
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            let buffered = size.min(self.buffered().len());
            body.extend_from_slice(&self.buffered()[..buffered]);
            self.consume(buffered);
            if buffered < size {
                let start = body.len();
                body.resize(start + (size - buffered), 0);
                self.read_into(&mut body[start..], "body")?;
            }
            self.fill_to(2, "body")?;
            if &self.buffered()[..2] != b"\r\n" {
                return Err(Error::malformed("chunk not followed by CRLF"));
            }
            self.consume(2);
        }
    }

    /// Reads until at least `len` bytes are buffered.
    fn fill_to(&mut self, len: usize, inside: &'static str) -> Result<(), Error> {
        while self.buffered().len() < len {
            if self.fill(LINE_READ_SIZE)? == 0 {
                return Err(Error::Closed { inside });
            }
        }
        Ok(())
    }

    fn chunk_size(&mut self) -> Result<u64, Error> {
        let limit = self.limits.max_chunk_line;
        loop {
            match httparse::parse_chunk_size(self.buffered()) {
                Ok(httparse::Status::Complete((used, _))) if used > limit => {
                    return Err(Error::ChunkLineTooLong { limit });
                }
                Ok(httparse::Status::Complete((used, size))) => {
                    self.consume(used);
                    return Ok(size);
                }
                Ok(httparse::Status::Partial) if self.buffered().len() >= limit => {
                    return Err(Error::ChunkLineTooLong { limit });
                }
                Ok(httparse::Status::Partial) => {
                    if self.fill(LINE_READ_SIZE)? == 0 {
                        return Err(Error::Closed {
                            inside: "chunk-size line",
                        });
                    }
                }
                Err(_) => return Err(Error::malformed("invalid chunk-size line")),
            }
        }
    }

    /// Skips the trailer lines up to the empty one. Every byte skipped counts, so an endless
    /// run of short lines ends too.
    fn skip_trailers(&mut self) -> Result<(), Error> {
        let limit = self.limits.max_trailers;
        let mut skipped = 0usize;
        loop {
            if let Some(end) = self.buffered().windows(2).position(|w| w == b"\r\n") {
                self.consume(end + 2);
                skipped += end + 2;
                if end == 0 {
                    return Ok(());
                }
                if skipped > limit {
                    return Err(Error::TrailersTooLarge { limit });
                }
                continue;
            }
            if skipped + self.buffered().len() > limit {
                return Err(Error::TrailersTooLarge { limit });
            }
            if self.fill(LINE_READ_SIZE)? == 0 {
                return Err(Error::Closed { inside: "trailers" });
            }
        }
    }

    fn read_until_close(&mut self, max_body: usize) -> Result<Vec<u8>, Error> {
        let mut body = self.take_buffered();
        loop {
            if body.len() > max_body {
                return Err(Error::BodyTooLarge {
                    size: body.len() as u64,
                    limit: max_body,
                });
            }
            let start = body.len();
            let want = (max_body - start + 1).min(UNTIL_CLOSE_READ_SIZE);
            body.resize(start + want, 0);
            let read = read_retrying(&mut self.stream, &mut body[start..]);
            body.truncate(start + read.as_ref().copied().unwrap_or(0));
            if read? == 0 {
                return Ok(body);
            }
            self.check_time()?;
        }
    }
}
