//! The `s3` part of an OBS record: the bucket and the object, and how object keys are encoded.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// Bytes OBS leaves unencoded in object keys: letters, digits and `-_.*`, as in
/// `application/x-www-form-urlencoded` (S3's rule). `/` is encoded: the real event in the Java
/// SDK's `asyncnotification.json` has `trace-cloud-source%2Fcts-trace-map-….png` (docs/PLATFORM.md
/// §9.3).
const KEY_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'*');

/// The `s3` object of an [`ObsRecord`](super::ObsRecord): which bucket and object changed.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObsS3 {
    /// `s3SchemaVersion`: `1.0`; missing from the Python sample (docs/PLATFORM.md §9.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_schema_version: Option<String>,
    /// `configurationId`: the id of the bucket's event notification rule.
    #[serde(default)]
    pub configuration_id: String,
    /// `bucket`: the bucket.
    pub bucket: ObsBucket,
    /// `object`: the object.
    pub object: ObsObject,
}

/// The `bucket` of an [`ObsS3`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObsBucket {
    /// `name`: the bucket name.
    #[serde(default)]
    pub name: String,
    /// `ownerIdentity`: the bucket owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_identity: Option<ObsOwnerIdentity>,
    /// `arn`: `arn:aws:s3:::<bucket>` in the samples (one Java sample has `arn:fss:s3:::…`).
    #[serde(default)]
    pub arn: String,
}

/// The `ownerIdentity` of an [`ObsBucket`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct ObsOwnerIdentity {
    /// `PrincipalId`, with a **capital P** here but a lower-case one in `userIdentity.principalId`
    /// (docs/PLATFORM.md §9.3). Both spellings are the platform's; the Java SDK uses the capital
    /// one for both and so misses the user's (docs/PLATFORM.md §12 item 11).
    #[serde(default, rename = "PrincipalId")]
    pub principal_id: String,
}

/// The `object` of an [`ObsS3`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObsObject {
    /// `key`: the object key, **URL-encoded** (`%XX`, and `+` for a space, as in S3;
    /// docs/PLATFORM.md §9.3). Read it decoded with [`ObsObject::key`].
    #[serde(rename = "key")]
    pub raw_key: String,
    /// `eTag`: the object's entity tag. The Go SDK tags it `etag`, which works only because Go
    /// matches keys case-insensitively (docs/PLATFORM.md §9.3, §12 item 11); the payload says
    /// `eTag`.
    #[serde(default, rename = "eTag", skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<String>,
    /// `size`: the object size in bytes, a JSON number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// `versionId`: the object version, or the **string** `"null"` in unversioned buckets;
    /// missing from the Python and Java samples (docs/PLATFORM.md §9.3). See
    /// [`ObsObject::version_id`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `sequencer`: orders the events of one key; compare as strings of equal length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequencer: Option<String>,
}

impl ObsObject {
    /// An object named `key` (given decoded; it is URL-encoded as OBS does).
    pub fn new(key: &str) -> Self {
        Self {
            raw_key: encode_key(key),
            ..Self::default()
        }
    }

    /// The object key, URL-decoded: `+` becomes a space and `%XX` the byte it encodes, as S3
    /// does. A malformed escape (`%` not followed by two hex digits) is kept as is, and decoded
    /// bytes that are not UTF-8 become U+FFFD; [`raw_key`](Self::raw_key) has the exact text.
    ///
    /// ```
    /// use fg_events::obs::ObsObject;
    ///
    /// let object = ObsObject { raw_key: "a%2Fb+c%2B%C3%A9.txt".to_owned(), ..Default::default() };
    /// assert_eq!(object.key(), "a/b c+é.txt");
    /// ```
    pub fn key(&self) -> Cow<'_, str> {
        decode_key(&self.raw_key)
    }

    /// The object key as sent (URL-encoded).
    pub fn raw_key(&self) -> &str {
        &self.raw_key
    }

    /// The object version; `None` when missing or the string `"null"` the platform sends for
    /// unversioned buckets (docs/PLATFORM.md §9.3).
    pub fn version_id(&self) -> Option<&str> {
        self.version_id.as_deref().filter(|id| *id != "null")
    }
}

/// Decodes an object key as S3 encodes it; borrows when there is nothing to decode.
fn decode_key(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['%', '+']) {
        return Cow::Borrowed(raw);
    }
    // `+` first: an encoded plus (`%2B`) must survive as `+`.
    let spaced = raw.replace('+', " ");
    Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
}

/// Encodes an object key as OBS does (see [`KEY_UNRESERVED`]), spaces as `+`.
fn encode_key(key: &str) -> String {
    key.split(' ')
        .map(|part| utf8_percent_encode(part, KEY_UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

#[cfg(test)]
mod tests {
    use super::{decode_key, encode_key};

    #[test]
    fn decodes_percent_escapes_and_plus_as_space() {
        let cases = [
            ("plain.txt", "plain.txt"),
            ("my+cat.png", "my cat.png"),
            ("a%2Fb%20c", "a/b c"),
            ("one%2Btwo", "one+two"),
            ("%E6%97%A5%E6%9C%AC.txt", "日本.txt"),
            ("100%", "100%"),
            ("%zz", "%zz"),
            ("%FF", "\u{fffd}"),
            ("", ""),
        ];
        for (raw, decoded) in cases {
            assert_eq!(decode_key(raw), decoded, "{raw}");
        }
    }

    #[test]
    fn encodes_as_obs_does_and_round_trips() {
        assert_eq!(
            encode_key("trace-cloud-source/cts-trace-map-250728-114729.png"),
            "trace-cloud-source%2Fcts-trace-map-250728-114729.png"
        );
        assert_eq!(encode_key("my cat+dog*.png"), "my+cat%2Bdog*.png");
        for key in ["a b/c+d%e", "日本 語", "", " ", "x~y"] {
            assert_eq!(decode_key(&encode_key(key)), key, "{key}");
        }
    }

    #[test]
    fn keys_without_escapes_are_borrowed() {
        assert!(matches!(
            decode_key("a/b.txt"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
