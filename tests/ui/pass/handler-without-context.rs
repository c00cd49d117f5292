//! `#[handler]` taking only the event, returning a plain value.

use fg_runtime::handler;
use serde::Deserialize;

#[derive(Deserialize)]
struct Tagged {
    #[serde(rename = "Tag")]
    tag: String,
}

#[handler]
fn handle(event: Tagged) -> String {
    event.tag
}
