//! Every file in `fixtures/obs/` round-trips; every file in `fixtures/obs/invalid/` is rejected.
//! Adding a sample file adds coverage without editing these tests.

use std::path::Path;

use serde_json::Value;

use super::{json_files, read};
use crate::obs::ObsEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("lowercase-records.json", "missing field `Records`"),
    ("smn-event.json", "missing field `Records`"),
    ("missing-s3.json", "missing field `s3`"),
    ("missing-object-key.json", "missing field `key`"),
    (
        "size-as-string.json",
        "invalid type: string \"5\", expected u64",
    ),
];

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    let files = json_files("fixtures/obs");
    assert!(files.len() >= 4, "fixtures missing: {files:?}");
    for path in files {
        let event: ObsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("ObsEvent serialises");
        let again: ObsEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
    }
}

/// Every sample holds only keys OBS types know, so serialising gives back exactly the fixture:
/// optional keys the sample leaves out stay out.
#[test]
fn every_fixture_serialises_back_exactly() {
    for path in json_files("fixtures/obs") {
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        let event: ObsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serialised = serde_json::to_value(&event).expect("ObsEvent serialises");
        assert_eq!(serialised, original, "{}", path.display());
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/obs/invalid");
    let name = |path: &Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned()
    };
    for (expected_file, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| name(path) == *expected_file),
            "no fixture {expected_file}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<ObsEvent>(&read(&path)) else {
            panic!("{} was accepted as an OBS event", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS.iter().find(|(file, _)| *file == name(&path)) {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
    }
}
