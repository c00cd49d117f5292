//! `cargo fg invoke`: build the function, run it against the emulator on one event (or the same
//! event N times, warm), print what it answered. One-shot and non-interactive, so it serves CI:
//! the exit status says whether the function succeeded.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use clap::ArgMatches;
use fg_emulator::{Answer, Event};

use crate::build::{self, relative};
use crate::project::{self, Selection, Target};
use crate::session::{Outcome, Output, Session};
use crate::settings::Settings;
use crate::{http, samples, ui};

/// An event to send and where it came from.
struct Source {
    body: Vec<u8>,
    label: String,
    /// The sample's trigger, when the event is a sample.
    trigger: Option<String>,
}

/// Placeholder credentials for `--credentials`: recognisable, never real.
const PLACEHOLDER_CREDENTIALS: [(&str, &str); 4] = [
    ("X-CFF-Security-Access-Key", "FG-PLACEHOLDER-ACCESS-KEY"),
    ("X-CFF-Security-Secret-Key", "FG-PLACEHOLDER-SECRET-KEY"),
    ("X-CFF-Security-Token", "FG-PLACEHOLDER-SECURITY-TOKEN"),
    ("X-CFF-Auth-Token", "FG-PLACEHOLDER-AUTH-TOKEN"),
];

/// The extra headers of the event reply: `--credentials` and every `--header NAME=VALUE`.
fn event_headers(matches: &ArgMatches) -> Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    if matches.get_flag("credentials") {
        headers.extend(
            PLACEHOLDER_CREDENTIALS
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
    }
    for given in matches.get_many::<String>("header").into_iter().flatten() {
        let (name, value) = given
            .split_once('=')
            .with_context(|| format!("--header {given:?}: expected NAME=VALUE"))?;
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            bail!("--header {given:?}: the name must be letters, digits and '-'");
        }
        if value.bytes().any(|b| b == b'\r' || b == b'\n') {
            bail!("--header {given:?}: the value must be a single line");
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(headers)
}

/// `cargo fg invoke`.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    // Read the event first: a missing file is reported before anything is built.
    let given = given_event(matches)?;
    let headers = event_headers(matches)?;
    let asynchronous = matches.get_flag("async");
    if let Some(name) = matches.get_one::<String>("deployed") {
        let source =
            given.context("--deployed needs the event: pass --event FILE or --sample TRIGGER")?;
        return crate::deploy::invoke_deployed(matches, name, &source.body);
    }
    if let Some(url) = matches.get_one::<String>("remote") {
        let source =
            given.context("--remote needs the event: pass --event FILE or --sample TRIGGER")?;
        return remote(url, &source, asynchronous);
    }
    let function = project::locate(&Selection::from_matches(matches))?;
    let source = match given {
        Some(source) => source,
        None => match (&function.default_event, &function.target) {
            (Some(path), _) => read_event(path)?,
            // This repository's examples are named after their trigger, whose sample is the
            // example's event.
            (None, Target::Example(name)) if samples::get(name).is_some() => sample_source(name)?,
            (None, _) => bail!(
                "no event for `{}`: pass --event FILE or --sample TRIGGER (or set \
                 package.metadata.fg.event in Cargo.toml)",
                function.name()
            ),
        },
    };
    let bootstrap = build::build(&function, matches.get_flag("release"))?;
    let settings = Settings::from_matches(matches, function.name())?;
    let mut session = Session::new(Some(bootstrap.path), &settings, Output::Stderr, 0)?;
    session.start()?;
    ui::status(
        "Started",
        format!(
            "{} (cold start {}, timeout {} s, {} MB)",
            function.name(),
            session
                .cold_start()
                .map_or_else(|| "?".to_owned(), ui::duration),
            settings.timeout.as_secs(),
            settings.memory_mb
        ),
    );
    if !asynchronous
        && source
            .trigger
            .as_deref()
            .is_some_and(samples::is_asynchronous)
    {
        ui::status(
            "Note",
            "this trigger invokes asynchronously on the platform: add --async to do the same",
        );
    }
    let times = matches.get_one::<u32>("times").copied().unwrap_or(1);
    let mut failures = 0;
    let mut durations = Vec::new();
    for round in 1..=times {
        let label = if times > 1 {
            format!("#{round} {}", source.label)
        } else {
            source.label.clone()
        };
        ui::status("Invoking", format!("{} with {label}", function.name()));
        let mut event = Event::new(source.body.clone());
        if asynchronous {
            event = event.asynchronous();
        }
        for (name, value) in &headers {
            event = event.header(name.clone(), value.clone());
        }
        match session.invoke(event)? {
            Outcome::Answered { answer, took } => {
                durations.push(took);
                if !report_answer(&answer, took, asynchronous) {
                    failures += 1;
                }
            }
            Outcome::TimedOut { after } => {
                failures += 1;
                ui::status(
                    "Timed out",
                    format!(
                        "no answer within {} s (the function's timeout, --timeout): the \
                         platform stops the instance and reports a timeout",
                        after.as_secs()
                    ),
                );
            }
            Outcome::Exited { status } => {
                failures += 1;
                ui::status(
                    "Crashed",
                    format!("the function exited ({status}) during the invocation"),
                );
            }
            Outcome::NotTaken => unreachable!("invoke starts the function itself"),
        }
    }
    if times > 1 {
        summarise(times, failures, &mut durations);
    }
    Ok(failures == 0)
}

/// `--event FILE` or `--sample TRIGGER`, if given.
fn given_event(matches: &ArgMatches) -> Result<Option<Source>> {
    if let Some(path) = matches.get_one::<String>("event") {
        return read_event(&PathBuf::from(path)).map(Some);
    }
    if let Some(name) = matches.get_one::<String>("sample") {
        return sample_source(name).map(Some);
    }
    Ok(None)
}

fn sample_source(name: &str) -> Result<Source> {
    let body = samples::get(name).with_context(|| format!("no sample named `{name}`"))?;
    Ok(Source {
        body: body.as_bytes().to_vec(),
        label: format!("the {name} sample"),
        trigger: Some(name.to_owned()),
    })
}

fn read_event(path: &PathBuf) -> Result<Source> {
    let body = std::fs::read(path)
        .with_context(|| format!("cannot read the event file `{}`", path.display()))?;
    Ok(Source {
        body,
        label: relative(path),
        trigger: None,
    })
}

/// Prints an answer: the body on standard output, a status line on standard error. Returns
/// whether it was a success.
fn report_answer(answer: &Answer, took: Duration, asynchronous: bool) -> bool {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&answer.body);
    if !answer.body.is_empty() && !answer.body.ends_with(b"\n") {
        let _ = stdout.write_all(b"\n");
    }
    let _ = stdout.flush();
    if answer.is_response() {
        let detail = if answer.body.is_empty() && asynchronous {
            "an empty body, as for every asynchronous invocation".to_owned()
        } else {
            ui::size(answer.body.len() as u64)
        };
        ui::status("Response", format!("{detail} in {}", ui::duration(took)));
        true
    } else {
        ui::status(
            "Error",
            format!("{} (after {})", error_summary(answer), ui::duration(took)),
        );
        false
    }
}

/// `errorType: errorMessage` of an error report, or its text.
pub(crate) fn error_summary(answer: &Answer) -> String {
    let json = answer.json().unwrap_or_default();
    match (json["errorType"].as_str(), json["errorMessage"].as_str()) {
        (Some(kind), Some(message)) => format!("{kind}: {message}"),
        _ => format!("error report {}", answer.text()),
    }
}

fn summarise(times: u32, failures: u32, durations: &mut [Duration]) {
    durations.sort_unstable();
    ui::status(
        "Finished",
        format!(
            "{times} invocations, {failures} failed; latency p50 {}, p99 {}",
            ui::percentile_text(durations, 0.50),
            ui::percentile_text(durations, 0.99)
        ),
    );
}

/// `invoke --remote`: the event goes to a running `cargo fg serve`.
fn remote(url: &str, source: &Source, asynchronous: bool) -> Result<bool> {
    http::check_url(url)?;
    let mut headers = Vec::new();
    if asynchronous {
        headers.push(("X-CFF-Invoke-Type", "async"));
    }
    ui::status("Invoking", format!("{url} with {}", source.label));
    // Long enough for the longest timeout the platform allows and the server's own answer.
    let response = http::post(
        url,
        &headers,
        &source.body,
        Duration::from_secs(259_200 + 60),
    )?;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&response.body);
    if !response.body.is_empty() && !response.body.ends_with(b"\n") {
        let _ = stdout.write_all(b"\n");
    }
    let _ = stdout.flush();
    let outcome = response
        .header("x-fg-outcome")
        .unwrap_or("unknown")
        .to_owned();
    let took = response.header("x-fg-duration-ms").unwrap_or("?");
    match response.status {
        200 => {
            ui::status(
                "Response",
                format!("{} in {took} ms", ui::size(response.body.len() as u64)),
            );
            Ok(true)
        }
        404 => bail!("{url} is not the /invoke endpoint of `cargo fg serve`"),
        status => {
            ui::status("Error", format!("{outcome} (HTTP {status})"));
            Ok(false)
        }
    }
}
