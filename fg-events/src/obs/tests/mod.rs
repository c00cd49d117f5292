//! Tests of the OBS types against the fixtures in `fixtures/obs/` and events built in code.

mod building;
mod fixtures;
mod records;

use std::path::{Path, PathBuf};

use super::ObsEvent;

/// The text of `fixtures/<name>.json`, embedded at compile time.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/",
            $name,
            ".json"
        ))
    };
}
use fixture;

fn parse(json: &str) -> ObsEvent {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not parse: {e}"))
}

/// The `.json` files directly in `dir` (relative to the crate), sorted.
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
