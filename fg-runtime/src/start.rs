//! Start-up: read the environment once, set up logging and panic reporting, build the
//! handler's state (its `init`), then serve events: the loop against the runtime API, the
//! container-image HTTP server, or local mode when there is neither.

use std::process::ExitCode;
use std::sync::Arc;

use crate::config::{FunctionConfig, Mode, ProcessEnv, RuntimeConfig};
use crate::handler::Serve;
use crate::logger::{self as log, Sink, runtime_log};
use crate::panic::{self as panics, AbortReport};
use crate::{local, runtime, shutdown};

/// Runs the handler that `build` makes; `build` runs the user's `init` and fails with its
/// message.
pub(crate) fn start<T, H>(build: impl FnOnce() -> Result<H, String>) -> ExitCode
where
    H: Serve<T>,
{
    let runtime_config = RuntimeConfig::from_env(&ProcessEnv);
    let sink = match runtime_config.mode {
        Mode::Api(_) | Mode::Container { .. } => Sink::Stdout,
        Mode::Local => Sink::Stderr,
    };
    log::init(sink, runtime_config.log.clone());
    for warning in &runtime_config.log_warnings {
        runtime_log!(Warn, "{warning}");
    }
    let function = Arc::new(FunctionConfig::from_env(&ProcessEnv));
    panics::install(match &runtime_config.mode {
        Mode::Api(addr) => AbortReport::Api(addr.clone()),
        Mode::Container { .. } => AbortReport::Unreported,
        Mode::Local => AbortReport::Stdout,
    });
    let handler = match build() {
        Ok(handler) => handler,
        Err(message) => {
            // No event has been taken yet: ending here lets the platform retry the instance
            // (docs/PLATFORM.md §2.7), where a handler without its state could only fail every
            // invocation.
            runtime_log!(
                Error,
                "init failed: {message}; exiting before the first event so that the platform retries the instance"
            );
            log::flush();
            return ExitCode::FAILURE;
        }
    };
    match runtime_config.mode.clone() {
        Mode::Api(addr) => {
            shutdown::listen_for_signals();
            runtime::run(handler, addr, &runtime_config, &function)
        }
        #[cfg(feature = "container")]
        Mode::Container {
            host,
            port,
            workers,
            max_connections,
        } => {
            shutdown::listen_for_signals();
            let limits = crate::container::Limits {
                workers,
                max_connections,
            };
            crate::container::run(handler, &host, port, limits, &runtime_config, &function)
        }
        #[cfg(not(feature = "container"))]
        Mode::Container { .. } => {
            runtime_log!(
                Error,
                "FG_MODE=container needs fg-runtime's `container` feature, which this binary was built without: `fg-runtime = {{ version = \"0.1\", features = [\"container\"] }}`"
            );
            ExitCode::FAILURE
        }
        Mode::Local => local::run(handler, &function),
    }
}
