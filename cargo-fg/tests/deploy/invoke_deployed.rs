//! `cargo fg invoke --deployed`: result, status, request id, log tail; async; errors.

use super::*;

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
