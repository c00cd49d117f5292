//! Every file in `fixtures/kafka/` round-trips; every file in `fixtures/kafka/invalid/` is
//! rejected. Adding a sample file adds coverage without editing these tests.

use crate::fixture_tests::{
    normalise_message_queue_event, rejects_all_invalid, round_trips_all, serialises_back_to_shape,
};
use crate::kafka::KafkaEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-records.json", "missing field `records`"),
    ("missing-topic-id.json", "missing field `topic_id`"),
    ("dds-event.json", "missing field `topic_id`"),
    (
        "message-object-without-message.json",
        "missing field `message`",
    ),
    (
        "message-as-number.json",
        "expected a message string or an object with a `message` string",
    ),
    (
        "event-time-as-float.json",
        "expected an integer epoch time or a time string",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    round_trips_all::<KafkaEvent>("kafka", 9);
}

/// Serialising gives back the fixture, except that unknown keys and `null`s are dropped.
#[test]
fn every_fixture_serialises_back_to_the_same_shape() {
    serialises_back_to_shape::<KafkaEvent>("kafka", normalise_message_queue_event);
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    rejects_all_invalid::<KafkaEvent>("kafka", REJECTIONS);
}
