//! `cargo fg deploy` and `cargo fg invoke --deployed` against a mock of the management API
//! (tests/mock_api): the real binary, real HTTP on 127.0.0.1, every request's signature checked
//! by the mock's own implementation of the algorithm. Every run is also checked for secrets in
//! what it printed.

mod common;
mod mock_api;

use std::io::Write as _;
use std::process::Stdio;

use common::{Run, Scratch, command, repo};
use mock_api::{Fault, Keys, MockApi};
use serde_json::Value;

const ACCESS_KEY: &str = "MOCKACCESSKEY0000001";
const SECRET_KEY: &str = "mock-SECRET-key-do-not-print-0123456789";
const TOKEN: &str = "mock-TOKEN-do-not-print-abcdef";

fn keys() -> Keys {
    Keys {
        access_key: ACCESS_KEY.into(),
        secret_key: SECRET_KEY.into(),
        token: Some(TOKEN.into()),
    }
}

/// Runs `cargo-fg fg <args>` in `dir` with the test keys (or `env` instead) in an environment
/// cleared of the user's own keys and proxies, and checks that no secret was printed.
fn run_with(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = command(dir, args);
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "OS_ACCESS_KEY",
        "OS_SECRET_KEY",
        "OS_SECURITY_TOKEN",
        "OS_PROJECT_ID",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let run = Run::from(command.stdin(Stdio::null()).output().expect("run cargo-fg"));
    for secret in [SECRET_KEY, TOKEN, "Authorization", "Signature="] {
        assert!(!run.stdout.contains(secret), "{secret} printed: {run}");
        assert!(!run.stderr.contains(secret), "{secret} printed: {run}");
    }
    run
}

fn run(dir: &std::path::Path, args: &[&str]) -> Run {
    run_with(
        dir,
        args,
        &[
            ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
            ("HUAWEICLOUD_SDK_SK", SECRET_KEY),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", TOKEN),
        ],
    )
}

/// A small valid zip with a `bootstrap` entry.
fn zip_bytes(content: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file(
        "bootstrap",
        zip::write::SimpleFileOptions::default().unix_permissions(0o755),
    )
    .expect("start the entry");
    zip.write_all(content).expect("write the entry");
    zip.finish().expect("finish the zip");
    out.into_inner()
}

/// `deploy --zip <a zip> --endpoint <mock> --project-id <mock's> <args>`.
fn deploy(mock: &MockApi, scratch: &Scratch, zip: &str, args: &[&str]) -> Run {
    let endpoint = mock.url();
    let mut all = vec![
        "deploy",
        "--zip",
        zip,
        "--endpoint",
        &endpoint,
        "--project-id",
        &mock.project_id,
    ];
    all.extend_from_slice(args);
    run(scratch.path(), &all)
}

fn json(run: &Run) -> Value {
    serde_json::from_str(run.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {run}"))
}

fn assert_signatures_ok(mock: &MockApi) {
    let bad = mock.state().bad_signatures.clone();
    assert!(bad.is_empty(), "bad signatures: {bad:#?}");
}

#[test]
fn create_then_update_uploads_code_and_changes_only_what_was_asked() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-create-update");
    let zip = scratch.file("fn.zip", zip_bytes(b"first"));
    let urn = mock.urn("clicks");

    let first = deploy(
        &mock,
        &scratch,
        &zip,
        &[
            "--name",
            "clicks",
            "--env",
            "TABLE=clicks",
            "--output",
            "json",
        ],
    );
    first.expect_code(0);
    assert_signatures_ok(&mock);
    assert_eq!(
        mock.lines(),
        [
            format!("GET /v2/{}/fgs/functions/{urn}/config", mock.project_id),
            format!("POST /v2/{}/fgs/functions", mock.project_id),
        ]
    );
    let report = json(&first);
    assert_eq!(report["action"], "created");
    assert_eq!(report["function_urn"], format!("{urn}:latest"));
    let created = mock.state().received[1].json();
    assert_eq!(created["runtime"], "Custom");
    assert_eq!(created["handler"], "bootstrap");
    assert_eq!(created["memory_size"], 128);
    assert_eq!(created["timeout"], 30);
    assert_eq!(created["code_type"], "zip");
    assert_eq!(created["package"], "default");
    assert_eq!(created["user_data"], r#"{"TABLE":"clicks"}"#);
    assert_eq!(mock.state().code["clicks"], zip_bytes(b"first"));
    assert_eq!(report["code"]["sha512"], report["code"]["platform_digest"]);

    // Same settings, new code: the code is uploaded, the configuration left alone.
    mock.clear_received();
    let zip2 = scratch.file("fn2.zip", zip_bytes(b"second"));
    let second = deploy(
        &mock,
        &scratch,
        &zip2,
        &["--name", "clicks", "--env", "TABLE=clicks"],
    );
    second.expect_code(0);
    assert_signatures_ok(&mock);
    assert_eq!(
        mock.lines(),
        [
            format!("GET /v2/{}/fgs/functions/{urn}/config", mock.project_id),
            format!("PUT /v2/{}/fgs/functions/{urn}/code", mock.project_id),
        ]
    );
    assert_eq!(mock.state().code["clicks"], zip_bytes(b"second"));
    assert!(second.stderr.contains("Updated"), "{second}");
    assert_eq!(second.stdout.trim(), format!("{urn}:latest"));

    // A new memory size: only that changes; the environment set before is kept.
    mock.clear_received();
    let third = deploy(
        &mock,
        &scratch,
        &zip2,
        &["--name", "clicks", "--memory", "256", "--output", "json"],
    );
    third.expect_code(0);
    assert_signatures_ok(&mock);
    let lines = mock.lines();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert_eq!(
        lines[2],
        format!("PUT /v2/{}/fgs/functions/{urn}/config", mock.project_id)
    );
    assert_eq!(
        json(&third)["config_changed"],
        serde_json::json!(["memory"])
    );
    let config = mock.state().functions["clicks"].clone();
    assert_eq!(config["memory_size"], 256);
    assert_eq!(config["timeout"], 30);
    assert_eq!(config["user_data"], r#"{"TABLE":"clicks"}"#);
}

#[test]
fn publish_and_alias_create_then_move_the_alias() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-publish");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let args = [
        "--name",
        "clicks",
        "--publish",
        "--alias",
        "prod",
        "--output",
        "json",
    ];
    let first = deploy(&mock, &scratch, &zip, &args);
    first.expect_code(0);
    assert_eq!(json(&first)["version"], "v1");
    assert_eq!(json(&first)["alias"], "prod");
    let second = deploy(&mock, &scratch, &zip, &args);
    second.expect_code(0);
    assert_eq!(json(&second)["version"], "v2");
    assert_signatures_ok(&mock);
    let lines = mock.lines();
    let urn = mock.urn("clicks");
    let p = &mock.project_id;
    assert!(
        lines.contains(&format!("POST /v2/{p}/fgs/functions/{urn}/aliases")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&format!("PUT /v2/{p}/fgs/functions/{urn}/aliases/prod")),
        "{lines:#?}"
    );
    assert_eq!(
        mock.state().aliases[&("clicks".to_owned(), "prod".to_owned())],
        "v2"
    );
    // A named version.
    let third = deploy(
        &mock,
        &scratch,
        &zip,
        &["--name", "clicks", "--publish", "release-3"],
    );
    third.expect_code(0);
    assert!(third.stderr.contains("version release-3"), "{third}");
}

#[test]
fn the_dis_trigger_is_created_once_across_two_deploys() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-dis");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let args = [
        "--name",
        "clicks",
        "--dis-stream",
        "clicks-stream",
        "--starting-position",
        "LATEST",
        "--batch-size",
        "500",
        "--serial",
        "--output",
        "json",
    ];
    let first = deploy(&mock, &scratch, &zip, &args);
    first.expect_code(0);
    assert_eq!(json(&first)["trigger"]["created"], true);
    let second = deploy(&mock, &scratch, &zip, &args);
    second.expect_code(0);
    assert_eq!(json(&second)["trigger"]["created"], false);
    assert_eq!(json(&second)["trigger"]["id"], "trigger-1");
    assert_signatures_ok(&mock);
    let triggers = mock.state().triggers["clicks"].clone();
    assert_eq!(triggers.len(), 1, "{triggers:#?}");
    let data = &triggers[0]["event_data"];
    assert_eq!(data["stream_name"], "clicks-stream");
    assert_eq!(data["sharditerator_type"], "LATEST");
    assert_eq!(data["batch_size"], 500);
    assert_eq!(data["is_serial"], "true");
    assert_eq!(data["polling_interval"], 30);
    assert_eq!(data["polling_unit"], "s");
}

#[test]
fn a_dry_run_sends_nothing_that_changes_anything() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-dry-run");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    // A new function: only the lookup is sent.
    let new = deploy(
        &mock,
        &scratch,
        &zip,
        &[
            "--name",
            "clicks",
            "--dry-run",
            "--publish",
            "--alias",
            "prod",
            "--dis-stream",
            "s1",
        ],
    );
    new.expect_code(0);
    assert_eq!(mock.lines().len(), 1, "{:#?}", mock.lines());
    assert!(mock.state().functions.is_empty());
    assert!(
        new.stdout.contains(&format!(
            "POST {}/v2/{}/fgs/functions\n",
            mock.url(),
            mock.project_id
        )),
        "{new}"
    );
    assert!(new.stdout.contains("<the zip, base64>"), "{new}");
    assert!(!new.stdout.contains("UEsDB"), "the code was printed: {new}");
    assert!(new.stderr.contains("nothing was changed"), "{new}");

    // An existing function: lookups only, every change shown.
    deploy(
        &mock,
        &scratch,
        &zip,
        &["--name", "clicks", "--publish", "--alias", "prod"],
    )
    .expect_code(0);
    mock.clear_received();
    let before = mock.state().functions.clone();
    let zip2 = scratch.file("fn2.zip", zip_bytes(b"other code"));
    let dry = deploy(
        &mock,
        &scratch,
        &zip2,
        &[
            "--name",
            "clicks",
            "--dry-run",
            "--memory",
            "512",
            "--publish",
            "--alias",
            "prod",
            "--dis-stream",
            "s1",
            "--output",
            "json",
        ],
    );
    dry.expect_code(0);
    assert_signatures_ok(&mock);
    let received = mock.state().received.clone();
    assert!(
        received.iter().all(|r| !r.changes_something()),
        "{:#?}",
        mock.lines()
    );
    assert_eq!(mock.state().functions, before);
    assert_eq!(mock.state().code["clicks"], zip_bytes(b"code"));
    let report = json(&dry);
    assert_eq!(report["dry_run"], true);
    let unsent: Vec<String> = report["unsent_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["method"].as_str().unwrap(),
                c["url"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(unsent.len(), 5, "{unsent:#?}");
    assert!(
        unsent[0].starts_with("PUT ") && unsent[0].ends_with("/code"),
        "{unsent:#?}"
    );
    assert!(unsent[1].ends_with("/config"), "{unsent:#?}");
    assert!(unsent[2].ends_with("/versions"), "{unsent:#?}");
    assert!(
        unsent[3].starts_with("PUT ") && unsent[3].ends_with("/aliases/prod"),
        "{unsent:#?}"
    );
    assert!(
        unsent[4].starts_with("POST ") && unsent[4].contains("/triggers/"),
        "{unsent:#?}"
    );
    assert_eq!(report["unsent_calls"][1]["body"]["memory_size"], 512);
}

#[test]
fn wrong_keys_are_refused_with_the_code_the_request_id_and_a_hint() {
    let mock = MockApi::start(Keys {
        secret_key: "the-right-secret-is-another-one".into(),
        ..keys()
    });
    let scratch = Scratch::new("deploy-wrong-keys");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let run = deploy(&mock, &scratch, &zip, &["--name", "clicks"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("APIGW.0301 Incorrect IAM authentication information"),
        "{run}"
    );
    assert!(
        run.stderr.contains("HTTP 401, request id mock-req-1"),
        "{run}"
    );
    assert!(run.stderr.contains("hint: the keys were refused"), "{run}");
    assert!(run.stderr.contains("nothing was changed"), "{run}");
    assert_eq!(
        mock.lines().len(),
        1,
        "a 401 is not retried: {:#?}",
        mock.lines()
    );
}

#[test]
fn an_unknown_project_is_refused_before_anything_changes() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-project");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let endpoint = mock.url();
    let run = run(
        scratch.path(),
        &[
            "deploy",
            "--zip",
            &zip,
            "--endpoint",
            &endpoint,
            "--project-id",
            "ffffffffffffffffffffffffffffffff",
            "--name",
            "clicks",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("FSS.0404"), "{run}");
    assert!(run.stderr.contains("is the project id right"), "{run}");
    assert!(run.stderr.contains("nothing was changed"), "{run}");
    assert!(mock.state().functions.is_empty());
}

#[test]
fn the_project_id_is_asked_from_iam_when_not_given() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-iam");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let endpoint = mock.url();
    let ok = run(
        scratch.path(),
        &[
            "deploy",
            "--zip",
            &zip,
            "--endpoint",
            &endpoint,
            "--iam-endpoint",
            &endpoint,
            "--name",
            "clicks",
        ],
    );
    ok.expect_code(0);
    assert_signatures_ok(&mock);
    assert_eq!(mock.state().received[0].line(), "GET /v3/projects");
    assert_eq!(mock.state().received[0].query, "name=eu-de");
    let unknown = run(
        scratch.path(),
        &[
            "deploy",
            "--zip",
            &zip,
            "--endpoint",
            &endpoint,
            "--iam-endpoint",
            &endpoint,
            "--name",
            "clicks",
            "--region",
            "ap-southeast-1",
        ],
    );
    unknown.expect_code(2);
    assert!(
        unknown
            .stderr
            .contains("IAM knows no project named ap-southeast-1"),
        "{unknown}"
    );
}

#[test]
fn an_invalid_zip_is_refused_with_a_hint() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-invalid-zip");
    let not_zip = scratch.file("fn.zip", b"not a zip at all");
    let run = deploy(&mock, &scratch, &not_zip, &["--name", "clicks"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("FSS.1011 zip: not a valid zip file"),
        "{run}"
    );
    assert!(
        run.stderr.contains("hint: the code is not a valid zip"),
        "{run}"
    );
    assert!(mock.state().functions.is_empty());
}

#[test]
fn a_failure_part_way_says_what_was_done_and_what_was_not() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-part-way");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    deploy(&mock, &scratch, &zip, &["--name", "clicks"]).expect_code(0);
    mock.fault(Fault {
        method: "POST",
        path_end: "/versions",
        status: 400,
        error_code: "FSS.1054",
        times: 1,
    });
    let run = deploy(
        &mock,
        &scratch,
        &zip,
        &[
            "--name",
            "clicks",
            "--publish",
            "--alias",
            "prod",
            "--dis-stream",
            "s1",
        ],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("stopped part-way"), "{run}");
    assert!(run.stderr.contains("done: upload the code"), "{run}");
    assert!(
        run.stderr.contains("not done: publish a version; point alias prod at it; ensure the DIS trigger on stream s1"),
        "{run}"
    );
    assert!(run.stderr.contains("FSS.1054"), "{run}");
}

#[test]
fn lookups_are_retried_on_server_errors_and_creates_are_not_repeated() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-retry");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    mock.fault(Fault {
        method: "GET",
        path_end: "/config",
        status: 503,
        error_code: "FSS.0500",
        times: 1,
    });
    let run = deploy(&mock, &scratch, &zip, &["--name", "clicks"]);
    run.expect_code(0);
    assert!(run.stderr.contains("retrying"), "{run}");
    // A create answered with 500 is looked up again, never sent twice.
    mock.clear_received();
    mock.fault(Fault {
        method: "POST",
        path_end: "/functions",
        status: 500,
        error_code: "FSS.0500",
        times: 5,
    });
    let failed = deploy(&mock, &scratch, &zip, &["--name", "other"]);
    failed.expect_code(2);
    let posts = mock
        .lines()
        .iter()
        .filter(|l| l.starts_with("POST"))
        .count();
    assert_eq!(posts, 1, "{:#?}", mock.lines());
    assert!(
        failed.stderr.contains("looking the function up"),
        "{failed}"
    );
}

#[test]
fn without_keys_nothing_is_sent_and_the_variables_are_named() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-no-keys");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let endpoint = mock.url();
    let run = run_with(
        scratch.path(),
        &[
            "deploy",
            "--zip",
            &zip,
            "--endpoint",
            &endpoint,
            "--project-id",
            &mock.project_id,
            "--name",
            "clicks",
        ],
        &[],
    );
    run.expect_code(2);
    for variable in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "OS_ACCESS_KEY",
        "OS_SECRET_KEY",
    ] {
        assert!(run.stderr.contains(variable), "{variable}: {run}");
    }
    assert!(mock.lines().is_empty());
    // The Open Telekom Cloud convention works as well.
    let otc = run_with(
        scratch.path(),
        &[
            "deploy",
            "--zip",
            &zip,
            "--endpoint",
            &endpoint,
            "--project-id",
            &mock.project_id,
            "--name",
            "clicks",
        ],
        &[
            ("OS_ACCESS_KEY", ACCESS_KEY),
            ("OS_SECRET_KEY", SECRET_KEY),
            ("OS_SECURITY_TOKEN", TOKEN),
        ],
    );
    otc.expect_code(0);
    assert_signatures_ok(&mock);
}

#[test]
fn bad_settings_are_refused_locally_with_the_range() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-bad-settings");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    for (args, expected) in [
        (
            &["--name", "clicks", "--memory", "64"][..],
            "--memory 64: expected a whole number from 128 to 10240",
        ),
        (
            &["--name", "clicks", "--timeout", "1"][..],
            "--timeout 1: expected a whole number from 3 to 259200",
        ),
        (
            &["--name", "9lives"][..],
            "function name `9lives`: expected 1 to 60 letters",
        ),
        (
            &["--name", "clicks", "--batch-size", "5"][..],
            "--batch-size configures the DIS trigger",
        ),
        (
            &["--name", "clicks", "--alias", "prod"][..],
            "add --publish",
        ),
        (
            &["--name", "clicks", "--env", "RUNTIME_X=1"][..],
            "reserves RUNTIME_*",
        ),
    ] {
        let run = deploy(&mock, &scratch, &zip, args);
        run.expect_code(2);
        assert!(run.stderr.contains(expected), "{args:?}: {run}");
    }
    // Over the inline limit: refused before anything is sent.
    let big = scratch.path().join("big.zip");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(50 * 1024 * 1024 + 1).unwrap();
    let run = deploy(
        &mock,
        &scratch,
        big.to_str().unwrap(),
        &["--name", "clicks"],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("at most 50 MB inline (FSS.1071)"),
        "{run}"
    );
    assert!(mock.lines().is_empty(), "{:#?}", mock.lines());
}

#[test]
fn invoke_deployed_prints_result_status_request_id_and_log_tail() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("invoke-deployed");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    deploy(&mock, &scratch, &zip, &["--name", "clicks"]).expect_code(0);
    let endpoint = mock.url();
    let args = [
        "invoke",
        "--deployed",
        "clicks",
        "--sample",
        "dis",
        "--endpoint",
        &endpoint,
        "--project-id",
        &mock.project_id,
    ];
    let ok = run(scratch.path(), &args);
    ok.expect_code(0);
    assert!(ok.stdout.starts_with("received "), "{ok}");
    assert!(
        ok.stderr.contains("status 200, request id fn-req-1"),
        "{ok}"
    );
    assert!(ok.stderr.contains("INFO handled"), "{ok}");
    mock.state().invocation_status = 500;
    let failed = run(scratch.path(), &args);
    failed.expect_code(1);
    let mut asynchronous = args.to_vec();
    asynchronous.push("--async");
    let accepted = run(scratch.path(), &asynchronous);
    accepted.expect_code(0);
    assert!(
        accepted.stderr.contains("request id fn-req-async"),
        "{accepted}"
    );
    assert_signatures_ok(&mock);
    let unknown = run(
        scratch.path(),
        &[
            "invoke",
            "--deployed",
            "nope",
            "--sample",
            "dis",
            "--endpoint",
            &endpoint,
            "--project-id",
            &mock.project_id,
        ],
    );
    unknown.expect_code(2);
    assert!(unknown.stderr.contains("FSS.1051"), "{unknown}");
}

#[test]
fn settings_come_from_cargo_toml_and_the_command_line_wins() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-metadata");
    scratch.file(
        "Cargo.toml",
        r#"[package]
name = "meta-fn"
version = "0.1.0"
edition = "2024"

[package.metadata.fg]
name = "from-metadata"
memory = 512
timeout = 60
dis-stream = "meta-stream"
serial = true
publish = true
alias = "live"

[package.metadata.fg.env]
TABLE = "meta"
"#,
    );
    std::fs::create_dir_all(scratch.path().join("src")).unwrap();
    scratch.file("src/main.rs", "fn main() {}\n");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let run = deploy(
        &mock,
        &scratch,
        &zip,
        &["--memory", "1024", "--output", "json"],
    );
    run.expect_code(0);
    assert_signatures_ok(&mock);
    let report = json(&run);
    assert_eq!(report["version"], "v1");
    assert_eq!(report["alias"], "live");
    assert_eq!(report["trigger"]["stream"], "meta-stream");
    let config = mock.state().functions["from-metadata"].clone();
    assert_eq!(config["memory_size"], 1024);
    assert_eq!(config["timeout"], 60);
    assert_eq!(config["user_data"], r#"{"TABLE":"meta"}"#);
    assert_eq!(
        mock.state().triggers["from-metadata"][0]["event_data"]["is_serial"],
        "true"
    );
    let manifest = std::fs::read_to_string(scratch.path().join("Cargo.toml")).unwrap();
    scratch.file(
        "Cargo.toml",
        manifest.replace("memory = 512", "memory = \"lots\""),
    );
    let refused = deploy(&mock, &scratch, &zip, &[]);
    refused.expect_code(2);
    assert!(refused.stderr.contains(
            "package.metadata.fg.memory in Cargo.toml: lots: expected a whole number from 128 to 10240"
        ), "{refused}");
}

#[test]
fn the_help_shows_both_clouds() {
    let run = run(&repo(), &["deploy", "--help"]);
    run.expect_code(0);
    for expected in [
        "Open Telekom Cloud",
        "OS_ACCESS_KEY",
        "Huawei Cloud",
        "HUAWEICLOUD_SDK_AK",
        "--dry-run",
    ] {
        assert!(run.stdout.contains(expected), "{expected}: {run}");
    }
}

/// The full path: `deploy --example dis` builds what `cargo fg package --release` builds and
/// uploads exactly that zip.
#[test]
fn deploy_builds_and_uploads_what_package_release_builds() {
    let mock = MockApi::start(keys());
    let endpoint = mock.url();
    let deployed = run(
        &repo(),
        &[
            "deploy",
            "--example",
            "dis",
            "--name",
            "dis-example",
            "--endpoint",
            &endpoint,
            "--project-id",
            &mock.project_id,
        ],
    );
    deployed.expect_code(0);
    assert_signatures_ok(&mock);
    let packaged = run(&repo(), &["package", "--release", "--example", "dis"]);
    packaged.expect_code(0);
    let zip = std::fs::read(packaged.stdout.trim()).expect("read the packaged zip");
    assert_eq!(
        mock.state().code["dis-example"],
        zip,
        "deploy uploaded another zip"
    );
}
