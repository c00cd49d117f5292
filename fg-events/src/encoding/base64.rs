//! Lazy standard base64: the text is kept as sent and decoded only when asked.

use std::fmt;

use ::base64::Engine as _;
use ::base64::alphabet;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::{Deserialize, Serialize};

/// Standard alphabet; `=` padding optional when decoding, always written when encoding.
///
/// Padding is optional because the platform mixes both forms: record `data` is padded, while
/// `next_partition_cursor` is not (platform doc §9.1, §10.5).
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
#[derive(Clone, Debug, Default, Deserialize, Eq, Hash, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Base64Text(String);

impl Base64Text {
    /// Wraps base64 text as received; it is not checked until it is decoded.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// Encodes `bytes` as padded standard base64.
    pub fn encode(bytes: impl AsRef<[u8]>) -> Self {
        Self(ENGINE.encode(bytes))
    }

    /// The base64 text, as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base64 text, as received.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether the text is empty (which decodes to no bytes).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Decodes into a new `Vec`.
    ///
    /// # Errors
    /// [`Base64Error`] if the text is not valid standard base64.
    pub fn decode(&self) -> Result<Vec<u8>, Base64Error> {
        ENGINE.decode(&self.0).map_err(Base64Error)
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
        match ENGINE.decode_vec(&self.0, buf) {
            Ok(()) => Ok(buf.len() - before),
            Err(e) => {
                // `decode_vec` grows the buffer before it validates the input.
                buf.truncate(before);
                Err(Base64Error(e))
            }
        }
    }
}

impl From<String> for Base64Text {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Base64Text {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<Base64Text> for String {
    fn from(text: Base64Text) -> Self {
        text.0
    }
}

impl AsRef<str> for Base64Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Base64Text {
    /// Writes the base64 text, not the decoded bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
