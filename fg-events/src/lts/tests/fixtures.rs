//! Every file in `fixtures/lts/` round-trips (including those whose `data` does not decode: the
//! event itself is valid); every file in `fixtures/lts/invalid/` is rejected. Adding a sample
//! file adds coverage without editing these tests.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::lts::LtsEvent;

/// A negative fixture and a part of the error it must produce.
const REJECTIONS: &[(&str, &str)] = &[
    ("missing-lts.json", "missing field `lts`"),
    ("missing-data.json", "missing field `data`"),
    (
        "data-as-object.json",
        "invalid type: map, expected a string",
    ),
];

fn json_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable fixtures directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
}

#[test]
fn every_fixture_parses_serialises_and_parses_back_equal() {
    let files = json_files("fixtures/lts");
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    for path in files {
        let event: LtsEvent = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&event).expect("LtsEvent serialises");
        let again: LtsEvent = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: re-parse of {json}: {e}", path.display()));
        assert_eq!(again, event, "{}", path.display());
        // The fixtures hold nothing but `lts.data`, so the event serialises back exactly.
        let original: Value = serde_json::from_str(&read(&path)).expect("fixture is JSON");
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            original,
            "{}",
            path.display()
        );
    }
}

/// The decoded payload round-trips too, for every fixture that decodes.
#[test]
fn every_decodable_fixture_round_trips_its_logs() {
    let mut decoded = 0;
    for path in json_files("fixtures/lts") {
        let event: LtsEvent = serde_json::from_str(&read(&path)).expect("parses");
        let Ok(logs) = event.decode() else { continue };
        decoded += 1;
        let rebuilt = LtsEvent::from_logs(&logs).expect("serialises");
        assert_eq!(rebuilt.decode().unwrap(), logs, "{}", path.display());
    }
    assert!(decoded >= 6, "only {decoded} fixtures decode");
}

#[test]
fn every_invalid_fixture_is_rejected_with_a_useful_error() {
    let files = json_files("fixtures/lts/invalid");
    for (name, _) in REJECTIONS {
        assert!(
            files.iter().any(|path| file_name(path) == *name),
            "no fixture {name}"
        );
    }
    for path in files {
        let Err(err) = serde_json::from_str::<LtsEvent>(&read(&path)) else {
            panic!("{} was accepted as an LTS event", path.display());
        };
        let message = err.to_string();
        if let Some((_, expected)) = REJECTIONS
            .iter()
            .find(|(name, _)| *name == file_name(&path))
        {
            assert!(message.contains(expected), "{}: {message}", path.display());
        }
    }
}
