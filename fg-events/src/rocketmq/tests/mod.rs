//! Tests of the RocketMQ types against the fixtures in `fixtures/rocketmq/` and events built in
//! code. The record and message types are also covered by the Kafka tests; these run them in a
//! build with only the `rocketmq` feature, where they are compiled from the shared file here.

mod accessors;
mod fixtures;

use super::RocketMqEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> RocketMqEvent {
    crate::fixture_tests::parse(json)
}
