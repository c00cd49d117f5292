//! A mock of FunctionGraph's management API (and of IAM's project list) on 127.0.0.1, for the
//! deploy tests. It keeps functions, code, versions, aliases and triggers in memory, records
//! every request, and checks every request's SDK-HMAC-SHA256 signature with its own
//! canonicalisation, written here from the algorithm (§14.3 of the platform notes) and sharing
//! no code with the signer under test. A request with a bad signature gets the platform's 401
//! `APIGW.0301` and is listed in `bad_signatures`.

#![allow(dead_code, unreachable_pub)] // each test uses its own share

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};

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
        let Some(request) = read_request(&mut stream)? else {
            return Ok(());
        };
        let answer = {
            let mut state = self.state.lock().expect("the mock's state");
            state.received.push(request.clone());
            match self.check_signature(&request) {
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

    /// The signature check, from the algorithm: canonical request, string to sign, HMAC.
    fn check_signature(&self, request: &Received) -> Result<(), String> {
        let authorization = request
            .header("Authorization")
            .ok_or("no Authorization header")?;
        let rest = authorization
            .strip_prefix("SDK-HMAC-SHA256 ")
            .ok_or("not SDK-HMAC-SHA256")?;
        let mut fields = BTreeMap::new();
        for part in rest.split(", ") {
            let (name, value) = part.split_once('=').ok_or("malformed Authorization")?;
            fields.insert(name, value);
        }
        if fields.get("Access") != Some(&self.keys.access_key.as_str()) {
            return Err("unknown access key".into());
        }
        let signed: Vec<&str> = fields
            .get("SignedHeaders")
            .ok_or("no SignedHeaders")?
            .split(';')
            .collect();
        for required in ["host", "x-sdk-date"] {
            if !signed.contains(&required) {
                return Err(format!("{required} is not signed"));
            }
        }
        if let Some(token) = &self.keys.token {
            if request.header("X-Security-Token") != Some(token.as_str()) {
                return Err("the security token is missing or wrong".into());
            }
            if !signed.contains(&"x-security-token") {
                return Err("the security token is not signed".into());
            }
        }
        let date = request.header("X-Sdk-Date").ok_or("no X-Sdk-Date")?;
        if date.len() != 16 || !date.ends_with('Z') || date.as_bytes()[8] != b'T' {
            return Err(format!("X-Sdk-Date {date} is not YYYYMMDDTHHMMSSZ"));
        }
        let mut canonical = String::new();
        canonical.push_str(&request.method);
        canonical.push('\n');
        let mut path: Vec<String> = request
            .path
            .split('/')
            .map(|segment| encode(&decode(segment)))
            .collect::<Vec<_>>();
        if path.last().is_some_and(|last| !last.is_empty()) {
            path.push(String::new());
        }
        canonical.push_str(&path.join("/"));
        canonical.push('\n');
        let mut query: Vec<(String, String)> = request
            .query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        query.sort();
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        canonical.push_str(&query.join("&"));
        canonical.push('\n');
        for name in &signed {
            let value = request
                .header(name)
                .ok_or(format!("signed header {name} was not sent"))?;
            canonical.push_str(&format!("{name}:{}\n", value.trim()));
        }
        canonical.push('\n');
        canonical.push_str(&signed.join(";"));
        canonical.push('\n');
        canonical.push_str(&hex::encode(Sha256::digest(&request.body)));
        let string_to_sign = format!(
            "SDK-HMAC-SHA256\n{date}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(self.keys.secret_key.as_bytes())
            .expect("any key length");
        mac.update(string_to_sign.as_bytes());
        let expected = hex::encode(mac.finalize().into_bytes());
        if fields.get("Signature") != Some(&expected.as_str()) {
            return Err(format!(
                "signature mismatch; canonical request:\n{canonical}"
            ));
        }
        Ok(())
    }

    fn route(&self, state: &mut State, request: &Received) -> Answer {
        let line = request.line();
        if let Some(at) = state
            .faults
            .iter()
            .position(|f| f.method == request.method && decode(&request.path).ends_with(f.path_end))
        {
            let fault = state.faults[at].clone();
            if fault.times <= 1 {
                state.faults.remove(at);
            } else {
                state.faults[at].times -= 1;
            }
            return error(fault.status, fault.error_code, "scripted failure");
        }
        let segments: Vec<String> = request.path.split('/').skip(1).map(decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["v3", "projects"]) => {
                let wanted = request.query.strip_prefix("name=").unwrap_or_default();
                let projects: Vec<Value> = [(self.region.as_str(), self.project_id.as_str())]
                    .iter()
                    .filter(|(name, _)| *name == wanted)
                    .map(|(name, id)| json!({"id": id, "name": name}))
                    .collect();
                answer(200, json!({"projects": projects}))
            }
            (_, ["v2", project, ..]) if *project != self.project_id => {
                error(404, "FSS.0404", "project not found")
            }
            ("POST", ["v2", _, "fgs", "functions"]) => self.create(state, request),
            (method, ["v2", _, "fgs", "functions", urn, rest @ ..]) => {
                let Some(name) = self.function_name(urn) else {
                    return error(400, "FSS.0400", "malformed function urn");
                };
                if !state.functions.contains_key(&name) {
                    return error(404, "FSS.1051", "Not found the function");
                }
                self.function(state, method, &name, rest, request)
            }
            ("GET", ["v2", _, "fgs", "triggers", urn]) => {
                let name = self.function_name(urn).unwrap_or_default();
                answer(
                    200,
                    Value::Array(state.triggers.get(&name).cloned().unwrap_or_default()),
                )
            }
            ("POST", ["v2", _, "fgs", "triggers", urn]) => {
                let name = self.function_name(urn).unwrap_or_default();
                if !state.functions.contains_key(&name) {
                    return error(404, "FSS.1051", "Not found the function");
                }
                let body = request.json();
                if body["trigger_type_code"] != "DIS"
                    || body["event_data"]["stream_name"].as_str().is_none()
                    || !matches!(
                        body["event_data"]["is_serial"].as_str(),
                        Some("true" | "false")
                    )
                {
                    return error(400, "FSS.0400", "bad trigger");
                }
                let list = state.triggers.entry(name).or_default();
                let mut trigger = body.clone();
                trigger["trigger_id"] = format!("trigger-{}", list.len() + 1).into();
                list.push(trigger.clone());
                answer(200, trigger)
            }
            _ => error(404, "APIGW.0101", &format!("no route for {line}")),
        }
    }

    fn function_name(&self, urn: &str) -> Option<String> {
        let parts: Vec<&str> = urn.split(':').collect();
        match parts.as_slice() {
            ["urn", "fss", region, project, "function", "default", name]
            | [
                "urn",
                "fss",
                region,
                project,
                "function",
                "default",
                name,
                "latest",
            ] if *region == self.region && *project == self.project_id => Some((*name).to_owned()),
            _ => None,
        }
    }

    fn zip(body: &Value) -> Result<Vec<u8>, Answer> {
        let bytes = body["func_code"]["file"]
            .as_str()
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .ok_or_else(|| error(400, "FSS.0400", "func_code.file is not base64"))?;
        if !bytes.starts_with(b"PK\x03\x04") {
            return Err(error(400, "FSS.1011", "zip: not a valid zip file"));
        }
        if body["code_type"] != "zip" || body["code_filename"].as_str().is_none() {
            return Err(error(400, "FSS.0400", "code_type zip needs code_filename"));
        }
        Ok(bytes)
    }

    fn create(&self, state: &mut State, request: &Received) -> Answer {
        let body = request.json();
        for field in [
            "func_name",
            "package",
            "runtime",
            "handler",
            "memory_size",
            "timeout",
        ] {
            if body[field].is_null() {
                return error(400, "FSS.0400", &format!("{field} is required"));
            }
        }
        let zip = match Self::zip(&body) {
            Ok(zip) => zip,
            Err(answer) => return answer,
        };
        let name = body["func_name"].as_str().unwrap_or_default().to_owned();
        if state.functions.contains_key(&name) {
            return error(400, "FSS.1052", "The function already exists");
        }
        let mut config = body.clone();
        config.as_object_mut().expect("object").remove("func_code");
        config["func_urn"] = format!("{}:latest", self.urn(&name)).into();
        config["digest"] = hex::encode(Sha512::digest(&zip)).into();
        config["code_size"] = zip.len().into();
        state.functions.insert(name.clone(), config.clone());
        state.code.insert(name, zip);
        answer(200, config)
    }

    fn urn(&self, name: &str) -> String {
        format!(
            "urn:fss:{}:{}:function:default:{name}",
            self.region, self.project_id
        )
    }

    fn function(
        &self,
        state: &mut State,
        method: &str,
        name: &str,
        rest: &[&str],
        request: &Received,
    ) -> Answer {
        let body = request.json();
        match (method, rest) {
            ("GET", ["config"]) => answer(200, state.functions[name].clone()),
            ("PUT", ["code"]) => match Self::zip(&body) {
                Ok(zip) => {
                    let digest = hex::encode(Sha512::digest(&zip));
                    let config = state.functions.get_mut(name).expect("checked");
                    config["digest"] = digest.clone().into();
                    config["code_size"] = zip.len().into();
                    state.code.insert(name.to_owned(), zip);
                    answer(
                        200,
                        json!({"func_urn": format!("{}:latest", self.urn(name)), "digest": digest}),
                    )
                }
                Err(answer) => answer,
            },
            ("PUT", ["config"]) => {
                for field in ["func_name", "runtime", "timeout", "handler", "memory_size"] {
                    if body[field].is_null() {
                        return error(400, "FSS.0400", &format!("{field} is required"));
                    }
                }
                let config = state.functions.get_mut(name).expect("checked");
                for (key, value) in body.as_object().expect("object") {
                    config[key] = value.clone();
                }
                answer(200, config.clone())
            }
            ("POST", ["versions"]) => {
                let versions = state.versions.entry(name.to_owned()).or_default();
                let version = body["version"]
                    .as_str()
                    .map_or_else(|| format!("v{}", versions.len() + 1), str::to_owned);
                if versions.contains(&version) {
                    return error(400, "FSS.1053", "version exists");
                }
                versions.push(version.clone());
                answer(
                    200,
                    json!({"version": version, "func_urn": format!("{}:{version}", self.urn(name))}),
                )
            }
            ("GET", ["aliases", alias]) => {
                match state.aliases.get(&(name.to_owned(), (*alias).to_owned())) {
                    Some(version) => answer(200, json!({"name": alias, "version": version})),
                    None => error(404, "FSS.1051", "Not found the alias"),
                }
            }
            ("POST", ["aliases"]) | ("PUT", ["aliases", _]) => {
                let (Some(alias), Some(version)) =
                    (body["name"].as_str(), body["version"].as_str())
                else {
                    return error(400, "FSS.0400", "name and version are required");
                };
                let exists = state
                    .aliases
                    .contains_key(&(name.to_owned(), alias.to_owned()));
                if method == "POST" && exists || method == "PUT" && !exists {
                    return error(400, "FSS.0400", "alias create/update mismatch");
                }
                if !state
                    .versions
                    .get(name)
                    .is_some_and(|v| v.iter().any(|x| x == version))
                {
                    return error(404, "FSS.1051", "Not found the version");
                }
                state
                    .aliases
                    .insert((name.to_owned(), alias.to_owned()), version.to_owned());
                answer(200, json!({"name": alias, "version": version}))
            }
            ("POST", ["invocations"]) => {
                if request.header("X-Cff-Log-Type") != Some("tail") {
                    return error(400, "FSS.0400", "expected X-Cff-Log-Type: tail");
                }
                let status = state.invocation_status;
                answer(
                    200,
                    json!({
                        "request_id": "fn-req-1",
                        "result": format!("received {} bytes", request.body.len()),
                        "log": "2026-12-06T01:00:00Z fn-req-1 INFO handled\n",
                        "status": status,
                    }),
                )
            }
            ("POST", ["invocations-async"]) => answer(202, json!({"request_id": "fn-req-async"})),
            _ => error(404, "APIGW.0101", "no such route"),
        }
    }
}

/// Reads one request: the head (at most 64 KiB) and a `Content-Length` body (at most 80 MB).
fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    if parsed.parse(&buffer[..head_end]).is_err() {
        return Ok(None);
    }
    let method = parsed.method.unwrap_or_default().to_owned();
    let target = parsed.path.unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    if length > 80 * 1024 * 1024 {
        return Ok(None);
    }
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Ok(Some(Received {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
    }))
}

/// Percent-decoding, by hand (invalid escapes stay as they are).
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).expect("two hex digits"));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of everything but RFC 3986's unreserved characters, by hand.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
