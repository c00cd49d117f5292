//! Running function binaries against the emulator, with bounded waits.

use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fg_emulator::{Answer, Emulator, Event};

/// How long any single wait in these tests may take before the test fails.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

/// The function binary whose behaviour the event's `StreamName` selects.
pub(crate) fn behaviours() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-dis"))
}

/// The same, as an `async fn` handler.
pub(crate) fn behaviours_async() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-dis-async"))
}

/// A function written without the macros (`fg_runtime::run`), see `tests/functions/plain.rs`.
pub(crate) fn plain() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fg-test-plain"))
}

/// The example binary `name`, built (once per test process) by `cargo build --examples`: a
/// no-op when it is up to date, and never a stale binary.
pub(crate) fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    let test_exe = std::env::current_exe().expect("test executable path");
    let profile_dir = test_exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable lives in target/<profile>/deps");
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        build.args(["build", "--examples"]);
        if profile_dir.file_name().is_some_and(|p| p == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build --examples");
        assert!(status.success(), "cargo build --examples failed");
    });
    profile_dir.join("examples").join(name)
}

/// A running function process whose output goes to files, so a chatty function never blocks
/// on a full pipe.
pub(crate) struct Function {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

fn output_path(kind: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    std::env::temp_dir().join(format!("fg-test-{}-{n}.{kind}", std::process::id()))
}

impl Function {
    pub(crate) fn spawn(emulator: &Emulator, program: &Path, env: &[(&str, &str)]) -> Self {
        let mut command = emulator.command(program);
        command.envs(env.iter().copied());
        Self::spawn_command(command)
    }

    pub(crate) fn spawn_command(mut command: std::process::Command) -> Self {
        let stdout = output_path("out");
        let stderr = output_path("err");
        let child = command
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("create stdout file"))
            .stderr(std::fs::File::create(&stderr).expect("create stderr file"))
            .spawn()
            .expect("start the function");
        Self {
            child,
            stdout,
            stderr,
        }
    }

    /// Everything the process wrote so far, standard output then standard error.
    pub(crate) fn output(&self) -> String {
        let out = std::fs::read_to_string(&self.stdout).unwrap_or_default();
        let err = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        format!("{out}{err}")
    }

    /// Waits (bounded) for the process to exit by itself.
    pub(crate) fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the function") {
                return Some(status);
            }
            if Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The process id (to read its memory use from `/proc`).
    #[allow(dead_code)] // used by tests/soak.rs
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("poll the function").is_none()
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

/// The platform's documented DIS sample (docs/PLATFORM.md §9.1).
pub(crate) fn sample() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fg-events/fixtures/dis/documented-sample.json"
    ))
    .expect("fg-events/fixtures/dis/documented-sample.json")
}

/// A DIS event for the behaviours function.
pub(crate) fn dis(stream: &str, shard: &str) -> Event {
    Event::new(
        serde_json::json!({
            "ShardID": shard,
            "StreamName": stream,
            "Message": {"records": [{"sequence_number": "1", "data": "aGk="}]}
        })
        .to_string(),
    )
}

/// Pushes an event and waits for its answer.
pub(crate) fn invoke(emulator: &Emulator, event: Event) -> Answer {
    let id = emulator.push(event);
    emulator
        .wait_for_answer(&id, WAIT)
        .unwrap_or_else(|| panic!("no answer for {id} within {WAIT:?}"))
}

/// The core invariant: every request id handed out got exactly one accepted answer (or none and
/// a recorded timeout, when the emulator enforces one), and no answer names an id that was not
/// handed out.
pub(crate) fn assert_exactly_once(emulator: &Emulator) {
    if let Err(problems) = emulator.verify_exactly_once() {
        panic!("{problems}");
    }
}
