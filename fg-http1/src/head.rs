//! Parsed heads, their headers, and how their bodies are framed (RFC 9112 docs/PLATFORM.md §6.3).

use crate::Error;

/// Header lines as received, in order: names lower-cased (HTTP names are case-insensitive,
/// and senders spell the same name several ways), values decoded as UTF-8 (lossily).
/// Lookups compare names case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// The first value of `name`, compared case-insensitively.
    ///
    /// ```
    /// let mut headers = fg_http1::Headers::default();
    /// headers.push("X-Cff-Request-Id", "42");
    /// assert_eq!(headers.get("x-cff-request-id"), Some("42"));
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Appends a header (its name lower-cased).
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let mut name = name.into();
        name.make_ascii_lowercase();
        self.0.push((name, value.into()));
    }

    /// Every `(name, value)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many header lines there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `(name, value)` pairs, to keep without copying.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.0
    }

    pub(crate) fn from_parsed(parsed: &[httparse::Header<'_>]) -> Self {
        Self(
            parsed
                .iter()
                .map(|h| {
                    (
                        h.name.to_ascii_lowercase(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect(),
        )
    }

    /// Whether `Connection` lists `token` (`close`, `keep-alive`).
    fn connection_has(&self, token: &str) -> bool {
        self.values("connection")
            .any(|value| any_item(value, |item| item.eq_ignore_ascii_case(token)))
    }

    /// [`get_all`](Self::get_all) for this module: a plain loop (the adapter chain is about
    /// 1 KiB more in a `bootstrap`).
    fn values<'a>(&'a self, name: &'a str) -> Values<'a> {
        Values {
            pairs: self.0.iter(),
            name,
        }
    }

    /// Whether the last transfer coding is `chunked`; `None` without `Transfer-Encoding`.
    fn chunked_last(&self) -> Option<bool> {
        let last = self.values("transfer-encoding").last()?;
        let coding = last.rfind(',').map_or(last, |at| &last[at + 1..]);
        Some(coding.trim().eq_ignore_ascii_case("chunked"))
    }

    /// Whether `Transfer-Encoding` names exactly one coding, `chunked`.
    fn only_chunked(&self) -> bool {
        let mut values = self.values("transfer-encoding");
        let first = values.next().unwrap_or_default();
        values.next().is_none()
            && !first.contains(',')
            && first.trim().eq_ignore_ascii_case("chunked")
    }

    /// The `Content-Length`, if any: digits only, and every copy of it equal (RFC 9112
    /// docs/PLATFORM.md §6.3 item 5: differing copies are an error, not a choice).
    fn content_length(&self) -> Result<Option<u64>, Error> {
        let mut length = None;
        for value in self.values("content-length") {
            let mut bad = false;
            any_item(value, |item| {
                // `u64::from_str` alone would take a leading `+`.
                let parsed = item
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| item.parse::<u64>().ok())
                    .flatten();
                bad = parsed.is_none() || (length.is_some() && length != parsed);
                length = parsed;
                bad
            });
            if bad {
                return Err(Error::malformed("bad or differing Content-Length values"));
            }
        }
        Ok(length)
    }
}

/// The values of one header name.
struct Values<'a> {
    pairs: std::slice::Iter<'a, (String, String)>,
    name: &'a str,
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let (name, value) = self.pairs.next()?;
            // Names are stored lower-cased and looked up here by lower-case literals.
            if name == self.name {
                return Some(value);
            }
        }
    }
}

/// Whether `check` holds for an item of the comma-separated list `value` (items trimmed). A
/// loop over `find`, not `split().map().filter()`: a third of the code in a `bootstrap`.
fn any_item(value: &str, mut check: impl FnMut(&str) -> bool) -> bool {
    let mut rest = value;
    loop {
        let (item, tail) = match rest.find(',') {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        if check(item.trim()) {
            return true;
        }
        match tail {
            Some(tail) => rest = tail,
            None => return false,
        }
    }
}

/// How a message's body ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// After this many bytes (`Content-Length`; 0 for a request without a body).
    Length(u64),
    /// After the last chunk and the trailers (`Transfer-Encoding: chunked`).
    Chunked,
    /// When the peer closes the connection (a response with neither).
    UntilClose,
}

/// A request's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestHead {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target as sent (`/invoke`, `/path?query`).
    pub target: String,
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub version: u8,
    /// The header lines.
    pub headers: Headers,
}

impl RequestHead {
    /// How the body is framed: `Transfer-Encoding: chunked`, else `Content-Length`, else no
    /// body. Any other transfer coding, or both headers at once (a request-smuggling vector,
    /// RFC 9112 docs/PLATFORM.md §6.1), is an error.
    ///
    /// # Errors
    /// [`Error::Malformed`] for the cases above and a bad `Content-Length`.
    pub fn framing(&self) -> Result<Framing, Error> {
        let length = self.headers.content_length()?;
        if self.headers.get("transfer-encoding").is_none() {
            return Ok(Framing::Length(length.unwrap_or(0)));
        }
        if length.is_some() {
            return Err(Error::malformed(
                "both Transfer-Encoding and Content-Length",
            ));
        }
        if !self.headers.only_chunked() {
            return Err(Error::malformed(
                "unsupported Transfer-Encoding: only chunked is read",
            ));
        }
        Ok(Framing::Chunked)
    }

    /// Whether the client keeps the connection open after this request: HTTP/1.1 unless it
    /// says `Connection: close`, HTTP/1.0 only if it says `keep-alive`.
    pub fn keep_alive(&self) -> bool {
        keep_alive(self.version, &self.headers)
    }

    /// Whether the client waits for `100 Continue` before sending the body.
    pub fn expects_continue(&self) -> bool {
        self.headers
            .get("expect")
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("100-continue"))
    }
}

/// A response's head (the final one: interim `1xx` heads are skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// The status code.
    pub status: u16,
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    pub version: u8,
    /// The header lines.
    pub headers: Headers,
}

impl ResponseHead {
    /// How the body is framed: none for `204` and `304`; chunked when `chunked` is the last
    /// transfer coding, until the connection closes for another one; else `Content-Length`,
    /// else until the connection closes. (A response to `HEAD` has no body whatever its
    /// headers say: the caller knows it sent one.)
    ///
    /// # Errors
    /// [`Error::Malformed`] for a bad `Content-Length`.
    pub fn framing(&self) -> Result<Framing, Error> {
        if matches!(self.status, 204 | 304) {
            return Ok(Framing::Length(0));
        }
        match self.headers.chunked_last() {
            Some(true) => return Ok(Framing::Chunked),
            Some(false) => return Ok(Framing::UntilClose),
            None => {}
        }
        Ok(self
            .headers
            .content_length()?
            .map_or(Framing::UntilClose, Framing::Length))
    }

    /// Whether the server keeps the connection open after this response.
    pub fn keep_alive(&self) -> bool {
        keep_alive(self.version, &self.headers)
    }
}

fn keep_alive(version: u8, headers: &Headers) -> bool {
    if headers.connection_has("close") {
        return false;
    }
    version >= 1 || headers.connection_has("keep-alive")
}
