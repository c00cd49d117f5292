//! The direct decoding held to `ApigRequest`'s: one event read both ways must give the same
//! request or the same error. Used by the seeded test in `apig_event.rs` and, through
//! `fg_runtime::__fuzzing::apig_event`, by the fuzz target `apig_event`.

use std::collections::HashMap;
use std::fmt;

use fg_events::apig::ApigRequest;
use http::header::{HeaderName, HeaderValue};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::{ApigEvent, METHODS, TYPE_NAME};
use crate::decode::{event, event_named};
use crate::http::map_or_null::MapOrNull;

/// How both decodings answered one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agreement {
    /// Both read it, as the same request.
    Accepted,
    /// Both refused it, with the same message.
    Rejected,
}

/// Decodes `json` as an `ApigRequest` and as an [`ApigEvent`].
///
/// # Panics
/// When the two disagree: one accepts what the other refuses, they refuse with different
/// messages, or they read different requests. The message shows the event.
pub(crate) fn compare(json: &[u8]) -> Agreement {
    let text = String::from_utf8_lossy(json);
    match (
        event::<ApigRequest>(json),
        event_named::<ApigEvent>(json, TYPE_NAME),
    ) {
        (Ok(reference), Ok(direct)) => {
            agree(&reference, &direct, json, &text);
            Agreement::Accepted
        }
        (Err(reference), Err(direct)) => {
            // A top-level array is a struct's fields in order to serde's derive; the gateway
            // never sends one, both refuse it, in their own words.
            if !json.trim_ascii_start().starts_with(b"[") {
                assert_eq!(reference.error_message, direct.error_message, "{text}");
            }
            Agreement::Rejected
        }
        (reference, direct) => {
            panic!("{text}\nApigRequest: {reference:?}\ndirect: {direct:?}")
        }
    }
}

fn agree(reference: &ApigRequest, direct: &ApigEvent, json: &[u8], text: &str) {
    let method = reference.http_method.trim();
    match &direct.method {
        Ok(m) => assert!(m.as_str().eq_ignore_ascii_case(method), "{text}"),
        Err(name) => {
            assert_eq!(name, &reference.http_method, "{text}");
            assert!(
                !METHODS
                    .iter()
                    .any(|m| m.as_str().eq_ignore_ascii_case(method)),
                "{text}"
            );
        }
    }
    assert_eq!(direct.path, reference.path, "{text}");
    assert_eq!(
        (&direct.body, direct.is_base64_encoded),
        (&reference.body, reference.is_base64_encoded),
        "{text}"
    );
    assert_eq!(direct.request_context, reference.request_context, "{text}");
    assert_eq!(direct.path_parameters, reference.path_parameters, "{text}");
    assert_eq!(direct.user_data, reference.user_data, "{text}");

    // The map keeps the last value of a name the event gives twice; the direct reading keeps
    // every one. Read the members in order to know which.
    let members: Members = serde_json::from_slice(json).expect("an accepted event's members");
    agree_on_headers(reference, direct, &members.headers.0, text);
    agree_on_query(reference, direct, &members.query.0, text);
}

fn agree_on_headers(
    reference: &ApigRequest,
    direct: &ApigEvent,
    members: &[(String, String)],
    text: &str,
) {
    assert_eq!(last_wins(members), reference.headers, "{text}");
    let valid = |name: &str, value: &str| {
        HeaderName::from_bytes(name.as_bytes()).is_ok()
            && HeaderValue::from_bytes(value.as_bytes()).is_ok()
    };
    let all_valid = members.iter().all(|(n, v)| valid(n, v));
    assert_eq!(direct.bad_header.is_none(), all_valid, "{text}");
    if !all_valid {
        return;
    }
    // Every header of the event, in its order within each name, and nothing else.
    assert_eq!(direct.headers.len(), members.len(), "{text}");
    for (name, _) in members {
        let expected: Vec<&[u8]> = members
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_bytes())
            .collect();
        let found: Vec<&[u8]> = direct
            .headers
            .get_all(name.as_str())
            .iter()
            .map(HeaderValue::as_bytes)
            .collect();
        assert_eq!(found, expected, "{name}: {text}");
    }
}

fn agree_on_query(
    reference: &ApigRequest,
    direct: &ApigEvent,
    members: &[(String, Value)],
    text: &str,
) {
    assert_eq!(
        last_wins(members),
        reference.query_string_parameters,
        "{text}"
    );
    // Each member's values as `ApigRequest::query_all` reads them, in the event's order.
    let mut expected = Vec::new();
    for (name, value) in members {
        let one = ApigRequest {
            query_string_parameters: HashMap::from([(name.clone(), value.clone())]),
            ..ApigRequest::default()
        };
        for value in one.query_all(name) {
            expected.push((name.clone(), value.into_owned()));
        }
    }
    let found: Vec<(String, String)> = form_urlencoded::parse(direct.query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(found, expected, "{text}");
}

/// A map of `members`, as serde reads an object into one: the last value of a name stays.
fn last_wins<V: Clone>(members: &[(String, V)]) -> HashMap<String, V> {
    members.iter().cloned().collect()
}

/// The members of `headers` and `queryStringParameters`, in the event's order, names given
/// twice included.
#[derive(Deserialize)]
struct Members {
    #[serde(default)]
    headers: Pairs<String>,
    #[serde(default, rename = "queryStringParameters")]
    query: Pairs<Value>,
}

struct Pairs<V>(Vec<(String, V)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut pairs = Vec::new();
        MapOrNull(Collect(&mut pairs)).deserialize(deserializer)?;
        Ok(Pairs(pairs))
    }
}

/// A map's entries pushed in order.
struct Collect<'a, V>(&'a mut Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for Collect<'_, V> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(pair) = map.next_entry()? {
            self.0.push(pair);
        }
        Ok(())
    }
}
