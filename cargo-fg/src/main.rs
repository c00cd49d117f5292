//! `cargo fg`: the local developer loop for FunctionGraph functions written with fg. It creates
//! function crates, builds the statically linked `bootstrap` the platform runs, zips it, and runs
//! it against the runtime-API emulator of `fg_emulator`: once per call (`invoke`), as a
//! server for an IDE or debugger (`serve`), or on a replayed DIS stream (`replay dis`); and it
//! deploys them to FunctionGraph through the management API (`deploy`, `invoke --deployed`).

mod build;
mod cli;
mod deploy;
mod elf;
mod http;
mod invoke;
mod new;
mod package;
mod project;
mod replay;
#[cfg(test)]
mod repository_copies;
mod samples;
mod serve;
mod session;
mod settings;
mod ui;

use std::process::ExitCode;

/// Exit code when the function reported an error, timed out, crashed or failed batches.
const FUNCTION_FAILED: u8 = 1;
/// Exit code when `cargo fg` itself could not do its job: bad input, a failed build.
const TOOL_FAILED: u8 = 2;

fn main() -> ExitCode {
    let matches = cli::command().get_matches_from(cli::args());
    let Some(("fg", matches)) = matches.subcommand() else {
        unreachable!("clap requires the `fg` subcommand");
    };
    let result = match matches.subcommand() {
        Some(("new", m)) => new::run(m),
        Some(("build", m)) => build::run(m),
        Some(("package", m)) => package::run(m),
        Some(("deploy", m)) => deploy::run(m),
        Some(("invoke", m)) => invoke::run(m),
        Some(("serve", m)) => serve::run(m),
        Some(("replay", m)) => replay::run(m),
        _ => unreachable!("clap requires a known subcommand"),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(FUNCTION_FAILED),
        Err(e) => {
            ui::error(&e);
            ExitCode::from(TOOL_FAILED)
        }
    }
}
