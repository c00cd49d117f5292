//! `cargo fg build`: the function as a statically linked Linux x86_64 executable named
//! `bootstrap`, the file FunctionGraph's custom runtime executes (docs/PLATFORM.md §2.1).
//!
//! Static linking uses the installed `x86_64-unknown-linux-gnu` target with
//! `-C target-feature=+crt-static`: glibc linked in, no dynamic loader, so the binary does not
//! depend on the platform's glibc version. Naming `--target` puts these builds in
//! `target/x86_64-unknown-linux-gnu/`, apart from normal builds (no rebuilds back and forth), and
//! keeps the flag away from build scripts and proc macros, which cannot be static.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};
use clap::ArgMatches;
use serde_json::Value;

use crate::elf::{self, Linkage};
use crate::project::{self, Function, Selection};
use crate::ui;

/// The one target FunctionGraph runs (x86_64 Linux) and this machine has installed.
pub(crate) const TARGET: &str = "x86_64-unknown-linux-gnu";
const STATIC_FLAG: &str = "-C target-feature=+crt-static";

/// A built `bootstrap`.
#[derive(Debug)]
pub(crate) struct Bootstrap {
    pub(crate) path: PathBuf,
    pub(crate) size: u64,
}

/// `cargo fg build`.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    let function = project::locate(&Selection::from_matches(matches))?;
    let bootstrap = build(&function, matches.get_flag("release"))?;
    println!("{}", bootstrap.path.display());
    Ok(true)
}

/// Builds `function` statically and copies the executable to
/// `target/fg/<profile>/<name>/bootstrap` (mode 755).
pub(crate) fn build(function: &Function, release: bool) -> Result<Bootstrap> {
    let mut command = Command::new(project::cargo());
    command
        .args(["build", "--target", TARGET])
        .args(["--message-format", "json-render-diagnostics"])
        .arg("--manifest-path")
        .arg(&function.manifest_path)
        .args(["--package", &function.package])
        .args(function.cargo_target_args())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if release {
        command.arg("--release");
    }
    let (variable, flags) = rustflags();
    command.env(variable, flags);
    let mut child = command.spawn().context("cannot run cargo build")?;
    let stdout = child
        .stdout
        .take()
        .context("cargo's output was not captured")?;
    let mut executable = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read cargo's output")?;
        if let Some(path) = artifact(&line, function) {
            executable = Some(path);
        }
    }
    let status = child.wait().context("cargo build did not finish")?;
    if !status.success() {
        bail!(
            "the build of `{}` failed ({status}); the compiler's messages are above",
            function.name()
        );
    }
    let executable = executable.with_context(|| {
        format!(
            "cargo built `{}` but named no executable for it",
            function.name()
        )
    })?;

    let dir = function.output_dir(release);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("bootstrap");
    // Copy to a name of our own and rename: a running function keeps its old file, and two
    // `cargo fg` runs never write into the same file.
    let partial = dir.join(format!(".bootstrap.{}.partial", std::process::id()));
    fs::copy(&executable, &partial).with_context(|| {
        format!(
            "cannot copy {} to {}",
            executable.display(),
            partial.display()
        )
    })?;
    make_executable(&partial)?;
    fs::rename(&partial, &path).with_context(|| format!("cannot write {}", path.display()))?;

    let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = bytes.len() as u64;
    match elf::linkage(&bytes) {
        Ok(Linkage::Static) => ui::status(
            "Built",
            format!(
                "{} ({}, statically linked)",
                relative(&path),
                ui::size(size)
            ),
        ),
        Ok(Linkage::Dynamic { interpreter }) => {
            ui::status("Built", format!("{} ({})", relative(&path), ui::size(size)));
            ui::warning(format!(
                "bootstrap is dynamically linked (interpreter {interpreter}), so it needs this \
                 machine's glibc on the platform; do RUSTFLAGS or .cargo/config.toml override \
                 `{STATIC_FLAG}`?"
            ));
        }
        Err(problem) => ui::warning(format!("bootstrap may not run on FunctionGraph: {problem}")),
    }
    Ok(Bootstrap { path, size })
}

/// The environment variable and value that add the static flag to what the user already set.
/// Setting `RUSTFLAGS` replaces `build.rustflags` from cargo's config files, so flags set there
/// must move to `RUSTFLAGS` to apply to these builds (documented in docs/DEPLOYMENT.md).
fn rustflags() -> (&'static str, String) {
    if let Ok(encoded) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        // This one wins over RUSTFLAGS in cargo; its flags are separated by 0x1f.
        let flags: Vec<&str> = encoded
            .split('\x1f')
            .filter(|f| !f.is_empty())
            .chain(STATIC_FLAG.split(' '))
            .collect();
        return ("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    }
    let flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    (
        "RUSTFLAGS",
        format!("{flags} {STATIC_FLAG}").trim().to_owned(),
    )
}

/// The executable of `function` if `line` is the cargo message that announces it.
fn artifact(line: &str, function: &Function) -> Option<PathBuf> {
    let message: Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" || message["target"]["name"] != function.name() {
        return None;
    }
    let kind = match function.cargo_target_args()[0] {
        "--example" => "example",
        _ => "bin",
    };
    let kinds = message["target"]["kind"].as_array()?;
    if !kinds.iter().any(|k| k == kind) {
        return None;
    }
    message["executable"].as_str().map(PathBuf::from)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    // The zip entry carries the mode (see package.rs); the local file needs none here.
    Ok(())
}

/// `path` relative to the current directory when it is below it, for shorter messages.
pub(crate) fn relative(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|dir| path.strip_prefix(dir).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}
