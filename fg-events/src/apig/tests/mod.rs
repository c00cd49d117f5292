//! Tests of the APIG types against the fixtures in `fixtures/apig/` and events built in code.

mod building;
mod fixtures;
mod requests;
mod responses;

use super::ApigRequest;

use crate::fixture_tests::fixture;

fn parse(json: &str) -> ApigRequest {
    crate::fixture_tests::parse(json)
}
