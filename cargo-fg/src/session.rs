//! One function instance and the emulated runtime API it talks to, as the platform runs it: the
//! process is started with the platform's environment, gets one event at a time, and is stopped
//! when an invocation outlives the timeout; a crashed or stopped instance is started again for
//! the next event. `invoke`, `serve` and `replay` all invoke through [`Session::invoke`].

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use fg_emulator::{Answer, Emulator, Event};

use crate::settings::Settings;

/// How long a started function may take to ask for its first event.
const STARTUP_LIMIT: Duration = Duration::from_secs(10);
/// How often a wait checks whether the function process is still alive.
const CHECK_EVERY: Duration = Duration::from_millis(50);
/// How long an event may wait for a function started by someone else (`serve --no-run`).
const PICKUP_LIMIT: Duration = Duration::from_secs(60);
/// How often in a row a function may exit before taking an event before we give up.
const MAX_EARLY_EXITS: u32 = 3;
/// Seconds a function keeps retrying a runtime API that went away (fg's
/// `FG_API_UNREACHABLE_TIMEOUT`): short, so that it ends soon after `cargo fg` does.
const ORPHAN_TIMEOUT: &str = "5";

/// Where the function's standard output and error go.
#[derive(Clone, Debug)]
pub(crate) enum Output {
    /// Our standard error: its logs appear as it writes them.
    Stderr,
    /// A file, appended to.
    File(PathBuf),
}

/// How an invocation ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The function posted a response or an error report.
    Answered { answer: Answer, took: Duration },
    /// No answer within the timeout: the function was stopped, as the platform stops it.
    TimedOut { after: Duration },
    /// The function process ended while it held the event.
    Exited { status: ExitStatus },
    /// Nobody took the event (`serve --no-run` with no function running).
    NotTaken,
}

/// A function instance and its emulator.
#[derive(Debug)]
pub(crate) struct Session {
    emulator: Emulator,
    /// The `bootstrap` to start; `None` when the user runs the function (`serve --no-run`).
    program: Option<PathBuf>,
    environment: Vec<(String, String)>,
    output: Output,
    child: Option<Child>,
    /// From exec to the first poll of the latest start.
    cold_start: Option<Duration>,
    starts: u32,
}

impl Session {
    /// Starts the emulator (on `api_port` of 127.0.0.1, 0 for any) with the function's
    /// timeout; the function itself starts on the first invocation or [`Self::start`].
    pub(crate) fn new(
        program: Option<PathBuf>,
        settings: &Settings,
        output: Output,
        api_port: u16,
    ) -> Result<Self> {
        let emulator =
            Emulator::start_at(([127, 0, 0, 1], api_port).into()).with_context(|| {
                format!("cannot start the runtime-API emulator on 127.0.0.1:{api_port}")
            })?;
        emulator.set_timeout(Some(settings.timeout));
        let code_root = program.as_deref().and_then(Path::parent).map_or_else(
            || "/opt/function/code".to_owned(),
            |dir| dir.display().to_string(),
        );
        let environment = settings.environment(&emulator.runtime_api_addr(), &code_root);
        if let Output::File(path) = &output {
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        }
        Ok(Self {
            emulator,
            program,
            environment,
            output,
            child: None,
            cold_start: None,
            starts: 0,
        })
    }

    /// The environment the function runs with.
    pub(crate) fn environment(&self) -> &[(String, String)] {
        &self.environment
    }

    /// `RUNTIME_API_ADDR`.
    pub(crate) fn api_addr(&self) -> String {
        self.emulator.runtime_api_addr()
    }

    /// The time from exec to the first request for an event, of the latest start.
    pub(crate) fn cold_start(&self) -> Option<Duration> {
        self.cold_start
    }

    /// How often the function was started.
    pub(crate) fn starts(&self) -> u32 {
        self.starts
    }

    /// Starts the function if it is not running, and waits until it asks for an event.
    pub(crate) fn start(&mut self) -> Result<()> {
        if let Some(child) = &mut self.child {
            if child.try_wait()?.is_none() {
                return Ok(());
            }
            self.child = None;
        }
        let Some(program) = &self.program else {
            return Ok(());
        };
        let polls = self.emulator.poll_count();
        let (stdout, stderr) = self.output_stdio()?;
        let started = Instant::now();
        let mut child = Command::new(program)
            .env_clear()
            .envs(Settings::passed_through())
            .env("FG_API_UNREACHABLE_TIMEOUT", ORPHAN_TIMEOUT)
            .envs(self.environment.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("cannot start the function {}", program.display()))?;
        self.starts += 1;
        loop {
            if self.emulator.wait_for_polls(polls + 1, CHECK_EVERY) {
                self.cold_start = Some(started.elapsed());
                self.child = Some(child);
                return Ok(());
            }
            if let Some(status) = child.try_wait()? {
                bail!(
                    "the function exited ({status}) before asking the runtime API for an event{}",
                    self.where_output()
                );
            }
            if started.elapsed() > STARTUP_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "the function did not ask the runtime API for an event within {} s of \
                     starting: is it a FunctionGraph custom-runtime function (built with \
                     fg-runtime)?{}",
                    STARTUP_LIMIT.as_secs(),
                    self.where_output()
                );
            }
        }
    }

    /// Sends `event` to the function and waits for the end of the invocation.
    pub(crate) fn invoke(&mut self, event: Event) -> Result<Outcome> {
        self.start()?;
        // Before the push: the function may run the whole invocation before push returns.
        let pushed = Instant::now();
        let id = self.emulator.push(event);
        let mut early_exits = 0;
        loop {
            if let Some(answer) = self.emulator.wait_for_answer(&id, CHECK_EVERY) {
                return Ok(Outcome::Answered {
                    answer,
                    took: pushed.elapsed(),
                });
            }
            if let Some(timed_out) = self.emulator.wait_for_timeout(&id, Duration::ZERO) {
                // The platform stops an instance that ran past its timeout.
                self.stop();
                return Ok(Outcome::TimedOut {
                    after: timed_out.after,
                });
            }
            let exited = match &mut self.child {
                Some(child) => child.try_wait()?,
                None if self.program.is_none() => {
                    if pushed.elapsed() > PICKUP_LIMIT && !self.handed_out(&id) {
                        return Ok(Outcome::NotTaken);
                    }
                    None
                }
                None => unreachable!("start() leaves a managed function running"),
            };
            if let Some(status) = exited {
                self.child = None;
                if self.handed_out(&id) {
                    return Ok(Outcome::Exited { status });
                }
                // It died before taking the event: another instance takes it, as on the
                // platform, unless the function cannot even start.
                early_exits += 1;
                if early_exits >= MAX_EARLY_EXITS {
                    bail!(
                        "the function exited ({status}) {early_exits} times before taking the \
                         event{}",
                        self.where_output()
                    );
                }
                self.start()?;
            }
        }
    }

    /// Stops the function process, if one runs.
    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn handed_out(&self, id: &str) -> bool {
        self.emulator.handed_out().iter().any(|h| h == id)
    }

    fn output_stdio(&self) -> Result<(Stdio, Stdio)> {
        match &self.output {
            Output::Stderr => {
                let err = io::stderr().as_fd().try_clone_to_owned()?;
                let out = err.try_clone()?;
                Ok((Stdio::from(out), Stdio::from(err)))
            }
            Output::File(path) => {
                let file = OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                Ok((Stdio::from(file.try_clone()?), Stdio::from(file)))
            }
        }
    }

    fn where_output(&self) -> String {
        match &self.output {
            Output::Stderr => "; its output is above".to_owned(),
            Output::File(path) => format!("; its output is in {}", path.display()),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop();
    }
}
