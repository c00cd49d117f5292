//! Tests of the CTS types against the fixtures in `fixtures/cts/` and events built in code.

mod accessors;
mod fixtures;

use super::CtsEvent;

/// The text of `fixtures/<name>.json`, embedded at compile time.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/",
            $name,
            ".json"
        ))
    };
}
use fixture;

fn parse(json: &str) -> CtsEvent {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}
