//! Every field of the DIS event given every JSON type: each either gets an `InvalidEvent` report
//! naming its JSON path, or is accepted where fg-events documents the field as lenient. The
//! handler never sees an event it cannot trust, and the loop goes on.

use fg_emulator::Event;
use serde_json::{Value, json};

use crate::support::{Function, WAIT, assert_exactly_once, behaviours};

/// One value of each JSON type.
const KINDS: [(&str, &str); 7] = [
    ("integer", "42"),
    ("float", "1.5"),
    ("bool", "true"),
    ("string", r#""aGk=""#),
    ("object", "{}"),
    ("array", "[]"),
    ("null", "null"),
];

/// Each field's JSON path and the types it accepts (fg-events' docs and `lenient`).
const FIELDS: [(&str, &[&str]); 13] = [
    ("ShardID", &["string"]),
    ("StreamName", &["string"]),
    ("Tag", &["string", "null"]),
    // `{}` is the right type but lacks `records`: refused all the same.
    ("Message", &[]),
    ("Message.next_partition_cursor", &["string", "null"]),
    ("Message.records", &["array"]),
    // Every record field has a default, so an empty object or array is an empty record.
    ("Message.records[0]", &["object", "array"]),
    ("Message.records[0].partition_key", &["string", "null"]),
    ("Message.records[0].data", &["string"]),
    ("Message.records[0].sequence_number", &["string", "integer"]),
    // A string must hold an integer ("aGk=" does not); "" is accepted as no timestamp.
    ("Message.records[0].timestamp", &["integer", "null"]),
    ("Message.records[0].timestamp_type", &["string", "null"]),
    (
        "Message.millis_behind_latest",
        &["string", "integer", "null"],
    ),
];

/// The platform's sample shape with every optional field present.
fn full_event() -> Value {
    json!({
        "ShardID": "shardId-0000000000",
        "StreamName": "ok",
        "Tag": "latest",
        "Message": {
            "next_partition_cursor": "eyJ9",
            "records": [{
                "partition_key": "p",
                "data": "aGk=",
                "sequence_number": "0",
                "timestamp": 1_509_606_392_191_i64,
                "timestamp_type": "CreateTime"
            }],
            "millis_behind_latest": ""
        }
    })
}

/// `full_event` with the value at `path` replaced.
fn with(path: &str, value: Value) -> Value {
    let mut event = full_event();
    let mut at = &mut event;
    for part in path.split('.') {
        at = match part.strip_suffix("[0]") {
            Some(name) => &mut at[name][0],
            None => &mut at[part],
        };
    }
    *at = value;
    event
}

#[test]
fn every_dis_field_with_every_json_type() {
    let emulator = fg_emulator::Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &behaviours(), &[]);
    let mut cases = Vec::new();
    for (path, accepted) in FIELDS {
        for (kind, value) in KINDS {
            let event = with(path, serde_json::from_str(value).unwrap());
            let id = emulator.push(Event::new(event.to_string()));
            cases.push((path, kind, accepted.contains(&kind), id));
        }
    }
    let mut wrong = Vec::new();
    for (path, kind, accept, id) in &cases {
        let answer = emulator.wait_for_answer(id, WAIT).expect("an answer");
        let report = answer.diagnostic();
        let ok = match (accept, &report) {
            (true, None) => true,
            (false, Some(report)) => {
                report.error_type == "InvalidEvent"
                    && report
                        .error_message
                        .starts_with(&format!("the event is not a valid DisEvent: at `{path}`: "))
            }
            _ => false,
        };
        if !ok {
            wrong.push(format!("{path} as {kind}: {}", answer.text()));
        }
    }
    assert!(
        wrong.is_empty(),
        "unexpected outcomes:\n{}",
        wrong.join("\n")
    );
    let log = function.output();
    for (path, kind, accept, id) in &cases {
        if !accept {
            assert!(
                log.contains(&format!(
                    "{id} ERROR InvalidEvent: the event is not a valid DisEvent: at `{path}`"
                )),
                "{path} as {kind} not logged with its request id"
            );
        }
    }
    assert!(function_is_serving(&emulator));
    assert_exactly_once(&emulator);
}

fn function_is_serving(emulator: &fg_emulator::Emulator) -> bool {
    crate::support::invoke(emulator, Event::new(full_event().to_string())).is_response()
}
