//! A DIS function whose behaviour the integration tests pick through the event's `StreamName`:
//! `error`, `panic`, `panic-context` and `error-context` (the context in the message), `big` (a
//! response of `ShardID` bytes), `context` (echoes what the context holds), `log-context` (logs
//! the whole context), `sleep` (`ShardID` milliseconds); anything else summarises the batch like
//! the DIS example.

use std::fmt;

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};
use serde_json::{Value, json};

/// The error this function returns for `StreamName: "error"`.
#[derive(Debug)]
struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused batch from shard {}", self.0)
    }
}

impl std::error::Error for Refused {}

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> Result<Value, Refused> {
    let size: usize = event.shard_id().parse().unwrap_or(0);
    match event.stream_name() {
        "error" => Err(Refused(event.shard_id().to_owned())),
        "panic" => panic!("boom in shard {}", event.shard_id()),
        // Careless code that puts the context into a panic message or an error.
        "panic-context" => panic!("context: {ctx:?}, token {:?}", ctx.security_token()),
        "error-context" => Err(Refused(format!(
            "{ctx:?} with token {}",
            ctx.security_token()
                .map(ToString::to_string)
                .unwrap_or_default()
        ))),
        "big" => Ok(Value::String("x".repeat(size))),
        "sleep" => {
            ctx.info("sleep starts");
            std::thread::sleep(std::time::Duration::from_millis(size as u64));
            ctx.info("sleep ends");
            Ok(json!({"slept_ms": size}))
        }
        "log-context" => {
            ctx.info(format_args!("context: {ctx:?}"));
            ctx.info(format_args!(
                "token present: {}",
                ctx.security_token().is_some()
            ));
            Ok(json!({"logged": true, "token": format!("{:?}", ctx.security_token())}))
        }
        "context" => Ok(json!({
            "request_id": ctx.request_id(),
            "function_name": ctx.function_name(),
            "version": ctx.version(),
            "package": ctx.package(),
            "memory": ctx.memory_size(),
            "timeout_ms": u64::try_from(ctx.timeout().as_millis()).unwrap_or(u64::MAX),
            "remaining_ms": u64::try_from(ctx.remaining_time().as_millis()).unwrap_or(u64::MAX),
            "user_data": ctx.user_data("TABLE"),
            "invoke_type": format!("{:?}", ctx.invoke_type()),
            "security_access_key": ctx.security_access_key().map(|s| s.expose().to_owned()),
            "access_key": ctx.access_key().map(|s| s.expose().to_owned()),
            "auth_token": ctx.auth_token().map(|s| s.expose().to_owned()),
            "credentials": ctx.credentials().map(|keys| json!({
                "access_key": keys.access_key().expose(),
                "secret_key": keys.secret_key().expose(),
                "security_token": keys.security_token().map(|t| t.expose().to_owned()),
            })),
            "project_id": ctx.project_id(),
            "code_root": ctx.code_root(),
            "pod_id": ctx.pod_id(),
            "workflow_id": ctx.workflow_id(),
            "custom_header": ctx.header("X-Custom-Header"),
        })),
        _ => {
            let mut bytes = 0;
            for record in event.records() {
                bytes += record.data().map_err(|e| Refused(e.to_string()))?.len();
            }
            Ok(json!({"records": event.len(), "bytes": bytes}))
        }
    }
}
