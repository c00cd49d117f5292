//! The two line formats: the platform's text line and one JSON object per line.

use std::fmt::{self, Write as _};
use std::time::SystemTime;

use super::Line;

/// `FG_LOG_FORMAT`: `text` (default) or `json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// `<time> <request id> <LEVEL> <message> key=value …`
    Text,
    /// `{"time":…,"level":…,"request_id":…,"target":…,"message":…,"fields":{…},"spans":[…]}`
    Json,
}

impl Format {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "text" | "plain" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// A value recorded with an event or a span. Its own small type rather than
/// `serde_json::Value`, whose serializer would be linked into every function binary.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) enum Value {
    Text(String),
    I64(i64),
    U64(u64),
    /// Only `tracing` records floats; without it, float formatting stays out of the binary.
    #[cfg(feature = "tracing")]
    F64(f64),
    Bool(bool),
}

impl Value {
    fn write_text(&self, out: &mut String) {
        let _ = match self {
            Self::Text(s) => write!(out, "{s}"),
            Self::I64(n) => write!(out, "{n}"),
            Self::U64(n) => write!(out, "{n}"),
            #[cfg(feature = "tracing")]
            Self::F64(n) => write!(out, "{n}"),
            Self::Bool(b) => write!(out, "{b}"),
        };
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Self::Text(s) => push_string(out, s),
            // JSON has no NaN or infinities: those are written as strings.
            #[cfg(feature = "tracing")]
            Self::F64(n) if !n.is_finite() => push_string(out, &n.to_string()),
            other => other.write_text(out),
        }
    }
}

/// A named value recorded with an event or a span.
pub(crate) type Field<'a> = (&'a str, Value);

/// The name and fields of a span enclosing an event, outermost first.
#[derive(Debug)]
pub(crate) struct SpanFields<'a> {
    pub(crate) name: &'a str,
    pub(crate) fields: &'a [Field<'a>],
}

pub(crate) fn line(format: Format, at: SystemTime, request_id: &str, line: &Line<'_>) -> String {
    match format {
        Format::Text => text(at, request_id, line),
        Format::Json => json(at, request_id, line),
    }
}

fn text(at: SystemTime, request_id: &str, line: &Line<'_>) -> String {
    let request_id = if request_id.is_empty() {
        "-"
    } else {
        request_id
    };
    let mut out = format!(
        "{} {request_id} {} {}",
        humantime::format_rfc3339_millis(at),
        line.severity.as_str(),
        line.message
    );
    for (name, value) in line.fields {
        let _ = write!(out, " {name}=");
        value.write_text(&mut out);
    }
    out.push('\n');
    out
}

fn json(at: SystemTime, request_id: &str, line: &Line<'_>) -> String {
    let mut out = String::with_capacity(160);
    out.push_str("{\"time\":\"");
    let _ = write!(out, "{}", humantime::format_rfc3339_millis(at));
    out.push_str("\",\"level\":\"");
    out.push_str(line.severity.as_str());
    out.push_str("\",\"request_id\":");
    if request_id.is_empty() {
        out.push_str("null");
    } else {
        push_string(&mut out, request_id);
    }
    out.push_str(",\"target\":");
    push_string(&mut out, line.target);
    out.push_str(",\"message\":");
    push_string(&mut out, &Displayed(line.message).to_string());
    if !line.fields.is_empty() {
        out.push_str(",\"fields\":");
        push_object(&mut out, line.fields);
    }
    if !line.spans.is_empty() {
        out.push_str(",\"spans\":[");
        for (i, span) in line.spans.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"name\":");
            push_string(&mut out, span.name);
            for (name, value) in span.fields {
                out.push(',');
                push_string(&mut out, name);
                out.push(':');
                value.write_json(&mut out);
            }
            out.push('}');
        }
        out.push(']');
    }
    out.push_str("}\n");
    out
}

struct Displayed<'a>(&'a dyn fmt::Display);

impl fmt::Display for Displayed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

fn push_string(out: &mut String, s: &str) {
    // Serialising a string into JSON text cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned()));
}

fn push_object(out: &mut String, fields: &[Field<'_>]) {
    out.push('{');
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, name);
        out.push(':');
        value.write_json(out);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::super::Severity;
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(1_509_606_392_191)
    }

    fn sample<'a>(
        message: &'a dyn fmt::Display,
        fields: &'a [Field<'a>],
        spans: &'a [SpanFields<'a>],
    ) -> Line<'a> {
        Line {
            severity: Severity::Warn,
            target: "my_fn::db",
            request_id: None,
            message,
            fields,
            spans,
        }
    }

    #[test]
    fn text_matches_the_platform() {
        let message = format_args!("hello {}", 42);
        let line = text(at(), "req-1", &sample(&message, &[], &[]));
        assert_eq!(line, "2017-11-02T07:06:32.191Z req-1 WARN hello 42\n");
        let fields = [
            ("rows", Value::U64(3)),
            ("table", Value::Text("clicks".into())),
        ];
        let line = text(at(), "", &sample(&"x", &fields, &[]));
        assert_eq!(
            line,
            "2017-11-02T07:06:32.191Z - WARN x rows=3 table=clicks\n"
        );
    }

    #[test]
    fn json_is_one_object_per_line() {
        let fields = [
            ("rows", Value::I64(-3)),
            ("ok", Value::Bool(true)),
            #[cfg(feature = "tracing")]
            ("ratio", Value::F64(f64::NAN)),
        ];
        let span_fields = [("request_id", Value::Text("req-1".into()))];
        let spans = [SpanFields {
            name: "invocation",
            fields: &span_fields,
        }];
        let line = json(at(), "req-1", &sample(&"say \"hi\"\n", &fields, &spans));
        assert!(
            line.ends_with("}\n") && line.matches('\n').count() == 1,
            "{line}"
        );
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let mut fields = serde_json::json!({"rows": -3, "ok": true});
        if cfg!(feature = "tracing") {
            fields["ratio"] = "NaN".into();
        }
        assert_eq!(
            value,
            serde_json::json!({
                "time": "2017-11-02T07:06:32.191Z",
                "level": "WARN",
                "request_id": "req-1",
                "target": "my_fn::db",
                "message": "say \"hi\"\n",
                "fields": fields,
                "spans": [{"name": "invocation", "request_id": "req-1"}],
            })
        );
        let line = json(at(), "", &sample(&"x", &[], &[]));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["request_id"], serde_json::Value::Null);
        assert!(value.get("fields").is_none());
    }
}
