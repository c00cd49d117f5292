//! An argument to `#[handler]`, which takes none.

use fg_runtime::handler;

#[handler(event = "json")]
fn handle(event: serde_json::Value) -> String {
    event.to_string()
}
