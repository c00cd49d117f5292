//! An APIG event as an `http::Request` (docs/PLATFORM.md §9.4). Pure: the decoded event in
//! ([`ApigEvent`], which has the method, headers and query ready), the request or the reason
//! it cannot be one out.
//!
//! - method from `httpMethod`, one of the methods the gateway sends, in any case;
//! - URI path from `path` as it is, **without** `requestContext.stage` in front (the gateway
//!   strips the stage; putting it back is lambda_http's most reported routing bug);
//! - query from `queryStringParameters` ([`query`](super::query));
//! - headers from `headers`, the (first) `host` header as the URI's authority (scheme from
//!   `x-forwarded-proto`, else `https`);
//! - body from `body`, base64-decoded when `isBase64Encoded` (padding optional; a body flagged
//!   base64 that is not base64 is taken as sent, as `ApigRequest::body` explains);
//! - `requestContext`, `pathParameters` and `user_data` as request extensions.

use std::collections::HashMap;

use bytes::Bytes;
use fg_events::apig::ApigRequestContext;
use fg_events::encoding::Base64Text;
use http::header::{HOST, HeaderMap};
use http::uri::{self, Authority, PathAndQuery, Scheme};
use http::{Request, Uri};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::apig_event::ApigEvent;
use super::body::Body;

/// Bytes a path may not carry as they are: a decoded path (spaces, non-ASCII) still makes a
/// valid URI. `%` is kept, so a path the gateway passes encoded is not encoded twice.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The APIG event's `pathParameters`, a request extension: the values of the API path's
/// `{name}` segments; a wildcard segment's value is under the empty name (docs/PLATFORM.md §9.4).
///
/// ```
/// use fg_runtime::http::PathParameters;
///
/// let parameters = PathParameters::from([("id".to_owned(), "7".to_owned())]);
/// assert_eq!(parameters.get("id"), Some("7"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathParameters(pub HashMap<String, String>);

impl PathParameters {
    /// The value of the path parameter `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

impl<const N: usize> From<[(String, String); N]> for PathParameters {
    fn from(pairs: [(String, String); N]) -> Self {
        Self(pairs.into_iter().collect())
    }
}

/// The APIG event's `user_data`, a request extension present when a custom authorizer passed
/// data on.
///
/// ```
/// let data = fg_runtime::http::UserData("tenant-7".to_owned());
/// assert_eq!(data.0, "tenant-7");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserData(pub String);

/// Why an event is not a request: reported as `InvalidEvent`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NotARequest(pub(crate) String);

/// The request for `event`.
pub(crate) fn to_http(event: ApigEvent) -> Result<Request<Body>, NotARequest> {
    let ApigEvent {
        method,
        path,
        query,
        headers,
        bad_header,
        body,
        is_base64_encoded,
        request_context,
        path_parameters,
        user_data,
    } = event;
    let method = method.map_err(|name| {
        NotARequest(format!(
            "`httpMethod` is {name:?}, not one of the methods API Gateway sends (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS)"
        ))
    })?;
    let uri = uri(&path, &query, &headers)?;
    if let Some(problem) = bad_header {
        return Err(NotARequest(problem));
    }
    let mut request = Request::new(Body::from(body_bytes(body, is_base64_encoded)));
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    let extensions = request.extensions_mut();
    extensions.insert::<ApigRequestContext>(request_context);
    extensions.insert(PathParameters(path_parameters));
    if let Some(data) = user_data {
        extensions.insert(UserData(data));
    }
    Ok(request)
}

/// The body's bytes: the event's own string when it is not base64 (no copy), the decoded
/// bytes when it is, the string as sent when it is flagged base64 but is not.
fn body_bytes(body: String, is_base64_encoded: bool) -> Bytes {
    if body.is_empty() {
        return Bytes::new();
    }
    if !is_base64_encoded {
        return Bytes::from(body);
    }
    let text = Base64Text::new(body);
    match text.decode() {
        Ok(bytes) => Bytes::from(bytes),
        Err(_) => Bytes::from(text.into_string()),
    }
}

fn uri(path: &str, query: &str, headers: &HeaderMap) -> Result<Uri, NotARequest> {
    // One string for path and query, sized exactly for the usual case of nothing to encode:
    // `Bytes` takes a full `Vec` as it is, and one with spare room with an allocation more.
    let slash = usize::from(!path.starts_with('/'));
    let question_mark = usize::from(!query.is_empty());
    let mut target = String::with_capacity(slash + path.len() + question_mark + query.len());
    if slash == 1 {
        target.push('/');
    }
    if path.bytes().all(kept_in_paths) {
        // The usual path: nothing to encode, and no encoder chunking through it.
        target.push_str(path);
    } else {
        target.extend(utf8_percent_encode(path, PATH));
    }
    if !query.is_empty() {
        target.push('?');
        target.push_str(query);
    }
    let path_and_query = PathAndQuery::from_maybe_shared(Bytes::from(target)).map_err(|e| {
        NotARequest(format!(
            "`path` {path:?} does not make a valid URI path: {e}"
        ))
    })?;
    let mut parts = uri::Parts::default();
    parts.path_and_query = Some(path_and_query);
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let host = text(HOST.as_str()).filter(|h| !h.is_empty());
    // A host that is not a valid authority still leaves the request routable by its path.
    if let Some(authority) = host.and_then(|h| Authority::try_from(h).ok()) {
        parts.scheme = Some(match text(FORWARDED_PROTO) {
            Some(s) if s.eq_ignore_ascii_case("http") => Scheme::HTTP,
            _ => Scheme::HTTPS,
        });
        parts.authority = Some(authority);
    }
    Uri::from_parts(parts).map_err(|e| NotARequest(format!("the request URI is not valid: {e}")))
}

/// Whether [`PATH`] leaves `byte` as it is (non-ASCII bytes are always encoded).
fn kept_in_paths(byte: u8) -> bool {
    byte.is_ascii_graphic()
        && !matches!(byte, b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}')
}

/// The scheme the client used, as the gateway forwards it.
const FORWARDED_PROTO: &str = "x-forwarded-proto";

#[cfg(test)]
mod tests {
    use super::*;
    use fg_events::apig::ApigRequest;
    use http::Method;
    use serde_json::json;

    fn event(value: serde_json::Value) -> ApigEvent {
        serde_json::from_value(value).unwrap()
    }

    /// The request for an event built with `ApigRequest`'s builder, decoded as the loop does.
    fn to_http(event: ApigRequest) -> Result<Request<Body>, NotARequest> {
        let json = serde_json::to_vec(&event).unwrap();
        super::to_http(serde_json::from_slice(&json).unwrap())
    }

    fn body_of(request: Request<Body>) -> Bytes {
        use http_body_util::BodyExt;
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(request.into_body().collect())
            .unwrap()
            .to_bytes()
    }

    #[test]
    fn the_platform_sample_maps_to_a_request() {
        let request = super::to_http(event(json!({
            "body": "eyJ0ZXN0IjoiYm9keSJ9",
            "requestContext": {"apiId": "bc1d", "requestId": "11cd", "stage": "RELEASE", "sourceIp": "10.0.0.1"},
            "queryStringParameters": {"responseType": "html"},
            "httpMethod": "GET",
            "pathParameters": {"path": "value"},
            "headers": {"x-forwarded-for": "103.218.216.98", "host": "api.example.com", "user-agent": "curl"},
            "path": "/apig-event-template",
            "isBase64Encoded": true,
            "user_data": "tenant-7"
        })))
        .unwrap();
        assert_eq!(request.method(), Method::GET);
        assert_eq!(
            request.uri(),
            "https://api.example.com/apig-event-template?responseType=html"
        );
        assert_eq!(
            request.uri().path(),
            "/apig-event-template",
            "no stage prefix"
        );
        assert_eq!(request.headers()["user-agent"], "curl");
        assert_eq!(request.headers()["host"], "api.example.com");
        let context = request.extensions().get::<ApigRequestContext>().unwrap();
        assert_eq!(
            (context.stage.as_str(), context.request_id.as_str()),
            ("RELEASE", "11cd")
        );
        assert_eq!(context.source_ip.as_deref(), Some("10.0.0.1"));
        let parameters = request.extensions().get::<PathParameters>().unwrap();
        assert_eq!(parameters.get("path"), Some("value"));
        assert_eq!(
            request.extensions().get::<UserData>().unwrap().0,
            "tenant-7"
        );
        assert_eq!(body_of(request), r#"{"test":"body"}"#);
    }

    #[test]
    fn methods_are_the_gateways_in_any_case_and_others_are_refused() {
        for (name, method) in [
            ("post", Method::POST),
            ("Patch", Method::PATCH),
            ("HEAD", Method::HEAD),
        ] {
            let request = to_http(ApigRequest::new(name, "/")).unwrap();
            assert_eq!(request.method(), method);
        }
        for name in ["", "FETCH", "GET /", "G\u{e9}T"] {
            let error = to_http(ApigRequest::new(name, "/")).unwrap_err();
            assert!(error.0.contains("`httpMethod`"), "{error:?}");
        }
    }

    #[test]
    fn the_path_is_kept_and_made_a_valid_uri() {
        let uri = |path: &str| {
            to_http(ApigRequest::new("GET", path))
                .unwrap()
                .uri()
                .clone()
        };
        assert_eq!(uri("/RELEASE/users/7"), "/RELEASE/users/7");
        assert_eq!(uri(""), "/");
        assert_eq!(uri("users"), "/users");
        assert_eq!(uri("/a b/ü"), "/a%20b/%C3%BC");
        assert_eq!(uri("/already%20encoded"), "/already%20encoded");
        assert_eq!(
            uri("/q?#"),
            "/q%3F%23",
            "`?` and `#` in a path are not query or fragment"
        );
    }

    /// The fast path leaves exactly the bytes the encoder leaves.
    #[test]
    fn bytes_kept_in_paths_are_the_ones_the_encoder_keeps() {
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let encoded: String = utf8_percent_encode(&text, PATH).collect();
            assert_eq!(kept_in_paths(byte), encoded == text, "byte {byte}");
        }
        assert!(!kept_in_paths(0xC3), "non-ASCII is always encoded");
    }

    #[test]
    fn the_query_keeps_encoded_and_repeated_values() {
        let request = super::to_http(event(json!({
            "httpMethod": "GET",
            "path": "/search",
            "queryStringParameters": {"q": "fish & chips = 100%", "tag": ["a", "b"]}
        })))
        .unwrap();
        assert_eq!(
            request.uri().query(),
            Some("q=fish%20%26%20chips%20%3D%20100%25&tag=a&tag=b")
        );
    }

    #[test]
    fn the_host_becomes_the_authority_when_it_is_one() {
        let with = |host: &str, proto: Option<&str>| {
            let mut event = ApigRequest::new("GET", "/p").with_header("host", host);
            if let Some(proto) = proto {
                event = event.with_header("x-forwarded-proto", proto);
            }
            to_http(event).unwrap().uri().clone()
        };
        assert_eq!(with("example.com:8443", None), "https://example.com:8443/p");
        assert_eq!(with("example.com", Some("http")), "http://example.com/p");
        assert_eq!(with("bad host", None), "/p");
    }

    #[test]
    fn the_first_host_in_any_case_is_the_authority() {
        let request = super::to_http(event(json!({
            "httpMethod": "GET",
            "path": "/",
            "headers": {"Host": "upper.example.com", "host": "exact.example.com", "X-Forwarded-Proto": "http"}
        })))
        .unwrap();
        assert_eq!(request.uri(), "http://upper.example.com/");
        let hosts: Vec<_> = request.headers().get_all("host").iter().collect();
        assert_eq!(hosts, ["upper.example.com", "exact.example.com"]);
    }

    #[test]
    fn bodies_decode_base64_leniently_or_pass_text_through() {
        let unpadded = event(json!({"httpMethod": "POST", "body": "aGk", "isBase64Encoded": true}));
        assert_eq!(body_of(super::to_http(unpadded).unwrap()), "hi");
        let plain =
            event(json!({"httpMethod": "POST", "body": "{\"a\":1}", "isBase64Encoded": false}));
        assert_eq!(body_of(super::to_http(plain).unwrap()), "{\"a\":1}");
        // The Go sample's plain JSON body flagged base64: taken as sent (docs/PLATFORM.md §9.4).
        let mislabelled =
            event(json!({"httpMethod": "POST", "body": "{\"a\":1}", "isBase64Encoded": true}));
        assert_eq!(body_of(super::to_http(mislabelled).unwrap()), "{\"a\":1}");
        let binary = ApigRequest::new("POST", "/").with_body([0u8, 159, 255]);
        assert_eq!(body_of(to_http(binary).unwrap()), &[0u8, 159, 255][..]);
        let empty = event(json!({"httpMethod": "GET"}));
        assert_eq!(body_of(super::to_http(empty).unwrap()), "");
    }

    #[test]
    fn bad_headers_are_named() {
        let name = to_http(ApigRequest::new("GET", "/").with_header("bad name", "v")).unwrap_err();
        assert!(name.0.contains("`bad name`"), "{name:?}");
        let value =
            to_http(ApigRequest::new("GET", "/").with_header("x-a", "line\nbreak")).unwrap_err();
        assert!(value.0.contains("`headers.x-a`"), "{value:?}");
        let unicode =
            to_http(ApigRequest::new("GET", "/").with_header("x-name", "Jürgen")).unwrap();
        assert_eq!(unicode.headers()["x-name"].as_bytes(), "Jürgen".as_bytes());
    }

    #[test]
    fn user_data_is_absent_without_an_authorizer() {
        let request = to_http(ApigRequest::new("GET", "/")).unwrap();
        assert!(request.extensions().get::<UserData>().is_none());
        assert!(
            request
                .extensions()
                .get::<PathParameters>()
                .unwrap()
                .0
                .is_empty()
        );
    }
}
