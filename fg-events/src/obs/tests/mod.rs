//! Tests of the OBS types against the fixtures in `fixtures/obs/` and events built in code.

mod building;
mod fixtures;
mod records;

use super::ObsEvent;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> ObsEvent {
    crate::fixture_tests::parse(json)
}
