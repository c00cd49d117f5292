//! `fg_events::encoding::JsonString`: a JSON document inside a JSON string parses on access, and
//! survives being written back.
#![no_main]

use fg_events::encoding::JsonString;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let wrapped = JsonString::new(text);
    // As a field value: serialises as the same string and parses back unchanged.
    let as_json = serde_json::to_string(&wrapped).expect("a string serialises");
    let back: JsonString = serde_json::from_str(&as_json).expect("and parses back");
    assert_eq!(back, wrapped);
    // The document inside.
    if let Ok(value) = wrapped.parse::<Value>() {
        let encoded = JsonString::encode(&value).expect("a Value serialises");
        let back = encoded.parse::<Value>().expect("parses back");
        assert!(same(&back, &value), "{back:?} != {value:?}");
    }
});

/// Equal, except that floats may differ in the last place: serde_json without its
/// `float_roundtrip` feature parses long decimals to within one ulp, not to the nearest double
/// (found by this target; a user who needs exact floats enables that feature).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 4.0 * f64::EPSILON
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
