//! The axum app of `app.rs` as an **event function behind an APIG trigger**: each APIG event
//! from the custom runtime's API becomes a request, each response the APIG response object.
//!
//! Try it locally on the console's test event:
//! `cargo run -p fg-example-axum --bin axum_apig examples/events/apig.json`. Deploy it as a
//! Custom-runtime function with this binary as `bootstrap` and an APIG trigger.

#[path = "../app.rs"]
mod app;

#[tokio::main]
async fn main() -> Result<(), fg_runtime::http::Error> {
    fg_runtime::http::run(app::router()).await
}
