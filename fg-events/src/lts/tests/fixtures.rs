//! Every file in `fixtures/lts/` round-trips (including those whose `data` does not decode: the
//! event itself is valid); every file in `fixtures/lts/invalid/` is rejected. Adding a sample
//! file adds coverage without editing these tests.

use crate::fixture_tests::{rejects_all_invalid, round_trips_all, serialises_back_to_shape};
use crate::lts::LtsEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-lts.json", "missing field `lts`"),
    ("missing-data.json", "missing field `data`"),
    (
        "data-as-object.json",
        "invalid type: map, expected a string",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<LtsEvent>("lts", 10);
    // The fixtures hold nothing but `lts.data`, so the event serialises back exactly.
    serialises_back_to_shape::<LtsEvent>("lts", std::convert::identity);
}

/// The decoded payload round-trips too, for every fixture that decodes.
#[test]
fn every_decodable_fixture_round_trips_its_logs() {
    let mut decoded = 0;
    for (name, event) in round_trips_all::<LtsEvent>("lts", 10) {
        let Ok(logs) = event.decode() else { continue };
        decoded += 1;
        let rebuilt = LtsEvent::from_logs(&logs).expect("serialises");
        assert_eq!(rebuilt.decode().unwrap(), logs, "{name}");
    }
    assert!(decoded >= 6, "only {decoded} fixtures decode");
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<LtsEvent>("lts", REJECTIONS);
}
