//! `fg_events::lenient`: the deserializers for fields whose JSON type the sources disagree on
//! accept what they document, on any JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Fields {
    #[serde(default, deserialize_with = "fg_events::lenient::string_or_number")]
    text: String,
    #[serde(default, deserialize_with = "fg_events::lenient::opt_string_or_number")]
    opt_text: Option<String>,
    #[serde(default, deserialize_with = "fg_events::lenient::opt_integer")]
    integer: Option<i64>,
}

fuzz_target!(|data: &[u8]| {
    let Ok(fields) = serde_json::from_slice::<Fields>(data) else {
        return;
    };
    // What a field accepted is the JSON value it was given, as text. (`Value` can refuse what
    // the struct accepted: serde_json does not check UTF-8 inside ignored unknown fields.)
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Some(n) = value.get("text").and_then(serde_json::Value::as_i64) {
        assert_eq!(fields.text, n.to_string());
    }
    if let Some(n) = value.get("integer").and_then(serde_json::Value::as_i64) {
        assert_eq!(fields.integer, Some(n));
    }
    if let Some(text) = value.get("integer").and_then(serde_json::Value::as_str) {
        assert_eq!(fields.integer, text.parse().ok());
    }
});
