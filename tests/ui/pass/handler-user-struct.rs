//! `#[handler]` with a `Deserialize` type of the user's: the JSON event decoded into it.

use fg_runtime::{Context, handler};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Batch {
    #[serde(rename = "StreamName")]
    stream_name: String,
    #[serde(rename = "Message")]
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    records: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct Summary {
    stream: String,
    records: usize,
}

#[handler]
fn handle(event: Batch, ctx: &Context) -> Summary {
    let _ = ctx.request_id();
    Summary {
        stream: event.stream_name,
        records: event.message.records.len(),
    }
}
