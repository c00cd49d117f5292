//! The mock's own check of SDK-HMAC-SHA256 (docs/PLATFORM.md §14.3): canonical request,
//! string to sign, HMAC, written from the algorithm with hand-written percent-encoding, sharing
//! no code with `cargo-fg/src/deploy/signer.rs`, whose output it judges.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::{Keys, Received};

/// The signature check, from the algorithm: canonical request, string to sign, HMAC.
pub(super) fn check(keys: &Keys, request: &Received) -> Result<(), String> {
    let authorization = request
        .header("Authorization")
        .ok_or("no Authorization header")?;
    let rest = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or("not SDK-HMAC-SHA256")?;
    let mut fields = BTreeMap::new();
    for part in rest.split(", ") {
        let (name, value) = part.split_once('=').ok_or("malformed Authorization")?;
        fields.insert(name, value);
    }
    if fields.get("Access") != Some(&keys.access_key.as_str()) {
        return Err("unknown access key".into());
    }
    let signed: Vec<&str> = fields
        .get("SignedHeaders")
        .ok_or("no SignedHeaders")?
        .split(';')
        .collect();
    for required in ["host", "x-sdk-date"] {
        if !signed.contains(&required) {
            return Err(format!("{required} is not signed"));
        }
    }
    if let Some(token) = &keys.token {
        if request.header("X-Security-Token") != Some(token.as_str()) {
            return Err("the security token is missing or wrong".into());
        }
        if !signed.contains(&"x-security-token") {
            return Err("the security token is not signed".into());
        }
    }
    let date = request.header("X-Sdk-Date").ok_or("no X-Sdk-Date")?;
    if date.len() != 16 || !date.ends_with('Z') || date.as_bytes()[8] != b'T' {
        return Err(format!("X-Sdk-Date {date} is not YYYYMMDDTHHMMSSZ"));
    }
    let mut canonical = String::new();
    canonical.push_str(&request.method);
    canonical.push('\n');
    let mut path: Vec<String> = request
        .path
        .split('/')
        .map(|segment| encode(&decode(segment)))
        .collect::<Vec<_>>();
    if path.last().is_some_and(|last| !last.is_empty()) {
        path.push(String::new());
    }
    canonical.push_str(&path.join("/"));
    canonical.push('\n');
    let mut query: Vec<(String, String)> = request
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    query.sort();
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    canonical.push_str(&query.join("&"));
    canonical.push('\n');
    for name in &signed {
        let value = request
            .header(name)
            .ok_or(format!("signed header {name} was not sent"))?;
        canonical.push_str(&format!("{name}:{}\n", value.trim()));
    }
    canonical.push('\n');
    canonical.push_str(&signed.join(";"));
    canonical.push('\n');
    canonical.push_str(&hex::encode(Sha256::digest(&request.body)));
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac =
        Hmac::<Sha256>::new_from_slice(keys.secret_key.as_bytes()).expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    if fields.get("Signature") != Some(&expected.as_str()) {
        return Err(format!(
            "signature mismatch; canonical request:\n{canonical}"
        ));
    }
    Ok(())
}

/// Percent-decoding, by hand (invalid escapes stay as they are).
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).expect("two hex digits"));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of everything but RFC 3986's unreserved characters, by hand.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
