//! The command line itself, without building anything: every command's help shows an example,
//! and mistakes get errors that say what to do.

mod common;

use common::{Scratch, cargo_fg, repo};

const COMMANDS: [&[&str]; 9] = [
    &[],
    &["new"],
    &["build"],
    &["package"],
    &["deploy"],
    &["invoke"],
    &["serve"],
    &["replay"],
    &["replay", "dis"],
];

#[test]
fn every_command_has_help_with_an_example() {
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--help");
        let run = cargo_fg(&repo(), &args);
        run.expect_code(0);
        assert!(run.stdout.contains("Examples:"), "{args:?}: {run}");
        let example = format!("cargo fg {}", command.join(" "));
        assert!(
            run.stdout.contains(example.trim_end()),
            "{args:?} shows no `{example}`: {run}"
        );
    }
}

#[test]
fn runs_as_cargo_runs_it_and_directly() {
    let via_cargo = cargo_fg(&repo(), &["--version"]);
    via_cargo.expect_code(0);
    let direct = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-fg"))
        .arg("--version")
        .output()
        .expect("run cargo-fg");
    assert_eq!(String::from_utf8_lossy(&direct.stdout), via_cargo.stdout);
}

#[test]
fn outside_a_crate_the_error_says_where_to_run() {
    let scratch = Scratch::new("no-crate");
    let run = cargo_fg(scratch.path(), &["build"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no Cargo.toml"), "{run}");
    assert!(run.stderr.contains("cargo fg new"), "{run}");
}

#[test]
fn a_package_with_several_functions_asks_which() {
    let run = cargo_fg(&repo(), &["build"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--bin NAME (one of: fg-test-dis"),
        "{run}"
    );
    assert!(run.stderr.contains("--example NAME (one of: apig"), "{run}");
    let run = cargo_fg(&repo(), &["build", "--example", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no example `nope`"), "{run}");
}

#[test]
fn a_missing_event_or_input_file_is_reported_before_building() {
    let run = cargo_fg(
        &repo(),
        &[
            "invoke",
            "--example",
            "dis",
            "--event",
            "no/such/event.json",
        ],
    );
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: cannot read the event file `no/such/event.json`"),
        "{run}"
    );
    assert!(run.stderr.contains("No such file or directory"), "{run}");
    assert!(
        !run.stderr.contains("Compiling"),
        "built before checking the file: {run}"
    );

    let run = cargo_fg(
        &repo(),
        &[
            "replay",
            "dis",
            "--example",
            "dis",
            "--input",
            "missing.ndjson",
        ],
    );
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("cannot read the input file `missing.ndjson`"),
        "{run}"
    );
}

#[test]
fn bad_options_are_usage_errors() {
    let run = cargo_fg(&repo(), &["invoke", "--sample", "sqs"]);
    run.expect_code(2);
    assert!(run.stderr.contains("possible values"), "{run}");
    let run = cargo_fg(
        &repo(),
        &[
            "invoke",
            "--example",
            "dis",
            "--sample",
            "dis",
            "--env",
            "NOEQUALS",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("KEY=VALUE"), "{run}");
    let run = cargo_fg(
        &repo(),
        &["replay", "dis", "--input", "x", "--batch-size", "0"],
    );
    run.expect_code(2);
    let run = cargo_fg(&repo(), &["new", "x", "--trigger", "sqs"]);
    run.expect_code(2);
}

#[test]
fn new_refuses_an_existing_directory_and_a_bad_name() {
    let scratch = Scratch::new("new-refuses");
    std::fs::write(scratch.path().join("keep.txt"), "mine").unwrap();
    let run = cargo_fg(scratch.path(), &["new", "."]);
    run.expect_code(2);
    let run = cargo_fg(
        &std::env::temp_dir(),
        &["new", scratch.path().to_str().unwrap()],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("already exists"), "{run}");
    let run = cargo_fg(scratch.path(), &["new", "9lives"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot be a crate name"), "{run}");
}
