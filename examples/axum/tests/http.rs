//! `fg_runtime::http`: the axum example app (`src/app.rs`) served as an HTTP
//! function (`serve`, in this process on 127.0.0.1 and as the `axum_http` binary) and behind
//! an APIG trigger (`run`: the `axum_apig` binary against the emulator and in local mode).

#[path = "../src/app.rs"]
mod app;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::{get, post};
use fg_emulator::{Emulator, Event};
use serde_json::{Value, json};

/// How long any single wait in these tests may take before the test fails.
const WAIT: Duration = Duration::from_secs(20);

/// The example binary `name` (built by cargo for this package's tests).
fn example(name: &str) -> PathBuf {
    match name {
        "axum_http" => PathBuf::from(env!("CARGO_BIN_EXE_axum_http")),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_axum_apig")),
    }
}

/// A running example whose output goes to files (a full pipe would block it), killed when
/// dropped.
struct Function {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Function {
    fn spawn(emulator: &Emulator, program: &Path, env: &[(&str, &str)]) -> Self {
        let mut command = emulator.command(program);
        command.envs(env.iter().copied());
        Self::spawn_command(command)
    }

    fn spawn_command(mut command: Command) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let base = std::env::temp_dir().join(format!("fg-axum-{}-{n}", std::process::id()));
        let (stdout, stderr) = (base.with_extension("out"), base.with_extension("err"));
        let child = command
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("start the example");
        Self {
            child,
            stdout,
            stderr,
        }
    }

    /// Everything the process wrote so far, standard output then standard error.
    fn output(&self) -> String {
        let out = std::fs::read_to_string(&self.stdout).unwrap_or_default();
        let err = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        format!("{out}{err}")
    }

    fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.stdout);
        let _ = std::fs::remove_file(&self.stderr);
    }
}

/// A server running `router` on its own runtime and thread, until `stop` is sent (never, for
/// tests that do not stop it).
struct Server {
    addr: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: std::sync::mpsc::Receiver<Result<(), fg_runtime::http::Error>>,
}

fn start(router: Router, stoppable: bool) -> Server {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (done_tx, done) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = runtime.block_on(fg_runtime::http::serve_with_shutdown(
            listener,
            router,
            async move {
                if stoppable {
                    let _ = stopped.await;
                } else {
                    std::future::pending::<()>().await;
                }
            },
        ));
        let _ = done_tx.send(result);
    });
    Server {
        addr,
        stop: Some(stop),
        done,
    }
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

    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One keep-alive connection, for requests in turn.
struct Client(fg_http1::Reader<TcpStream>);

impl Client {
    fn connect(addr: &str) -> Self {
        let stream = TcpStream::connect(addr).expect("connect to the server");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        Self(fg_http1::Reader::new(stream, fg_http1::Limits::default()))
    }

    fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Response {
        self.send("GET", path, headers, b"")
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: fg\r\n");
        if !body.is_empty() || method == "POST" {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let stream = self.0.get_mut();
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        self.read(method == "HEAD")
    }

    /// The next response, read with fg's own HTTP/1.1 reader; no body after a `HEAD`.
    fn read(&mut self, head: bool) -> Response {
        let response = self
            .0
            .read_response_head()
            .expect("a response head")
            .expect("a response, not a closed connection");
        let body = if head {
            Vec::new()
        } else {
            let framing = response.framing().expect("a framed response");
            self.0.read_body(framing, usize::MAX, Vec::new()).unwrap()
        };
        Response {
            status: response.status,
            headers: response.headers.into_vec(),
            body,
        }
    }
}

fn test_router() -> Router {
    app::router()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                "slept"
            }),
        )
        .route(
            "/panic",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("the handler broke");
                }
                "unreachable"
            }),
        )
        .route(
            "/size",
            post(|body: axum::body::Bytes| async move { body.len().to_string() }),
        )
}

#[test]
fn any_path_is_served_with_the_context_from_the_platform_headers() {
    let server = start(test_router(), false);
    let mut client = Client::connect(&server.addr);
    let user = client.get("/users/7?field=a&field=b%20c", &[]);
    assert_eq!(user.status, 200);
    assert_eq!(
        user.json(),
        json!({"id": 7, "name": "user 7", "fields": ["a", "b c"]})
    );
    // The same connection (keep-alive) carries the next request.
    let whoami = client.get(
        "/whoami",
        &[
            ("X-Cff-Request-Id", "req-42"),
            ("X-Cff-Timeout", "30"),
            ("X-Cff-Func-Version", "latest"),
            ("X-Cff-Security-Access-Key", "null"),
        ],
    );
    let who = whoami.json();
    assert_eq!(who["request_id"], "req-42");
    assert_eq!(who["timeout_ms"], 30_000);
    assert_eq!(who["version"], "latest");
    assert_eq!(who["has_credentials"], false, "`null` is no credential");
    let local = client.get("/whoami", &[]).json();
    assert!(
        local["request_id"].as_str().unwrap().starts_with("local-"),
        "{local}"
    );
    let logo = client.get("/logo.png", &[]);
    assert_eq!(logo.header("content-type"), Some("image/png"));
    assert_eq!(logo.body, app::LOGO);
    let session = client.get("/session", &[]);
    assert_eq!(session.all("set-cookie").len(), 2, "{session:?}");
    let head = client.send("HEAD", "/health", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(client.get("/nowhere", &[]).status, 404);
    let created = client.send(
        "POST",
        "/users",
        &[("Content-Type", "application/json")],
        br#"{"name":"Ada"}"#,
    );
    assert_eq!(created.status, 201);
    assert_eq!(created.header("location"), Some("/users/7"));
}

#[test]
fn requests_are_served_concurrently() {
    let server = start(test_router(), false);
    let started = Instant::now();
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let addr = server.addr.clone();
            std::thread::spawn(move || Client::connect(&addr).get("/slow", &[]).status)
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), 200);
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(1000),
        "three 400 ms requests took {elapsed:?}"
    );
}

#[test]
fn panics_answer_500_and_the_server_goes_on() {
    let server = start(test_router(), false);
    let mut client = Client::connect(&server.addr);
    let broken = client.get("/panic", &[("X-Cff-Request-Id", "req-panic")]);
    assert_eq!(broken.status, 500);
    assert_eq!(
        Client::connect(&server.addr).get("/health", &[]).status,
        200
    );
}

#[test]
fn oversized_requests_are_refused() {
    let server = start(test_router(), false);
    // Over FG_MAX_EVENT_SIZE (8 MiB) by Content-Length: refused before the body is read.
    let mut client = Client::connect(&server.addr);
    let stream = client.0.get_mut();
    stream
        .write_all(b"POST /size HTTP/1.1\r\nHost: fg\r\nContent-Length: 9000000\r\n\r\n")
        .unwrap();
    assert_eq!(client.read(false).status, 413);
    // Over it in chunks: the body stops at the limit and axum answers 413.
    let mut client = Client::connect(&server.addr);
    let stream = client.0.get_mut();
    stream
        .write_all(b"POST /size HTTP/1.1\r\nHost: fg\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..9 {
        if stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    assert_eq!(client.read(false).status, 413);
    // Under it, by both framings.
    let mut client = Client::connect(&server.addr);
    let small = client.send("POST", "/size", &[], &vec![b'y'; 100_000]);
    assert_eq!(small.body, b"100000");
    // A request head over the limit.
    let mut client = Client::connect(&server.addr);
    let big = "v".repeat(200_000);
    assert_eq!(client.get("/health", &[("X-Big", &big)]).status, 431);
}

#[test]
fn shutdown_finishes_requests_in_flight_and_runs_the_hooks() {
    static HOOK_RAN: AtomicBool = AtomicBool::new(false);
    fg_runtime::on_shutdown(|| HOOK_RAN.store(true, Ordering::SeqCst));
    let mut server = start(test_router(), true);
    let addr = server.addr.clone();
    let slow = std::thread::spawn(move || Client::connect(&addr).get("/slow", &[]));
    std::thread::sleep(Duration::from_millis(100));
    server.stop.take().unwrap().send(()).unwrap();
    let response = slow.join().unwrap();
    assert_eq!(
        (response.status, response.body.as_slice()),
        (200, &b"slept"[..])
    );
    let result = server.done.recv_timeout(WAIT).expect("serve returns");
    assert!(result.is_ok(), "{result:?}");
    assert!(HOOK_RAN.load(Ordering::SeqCst));
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "no longer accepting"
    );
}

/// The `axum_http` binary on a port the OS picks; the address is read from its start line.
fn start_http_example() -> (Function, String) {
    let mut command = Command::new(example("axum_http"));
    command
        .env_remove("RUNTIME_API_ADDR")
        .env("FG_PORT", "0")
        .env("FG_HTTP_HEADER_TIMEOUT", "1")
        .env("RUNTIME_FUNC_NAME", "shop");
    let function = Function::spawn_command(command);
    let end = Instant::now() + WAIT;
    loop {
        let output = function.output();
        if let Some(rest) = output.split("HTTP function: listening on ").nth(1) {
            let addr = rest.split_whitespace().next().unwrap().to_owned();
            return (function, addr);
        }
        assert!(Instant::now() < end, "the example did not listen: {output}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_http_example_logs_with_the_request_id_and_stops_on_sigterm() {
    let (mut function, addr) = start_http_example();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "the platform's host by default: {addr}"
    );
    let mut client = Client::connect(&addr);
    let user = client.get("/users/3", &[("X-Cff-Request-Id", "req-77")]);
    assert_eq!(user.status, 200);
    let who = client.get("/whoami", &[]).json();
    assert_eq!(who["function"], "shop");
    let status = Command::new("kill")
        .args(["-TERM", &function.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = function.wait_exit(WAIT).expect("exits after SIGTERM");
    let output = function.output();
    assert!(exit.success(), "{output}");
    assert!(
        output.contains(" req-77 INFO looking up user 3"),
        "{output}"
    );
    assert!(output.contains("SIGTERM: shutting down"), "{output}");
}

#[test]
fn a_client_that_does_not_finish_its_request_head_is_cut_off() {
    let (_function, addr) = start_http_example();
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.set_read_timeout(Some(WAIT)).unwrap();
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: fg\r\n")
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server answers `408` or just closes; either way the read ends.
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(10),
        "cut off after {waited:?}"
    );
    // The others are served meanwhile and after.
    assert_eq!(Client::connect(&addr).get("/health", &[]).status, 200);
}

fn apig(method: &str, path: &str) -> Value {
    json!({
        "httpMethod": method,
        "path": path,
        "headers": {"host": "shop.example.com", "content-type": "application/json"},
        "requestContext": {"apiId": "api", "requestId": "gw-1", "stage": "RELEASE"},
        "isBase64Encoded": true,
        "body": ""
    })
}

#[test]
fn the_apig_example_answers_events_through_the_runtime_api() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(&emulator, &example("axum_apig"), &[]);
    let mut users = apig("GET", "/users/7");
    users["queryStringParameters"] = json!({"field": ["a", "b&c"]});
    let cases = [
        users,
        apig("GET", "/logo.png"),
        apig("GET", "/session"),
        json!({"ShardID": "s", "StreamName": "dis", "Message": {"records": []}}),
        apig("FETCH", "/health"),
        {
            let mut post = apig("POST", "/users");
            post["body"] = json!("eyJuYW1lIjoiQWRhIn0");
            post
        },
        apig("HEAD", "/health"),
    ];
    let ids: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| emulator.push(Event::json(case).request_id(format!("r{i}"))))
        .collect();
    let answers: Vec<_> = ids
        .iter()
        .map(|id| {
            emulator
                .wait_for_answer(id, WAIT)
                .unwrap_or_else(|| panic!("no answer to {id}: {}", function.output()))
        })
        .collect();
    let user = answers[0].json().unwrap();
    assert_eq!(user["statusCode"], 200);
    assert_eq!(user["isBase64Encoded"], false);
    let body: Value = serde_json::from_str(user["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"id": 7, "name": "user 7", "fields": ["a", "b&c"]})
    );
    let logo = answers[1].json().unwrap();
    assert_eq!(logo["isBase64Encoded"], true);
    assert_eq!(logo["headers"]["content-type"], "image/png");
    let bytes = fg_events::encoding::Base64Text::new(logo["body"].as_str().unwrap())
        .decode()
        .unwrap();
    assert_eq!(bytes, app::LOGO);
    let session = answers[2].json().unwrap();
    assert_eq!(
        session["headers"]["set-cookie"],
        json!(["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"])
    );
    let not_apig = answers[3].diagnostic().expect("an error report");
    assert_eq!(not_apig.error_type, "InvalidEvent");
    assert!(
        not_apig.error_message.contains("httpMethod"),
        "{}",
        not_apig.error_message
    );
    let bad_method = answers[4].diagnostic().expect("an error report");
    assert_eq!(bad_method.error_type, "InvalidEvent");
    assert!(
        bad_method.error_message.contains("FETCH"),
        "{}",
        bad_method.error_message
    );
    let created = answers[5].json().unwrap();
    assert_eq!(created["statusCode"], 201);
    assert_eq!(created["headers"]["location"], "/users/7");
    let head = answers[6].json().unwrap();
    assert_eq!(
        (head["statusCode"].clone(), head["body"].clone()),
        (json!(200), json!(""))
    );
    emulator.verify_exactly_once().unwrap();
    let output = function.output();
    assert!(output.contains("looking up user 7"), "{output}");
}

#[test]
fn an_oversized_response_is_reported() {
    let emulator = Emulator::start().unwrap();
    let function = Function::spawn(
        &emulator,
        &example("axum_apig"),
        &[("RUNTIME_MAX_RESP_BODY_SIZE", "40")],
    );
    let id = emulator.push(Event::json(&apig("GET", "/users/7")));
    let answer = emulator
        .wait_for_answer(&id, WAIT)
        .unwrap_or_else(|| panic!("no answer: {}", function.output()));
    let report = answer.diagnostic().expect("an error report");
    assert_eq!(report.error_type, "FunctionResponseTooLarge");
}

#[test]
fn the_apig_example_runs_the_console_event_in_local_mode() {
    let output = Command::new(example("axum_apig"))
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../events/apig.json"))
        .env_remove("RUNTIME_API_ADDR")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["statusCode"], 200);
    let body: Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["path"], "/apig-event-template", "no stage prefix");
    assert_eq!(body["query"], json!([["responseType", "html"]]));
    assert_eq!(body["body"], r#"{"test":"body"}"#);
}
