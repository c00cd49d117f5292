//! Every other trigger's event type in `fg_events` (SMN, OBS, APIG request and response, Kafka,
//! RocketMQ, timer, LTS, CTS, DDS, async notification): any bytes either fail to parse or give
//! an event whose decoding accessors never panic and that serialises back to an equal event.
//! The first byte picks the type; the rest is the JSON.
#![no_main]

use std::fmt::Debug;

use fg_events::{apig, async_notification, cts, dds, kafka, lts, obs, rocketmq, smn, timer};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `json` as `T`; if it parses, checks the round trip and hands the event to `exercise`.
fn check<T>(json: &[u8], exercise: impl FnOnce(&T))
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let Ok(event) = serde_json::from_slice::<T>(json) else {
        return;
    };
    exercise(&event);
    let _ = format!("{event:?}");
    let written = serde_json::to_vec(&event).expect("a parsed event serialises");
    let again: T = serde_json::from_slice(&written).unwrap_or_else(|e| {
        panic!(
            "{e}: {} does not parse back from {}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&written)
        )
    });
    assert_eq!(again, event, "{}", String::from_utf8_lossy(&written));
}

fuzz_target!(|data: &[u8]| {
    let Some((kind, json)) = data.split_first() else {
        return;
    };
    match kind % 11 {
        0 => check::<smn::SmnEvent>(json, |event| {
            for record in event.records() {
                let _ = (record.message(), record.subject(), record.message_attributes());
            }
        }),
        1 => check::<obs::ObsEvent>(json, |event| {
            for record in event.records() {
                let _ = (record.key(), record.size(), record.is_object_created());
            }
        }),
        2 => check::<apig::ApigRequest>(json, |request| {
            let _ = (request.body(), request.body_strict(), request.body_text());
            let _ = (request.query("a"), request.query_all("a"), request.header("A"));
        }),
        3 => check::<apig::ApigResponse>(json, |_| {}),
        4 => check::<kafka::KafkaEvent>(json, |event| {
            let _ = event.messages().count();
            let _ = event.json_messages::<Value>().count();
            let _ = (event.event_time_seconds(), event.message_count());
        }),
        5 => check::<rocketmq::RocketMqEvent>(json, |event| {
            let _ = event.messages().count();
            let _ = event.json_messages::<Value>().count();
            let _ = (event.event_time_seconds(), event.message_count());
        }),
        6 => check::<timer::TimerEvent>(json, |event| {
            let _ = event.user_event_json::<Value>();
        }),
        7 => check::<lts::LtsEvent>(json, |event| {
            let _ = (event.data(), event.text(), event.decode(), event.logs());
        }),
        8 => check::<cts::CtsEvent>(json, |event| {
            let trace = event.trace();
            let _ = (trace.time(), trace.time_millis(), trace.record_time(), trace.code());
        }),
        9 => check::<dds::DdsEvent>(json, |event| {
            for record in event.records() {
                let _ = (record.dds.ns(), record.dds.token(), record.dds.size_bytes());
                let _ = record.dds.full_document::<Value>();
            }
        }),
        _ => check::<async_notification::AsyncNotificationEvent>(json, |event| {
            let _ = (event.status_code(), event.approximate_invoke_count(), event.was_retried());
        }),
    }
});
