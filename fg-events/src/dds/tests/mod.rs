//! Tests of the DDS types against the fixtures in `fixtures/dds/` and events built in code.

mod accessors;
mod fixtures;

use super::DdsEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> DdsEvent {
    crate::fixture_tests::parse(json)
}
