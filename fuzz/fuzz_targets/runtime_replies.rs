//! The runtime's reader of runtime-API replies (status line, headers, Content-Length, chunked and
//! until-close bodies, keep-alive leftovers) on whatever bytes the other end sends.
//! `fg_runtime::__fuzzing::replies` documents the input layout and the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fg_runtime::__fuzzing::replies(data);
});
