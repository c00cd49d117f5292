//! `cargo fg deploy` and `cargo fg invoke --deployed`: from a function crate to a running
//! FunctionGraph function through the management API (docs/PLATFORM.md §14.2), signed with
//! the user's access keys (docs/PLATFORM.md §14.3), and back to it for an invocation.
//!
//! The data path: [`options`] (what was asked, checked) → the zip `cargo fg package --release`
//! builds → [`credentials`] and the project id → [`flow`] (the calls, through [`api`], signed by
//! [`signer`], addressed by [`endpoints`], with bodies from [`plan`]) → [`output`].

mod api;
mod credentials;
mod endpoints;
mod flow;
mod invoke;
mod options;
mod output;
mod plan;
mod signer;

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use base64::Engine as _;
use clap::ArgMatches;
use serde_json::Value;
use sha2::{Digest, Sha512};
use ureq::http::Method;

use crate::package;
use crate::project::{self, Selection};
use crate::ui;
use api::{Call, Client};
use credentials::Credentials;
use options::{DeployOptions, Location, Sources};

pub(crate) use invoke::run as invoke_deployed;

/// The API's inline upload limit (`FSS.1071`, docs/PLATFORM.md §14.2).
const MAX_ZIP_BYTES: u64 = 50 * 1024 * 1024;

/// `cargo fg deploy`. Errors before anything changed are returned (exit status 2); a failure
/// part-way is reported here, with what was done and what was not, and gives `Ok(false)`
/// (exit status 1).
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    let json = matches
        .get_one::<String>("output")
        .is_some_and(|o| o == "json");
    let dry_run = matches.get_flag("dry-run");
    let prebuilt = matches.get_one::<String>("zip").map(PathBuf::from);
    // With --zip nothing is built; the crate's settings are still read when there is one.
    let selection = Selection::from_matches(matches);
    let function = match &prebuilt {
        Some(_) => project::locate(&selection).ok(),
        None => Some(project::locate(&selection)?),
    };
    let metadata = function
        .as_ref()
        .map_or(Value::Null, |f| f.metadata["fg"].clone());
    let sources = Sources {
        matches,
        metadata: &metadata,
    };
    let options = DeployOptions::read(&sources, function.as_ref().map(|f| f.name()))?;
    let credentials = Credentials::from_env()?;
    let zip_path = match (&prebuilt, &function) {
        (Some(path), _) => path.clone(),
        (None, Some(function)) => package::package(function, true, None)?.path,
        (None, None) => unreachable!("without --zip, a function was located or `?` returned"),
    };
    let code = read_code(&zip_path)?;
    let client = Client::new(credentials, matches.get_flag("verbose"));
    let project_id = project_id(&client, &options.location)?;
    let deploy = flow::Deploy::new(&client, &options, project_id, dry_run);
    match deploy.run(&code) {
        Ok(report) => {
            report.print(json);
            Ok(true)
        }
        Err(failure) if failure.changed_something() => {
            ui::error(&anyhow::anyhow!("the deploy stopped part-way: {failure}"));
            Ok(false)
        }
        Err(failure) => bail!("{failure}"),
    }
}

/// The zip, checked against the inline limit before anything is sent.
fn read_code(path: &PathBuf) -> Result<flow::Code> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_ZIP_BYTES {
        bail!(
            "{} is {} ({size} bytes); the API takes zips of at most 50 MB inline (FSS.1071). \
             Nothing was sent: make the binary smaller (docs/PERFORMANCE.md) or upload the zip \
             to OBS and create the function from there",
            path.display(),
            ui::size(size)
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(flow::Code {
        base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
        size: bytes.len() as u64,
        sha512: hex::encode(Sha512::digest(&bytes)),
    })
}

/// The project id: given (option or environment), else asked from IAM by region name.
fn project_id(client: &Client, location: &Location) -> Result<String> {
    if let Some(id) = &location.project_id {
        return Ok(id.clone());
    }
    let mut call = Call::new(
        Method::GET,
        &location.iam_endpoint,
        "/v3/projects".to_owned(),
    );
    call.query
        .push(("name".to_owned(), location.region.clone()));
    let reply = client.send(&call).with_context(|| {
        format!(
            "cannot ask IAM ({}) for the project id of region {}: pass --project-id or set \
             HUAWEICLOUD_SDK_PROJECT_ID (or OS_PROJECT_ID); nothing was changed",
            location.iam_endpoint, location.region
        )
    })?;
    let answer = reply.json()?;
    answer["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == location.region.as_str())
        .and_then(|p| p["id"].as_str())
        .map(str::to_owned)
        .with_context(|| {
            format!(
                "IAM knows no project named {} for these keys: pass --project-id; nothing was \
                 changed",
                location.region
            )
        })
}
