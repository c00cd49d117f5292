//! Every file in `fixtures/obs/` round-trips; every file in `fixtures/obs/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use crate::fixture_tests::{rejects_all_invalid, round_trips_all, serialises_back_to_shape};
use crate::obs::ObsEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("lowercase-records.json", "missing field `Records`"),
    ("smn-event.json", "missing field `Records`"),
    ("missing-s3.json", "missing field `s3`"),
    ("missing-object-key.json", "missing field `key`"),
    (
        "size-as-string.json",
        "invalid type: string \"5\", expected u64",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<ObsEvent>("obs", 4);
}

/// Every sample holds only keys OBS types know, so serialising gives back exactly the fixture:
/// optional keys the sample leaves out stay out.
#[test]
fn every_fixture_serialises_back_exactly() {
    serialises_back_to_shape::<ObsEvent>("obs", std::convert::identity);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<ObsEvent>("obs", REJECTIONS);
}
