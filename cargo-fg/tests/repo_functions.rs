//! `build`, `package`, `invoke`, `serve` and `replay` on the repository's own functions: the
//! `dis` example (`--example dis`, run from the workspace root as the README shows) and the
//! misbehaving test function `fg-test-dis` (`--bin fg-test-dis`).

mod common;

use std::io::Read;
use std::time::Duration;

use common::{Scratch, Served, cargo_fg, is_static_x86_64_elf, post, repo, target_dir};
use fg_emulator::{Emulator, Event};

/// The first 250 lines of the shipped click stream.
fn clicks(scratch: &Scratch, lines: usize) -> String {
    let all = std::fs::read_to_string(repo().join("examples/data/clicks.ndjson"))
        .expect("examples/data/clicks.ndjson");
    let some: Vec<&str> = all.lines().take(lines).collect();
    assert_eq!(some.len(), lines, "the sample input has fewer lines");
    scratch.file("clicks.ndjson", some.join("\n") + "\n")
}

#[test]
fn build_gives_a_static_bootstrap() {
    let run = cargo_fg(&repo(), &["build", "--example", "dis"]);
    run.expect_code(0);
    let path = run.stdout.trim();
    let expected = target_dir().join("fg/debug/dis/bootstrap");
    assert_eq!(std::path::Path::new(path), expected, "{run}");
    assert!(run.stderr.contains("statically linked"), "{run}");
    let bytes = std::fs::read(path).expect("the bootstrap exists");
    is_static_x86_64_elf(&bytes).unwrap();
}

#[test]
fn package_writes_a_zip_with_an_executable_static_bootstrap_at_its_root() {
    let scratch = Scratch::new("package");
    let zip_path = scratch.path().join("out/dis.zip");
    let run = cargo_fg(
        &repo(),
        &[
            "package",
            "--example",
            "dis",
            "-o",
            zip_path.to_str().unwrap(),
        ],
    );
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), zip_path.to_str().unwrap(), "{run}");
    assert!(run.stderr.contains("Packaged"), "{run}");
    assert!(
        run.stderr.contains("MiB") || run.stderr.contains("KiB"),
        "{run}"
    );

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    assert_eq!(archive.len(), 1, "only bootstrap in the zip");
    let mut entry = archive.by_index(0).unwrap();
    assert_eq!(entry.name(), "bootstrap");
    let mode = entry.unix_mode().expect("the entry carries a Unix mode");
    assert_eq!(mode & 0o777, 0o755, "mode {mode:o}");
    assert_eq!(mode & 0o170_000, 0o100_000, "a regular file: mode {mode:o}");
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    is_static_x86_64_elf(&bytes).unwrap();
}

#[test]
fn invoke_prints_the_response_logs_and_duration() {
    let run = cargo_fg(
        &repo(),
        &[
            "invoke",
            "--example",
            "dis",
            "--sample",
            "dis",
            "--times",
            "3",
            "--env",
            "TABLE=clicks",
        ],
    );
    run.expect_code(0);
    let answer = r#"{"records":4,"bytes":32,"first_sequence":"0","last_sequence":"3"}"#;
    assert_eq!(run.stdout.matches(answer).count(), 3, "{run}");
    assert!(
        run.stderr
            .contains("INFO record 2 (13 bytes): FunctionStage"),
        "{run}"
    );
    assert!(run.stderr.contains("cold start"), "{run}");
    assert!(run.stderr.contains("Response 65 B in"), "{run}");
    assert!(run.stderr.contains("3 invocations, 0 failed"), "{run}");
}

/// Without `--event` or `--sample`, `--example NAME` runs on `examples/events/NAME.json` (the
/// repository keeps the APIG example's event there), else on the sample of the trigger NAME.
#[test]
fn invoke_defaults_to_the_examples_own_event() {
    let run = cargo_fg(&repo(), &["invoke", "--example", "apig"]);
    run.expect_code(0);
    let response: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("JSON");
    assert_eq!(response["statusCode"], 200, "{run}");
    assert!(run.stderr.contains("examples/events/apig.json"), "{run}");
    assert!(
        run.stderr.contains("INFO GET /apig-event-template"),
        "{run}"
    );

    let run = cargo_fg(&repo(), &["invoke", "--example", "kafka"]);
    run.expect_code(0);
    assert!(run.stderr.contains("the kafka sample"), "{run}");
    assert!(
        run.stderr.contains("INFO topic-test: kafka message2"),
        "{run}"
    );

    let run = cargo_fg(&repo(), &["invoke", "--example", "state"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no event for `state`"), "{run}");
}

#[test]
fn invoke_exits_non_zero_on_an_error_report_and_shows_it() {
    let scratch = Scratch::new("invoke-error");
    let event = scratch.file("bad.json", r#"{"ShardID":"shardId-0000000000","StreamName":"s","Message":{"records":[{"data":"%%% not base64","sequence_number":"7"}]}}"#);
    let run = cargo_fg(&repo(), &["invoke", "--example", "dis", "--event", &event]);
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("the report");
    assert_eq!(report["errorType"], "DataError", "{run}");
    assert!(run.stderr.contains("Error DataError: "), "{run}");
    assert!(run.stderr.contains("record 7"), "{run}");
}

#[test]
fn invoke_sends_credentials_and_headers_when_asked() {
    // `fg-test-dis` answers what its context holds for the stream `context`.
    let scratch = Scratch::new("invoke-headers");
    let event = scratch.file(
        "context.json",
        r#"{"ShardID":"0","StreamName":"context","Message":{"records":[]}}"#,
    );
    let run = cargo_fg(
        &repo(),
        &[
            "invoke",
            "--bin",
            "fg-test-dis",
            "--credentials",
            "--header",
            "X-Cff-Workflow-Id=wf-7",
            "--event",
            &event,
        ],
    );
    run.expect_code(0);
    let seen: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("the context");
    assert_eq!(
        seen["security_access_key"], "FG-PLACEHOLDER-ACCESS-KEY",
        "{run}"
    );
    assert_eq!(seen["workflow_id"], "wf-7", "{run}");
    let bad = cargo_fg(
        &repo(),
        &["invoke", "--bin", "fg-test-dis", "--header", "no-equals"],
    );
    bad.expect_code(2);
    assert!(bad.stderr.contains("expected NAME=VALUE"), "{bad}");
}

#[test]
fn invoke_reports_a_handler_that_never_answers() {
    // `fg-test-dis` sleeps ShardID milliseconds for the stream `sleep`.
    let scratch = Scratch::new("invoke-timeout");
    let event = scratch.file(
        "sleep.json",
        r#"{"ShardID":"30000","StreamName":"sleep","Message":{"records":[]}}"#,
    );
    let run = cargo_fg(
        &repo(),
        &[
            "invoke",
            "--bin",
            "fg-test-dis",
            "--timeout",
            "1",
            "--event",
            &event,
        ],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("no answer within 1 s"), "{run}");
    assert!(run.stdout.is_empty(), "{run}");
}

#[test]
fn replay_delivers_every_record_in_batches() {
    let scratch = Scratch::new("replay-ok");
    let input = clicks(&scratch, 250);
    let run = cargo_fg(
        &repo(),
        &[
            "replay",
            "dis",
            "--example",
            "dis",
            "--input",
            &input,
            "--batch-size",
            "100",
            "--shards",
            "2",
        ],
    );
    run.expect_code(0);
    assert!(run.stdout.contains("replayed 250 records"), "{run}");
    assert!(run.stdout.contains("2 shards"), "{run}");
    assert!(run.stdout.contains(" ok, 0 failed"), "{run}");
    assert!(run.stdout.contains("250 of 250 delivered"), "{run}");
    assert!(run.stdout.contains("latency:  p50 "), "{run}");
    assert!(!run.stdout.contains("failed batches ("), "{run}");
    // Two shards of about 125 records in batches of at most 100: four batches.
    assert!(run.stdout.contains("4 ok, 0 failed, 4 in all"), "{run}");
}

#[test]
fn replay_lists_the_sequence_ranges_of_failed_batches() {
    // `fg-test-dis` refuses every batch of the stream `error`.
    let scratch = Scratch::new("replay-fail");
    let input = clicks(&scratch, 250);
    let run = cargo_fg(
        &repo(),
        &[
            "replay",
            "dis",
            "--bin",
            "fg-test-dis",
            "--input",
            &input,
            "--stream",
            "error",
            "--retries",
            "1",
        ],
    );
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("0 ok, 3 failed, 3 in all (6 failed attempts)"),
        "{run}"
    );
    assert!(
        run.stdout.contains("failed batches (tried 2 times each"),
        "{run}"
    );
    for range in ["0-99", "100-199", "200-249"] {
        assert!(
            run.stdout.contains(&format!("shardId-0000000000 {range} ")),
            "{range}: {run}"
        );
    }
    assert!(run.stdout.contains("Refused: refused batch"), "{run}");
}

#[test]
fn serve_invokes_the_function_over_http() {
    let served = Served::start(&repo(), &["--example", "dis"]);
    let sample =
        std::fs::read(repo().join("fg-events/fixtures/dis/documented-sample.json")).unwrap();
    let (status, body) = post(&served.url, &sample);
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert_eq!(
        body,
        r#"{"records":4,"bytes":32,"first_sequence":"0","last_sequence":"3"}"#
    );
    let (status, body) = post(&served.url, b"not json");
    assert_eq!(status, "HTTP/1.1 500 Internal Server Error");
    assert!(body.contains("InvalidEvent"), "{body}");
    let remote = cargo_fg(
        &repo(),
        &["invoke", "--remote", &served.url, "--sample", "dis"],
    );
    remote.expect_code(0);
    assert!(remote.stdout.contains(r#""records":4"#), "{remote}");
}

#[test]
fn serve_no_run_lets_you_start_the_function_yourself() {
    // As from an IDE or a debugger: serve prints the environment, we start the function.
    let built = cargo_fg(&repo(), &["build", "--example", "dis"]);
    built.expect_code(0);
    let served = Served::start(&repo(), &["--example", "dis", "--no-run"]);
    let environment: Vec<(&str, &str)> = served
        .printed
        .lines()
        .filter_map(|line| line.strip_prefix("  ")?.split_once('='))
        .filter(|(key, _)| key.starts_with("RUNTIME_"))
        .collect();
    assert!(
        environment
            .iter()
            .any(|(key, _)| *key == "RUNTIME_API_ADDR"),
        "{}",
        served.printed
    );
    let mut function = std::process::Command::new(built.stdout.trim())
        .env_clear()
        .envs(environment)
        .env("FG_API_UNREACHABLE_TIMEOUT", "5")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let sample =
        std::fs::read(repo().join("fg-events/fixtures/dis/documented-sample.json")).unwrap();
    let (status, body) = post(&served.url, &sample);
    function.kill().unwrap();
    function.wait().unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    assert!(body.contains(r#""records":4"#), "{body}");
}

#[test]
fn a_static_bootstrap_still_resolves_host_names() {
    // glibc linked statically cannot load NSS modules of another glibc; on the machine that
    // built it, `localhost` still resolves through /etc/hosts. This is the lookup fg-runtime
    // makes when RUNTIME_API_ADDR names a host instead of an IP address.
    let run = cargo_fg(&repo(), &["build", "--example", "dis"]);
    run.expect_code(0);
    let emulator = Emulator::start().unwrap();
    let mut function = emulator
        .command(run.stdout.trim())
        .env(
            "RUNTIME_API_ADDR",
            format!("localhost:{}", emulator.addr().port()),
        )
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let sample =
        std::fs::read(repo().join("fg-events/fixtures/dis/documented-sample.json")).unwrap();
    let id = emulator.push(Event::new(sample));
    let answer = emulator.wait_for_answer(&id, Duration::from_secs(20));
    function.kill().unwrap();
    function.wait().unwrap();
    let answer = answer.expect("the static bootstrap reached the emulator through `localhost`");
    assert!(answer.is_response(), "{}", answer.text());
}
