//! The recorded data `replay` reads: one record per non-empty line (NDJSON, plain text logs),
//! or one per JSON value (a JSON array's elements, or a stream of concatenated values).

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

/// How the input is cut into records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Split {
    Lines,
    Json,
}

/// One record's bytes and its partition key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Input {
    pub(crate) data: Vec<u8>,
    pub(crate) partition_key: String,
}

/// Reads `path` into records. `split` `None` picks JSON for a file that starts with `[`,
/// lines otherwise. `key_field` names the top-level field of JSON records that holds the
/// partition key; without it (or where a record lacks it) the key is the record's number,
/// counted from 1.
pub(crate) fn read(
    path: &Path,
    split: Option<Split>,
    key_field: Option<&str>,
) -> Result<Vec<Input>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the input file `{}`", path.display()))?;
    let split = split.unwrap_or_else(|| {
        if bytes.trim_ascii_start().starts_with(b"[") {
            Split::Json
        } else {
            Split::Lines
        }
    });
    let records: Vec<Vec<u8>> = match split {
        Split::Lines => bytes
            .split(|&b| b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .filter(|line| !line.trim_ascii().is_empty())
            .map(<[u8]>::to_vec)
            .collect(),
        Split::Json => json_values(&bytes)
            .with_context(|| format!("`{}` is not valid JSON", path.display()))?,
    };
    if records.is_empty() {
        bail!("`{}` holds no records", path.display());
    }
    Ok(records
        .into_iter()
        .enumerate()
        .map(|(index, data)| {
            let key = key_field
                .and_then(|field| key_of(&data, field))
                .unwrap_or_else(|| (index + 1).to_string());
            Input {
                data,
                partition_key: key,
            }
        })
        .collect())
}

/// Each top-level JSON value, compact; a top-level array gives its elements.
fn json_values(bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut records = Vec::new();
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        match value? {
            Value::Array(items) => {
                for item in items {
                    records.push(serde_json::to_vec(&item)?);
                }
            }
            other => records.push(serde_json::to_vec(&other)?),
        }
    }
    Ok(records)
}

fn key_of(data: &[u8], field: &str) -> Option<String> {
    let value: Value = serde_json::from_slice(data).ok()?;
    match value.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str, split: Option<Split>, key: Option<&str>) -> Result<Vec<Input>> {
        let path = std::env::temp_dir().join(format!(
            "cargo-fg-input-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&path, text).unwrap();
        let result = read(&path, split, key);
        let _ = std::fs::remove_file(&path);
        result
    }

    #[test]
    fn lines_are_records_verbatim() {
        let records =
            read_str("{\"user\":\"a\"}\r\n\nplain text\n  \n", None, Some("user")).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].data, b"{\"user\":\"a\"}");
        assert_eq!(records[0].partition_key, "a");
        assert_eq!(records[1].data, b"plain text");
        assert_eq!(records[1].partition_key, "2");
    }

    #[test]
    fn a_json_array_gives_its_elements() {
        let records = read_str("[{\"a\": 1},\n {\"a\": 2}]", None, Some("a")).unwrap();
        let data: Vec<_> = records.iter().map(|r| r.data.clone()).collect();
        assert_eq!(data, [b"{\"a\":1}".to_vec(), b"{\"a\":2}".to_vec()]);
        assert_eq!(records[1].partition_key, "2");
    }

    #[test]
    fn pretty_printed_values_with_split_json() {
        let records = read_str(
            "{\n \"a\": 1\n}\n{\n \"a\": 2\n}\n",
            Some(Split::Json),
            None,
        )
        .unwrap();
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn empty_and_missing_inputs_are_errors() {
        assert!(
            read_str("\n\n", None, None)
                .unwrap_err()
                .to_string()
                .contains("no records")
        );
        let missing = read(Path::new("/nonexistent/clicks.ndjson"), None, None).unwrap_err();
        assert!(
            missing.to_string().contains("cannot read the input file"),
            "{missing}"
        );
    }
}
