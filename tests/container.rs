//! Container-image mode (`FG_MODE=container`): the function binaries serve `POST /invoke` and
//! `POST /init` over HTTP on 127.0.0.1, with the same handler, context, error mapping,
//! limits and graceful shutdown as under the runtime API.

#[path = "runtime_api/support.rs"]
#[allow(dead_code)]
mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use support::{Function, WAIT, example, sample};

/// A function started in container mode on a port the OS picks; the address is read from
/// the line it logs at start.
struct Container {
    function: Function,
    addr: String,
}

fn start(program: &Path, env: &[(&str, &str)]) -> Container {
    let mut command = Command::new(program);
    command
        .env_remove("RUNTIME_API_ADDR")
        .env("FG_MODE", "container")
        .env("FG_HOST", "127.0.0.1")
        .env("FG_PORT", "0")
        .envs(env.iter().copied());
    let function = Function::spawn_command(command);
    let end = Instant::now() + WAIT;
    loop {
        let output = function.output();
        if let Some(rest) = output.split("container mode: listening on ").nth(1) {
            let addr = rest.split_whitespace().next().unwrap().to_owned();
            return Container { function, addr };
        }
        assert!(
            Instant::now() < end,
            "the function did not listen: {output}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn behaviours() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-dis"))
}

fn async_behaviours() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-dis-async"))
}

fn lifecycle() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-lifecycle"))
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One connection to the function, for requests in turn (keep-alive), its answers read with
/// fg's own HTTP/1.1 reader.
struct Client(fg_http1::Reader<TcpStream>);

impl Client {
    fn connect(addr: &str) -> Self {
        let stream = TcpStream::connect(addr).expect("connect to the function");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        Self(fg_http1::Reader::new(stream, fg_http1::Limits::default()))
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: fg\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let stream = self.0.get_mut();
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        self.read()
    }

    /// The status of a request's answer, or `None` when the connection was closed or reset
    /// before an answer could be read (a refused connection may be).
    fn try_send(&mut self, method: &str, path: &str, body: &[u8]) -> Option<u16> {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: fg\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let stream = self.0.get_mut();
        stream.write_all(request.as_bytes()).ok()?;
        stream.write_all(body).ok()?;
        Some(self.0.read_response_head().ok()??.status)
    }

    fn read(&mut self) -> Response {
        let head = self
            .0
            .read_response_head()
            .expect("a response head")
            .expect("a response, not a closed connection");
        let framing = head.framing().expect("a framed response");
        let body = self.0.read_body(framing, usize::MAX, Vec::new()).unwrap();
        Response {
            status: head.status,
            headers: head.headers.into_vec(),
            body,
        }
    }
}

fn dis(stream: &str, shard: &str) -> Vec<u8> {
    json!({
        "ShardID": shard,
        "StreamName": stream,
        "Message": {"records": [{"sequence_number": "1", "data": "aGk="}]}
    })
    .to_string()
    .into_bytes()
}

#[test]
fn invoke_answers_with_the_handler_result_on_a_kept_alive_connection() {
    let container = start(&behaviours(), &[]);
    let mut client = Client::connect(&container.addr);
    let init = client.send("POST", "/init", &[], b"");
    assert_eq!((init.status, init.body.as_slice()), (200, &b""[..]));
    for n in 0..3 {
        let id = format!("req-{n}");
        let response = client.send("POST", "/invoke", &[("X-Cff-Request-Id", &id)], &sample());
        assert_eq!(response.status, 200, "{response:?}");
        assert_eq!(response.json(), json!({"records": 4, "bytes": 32}));
        assert_eq!(response.header("x-cff-request-id"), Some(id.as_str()));
        assert_eq!(response.header("content-type"), Some("application/json"));
    }
    // An asynchronous invocation's result is delivered too, as under the runtime API.
    let response = client.send(
        "POST",
        "/invoke",
        &[("X-CFF-Invoke-Type", "async")],
        &sample(),
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"records": 4, "bytes": 32}));
}

#[test]
fn the_context_comes_from_the_request_headers() {
    let container = start(
        &behaviours(),
        &[("RUNTIME_USERDATA", r#"{"TABLE":"clicks"}"#)],
    );
    let mut client = Client::connect(&container.addr);
    let response = client.send(
        "POST",
        "/invoke",
        &[
            ("x-cff-request-id", "ctx-1"),
            ("x-cff-security-access-key", "AK-1"),
            ("x-cff-security-secret-key", "null"),
            ("X-CFF-Timeout", "30"),
            ("X-CFF-Memory", "512"),
            ("X-CFF-Func-Name", "ingest"),
            ("X-Cff-Workflow-Id", "wf-1"),
            ("X-Custom-Header", "custom"),
        ],
        &dis("context", "0"),
    );
    assert_eq!(response.status, 200, "{response:?}");
    let seen = response.json();
    assert_eq!(seen["request_id"], "ctx-1");
    assert_eq!(seen["security_access_key"], "AK-1");
    assert_eq!(seen["timeout_ms"], 30_000);
    assert_eq!(seen["memory"], 512);
    assert_eq!(seen["function_name"], "ingest");
    assert_eq!(seen["workflow_id"], "wf-1");
    assert_eq!(seen["custom_header"], "custom");
    assert_eq!(seen["user_data"], "clicks");
    assert!(seen["remaining_ms"].as_u64().unwrap() > 20_000);
}

#[test]
fn errors_panics_and_bad_events_answer_500_with_the_report() {
    let container = start(&behaviours(), &[]);
    let mut client = Client::connect(&container.addr);
    for (body, error_type, message) in [
        (dis("error", "7"), "Refused", "refused batch from shard 7"),
        (dis("panic", "8"), "panic", "boom in shard 8"),
        (
            b"{\"Message\": 1}".to_vec(),
            "InvalidEvent",
            "the event is not a valid DisEvent",
        ),
    ] {
        let response = client.send("POST", "/invoke", &[("X-Cff-Request-Id", "e")], &body);
        assert_eq!(response.status, 500, "{response:?}");
        assert_eq!(response.header("x-fg-error-type"), Some(error_type));
        let report = response.json();
        assert_eq!(report["errorType"], error_type);
        let text = report["errorMessage"].as_str().unwrap();
        assert!(text.contains(message), "{text}");
    }
    // The connection survives the errors.
    let response = client.send("POST", "/invoke", &[], &sample());
    assert_eq!(response.status, 200);
}

#[test]
fn http_mistakes_and_limits_are_refused() {
    let container = start(&behaviours(), &[("FG_MAX_EVENT_SIZE", "100")]);
    let response = Client::connect(&container.addr).send("GET", "/health", &[], b"");
    assert_eq!(response.status, 404);
    let response = Client::connect(&container.addr).send("GET", "/invoke", &[], b"");
    assert_eq!(response.status, 405);
    let response = Client::connect(&container.addr).send(
        "POST",
        "/invoke",
        &[("X-Cff-Request-Id", "big")],
        &sample(),
    );
    assert_eq!(response.status, 413);
    assert_eq!(response.header("x-fg-error-type"), Some("EventTooLarge"));
    assert_eq!(response.json()["errorType"], "EventTooLarge");
    let mut stream = TcpStream::connect(&container.addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
    // Still serving.
    let response = Client::connect(&container.addr).send("POST", "/invoke", &[], &dis("x", "0"));
    assert_eq!(response.status, 200);
}

/// Sends `head`, then `pattern` over and over (up to 256 MiB, far beyond every limit) from a
/// thread of its own; returns what the function answered before it closed the connection.
fn answer_to_endless(addr: &str, head: &[u8], pattern: &[u8]) -> String {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let head = head.to_vec();
    // Whole patterns only, so that the stream is `pattern` repeated exactly.
    let batch = pattern.repeat((64 * 1024usize).div_ceil(pattern.len()));
    let sender = std::thread::spawn(move || {
        let mut sent = 0usize;
        if writer.write_all(&head).is_ok() {
            while sent < 256 << 20 && writer.write_all(&batch).is_ok() {
                sent += batch.len();
            }
        }
        sent
    });
    let mut answer = Vec::new();
    let mut reader = stream;
    let mut chunk = [0u8; 4096];
    // The answer, then EOF or a reset (the function closes with our bytes unread).
    while let Ok(n) = reader.read(&mut chunk) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    let _ = reader.shutdown(std::net::Shutdown::Both);
    let sent = sender.join().unwrap();
    assert!(sent < 256 << 20, "the function read all {sent} bytes");
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn endless_input_is_answered_and_bounded() {
    let container = start(&behaviours(), &[("FG_MAX_EVENT_SIZE", "100000")]);
    let addr = container.addr.as_str();
    let chunked = "POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    let big_chunk = [&b"8000\r\n"[..], &[b' '; 0x8000], b"\r\n"].concat();
    for (what, head, pattern, status) in [
        (
            "endless headers",
            "POST /invoke HTTP/1.1\r\n".to_owned(),
            &b"X-A: b\r\n"[..],
            431,
        ),
        (
            "an endless header",
            "POST /invoke HTTP/1.1\r\nX-A: ".to_owned(),
            b"b",
            431,
        ),
        (
            "endless trailers",
            format!("{chunked}2\r\n{{}}\r\n0\r\n"),
            b"T: x\r\n",
            431,
        ),
        (
            "an endless chunk-size line",
            format!("{chunked}2;ext="),
            b"x",
            400,
        ),
        (
            "an endless chunked body",
            chunked.to_owned(),
            &big_chunk,
            413,
        ),
    ] {
        let answer = answer_to_endless(addr, head.as_bytes(), pattern);
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status} ")),
            "{what}: {answer}"
        );
    }
    // Still serving.
    let response = Client::connect(addr).send("POST", "/invoke", &[], &dis("x", "0"));
    assert_eq!(response.status, 200);
}

#[test]
fn an_idle_connection_does_not_block_another() {
    let container = start(&behaviours(), &[]);
    let mut idle = Client::connect(&container.addr);
    let mut other = Client::connect(&container.addr);
    assert_eq!(other.send("POST", "/invoke", &[], &sample()).status, 200);
    assert_eq!(idle.send("POST", "/invoke", &[], &sample()).status, 200);
}

#[test]
fn sigterm_mid_invocation_answers_it_then_exits_zero() {
    let mut container = start(&lifecycle(), &[]);
    let addr = container.addr.clone();
    let request = std::thread::spawn(move || {
        Client::connect(&addr).send(
            "POST",
            "/invoke",
            &[("X-Cff-Request-Id", "slow")],
            &dis("sleep", "1000"),
        )
    });
    let end = Instant::now() + WAIT;
    while !container.function.output().contains("slow INFO sleeping") {
        assert!(Instant::now() < end, "{}", container.function.output());
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = Command::new("kill")
        .args(["-TERM", &container.function.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let response = request.join().unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["slept_ms"], 1000);
    let status = container.function.wait_exit(WAIT).expect("exits");
    assert!(status.success(), "{}", container.function.output());
    assert!(container.function.output().contains("shutdown hook ran"));
}

#[test]
fn a_failing_init_stops_the_container_before_it_listens() {
    let mut command = Command::new(lifecycle());
    command
        .env_remove("RUNTIME_API_ADDR")
        .env("FG_MODE", "container")
        .env("FG_HOST", "127.0.0.1")
        .env("FG_PORT", "0")
        .env("FG_TEST_INIT_FAIL", "1");
    let mut function = Function::spawn_command(command);
    let status = function.wait_exit(WAIT).expect("exits");
    assert_eq!(status.code(), Some(1));
    let output = function.output();
    assert!(output.contains("init failed"), "{output}");
    assert!(!output.contains("listening"), "{output}");
}

#[test]
fn the_container_example_answers_the_console_test_event() {
    let container = start(&example("container"), &[]);
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/events/container.json"
    ))
    .unwrap();
    let response = Client::connect(&container.addr).send(
        "POST",
        "/invoke",
        &[
            ("X-Cff-Request-Id", "console-test"),
            ("X-CFF-Func-Name", "hello"),
        ],
        &body,
    );
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(
        response.json(),
        json!({"reply": "HelloWorld from hello", "request_id": "console-test", "credentials": false})
    );
}

#[test]
fn placeholder_headers_are_not_taken_as_values() {
    let container = start(
        &behaviours(),
        &[
            ("PAAS_POD_ID", "pod-7"),
            ("RUNTIME_CODE_ROOT", "/opt/function/code"),
        ],
    );
    let placeholders = [
        ("X-CFF-Func-Name", "0@default@orders"),
        ("X-Cff-Project-Id", "sn"),
        ("X-Cff-Region", "cn"),
        ("X-CFF-Package", "shop"),
    ];
    let seen = Client::connect(&container.addr)
        .send("POST", "/invoke", &placeholders, &dis("context", "0"))
        .json();
    assert_eq!(seen["function_name"], "orders");
    assert_eq!(seen["project_id"], "", "`sn` is not a project id");
    assert_eq!(seen["package"], "shop");
    assert_eq!(seen["pod_id"], "pod-7");
    assert_eq!(seen["code_root"], "/opt/function/code");

    let container = start(&behaviours(), &[("RUNTIME_PROJECT_ID", "0a1b2c")]);
    let seen = Client::connect(&container.addr)
        .send("POST", "/invoke", &placeholders, &dis("context", "0"))
        .json();
    assert_eq!(seen["project_id"], "0a1b2c");
    assert_eq!(seen["pod_id"], Value::Null);
}

#[test]
fn credentials_from_either_family_and_null_values() {
    let container = start(&behaviours(), &[]);
    let mut client = Client::connect(&container.addr);
    let seen = client
        .send(
            "POST",
            "/invoke",
            &[
                ("X-CFF-Access-Key", "AK"),
                ("X-CFF-Secret-Key", "SK"),
                ("X-CFF-Security-Token", "TOKEN"),
                ("X-CFF-Security-Access-Key", "null"),
                ("X-CFF-Auth-Token", "null"),
            ],
            &dis("context", "0"),
        )
        .json();
    assert_eq!(
        seen["credentials"],
        json!({"access_key": "AK", "secret_key": "SK", "security_token": "TOKEN"})
    );
    assert_eq!(seen["security_access_key"], Value::Null);
    assert_eq!(seen["auth_token"], Value::Null);
}

/// The order in which the log shows the invocations `ids` start and end their sleep.
fn sleep_events(log: &str, ids: &[&str]) -> Vec<String> {
    log.lines()
        .filter_map(|line| {
            let id = ids.iter().find(|id| line.contains(&format!(" {id} ")))?;
            let event = ["sleep starts", "sleep ends"]
                .into_iter()
                .find(|event| line.ends_with(event))?;
            Some(format!("{id} {event}"))
        })
        .collect()
}

fn wait_for_log(container: &Container, needle: &str, count: usize) {
    let end = Instant::now() + WAIT;
    while container.function.output().matches(needle).count() < count {
        assert!(Instant::now() < end, "{}", container.function.output());
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends one sleeping invocation per id at once, each on its own connection.
fn sleep_at_once(
    container: &Container,
    ids: &[&'static str],
    ms: &'static str,
) -> Vec<std::thread::JoinHandle<Response>> {
    ids.iter()
        .map(|&id| {
            let addr = container.addr.clone();
            std::thread::spawn(move || {
                Client::connect(&addr).send(
                    "POST",
                    "/invoke",
                    &[("X-Cff-Request-Id", id)],
                    &dis("sleep", ms),
                )
            })
        })
        .collect()
}

/// Sends sleeping invocations at once, then a panicking one while they sleep.
fn concurrent_sleepers(container: &Container, ids: &[&'static str]) -> Vec<Response> {
    let sleepers = sleep_at_once(container, ids, "1500");
    wait_for_log(container, "sleep starts", ids.len());
    let panicked = Client::connect(&container.addr).send(
        "POST",
        "/invoke",
        &[("X-Cff-Request-Id", "boom")],
        &dis("panic", "9"),
    );
    assert_eq!(panicked.status, 500, "{panicked:?}");
    assert_eq!(panicked.json()["errorType"], "panic");
    sleepers.into_iter().map(|t| t.join().unwrap()).collect()
}

/// All sleeps started before any ended.
fn assert_overlapped(container: &Container, ids: &[&str]) {
    let events = sleep_events(&container.function.output(), ids);
    assert_eq!(events.len(), 2 * ids.len(), "{events:?}");
    assert!(
        events[..ids.len()].iter().all(|e| e.ends_with("starts")),
        "all started before any ended: {events:?}"
    );
}

#[test]
fn sync_invocations_run_concurrently_and_a_panic_stays_in_its_own() {
    let container = start(&behaviours(), &[("FG_CONTAINER_WORKERS", "4")]);
    let ids = ["slow-1", "slow-2", "slow-3"];
    for response in concurrent_sleepers(&container, &ids) {
        assert_eq!(response.status, 200, "{response:?}");
        assert_eq!(response.json(), json!({"slept_ms": 1500}));
    }
    assert_overlapped(&container, &ids);
}

#[test]
fn async_invocations_run_concurrently_and_a_panic_stays_in_its_own() {
    // One thread runs every async invocation: they overlap because they await.
    let container = start(&async_behaviours(), &[("FG_CONTAINER_WORKERS", "1")]);
    let ids = ["await-1", "await-2", "await-3"];
    for response in concurrent_sleepers(&container, &ids) {
        assert_eq!(response.status, 200, "{response:?}");
        assert_eq!(response.body, b"slept 1500 ms");
    }
    assert_overlapped(&container, &ids);
}

#[test]
fn the_worker_pool_bounds_sync_concurrency() {
    let container = start(&behaviours(), &[("FG_CONTAINER_WORKERS", "1")]);
    let ids = ["one", "two"];
    for request in sleep_at_once(&container, &ids, "200") {
        assert_eq!(request.join().unwrap().status, 200);
    }
    let events = sleep_events(&container.function.output(), &ids);
    let kinds: Vec<_> = events
        .iter()
        .map(|e| e.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(kinds, ["starts", "ends", "starts", "ends"], "{events:?}");
}

#[test]
fn connections_over_the_limit_are_answered_503_until_one_closes() {
    let container = start(&behaviours(), &[("FG_CONTAINER_MAX_CONNECTIONS", "2")]);
    let mut first = Client::connect(&container.addr);
    let second = Client::connect(&container.addr);
    // Both are served: the first answers, the second holds its thread while idle.
    assert_eq!(first.send("POST", "/invoke", &[], &sample()).status, 200);
    // The third waits for nothing: it is answered at once, without sending a request.
    let mut third = Client::connect(&container.addr);
    let refused = third.read();
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(refused.header("connection"), Some("close"));
    wait_for_log(
        &container,
        "(FG_CONTAINER_MAX_CONNECTIONS): answering 503 (1 so far)",
        1,
    );

    // Once the idle one closes, its place is free again.
    drop(second);
    let end = Instant::now() + WAIT;
    loop {
        let mut next = Client::connect(&container.addr);
        match next.try_send("POST", "/invoke", &sample()) {
            Some(200) => break,
            Some(503) | None => {}
            Some(other) => panic!("unexpected status {other}"),
        }
        assert!(Instant::now() < end, "no place freed after a close");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The first connection was never dropped by any of this.
    assert_eq!(first.send("POST", "/invoke", &[], &sample()).status, 200);
}
