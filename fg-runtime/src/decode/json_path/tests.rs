//! Hand-written cases, one per shape of error position: each names the path it expects.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::{at, of_error};

/// The path `of_error` gives for the data error `T` raises on `json`, checked against the
/// path `serde_path_to_error` tracks, so that no expectation below is made up.
fn path<T: DeserializeOwned>(json: &str) -> String {
    let error = serde_json::from_str::<T>(json)
        .map(|_| ())
        .expect_err("the test event is invalid");
    assert!(error.is_data(), "not a data error: {error}");
    let path = of_error(json.as_bytes(), &error);
    let mut de = serde_json::Deserializer::from_str(json);
    let tracked = serde_path_to_error::deserialize::<_, T>(&mut de).map(|_| ());
    let tracked = tracked.expect_err("the same error").path().to_string();
    assert_eq!(path, tracked, "serde_path_to_error disagrees on {json}");
    path
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Batch {
    records: Vec<Record>,
    #[serde(default)]
    tags: HashMap<String, u8>,
    #[serde(default)]
    pair: Option<(u8, u8)>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Record {
    sequence_number: String,
    #[serde(default)]
    size: u8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    a: u8,
    #[serde(default)]
    e: Option<Kind>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Kind {
    Plain,
    Sized(u8),
    Named { n: u8 },
}

#[test]
fn a_value_read_whole_is_named_by_its_key_or_index() {
    let body = r#"{"records":[{"sequence_number":"1"},{"sequence_number":5}]}"#;
    assert_eq!(path::<Batch>(body), "records[1].sequence_number");
    assert_eq!(
        path::<Batch>(r#"{"records":[{"sequence_number":"1","size":300}]}"#),
        "records[0].size"
    );
    assert_eq!(
        path::<Batch>(r#"{"records":[],"tags":{"a":1,"b":true}}"#),
        "tags.b"
    );
    assert_eq!(
        path::<Batch>(r#"{"records":[{"sequence_number":null}]}"#),
        "records[0].sequence_number"
    );
    assert_eq!(path::<Batch>(r#"{"records":"none"}"#), "records");
    assert_eq!(path::<Batch>("42"), ".");
}

#[test]
fn a_map_or_array_of_the_wrong_type_is_named_before_its_bracket() {
    assert_eq!(
        path::<Batch>(r#"{"records":[{"sequence_number":{}}]}"#),
        "records[0].sequence_number"
    );
    assert_eq!(
        path::<Batch>(r#"{"records":[{"sequence_number":[1]}]}"#),
        "records[0].sequence_number"
    );
    assert_eq!(path::<Vec<u8>>("[{}]"), "[0]");
    assert_eq!(path::<Vec<u8>>("[1, 2, [3]]"), "[2]");
    assert_eq!(path::<Vec<Vec<u8>>>("[[1], [2, {}]]"), "[1][1]");
    assert_eq!(path::<Batch>(r#"{"records":{}}"#), "records");
    assert_eq!(path::<Record>("[]"), ".");
}

#[test]
fn an_error_raised_as_a_container_closes_names_the_container() {
    let body = r#"{"records":[{"sequence_number":"1"},{"size":1}]}"#;
    assert_eq!(path::<Batch>(body), "records[1]");
    assert_eq!(
        path::<Batch>(r#"{"records":[{"size":1}], "tags":{}}"#),
        "records[0]"
    );
    assert_eq!(path::<Batch>(r#"{"tags":{}}"#), ".");
    assert_eq!(path::<Batch>(r#"{"records":[],"pair":[1]}"#), "pair");
    assert_eq!(path::<Batch>(r#"{"pair":[1],"records":[]}"#), "pair");
}

#[test]
fn errors_after_a_key_name_the_key_or_its_object() {
    // `unknown field` is about the key; serde_path_to_error puts the others on the object.
    assert_eq!(path::<Vec<Strict>>(r#"[{"a":1},{"a":1,"b":2}]"#), "[1].b");
    assert_eq!(path::<Vec<Strict>>(r#"[{"a":1},{"a":1, "a" :2}]"#), "[1]");
    assert_eq!(path::<Strict>(r#"{"a":1,"e":{"Other":1}}"#), "e");
    assert_eq!(path::<Strict>(r#"{"a":1,"e":"Other"}"#), "e");
    assert_eq!(path::<Strict>(r#"{"a":1,"e":{"Sized":"x"}}"#), "e.Sized");
    assert_eq!(
        path::<Strict>(r#"{"a":1,"e":{"Named":{"n":-1}}}"#),
        "e.Named.n"
    );
    // A variant that carries data, written as a bare string: the path names the variant.
    assert_eq!(path::<Strict>(r#"{"e":"Sized","a":1}"#), "e.Sized");
    assert_eq!(path::<Strict>(r#"{"a":1,"e":"Named"}"#), "e.Named");
    assert_eq!(
        path::<Vec<Kind>>(r#"["Plain","Sized","Plain"]"#),
        "[1].Sized"
    );
}

#[test]
fn escaped_keys_are_named_unescaped() {
    let body = r#"{"records":[{"s\u0065quence_number":1}]}"#;
    assert_eq!(path::<Batch>(body), "records[0].sequence_number");
    let body = r#"{"records":[],"tags":{"a\"b\\c\/d\ud834\udd1e":"x"}}"#;
    assert_eq!(path::<Batch>(body), r#"tags.a"b\c/d𝄞"#);
    // Keys are shown as they are, dots and empty ones included, as serde_path_to_error does.
    assert_eq!(path::<HashMap<String, u8>>(r#"{"a.b":1,"":true}"#), "");
    assert_eq!(path::<HashMap<String, u8>>(r#"{"a.b":[]}"#), "a.b");
}

#[test]
fn columns_count_bytes_of_multi_byte_text() {
    let body = r#"{"records":[{"sequence_number":"ключ 🎁"}],"tags":{"größe":1,"weiß":"x"}}"#;
    assert_eq!(path::<Batch>(body), "tags.weiß");
    let body = r#"{"tags":{"é":{}},"records":[]}"#;
    assert_eq!(path::<Batch>(body), "tags.é");
}

#[test]
fn pretty_printed_events_map_lines_and_columns() {
    let body = "{\r\n  \"records\": [\r\n    {\"sequence_number\": \"1\"},\n\t{\n\t\t\"sequence_number\": \"2\",\n\t\t\"size\": -1\n\t}\n  ]\n}\n";
    assert_eq!(path::<Batch>(body), "records[1].size");
    let body = "{\n  \"records\": [\n    {\n      \"size\": 1\n    }\n  ]\n}";
    assert_eq!(path::<Batch>(body), "records[0]");
    let body = "[\n  1,\n  2,\n  {\n  }\n]";
    assert_eq!(path::<Vec<u8>>(body), "[2]");
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Converted {
    #[serde(default, deserialize_with = "parsed")]
    n: u8,
    #[serde(default)]
    list: Vec<Either>,
    #[serde(default)]
    one: Option<Either>,
}

fn parsed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Either {
    Number(u8),
    Named { name: String },
}

#[test]
fn errors_raised_once_a_value_was_read_name_that_value() {
    // serde_json places these where the surrounding container stopped reading.
    assert_eq!(path::<Converted>(r#"{"n":"x","list":[]}"#), "n");
    assert_eq!(path::<Converted>(r#"{"list":[],"n":"x"}"#), "n");
    assert_eq!(path::<Converted>(r#"{"list":[1,"x",2]}"#), "list[1]");
    assert_eq!(
        path::<Converted>(r#"{"list":[1, {"name":1} , 2]}"#),
        "list[1]"
    );
    assert_eq!(path::<Converted>(r#"{"list":[1,"x"],"n":"1"}"#), "list[1]");
    assert_eq!(path::<Converted>(r#"{"one":{"name":1},"n":"1"}"#), "one");
    assert_eq!(path::<Converted>(r#"{"n":"1","one":{"name":1}}"#), "one");
    assert_eq!(path::<Either>(r#"{"name":1}"#), ".");
}

#[test]
fn integer_map_keys_are_named_by_the_integer() {
    assert_eq!(path::<HashMap<u32, u8>>(r#"{"1":1,"-1":1}"#), "-1");
    assert_eq!(path::<HashMap<u32, u8>>(r#"{"1":1,"2":"x"}"#), "2");
    assert_eq!(
        path::<Vec<HashMap<u8, u8>>>(r#"[{}, {"300":1}]"#),
        "[1].300"
    );
    // A key that is no integer is not named.
    assert_eq!(path::<HashMap<u8, u8>>(r#"{"1.5":1}"#), "?");
}

#[test]
fn no_position_means_the_root() {
    let message = "invalid type: map, expected u8";
    assert_eq!(at(br#"{"a":[{}]}"#, 0, 0, message), ".");
    assert_eq!(at(br#"{"a":[{}]}"#, 1, 7, message), "a[0]");
}

#[test]
fn positions_outside_the_body_or_bad_bytes_do_not_panic() {
    let message = "invalid type: string \"x\", expected u8";
    // A line past the last one; a column past the end of the body.
    assert_eq!(at(b"{\"a\":1}", 3, 0, message), ".");
    assert_eq!(at(b"{\"a\":[1,2", 1, 999, message), "a[1]");
    assert_eq!(at(b"", 1, 5, message), ".");
    // Not JSON: unbalanced brackets, a key that never ends, stray bytes, invalid UTF-8.
    assert_eq!(at(b"]]}}{[", 1, 6, message), ".");
    assert_eq!(at(b"{\"ab\\", 1, 5, message), "?");
    assert_eq!(
        at(b"{\"\xff\xfe\":\"x\"", 1, 10, message),
        "\u{fffd}\u{fffd}"
    );
    assert_eq!(at(b"{:::,,,\"k\" 1 2 3", 1, 16, message), "k");
    assert_eq!(at(b"[,,,,x", 1, 6, message), "[4]");
    // Deep nesting: linear work, one segment per level.
    let deep = "[".repeat(10_000);
    assert_eq!(at(deep.as_bytes(), 1, 10_000, message), "[0]".repeat(9_999));
}
