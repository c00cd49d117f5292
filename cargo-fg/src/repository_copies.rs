//! The templates (`cargo-fg/templates/`) and sample events (`cargo-fg/samples/`) that cargo-fg
//! carries so that its published package builds on its own are byte-for-byte copies of the
//! repository's examples and samples: what `cargo fg new` writes is what the repository tests.
//!
//! The originals live outside this package, so a packaged cargo-fg (where `../examples` does not
//! exist) skips these tests with a message; inside the repository they always run.

use std::path::{Path, PathBuf};

use crate::{new, samples};

/// The repository root, or `None` (after saying why) when this is a packaged crate without it.
fn repository() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("a manifest directory has a parent");
    if root.join("examples").is_dir() {
        Some(root.to_path_buf())
    } else {
        eprintln!(
            "skipped: {} holds no `examples/` (a packaged cargo-fg, outside the fg repository), \
             so there are no originals to compare the carried copies with",
            root.display()
        );
        None
    }
}

/// The repository file that `cargo-fg/samples/<name>.json` copies: the trigger's sample among
/// fg-events' fixtures, or the APIG example's own event.
fn original_sample(name: &str) -> &'static str {
    match name {
        "dis" => "fg-events/fixtures/dis/documented-sample.json",
        "smn" => "fg-events/fixtures/smn/documented-sample.json",
        "obs" => "fg-events/fixtures/obs/url-encoded-key.json",
        "apig" => "examples/events/apig.json",
        "timer" => "fg-events/fixtures/timer/documented-sample.json",
        "kafka" => "fg-events/fixtures/kafka/documented-sample.json",
        "rocketmq" => "fg-events/fixtures/rocketmq/documented-sample.json",
        "lts" => "fg-events/fixtures/lts/documented-sample.json",
        "cts" => "fg-events/fixtures/cts/go-sample.json",
        "dds" => "fg-events/fixtures/dds/documented-sample.json",
        "async_notification" => {
            "fg-events/fixtures/async_notification/java-failure-with-obs-event.json"
        }
        other => panic!("no original for the sample `{other}`"),
    }
}

/// Asserts that `carried` (built into the binary) equals the repository file `original`.
#[track_caller]
fn assert_same(carried: &str, carried_path: &str, root: &Path, original: &str) {
    let path = root.join(original);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        carried == text,
        "cargo-fg/{carried_path} differs from {original}: copy it again \
         (`cp {original} cargo-fg/{carried_path}`)"
    );
}

/// The names of the files directly in `cargo-fg/<dir>`, sorted.
fn carried_files(dir: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn carried_samples_equal_the_repository_samples() {
    let Some(root) = repository() else { return };
    for name in samples::NAMES {
        let carried = samples::get(name).unwrap();
        assert_same(
            carried,
            &format!("samples/{name}.json"),
            &root,
            original_sample(name),
        );
    }
}

#[test]
fn carried_templates_equal_the_repository_examples() {
    let Some(root) = repository() else { return };
    for trigger in samples::NAMES {
        let carried = new::example(trigger).unwrap();
        let original = format!("examples/{trigger}.rs");
        assert_same(
            carried,
            &format!("templates/{trigger}.rs"),
            &root,
            &original,
        );
    }
    assert_same(
        new::HTTP_APP,
        "templates/axum_app.rs",
        &root,
        "examples/axum/src/app.rs",
    );
}

/// A file left in `samples/` or `templates/` that nothing embeds would be published and never
/// checked.
#[test]
fn every_carried_file_is_embedded() {
    let mut expected_samples: Vec<String> = samples::NAMES
        .iter()
        .map(|name| format!("{name}.json"))
        .collect();
    expected_samples.sort();
    assert_eq!(carried_files("samples"), expected_samples);
    let mut expected_templates: Vec<String> = samples::NAMES
        .iter()
        .map(|name| format!("{name}.rs"))
        .chain(["axum_app.rs".to_owned()])
        .collect();
    expected_templates.sort();
    assert_eq!(carried_files("templates"), expected_templates);
}
