//! Refusals and failures: wrong keys, an unknown project, a bad zip, a failure part-way, retries, no keys, bad settings. Each says what happened and what was (not) changed.

use super::*;

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
