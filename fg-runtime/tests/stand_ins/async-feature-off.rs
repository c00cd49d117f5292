//! An `async fn` handler without fg-runtime's `async` feature.

use fg_runtime::handler;

#[handler]
async fn handle(event: serde_json::Value) -> String {
    event.to_string()
}
