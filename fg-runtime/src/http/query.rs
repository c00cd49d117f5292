//! The query string of an APIG event's `queryStringParameters`: every name and value
//! percent-encoded (RFC 3986: all but the unreserved characters), an array as the name
//! repeated once per item, parameters sorted by name so the same event gives the same URI.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters: `&`, `=`, `+`, `%`, `#` and spaces in a
/// value cannot change how the query splits, and `+` stays a plus (not a space) for decoders
/// that follow HTML forms.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The query string (without `?`); empty when there are no parameters.
#[cfg(test)]
pub(crate) fn encode(parameters: &HashMap<String, Value>) -> String {
    let mut query = String::new();
    append(&mut query, parameters);
    query.strip_prefix('?').unwrap_or_default().to_owned()
}

/// Appends `?` and the query string to `target`, nothing when there are no parameters.
pub(crate) fn append(target: &mut String, parameters: &HashMap<String, Value>) {
    let mut first = true;
    if parameters.len() == 1 {
        // The common case needs no sorting (and no list to sort).
        for (name, value) in parameters {
            append_parameter(target, &mut first, name, value);
        }
        return;
    }
    let mut names: Vec<&String> = parameters.keys().collect();
    names.sort_unstable();
    for name in names {
        append_parameter(target, &mut first, name, &parameters[name]);
    }
}

fn append_parameter(target: &mut String, first: &mut bool, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                push(target, first, name, item);
            }
        }
        value => push(target, first, name, value),
    }
}

/// Appends `name=value`, after `?` or `&`; `null` (a parameter without value in the Java SDK's
/// map) is left out, as `ApigRequest::query` treats it as missing.
fn push(query: &mut String, first: &mut bool, name: &str, value: &Value) {
    let text = match value {
        Value::Null => return,
        Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
        other => std::borrow::Cow::Owned(other.to_string()),
    };
    query.push(if std::mem::take(first) { '?' } else { '&' });
    push_encoded(query, name);
    query.push('=');
    push_encoded(query, &text);
}

/// Appends `text` percent-encoded. Text of unreserved characters only, the usual parameter,
/// is appended as it is, without the encoder's chunking (about 100 instructions a parameter).
fn push_encoded(query: &mut String, text: &str) {
    if text.bytes().all(is_unreserved) {
        query.push_str(text);
    } else {
        query.extend(utf8_percent_encode(text, COMPONENT));
    }
}

/// RFC 3986's unreserved characters: what [`COMPONENT`] leaves as it is.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(value: Value) -> String {
        let map: HashMap<String, Value> = serde_json::from_value(value).unwrap();
        encode(&map)
    }

    #[test]
    fn names_and_values_are_percent_encoded() {
        assert_eq!(
            query(json!({"q": "a b&c=d%e+f#g", "ü n": "ß/€?"})),
            "q=a%20b%26c%3Dd%25e%2Bf%23g&%C3%BC%20n=%C3%9F%2F%E2%82%AC%3F"
        );
        assert_eq!(query(json!({"safe": "A-z_0.9~"})), "safe=A-z_0.9~");
    }

    #[test]
    fn arrays_repeat_the_name_and_other_values_are_json_text() {
        assert_eq!(
            query(
                json!({"tag": ["a", "b c", null, 3], "n": 10, "on": true, "none": null, "o": {"k": 1}})
            ),
            "n=10&o=%7B%22k%22%3A1%7D&on=true&tag=a&tag=b%20c&tag=3"
        );
        assert_eq!(query(json!({"empty": "", "list": []})), "empty=");
        assert_eq!(query(json!({})), "");
    }

    /// The fast path leaves exactly the bytes the encoder leaves.
    #[test]
    fn unreserved_bytes_are_the_ones_the_encoder_keeps() {
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let encoded: String = utf8_percent_encode(&text, COMPONENT).collect();
            assert_eq!(is_unreserved(byte), encoded == text, "byte {byte}");
        }
        assert!(!is_unreserved(0xC3), "non-ASCII is always encoded");
    }

    /// Decoding with `form_urlencoded` (what axum's `Query` uses, through serde_urlencoded)
    /// gives back every pair, in order.
    #[test]
    fn what_is_encoded_decodes_back() {
        let values = [
            "plain",
            "a b",
            "a+b",
            "100%",
            "x=y&z",
            "é€😀",
            "",
            "%zz",
            "?#",
        ];
        for value in values {
            let encoded = query(json!({"k": [value, value]}));
            let pairs: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
                .into_owned()
                .collect();
            assert_eq!(
                pairs,
                [("k".into(), value.into()), ("k".into(), value.into())]
            );
        }
    }
}
