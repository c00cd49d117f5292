//! A DIS function for the lifecycle tests: state built once by `init` (which fails when
//! `FG_TEST_INIT_FAIL` is set), a shutdown hook that logs, and behaviours picked through the
//! event's `StreamName`: `sleep` (logs `sleeping`, then sleeps `ShardID` ms), `logs` (writes
//! through the context logger, `tracing` and `log`), anything else answers with what the
//! state has counted.

use std::sync::atomic::{AtomicU64, Ordering};

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};
use serde_json::{Value, json};

/// How many times `init` ran in this process.
static INITS: AtomicU64 = AtomicU64::new(0);

struct State {
    invocations: AtomicU64,
}

#[derive(Debug)]
struct Unreachable(std::io::Error);

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot reach the database: {}", self.0)
    }
}

fn connect() -> Result<State, Unreachable> {
    INITS.fetch_add(1, Ordering::SeqCst);
    if std::env::var_os("FG_TEST_INIT_FAIL").is_some() {
        return Err(Unreachable(std::io::Error::other("connection refused")));
    }
    fg_runtime::on_shutdown(|| fg_runtime::log::info!("second hook ran"));
    Ok(State {
        invocations: AtomicU64::new(0),
    })
}

fn on_shutdown() {
    fg_runtime::tracing::info!("shutdown hook ran");
}

#[dis_handler(init = connect, shutdown = on_shutdown)]
fn handle(event: DisEvent, ctx: &Context, state: &State) -> Value {
    let invocations = state.invocations.fetch_add(1, Ordering::SeqCst) + 1;
    match event.stream_name() {
        "sleep" => {
            ctx.info("sleeping");
            let ms = event.shard_id().parse().unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(ms));
            ctx.info("woke up");
            json!({"slept_ms": ms})
        }
        "logs" => {
            ctx.info("one: the context logger");
            fg_runtime::tracing::info!(rows = 3, table = "clicks", "two: a tracing event");
            fg_runtime::tracing::debug!("hidden at the default level");
            fg_runtime::log::warn!("three: a log record");
            ctx.error(format_args!("four: {}", "the context logger again"));
            json!({"logged": 4})
        }
        _ => json!({
            "inits": INITS.load(Ordering::SeqCst),
            "invocations": invocations,
        }),
    }
}
