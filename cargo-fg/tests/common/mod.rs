//! Helpers for the CLI tests: run the built `cargo-fg` as cargo runs it (`cargo-fg fg <cmd>`),
//! make scratch directories, and read what a deployment zip holds.

#![allow(dead_code, unreachable_pub)] // each test file uses its own share of the helpers

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// The repository root: the workspace that holds the `dis` example.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cargo-fg sits in the repository root")
        .to_path_buf()
}

/// The repository's target directory as cargo resolves it (`CARGO_TARGET_DIR`,
/// `build.target-dir`, else `target/`): where `cargo fg` builds the repository's functions.
pub fn target_dir() -> PathBuf {
    static TARGET_DIR: OnceLock<PathBuf> = OnceLock::new();
    TARGET_DIR
        .get_or_init(|| {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let output = Command::new(cargo)
                .args(["metadata", "--format-version", "1", "--no-deps"])
                .current_dir(repo())
                .stderr(Stdio::inherit())
                .output()
                .expect("run cargo metadata");
            assert!(output.status.success(), "cargo metadata failed");
            let metadata: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
            PathBuf::from(
                metadata["target_directory"]
                    .as_str()
                    .expect("cargo metadata names the target directory"),
            )
        })
        .clone()
}

/// The target directory generated crates share, so that their dependencies build once.
pub fn shared_target_dir() -> PathBuf {
    target_dir().join("cargo-fg-tests")
}

/// `cargo-fg fg <args>` in `dir`.
pub fn cargo_fg(dir: &Path, args: &[&str]) -> Run {
    let output = command(dir, args)
        .stdin(Stdio::null())
        .output()
        .expect("run cargo-fg");
    Run::from(output)
}

/// The command for `cargo-fg fg <args>` in `dir`, for tests that need the process itself.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-fg"));
    command.arg("fg").args(args).current_dir(dir);
    command
}

/// What a `cargo-fg` run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing everything printed when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{self}");
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A fresh empty directory for one test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("cargo-fg-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to the file `name` in the directory; its path, for a command line.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write a scratch file");
        path.to_str().expect("a UTF-8 temporary path").to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether `bytes` are an x86-64 ELF executable without a program interpreter (`PT_INTERP`):
/// statically linked, runnable whatever glibc the machine has.
pub fn is_static_x86_64_elf(bytes: &[u8]) -> Result<(), String> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    if bytes.len() < 64 || &bytes[..4] != b"\x7fELF" {
        return Err("not an ELF file".into());
    }
    if bytes[4] != 2 || bytes[5] != 1 {
        return Err("not ELF64 little-endian".into());
    }
    if u16_at(18) != 62 {
        return Err(format!("machine {} is not x86-64", u16_at(18)));
    }
    let (phoff, phentsize, phnum) = (
        u64_at(32) as usize,
        u16_at(54) as usize,
        u16_at(56) as usize,
    );
    for index in 0..phnum {
        if u32_at(phoff + index * phentsize) == 3 {
            return Err("has a PT_INTERP program header: dynamically linked".into());
        }
    }
    Ok(())
}

/// A running `cargo fg serve`, killed when dropped.
pub struct Served {
    pub child: Child,
    pub url: String,
    /// What serve printed on standard output before it listened: the environment.
    pub printed: String,
}

impl Served {
    /// Starts `cargo fg serve <args>` on free ports and waits until it listens.
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        let mut all = vec!["serve", "--port", "0", "--api-port", "0"];
        all.extend_from_slice(args);
        let mut child = command(dir, &all)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start cargo fg serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut printed = String::new();
        // Ends when serve prints its address, or with the stream when serve exits.
        let url = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                printed.push_str(&line);
                printed.push('\n');
                line.strip_prefix("Listening on ").map(str::to_owned)
            });
        if let Some(url) = url {
            return Self {
                child,
                url,
                printed,
            };
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("cargo fg serve ended before listening:\n{printed}");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `POST`s `body` to `url`; returns the status line and the body.
pub fn post(url: &str, body: &[u8]) -> (String, String) {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(authority).expect("connect to serve");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the answer");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    (
        head.lines().next().unwrap_or_default().to_owned(),
        body.to_owned(),
    )
}
