//! `cargo fg invoke --deployed NAME`: the remote twin of `cargo fg invoke`. The event goes to the
//! deployed function through the management API (`.../invocations`, or `.../invocations-async`
//! with `--async`), signed as `deploy` signs; the answer's result, status, request id and log
//! tail are printed, and a function error gives exit status 1.

use anyhow::{Context as _, Result};
use clap::ArgMatches;
use serde_json::Value;
use ureq::http::Method;

use super::api::{Call, Client};
use super::credentials::Credentials;
use super::endpoints::{function_path, function_urn};
use super::options::{Location, Sources, check_name};
use crate::ui;

/// `cargo fg invoke --deployed NAME`, with the event already read.
pub(crate) fn run(matches: &ArgMatches, name: &str, event: &[u8]) -> Result<bool> {
    check_name("function name", name, 60, &[])?;
    let sources = Sources {
        matches,
        metadata: &Value::Null,
    };
    let location = Location::read(&sources)?;
    let credentials = Credentials::from_env()?;
    let client = Client::new(credentials, false);
    let project_id = super::project_id(&client, &location)?;
    let urn = function_urn(
        &location.region,
        &project_id,
        &location.function_package,
        name,
    );
    let asynchronous = matches.get_flag("async");
    let rest = if asynchronous {
        "/invocations-async"
    } else {
        "/invocations"
    };
    let mut call = Call::new(
        Method::POST,
        &location.endpoint,
        function_path(&project_id, &urn, rest),
    );
    call.body = Some(event.to_vec());
    if !asynchronous {
        // Ask for the log tail with the answer (docs/PLATFORM.md §2.6: the last bytes of the
        // function's log).
        call.headers
            .push(("X-Cff-Log-Type".to_owned(), "tail".to_owned()));
    }
    ui::status("Invoking", format!("{urn} ({})", location.endpoint));
    let reply = client.send(&call)?;
    let answer = reply.json()?;
    let request_id = answer["request_id"]
        .as_str()
        .map(str::to_owned)
        .or(reply.request_id.clone())
        .unwrap_or_else(|| "?".to_owned());
    if asynchronous {
        ui::status(
            "Accepted",
            format!("asynchronous invocation, request id {request_id}"),
        );
        return Ok(true);
    }
    let status = answer["status"]
        .as_u64()
        .or_else(|| answer["status"].as_str()?.parse().ok())
        .context("the invocation's answer has no status")?;
    match &answer["result"] {
        Value::String(result) => println!("{result}"),
        Value::Null => {}
        other => println!("{other}"),
    }
    if let Some(log) = answer["log"].as_str().filter(|l| !l.is_empty()) {
        eprintln!("--- log tail");
        eprintln!("{}", log.trim_end());
        eprintln!("---");
    }
    let succeeded = status == 200;
    ui::status(
        if succeeded { "Succeeded" } else { "Failed" },
        format!("status {status}, request id {request_id}"),
    );
    Ok(succeeded)
}
