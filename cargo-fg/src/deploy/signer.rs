//! SDK-HMAC-SHA256, the AK/SK request signature of Huawei Cloud and Open Telekom Cloud APIs
//! (docs/PLATFORM.md §14.3): a canonical form of the request, hashed, then an HMAC keyed
//! with the secret key. Canonicalisation follows the official Python SDK's signer, which the
//! differential fixture in `tests/fixtures/signing/` pins case by case.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::credentials::Secret;

/// The algorithm's name, first word of the `Authorization` header and of the string to sign.
pub(crate) const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header carrying the signing time, `YYYYMMDDTHHMMSSZ` in UTC.
pub(crate) const DATE_HEADER: &str = "X-Sdk-Date";
/// A header that replaces the body's hash in the canonical request (e.g. `UNSIGNED-PAYLOAD`).
const CONTENT_HASH_HEADER: &str = "x-sdk-content-sha256";

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded, as
/// Python's `quote(s, safe='~')` does.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request as it will be sent, in the parts the signature covers.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub(crate) method: &'a str,
    /// The path as sent (segments may already be percent-encoded).
    pub(crate) path: &'a str,
    /// Query parameters, not encoded; repeated names allowed.
    pub(crate) query: &'a [(String, String)],
    /// Every header to sign, including `Host` and `X-Sdk-Date`.
    pub(crate) headers: &'a [(String, String)],
    pub(crate) body: &'a [u8],
}

/// The result of signing: what goes into the `Authorization` header.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) signed_headers: String,
    pub(crate) signature: String,
}

impl Signature {
    /// `SDK-HMAC-SHA256 Access={AK}, SignedHeaders={names}, Signature={hex}`.
    pub(crate) fn authorization(&self, access_key: &str) -> String {
        format!(
            "{ALGORITHM} Access={access_key}, SignedHeaders={}, Signature={}",
            self.signed_headers, self.signature
        )
    }
}

/// Percent-encodes `text` as the canonical request and the URL need it.
pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// `name=value` pairs, encoded, sorted by name and then value (before encoding, as the SDK
/// sorts), joined with `&`: the canonical query, also used as the URL's query so that what is
/// sent is what was signed.
pub(crate) fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Each segment of the decoded path encoded again, with a `/` appended when missing.
fn canonical_path(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut canonical = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !canonical.ends_with('/') {
        canonical.push('/');
    }
    canonical
}

/// The signed headers: lower-case names, sorted, without duplicates, with their trimmed values.
/// Names with `_` are left out, as the SDK does (some proxies drop such headers).
fn signed_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut signed: Vec<(String, String)> = Vec::new();
    for (name, value) in headers.iter().filter(|(name, _)| !name.contains('_')) {
        let name = name.to_ascii_lowercase();
        let value = value.trim().to_owned();
        // A later header of the same name wins, as in the SDK's header dictionary.
        match signed.iter_mut().find(|(n, _)| *n == name) {
            Some(existing) => existing.1 = value,
            None => signed.push((name, value)),
        }
    }
    signed.sort();
    signed
}

/// The six lines of the canonical request.
pub(crate) fn canonical_request(request: &Request<'_>) -> String {
    let headers = signed_headers(request.headers);
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let names = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let payload = if request.body.is_empty() {
        hex::encode(Sha256::digest(b""))
    } else if let Some((_, value)) = headers.iter().find(|(n, _)| n == CONTENT_HASH_HEADER) {
        value.clone()
    } else {
        hex::encode(Sha256::digest(request.body))
    };
    format!(
        "{}\n{}\n{}\n{canonical_headers}\n{names}\n{payload}",
        request.method.to_ascii_uppercase(),
        canonical_path(request.path),
        canonical_query(request.query),
    )
}

/// Signs `request`, which must carry an `X-Sdk-Date` header.
pub(crate) fn sign(request: &Request<'_>, secret_key: &Secret) -> Result<Signature, MissingDate> {
    let date = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(DATE_HEADER))
        .map(|(_, value)| value.trim())
        .ok_or(MissingDate)?;
    let canonical = canonical_request(request);
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.expose().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    Ok(Signature {
        signed_headers: signed_headers(request.headers)
            .into_iter()
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
            .join(";"),
        signature: hex::encode(mac.finalize().into_bytes()),
    })
}

/// A request without the `X-Sdk-Date` header cannot be signed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct MissingDate;

impl std::fmt::Display for MissingDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the request has no {DATE_HEADER} header to sign")
    }
}

impl std::error::Error for MissingDate {}

/// `time` as `X-Sdk-Date` wants it: `20191115T033655Z`.
pub(crate) fn sdk_date(time: std::time::SystemTime) -> String {
    // humantime prints `2019-11-15T03:36:55Z`; the signature's format drops the separators.
    humantime::format_rfc3339_seconds(time)
        .to_string()
        .replace(['-', ':'], "")
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use base64::Engine as _;
    use serde_json::Value;

    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The API signing guide's example (docs/PLATFORM.md §14.3), canonical request hash and
    /// signature.
    #[test]
    fn the_signing_guides_vector() {
        let query = pairs(&[
            ("limit", "2"),
            ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
        ]);
        let headers = pairs(&[
            ("Content-Type", "application/json"),
            ("Host", "service.region.example.com"),
            ("X-Sdk-Date", "20191115T033655Z"),
        ]);
        let request = Request {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &query,
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            hex::encode(Sha256::digest(canonical_request(&request).as_bytes())),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        let signature = sign(
            &request,
            &Secret::new("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
        )
        .unwrap();
        assert_eq!(
            signature.authorization("QTWAOYTTINDUT2QVKYUC"),
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, \
             SignedHeaders=content-type;host;x-sdk-date, \
             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    /// The Python SDK's own tests (`test_signer.py`): GET and POST of `/resources?size=1`.
    #[test]
    fn the_python_sdks_vectors() {
        let query = pairs(&[("size", "1")]);
        let headers = pairs(&[
            ("X-Sdk-Date", "20200608T023900Z"),
            ("Host", "service.endpoint.myhuaweicloud.com"),
        ]);
        let secret = Secret::new("SecretKey");
        for (method, body, expected) in [
            (
                "GET",
                &b""[..],
                "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            ),
            (
                "POST",
                &br#"{"name":"test","id":1}"#[..],
                "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
            ),
        ] {
            let request = Request {
                method,
                path: "/resources",
                query: &query,
                headers: &headers,
                body,
            };
            let signature = sign(&request, &secret).unwrap();
            assert_eq!(signature.signed_headers, "host;x-sdk-date");
            assert_eq!(signature.signature, expected, "{method}");
        }
    }

    /// The Go SDK's tests: only `x-sdk-date` signed, trailing newline in the body.
    #[test]
    fn the_go_sdks_vectors() {
        let headers = pairs(&[("X-Sdk-Date", "20060102T150405Z")]);
        let secret = Secret::new("SecretKey");
        let get_query = pairs(&[("limit", "1")]);
        let post_query = pairs(&[("key", "value")]);
        let get = Request {
            method: "GET",
            path: "/path",
            query: &get_query,
            headers: &headers,
            body: b"",
        };
        let post = Request {
            method: "POST",
            path: "/path",
            query: &post_query,
            headers: &headers,
            body: b"{\"Name\":\"test\",\"Id\":1}\n",
        };
        // The Go SDK's test key is `SecretKey` too; its expected values are in docs/PLATFORM.md
        // §14.3.
        let get_signature = sign(&get, &secret).unwrap().signature;
        let post_signature = sign(&post, &secret).unwrap().signature;
        assert_eq!(
            get_signature,
            "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
        assert_eq!(
            post_signature,
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
    }

    /// Every request of the fixture signed by the official Python SDK (generate.py next to it).
    #[test]
    fn reproduces_every_signature_of_the_python_sdk() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/signing/signatures.json"
        );
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read the fixture"))
                .expect("the fixture is JSON");
        let cases = fixture["cases"].as_array().expect("cases");
        assert!(cases.len() >= 300, "{} cases", cases.len());
        let strings = |value: &Value| -> Vec<(String, String)> {
            value
                .as_array()
                .expect("a list of pairs")
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().expect("name").to_owned(),
                        pair[1].as_str().expect("value").to_owned(),
                    )
                })
                .collect()
        };
        let mut failures = Vec::new();
        for (index, case) in cases.iter().enumerate() {
            let query = strings(&case["query"]);
            let headers = strings(&case["headers"]);
            let body = base64::engine::general_purpose::STANDARD
                .decode(case["body_base64"].as_str().expect("body"))
                .expect("base64 body");
            let request = Request {
                method: case["method"].as_str().expect("method"),
                path: case["path"].as_str().expect("path"),
                query: &query,
                headers: &headers,
                body: &body,
            };
            let secret = Secret::new(case["secret_key"].as_str().expect("secret"));
            let authorization = sign(&request, &secret)
                .expect("fixture requests carry X-Sdk-Date")
                .authorization(case["access_key"].as_str().expect("access key"));
            if authorization != case["authorization"].as_str().expect("authorization") {
                failures.push(format!(
                    "case {index}: {} {} {:?}\n  ours:   {authorization}\n  theirs: {}",
                    request.method, request.path, query, case["authorization"]
                ));
            }
            // The URL's query is the canonical one, as the SDK sends it.
            let uri = case["uri"].as_str().expect("uri");
            let our_query = canonical_query(&query);
            assert!(
                uri.ends_with(&our_query) || our_query.is_empty(),
                "case {index}: {uri} vs {our_query}"
            );
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn paths_are_decoded_then_encoded_per_segment() {
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path(""), "/");
        assert_eq!(
            canonical_path("/v2/p/fgs/functions/urn%3Afss%3Aeu-de:x/config"),
            "/v2/p/fgs/functions/urn%3Afss%3Aeu-de%3Ax/config/"
        );
        assert_eq!(canonical_path("/a b/caf\u{e9}"), "/a%20b/caf%C3%A9/");
    }

    #[test]
    fn no_date_no_signature() {
        let request = Request {
            method: "GET",
            path: "/",
            query: &[],
            headers: &[],
            body: b"",
        };
        assert_eq!(sign(&request, &Secret::new("k")), Err(MissingDate));
    }

    #[test]
    fn the_date_has_the_sdk_format() {
        let time = UNIX_EPOCH + Duration::from_secs(1_573_788_015);
        assert_eq!(sdk_date(time), "20191115T032015Z");
    }
}
