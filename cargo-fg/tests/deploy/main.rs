//! `cargo fg deploy` and `cargo fg invoke --deployed` against a mock of the management API
//! (`mock_api`): the real binary, real HTTP on 127.0.0.1, every request's signature checked
//! by the mock's own implementation of the algorithm. Every run is also checked for secrets in
//! what it printed.

#[path = "../common/mod.rs"]
mod common;
mod mock_api;

mod changes;
mod full_build;
mod invoke_deployed;
mod refusals;
mod settings;

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
