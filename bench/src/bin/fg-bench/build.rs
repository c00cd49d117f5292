//! Part 5, the binary: size of `examples/dis` built with the recommended release profile (the
//! root Cargo.toml's, which strips symbols) as the `bootstrap` of a standalone project with the
//! README's dependencies — what a user deploys — and as the example in this workspace (where
//! the root package turns on every feature some example needs: `tracing`, `log`,
//! `container`); and how long clean release builds of both take (the workspace example also
//! builds the root package's dev-dependencies, trybuild among them).

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::stats::round;

fn cargo(dir: &Path, args: &[&str], target_dir: &Path) -> io::Result<()> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .arg("--target-dir")
        .arg(target_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()?;
    if output.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "cargo {} failed in {}:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

/// Builds in a fresh target directory; returns the seconds taken and the binary's size.
fn clean_build(dir: &Path, args: &[&str], target_dir: &Path, binary: &str) -> io::Result<Value> {
    let _ = std::fs::remove_dir_all(target_dir);
    eprintln!(
        "  clean build: cargo {} in {}",
        args.join(" "),
        dir.display()
    );
    let start = Instant::now();
    cargo(dir, args, target_dir)?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(target_dir.join(binary))?.len();
    let _ = std::fs::remove_dir_all(target_dir);
    Ok(json!({ "seconds": round(secs), "bytes": bytes }))
}

/// The `[profile.release]` table of the root Cargo.toml, verbatim.
fn release_profile(root: &Path) -> io::Result<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let start = manifest
        .find("[profile.release]")
        .ok_or_else(|| io::Error::other("no [profile.release] in the root Cargo.toml"))?;
    let rest = &manifest[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
    Ok(rest[..end].to_owned())
}

/// A project outside the workspace: `bootstrap` = `examples/dis.rs`, the README's dependencies,
/// the recommended profile, this workspace's lock file (so the same versions are built).
fn user_project(root: &Path, dir: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src"))?;
    let path = |krate: &str| root.join(krate).display().to_string().replace('\\', "/");
    let manifest = format!(
        r#"[package]
name = "bootstrap"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
fg-runtime = {{ path = "{}" }}
fg-events = {{ path = "{}" }}
serde = {{ version = "1", features = ["derive"] }}

[workspace]

{}
"#,
        path("fg-runtime"),
        path("fg-events"),
        release_profile(root)?
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("examples/dis.rs"), dir.join("src/main.rs"))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(())
}

/// `root` is the workspace, `release` the target directory's `release` folder (where the
/// bench binaries are).
pub(crate) fn run(root: &Path, release: &Path, clean_builds: bool) -> io::Result<Value> {
    let mut result = Map::new();
    let example = ["build", "--release", "--example", "dis"];
    if clean_builds {
        let dir = release.with_file_name("fg-bench-clean");
        result.insert(
            "clean_build_example".into(),
            clean_build(root, &example, &dir, "release/examples/dis")?,
        );
        let project = release.with_file_name("fg-bench-user-project");
        user_project(root, &project)?;
        result.insert(
            "clean_build_user_project".into(),
            clean_build(
                &project,
                &["build", "--release"],
                &project.join("target"),
                "release/bootstrap",
            )?,
        );
        let _ = std::fs::remove_dir_all(&project);
    }
    // The bench's own target dir (up to date after `run.sh`'s build, else built here).
    let target_dir = release
        .parent()
        .ok_or_else(|| io::Error::other("no target directory"))?;
    cargo(root, &example, target_dir)?;
    let size = std::fs::metadata(release.join("examples/dis"))?.len();
    result.insert("workspace_bytes".into(), json!(size));
    result.insert("workspace_kib".into(), json!(round(size as f64 / 1024.0)));
    // The user's project keeps its target dir between runs (only the clean build above starts
    // from nothing).
    let project = release.with_file_name("fg-bench-user-project");
    user_project(root, &project)?;
    let project_target = release.with_file_name("fg-bench-user-project-target");
    cargo(&project, &["build", "--release"], &project_target)?;
    let size = std::fs::metadata(project_target.join("release/bootstrap"))?.len();
    result.insert("bytes".into(), json!(size));
    result.insert("kib".into(), json!(round(size as f64 / 1024.0)));
    Ok(Value::Object(result))
}
