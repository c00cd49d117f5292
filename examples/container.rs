//! A function for a container image (docs/CONTAINER.md): the same binary serves the
//! container-image contract (`POST /invoke`, `POST /init` on port 8000) when started with
//! `FG_MODE=container`, the runtime API as a `bootstrap`, or one local event. Container mode
//! needs fg-runtime's `container` feature (off by default; this repository's root package turns
//! it on): `fg-runtime = { version = "0.1", features = ["container"] }`.
//!
//! `FG_MODE=container FG_HOST=127.0.0.1 cargo run --example container`, then
//! `curl -d @examples/events/container.json localhost:8000/invoke`.

use fg_runtime::{Context, handler};
use serde::{Deserialize, Serialize};

/// The console's blank test event, `{"message": "HelloWorld"}`.
#[derive(Debug, Deserialize)]
struct Greeting {
    message: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Reply {
    reply: String,
    request_id: String,
    credentials: bool,
}

#[handler]
fn handle(event: Greeting, ctx: &Context) -> Result<Reply, String> {
    if event.message.is_empty() {
        return Err("the message is empty".to_owned());
    }
    ctx.info(format_args!("received {:?}", event.message));
    Ok(Reply {
        reply: format!("{} from {}", event.message, ctx.function_name()),
        request_id: ctx.request_id().to_owned(),
        // Agency credentials reach a container only as request headers (docs/PLATFORM.md §4).
        credentials: ctx.credentials().is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_to_the_greeting() {
        let ctx = Context::builder().function_name("hello").build();
        let reply = handle(
            Greeting {
                message: "HelloWorld".into(),
            },
            &ctx,
        )
        .unwrap();
        assert_eq!(reply.reply, "HelloWorld from hello");
        assert!(!reply.credentials);
    }
}
