//! `cargo fg package`: the deployment zip. FunctionGraph unpacks it and executes `bootstrap`
//! from its root, so the entry sits at the root and carries the executable bit in its Unix mode
//! (0o755); a zip made on a machine that loses the mode gives a function that cannot start
//! (docs/PLATFORM.md §2.1).

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::ArgMatches;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::build::{self, relative};
use crate::project::{self, Function, Selection};
use crate::ui;

/// `cargo fg package`.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    let function = project::locate(&Selection::from_matches(matches))?;
    let release = matches.get_flag("release");
    let output = matches.get_one::<String>("output").map(PathBuf::from);
    let packaged = package(&function, release, output)?;
    println!("{}", packaged.path.display());
    Ok(true)
}

/// A written deployment zip.
#[derive(Debug)]
pub(crate) struct Packaged {
    pub(crate) path: PathBuf,
}

/// Builds `function` and writes its zip to `output` (default:
/// `target/fg/<profile>/<name>/<name>.zip`): what `cargo fg package` does, and what
/// `cargo fg deploy` uploads.
pub(crate) fn package(
    function: &Function,
    release: bool,
    output: Option<PathBuf>,
) -> Result<Packaged> {
    let bootstrap = build::build(function, release)?;
    let zip_path = output.unwrap_or_else(|| {
        function
            .output_dir(release)
            .join(format!("{}.zip", function.name()))
    });
    write_zip(&bootstrap.path, &zip_path)?;
    let size = fs::metadata(&zip_path)
        .with_context(|| format!("cannot read {}", zip_path.display()))?
        .len();
    ui::status(
        "Packaged",
        format!(
            "{} ({}; bootstrap {}{})",
            relative(&zip_path),
            ui::size(size),
            ui::size(bootstrap.size),
            if release {
                ""
            } else {
                ", a debug build: use --release to deploy"
            }
        ),
    );
    Ok(Packaged { path: zip_path })
}

/// Writes a zip holding `bootstrap` (deflated, mode 0o755) at its root. Entries carry the zip
/// format's default time stamp (1980-01-01), so the same binary gives the same zip.
fn write_zip(bootstrap: &Path, zip_path: &Path) -> Result<()> {
    if let Some(dir) = zip_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let file =
        File::create(zip_path).with_context(|| format!("cannot create {}", zip_path.display()))?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o755);
    zip.start_file("bootstrap", options)
        .context("cannot start the zip entry")?;
    let mut input =
        File::open(bootstrap).with_context(|| format!("cannot read {}", bootstrap.display()))?;
    io::copy(&mut input, &mut zip)
        .with_context(|| format!("cannot write {}", zip_path.display()))?;
    let writer = zip
        .finish()
        .with_context(|| format!("cannot finish {}", zip_path.display()))?;
    writer
        .into_inner()
        .map_err(io::IntoInnerError::into_error)
        .with_context(|| format!("cannot write {}", zip_path.display()))?;
    Ok(())
}
