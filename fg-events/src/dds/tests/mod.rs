//! Tests of the DDS types against the fixtures in `fixtures/dds/` and events built in code.

mod accessors;
mod fixtures;

use super::DdsEvent;

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

fn parse(json: &str) -> DdsEvent {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}
