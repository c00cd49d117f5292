//! Tests of the DIS types against the fixtures in `fixtures/dis/` and events built in code.

mod building;
mod fixtures;
mod records;

use super::DisEvent;

use crate::fixture_tests::fixture;

/// The cursor of the documented sample (docs/PLATFORM.md §9.1), also used by most fixtures.
const SAMPLE_CURSOR: &str = "eyJnZXRJdGVyYXRvclBhcmFtIjp7InN0cmVhbS1uYW1lIjoiZGlzLXN3dGVzdCIsInBhcnRpdGlvbi1pZCI6InNoYXJkSWQtMDAwMDAwMDAwMCIsImN1cnNvci10eXBlIjoiVFJJTV9IT1JJWk9OIiwic3RhcnRpbmctc2VxdWVuY2UtbnVtYmVyIjoiNCJ9LCJnZW5lcmF0ZVRpbWVzdGFtcCI6MTUwOTYwNjM5MjE5MX0";

fn parse(json: &str) -> DisEvent {
    crate::fixture_tests::parse(json)
}
