//! The driver of the HTTP benchmarks (`bench/run-http.sh`, docs/PERFORMANCE.md):
//!
//! - **HTTP-function mode**: `http-fg` (`fg_runtime::http::serve`) against `http-axum` (plain
//!   `axum::serve`), one keep-alive loopback connection each, requests one after another;
//!   latency from the request's write to its response's last byte.
//! - **APIG event mode**: `apig-fg` (`fg_runtime::http::run`) against `apig-handler` (the same
//!   work in an `#[apig_handler]`), each polling its own loopback runtime API; latency from the
//!   event reply's write to the answer `POST`'s last byte.
//!
//! Rounds interleave the subjects so drift on a noisy machine hits both alike; a ratio is the
//! median over rounds of (subject's round median / baseline's round median).
//!
//! ```text
//! fg-bench-http [--quick] [--busy] [--out FILE]
//! fg-bench-http --send SUBJECT N [-- COMMAND...]
//! ```
//!
//! `--busy` runs one `nice -n 19` busy loop per CPU meanwhile, so no vCPU of the VM goes idle:
//! with idle vCPUs a request's round trip on this VM takes ~100 µs for every subject (the
//! loopback's "slow state"), with busy ones ~25 µs (the "fast state", where fg's own costs
//! weigh most). The loops yield to everything else (docs/PERFORMANCE.md).
//!
//! `--send` is for counting the CPU work of one subject rather than timing it: it starts
//! `SUBJECT` (`http-fg`, `http-axum`, `apig-fg`, `apig-handler`, `apig-fg-tower`, or a DIS
//! function of fg-bench's, `fn-user` say, or the path to one, given the S event), under
//! `COMMAND` when given (e.g. `valgrind --tool=callgrind`), makes `N` exchanges after one
//! checked warm-up, then stops it with SIGTERM and waits for it to exit, so a tool running it
//! writes its output.
//! Instructions per request are the difference of two such runs over the difference of their
//! `N` (docs/PERFORMANCE.md, "Third pass").

use std::io;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fg_bench::wire::Wire;
use serde_json::{Value, json};

const PATIENCE: Duration = Duration::from_secs(30);
const REQUEST_ID: &str = "7d3c2a10-5f4e-4b8a-9c1d-000000000001";

fn broken(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

/// A subject process, killed when dropped.
struct Subject {
    child: Child,
    wire: Wire,
}

/// How a subject's process starts: its binary, run by a command (a profiler) when given.
fn subject_command(bins: &Path, name: &str, wrapper: &[String]) -> Command {
    match wrapper.split_first() {
        None => Command::new(bins.join(name)),
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(bins.join(name));
            command
        }
    }
}

impl Drop for Subject {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts an HTTP-function subject on a free port and connects to it.
fn start_http(bins: &Path, name: &str, wrapper: &[String]) -> io::Result<Subject> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let child = subject_command(bins, name, wrapper)
        .env("FG_PORT", port.to_string())
        .env_remove("RUNTIME_API_ADDR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()?;
    let end = Instant::now() + PATIENCE;
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => {
                stream.set_read_timeout(Some(PATIENCE))?;
                return Ok(Subject {
                    child,
                    wire: Wire::new(stream)?,
                });
            }
            Err(_) if Instant::now() < end => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(e),
        }
    }
}

/// Starts a subject that polls a loopback runtime API (APIG or DIS) and reads its first `GET`.
fn start_runtime_api(bins: &Path, name: &str, wrapper: &[String]) -> io::Result<Subject> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let child = subject_command(bins, name, wrapper)
        .env("RUNTIME_API_ADDR", listener.local_addr()?.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()?;
    let (stream, _) = listener.accept()?;
    stream.set_read_timeout(Some(PATIENCE))?;
    let mut subject = Subject {
        child,
        wire: Wire::new(stream)?,
    };
    let mut path = String::new();
    subject
        .wire
        .read_request_head(&mut path)?
        .filter(|head| !head.post)
        .ok_or_else(|| broken(format!("{name} did not poll")))?;
    Ok(subject)
}

/// One exchange; returns the answer's body (in `body`) and the latency in µs.
trait Exchange {
    fn exchange(&mut self, body: &mut Vec<u8>) -> io::Result<(usize, f64)>;
}

struct HttpExchange<'a> {
    subject: &'a mut Subject,
    request: &'a [u8],
    scratch: String,
}

impl Exchange for HttpExchange<'_> {
    fn exchange(&mut self, body: &mut Vec<u8>) -> io::Result<(usize, f64)> {
        let sent = Instant::now();
        self.subject.wire.write_all(self.request)?;
        let head = self.subject.wire.read_response_head(&mut self.scratch)?;
        self.subject.wire.read_body(head.content_length, body)?;
        let latency = sent.elapsed().as_secs_f64() * 1e6;
        if head.status != 200 {
            return Err(broken(format!("status {}", head.status)));
        }
        Ok((head.content_length, latency))
    }
}

struct RuntimeApiExchange<'a> {
    subject: &'a mut Subject,
    event: &'a [u8],
    path: String,
}

const POST_OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

impl Exchange for RuntimeApiExchange<'_> {
    fn exchange(&mut self, body: &mut Vec<u8>) -> io::Result<(usize, f64)> {
        let sent = Instant::now();
        self.subject.wire.write_all(self.event)?;
        let head = self
            .subject
            .wire
            .read_request_head(&mut self.path)?
            .ok_or_else(|| broken("the function closed the connection"))?;
        self.subject.wire.read_body(head.content_length, body)?;
        let latency = sent.elapsed().as_secs_f64() * 1e6;
        if !head.post || !self.path.ends_with(REQUEST_ID) {
            return Err(broken(format!("unexpected answer to {}", self.path)));
        }
        self.subject.wire.write_all(POST_OK)?;
        self.subject
            .wire
            .read_request_head(&mut self.path)?
            .ok_or_else(|| broken("the function closed the connection"))?;
        Ok((head.content_length, latency))
    }
}

/// The user JSON every answer must carry.
fn expected_user() -> Value {
    fg_bench_http::user(42, &["name", "email"])
}

fn check_http(body: &[u8]) -> io::Result<()> {
    let value: Value = serde_json::from_slice(body).map_err(|e| broken(e.to_string()))?;
    if value == expected_user() {
        Ok(())
    } else {
        Err(broken(format!("unexpected answer {value}")))
    }
}

fn check_apig(body: &[u8]) -> io::Result<()> {
    let answer: Value = serde_json::from_slice(body).map_err(|e| broken(e.to_string()))?;
    let inner = answer["body"].as_str().unwrap_or_default();
    if answer["statusCode"] != 200 || answer["isBase64Encoded"] != false {
        return Err(broken(format!("unexpected answer {answer}")));
    }
    check_http(inner.as_bytes())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

fn range(values: &[f64]) -> Value {
    let mut v = values.to_vec();
    let m = median(&mut v);
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    json!({"median": r(m), "min": r(v[0]), "max": r(v[v.len() - 1])})
}

#[derive(Default)]
struct Samples {
    all: Vec<f64>,
    round_medians: Vec<f64>,
    round_rates: Vec<f64>,
}

/// Runs `rounds` (after a warm-up round) of `n` exchanges per subject, interleaved.
fn measure(
    exchanges: &mut [&mut dyn Exchange],
    check: fn(&[u8]) -> io::Result<()>,
    rounds: usize,
    n: usize,
) -> io::Result<Vec<Samples>> {
    let mut samples: Vec<Samples> = exchanges.iter().map(|_| Samples::default()).collect();
    let mut body = Vec::new();
    for exchange in exchanges.iter_mut() {
        let (len, _) = exchange.exchange(&mut body)?;
        check(&body[..len])?;
    }
    for round in 0..=rounds {
        for k in 0..exchanges.len() {
            let s = (k + round) % exchanges.len();
            let count = if round == 0 { n / 4 } else { n };
            let mut latencies = Vec::with_capacity(count);
            let start = Instant::now();
            for _ in 0..count {
                latencies.push(exchanges[s].exchange(&mut body)?.1);
            }
            let wall = start.elapsed().as_secs_f64();
            if round > 0 {
                let cell = &mut samples[s];
                cell.round_rates.push(count as f64 / wall);
                cell.round_medians.push(median(&mut latencies.clone()));
                cell.all.extend_from_slice(&latencies);
            }
        }
    }
    Ok(samples)
}

fn report(names: [&str; 2], samples: &mut [Samples]) -> Value {
    let ratios: Vec<f64> = samples[1]
        .round_medians
        .iter()
        .zip(&samples[0].round_medians)
        .map(|(a, b)| a / b)
        .collect();
    // The VM switches between a fast and a slow loopback state, sometimes within a run
    // (docs/PERFORMANCE.md): this ratio keeps only the rounds where both subjects ran within
    // 1.5× of their own fastest round, so that it compares the two in the same state.
    let fastest = |cell: &Samples| {
        cell.round_medians
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
    };
    let (fastest_base, fastest_subject) = (fastest(&samples[0]), fastest(&samples[1]));
    let mut same_state: Vec<f64> = samples[1]
        .round_medians
        .iter()
        .zip(&samples[0].round_medians)
        .filter(|&(a, b)| *a <= 1.5 * fastest_subject && *b <= 1.5 * fastest_base)
        .map(|(a, b)| a / b)
        .collect();
    let same_state_rounds = same_state.len();
    let mut out = json!({
        "baseline": names[0],
        "subject": names[1],
        "ratio": range(&ratios),
        "ratio_same_state": {
            "median": (median(&mut same_state) * 1000.0).round() / 1000.0,
            "rounds": same_state_rounds,
        },
    });
    for (name, cell) in names.iter().zip(samples.iter_mut()) {
        out[*name] = json!({
            "requests": cell.all.len(),
            "p50_us": (median(&mut cell.all) * 10.0).round() / 10.0,
            "p99_us": (percentile(&mut cell.all, 99.0) * 10.0).round() / 10.0,
            "per_second": range(&cell.round_rates),
            // Each round's median, in order: tells rounds in the VM's fast loopback state
            // from slow ones (docs/PERFORMANCE.md).
            "round_p50_us": cell.round_medians.iter().map(|m| (m * 10.0).round() / 10.0).collect::<Vec<_>>(),
        });
    }
    out
}

fn http_request() -> Vec<u8> {
    format!(
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: fg-bench\r\nAccept: */*\r\nX-Cff-Request-Id: {REQUEST_ID}\r\nX-Cff-Timeout: 30\r\n\r\n",
        fg_bench_http::TARGET
    )
    .into_bytes()
}

fn apig_event() -> Vec<u8> {
    let event = json!({
        "httpMethod": "GET",
        "path": "/users/42",
        "queryStringParameters": {"field": ["name", "email"]},
        "headers": {
            "host": "50eedf92.apigw.example.com",
            "user-agent": "fg-bench",
            "accept": "*/*",
            "x-forwarded-for": "103.218.216.98",
            "x-request-id": "11cdcdcf33949dc6d722640a13091c77"
        },
        "requestContext": {"apiId": "bc1dcffd", "requestId": "11cdcdcf", "stage": "RELEASE"},
        "pathParameters": {"id": "42"},
        "body": "",
        "isBase64Encoded": true
    })
    .to_string();
    event_reply(event.as_bytes())
}

/// The suite's S DIS event (4 short records, `bench/src/payload.rs`) as the runtime API hands
/// it out, for counting fg-bench's DIS functions.
fn dis_event() -> (Vec<u8>, Vec<u8>) {
    let payload = fg_bench::payload::generate(fg_bench::payload::Size::S);
    (event_reply(&payload.body), payload.summary.to_json())
}

/// The reply to a `GET .../invocation/request`: the event, with the request id every answer
/// is checked against.
fn event_reply(event: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Cff-Request-Id: {REQUEST_ID}\r\n\r\n",
        event.len()
    )
    .into_bytes();
    bytes.extend_from_slice(event);
    bytes
}

/// The directory of the subjects' binaries: the driver's own.
fn bins() -> io::Result<PathBuf> {
    std::env::current_exe()?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| broken("no directory for the driver"))
}

/// What a subject's warm-up answer is checked with.
type Check = Box<dyn Fn(&[u8]) -> io::Result<()>>;

/// `--send`: `n` checked exchanges with one subject, then SIGTERM and a normal exit.
fn send(name: &str, n: usize, wrapper: &[String]) -> io::Result<()> {
    let bins = bins()?;
    let request = http_request();
    let event = apig_event();
    let (dis_event, dis_answer) = dis_event();
    let mut subject;
    let mut exchange: Box<dyn Exchange + '_>;
    let check: Check;
    if name.starts_with("http-") {
        subject = start_http(&bins, name, wrapper)?;
        check = Box::new(check_http);
        exchange = Box::new(HttpExchange {
            subject: &mut subject,
            request: &request,
            scratch: String::new(),
        });
    } else if name.starts_with("apig-") {
        subject = start_runtime_api(&bins, name, wrapper)?;
        check = Box::new(check_apig);
        exchange = Box::new(RuntimeApiExchange {
            subject: &mut subject,
            event: &event,
            path: String::new(),
        });
    } else {
        // fg-bench's DIS functions (`fn-user`, `fn-lean`, `fn-async`, `floor-work`, built
        // beside this driver) or a path to one: the S event, answered with its summary.
        subject = start_runtime_api(&bins, name, wrapper)?;
        check = Box::new(move |body: &[u8]| {
            if body == dis_answer {
                Ok(())
            } else {
                Err(broken(format!(
                    "unexpected answer {}",
                    String::from_utf8_lossy(body)
                )))
            }
        });
        exchange = Box::new(RuntimeApiExchange {
            subject: &mut subject,
            event: &dis_event,
            path: String::new(),
        });
    }
    let mut body = Vec::new();
    let (len, _) = exchange.exchange(&mut body)?;
    check(&body[..len])?;
    let started = Instant::now();
    for _ in 0..n {
        exchange.exchange(&mut body)?;
    }
    let elapsed = started.elapsed();
    drop(exchange);
    eprintln!(
        "{name}: {n} exchanges in {:.3} s, stopping it",
        elapsed.as_secs_f64()
    );
    let status = Command::new("kill")
        .args(["-TERM", &subject.child.id().to_string()])
        .status()?;
    if !status.success() {
        return Err(broken(format!("kill -TERM failed: {status}")));
    }
    let status = subject.child.wait()?;
    eprintln!("{name}: ended with {status}");
    Ok(())
}

/// Busy loops at the lowest priority, one per CPU, stopped when dropped.
struct BusyLoops(Vec<Child>);

impl BusyLoops {
    fn start() -> io::Result<Self> {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let mut loops = Self(Vec::new());
        for _ in 0..cpus {
            loops.0.push(
                Command::new("nice")
                    .args(["-n", "19", "sh", "-c", "while :; do :; done"])
                    .spawn()?,
            );
        }
        Ok(loops)
    }
}

impl Drop for BusyLoops {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn run(quick: bool, busy: bool, out: &Path) -> io::Result<()> {
    let bins = bins()?;
    let _busy = busy.then(BusyLoops::start).transpose()?;
    let (rounds, n) = if quick { (3, 1500) } else { (10, 5000) };

    eprintln!("HTTP-function mode: http-fg against http-axum");
    let request = http_request();
    // Each subject is stopped when its process handle drops at the end of its part.
    let mut http = {
        let mut axum = start_http(&bins, "http-axum", &[])?;
        let mut fg = start_http(&bins, "http-fg", &[])?;
        let mut a = HttpExchange {
            subject: &mut axum,
            request: &request,
            scratch: String::new(),
        };
        let mut b = HttpExchange {
            subject: &mut fg,
            request: &request,
            scratch: String::new(),
        };
        measure(&mut [&mut a, &mut b], check_http, rounds, n)?
    };

    eprintln!("APIG event mode: apig-fg against apig-handler");
    let event = apig_event();
    let mut apig = {
        let mut handler = start_runtime_api(&bins, "apig-handler", &[])?;
        let mut fg = start_runtime_api(&bins, "apig-fg", &[])?;
        let mut a = RuntimeApiExchange {
            subject: &mut handler,
            event: &event,
            path: String::new(),
        };
        let mut b = RuntimeApiExchange {
            subject: &mut fg,
            event: &event,
            path: String::new(),
        };
        measure(&mut [&mut a, &mut b], check_apig, rounds, n)?
    };

    let results = json!({
        "quick": quick,
        "busy": busy,
        "rounds": rounds,
        "requests_per_round": n,
        "cpus": std::thread::available_parallelism().map(usize::from).unwrap_or(0),
        "http": report(["http-axum", "http-fg"], &mut http),
        "apig": report(["apig-handler", "apig-fg"], &mut apig),
    });
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(&results).map_err(io::Error::other)?;
    std::fs::write(out, text + "\n")?;
    println!(
        "| mode | subject | p50 µs | p99 µs | requests/s | latency ratio (median of rounds, min–max) | same-state ratio (rounds) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (mode, names) in [
        ("http", ["http-axum", "http-fg"]),
        ("apig", ["apig-handler", "apig-fg"]),
    ] {
        for (i, name) in names.iter().enumerate() {
            let cell = &results[mode][*name];
            let (ratio, same_state) = if i == 0 {
                ("1 (baseline)".to_owned(), String::new())
            } else {
                let r = &results[mode]["ratio"];
                let same = &results[mode]["ratio_same_state"];
                (
                    format!("×{} ({}–{})", r["median"], r["min"], r["max"]),
                    format!("×{} ({})", same["median"], same["rounds"]),
                )
            };
            println!(
                "| {mode} | {name} | {} | {} | {} | {ratio} | {same_state} |",
                cell["p50_us"],
                cell["p99_us"],
                cell["per_second"]["median"]
                    .as_f64()
                    .map_or(0.0, f64::round)
            );
        }
    }
    eprintln!("results written to {}", out.display());
    Ok(())
}

fn main() -> std::process::ExitCode {
    let mut quick = false;
    let mut busy = false;
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../results/http-latest.json"
    ));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--send" => {
                let name = args.next().unwrap_or_default();
                let Some(n) = args.next().and_then(|n| n.parse::<usize>().ok()) else {
                    eprintln!("fg-bench-http: usage: --send SUBJECT N [-- COMMAND...]");
                    return std::process::ExitCode::from(2);
                };
                let wrapper: Vec<String> = match args.next().as_deref() {
                    None => Vec::new(),
                    Some("--") => args.collect(),
                    Some(other) => {
                        eprintln!("fg-bench-http: unexpected {other} after --send SUBJECT N");
                        return std::process::ExitCode::from(2);
                    }
                };
                return match send(&name, n, &wrapper) {
                    Ok(()) => std::process::ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("fg-bench-http: {e}");
                        std::process::ExitCode::FAILURE
                    }
                };
            }
            "--quick" => quick = true,
            "--busy" => busy = true,
            "--out" => match args.next() {
                Some(file) => out = file.into(),
                None => {
                    eprintln!("fg-bench-http: --out needs a file");
                    return std::process::ExitCode::from(2);
                }
            },
            other => {
                eprintln!(
                    "fg-bench-http: unknown argument {other}; usage: fg-bench-http [--quick] [--busy] [--out FILE] | --send SUBJECT N [-- COMMAND...]"
                );
                return std::process::ExitCode::from(2);
            }
        }
    }
    match run(quick, busy, &out) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fg-bench-http: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
