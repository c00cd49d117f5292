//! An `async fn` init with a sync handler, and a `#[handler]` for any payload: the init is
//! awaited on a runtime of its own at start-up.

use fg_runtime::{Context, handler};

#[derive(Debug)]
struct Config {
    prefix: String,
}

async fn load() -> Result<Config, String> {
    Ok(Config {
        prefix: "records".to_owned(),
    })
}

#[handler(init = load)]
fn handle(event: serde_json::Value, ctx: &Context, config: &Config) -> String {
    let _ = ctx.request_id();
    format!(
        "{}: {}",
        config.prefix,
        event["Message"]["records"].as_array().map_or(0, Vec::len)
    )
}
