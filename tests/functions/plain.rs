//! A function without the macros: `fg_runtime::run` on a plain function, or another entry point
//! as `FG_TEST_ENTRY` says (`async`, `own-error`, and with a state: `state-async-init` for
//! `run_with_state` given an `async fn` init, `async-state-sync-init` for
//! `run_async_with_state` given a sync one, `state-failing-init`). The event's `action` picks
//! what it does: `echo` answers the name as text, `json` a summary, `refuse` an error of its
//! own type, `throttle` a `Diagnostic`, `panic` panics.

use std::fmt;
use std::process::ExitCode;

use fg_runtime::{Context, Diagnostic};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Command {
    action: String,
    name: String,
}

#[derive(Serialize)]
struct Summary {
    name: String,
    request_id: String,
}

#[derive(Debug)]
enum Refused {
    Name(String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self::Name(name) = self;
        write!(f, "{name} is not allowed")
    }
}

/// What both handlers answer: the action's outcome as text or JSON.
enum Answer {
    Text(String),
    Json(Summary),
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Json(summary) => summary.serialize(serializer),
        }
    }
}

fn act(command: Command, ctx: &Context) -> Result<Result<Answer, Refused>, Diagnostic> {
    match command.action.as_str() {
        "json" => Ok(Ok(Answer::Json(Summary {
            name: command.name,
            request_id: ctx.request_id().to_owned(),
        }))),
        "refuse" => Ok(Err(Refused::Name(command.name))),
        "throttle" => Err(Diagnostic::new("Throttled", "slow down")),
        "panic" => panic!("plain panic for {}", command.name),
        _ => Ok(Ok(Answer::Text(command.name))),
    }
}

fn handle(command: Command, ctx: &Context) -> Result<String, Diagnostic> {
    match act(command, ctx)? {
        Ok(Answer::Text(text)) => Ok(text),
        Ok(json) => serde_json::to_string(&json).map_err(|e| Diagnostic::new("Bug", e.to_string())),
        Err(refused) => Err(Diagnostic::from_display(&refused)),
    }
}

fn handle_refusing(command: Command, ctx: &Context) -> Result<serde_json::Value, Refused> {
    match act(command, ctx) {
        Ok(Ok(answer)) => Ok(serde_json::to_value(answer).unwrap_or_default()),
        Ok(Err(refused)) => Err(refused),
        Err(diagnostic) => Err(Refused::Name(diagnostic.error_message)),
    }
}

async fn handle_async(command: Command, ctx: &Context) -> Result<String, Diagnostic> {
    handle(command, ctx)
}

/// The state the entry points with a state build: a greeting put before every text answer.
struct Greeting(String);

async fn greet_later() -> Result<Greeting, std::io::Error> {
    Ok(Greeting("hello from async init, ".into()))
}

fn greet_now() -> Result<Greeting, String> {
    Ok(Greeting("hello from sync init, ".into()))
}

fn refuse_to_greet() -> Result<Greeting, String> {
    Err("no greeting today".into())
}

fn handle_greeting(
    command: Command,
    ctx: &Context,
    greeting: &Greeting,
) -> Result<String, Diagnostic> {
    handle(command, ctx).map(|text| format!("{}{text}", greeting.0))
}

async fn handle_greeting_async(
    command: Command,
    ctx: &Context,
    greeting: &Greeting,
) -> Result<String, Diagnostic> {
    handle_greeting(command, ctx, greeting)
}

fn main() -> ExitCode {
    match std::env::var("FG_TEST_ENTRY").as_deref() {
        Ok("async") => fg_runtime::run_async(handle_async),
        Ok("own-error") => fg_runtime::run(handle_refusing),
        Ok("state-async-init") => fg_runtime::run_with_state(greet_later, handle_greeting),
        Ok("async-state-sync-init") => {
            fg_runtime::run_async_with_state(greet_now, handle_greeting_async)
        }
        Ok("state-failing-init") => fg_runtime::run_with_state(refuse_to_greet, handle_greeting),
        _ => fg_runtime::run(handle),
    }
}
