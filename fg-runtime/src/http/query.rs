//! The query string of an APIG event's `queryStringParameters`, written while the event is
//! decoded: every name and value percent-encoded (RFC 3986: all but the unreserved
//! characters), an array as the name repeated once per item, in the event's order.
//!
//! Values are read as `ApigRequest::query` reads them: a string as it is; a number, boolean
//! or object as its JSON text; `null` (a parameter without value in the Java SDK's map) left
//! out; an array's items each the same way.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters: `&`, `=`, `+`, `%`, `#` and spaces in a
/// value cannot change how the query splits, and `+` stays a plus (not a space) for decoders
/// that follow HTML forms.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `queryStringParameters` appended to `query` as `name=value` pairs joined by `&`, without
/// the leading `?` (read through [`MapOrNull`](super::map_or_null::MapOrNull), which takes
/// `null` for none).
pub(crate) struct Parameters<'a>(pub(crate) &'a mut String);

impl<'de> Visitor<'de> for Parameters<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Room for a few short parameters: growing from nothing reallocated three times.
        self.0.reserve(64);
        while let Some(name) = map.next_key::<Name<'de>>()? {
            map.next_value_seed(Parameter {
                query: &mut *self.0,
                name: name.as_str(),
                in_array: false,
            })?;
        }
        Ok(())
    }
}

/// A parameter's name, borrowed from the event when it has no escapes.
enum Name<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Name<'_> {
    fn as_str(&self) -> &str {
        match self {
            Name::Borrowed(name) => name,
            Name::Owned(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Name<'de>, E> {
                Ok(Name::Borrowed(name))
            }

            fn visit_str<E>(self, name: &str) -> Result<Name<'de>, E> {
                Ok(Name::Owned(name.to_owned()))
            }

            fn visit_string<E>(self, name: String) -> Result<Name<'de>, E> {
                Ok(Name::Owned(name))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// One parameter's value: pushed as text, or once per item for an array (an array inside an
/// array is one item: its first value that is not `null`, as `ApigRequest::query_all` reads it).
struct Parameter<'a> {
    query: &'a mut String,
    name: &'a str,
    in_array: bool,
}

impl Parameter<'_> {
    fn push_json(self, value: &Value) {
        if let Some(text) = text(value) {
            push(self.query, self.name, &text);
        }
    }
}

impl<'de> DeserializeSeed<'de> for Parameter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Parameter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, value: bool) -> Result<(), E> {
        push(self.query, self.name, if value { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        self.push_json(&Value::from(value));
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        self.push_json(&Value::from(value));
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        self.push_json(&Value::from(value));
        Ok(())
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        push(self.query, self.name, value);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        if self.in_array {
            let value = Value::deserialize(SeqAccessDeserializer::new(items))?;
            self.push_json(&value);
            return Ok(());
        }
        while let Some(()) = items.next_element_seed(Parameter {
            query: &mut *self.query,
            name: self.name,
            in_array: true,
        })? {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        self.push_json(&value);
        Ok(())
    }
}

/// A value that is not a string as the event's accessors read it.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Array(items) => items.iter().find_map(text),
        other => Some(other.to_string()),
    }
}

/// Appends `name=value`, after `&` unless `query` is empty.
pub(crate) fn push(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    push_encoded(query, name);
    query.push('=');
    push_encoded(query, value);
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
    use crate::http::map_or_null::MapOrNull;
    use serde_json::json;

    /// The query string `queryStringParameters` (given as JSON text) gives.
    fn query(json: &str) -> String {
        let mut query = String::new();
        MapOrNull(Parameters(&mut query))
            .deserialize(&mut serde_json::Deserializer::from_str(json))
            .unwrap();
        query
    }

    #[test]
    fn names_and_values_are_percent_encoded() {
        assert_eq!(
            query(r#"{"q": "a b&c=d%e+f#g", "ü n": "ß/€?"}"#),
            "q=a%20b%26c%3Dd%25e%2Bf%23g&%C3%BC%20n=%C3%9F%2F%E2%82%AC%3F"
        );
        assert_eq!(query(r#"{"safe": "A-z_0.9~"}"#), "safe=A-z_0.9~");
        assert_eq!(query(r#"{"esc\u0061ped": "\u00fc"}"#), "escaped=%C3%BC");
    }

    #[test]
    fn arrays_repeat_the_name_and_other_values_are_json_text() {
        assert_eq!(
            query(
                r#"{"tag": ["a", "b c", null, 3, [1, "x"], {"k": 1}], "n": 10, "f": 1.5, "neg": -2, "on": true, "none": null, "o": {"k": [1]}}"#
            ),
            "tag=a&tag=b%20c&tag=3&tag=1&tag=%7B%22k%22%3A1%7D\
             &n=10&f=1.5&neg=-2&on=true&o=%7B%22k%22%3A%5B1%5D%7D"
        );
        assert_eq!(query(r#"{"empty": "", "list": []}"#), "empty=");
        assert_eq!(query("{}"), "");
        assert_eq!(query("null"), "");
    }

    /// The same text `ApigRequest::query_all` reads, for every kind of value: the query says
    /// what the event says.
    #[test]
    fn values_read_as_the_event_reads_them() {
        let values = json!({
            "s": "x y", "n": 10, "f": 0.1, "big": 18446744073709551615u64, "t": false,
            "o": {"b": 2, "a": [1]}, "l": ["a", 2, null, [null, "n"], [], {"k": "v"}], "z": null
        });
        let event = fg_events::apig::ApigRequest {
            query_string_parameters: serde_json::from_value(values.clone()).unwrap(),
            ..Default::default()
        };
        let encoded = query(&values.to_string());
        let decoded: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
            .into_owned()
            .collect();
        for name in ["s", "n", "f", "big", "t", "o", "l", "z"] {
            let from_query: Vec<&str> = decoded
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect();
            let from_event = event.query_all(name);
            assert_eq!(from_query, from_event, "{name}");
        }
    }

    #[test]
    fn other_types_are_refused_as_a_map_would_be() {
        let error = MapOrNull(Parameters(&mut String::new()))
            .deserialize(&mut serde_json::Deserializer::from_str(r#""q=1""#))
            .unwrap_err();
        assert!(error.to_string().contains("expected a map"), "{error}");
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
            let encoded = query(&json!({"k": [value, value]}).to_string());
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
