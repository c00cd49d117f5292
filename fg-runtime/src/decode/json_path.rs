//! The JSON path of a decoding error (`records[1].data`), recovered from the body and the
//! position serde_json gives, for the `InvalidEvent` message.
//!
//! Events are parsed once, by plain `serde_json`. Its errors say where the reader stopped but
//! not in which field, so this module walks the body up to that point and names the value there
//! as `serde_path_to_error` does. That crate needed a second, path-tracking parse which
//! instantiated every event type's `Deserialize` a second time: 36 KiB of the DIS example's
//! release binary for a message that only bad events ever show. This walk is not generic and
//! looks at each byte before the error once. Where the position alone is ambiguous (errors
//! serde raises without one, see `closed_container_is_at_fault`) it takes the likelier reading.

#[cfg(test)]
mod differential;
#[cfg(test)]
pub(crate) mod mutate;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt::Write as _;

/// The path of the value `error` is about, written as `serde_path_to_error::Path` displays it:
/// keys joined by `.`, indices as `[i]` (no dot before them), `?` for a key that was being
/// read, and `.` for the root.
pub(super) fn of_error(body: &[u8], error: &serde_json::Error) -> String {
    at(body, error.line(), error.column(), &error.to_string())
}

/// The path for an error serde_json positioned at `line` (1-based; 0 for none) and `column`
/// (bytes since the start of that line), whose message is `message`.
fn at(body: &[u8], line: usize, column: usize, message: &str) -> String {
    let Some(end) = offset(body, line, column) else {
        return ".".to_owned();
    };
    let mut walk = Walk::default();
    for (i, &byte) in body[..end].iter().enumerate() {
        walk.step(i, byte);
    }
    display(&walk.segments(body, end, message))
}

/// The byte offset of a serde_json position. serde_json reads slices as bytes, so the column
/// counts bytes, not characters (`SliceRead::position_of_index`).
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body.get(start..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    Some(start.saturating_add(column).min(body.len()))
}

#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Key(Cow<'a, str>),
    Index(usize),
    Unknown,
}

fn display(segments: &[Segment<'_>]) -> String {
    if segments.is_empty() {
        return ".".to_owned();
    }
    let mut path = String::new();
    for (i, segment) in segments.iter().enumerate() {
        // `write!` to a String cannot fail.
        let _ = match segment {
            Segment::Index(index) => write!(path, "[{index}]"),
            Segment::Key(key) if i == 0 => write!(path, "{key}"),
            Segment::Key(key) => write!(path, ".{key}"),
            Segment::Unknown if i == 0 => write!(path, "?"),
            Segment::Unknown => write!(path, ".?"),
        };
    }
    path
}

/// An open container and where in it the walk is.
#[derive(Debug)]
enum Frame {
    /// `key` is the byte range of the current member's key with its quotes (the whole key
    /// once `key_read`); `colon` once the `:` after it is passed.
    Object {
        key: Option<(usize, usize)>,
        key_read: bool,
        colon: bool,
    },
    /// `started` once the first byte of element `index` is passed.
    Array { index: usize, started: bool },
}

impl Frame {
    /// The segment a value inside this container adds to the path.
    fn member<'a>(&self, body: &'a [u8]) -> Option<Segment<'a>> {
        match *self {
            Frame::Object {
                key: Some((start, end)),
                key_read: true,
                ..
            } => Some(Segment::Key(unescape(body.get(start..end)?))),
            Frame::Object { key: Some(_), .. } => Some(Segment::Unknown),
            Frame::Object { key: None, .. } => None,
            Frame::Array { index, started } => started.then_some(Segment::Index(index)),
        }
    }
}

#[derive(Debug, Default)]
enum Token {
    #[default]
    Between,
    /// A string; `escaped` right after a backslash.
    Str { escaped: bool },
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// The containers open at the current byte. The body before serde_json's error position is
/// valid JSON (serde_json read it), but nothing here relies on that: stray bytes are skipped,
/// never indexed blindly.
#[derive(Debug, Default)]
struct Walk {
    stack: Vec<Frame>,
    token: Token,
    /// The container the last byte closed, if it was a `}` or `]`.
    closed: Option<Frame>,
    /// The byte range, with quotes, of the last value that was a string, until another value
    /// starts.
    string: Option<(usize, usize)>,
}

impl Walk {
    fn step(&mut self, i: usize, byte: u8) {
        self.closed = None;
        match self.token {
            Token::Str { escaped } => {
                if escaped {
                    self.token = Token::Str { escaped: false };
                } else if byte == b'\\' {
                    self.token = Token::Str { escaped: true };
                } else if byte == b'"' {
                    self.token = Token::Between;
                    match self.stack.last_mut() {
                        Some(Frame::Object {
                            key: Some((_, end)),
                            key_read: key_read @ false,
                            ..
                        }) => (*end, *key_read) = (i + 1, true),
                        _ => {
                            if let Some((_, end)) = &mut self.string {
                                *end = i + 1;
                            }
                        }
                    }
                }
                return;
            }
            Token::Scalar
                if !matches!(byte, b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"')
                    && !byte.is_ascii_whitespace() =>
            {
                return;
            }
            Token::Scalar | Token::Between => self.token = Token::Between,
        }
        match byte {
            b'{' | b'[' => {
                self.start_value();
                self.stack.push(if byte == b'{' {
                    Frame::Object {
                        key: None,
                        key_read: false,
                        colon: false,
                    }
                } else {
                    Frame::Array {
                        index: 0,
                        started: false,
                    }
                });
            }
            b'}' | b']' => self.closed = self.stack.pop(),
            b',' => match self.stack.last_mut() {
                Some(Frame::Object {
                    key,
                    key_read,
                    colon,
                }) => {
                    (*key, *key_read, *colon) = (None, false, false);
                }
                Some(Frame::Array { index, started }) => {
                    (*index, *started) = (index.saturating_add(1), false);
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { colon, .. }) = self.stack.last_mut() {
                    *colon = true;
                }
            }
            b'"' => {
                self.token = Token::Str { escaped: false };
                match self.stack.last_mut() {
                    Some(Frame::Object {
                        key,
                        key_read,
                        colon: false,
                    }) => (*key, *key_read) = (Some((i, i + 1)), false),
                    _ => {
                        self.start_value();
                        self.string = Some((i, i + 1));
                    }
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                self.token = Token::Scalar;
                self.start_value();
            }
        }
    }

    fn start_value(&mut self) {
        self.string = None;
        if let Some(Frame::Array { started, .. }) = self.stack.last_mut() {
            *started = true;
        }
    }

    /// The path to the value the error is about. Where the reader stopped does not always say
    /// which value that is; the cases below are serde_json's (1.0.154, `de.rs`) and serde's.
    fn segments<'a>(&self, body: &'a [u8], end: usize, message: &str) -> Vec<Segment<'a>> {
        let next = body.get(end).copied();
        let (outer, innermost) = match (&self.closed, self.stack.split_last()) {
            // A `}` or `]` just closed: every open container holds the closed one.
            (Some(_), _) => (&self.stack[..], None),
            (None, Some((last, outer))) => (outer, Some(last)),
            (None, None) => (&self.stack[..], None),
        };
        let mut segments: Vec<_> = outer.iter().filter_map(|f| f.member(body)).collect();
        match innermost {
            Some(Frame::Array {
                index,
                started: false,
            }) => {
                if peeked_container(next, message) {
                    // Wrong type at a `{` or `[`: serde_json stops before the bracket.
                    segments.push(Segment::Index(*index));
                } else if let Some(previous) = index.checked_sub(1) {
                    // An error serde_json learnt of only once the element had been read
                    // (`deserialize_with`, `try_from`, untagged enums) is placed by the
                    // array after it has skipped the next `,` (`end_seq`).
                    segments.push(Segment::Index(previous));
                }
                // Else the array itself was refused before its first element.
            }
            Some(Frame::Object {
                key_read: true,
                colon: false,
                ..
            }) if message.starts_with("duplicate field `")
                || message.starts_with("unknown variant `") =>
            {
                // Stopped after a key: `unknown field` is about the key (the arm below), but
                // `duplicate field` and an unknown variant of an externally tagged enum are
                // about the object that holds it, as serde_path_to_error reports them.
            }
            Some(Frame::Object {
                key: Some((start, _)),
                key_read: false,
                ..
            }) => {
                // Inside a key: only a map with integer keys parses them as it reads, and
                // serde_path_to_error names the key by the integer read, if any.
                let read = body.get(start + 1..end).unwrap_or_default();
                segments.push(integer_key(read).unwrap_or(Segment::Unknown));
            }
            Some(frame) => segments.extend(frame.member(body)),
            None => {}
        }
        if let Some(closed) = &self.closed
            && !closed_container_is_at_fault(closed, next, message)
        {
            segments.extend(closed.member(body));
        }
        // A variant that carries data written as a bare string (`"Paid"`): serde_json finds
        // out only after the string, and serde_path_to_error names the variant.
        if message.starts_with("invalid type: unit variant, expected ")
            && let Some((start, end)) = self.string
        {
            segments.extend(body.get(start..end).map(|key| Segment::Key(unescape(key))));
        }
        segments
    }
}

/// Whether an error placed right after a `}` or `]` is about that container rather than its
/// last member.
///
/// serde raises some errors without a position, once a value has been read: a `try_from` or
/// `deserialize_with` conversion, an untagged or internally tagged enum. serde_json then places
/// them where the container around that value stopped: after its own `}` or `]` if the value
/// was its last member, else before the `,` that follows the value (`end_map`; arrays skip the
/// `,`, see `segments`). So right after a `}` or `]`, the error is the container's own (a
/// missing field or a wrong length, raised as it closes) or its last member's, unless a `,`
/// follows: then the container itself may have been refused whole by its parent object. The
/// body cannot tell which, so the likelier is taken: an object refused whole (an enum or a
/// `try_from` struct as a member), but an array's last element (an array of enums).
fn closed_container_is_at_fault(closed: &Frame, next: Option<u8>, message: &str) -> bool {
    message.starts_with("missing field `")
        || message.starts_with("invalid length ")
        || (matches!(closed, Frame::Object { .. }) && next == Some(b','))
}

/// Whether the error is a wrong type found at the `{` or `[` the reader stopped before.
fn peeked_container(next: Option<u8>, message: &str) -> bool {
    match next {
        Some(b'{') => message.starts_with("invalid type: map,"),
        Some(b'[') => message.starts_with("invalid type: sequence,"),
        _ => false,
    }
}

/// A key read up to the error, as serde_path_to_error names it: by the integer it holds.
fn integer_key(text: &[u8]) -> Option<Segment<'_>> {
    let text = std::str::from_utf8(text).ok()?;
    let integer = text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok();
    integer.then_some(Segment::Key(Cow::Borrowed(text)))
}

/// A key as serde sees it: escapes resolved. The bytes include the quotes.
fn unescape(quoted: &[u8]) -> Cow<'_, str> {
    let inner = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default();
    if inner.contains(&b'\\')
        && let Ok(key) = serde_json::from_slice::<String>(quoted)
    {
        return Cow::Owned(key);
    }
    String::from_utf8_lossy(inner)
}
