//! Lenient deserializers for fields whose JSON type the platform's sources disagree on.
//!
//! Every event module uses these through `#[serde(deserialize_with = "…")]`, so each quirk is
//! handled once, under a name that says what it accepts. They are public so that your own types
//! for triggers fg-events does not cover yet can reuse them.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct MyRecord {
//!     #[serde(deserialize_with = "fg_events::lenient::string_or_number")]
//!     id: String,
//!     #[serde(default, deserialize_with = "fg_events::lenient::opt_integer")]
//!     time: Option<i64>,
//! }
//!
//! let a: MyRecord = serde_json::from_str(r#"{"id": 7, "time": "1509606392191"}"#)?;
//! let b: MyRecord = serde_json::from_str(r#"{"id": "7"}"#)?;
//! assert_eq!((a.id.as_str(), a.time), ("7", Some(1_509_606_392_191)));
//! assert_eq!((b.id.as_str(), b.time), ("7", None));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Accepts a JSON string or integer and stores it as its decimal text.
///
/// Strings are kept verbatim (not validated as numbers); integers become their decimal form,
/// so `17` and `"17"` both give `"17"`. Floats, booleans, `null`, arrays and objects are rejected
/// with "expected a string or number".
///
/// # Errors
/// The deserializer's error for any other JSON type.
pub fn string_or_number<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    text_or_number(deserializer)
}

/// [`string_or_number`] into any type made from text (the DIS sequence number keeps short text
/// inline instead of in a `String`).
pub(crate) fn text_or_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + for<'a> From<&'a str> + From<String>,
{
    // Without `nullable` the visitor never produces `None`.
    deserializer
        .deserialize_any(StringOrNumber::<T>::new(false))
        .map(Option::unwrap_or_default)
}

/// Like [`string_or_number`], but also accepts `null`, which gives `None`.
///
/// Use it with `#[serde(default)]` so that a missing field gives `None` too.
///
/// # Errors
/// The deserializer's error for any JSON type other than a string, an integer or `null`.
pub fn opt_string_or_number<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(StringOrNumber::<String>::new(true))
}

/// Accepts a JSON integer, an integer written as a string, an empty string or `null`.
///
/// `null` and `""` give `None`: the platform uses `""` as a placeholder for numbers it does not
/// fill in (DIS `millis_behind_latest`, docs/PLATFORM.md §9.1). Use it with `#[serde(default)]` so
/// that a missing field gives `None` too.
///
/// # Errors
/// The deserializer's error for a string that is not an `i64`, a number out of `i64` range, a
/// float, or any other JSON type.
pub fn opt_integer<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(OptInteger)
}

struct StringOrNumber<T> {
    nullable: bool,
    text: PhantomData<fn() -> T>,
}

impl<T> StringOrNumber<T> {
    fn new(nullable: bool) -> Self {
        Self {
            nullable,
            text: PhantomData,
        }
    }
}

impl<'de, T> Visitor<'de> for StringOrNumber<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nullable {
            f.write_str("a string, number or null")
        } else {
            f.write_str("a string or number")
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(T::from(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(T::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(T::from(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(T::from(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.nullable {
            Ok(None)
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

struct OptInteger;

impl<'de> Visitor<'de> for OptInteger {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, an integer in a string, or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Accepts a JSON string, kept verbatim, or any other JSON value, kept as its compact JSON text;
/// `null` gives `None`.
///
/// For fields documented as JSON inside a string that a runtime SDK also types as an object: DDS
/// `full_document` and `ns` are strings in the sample and `string | object` in the NODE d.ts
/// (docs/PLATFORM.md §9.10). Use it with `#[serde(default)]` so that a missing field gives `None`
/// too.
///
/// ```
/// use fg_events::encoding::JsonString;
///
/// #[derive(serde::Deserialize)]
/// struct Change {
///     #[serde(default, deserialize_with = "fg_events::lenient::opt_json_string")]
///     ns: Option<JsonString>,
/// }
///
/// let a: Change = serde_json::from_str(r#"{"ns": "{\"db\": \"shop\"}"}"#)?;
/// let b: Change = serde_json::from_str(r#"{"ns": {"db": "shop"}}"#)?;
/// assert_eq!(a.ns.unwrap().as_str(), r#"{"db": "shop"}"#);
/// assert_eq!(b.ns.unwrap().as_str(), r#"{"db":"shop"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// The deserializer's error if the input is not JSON.
pub fn opt_json_string<'de, D>(
    deserializer: D,
) -> Result<Option<crate::encoding::JsonString>, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::Deserialize as _;

    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            None => None,
            Some(serde_json::Value::String(text)) => Some(text.into()),
            Some(other) => Some(other.to_string().into()),
        },
    )
}

/// Accepts `null` as the type's default value (an empty map, an empty string …).
///
/// For objects and maps the platform may send as `null` rather than leave out (APIG
/// `queryStringParameters`, `pathParameters` and `headers`, whose Go SDK types are maps that
/// decode `null` silently: docs/PLATFORM.md §9.4). Use it with `#[serde(default)]` so that a
/// missing field gives the default too.
///
/// ```
/// use std::collections::HashMap;
///
/// #[derive(serde::Deserialize)]
/// struct Request {
///     #[serde(default, deserialize_with = "fg_events::lenient::null_as_default")]
///     headers: HashMap<String, String>,
/// }
///
/// let a: Request = serde_json::from_str(r#"{"headers": null}"#)?;
/// let b: Request = serde_json::from_str(r#"{"headers": {"host": "h"}}"#)?;
/// assert!(a.headers.is_empty());
/// assert_eq!(b.headers["host"], "h");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// The deserializer's error for a value that is neither `null` nor a valid `T`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize<'de>>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "super::opt_string_or_number")]
        text: Option<String>,
        #[serde(default, deserialize_with = "super::opt_integer")]
        int: Option<i64>,
    }

    fn probe(json: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn opt_string_or_number_accepts_string_number_null_and_missing() {
        let cases = [
            (r#"{"text": "x"}"#, Some("x")),
            (r#"{"text": ""}"#, Some("")),
            (r#"{"text": 42}"#, Some("42")),
            (r#"{"text": -1}"#, Some("-1")),
            (r#"{"text": null}"#, None),
            ("{}", None),
        ];
        for (json, expected) in cases {
            let parsed = probe(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(parsed.text.as_deref(), expected, "{json}");
        }
    }

    #[test]
    fn opt_integer_accepts_number_numeric_string_empty_null_and_missing() {
        let cases = [
            (r#"{"int": 5}"#, Some(5)),
            (r#"{"int": "5"}"#, Some(5)),
            (r#"{"int": ""}"#, None),
            (r#"{"int": null}"#, None),
            ("{}", None),
        ];
        for (json, expected) in cases {
            let parsed = probe(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(parsed.int, expected, "{json}");
        }
    }

    #[test]
    fn rejections_say_what_is_accepted() {
        let err = probe(r#"{"text": 1.5}"#).unwrap_err().to_string();
        assert!(err.contains("expected a string, number or null"), "{err}");
        let err = probe(r#"{"text": {}}"#).unwrap_err().to_string();
        assert!(err.contains("invalid type: map"), "{err}");
        let err = probe(r#"{"int": "soon"}"#).unwrap_err().to_string();
        assert!(err.contains("invalid value: string \"soon\""), "{err}");
        let err = probe(r#"{"int": 18446744073709551615}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("18446744073709551615"), "{err}");
    }
}
