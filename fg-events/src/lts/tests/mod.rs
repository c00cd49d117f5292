//! Tests of the LTS types against the fixtures in `fixtures/lts/` and events built in code.

mod decoding;
mod fixtures;

use super::LtsEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> LtsEvent {
    crate::fixture_tests::parse(json)
}
