//! The driver's side of the runtime API: a blocking loopback server for one function process
//! on one keep-alive connection, serving pre-built event replies.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use fg_bench::payload::Payload;
use fg_bench::wire::Wire;

const NEXT: &str = "/v1/runtime/invocation/request";
const RESPONSE: &str = "/v1/runtime/invocation/response/";
const POST_OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
/// Request ids are this prefix and a 12-digit counter: 36 characters, like the platform's UUIDs.
const ID_PREFIX: &str = "7d3c2a10-5f4e-4b8a-9c1d-";
/// How long a function may take to connect, or to answer, before the run is abandoned.
const PATIENCE: Duration = Duration::from_secs(30);

fn broken(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// A pre-built event reply (head and body in one buffer, one `write`) whose request id changes
/// in place on every invocation.
#[derive(Debug)]
pub(crate) struct Event {
    bytes: Vec<u8>,
    id_at: usize,
    counter: u64,
}

impl Event {
    pub(crate) fn new(payload: &Payload) -> Self {
        let mut bytes = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Cff-Request-Id: ",
            payload.body.len()
        )
        .into_bytes();
        let id_at = bytes.len();
        bytes.extend_from_slice(ID_PREFIX.as_bytes());
        bytes.extend_from_slice(b"000000000000\r\n\r\n");
        bytes.extend_from_slice(&payload.body);
        Self {
            bytes,
            id_at,
            counter: 0,
        }
    }

    fn next_id(&mut self) {
        self.counter += 1;
        let mut n = self.counter;
        let digits = &mut self.bytes[self.id_at + ID_PREFIX.len()..self.id_at + 36];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }

    fn id(&self) -> &[u8] {
        &self.bytes[self.id_at..self.id_at + 36]
    }
}

/// The accepted connection of one function.
#[derive(Debug)]
pub(crate) struct ApiConn {
    wire: Wire,
    path: String,
    post: Vec<u8>,
}

impl ApiConn {
    /// Reads the next `GET /v1/runtime/invocation/request`.
    pub(crate) fn read_get(&mut self) -> io::Result<()> {
        match self.wire.read_request_head(&mut self.path)? {
            Some(head) if !head.post && self.path == NEXT => Ok(()),
            Some(_) => Err(broken(format!("unexpected request for {}", self.path))),
            None => Err(broken("the function closed the connection".into())),
        }
    }

    /// Sends `event` (a `GET` must have been read) and reads the answer `POST`, which must be a
    /// response for this request id with body `expected`; then acknowledges it. Returns when the
    /// event reply started to be written and when the full `POST` had been read.
    pub(crate) fn invoke(
        &mut self,
        event: &mut Event,
        expected: &[u8],
    ) -> io::Result<(Instant, Instant)> {
        event.next_id();
        let sent = Instant::now();
        self.wire.write_all(&event.bytes)?;
        let head = self
            .wire
            .read_request_head(&mut self.path)?
            .ok_or_else(|| broken("the function closed the connection".into()))?;
        self.wire.read_body(head.content_length, &mut self.post)?;
        let answered = Instant::now();
        let body = &self.post[..head.content_length];
        let path_ok = self
            .path
            .strip_prefix(RESPONSE)
            .is_some_and(|id| id.as_bytes() == event.id());
        if !head.post || !path_ok || body != expected {
            return Err(broken(format!(
                "unexpected answer: {} {}: {}",
                if head.post { "POST" } else { "GET" },
                self.path,
                String::from_utf8_lossy(&body[..body.len().min(300)])
            )));
        }
        self.wire.write_all(POST_OK)?;
        Ok((sent, answered))
    }
}

/// A running function process connected to its own listener.
#[derive(Debug)]
pub(crate) struct Function {
    child: Child,
    pub(crate) api: ApiConn,
    /// Keeps the accept watchdog from firing; dropped when the function stops.
    _watchdog: mpsc::Sender<()>,
}

/// A freshly started function, with the times that cold start is measured between.
#[derive(Debug)]
pub(crate) struct Launch {
    pub(crate) function: Function,
    /// Just before `spawn` (fork and exec).
    pub(crate) spawned: Instant,
    /// When the first `GET` had been read.
    pub(crate) first_get: Instant,
}

/// Congestion controls that do not pace sends, in order of preference.
const UNPACED: [&str; 2] = ["cubic", "reno"];

/// Keeps the kernel from pacing the driver's sends, and says which congestion control the
/// socket ends up with.
///
/// With BBR (the default on many VMs, this one included) the kernel sends the tail of an M or L
/// event only when a pacing timer fires, and on a VM it fires late; the slower acknowledgements
/// lower BBR's estimate, which paces harder, so M latencies flip between two states for
/// hundreds of invocations, more often for the subject that spends more CPU per invocation
/// (docs/PERFORMANCE.md). The platform's runtime API does not run on this loopback: the pacing
/// measures the driver, not the function.
pub(crate) fn unpace(stream: &TcpStream) -> String {
    let socket = socket2::SockRef::from(stream);
    if let Some(chosen) = UNPACED
        .into_iter()
        .find(|cc| socket.set_tcp_congestion(cc.as_bytes()).is_ok())
    {
        return chosen.to_owned();
    }
    socket.tcp_congestion().map_or_else(
        |e| format!("unknown ({e})"),
        |name| String::from_utf8_lossy(&name).into_owned(),
    )
}

/// The congestion control [`unpace`] gives the driver's sockets on this machine.
pub(crate) fn driver_congestion_control() -> String {
    let probe = || -> io::Result<String> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let _client = TcpStream::connect(listener.local_addr()?)?;
        let (stream, _) = listener.accept()?;
        Ok(unpace(&stream))
    };
    probe().unwrap_or_else(|e| format!("unknown ({e})"))
}

/// The subject that runs `floor-work` with fg-runtime's I/O pattern.
pub(crate) const FLOOR_RT_IO: &str = "floor-rt-io";

/// Starts the subject's binary (from `bin_dir`) with `RUNTIME_API_ADDR` pointing at a new
/// loopback listener, accepts its connection and reads its first `GET`.
pub(crate) fn launch(bin_dir: &Path, subject: &str) -> io::Result<Launch> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let bin = if subject == FLOOR_RT_IO {
        bin_dir.join("floor-work")
    } else {
        bin_dir.join(subject)
    };
    let mut command = Command::new(&bin);
    // `floor-rt-io` copies all of fg-runtime's I/O habits, or those the driver's own
    // environment names; nothing else copies any.
    let habits = std::env::var(fg_bench::floor::RUNTIME_IO_VAR).unwrap_or_else(|_| "all".into());
    if subject == FLOOR_RT_IO {
        command.env(fg_bench::floor::RUNTIME_IO_VAR, habits);
    } else {
        command.env_remove(fg_bench::floor::RUNTIME_IO_VAR);
    }
    command
        .env("RUNTIME_API_ADDR", addr.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    // Unblocks `accept` (with a connection that closes at once) if the function never connects.
    let (watchdog, patience) = mpsc::channel::<()>();
    thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = patience.recv_timeout(PATIENCE) {
            let _ = TcpStream::connect(addr);
        }
    });
    let spawned = Instant::now();
    let mut child = command.spawn()?;
    let accepted = listener.accept();
    let connected = accepted.and_then(|(stream, _)| {
        unpace(&stream);
        stream.set_read_timeout(Some(PATIENCE))?;
        Wire::new(stream)
    });
    let mut api = match connected {
        Ok(wire) => ApiConn {
            wire,
            path: String::new(),
            post: Vec::new(),
        },
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
    };
    if let Err(e) = api.read_get() {
        let _ = child.kill();
        let _ = child.wait();
        return Err(broken(format!("{} did not poll: {e}", bin.display())));
    }
    let first_get = Instant::now();
    Ok(Launch {
        function: Function {
            child,
            api,
            _watchdog: watchdog,
        },
        spawned,
        first_get,
    })
}

impl Function {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmHWM` (peak resident set) of a process, in KiB.
pub(crate) fn peak_rss_kib(pid: u32) -> io::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| broken(format!("no VmHWM for process {pid}")))
}

/// Minor page faults of a process so far (`/proc/<pid>/stat` field 10).
pub(crate) fn minor_faults(pid: u32) -> io::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.split_whitespace().nth(7))
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| broken(format!("no minflt for process {pid}")))
}
