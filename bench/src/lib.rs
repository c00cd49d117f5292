//! The fg benchmark suite's shared parts: the deterministic DIS payloads, a minimal HTTP/1.1
//! framing layer over one keep-alive connection (used by the driver, which plays the runtime API,
//! and by the floor clients) and the floor's hand-written parse-and-decode work.
//!
//! The binaries are the interesting part: `fg-bench` (the driver, see `docs/PERFORMANCE.md`),
//! `fn-user`, `fn-lean`, `fn-async` (functions built with `#[dis_handler]`) and `floor-bare`,
//! `floor-work` (the same exchange with no framework).

pub mod floor;
pub mod payload;
pub mod wire;

use serde::Serialize;

/// What every function under test answers: the number of records and of decoded bytes.
///
/// The floors write the same JSON, so the driver checks every answer byte for byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records in the batch.
    pub records: usize,
    /// Decoded bytes over all records.
    pub bytes: usize,
}

impl Summary {
    /// The JSON body the functions post, `{"records":4,"bytes":38}`.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}
