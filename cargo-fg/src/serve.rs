//! `cargo fg serve`: the emulator as a long-running server. The emulator serves the runtime API
//! to the function (started here, or by the user from an IDE or debugger with the printed
//! environment); a small HTTP front end on its own port takes `POST /invoke` with an event,
//! pushes it into the emulator and answers with the function's answer.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::ArgMatches;
use fg_emulator::Event;

use crate::build;
use crate::http::{self, Message};
use crate::project::{self, Selection};
use crate::session::{Outcome, Output, Session};
use crate::settings::Settings;
use crate::ui;

/// How long a client may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// `cargo fg serve`; runs until killed.
pub(crate) fn run(matches: &ArgMatches) -> Result<bool> {
    let run_function = !matches.get_flag("no-run");
    let selection = Selection::from_matches(matches);
    let (name, program) = if run_function {
        let function = project::locate(&selection)?;
        let bootstrap = build::build(&function, matches.get_flag("release"))?;
        (function.name().to_owned(), Some(bootstrap.path))
    } else {
        // The name only labels the function; outside a crate any will do.
        let name = project::locate(&selection)
            .map_or_else(|_| "function".to_owned(), |f| f.name().to_owned());
        (name, None)
    };
    let settings = Settings::from_matches(matches, &name)?;
    let port = matches.get_one::<u16>("port").copied().unwrap_or(9000);
    let api_port = matches.get_one::<u16>("api-port").copied().unwrap_or(9001);
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port} (in use? choose another with --port)")
    })?;
    let invoke_url = format!("http://{}/invoke", listener.local_addr()?);
    let mut session = Session::new(program, &settings, Output::Stderr, api_port)
        .context("choose another port with --api-port")?;

    println!("Environment of the function (to run it yourself, e.g. from a debugger):");
    for (key, value) in session.environment() {
        println!("  {key}={value}");
    }
    println!("Invoke it:");
    println!("  curl --data-binary @event.json {invoke_url}");
    println!("  cargo fg invoke --remote {invoke_url} --event event.json");
    if run_function {
        session.start()?;
        ui::status(
            "Started",
            format!(
                "{name} (cold start {})",
                session
                    .cold_start()
                    .map_or_else(|| "?".to_owned(), ui::duration)
            ),
        );
    } else {
        ui::status(
            "Waiting",
            format!(
                "for your function on RUNTIME_API_ADDR={}",
                session.api_addr()
            ),
        );
    }
    // The line scripts and tests wait for: everything is ready once it is printed.
    println!("Listening on {invoke_url}");
    let _ = std::io::stdout().flush();

    let session = Arc::new(Mutex::new(session));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let session = Arc::clone(&session);
        let _ = thread::Builder::new()
            .name("fg-serve".into())
            .spawn(move || handle(stream, &session));
    }
    Ok(true)
}

fn handle(mut stream: TcpStream, session: &Mutex<Session>) {
    let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
    let request = match http::read_request(&mut stream) {
        Ok(Some(request)) => request,
        Ok(None) => return,
        Err(e) => {
            // Bad input is answered (400, 408, 413, 431); a connection that stayed silent is
            // closed.
            if let Some(status) = e.status() {
                let _ = reply_json(&mut stream, status, "BadRequest", &e.to_string(), &[]);
            }
            return;
        }
    };
    let path = request.path.split('?').next().unwrap_or_default();
    // A client that went away gets no answer; nothing else to do about it.
    let _ = match (request.method.as_str(), path) {
        ("POST", "/invoke") => invoke(&mut stream, session, &request),
        ("GET", "/") => http::write_response(
            &mut stream,
            200,
            &[("Content-Type", "text/plain".into())],
            b"cargo fg serve: POST an event to /invoke\n",
        ),
        _ => reply_json(
            &mut stream,
            404,
            "NotFound",
            "cargo fg serve answers POST /invoke only",
            &[],
        ),
    };
}

fn invoke(
    stream: &mut TcpStream,
    session: &Mutex<Session>,
    request: &Message,
) -> std::io::Result<()> {
    let mut event = Event::new(request.body.clone());
    // The platform's headers pass through: X-CFF-Invoke-Type: async, credentials, ids.
    for (name, value) in &request.headers {
        if name.to_ascii_lowercase().starts_with("x-cff-") {
            event = event.header(name.clone(), value.clone());
        }
    }
    let query = request.path.split_once('?').map_or("", |(_, q)| q);
    if query.split('&').any(|p| p == "async" || p == "async=true") && !event_is_async(request) {
        event = event.asynchronous();
    }
    // One instance serves one event at a time, as on the platform; others wait their turn.
    let outcome = session
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .invoke(event);
    match outcome {
        Ok(Outcome::Answered { answer, took }) => {
            let ms = format!("{:.3}", took.as_secs_f64() * 1000.0);
            let (status, kind) = if answer.is_response() {
                (200, "response")
            } else {
                (500, "error")
            };
            ui::status(
                "Invoked",
                format!(
                    "{kind} ({}) in {}",
                    ui::size(answer.body.len() as u64),
                    ui::duration(took)
                ),
            );
            let content_type = if answer.json().is_some() {
                "application/json"
            } else {
                "application/octet-stream"
            };
            http::write_response(
                stream,
                status,
                &[
                    ("Content-Type", content_type.into()),
                    ("X-Cff-Request-Id", answer.request_id.clone()),
                    ("X-Fg-Outcome", kind.into()),
                    ("X-Fg-Duration-Ms", ms),
                ],
                &answer.body,
            )
        }
        Ok(Outcome::TimedOut { after }) => {
            let message = format!(
                "the function did not answer within {} s; it was stopped and starts again for \
                 the next event",
                after.as_secs()
            );
            ui::status("Timed out", &message);
            reply_json(
                stream,
                504,
                "FunctionTimeout",
                &message,
                &[("X-Fg-Outcome", "timeout")],
            )
        }
        Ok(Outcome::Exited { status }) => {
            let message = format!("the function exited ({status}) during the invocation");
            ui::status("Crashed", &message);
            reply_json(
                stream,
                502,
                "FunctionExited",
                &message,
                &[("X-Fg-Outcome", "crashed")],
            )
        }
        Ok(Outcome::NotTaken) => reply_json(
            stream,
            504,
            "NoFunction",
            "no function took the event: start it with the environment cargo fg serve printed",
            &[("X-Fg-Outcome", "not-taken")],
        ),
        Err(e) => {
            ui::error(&e);
            reply_json(
                stream,
                503,
                "FunctionUnavailable",
                &format!("{e:#}"),
                &[("X-Fg-Outcome", "unavailable")],
            )
        }
    }
}

fn event_is_async(request: &Message) -> bool {
    request
        .header("x-cff-invoke-type")
        .is_some_and(|v| v.eq_ignore_ascii_case("async"))
}

fn reply_json(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    message: &str,
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let body = serde_json::json!({"errorType": kind, "errorMessage": message}).to_string();
    let mut headers = vec![("Content-Type", "application/json".to_owned())];
    headers.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    http::write_response(stream, status, &headers, body.as_bytes())
}
