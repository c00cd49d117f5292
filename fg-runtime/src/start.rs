//! Start-up: read the environment once, set up logging and panic reporting, then run the loop
//! against the runtime API, or local mode when there is no API.

use std::process::ExitCode;
use std::sync::Arc;

use crate::config::{FunctionConfig, ProcessEnv, RuntimeConfig};
use crate::handler::Handler;
use crate::log::{self, Sink};
use crate::panic::{self as panics, AbortReport};
use crate::{local, runtime};

pub(crate) fn start<T, H>(handler: H) -> ExitCode
where
    H: Handler<T>,
{
    let runtime_config = RuntimeConfig::from_env(&ProcessEnv);
    let sink = match runtime_config.api_addr {
        Some(_) => Sink::Stdout,
        None => Sink::Stderr,
    };
    log::init(sink, runtime_config.log_level);
    let function = Arc::new(FunctionConfig::from_env(&ProcessEnv));
    match runtime_config.api_addr.clone() {
        Some(addr) => {
            panics::install(AbortReport::Api(addr.clone()));
            runtime::run(handler, addr, &runtime_config, &function)
        }
        None => {
            panics::install(AbortReport::Stdout);
            local::run(handler, &function)
        }
    }
}
