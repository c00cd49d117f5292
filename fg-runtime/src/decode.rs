//! Event bytes to the handler's event type. A failure names the JSON path and what was
//! expected, so a wrong payload is fixed from the error report alone.

use serde::de::DeserializeOwned;

use crate::Diagnostic;

/// `errorType` for an event that does not deserialize into the handler's event type.
pub const INVALID_EVENT: &str = "InvalidEvent";

pub(crate) fn event<T: DeserializeOwned>(body: &[u8]) -> Result<T, Diagnostic> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let event = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        invalid::<T>(&path, e.inner())
    })?;
    de.end().map_err(|e| invalid::<T>(".", &e))?;
    Ok(event)
}

fn invalid<T>(path: &str, error: &serde_json::Error) -> Diagnostic {
    let message = if error.is_data() {
        let target = short_type_name::<T>();
        if path == "." {
            format!("the event is not a valid {target}: {error}")
        } else {
            format!("the event is not a valid {target}: at `{path}`: {error}")
        }
    } else {
        format!("the event is not valid JSON: {error}")
    };
    Diagnostic::new(INVALID_EVENT, message)
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Batch {
        records: Vec<Record>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Record {
        sequence_number: String,
    }

    #[test]
    fn errors_name_the_path() {
        let body = br#"{"records":[{"sequence_number":"1"},{"sequence_number":{}}]}"#;
        let err = event::<Batch>(body).unwrap_err();
        assert_eq!(err.error_type, "InvalidEvent");
        assert!(
            err.error_message.starts_with(
                "the event is not a valid Batch: at `records[1].sequence_number`: invalid type: map"
            ),
            "{}",
            err.error_message
        );
    }

    #[test]
    fn syntax_errors_say_json() {
        let err = event::<Batch>(b"not json").unwrap_err();
        assert!(
            err.error_message.starts_with("the event is not valid JSON"),
            "{err:?}"
        );
        let err = event::<Batch>(br#"{"records":[]} trailing"#).unwrap_err();
        assert!(err.error_message.contains("trailing characters"), "{err:?}");
        let err = event::<Batch>(b"{\"records\":[{\"sequence_number\":\"\xff\"}]}").unwrap_err();
        assert!(err.error_message.contains("invalid unicode"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let body = "[".repeat(100_000);
        let err = event::<serde_json::Value>(body.as_bytes()).unwrap_err();
        assert!(err.error_message.contains("recursion limit"), "{err:?}");
    }
}
