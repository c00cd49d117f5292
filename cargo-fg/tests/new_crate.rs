//! `cargo fg new` gives crates that build and answer their sample event: the default DIS crate
//! through `invoke`, a crate whose handler fails some batches through `replay`, and every
//! trigger's template through `invoke --sample`. The generated crates depend on this checkout
//! (`--fg-path`) and share one target directory, so their dependencies build once.

mod common;

use std::path::Path;

use common::{Run, Scratch, cargo_fg, repo, shared_target_dir};

/// `cargo-fg fg <args>` in `dir`, building into the shared target directory.
fn in_crate(dir: &Path, args: &[&str]) -> Run {
    let output = common::command(dir, args)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run cargo-fg");
    Run::from(output)
}

fn new_crate(scratch: &Scratch, name: &str, trigger: &str) -> std::path::PathBuf {
    let repo = repo();
    let run = cargo_fg(
        scratch.path(),
        &[
            "new",
            name,
            "--trigger",
            trigger,
            "--fg-path",
            repo.to_str().unwrap(),
        ],
    );
    run.expect_code(0);
    assert!(
        run.stderr.contains(&format!("Created function `{name}`")),
        "{run}"
    );
    scratch.path().join(name)
}

#[test]
fn a_new_crate_builds_and_answers_its_sample() {
    let scratch = Scratch::new("new-dis");
    let dir = new_crate(&scratch, "clicks", "dis");
    for file in [
        "Cargo.toml",
        "src/main.rs",
        "events/dis.json",
        "README.md",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("lto = \"fat\""), "{manifest}");
    assert!(
        manifest.contains("event = \"events/dis.json\""),
        "{manifest}"
    );
    let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
    assert!(main.contains("#[dis_handler]"), "{main}");

    let run = in_crate(&dir, &["invoke"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        r#"{"records":4,"bytes":32,"first_sequence":"0","last_sequence":"3"}"#,
        "{run}"
    );
    assert!(run.stderr.contains("statically linked"), "{run}");
    assert!(
        run.stderr.contains("Invoking clicks with events/dis.json"),
        "{run}"
    );
}

#[test]
fn replay_lists_only_the_batches_the_function_failed() {
    let scratch = Scratch::new("new-poison");
    let dir = new_crate(&scratch, "poison", "dis");
    std::fs::write(
        dir.join("src/main.rs"),
        r#"//! Refuses any batch holding a record that contains "poison".
use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, _ctx: &Context) -> Result<usize, String> {
    for record in event.records() {
        let data = record.data().map_err(|e| e.to_string())?;
        if data.windows(6).any(|w| w == b"poison") {
            return Err(format!("poisoned record {}", record.sequence_number()));
        }
    }
    Ok(event.len())
}
"#,
    )
    .unwrap();
    let input: String = (0..250)
        .map(|i| match i {
            120 | 230 => format!("{{\"n\":{i},\"note\":\"poison\"}}\n"),
            _ => format!("{{\"n\":{i}}}\n"),
        })
        .collect();
    let input_path = scratch.file("records.ndjson", input);
    let run = in_crate(
        &dir,
        &[
            "replay",
            "dis",
            "--input",
            &input_path,
            "--batch-size",
            "50",
            "--retries",
            "2",
        ],
    );
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("3 ok, 2 failed, 5 in all (6 failed attempts)"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("150 of 250 delivered, 100 in failed batches"),
        "{run}"
    );
    assert!(
        run.stdout.contains("failed batches (tried 3 times each"),
        "{run}"
    );
    assert!(
        run.stdout.contains(
            "shardId-0000000000 100-149 (50 records): FunctionReturnError: poisoned record 120"
        ),
        "{run}"
    );
    assert!(
        run.stdout.contains(
            "shardId-0000000000 200-249 (50 records): FunctionReturnError: poisoned record 230"
        ),
        "{run}"
    );
}

#[test]
fn every_trigger_template_builds_and_answers_its_sample() {
    // One crate with every template as a binary: one build of the fg crates for all of them.
    let scratch = Scratch::new("new-all");
    let all = scratch.path().join("all-triggers");
    std::fs::create_dir_all(all.join("src/bin")).unwrap();
    let triggers = [
        "dis",
        "apig",
        "timer",
        "smn",
        "obs",
        "kafka",
        "rocketmq",
        "lts",
        "cts",
        "dds",
        "async_notification",
        "json",
    ];
    for trigger in triggers {
        let dir = new_crate(&scratch, &format!("t-{trigger}"), trigger);
        std::fs::copy(
            dir.join("src/main.rs"),
            all.join(format!("src/bin/{trigger}.rs")),
        )
        .unwrap();
        std::fs::copy(
            dir.join(format!("events/{trigger}.json")),
            all.join(format!("{trigger}.json")),
        )
        .unwrap();
    }
    let repo = repo();
    let features: Vec<String> = triggers[..triggers.len() - 1]
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect();
    std::fs::write(
        all.join("Cargo.toml"),
        format!(
            "[package]\nname = \"all-triggers\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             [dependencies]\n\
             fg-runtime = {{ path = {:?} }}\n\
             fg-events = {{ path = {:?}, default-features = false, features = [{}] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
            repo.join("fg-runtime"),
            repo.join("fg-events"),
            features.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(repo.join("Cargo.lock"), all.join("Cargo.lock")).unwrap();
    for trigger in triggers {
        let event = format!("{trigger}.json");
        let run = in_crate(&all, &["invoke", "--bin", trigger, "--event", &event]);
        run.expect_code(0);
        assert!(run.stderr.contains("Response"), "{trigger}: {run}");
    }
}

#[test]
fn an_http_crate_answers_the_apig_sample_with_its_axum_app() {
    let scratch = Scratch::new("new-http");
    let dir = new_crate(&scratch, "shop", "http");
    for file in ["src/main.rs", "src/app.rs", "events/http.json"] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("features = [\"http\"]"), "{manifest}");
    assert!(manifest.contains("axum"), "{manifest}");
    let run = in_crate(&dir, &["invoke"]);
    run.expect_code(0);
    let answer: serde_json::Value =
        serde_json::from_str(run.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {run}"));
    assert_eq!(answer["statusCode"], 200, "{run}");
    let body: serde_json::Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["path"], "/apig-event-template", "{run}");
}
