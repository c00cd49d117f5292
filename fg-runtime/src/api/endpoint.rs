//! The three endpoints of the custom-runtime API (docs/PLATFORM.md §2.2), with the one rule for
//! putting a request id into a path: it is percent-encoded, so no id can change which path is
//! posted to.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// `GET /v1/runtime/invocation/request`
pub(crate) const NEXT_INVOCATION: &str = "/v1/runtime/invocation/request";

/// Everything but the unreserved characters of RFC 3986 is encoded; `.` is encoded too, so an
/// id of `.` or `..` cannot become a dot-segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// Which answer to post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// `POST /v1/runtime/invocation/response/{id}`
    Response,
    /// `POST /v1/runtime/invocation/error/{id}`
    Error,
}

impl Answer {
    pub(crate) fn path(self, request_id: &str) -> String {
        let kind = match self {
            Self::Response => "response",
            Self::Error => "error",
        };
        format!(
            "/v1/runtime/invocation/{kind}/{}",
            utf8_percent_encode(request_id, PATH_SEGMENT)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_are_unchanged() {
        assert_eq!(
            Answer::Response.path("0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
            "/v1/runtime/invocation/response/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
        );
    }

    #[test]
    fn no_id_can_change_the_path() {
        for id in [
            "/", "..", ".", "../../x", "a?b=c", "a#b", "a b", "ümlaut", "%2F", "\r\nX: y",
        ] {
            let path = Answer::Error.path(id);
            let segment = path.strip_prefix("/v1/runtime/invocation/error/").unwrap();
            assert!(
                segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_~%".contains(&b)),
                "{id:?} gave {path:?}"
            );
            let decoded = percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, id);
        }
    }
}
