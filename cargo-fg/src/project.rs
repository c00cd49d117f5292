//! Which function a command acts on: the package in the current directory (or `--package`), and
//! its one binary or the target named by `--bin` / `--example`, found with `cargo metadata` as
//! cargo itself would pick them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::ArgMatches;
use serde_json::Value;

/// The cargo to run: the one that ran us (`$CARGO`), else `cargo` from `PATH`.
pub(crate) fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// What the user asked for with `--package`, `--bin`, `--example`.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    package: Option<String>,
    bin: Option<String>,
    example: Option<String>,
}

impl Selection {
    pub(crate) fn from_matches(matches: &ArgMatches) -> Self {
        let get = |name: &str| matches.get_one::<String>(name).cloned();
        Self {
            package: get("package"),
            bin: get("bin"),
            example: get("example"),
        }
    }
}

/// A binary or an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Bin(String),
    Example(String),
}

/// The function to build and run.
#[derive(Debug)]
pub(crate) struct Function {
    pub(crate) package: String,
    pub(crate) manifest_path: PathBuf,
    pub(crate) target_dir: PathBuf,
    pub(crate) target: Target,
    /// The event `invoke` sends when given none.
    pub(crate) default_event: Option<PathBuf>,
    /// The package's `[package.metadata]` table (`null` when absent); `deploy` reads its `fg`
    /// settings.
    pub(crate) metadata: Value,
}

impl Function {
    /// The target's name: the function's name in the emulator and in `target/fg/`.
    pub(crate) fn name(&self) -> &str {
        match &self.target {
            Target::Bin(name) | Target::Example(name) => name,
        }
    }

    /// `--bin NAME` or `--example NAME`, for cargo.
    pub(crate) fn cargo_target_args(&self) -> [&str; 2] {
        match &self.target {
            Target::Bin(name) => ["--bin", name],
            Target::Example(name) => ["--example", name],
        }
    }

    /// `target/fg/<profile>/<name>/`: where `build` and `package` put their results.
    pub(crate) fn output_dir(&self, release: bool) -> PathBuf {
        self.target_dir
            .join("fg")
            .join(if release { "release" } else { "debug" })
            .join(self.name())
    }
}

/// Finds the function the selection names, starting from the current directory.
pub(crate) fn locate(selection: &Selection) -> Result<Function> {
    let manifest = locate_manifest()?;
    let metadata = metadata(&manifest)?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let package = match &selection.package {
        Some(name) => packages
            .iter()
            .find(|p| p["name"] == name.as_str())
            .ok_or_else(|| {
                anyhow!(
                    "no package `{name}` in this workspace; its packages are: {}",
                    names(packages.iter().map(|p| &p["name"]))
                )
            })?,
        None => packages
            .iter()
            .find(|p| {
                p["manifest_path"]
                    .as_str()
                    .is_some_and(|m| same_file(m, &manifest))
            })
            .ok_or_else(|| {
                anyhow!(
                    "{} is a workspace without a package of its own: run cargo fg in the \
                     function's directory or name it with --package (one of: {})",
                    manifest.display(),
                    names(packages.iter().map(|p| &p["name"]))
                )
            })?,
    };
    let package_name = package["name"].as_str().unwrap_or_default().to_owned();
    let manifest_path = PathBuf::from(package["manifest_path"].as_str().unwrap_or_default());
    let manifest_dir = manifest_path
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let targets = package["targets"].as_array().cloned().unwrap_or_default();
    let of_kind = |kind: &str| -> Vec<String> {
        targets
            .iter()
            .filter(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == kind))
            })
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect()
    };
    let (bins, examples) = (of_kind("bin"), of_kind("example"));
    let target = if let Some(name) = &selection.example {
        if !examples.contains(name) {
            bail!(
                "package `{package_name}` has no example `{name}`; its examples are: {}",
                list(&examples)
            );
        }
        Target::Example(name.clone())
    } else if let Some(name) = &selection.bin {
        if !bins.contains(name) {
            bail!(
                "package `{package_name}` has no binary `{name}`; its binaries are: {}",
                list(&bins)
            );
        }
        Target::Bin(name.clone())
    } else {
        let default_run = package["default_run"].as_str();
        match (bins.as_slice(), default_run) {
            (_, Some(name)) => Target::Bin(name.to_owned()),
            ([only], None) => Target::Bin(only.clone()),
            ([], None) => bail!(
                "package `{package_name}` has no binary to run as a function: add src/main.rs \
                 (`cargo fg new` creates a function crate) or pick an example with --example \
                 NAME (one of: {})",
                list(&examples)
            ),
            (_, None) => bail!(
                "package `{package_name}` has several binaries; pick the function with --bin \
                 NAME (one of: {}) or --example NAME (one of: {})",
                list(&bins),
                list(&examples)
            ),
        }
    };
    let default_event = match &target {
        Target::Example(name) => Some(
            manifest_dir
                .join("examples/events")
                .join(format!("{name}.json")),
        )
        .filter(|path| path.is_file()),
        Target::Bin(_) => package["metadata"]["fg"]["event"]
            .as_str()
            .map(|event| manifest_dir.join(event)),
    };
    let target_dir = PathBuf::from(
        metadata["target_directory"]
            .as_str()
            .context("cargo metadata gave no target_directory")?,
    );
    Ok(Function {
        package: package_name,
        manifest_path,
        target_dir,
        target,
        default_event,
        metadata: package["metadata"].clone(),
    })
}

/// The manifest of the package around the current directory (`cargo locate-project`).
fn locate_manifest() -> Result<PathBuf> {
    let output = Command::new(cargo())
        .args(["locate-project", "--message-format", "plain"])
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!(
            "no Cargo.toml in the current directory or above: run cargo fg in a function crate \
             (`cargo fg new NAME` creates one)\n{}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    ))
}

/// `cargo metadata --no-deps` for the workspace of `manifest`.
fn metadata(manifest: &Path) -> Result<Value> {
    let output = Command::new(cargo())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--manifest-path",
        ])
        .arg(manifest)
        .stdin(Stdio::null())
        .output()
        .context("cannot run cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed for {}:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    serde_json::from_slice(&output.stdout)
        .context("cargo metadata printed something other than JSON")
}

fn same_file(a: impl AsRef<Path>, b: impl AsRef<Path>) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    a == b
        || a.canonicalize()
            .ok()
            .is_some_and(|a| b.canonicalize().ok() == Some(a))
}

fn names<'a>(values: impl Iterator<Item = &'a Value>) -> String {
    list(
        &values
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect::<Vec<_>>(),
    )
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
