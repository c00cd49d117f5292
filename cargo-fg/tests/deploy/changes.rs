//! Create, update, publish, alias, trigger and dry runs: what reaches the API, and what it holds afterwards.

use super::*;

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
        // Verbose output lists every call; the secret check of `run` covers it too.
        "-v",
    ];
    let first = deploy(&mock, &scratch, &zip, &args);
    first.expect_code(0);
    assert!(first.stderr.contains("Called POST http://"), "{first}");
    assert!(first.stderr.contains("(request id mock-req-"), "{first}");
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
fn package_names_the_functiongraph_package_and_p_the_cargo_one() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-package");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let run = deploy(
        &mock,
        &scratch,
        &zip,
        &["--name", "clicks", "--package", "shop", "--dry-run"],
    );
    run.expect_code(0);
    assert!(
        run.stdout.contains("\"package\": \"shop\"") || run.stdout.contains("\"package\":\"shop\""),
        "{run}"
    );
    assert!(
        mock.lines()
            .iter()
            .any(|line| line.contains(":function:shop:clicks")),
        "the lookup names the package: {:#?}",
        mock.lines()
    );
    // `--function-package` is the same option.
    let alias = deploy(
        &mock,
        &scratch,
        &zip,
        &[
            "--name",
            "clicks",
            "--function-package",
            "shop",
            "--dry-run",
        ],
    );
    alias.expect_code(0);
    assert_eq!(alias.stdout, run.stdout);
}

#[test]
fn runtime_http_creates_an_http_function() {
    let mock = MockApi::start(keys());
    let scratch = Scratch::new("deploy-runtime");
    let zip = scratch.file("fn.zip", zip_bytes(b"code"));
    let run = deploy(
        &mock,
        &scratch,
        &zip,
        &["--name", "web", "--runtime", "http"],
    );
    run.expect_code(0);
    assert_signatures_ok(&mock);
    assert_eq!(mock.state().functions["web"]["runtime"], "http", "{run}");
    let default = deploy(&mock, &scratch, &zip, &["--name", "events"]);
    default.expect_code(0);
    assert_eq!(mock.state().functions["events"]["runtime"], "Custom");
    let wrong = deploy(
        &mock,
        &scratch,
        &zip,
        &["--name", "x", "--runtime", "python3.9"],
    );
    wrong.expect_code(2);
    assert!(wrong.stderr.contains("expected `custom`"), "{wrong}");
}
