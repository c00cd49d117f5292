//! The harness every trigger's fixture tests share: each file in `fixtures/<trigger>/` must
//! round-trip, and each file in `fixtures/<trigger>/invalid/` must be rejected. Adding a sample
//! file adds coverage without editing the tests.
//!
//! Only `std`, `serde` and `serde_json` are used here, so it compiles with any single trigger
//! feature.

use std::fmt::Debug;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The text of `fixtures/<name>.json`, embedded at compile time.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/",
            $name,
            ".json"
        ))
    };
}
pub(crate) use fixture;

/// Parses a fixture's text, panicking with the error if it does not parse.
pub(crate) fn parse<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}

/// The `.json` files directly in `fixtures/<dir>`, as `(file name, text)`, sorted by name.
pub(crate) fn fixtures(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<(String, String)> = entries
        .map(|entry| entry.expect("readable fixtures directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name.to_owned(), text)
        })
        .collect();
    files.sort();
    files
}

/// Every fixture in `fixtures/<dir>` (at least `min` of them) parses as `T`, serialises, and
/// parses back equal. Returns each fixture's name and parsed value.
pub(crate) fn round_trips_all<T>(dir: &str, min: usize) -> Vec<(String, T)>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let files = fixtures(dir);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert!(files.len() >= min, "{dir}: fixtures missing: {names:?}");
    files
        .into_iter()
        .map(|(name, text)| {
            let value: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let json = serde_json::to_string(&value).expect("serialises");
            let again: T = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{name}: re-parse of {json}: {e}"));
            assert_eq!(again, value, "{name}");
            (name, value)
        })
        .collect()
}

/// Every fixture in `fixtures/<dir>` serialises back to `normalise` of its JSON: what parsing
/// deliberately changes (dropped keys, defaults, coerced types) is applied by `normalise`. Pass
/// [`std::convert::identity`] where the fixtures must come back exactly.
pub(crate) fn serialises_back_to_shape<T>(dir: &str, normalise: impl Fn(Value) -> Value)
where
    T: DeserializeOwned + Serialize,
{
    for (name, text) in fixtures(dir) {
        let original: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let value: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let serialised = serde_json::to_value(&value).expect("serialises");
        assert_eq!(serialised, normalise(original), "{dir}/{name}");
    }
}

/// Every fixture in `fixtures/<dir>/invalid` fails to parse as `T`; each one listed in
/// `rejections` must exist and fail with an error containing its text. Returns each fixture's
/// name and error message.
#[cfg(any(
    feature = "apig",
    feature = "cts",
    feature = "dds",
    feature = "dis",
    feature = "kafka",
    feature = "lts",
    feature = "obs",
    feature = "rocketmq",
    feature = "smn",
    feature = "timer"
))]
pub(crate) fn rejects_all_invalid<T: DeserializeOwned>(
    dir: &str,
    rejections: &[(&str, &str)],
) -> Vec<(String, String)> {
    let files = fixtures(&format!("{dir}/invalid"));
    for (name, _) in rejections {
        assert!(
            files.iter().any(|(file, _)| file == name),
            "no fixture {dir}/invalid/{name}"
        );
    }
    files
        .into_iter()
        .map(|(name, text)| {
            let Err(err) = serde_json::from_str::<T>(&text) else {
                panic!(
                    "{dir}/invalid/{name} was accepted as {}",
                    std::any::type_name::<T>()
                );
            };
            let message = err.to_string();
            if let Some((_, expected)) = rejections.iter().find(|(file, _)| *file == name) {
                assert!(message.contains(expected), "{name}: {message}");
            }
            (name, message)
        })
        .collect()
}

/// The `keys` of a JSON object that are not `null`: parsing drops unknown keys and `null`s.
#[cfg(any(
    feature = "cts",
    feature = "dds",
    feature = "dis",
    feature = "kafka",
    feature = "rocketmq"
))]
pub(crate) fn known(value: Value, keys: &[&str]) -> serde_json::Map<String, Value> {
    let Value::Object(object) = value else {
        panic!("expected an object, found {value}");
    };
    object
        .into_iter()
        .filter(|(key, value)| keys.contains(&key.as_str()) && !value.is_null())
        .collect()
}

/// Replaces a number under `key` by its text, as parsing does for fields that hold text.
#[cfg(any(feature = "cts", feature = "dis"))]
pub(crate) fn number_to_string(object: &mut serde_json::Map<String, Value>, key: &str) {
    if let Some(value) = object.get_mut(key)
        && let Value::Number(n) = value
    {
        *value = Value::String(n.to_string());
    }
}

/// Kafka and RocketMQ events have the same shape: unknown keys and `null`s are dropped, message
/// objects keep only `message`, and a missing `messages` list is written empty.
#[cfg(any(feature = "kafka", feature = "rocketmq"))]
pub(crate) fn normalise_message_queue_event(value: Value) -> Value {
    const EVENT_KEYS: &[&str] = &[
        "event_version",
        "event_time",
        "trigger_type",
        "region",
        "instance_id",
        "records",
    ];
    let mut event = known(value, EVENT_KEYS);
    if let Some(Value::Array(records)) = event.get_mut("records") {
        for record in records.iter_mut() {
            let mut fields = known(record.take(), &["topic_id", "messages"]);
            if let Some(Value::Array(messages)) = fields.get_mut("messages") {
                for message in messages.iter_mut().filter(|m| m.is_object()) {
                    *message = Value::Object(known(message.take(), &["message"]));
                }
            } else {
                fields.insert("messages".to_owned(), Value::Array(Vec::new()));
            }
            *record = Value::Object(fields);
        }
    }
    Value::Object(event)
}
