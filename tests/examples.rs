//! Every example, run as a real function on its sample event (fg-events' fixture of the trigger,
//! the README's table names each): through the runtime-API emulator, invoked as its trigger
//! invokes it, and in local mode, as `cargo run --example <name> < <sample event>` runs it.

#[path = "runtime_api/support.rs"]
#[allow(dead_code)]
mod support;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use fg_emulator::{Emulator, Event};
use serde_json::{Value, json};
use support::{WAIT, example};

/// The sample event of example `name`: the trigger's fixture in fg-events, or (APIG) the
/// example's own event.
fn sample(name: &str) -> Vec<u8> {
    let file = match name {
        "apig" => "examples/events/apig.json",
        "obs" => "fg-events/fixtures/obs/url-encoded-key.json",
        "cts" => "fg-events/fixtures/cts/go-sample.json",
        "async_notification" => {
            "fg-events/fixtures/async_notification/java-failure-with-obs-event.json"
        }
        _ => &format!("fg-events/fixtures/{name}/documented-sample.json"),
    };
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An example running against an emulator; its output goes to files (a full pipe would block
/// it) and it is killed when dropped.
struct Running {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Running {
    fn start(emulator: &Emulator, name: &str) -> Self {
        let base = std::env::temp_dir().join(format!("fg-example-{name}-{}", std::process::id()));
        let stdout = base.with_extension("out");
        let stderr = base.with_extension("err");
        let child = emulator
            .command(example(name))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("create stdout file"))
            .stderr(std::fs::File::create(&stderr).expect("create stderr file"))
            .spawn()
            .expect("start the example");
        Self {
            child,
            stdout,
            stderr,
        }
    }

    /// Everything the example wrote so far, standard output then standard error.
    fn output(&self) -> String {
        let out = std::fs::read_to_string(&self.stdout).unwrap_or_default();
        let err = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        format!("{out}{err}")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.stdout);
        let _ = std::fs::remove_file(&self.stderr);
    }
}

/// Runs example `name` on its sample through the emulator, invoked as `event` says, and returns
/// the response body and the example's log. Fails on an error report and on anything but
/// exactly one answer.
fn invoke(name: &str, asynchronous: bool) -> (Vec<u8>, String) {
    let emulator = Emulator::start().expect("start the emulator");
    let function = Running::start(&emulator, name);
    let event = Event::new(sample(name));
    let id = emulator.push(if asynchronous {
        event.asynchronous()
    } else {
        event
    });
    let answer = emulator
        .wait_for_answer(&id, WAIT)
        .unwrap_or_else(|| panic!("no answer within {WAIT:?}:\n{}", function.output()));
    assert!(
        answer.is_response(),
        "{}\n{}",
        answer.text(),
        function.output()
    );
    if let Err(problems) = emulator.verify_exactly_once() {
        panic!("{problems}");
    }
    // Log lines carry the request id, so the answer and the log are about the same event.
    let log = function.output();
    assert!(
        log.contains(&format!("{id} ")),
        "no log line for {id}:\n{log}"
    );
    (answer.body, log)
}

/// Runs an example triggered asynchronously: the platform gets the handler's result, as for a
/// synchronous invocation (it hands it to the async-notification destinations). Returns the log.
fn invoke_async(name: &str, expected: &Value) -> String {
    let (body, log) = invoke(name, true);
    let answered: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
        panic!(
            "asynchronous invocation answered {:?}: {e}",
            String::from_utf8_lossy(&body)
        )
    });
    assert_eq!(&answered, expected);
    log
}

/// Runs an example once in local mode, the sample on standard input, and returns its standard
/// output parsed as JSON; the exit code must be 0.
fn local(name: &str) -> Value {
    let mut child = Command::new(example(name))
        .env_remove("RUNTIME_API_ADDR")
        .env_remove("FG_LOCAL_EVENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the example");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(&sample(name)).expect("write the sample");
    drop(stdin);
    let out = child.wait_with_output().expect("wait for the example");
    assert!(out.status.success(), "{name} in local mode: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn assert_logged(log: &str, line: &str) {
    assert!(log.contains(line), "expected {line:?} in the log:\n{log}");
}

fn dis_summary() -> Value {
    json!({"records": 4, "bytes": 32, "first_sequence": "0", "last_sequence": "3"})
}

fn smn_summary() -> Value {
    json!({"messages": 1, "json_messages": 0, "subjects": ["this is smn message subject"]})
}

fn obs_summary() -> Value {
    json!({
        "created": 2,
        "removed": 0,
        "bytes": 823_597,
        "objects": [
            "api-demo/trace-cloud-source/cts-trace-map-250728-114729.png",
            "api-demo/reports/2025 Q3/sales & costs + tax übersicht.csv"
        ]
    })
}

fn kafka_summary() -> Value {
    json!({"messages": 2, "bytes": 28, "topics": {"topic-test": 2}})
}

fn rocketmq_summary() -> Value {
    json!({"messages": 5, "bytes": 85, "topics": {"topic": 5}})
}

fn lts_summary() -> Value {
    json!({
        "log_group_id": "97a9d284-4448-11e8-8fa4-286ed488ce70",
        "log_topic_id": "1a9675a7-784d-11e8-9f70-286ed488ce70",
        "entries": 1,
        "hosts": ["ecs-test"]
    })
}

fn cts_summary() -> Value {
    json!({
        "user": "userName",
        "operation": "deleteGraph",
        "service": "vpc",
        "resource": "workflow-2be1",
        "code": 204
    })
}

fn dds_summary() -> Value {
    json!({"changes": [{
        "operation": "insert",
        "collection": "functiongraph.person",
        "id": "5d8c2f8e5beccb6cf5370d6a"
    }]})
}

fn async_notification_summary() -> Value {
    json!({
        "failed": true,
        "request_id": "c61f58df-f66d-4d07-b2c4-bbb515b53186",
        "function_urn": "urn:fss:eu-de:ae050143781c4ab6a130522e5f2d30c1:function:default:api-trace-cloud-joiner:latest",
        "condition": "UnhandledInvocationError",
        "error_type": "com.obs.services.exception.ObsException"
    })
}

/// What the APIG example answers to the sample: the gateway's response object, the echo of the
/// request as its JSON body.
fn apig_response() -> Value {
    json!({
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {
            "method": "GET",
            "path": "/apig-event-template",
            "query": {"responseType": "html"},
            "body": {"test": "body"}
        },
        "isBase64Encoded": false
    })
}

/// An APIG response with its JSON body parsed, to compare it with [`apig_response`].
fn parse_apig_body(mut response: Value) -> Value {
    let body = response["body"].as_str().expect("a string body").to_owned();
    response["body"] = serde_json::from_str(&body).expect("a JSON body");
    response
}

fn timer_summary() -> Value {
    json!({"trigger": "Timer_001", "time": "2018-06-01T08:30:00+08:00", "job": "User Event"})
}

// Through the emulator: the asynchronous triggers.

#[test]
fn dis_through_the_emulator() {
    let log = invoke_async("dis", &dis_summary());
    assert_logged(&log, "INFO record 2 (13 bytes): FunctionStage");
}

#[test]
fn smn_through_the_emulator() {
    let log = invoke_async("smn", &smn_summary());
    assert_logged(
        &log,
        "INFO message 9fcb1bc702734884951c2ba2c7d9c23c [this is smn message subject]: this is smn \
         message content",
    );
}

#[test]
fn obs_through_the_emulator() {
    let log = invoke_async("obs", &obs_summary());
    assert_logged(
        &log,
        "INFO ObjectCreated:Put: api-demo/reports/2025 Q3/sales & costs + tax übersicht.csv (1 \
         bytes)",
    );
}

#[test]
fn kafka_through_the_emulator() {
    let log = invoke_async("kafka", &kafka_summary());
    assert_logged(&log, "INFO topic-test: kafka message2");
}

#[test]
fn rocketmq_through_the_emulator() {
    let log = invoke_async("rocketmq", &rocketmq_summary());
    assert_logged(&log, "INFO topic: rocketmq message5");
}

#[test]
fn lts_through_the_emulator() {
    let log = invoke_async("lts", &lts_summary());
    assert_logged(
        &log,
        "INFO ecs-test var/log/test.log (ms 1530009653059): 2018-08-08/08:08:08 [WRN] \
         [test.go:08]This is a test message.",
    );
}

#[test]
fn cts_through_the_emulator() {
    let log = invoke_async("cts", &cts_summary());
    assert_logged(
        &log,
        "INFO userName did deleteGraph on vpc VPC workflow-2be1 (ConsoleAction, code 204)",
    );
}

#[test]
fn dds_through_the_emulator() {
    let log = invoke_async("dds", &dds_summary());
    assert_logged(
        &log,
        r#"INFO insert in functiongraph.person: {"_id":{"$oid":"5d8c2f8e5beccb6cf5370d6a"}"#,
    );
}

#[test]
fn async_notification_through_the_emulator() {
    let log = invoke_async("async_notification", &async_notification_summary());
    assert_logged(
        &log,
        "ERROR invocation c61f58df-f66d-4d07-b2c4-bbb515b53186 of \
         urn:fss:eu-de:ae050143781c4ab6a130522e5f2d30c1:function:default:api-trace-cloud-joiner:latest \
         failed (UnhandledInvocationError, status 500, invoke count 0): \
         com.obs.services.exception.ObsException: function invocation exception",
    );
}

// Through the emulator: the synchronous triggers, whose caller gets the response.

#[test]
fn apig_through_the_emulator() {
    let (body, log) = invoke("apig", false);
    let response: Value = serde_json::from_slice(&body).expect("a JSON response");
    assert_eq!(parse_apig_body(response), apig_response());
    assert_logged(
        &log,
        "INFO GET /apig-event-template (gateway request 11cdcdcf33949dc6d722640a13091c77)",
    );
}

#[test]
fn timer_through_the_emulator() {
    let (body, log) = invoke("timer", false);
    let response: Value = serde_json::from_slice(&body).expect("a JSON response");
    assert_eq!(response, timer_summary());
    assert_logged(
        &log,
        "INFO timer Timer_001 fired for 2018-06-01T08:30:00+08:00: running User Event",
    );
}

// Local mode: `cargo run --example <name> < <sample event>` prints the summary.

#[test]
fn dis_in_local_mode() {
    assert_eq!(local("dis"), dis_summary());
}

#[test]
fn smn_in_local_mode() {
    assert_eq!(local("smn"), smn_summary());
}

#[test]
fn obs_in_local_mode() {
    assert_eq!(local("obs"), obs_summary());
}

#[test]
fn apig_in_local_mode() {
    assert_eq!(parse_apig_body(local("apig")), apig_response());
}

#[test]
fn kafka_in_local_mode() {
    assert_eq!(local("kafka"), kafka_summary());
}

#[test]
fn rocketmq_in_local_mode() {
    assert_eq!(local("rocketmq"), rocketmq_summary());
}

#[test]
fn timer_in_local_mode() {
    assert_eq!(local("timer"), timer_summary());
}

#[test]
fn lts_in_local_mode() {
    assert_eq!(local("lts"), lts_summary());
}

#[test]
fn cts_in_local_mode() {
    assert_eq!(local("cts"), cts_summary());
}

#[test]
fn dds_in_local_mode() {
    assert_eq!(local("dds"), dds_summary());
}

#[test]
fn async_notification_in_local_mode() {
    assert_eq!(local("async_notification"), async_notification_summary());
}
