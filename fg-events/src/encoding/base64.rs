//! Lazy standard base64: the text is kept as sent and decoded only when asked.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use ::base64::Engine as _;
use ::base64::alphabet;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SharedBody;

/// Standard alphabet; `=` padding optional when decoding, always written when encoding.
///
/// Padding is optional because the platform mixes both forms: record `data` is padded, while
/// `next_partition_cursor` is not (docs/PLATFORM.md §9.1, §10.5).
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 text (standard alphabet, padding optional), decoded on access.
///
/// Serialises and deserialises as the plain JSON string. Decoding accepts the text with or without
/// `=` padding; [`Base64Text::encode`] writes padded text, as the platform does.
///
/// ```
/// use fg_events::encoding::Base64Text;
///
/// let text = Base64Text::new("d2VsY29tZQ");
/// assert_eq!(text.decode()?, b"welcome");
///
/// // Reuse one buffer for many values: `decode_into` clears it first.
/// let mut buf = Vec::new();
/// assert_eq!(text.decode_into(&mut buf)?, b"welcome");
/// assert_eq!(Base64Text::encode("using").decode_into(&mut buf)?, b"using");
/// # Ok::<(), fg_events::encoding::Base64Error>(())
/// ```
///
/// Decoded by fg-runtime, the text shares the event body instead of copying it: it then keeps
/// the body alive while it lives (clones share it too). [`Base64Text::into_string`] keeps only
/// the text.
#[derive(Clone)]
pub struct Base64Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// `body[range]`, valid UTF-8: the deserializer lent it as a `&str`.
    Shared {
        body: Arc<Vec<u8>>,
        range: Range<usize>,
    },
}

impl Base64Text {
    /// Wraps base64 text as received; it is not checked until it is decoded.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Repr::Owned(text.into()))
    }

    /// Encodes `bytes` as padded standard base64.
    pub fn encode(bytes: impl AsRef<[u8]>) -> Self {
        Self::new(ENGINE.encode(bytes))
    }

    /// The base64 text, as received.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            // Always valid (see `Repr::Shared`); checking again is the price of no `unsafe`,
            // a fraction of what decoding costs.
            Repr::Shared { body, range } => std::str::from_utf8(&body[range.clone()])
                .expect("shared base64 text is a slice the deserializer lent as UTF-8"),
        }
    }

    /// The text's bytes, without the UTF-8 check `as_str` makes.
    fn bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(text) => text.as_bytes(),
            Repr::Shared { body, range } => &body[range.clone()],
        }
    }

    /// The base64 text, as received.
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { .. } => self.as_str().to_owned(),
        }
    }

    /// Whether the text is empty (which decodes to no bytes).
    pub fn is_empty(&self) -> bool {
        self.bytes().is_empty()
    }

    /// Decodes into a new `Vec`.
    ///
    /// # Errors
    /// [`Base64Error`] if the text is not valid standard base64.
    pub fn decode(&self) -> Result<Vec<u8>, Base64Error> {
        ENGINE.decode(self.bytes()).map_err(Base64Error)
    }

    /// Clears `buf`, decodes into it and returns the decoded bytes.
    ///
    /// Once `buf` has grown to the largest value, decoding allocates nothing. On error `buf` is
    /// left empty.
    ///
    /// # Errors
    /// [`Base64Error`] if the text is not valid standard base64.
    pub fn decode_into<'b>(&self, buf: &'b mut Vec<u8>) -> Result<&'b [u8], Base64Error> {
        buf.clear();
        self.decode_append(buf)?;
        Ok(buf.as_slice())
    }

    /// Appends the decoded bytes to `buf`, keeping what it already holds, and returns how many
    /// bytes were appended.
    ///
    /// On error `buf` is truncated back to its previous length.
    ///
    /// # Errors
    /// [`Base64Error`] if the text is not valid standard base64.
    pub fn decode_append(&self, buf: &mut Vec<u8>) -> Result<usize, Base64Error> {
        let before = buf.len();
        match ENGINE.decode_vec(self.bytes(), buf) {
            Ok(()) => Ok(buf.len() - before),
            Err(e) => {
                // `decode_vec` grows the buffer before it validates the input.
                buf.truncate(before);
                Err(Base64Error(e))
            }
        }
    }
}

impl Default for Base64Text {
    fn default() -> Self {
        Self::new(String::new())
    }
}

impl fmt::Debug for Base64Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Base64Text").field(&self.as_str()).finish()
    }
}

impl PartialEq for Base64Text {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Base64Text {}

impl Hash for Base64Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for Base64Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Base64Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Shares a borrowed string that lies inside the body being decoded; copies any other.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Base64Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(match SharedBody::locate(text) {
            Some((body, range)) => Base64Text(Repr::Shared { body, range }),
            None => Base64Text::new(text),
        })
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Base64Text::new(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Base64Text::new(text))
    }
}

impl From<String> for Base64Text {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for Base64Text {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<Base64Text> for String {
    fn from(text: Base64Text) -> Self {
        text.into_string()
    }
}

impl AsRef<str> for Base64Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Base64Text {
    /// Writes the base64 text, not the decoded bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that is not valid standard base64 (for example "Invalid symbol 36, offset 3.").
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Base64Error(::base64::DecodeError);

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Base64Error {}

#[cfg(test)]
mod tests {
    use super::Base64Text;

    #[test]
    fn decodes_with_and_without_padding() {
        for text in ["RnVuY3Rpb25TdGFnZQ==", "RnVuY3Rpb25TdGFnZQ"] {
            assert_eq!(
                Base64Text::new(text).decode().as_deref(),
                Ok(&b"FunctionStage"[..])
            );
        }
        assert_eq!(Base64Text::default().decode(), Ok(Vec::new()));
    }

    #[test]
    fn encodes_padded_and_round_trips_arbitrary_bytes() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = Base64Text::encode(&bytes);
        assert!(text.as_str().ends_with('='), "{text}");
        assert_eq!(text.decode(), Ok(bytes));
        assert_eq!(Base64Text::encode("service").as_str(), "c2VydmljZQ==");
    }

    #[test]
    fn rejects_other_alphabets_and_garbage() {
        // URL-safe `-`/`_` are not part of the standard alphabet the platform uses.
        let err = Base64Text::new("ab-_").decode().unwrap_err();
        assert_eq!(err.to_string(), "Invalid symbol 45, offset 2.");
        assert!(Base64Text::new("abc$").decode().is_err());
        assert!(Base64Text::new("a").decode().is_err());
    }

    #[test]
    fn decode_into_clears_and_decode_append_appends() {
        let mut buf = b"old".to_vec();
        assert_eq!(
            Base64Text::encode("new").decode_into(&mut buf),
            Ok(&b"new"[..])
        );
        assert_eq!(Base64Text::encode("er").decode_append(&mut buf), Ok(2));
        assert_eq!(buf, b"newer");
    }

    #[test]
    fn failed_decodes_leave_the_buffer_clean() {
        let bad = Base64Text::new("d2VsY29tZQ=$");
        let mut buf = b"kept".to_vec();
        assert!(bad.decode_append(&mut buf).is_err());
        assert_eq!(buf, b"kept");
        assert!(bad.decode_into(&mut buf).is_err());
        assert!(buf.is_empty());
    }

    #[test]
    fn serialises_as_the_plain_string() {
        let text: Base64Text = serde_json::from_str(r#""dXNpbmc=""#).unwrap();
        assert_eq!(text.as_str(), "dXNpbmc=");
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""dXNpbmc=""#);
    }
}

#[cfg(test)]
mod shared_tests {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    use std::sync::Arc;

    use super::{Base64Text, Repr};
    use crate::encoding::SharedBody;

    fn hash(text: &Base64Text) -> u64 {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        h.finish()
    }

    #[test]
    fn borrowed_strings_inside_the_scope_share_the_body() {
        let body = Arc::new(br#"["c2VydmljZQ==","a\/b","", "x"]"#.to_vec());
        let texts: Vec<Base64Text> =
            SharedBody::scope(&body, || serde_json::from_slice(&body)).unwrap();
        assert!(matches!(&texts[0].0, Repr::Shared { range, .. } if *range == (2..14)));
        // Escaped strings are unescaped into a copy; empty ones need no body.
        assert!(matches!(&texts[1].0, Repr::Owned(t) if t == "a/b"));
        assert!(matches!(&texts[2].0, Repr::Owned(t) if t.is_empty()));
        assert!(matches!(&texts[3].0, Repr::Shared { .. }));
        assert_eq!(Arc::strong_count(&body), 3);

        let owned = Base64Text::encode("service");
        assert_eq!(texts[0], owned);
        assert_eq!(hash(&texts[0]), hash(&owned));
        assert_eq!(format!("{:?}", texts[0]), format!("{owned:?}"));
        assert_eq!(texts[0].to_string(), "c2VydmljZQ==");
        assert_eq!(texts[0].decode().unwrap(), b"service");
        assert_eq!(
            serde_json::to_string(&texts).unwrap(),
            r#"["c2VydmljZQ==","a/b","","x"]"#
        );
        assert_eq!(texts[0].clone().into_string(), "c2VydmljZQ==");
        drop(texts);
        assert_eq!(Arc::strong_count(&body), 1);
    }

    #[test]
    fn other_bytes_and_no_scope_are_copied() {
        let body = Arc::new(br#""c2VydmljZQ==""#.to_vec());
        let outside: Base64Text = serde_json::from_slice(&body).unwrap();
        assert!(matches!(outside.0, Repr::Owned(_)));
        let other = br#""c2VydmljZQ==""#.to_vec();
        let elsewhere: Base64Text =
            SharedBody::scope(&body, || serde_json::from_slice(&other)).unwrap();
        assert!(matches!(elsewhere.0, Repr::Owned(_)));
        // Nested scopes restore the outer body, also after a panic.
        let inner = Arc::new(other.clone());
        let result = std::panic::catch_unwind(|| {
            SharedBody::scope(&body, || {
                SharedBody::scope::<()>(&inner, || panic!("in the decoder"));
            });
        });
        assert!(result.is_err());
        assert_eq!(Arc::strong_count(&body), 1);
        assert_eq!(Arc::strong_count(&inner), 1);
        let shared: Base64Text = SharedBody::scope(&body, || {
            let _: Base64Text =
                SharedBody::scope(&inner, || serde_json::from_slice(&inner)).unwrap();
            serde_json::from_slice(&body)
        })
        .unwrap();
        assert!(matches!(shared.0, Repr::Shared { .. }));
        assert_eq!(shared, outside);
    }
}
