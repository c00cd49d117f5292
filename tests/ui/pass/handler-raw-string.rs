//! `#[handler]` with `String`: the body as UTF-8 text, not decoded as a JSON string.

use fg_runtime::handler;

#[handler]
fn handle(event: String) -> Result<String, String> {
    if event.trim_start().starts_with('{') {
        Ok(event)
    } else {
        Err("expected the raw JSON text of the sample event".to_owned())
    }
}
