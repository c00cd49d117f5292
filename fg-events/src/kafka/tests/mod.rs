//! Tests of the Kafka types against the fixtures in `fixtures/kafka/` and events built in code.

mod accessors;
mod fixtures;

use super::KafkaEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> KafkaEvent {
    crate::fixture_tests::parse(json)
}
