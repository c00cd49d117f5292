//! An `http::Response` as the APIG response object (docs/PLATFORM.md §9.4): `statusCode`,
//! `headers`, `body`, `isBase64Encoded`. Pure: the response's parts and collected body in,
//! the object out.
//!
//! - **Body as text or base64.** Text-like content types (`text/*`, JSON, XML, JavaScript,
//!   `+json`, `+xml`, form data) without a `Content-Encoding` go as text when the bytes are
//!   UTF-8; everything else, a compressed body or a text type with invalid UTF-8 included, goes
//!   base64 with `isBase64Encoded: true`, so the client gets the exact bytes. An empty body is
//!   `""` as text.
//! - **Headers.** A header with one value is a string, the shape the event-function samples
//!   use; a header with several values (two `Set-Cookie`s) is an **array** of strings, the shape
//!   the platform itself sends the gateway for HTTP functions (docs/PLATFORM.md §3; Huawei's
//!   openYuanrong runtime answers the gateway with `headers` as `map[string][]string` for every
//!   header). Joining them with commas would break cookies, whose dates hold commas; keeping one
//!   would lose the rest. Names are lower-case (the `http` crate's), values that are not UTF-8 are
//!   converted lossily, and the hop-by-hop `Connection`, `Keep-Alive` and `Transfer-Encoding` are
//!   left out: the gateway frames the body itself.
//! - **`HEAD`**: the body is dropped, the headers (`Content-Length` included) are kept.

use std::borrow::Cow;

use fg_events::encoding::Base64Text;
use http::HeaderMap;
use http::header::{CONTENT_ENCODING, CONTENT_TYPE};
use http::response::Parts;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The APIG response object, its headers written straight from the response's `HeaderMap`
/// (no copies: 1.0 → 0.6 µs for a small JSON answer).
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApigAnswer<'a> {
    pub(crate) status_code: u16,
    pub(crate) headers: AnswerHeaders<'a>,
    /// The response's own bytes when they go as text (no copy), else their base64.
    pub(crate) body: Cow<'a, str>,
    pub(crate) is_base64_encoded: bool,
}

/// A response's headers as the gateway takes them: one value as a string, several as an array.
#[derive(Debug)]
pub(crate) struct AnswerHeaders<'a>(&'a HeaderMap);

/// Headers that describe the connection, not the response.
const HOP_BY_HOP: [&str; 3] = ["connection", "keep-alive", "transfer-encoding"];

fn text(value: &http::HeaderValue) -> Cow<'_, str> {
    String::from_utf8_lossy(value.as_bytes())
}

impl Serialize for AnswerHeaders<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // `iter` yields a name's values one after the other: one pass, no lookups by name.
        let mut entries = self.0.iter().peekable();
        while let Some((name, value)) = entries.next() {
            let repeated = entries.peek().is_some_and(|(next, _)| *next == name);
            if HOP_BY_HOP.contains(&name.as_str()) {
                while entries.next_if(|(next, _)| *next == name).is_some() {}
            } else if repeated {
                let mut all = vec![text(value)];
                while let Some((_, value)) = entries.next_if(|(next, _)| *next == name) {
                    all.push(text(value));
                }
                map.serialize_entry(name.as_str(), &all)?;
            } else {
                map.serialize_entry(name.as_str(), &text(value))?;
            }
        }
        map.end()
    }
}

/// The APIG object for a response; `head` drops the body (the answer to a `HEAD` request).
pub(crate) fn from_http<'a>(parts: &'a Parts, body: &'a [u8], head: bool) -> ApigAnswer<'a> {
    let body = if head { &[][..] } else { body };
    let text_body = if body.is_empty() {
        Some("")
    } else if is_text(parts) {
        std::str::from_utf8(body).ok()
    } else {
        None
    };
    let (body, is_base64_encoded) = match text_body {
        Some(text) => (Cow::Borrowed(text), false),
        None => (Cow::Owned(Base64Text::encode(body).into_string()), true),
    };
    ApigAnswer {
        status_code: parts.status.as_u16(),
        headers: AnswerHeaders(&parts.headers),
        body,
        is_base64_encoded,
    }
}

/// Whether the body is text the gateway can take as a JSON string: a text-like type and no
/// content coding (a gzip body is bytes whatever its type).
fn is_text(parts: &Parts) -> bool {
    let encoded = parts
        .headers
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("identity"));
    if encoded {
        return false;
    }
    parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_text_type)
}

/// The `application/…` types that are text.
const TEXT_APPLICATION_TYPES: [&str; 12] = [
    "json",
    "xml",
    "javascript",
    "ecmascript",
    "x-javascript",
    "x-www-form-urlencoded",
    "graphql",
    "yaml",
    "x-yaml",
    "toml",
    "csv",
    "x-ndjson",
];

/// Compared in any case without a lower-cased copy (one allocation per response less).
fn is_text_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    let ends_with = |suffix: &str| {
        subtype.len() >= suffix.len()
            && subtype.as_bytes()[subtype.len() - suffix.len()..]
                .eq_ignore_ascii_case(suffix.as_bytes())
    };
    kind.eq_ignore_ascii_case("text")
        || ends_with("+json")
        || ends_with("+xml")
        || (kind.eq_ignore_ascii_case("application")
            && TEXT_APPLICATION_TYPES
                .iter()
                .any(|t| subtype.eq_ignore_ascii_case(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{Response, StatusCode};
    use serde_json::json;

    fn parts(status: u16, headers: &[(&str, &str)]) -> Parts {
        let mut builder = Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(
                *name,
                http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn answer(headers: &[(&str, &str)], body: &[u8]) -> serde_json::Value {
        serde_json::to_value(from_http(&parts(200, headers), body, false)).unwrap()
    }

    #[test]
    fn json_goes_as_text_with_its_status_and_headers() {
        let parts = parts(
            201,
            &[("content-type", "application/json"), ("location", "/o/7")],
        );
        let object = from_http(&parts, br#"{"id":7}"#, false);
        assert_eq!(
            serde_json::to_value(&object).unwrap(),
            json!({
                "statusCode": 201,
                "headers": {"content-type": "application/json", "location": "/o/7"},
                "body": "{\"id\":7}",
                "isBase64Encoded": false
            })
        );
    }

    #[test]
    fn text_like_types_are_text_and_the_rest_base64() {
        let text = [
            "text/plain; charset=utf-8",
            "TEXT/HTML",
            "application/json",
            "application/problem+json",
            "application/atom+xml",
            "application/xml",
            "application/javascript",
            "image/svg+xml",
        ];
        for content_type in text {
            let value = answer(&[("content-type", content_type)], b"hi");
            assert_eq!(value["isBase64Encoded"], false, "{content_type}");
            assert_eq!(value["body"], "hi");
        }
        for content_type in [
            "image/png",
            "application/octet-stream",
            "application/pdf",
            "nonsense",
        ] {
            let value = answer(&[("content-type", content_type)], b"hi");
            assert_eq!(value["isBase64Encoded"], true, "{content_type}");
            assert_eq!(value["body"], "aGk=");
        }
        let untyped = answer(&[], b"hi");
        assert_eq!(untyped["isBase64Encoded"], true, "no type: bytes");
    }

    #[test]
    fn a_content_encoding_makes_any_body_base64() {
        let value = answer(
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            &[0x1f, 0x8b, 8],
        );
        assert_eq!(value["isBase64Encoded"], true);
        assert_eq!(value["body"], "H4sI");
        let identity = answer(
            &[
                ("content-type", "text/plain"),
                ("content-encoding", "identity"),
            ],
            b"ok",
        );
        assert_eq!(identity["isBase64Encoded"], false);
    }

    #[test]
    fn invalid_utf8_in_a_text_type_goes_base64_unchanged() {
        let value = answer(&[("content-type", "text/plain")], &[b'a', 0xff, b'b']);
        assert_eq!(value["isBase64Encoded"], true);
        assert_eq!(value["body"], "Yf9i");
    }

    #[test]
    fn empty_bodies_are_empty_text() {
        for headers in [&[][..], &[("content-type", "image/png")][..]] {
            let value = answer(headers, b"");
            assert_eq!(value["body"], "");
            assert_eq!(value["isBase64Encoded"], false);
        }
    }

    #[test]
    fn repeated_headers_become_arrays_and_hop_by_hop_ones_are_dropped() {
        let value = answer(
            &[
                ("set-cookie", "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT"),
                ("set-cookie", "b=2"),
                ("set-cookie", "c=3"),
                ("vary", "accept"),
                ("transfer-encoding", "chunked"),
                ("connection", "close"),
                ("x-name", "J\u{fc}rgen"),
            ],
            b"",
        );
        assert_eq!(
            value["headers"],
            json!({
                "set-cookie": ["a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT", "b=2", "c=3"],
                "vary": "accept",
                "x-name": "Jürgen"
            })
        );
    }

    #[test]
    fn head_answers_keep_headers_and_drop_the_body() {
        let parts = parts(
            200,
            &[("content-type", "text/plain"), ("content-length", "5")],
        );
        let object = from_http(&parts, b"hello", true);
        assert_eq!(object.body, "");
        assert!(!object.is_base64_encoded);
        let value = serde_json::to_value(&object).unwrap();
        assert_eq!(value["headers"]["content-length"], "5");
    }

    #[test]
    fn every_status_passes_through() {
        for status in [200, 204, 302, 404, 418, 500, 599] {
            let parts = parts(status, &[]);
            let object = from_http(&parts, b"", false);
            assert_eq!(object.status_code, status);
        }
        assert_eq!(StatusCode::IM_A_TEAPOT.as_u16(), 418);
    }
}
