//! Local mode: with `RUNTIME_API_ADDR` unset, run one invocation on an event from a file or
//! standard input, print the answer on standard output and exit 0 (response) or 1 (error
//! report). Logs go to standard error.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use crate::config::FunctionConfig;
use crate::constants::LOCAL_EVENT_VAR;
use crate::handler::{Handler, process};
use crate::invocation::{Headers, Invocation};

pub(crate) fn run<T, H>(handler: H, function: &Arc<FunctionConfig>) -> ExitCode
where
    H: Handler<T>,
{
    let body = match read_event(
        std::env::args_os().nth(1),
        std::env::var_os(LOCAL_EVENT_VAR),
    ) {
        Ok(body) => body,
        Err(message) => {
            eprintln!("fg: {message}");
            return ExitCode::from(2);
        }
    };
    let invocation = Invocation {
        request_id: format!("local-{}", std::process::id()),
        headers: Headers::default(),
        body: Arc::new(body),
        received_at: Instant::now(),
    };
    let outcome = process(&handler, &invocation, function);
    let mut stdout = std::io::stdout().lock();
    let (bytes, code) = match outcome {
        Ok(body) => (body, ExitCode::SUCCESS),
        Err(diagnostic) => (diagnostic.to_json(), ExitCode::FAILURE),
    };
    let written = stdout.write_all(&bytes).and_then(|()| {
        if std::io::stdout().is_terminal() {
            stdout.write_all(b"\n")?;
        }
        stdout.flush()
    });
    if let Err(e) = written {
        eprintln!("fg: could not write the answer to standard output: {e}");
        return ExitCode::from(2);
    }
    code
}

fn read_event(arg: Option<OsString>, env_file: Option<OsString>) -> Result<Vec<u8>, String> {
    let file = match arg {
        Some(a) if a == "-" => None,
        Some(a) if a.to_string_lossy().starts_with('-') => {
            return Err(format!(
                "unknown option {}; usage: <function> [EVENT_FILE | -]  (without RUNTIME_API_ADDR the function runs once on an event from EVENT_FILE, ${LOCAL_EVENT_VAR} or standard input)",
                a.to_string_lossy()
            ));
        }
        Some(a) => Some(a),
        None => env_file.filter(|f| !f.is_empty()),
    };
    if let Some(path) = file {
        return std::fs::read(&path)
            .map_err(|e| format!("cannot read the event file {}: {e}", path.to_string_lossy()));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!(
            "fg: local mode (RUNTIME_API_ADDR is not set): reading the event from standard input; end it with Ctrl-D, or pass an event file"
        );
    }
    let mut body = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read the event from standard input: {e}"))?;
    Ok(body)
}
