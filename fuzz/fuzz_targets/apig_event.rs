//! `fg_runtime::http::run`'s APIG event decoding against `fg_events::apig::ApigRequest`'s: any
//! bytes are refused by both with the same message, or read by both as the same request.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fg_runtime::__fuzzing::apig_event(data);
});
