//! Tests of the CTS types against the fixtures in `fixtures/cts/` and events built in code.

mod accessors;
mod fixtures;

use super::CtsEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> CtsEvent {
    crate::fixture_tests::parse(json)
}
