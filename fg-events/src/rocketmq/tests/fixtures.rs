//! Every file in `fixtures/rocketmq/` round-trips; every file in `fixtures/rocketmq/invalid/` is
//! rejected. Adding a sample file adds coverage without editing these tests.

use crate::fixture_tests::{
    normalise_message_queue_event, rejects_all_invalid, round_trips_all, serialises_back_to_shape,
};
use crate::rocketmq::RocketMqEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-records.json", "missing field `records`"),
    (
        "message-object-without-message.json",
        "missing field `message`",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<RocketMqEvent>("rocketmq", 4);
}

/// Serialising gives back the fixture, except that unknown keys and `null`s are dropped.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<RocketMqEvent>("rocketmq", normalise_message_queue_event);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<RocketMqEvent>("rocketmq", REJECTIONS);
}
