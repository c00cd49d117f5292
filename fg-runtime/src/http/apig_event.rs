//! An APIG event decoded straight into what its `http::Request` is made of: the method as a
//! `Method`, headers into a `HeaderMap`, `queryStringParameters` into the encoded query. Going
//! through `fg_events::apig::ApigRequest` first built two hash maps, a string per header name
//! and a JSON value per parameter only to take them apart again (about 3,000 instructions of
//! the APIG request's 77,000, docs/PERFORMANCE.md).
//!
//! It reads what `ApigRequest` reads, as leniently and with the same errors: only `httpMethod`
//! is required; `null` maps are empty; `isBase64Encoded` is true when missing; unknown keys are
//! ignored; a key given twice is an error. Two things differ, both about input the gateway
//! does not send: a header or parameter name given twice keeps every value (the map kept the
//! last, so a header value HTTP cannot carry was dropped unseen when a later one replaced it),
//! and parameters keep the event's order (the map had none, so they were sorted).
//! `agreement.rs` holds the two readings to each other, for the tests below and the fuzz
//! target `apig_event`.

use std::collections::HashMap;
use std::fmt;

use fg_events::apig::ApigRequestContext;
use http::Method;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::map_or_null::MapOrNull;
use super::query;

#[cfg(any(test, feature = "fuzzing"))]
pub(crate) mod agreement;

/// The methods API Gateway (dedicated) lets an API use (`ANY` arrives as the client's method).
const METHODS: [Method; 7] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::HEAD,
    Method::OPTIONS,
];

/// The name `ApigRequest`'s decoding errors use: the same event is reported the same way.
pub(crate) const TYPE_NAME: &str = "ApigRequest";

/// An APIG event, decoded for [`to_http`](super::apig_request::to_http). Problems that make it
/// no request (a method the gateway does not send, a header HTTP cannot carry) are kept for
/// the conversion to report, so that decoding fails only where `ApigRequest`'s does.
#[derive(Debug)]
pub(crate) struct ApigEvent {
    /// The method, or `httpMethod` as sent when it is not one the gateway sends.
    pub(crate) method: Result<Method, String>,
    pub(crate) path: String,
    /// The encoded query string, without `?`.
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    /// What is wrong with the first header that is not an HTTP header.
    pub(crate) bad_header: Option<String>,
    pub(crate) body: String,
    pub(crate) is_base64_encoded: bool,
    pub(crate) request_context: ApigRequestContext,
    pub(crate) path_parameters: HashMap<String, String>,
    pub(crate) user_data: Option<String>,
}

impl<'de> Deserialize<'de> for ApigEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

/// The event's keys, as `ApigRequest` names them.
#[derive(Clone, Copy)]
enum Key {
    Body,
    RequestContext,
    QueryStringParameters,
    HttpMethod,
    PathParameters,
    Headers,
    Path,
    IsBase64Encoded,
    UserData,
    Other,
}

impl Key {
    const NAMES: [&'static str; 9] = [
        "body",
        "requestContext",
        "queryStringParameters",
        "httpMethod",
        "pathParameters",
        "headers",
        "path",
        "isBase64Encoded",
        "user_data",
    ];

    fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("field identifier")
            }

            fn visit_str<E>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "body" => Key::Body,
                    "requestContext" => Key::RequestContext,
                    "queryStringParameters" => Key::QueryStringParameters,
                    "httpMethod" => Key::HttpMethod,
                    "pathParameters" => Key::PathParameters,
                    "headers" => Key::Headers,
                    "path" => Key::Path,
                    "isBase64Encoded" => Key::IsBase64Encoded,
                    "user_data" => Key::UserData,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = ApigEvent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct ApigRequest")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ApigEvent, A::Error> {
        let mut seen = 0u16;
        let mut method = None;
        let mut event = ApigEvent {
            method: Err(String::new()),
            path: String::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            bad_header: None,
            body: String::new(),
            is_base64_encoded: true,
            request_context: ApigRequestContext::default(),
            path_parameters: HashMap::new(),
            user_data: None,
        };
        while let Some(key) = map.next_key::<Key>()? {
            if !matches!(key, Key::Other) {
                let bit = 1 << key as u16;
                if seen & bit != 0 {
                    return Err(de::Error::duplicate_field(key.name()));
                }
                seen |= bit;
            }
            match key {
                Key::Body => event.body = map.next_value()?,
                Key::RequestContext => {
                    event.request_context = map
                        .next_value::<Option<ApigRequestContext>>()?
                        .unwrap_or_default();
                }
                Key::QueryStringParameters => {
                    map.next_value_seed(MapOrNull(query::Parameters(&mut event.query)))?;
                }
                Key::HttpMethod => method = Some(map.next_value_seed(MethodSeed)?),
                Key::PathParameters => {
                    event.path_parameters = map
                        .next_value::<Option<HashMap<String, String>>>()?
                        .unwrap_or_default();
                }
                Key::Headers => map.next_value_seed(MapOrNull(Headers {
                    headers: &mut event.headers,
                    bad: &mut event.bad_header,
                }))?,
                Key::Path => event.path = map.next_value()?,
                Key::IsBase64Encoded => event.is_base64_encoded = map.next_value()?,
                Key::UserData => event.user_data = map.next_value()?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        event.method = method.ok_or_else(|| de::Error::missing_field("httpMethod"))?;
        Ok(event)
    }
}

/// `httpMethod`: one of [`METHODS`] in any case, around spaces; else the text as sent.
struct MethodSeed;

impl<'de> DeserializeSeed<'de> for MethodSeed {
    type Value = Result<Method, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for MethodSeed {
    type Value = Result<Method, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E>(self, name: &str) -> Result<Self::Value, E> {
        let trimmed = name.trim();
        Ok(METHODS
            .iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(trimmed))
            .cloned()
            .ok_or_else(|| name.to_owned()))
    }
}

/// `headers` (a map of strings; `null` through [`MapOrNull`]) appended to a `HeaderMap`, names
/// lower-cased as `HeaderName` keeps them. A name or value HTTP cannot carry is noted, not an
/// error: the event is still an event, only not a request.
struct Headers<'a> {
    headers: &'a mut HeaderMap,
    bad: &'a mut Option<String>,
}

impl<'de> Visitor<'de> for Headers<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if let Some(size) = map.size_hint() {
            self.headers.reserve(size);
        }
        while let Some(name) = map.next_key_seed(NameSeed)? {
            let value = map.next_value_seed(ValueSeed)?;
            match (name, value) {
                (Ok(name), Some(value)) => {
                    self.headers.append(name, value);
                }
                (Ok(name), None) => note(
                    self.bad,
                    format!(
                        "`headers.{name}` holds a control character, which HTTP header values cannot carry"
                    ),
                ),
                (Err(name), _) => note(
                    self.bad,
                    format!("`headers` has `{name}`, which is not an HTTP header name"),
                ),
            }
        }
        Ok(())
    }
}

fn note(bad: &mut Option<String>, problem: String) {
    if bad.is_none() {
        *bad = Some(problem);
    }
}

/// A header name: the `HeaderName`, or the text as sent when it is not one.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Result<HeaderName, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for NameSeed {
    type Value = Result<HeaderName, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E>(self, name: &str) -> Result<Self::Value, E> {
        Ok(HeaderName::from_bytes(name.as_bytes()).map_err(|_| name.to_owned()))
    }
}

/// A header value, `None` when it holds a control character.
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Option<HeaderValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_string(self)
    }
}

impl Visitor<'_> for ValueSeed {
    type Value = Option<HeaderValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    /// `from_bytes`, not `from_str`: non-ASCII text (a name with an umlaut) is a valid value.
    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(HeaderValue::from_bytes(value.as_bytes()).ok())
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(HeaderValue::from_maybe_shared(bytes::Bytes::from(value)).ok())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::agreement::{self, Agreement};
    use crate::decode::mutate::{Rng, Style, mutate, write};

    /// How many mutated events each document yields.
    const CASES: usize = 300;

    /// An event with something of everything the mapping reads, and some of what it refuses.
    fn rich() -> Value {
        json!({
            "httpMethod": " post ",
            "path": "/a b/ü",
            "headers": {
                "Host": "Example.COM:8443", "x-forwarded-proto": "http", "x-name": "Jürgen",
                "x-empty": "", "bad name": "v", "x-break": "line\nbreak", "content-type": "text/plain"
            },
            "queryStringParameters": {
                "q": "fish & chips", "n": 10, "f": 0.5, "on": true, "none": null,
                "tags": ["a", null, 2, ["x"], {"k": "v"}], "o": {"b": [1]}, "ü": "€"
            },
            "pathParameters": {"id": "7", "": "rest/of/path"},
            "requestContext": {"apiId": "a", "requestId": "r", "stage": "RELEASE", "sourceIp": "10.0.0.1"},
            "body": "aGk",
            "isBase64Encoded": true,
            "user_data": "tenant-7",
            "extra": {"ignored": [1, 2]}
        })
    }

    fn documents() -> Vec<Value> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fg-events/fixtures/apig");
        let mut documents = vec![rich()];
        for dir in [root.clone(), root.join("invalid")] {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .expect("APIG fixtures")
                .map(|entry| entry.expect("readable fixtures directory").path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("readable fixture");
                documents.push(serde_json::from_str(&text).expect("fixtures are JSON"));
            }
        }
        documents
    }

    /// Over thousands of seeded events (the fixtures and the rich event above, with values
    /// replaced by other JSON types, members deleted, renamed, repeated and shuffled, keys
    /// escaped): the direct decoding fails exactly when `ApigRequest`'s does, with the same
    /// message, and otherwise reads the same request.
    #[test]
    fn events_read_as_apig_request_reads_them() {
        let documents = documents();
        assert!(documents.len() > 10, "documents: {}", documents.len());
        let (mut accepted, mut rejected) = (0, 0);
        for (d, document) in documents.iter().enumerate() {
            for case in 0..CASES {
                let mut rng = Rng((d * CASES + case) as u64);
                let mut value = document.clone();
                if case > 0 {
                    mutate(&mut value, &mut rng);
                }
                let mut text = String::new();
                let style = Style::pick(&mut rng);
                write(&value, &mut text, &mut rng, style, 0);
                match agreement::compare(text.as_bytes()) {
                    Agreement::Accepted => accepted += 1,
                    Agreement::Rejected => rejected += 1,
                }
            }
        }
        assert!(
            accepted > 1_000 && rejected > 1_000,
            "{accepted} / {rejected}"
        );
    }
}
