//! Where settings come from: IAM for the project id, Cargo.toml, the help text.

use super::*;

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
