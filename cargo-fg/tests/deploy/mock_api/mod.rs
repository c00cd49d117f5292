//! A mock of FunctionGraph's management API (and of IAM's project list) on 127.0.0.1, for the
//! deploy tests. It keeps functions, code, versions, aliases and triggers in memory, records
//! every request, and checks every request's SDK-HMAC-SHA256 signature with its own
//! canonicalisation, written here from the algorithm (docs/PLATFORM.md §14.3) and sharing
//! no code with the signer under test. A request with a bad signature gets the platform's 401
//! `APIGW.0301` and is listed in `bad_signatures`.

#![allow(dead_code, unreachable_pub)] // each test uses its own share

mod http;
mod routes;
mod signature;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

pub use signature::decode;

/// The keys the mock accepts.
#[derive(Clone, Debug)]
pub struct Keys {
    pub access_key: String,
    pub secret_key: String,
    pub token: Option<String>,
}

/// A request as the mock received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// `METHOD /path` with the path decoded, for assertions.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, decode(&self.path))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn changes_something(&self) -> bool {
        self.method != "GET"
    }
}

/// A scripted failure: the next `times` requests whose method is `method` and whose decoded
/// path ends with `path_end` get `status` and `error_code`.
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: &'static str,
    pub path_end: &'static str,
    pub status: u16,
    pub error_code: &'static str,
    pub times: u32,
}

#[derive(Debug, Default)]
pub struct State {
    pub received: Vec<Received>,
    pub bad_signatures: Vec<String>,
    /// Deployed functions by name: their configuration as `GET .../config` answers it.
    pub functions: BTreeMap<String, Value>,
    /// The last zip uploaded per function.
    pub code: BTreeMap<String, Vec<u8>>,
    pub versions: BTreeMap<String, Vec<String>>,
    pub aliases: BTreeMap<(String, String), String>,
    pub triggers: BTreeMap<String, Vec<Value>>,
    pub faults: Vec<Fault>,
    /// The answer of the next synchronous invocation.
    pub invocation_status: u16,
}

/// The running mock; stops when dropped.
pub struct MockApi {
    pub addr: SocketAddr,
    pub project_id: String,
    pub region: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MockApi {
    pub fn start(keys: Keys) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the mock API");
        let addr = listener.local_addr().expect("the mock's address");
        let state = Arc::new(Mutex::new(State {
            invocation_status: 200,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let project_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9".to_owned();
        let context = Context {
            keys,
            project_id: project_id.clone(),
            region: "eu-de".to_owned(),
            state: Arc::clone(&state),
        };
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    // One call at a time: cargo fg never sends two at once.
                    let _ = context.serve(stream);
                }
            }
        });
        Self {
            addr,
            project_id,
            region: "eu-de".to_owned(),
            state,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("the mock's state")
    }

    /// Requests received so far, as `METHOD /decoded/path` lines.
    pub fn lines(&self) -> Vec<String> {
        self.state().received.iter().map(Received::line).collect()
    }

    /// Forgets the requests received so far (the deployed state stays).
    pub fn clear_received(&self) {
        self.state().received.clear();
    }

    pub fn fault(&self, fault: Fault) {
        self.state().faults.push(fault);
    }

    /// The URN of function `name`, unqualified.
    pub fn urn(&self, name: &str) -> String {
        format!(
            "urn:fss:{}:{}:function:default:{name}",
            self.region, self.project_id
        )
    }
}

impl Drop for MockApi {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Context {
    keys: Keys,
    project_id: String,
    region: String,
    state: Arc<Mutex<State>>,
}

struct Answer {
    status: u16,
    body: Value,
}

fn answer(status: u16, body: Value) -> Answer {
    Answer { status, body }
}

fn error(status: u16, code: &str, message: &str) -> Answer {
    answer(status, json!({"error_code": code, "error_msg": message}))
}

impl Context {
    fn serve(&self, mut stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        let Some(request) = http::read_request(&mut stream)? else {
            return Ok(());
        };
        let answer = {
            let mut state = self.state.lock().expect("the mock's state");
            state.received.push(request.clone());
            match signature::check(&self.keys, &request) {
                Err(why) => {
                    state
                        .bad_signatures
                        .push(format!("{}: {why}", request.line()));
                    error(
                        401,
                        "APIGW.0301",
                        "Incorrect IAM authentication information: verify aksk signature fail",
                    )
                }
                Ok(()) => self.route(&mut state, &request),
            }
        };
        let body = if answer.body.is_null() {
            String::new()
        } else {
            answer.body.to_string()
        };
        let head = format!(
            "HTTP/1.1 {} Mock\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             X-Request-Id: mock-req-{}\r\nConnection: close\r\n\r\n",
            answer.status,
            body.len(),
            self.state.lock().expect("state").received.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()
    }
}
