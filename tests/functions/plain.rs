//! A function without the macros: `fg_runtime::run` (or `run_async` with `FG_TEST_ASYNC` set)
//! on a plain function. The event's `action` picks what it does: `echo` answers the name as
//! text, `json` a summary, `refuse` an error of its own type, `throttle` a `Diagnostic`,
//! `panic` panics.

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

fn main() -> ExitCode {
    match std::env::var("FG_TEST_ENTRY").as_deref() {
        Ok("async") => fg_runtime::run_async(handle_async),
        Ok("own-error") => fg_runtime::run(handle_refusing),
        _ => fg_runtime::run(handle),
    }
}
