//! Tests of the RocketMQ types against the fixtures in `fixtures/rocketmq/` and events built in
//! code. The record and message types are also covered by the Kafka tests; these run them in a
//! build with only the `rocketmq` feature, where they are compiled from the shared file here.

mod accessors;
mod fixtures;

use super::RocketMqEvent;

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

fn parse(json: &str) -> RocketMqEvent {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}
