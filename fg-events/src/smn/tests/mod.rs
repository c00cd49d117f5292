//! Tests of the SMN types against the fixtures in `fixtures/smn/` and events built in code.

mod building;
mod fixtures;
mod records;

use super::SmnEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> SmnEvent {
    crate::fixture_tests::parse(json)
}
